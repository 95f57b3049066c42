package dev.chatservice.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The worker's health endpoints over real HTTP. */
class HealthServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(HealthServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readyz_dependencyDown_returns503ThenRecovers() throws Exception {
        AtomicBoolean broker = new AtomicBoolean(false);
        try (HealthServer server = HealthServer.start(0, Map.of("rabbitmq", broker::get))) {
            HttpResponse<String> down = get(server, "/readyz");
            assertEquals(503, down.statusCode());
            assertTrue(down.body().contains("\"rabbitmq\":\"down\""), down.body());
            broker.set(true);
            assertEquals(200, get(server, "/readyz").statusCode());
        }
    }

    @Test
    void livez_always_returns200() throws Exception {
        try (HealthServer server = HealthServer.start(0, Map.of("mysql", () -> false))) {
            assertEquals(200, get(server, "/livez").statusCode());
        }
    }
}
