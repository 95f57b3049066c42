package dev.chatservice.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.chatservice.wiring.Readiness;
import dev.chatservice.wiring.Telemetry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.BooleanSupplier;

/** The worker's {@code /livez}, {@code /readyz} and {@code /metrics} on the JDK's own HTTP server. */
final class HealthServer implements AutoCloseable {
    private final HttpServer server;

    private HealthServer(HttpServer server) {
        this.server = server;
    }

    static HealthServer start(int port, Map<String, BooleanSupplier> checks, Telemetry telemetry) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 16);
        server.createContext("/livez", exchange -> respond(exchange, 200, "{\"status\":\"live\"}"));
        server.createContext("/metrics", exchange -> respond(exchange, 200, Telemetry.CONTENT_TYPE,
                telemetry.scrape()));
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
        respond(exchange, status, "application/json", json);
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String text)
            throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
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
