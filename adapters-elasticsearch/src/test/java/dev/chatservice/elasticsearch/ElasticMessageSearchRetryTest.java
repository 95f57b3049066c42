package dev.chatservice.elasticsearch;

import static dev.chatservice.domain.contract.Fixtures.chat;
import static dev.chatservice.domain.contract.Fixtures.message;
import static dev.chatservice.domain.contract.Fixtures.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.port.DependencyUnavailableException;
import dev.chatservice.domain.port.SearchQuery;
import dev.chatservice.domain.port.SearchUpdate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How {@link ElasticMessageSearch} handles failed bulk items and server errors, against a scripted stub. */
class ElasticMessageSearchRetryTest {
    private static final String THROTTLED = "{\"index\":{\"_index\":\"i\",\"_id\":\"%s\",\"status\":429,"
            + "\"error\":{\"type\":\"es_rejected_execution_exception\",\"reason\":\"queue full\"}}}";
    private static final String CREATED = "{\"index\":{\"_index\":\"i\",\"_id\":\"%s\",\"status\":201,"
            + "\"result\":\"created\"}}";
    private static final String CONFLICT = "{\"index\":{\"_index\":\"i\",\"_id\":\"%s\",\"status\":409,"
            + "\"error\":{\"type\":\"version_conflict_engine_exception\",\"reason\":\"newer version\"}}}";

    private final List<String> bulkBodies = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Serves {@code /_bulk} with {@code answer(call number)} (a list of item templates) and 503 elsewhere. */
    private ElasticMessageSearch stub(Function<Integer, List<String>> answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!exchange.getRequestURI().getPath().endsWith("/_bulk")) {
                reply(exchange, 503, "{\"error\":{\"type\":\"unavailable_shards_exception\",\"reason\":\"down\"},"
                        + "\"status\":503}");
                return;
            }
            bulkBodies.add(body);
            List<String> ids = body.lines().filter(line -> line.startsWith("{\"index\""))
                    .map(line -> line.replaceAll(".*\"_id\":\"([^\"]*)\".*", "$1")).toList();
            List<String> templates = answer.apply(bulkBodies.size());
            StringBuilder items = new StringBuilder();
            boolean errors = false;
            for (int i = 0; i < ids.size(); i++) {
                String template = templates.get(Math.min(i, templates.size() - 1));
                errors |= !template.equals(CREATED);
                items.append(i == 0 ? "" : ",").append(String.format(template, ids.get(i)));
            }
            reply(exchange, 200, "{\"took\":1,\"errors\":" + errors + ",\"items\":[" + items + "]}");
        });
        server.start();
        return ElasticMessageSearch.connect("http://127.0.0.1:" + server.getAddress().getPort(), "stub");
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("X-Elastic-Product", "Elasticsearch");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static List<SearchUpdate> twoMessages(ChatRef chat) {
        return List.of(new SearchUpdate.IndexMessage(message(chat, 1), new MessageBody("one"), 1),
                new SearchUpdate.IndexMessage(message(chat, 2), new MessageBody("two"), 1));
    }

    @Test
    void apply_itemThrottledOnce_resendsOnlyThatItem() throws Exception {
        try (ElasticMessageSearch search = stub(call -> call == 1 ? List.of(CREATED, THROTTLED) : List.of(CREATED))) {
            search.apply(twoMessages(chat(token(), 1)));
        }
        assertEquals(2, bulkBodies.size());
        assertEquals(2, bulkBodies.get(1).lines().count(), bulkBodies.get(1));
        assertTrue(bulkBodies.get(1).contains("\"two\""), bulkBodies.get(1));
    }

    @Test
    void apply_itemAlwaysThrottled_throwsDependencyUnavailableAfterRetries() throws Exception {
        try (ElasticMessageSearch search = stub(call -> call == 1 ? List.of(CREATED, THROTTLED) : List.of(THROTTLED))) {
            DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                    () -> search.apply(twoMessages(chat(token(), 1))));
            assertTrue(e.getMessage().contains("es_rejected_execution_exception"), e.getMessage());
        }
        assertEquals(4, bulkBodies.size());
    }

    @Test
    void apply_versionConflict_countsAsDone() throws Exception {
        try (ElasticMessageSearch search = stub(call -> List.of(CONFLICT))) {
            search.apply(twoMessages(chat(token(), 1)));
        }
        assertEquals(1, bulkBodies.size());
    }

    @Test
    void search_serverError_throwsDependencyUnavailable() throws Exception {
        try (ElasticMessageSearch search = stub(call -> List.of(CREATED))) {
            assertThrows(DependencyUnavailableException.class,
                    () -> search.search(chat(token(), 1), SearchQuery.parse("x"), 10, Optional.empty()));
        }
    }

    @Test
    void search_connectionPoolExhaustedByHungServer_throwsDependencyUnavailable() throws Exception {
        // A server that accepts connections and never answers: the pool's 64 connections hang, and the
        // searches beyond them time out waiting for a connection instead.
        try (java.net.ServerSocket hung = new java.net.ServerSocket(0, 200, InetAddress.getLoopbackAddress());
             ElasticMessageSearch search = ElasticMessageSearch.connect("http://127.0.0.1:" + hung.getLocalPort(),
                     "hung")) {
            List<java.net.Socket> accepted = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(hung.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(72);
            try {
                List<java.util.concurrent.Future<?>> searches = new java.util.ArrayList<>();
                for (int i = 0; i < 72; i++) {
                    searches.add(pool.submit(() ->
                            search.search(chat(token(), 1), SearchQuery.parse("x"), 10, Optional.empty())));
                }
                for (java.util.concurrent.Future<?> future : searches) {
                    java.util.concurrent.ExecutionException failure =
                            assertThrows(java.util.concurrent.ExecutionException.class, future::get);
                    assertTrue(failure.getCause() instanceof DependencyUnavailableException, failure.toString());
                }
            } finally {
                pool.shutdownNow();
                for (java.net.Socket socket : accepted) {
                    socket.close();
                }
            }
        }
    }
}
