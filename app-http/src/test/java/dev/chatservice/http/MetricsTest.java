package dev.chatservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** /metrics speaks the Prometheus text format, with request latency by route template. */
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
}
