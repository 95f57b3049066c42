package dev.chatservice.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatservice.domain.command.CreateChatCommand;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.wiring.MeteredProcessing;
import dev.chatservice.wiring.Telemetry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The worker's health and metrics endpoints over real HTTP. */
class HealthServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(HealthServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readyz_dependencyDown_returns503ThenRecovers() throws Exception {
        AtomicBoolean broker = new AtomicBoolean(false);
        try (HealthServer server = HealthServer.start(0, Map.of("rabbitmq", broker::get), new Telemetry())) {
            HttpResponse<String> down = get(server, "/readyz");
            assertEquals(503, down.statusCode());
            assertTrue(down.body().contains("\"rabbitmq\":\"down\""), down.body());
            broker.set(true);
            assertEquals(200, get(server, "/readyz").statusCode());
        }
    }

    @Test
    void livez_always_returns200() throws Exception {
        try (HealthServer server = HealthServer.start(0, Map.of("mysql", () -> false), new Telemetry())) {
            assertEquals(200, get(server, "/livez").statusCode());
        }
    }

    @Test
    void metrics_processedBatch_exposesWorkerMetersInPrometheusFormat() throws Exception {
        Telemetry telemetry = new Telemetry();
        MeteredProcessing processing = new MeteredProcessing(telemetry.registry());
        Instant accepted = Instant.now().minusSeconds(3);
        ChatRef chat = new ChatRef(ApplicationToken.generate(new java.security.SecureRandom()), new ChatNumber(1));
        processing.persisted(List.of(new CreateChatCommand(chat, accepted)), Duration.ofMillis(20));
        try (HealthServer server = HealthServer.start(0, Map.of(), telemetry)) {
            HttpResponse<String> response = get(server, "/metrics");
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("content-type").orElseThrow().startsWith("text/plain"));
            assertTrue(response.body().contains("\nchat_worker_batch_size_count 1\n"), response.body());
            assertTrue(response.body().contains("\nchat_lag_persist_seconds_max 3."), "lag of about 3 s");
            assertTrue(response.body().contains("jvm_memory_used_bytes"));
        }
    }
}
