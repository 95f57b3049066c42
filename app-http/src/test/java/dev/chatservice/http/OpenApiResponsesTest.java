package dev.chatservice.http;

import dev.chatservice.domain.ChatService;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatservice.domain.memory.InMemoryChatStore;
import dev.chatservice.domain.memory.InMemoryCommandQueue;
import dev.chatservice.domain.memory.InMemoryMessageSearch;
import dev.chatservice.domain.memory.InMemoryNumberAllocator;
import dev.chatservice.domain.port.ApplicationRegistry;
import dev.chatservice.domain.port.ChangeFeed;
import dev.chatservice.domain.port.ChatHistory;
import dev.chatservice.domain.port.CommandQueue;
import dev.chatservice.domain.port.DependencyUnavailableException;
import dev.chatservice.domain.port.MessageSearch;
import dev.chatservice.domain.port.NumberAllocator;
import dev.chatservice.wiring.Telemetry;
import io.javalin.Javalin;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Drives every documented operation to every documented status and checks each real response against the spec. */
class OpenApiResponsesTest {
    private static final String UNKNOWN = "Unknown0Unknown0Unknown0Unknown0";
    private static final String ADMIN = "Bearer " + EmbeddedServer.ADMIN_KEY;
    private static final String BIG = "{\"name\":\"" + "x".repeat(70 * 1024) + "\"}";
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    private static final Map<String, String> TEXT = Map.of("Content-Type", "text/plain");

    private static final OpenApiContract CONTRACT = OpenApiContract.load();
    private static EmbeddedServer server;
    private static final List<Javalin> others = new ArrayList<>();
    /** The embedded server with its admin key and a running worker. */
    private static Client main;
    /** Every port throws DependencyUnavailableException, and readiness reports redis down. */
    private static Client unavailable;
    /** Every port throws an unexpected exception, and the node is draining. */
    private static Client broken;
    /** No admin key is configured. */
    private static Client noAdmin;

    private static String token;
    private static String doomedToken;
    private static int doomedChat;
    private static int doomedMessage;

    /** One request, the status and operation it must reach, and any further check of its response. */
    private record Case(String operationId, int status, Client client, String method, String path, String body,
                        Map<String, String> headers, Consumer<Client.Response> extra) {
        Case(String operationId, int status, Client client, String method, String path, String body,
             Map<String, String> headers) {
            this(operationId, status, client, method, path, body, headers, response -> { });
        }

        Case(String operationId, int status, Client client, String method, String path) {
            this(operationId, status, client, method, path, null, Map.of());
        }

        String name() {
            String who = client == main ? "" : client == unavailable ? " [unavailable]"
                    : client == broken ? " [broken]" : " [no admin key]";
            return operationId + " " + status + ": " + method + " " + path.replace(token, "{token}") + who;
        }
    }

    @BeforeAll
    static void start() throws InterruptedException {
        server = new EmbeddedServer();
        main = new Client(server.baseUrl());
        unavailable = failingServer(() -> new DependencyUnavailableException("redis", "down for the test", null),
                Map.of("redis", () -> false), false);
        broken = failingServer(() -> new SimulatedFailure(), Map.of(), true);
        InMemoryChatStore store = new InMemoryChatStore();
        Javalin plain = HttpApi.create(ChatService.of(store, store, store, new InMemoryNumberAllocator(),
                new InMemoryCommandQueue(), new InMemoryMessageSearch(), Clock.systemUTC()), Optional.empty())
                .start(0);
        others.add(plain);
        noAdmin = new Client("http://127.0.0.1:" + plain.port());

        token = created(main.post("/applications", "{\"name\":\"documented\"}"), 201).get("token").asText();
        doomedToken = created(main.post("/applications", "{\"name\":\"doomed\"}"), 201).get("token").asText();
        String chats = "/applications/" + token + "/chats";
        assertEquals(1, created(main.post(chats, null), 202).get("number").asInt());
        doomedChat = created(main.post(chats, null), 202).get("number").asInt();
        created(main.post(chats, null, Map.of("Idempotency-Key", "chat-replay")), 202);
        String messages = chats + "/1/messages";
        assertEquals(1, created(main.post(messages, "{\"body\":\"What a wonderful day\"}"), 202)
                .get("number").asInt());
        doomedMessage = created(main.post(messages, "{\"body\":\"soon gone\"}"), 202).get("number").asInt();
        created(main.post(messages, "{\"body\":\"first\"}", Map.of("Idempotency-Key", "message-key")), 202);
        server.awaitPersisted();
    }

    @AfterAll
    static void stop() {
        others.forEach(Javalin::stop);
        server.close();
    }

    private static com.fasterxml.jackson.databind.JsonNode created(Client.Response response, int status) {
        assertEquals(status, response.status(), response.text());
        return response.json();
    }

    /** An unexpected failure without a stack trace, so the expected 500s do not flood the log. */
    private static final class SimulatedFailure extends RuntimeException {
        SimulatedFailure() {
            super("simulated failure", null, false, false);
        }
    }

    private static Client failingServer(Supplier<RuntimeException> failure,
                                        Map<String, java.util.function.BooleanSupplier> readiness, boolean draining) {
        Javalin app = HttpApi.create(ChatService.of(failing(ApplicationRegistry.class, failure),
                failing(ChatHistory.class, failure), failing(ChangeFeed.class, failure),
                failing(NumberAllocator.class, failure), failing(CommandQueue.class, failure),
                failing(MessageSearch.class, failure), Clock.systemUTC()),
                HttpSettings.defaults(Optional.of(EmbeddedServer.ADMIN_KEY)), readiness, () -> draining,
                new Telemetry()).start(0);
        others.add(app);
        return new Client("http://127.0.0.1:" + app.port());
    }

    /** A port whose every method throws. */
    private static <T> T failing(Class<T> port, Supplier<RuntimeException> failure) {
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port},
                (proxy, method, args) -> switch (method.getName()) {
                    case "toString" -> port.getSimpleName() + " (failing)";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw failure.get();
                }));
    }

    /** Every request the test makes; declared up front so that coverage is checked without running them. */
    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        String app = "/applications/" + token;
        String chat = app + "/chats/1";
        String message = chat + "/messages/1";
        String unknownApp = "/applications/" + UNKNOWN;
        String unknownChat = unknownApp + "/chats/1";
        String unknownMessage = unknownChat + "/messages/1";

        cases.add(new Case("getLiveness", 200, main, "GET", "/livez"));
        cases.add(new Case("getReadiness", 200, main, "GET", "/readyz"));
        cases.add(new Case("getReadiness", 503, unavailable, "GET", "/readyz", null, Map.of(),
                r -> assertEquals("down", r.json().path("checks").path("redis").asText(), r.text())));
        cases.add(new Case("getReadiness", 503, broken, "GET", "/readyz", null, Map.of(),
                r -> assertEquals("draining", r.json().path("status").asText(), r.text())));
        cases.add(new Case("getMetrics", 200, main, "GET", "/metrics", null, Map.of(),
                r -> assertTrue(r.text().contains("http_server_requests_seconds"), r.text())));
        cases.add(new Case("getOpenApiDocument", 200, main, "GET", "/openapi.json"));
        cases.add(new Case("getDocsPage", 200, main, "GET", "/docs"));

        cases.add(new Case("createApplication", 201, main, "POST", "/applications", "{\"name\":\"Docs\"}", JSON,
                r -> assertEquals("/applications/" + r.json().get("token").asText(), r.header("location"))));
        cases.add(new Case("createApplication", 400, main, "POST", "/applications", "{\"name\":", JSON));
        cases.add(new Case("createApplication", 413, main, "POST", "/applications", BIG, JSON));
        cases.add(new Case("createApplication", 415, main, "POST", "/applications", "{\"name\":\"a\"}", TEXT));
        cases.add(new Case("createApplication", 422, main, "POST", "/applications", "{\"name\":\" \"}", JSON));
        cases.add(new Case("createApplication", 500, broken, "POST", "/applications", "{\"name\":\"a\"}", JSON));
        cases.add(new Case("createApplication", 503, unavailable, "POST", "/applications", "{\"name\":\"a\"}",
                JSON));

        Map<String, String> admin = Map.of("Authorization", ADMIN);
        cases.add(new Case("listApplications", 200, main, "GET", "/applications?limit=1", null, admin,
                r -> assertFalse(r.json().get("next_cursor").isNull(), r.text())));
        cases.add(new Case("listApplications", 200, main, "GET", "/applications", null, admin,
                r -> assertTrue(r.json().get("next_cursor").isNull(), r.text())));
        cases.add(new Case("listApplications", 400, main, "GET", "/applications?limit=0", null, admin));
        cases.add(new Case("listApplications", 401, main, "GET", "/applications"));
        cases.add(new Case("listApplications", 401, main, "GET", "/applications", null,
                Map.of("Authorization", "Bearer not-the-admin-key-000")));
        cases.add(new Case("listApplications", 403, noAdmin, "GET", "/applications", null, admin));
        cases.add(new Case("listApplications", 500, broken, "GET", "/applications", null, admin));
        cases.add(new Case("listApplications", 503, unavailable, "GET", "/applications", null, admin));

        cases.add(new Case("getApplication", 200, main, "GET", app));
        cases.add(new Case("getApplication", 404, main, "GET", unknownApp));
        cases.add(new Case("getApplication", 404, main, "GET", "/applications/not-a-token"));
        cases.add(new Case("getApplication", 500, broken, "GET", unknownApp));
        cases.add(new Case("getApplication", 503, unavailable, "GET", unknownApp));

        for (String method : List.of("PATCH", "PUT")) {
            String id = method.equals("PATCH") ? "renameApplication" : "renameApplicationWithPut";
            cases.add(new Case(id, 200, main, method, app, "{\"name\":\"Renamed by " + method + "\"}", JSON));
            cases.add(new Case(id, 400, main, method, app, "[\"name\"]", JSON));
            cases.add(new Case(id, 404, main, method, unknownApp, "{\"name\":\"a\"}", JSON));
            cases.add(new Case(id, 413, main, method, app, BIG, JSON));
            cases.add(new Case(id, 415, main, method, app, "{\"name\":\"a\"}", TEXT));
            cases.add(new Case(id, 422, main, method, app, "{\"name\":\"a\",\"id\":1}", JSON));
            cases.add(new Case(id, 500, broken, method, unknownApp, "{\"name\":\"a\"}", JSON));
            cases.add(new Case(id, 503, unavailable, method, unknownApp, "{\"name\":\"a\"}", JSON));
        }

        cases.add(new Case("deleteApplication", 204, main, "DELETE", "/applications/" + doomedToken));
        cases.add(new Case("deleteApplication", 404, main, "DELETE", unknownApp));
        cases.add(new Case("deleteApplication", 500, broken, "DELETE", unknownApp));
        cases.add(new Case("deleteApplication", 503, unavailable, "DELETE", unknownApp));

        cases.add(new Case("createChat", 202, main, "POST", app + "/chats", null, Map.of(),
                r -> {
                    assertNull(r.header("idempotent-replayed"));
                    assertEquals(app + "/chats/" + r.json().get("number").asInt(), r.header("location"));
                }));
        cases.add(new Case("createChat", 202, main, "POST", app + "/chats", null,
                Map.of("Idempotency-Key", "chat-replay"),
                r -> assertEquals("true", r.header("idempotent-replayed"), r.headers().toString())));
        cases.add(new Case("createChat", 400, main, "POST", app + "/chats", null,
                Map.of("Idempotency-Key", "has space")));
        cases.add(new Case("createChat", 404, main, "POST", unknownApp + "/chats"));
        cases.add(new Case("createChat", 500, broken, "POST", unknownApp + "/chats"));
        cases.add(new Case("createChat", 503, unavailable, "POST", unknownApp + "/chats"));

        cases.add(new Case("listChats", 200, main, "GET", app + "/chats?limit=1"));
        cases.add(new Case("listChats", 400, main, "GET", app + "/chats?limit=abc"));
        cases.add(new Case("listChats", 404, main, "GET", unknownApp + "/chats"));
        cases.add(new Case("listChats", 500, broken, "GET", unknownApp + "/chats"));
        cases.add(new Case("listChats", 503, unavailable, "GET", unknownApp + "/chats"));

        cases.add(new Case("getChat", 200, main, "GET", chat));
        cases.add(new Case("getChat", 400, main, "GET", app + "/chats/0"));
        cases.add(new Case("getChat", 404, main, "GET", app + "/chats/999"));
        cases.add(new Case("getChat", 404, main, "GET", unknownChat));
        cases.add(new Case("getChat", 500, broken, "GET", unknownChat));
        cases.add(new Case("getChat", 503, unavailable, "GET", unknownChat));

        cases.add(new Case("deleteChat", 202, main, "DELETE", app + "/chats/" + doomedChat));
        cases.add(new Case("deleteChat", 400, main, "DELETE", app + "/chats/abc"));
        cases.add(new Case("deleteChat", 404, main, "DELETE", app + "/chats/999"));
        cases.add(new Case("deleteChat", 500, broken, "DELETE", unknownChat));
        cases.add(new Case("deleteChat", 503, unavailable, "DELETE", unknownChat));

        String messages = chat + "/messages";
        cases.add(new Case("createMessage", 202, main, "POST", messages, "{\"body\":\"Hello\"}", JSON,
                r -> assertEquals(messages + "/" + r.json().get("number").asInt(), r.header("location"))));
        cases.add(new Case("createMessage", 202, main, "POST", messages, "{\"body\":\"first\"}",
                Map.of("Content-Type", "application/json", "Idempotency-Key", "message-key"),
                r -> assertEquals("true", r.header("idempotent-replayed"), r.headers().toString())));
        cases.add(new Case("createMessage", 400, main, "POST", messages, "", JSON));
        cases.add(new Case("createMessage", 400, main, "POST", app + "/chats/0/messages", "{\"body\":\"a\"}",
                JSON));
        cases.add(new Case("createMessage", 404, main, "POST", app + "/chats/999/messages", "{\"body\":\"a\"}",
                JSON));
        cases.add(new Case("createMessage", 413, main, "POST", messages, BIG, JSON));
        cases.add(new Case("createMessage", 415, main, "POST", messages, "{\"body\":\"a\"}", TEXT));
        cases.add(new Case("createMessage", 422, main, "POST", messages, "{\"body\":\"\"}", JSON));
        cases.add(new Case("createMessage", 422, main, "POST", messages, "{\"body\":\"second\"}",
                Map.of("Content-Type", "application/json", "Idempotency-Key", "message-key")));
        cases.add(new Case("createMessage", 500, broken, "POST", unknownChat + "/messages", "{\"body\":\"a\"}",
                JSON));
        cases.add(new Case("createMessage", 503, unavailable, "POST", unknownChat + "/messages",
                "{\"body\":\"a\"}", JSON));

        cases.add(new Case("listMessages", 200, main, "GET", messages + "?limit=1",  null, Map.of(),
                r -> assertFalse(r.json().get("next_cursor").isNull(), r.text())));
        cases.add(new Case("listMessages", 400, main, "GET", messages + "?cursor=-1"));
        cases.add(new Case("listMessages", 404, main, "GET", app + "/chats/999/messages"));
        cases.add(new Case("listMessages", 500, broken, "GET", unknownChat + "/messages"));
        cases.add(new Case("listMessages", 503, unavailable, "GET", unknownChat + "/messages"));

        cases.add(new Case("searchMessages", 200, main, "GET", messages + "/search?q=onder", null, Map.of(),
                r -> assertEquals(1, r.json().get("items").size(), r.text())));
        cases.add(new Case("searchMessages", 400, main, "GET", messages + "/search"));
        cases.add(new Case("searchMessages", 400, main, "GET", messages + "/search?q=" + "a".repeat(201)));
        cases.add(new Case("searchMessages", 404, main, "GET", app + "/chats/999/messages/search?q=a"));
        cases.add(new Case("searchMessages", 500, broken, "GET", unknownChat + "/messages/search?q=a"));
        cases.add(new Case("searchMessages", 503, unavailable, "GET", unknownChat + "/messages/search?q=a"));

        cases.add(new Case("listChanges", 200, main, "GET", chat + "/changes?limit=1", null, Map.of(),
                r -> assertEquals(1, r.json().get("items").size(), r.text())));
        cases.add(new Case("listChanges", 400, main, "GET", chat + "/changes?since=-1"));
        cases.add(new Case("listChanges", 404, main, "GET", app + "/chats/999/changes"));
        cases.add(new Case("listChanges", 500, broken, "GET", unknownChat + "/changes"));
        cases.add(new Case("listChanges", 503, unavailable, "GET", unknownChat + "/changes"));

        cases.add(new Case("getMessage", 200, main, "GET", message));
        cases.add(new Case("getMessage", 400, main, "GET", messages + "/abc"));
        cases.add(new Case("getMessage", 404, main, "GET", messages + "/999"));
        cases.add(new Case("getMessage", 404, main, "GET", unknownMessage));
        cases.add(new Case("getMessage", 500, broken, "GET", unknownMessage));
        cases.add(new Case("getMessage", 503, unavailable, "GET", unknownMessage));

        for (String method : List.of("PATCH", "PUT")) {
            String id = method.equals("PATCH") ? "updateMessage" : "updateMessageWithPut";
            cases.add(new Case(id, 202, main, method, message, "{\"body\":\"A truly wonderful day\"}", JSON));
            cases.add(new Case(id, 400, main, method, message, "{\"body\":", JSON));
            cases.add(new Case(id, 400, main, method, messages + "/0", "{\"body\":\"a\"}", JSON));
            cases.add(new Case(id, 404, main, method, messages + "/999", "{\"body\":\"a\"}", JSON));
            cases.add(new Case(id, 413, main, method, message, BIG, JSON));
            cases.add(new Case(id, 415, main, method, message, "{\"body\":\"a\"}",
                    Map.of("Content-Type", "application/json; charset=ISO-8859-1")));
            cases.add(new Case(id, 422, main, method, message, "{\"body\":42}", JSON));
            cases.add(new Case(id, 500, broken, method, unknownMessage, "{\"body\":\"a\"}", JSON));
            cases.add(new Case(id, 503, unavailable, method, unknownMessage, "{\"body\":\"a\"}", JSON));
        }

        cases.add(new Case("getChatEvents", 200, main, "GET", chat + "/events"));
        cases.add(new Case("getChatEvents", 400, main, "GET", chat + "/events?since=x"));
        cases.add(new Case("getChatEvents", 404, main, "GET", app + "/chats/999/events"));
        cases.add(new Case("getChatEvents", 404, main, "GET", unknownChat + "/events"));
        cases.add(new Case("getChatEvents", 500, broken, "GET", unknownChat + "/events"));
        cases.add(new Case("getChatEvents", 503, unavailable, "GET", unknownChat + "/events"));

        cases.add(new Case("getApplicationEvents", 200, main, "GET", app + "/events"));
        cases.add(new Case("getApplicationEvents", 400, main, "GET", app + "/events", null,
                Map.of("Last-Event-ID", "7")));
        cases.add(new Case("getApplicationEvents", 404, main, "GET", "/applications/" + UNKNOWN + "/events"));
        cases.add(new Case("getApplicationEvents", 500, broken, "GET", "/applications/" + UNKNOWN + "/events"));
        cases.add(new Case("getApplicationEvents", 503, unavailable, "GET", "/applications/" + UNKNOWN + "/events"));

        cases.add(new Case("deleteMessage", 202, main, "DELETE", messages + "/" + doomedMessage));
        cases.add(new Case("deleteMessage", 400, main, "DELETE", messages + "/2147483648"));
        cases.add(new Case("deleteMessage", 404, main, "DELETE", messages + "/999"));
        cases.add(new Case("deleteMessage", 500, broken, "DELETE", unknownMessage));
        cases.add(new Case("deleteMessage", 503, unavailable, "DELETE", unknownMessage));
        return cases;
    }

    @TestFactory
    List<DynamicTest> everyDocumentedOperation_eachDocumentedStatus_responseMatchesSpec() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Client.Response response = c.client().raw(c.method(), c.path(),
                    c.body() == null ? null : c.body().getBytes(StandardCharsets.UTF_8), c.headers());
            assertEquals(c.status(), response.status(), response.text());
            assertEquals(c.operationId(), CONTRACT.check(c.method(), c.path(), response));
            c.extra().accept(response);
        })).toList();
    }

    @Test
    void cases_comparedWithSpec_coverEveryOperationAndStatus() {
        TreeSet<String> documented = new TreeSet<>();
        for (OpenApiContract.Operation operation : CONTRACT.operations()) {
            OpenApiContract.fieldNames(operation.node().path("responses"))
                    .forEach(status -> documented.add(operation.id() + " " + status));
        }
        TreeSet<String> covered = new TreeSet<>();
        cases().forEach(c -> covered.add(c.operationId() + " " + c.status()));
        TreeSet<String> missing = new TreeSet<>(documented);
        missing.removeAll(covered);
        TreeSet<String> extra = new TreeSet<>(covered);
        extra.removeAll(documented);
        assertTrue(missing.isEmpty() && extra.isEmpty(),
                "documented but never driven: " + missing + "; driven but not documented: " + extra);
    }
}
