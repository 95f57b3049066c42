package dev.chatservice.http;

import dev.chatservice.wiring.Telemetry;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.util.thread.ThreadPool;

/** The node's HTTP meters: request latency by route template, method and status, and Jetty's pool. */
final class HttpMetrics {
    private final Telemetry telemetry;
    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    HttpMetrics(Telemetry telemetry) {
        this.telemetry = telemetry;
        this.registry = telemetry.registry();
    }
    void bindJetty(ThreadPool threadPool) {
        new JettyServerThreadPoolMetrics(threadPool, Tags.empty()).bindTo(registry);
    }

    /** Tags by route template, never by raw path, so the number of series stays bounded. */
    void record(Context ctx, Float millis) {
        String contentType = ctx.res().getContentType();
        if (contentType != null && contentType.startsWith(StreamHandlers.CONTENT_TYPE)) {
            return; // a stream lasts minutes and would swamp the latencies; it has meters of its own
        }
        String method = ctx.method().name();
        String route = RequestLog.route(ctx);
        String status = Integer.toString(ctx.status().getCode());
        // Built once per series: this runs on every request.
        timers.computeIfAbsent(method + ' ' + route + ' ' + status, key -> Timer.builder("http.server.requests")
                        .tag("method", method)
                        .tag("route", route)
                        .tag("status", status)
                        .publishPercentileHistogram()
                        .register(registry))
                .record(Duration.ofNanos((long) (millis * 1_000_000)));
    }

    void scrape(Context ctx) {
        ctx.contentType(Telemetry.CONTENT_TYPE).result(telemetry.scrape());
    }
}
