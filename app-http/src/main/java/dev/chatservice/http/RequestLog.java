package dev.chatservice.http;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Gives every request an id (the client's {@code X-Request-Id} when it is sane, else a new one), echoes it,
 * and logs one line per request: method, route template, status and duration, never a body.
 */
final class RequestLog {
    static final String HEADER = "X-Request-Id";
    static final String MDC_KEY = "request_id";
    private static final Logger LOG = LoggerFactory.getLogger("http.request");
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    void start(Context ctx) {
        String presented = ctx.header(HEADER);
        String id = presented != null && SANE_ID.matcher(presented).matches() ? presented : UUID.randomUUID().toString();
        ctx.header(HEADER, id);
        MDC.put(MDC_KEY, id);
    }

    /** The matched route template, never the raw path, so logs and metric tags stay bounded. */
    static String route(Context ctx) {
        io.javalin.router.Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
        return endpoint == null ? "unmatched" : endpoint.path;
    }

    void finish(Context ctx, Float millis) {
        LOG.atInfo()
                .addKeyValue("method", ctx.method().name())
                .addKeyValue("route", route(ctx))
                .addKeyValue("status", ctx.status().getCode())
                .addKeyValue("duration_ms", Math.round(millis * 100) / 100.0)
                .log("request");
        MDC.remove(MDC_KEY);
    }
}
