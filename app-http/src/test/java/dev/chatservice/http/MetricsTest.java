package dev.chatservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** /metrics speaks the Prometheus text format: request latency by route template, and the write path's meters. */
class MetricsTest extends ApiTestBase {

    @Test
    void metrics_afterRequests_exposeLatencyHistogramByRouteTemplate() {
        String token = newApplication();
        client.get("/applications/" + token);
        Client.Response response = client.get("/metrics");
        assertEquals(200, response.status());
        assertTrue(response.header("content-type").startsWith("text/plain"));
        String text = response.text();
        assertTrue(text.contains("http_server_requests_seconds_bucket{"), "histogram buckets");
        assertTrue(text.contains("route=\"/applications/{token}\""), "route template as tag");
        assertFalse(text.contains(token), "raw paths never become tags");
    }

    @Test
    void metrics_jvmAndJetty_areExposed() {
        String text = client.get("/metrics").text();
        assertTrue(text.contains("jvm_memory_used_bytes"));
        assertTrue(text.contains("jetty_threads_current"));
    }

    /** The value of the first sample whose line starts with {@code series}, as Prometheus would read it. */
    private static double sample(String text, String series) {
        return text.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError("no sample " + series));
    }

    @Test
    void metrics_afterMessageCreated_exposeAllocatorAndPublishLatency() {
        String token = newApplication();
        newMessage(token, newChat(token), "hello");
        String text = client.get("/metrics").text();
        assertTrue(sample(text, "chat_allocator_latency_seconds_count{kind=\"message\"}") >= 1);
        assertTrue(sample(text, "chat_queue_publish_seconds_count{outcome=\"confirmed\"}") >= 2);
    }

    @Test
    void metrics_afterMessagePersisted_exposeBatchAndLagMeters() throws InterruptedException {
        String token = newApplication();
        newMessage(token, newChat(token), "hello");
        server.awaitPersisted();
        String text = client.get("/metrics").text();
        assertTrue(sample(text, "chat_worker_batch_size_count") >= 1, "batch size");
        assertTrue(sample(text, "chat_worker_batch_duration_seconds_count") >= 1, "batch duration");
        assertTrue(sample(text, "chat_lag_persist_seconds_count") >= 2, "accept to persist");
        assertTrue(sample(text, "chat_lag_index_seconds_count") >= 1, "accept to index");
        assertEquals(0, sample(text, "chat_counters_drift"), "reconciliation drift");
    }
}
