package dev.chatservice.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.BooleanSupplier;

/** The worker's {@code /livez} and {@code /readyz} on the JDK's own HTTP server, for orchestrators. */
final class HealthServer implements AutoCloseable {
    private final HttpServer server;

    private HealthServer(HttpServer server) {
        this.server = server;
    }

    static HealthServer start(int port, Map<String, BooleanSupplier> checks) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 16);
        server.createContext("/livez", exchange -> respond(exchange, 200, "{\"status\":\"live\"}"));
        server.createContext("/readyz", exchange -> {
            Readiness readiness = Readiness.evaluate(checks);
            StringJoiner results = new StringJoiner(",", "{", "}");
            readiness.checks().forEach((name, state) -> results.add("\"" + name + "\":\"" + state + "\""));
            respond(exchange, readiness.ready() ? 200 : 503, "{\"status\":\""
                    + (readiness.ready() ? "ready" : "unready") + "\",\"checks\":" + results + "}");
        });
        server.start();
        return new HealthServer(server);
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
