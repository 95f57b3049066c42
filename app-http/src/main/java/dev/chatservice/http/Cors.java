package dev.chatservice.http;

import io.javalin.http.Context;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Cross-origin access for browsers, for the REST API and the live streams alike: an allowed origin gets itself
 * back in {@code Access-Control-Allow-Origin}, and its preflights are answered here. With no origin configured
 * the node sends no CORS header at all, so browsers keep other origins out.
 */
final class Cors {
    private static final String ALLOWED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE";
    private static final String ALLOWED_HEADERS = "Content-Type, Idempotency-Key, Last-Event-ID, Authorization, "
            + "X-Request-Id";
    private static final String EXPOSED_HEADERS = "Location, Idempotent-Replayed, Retry-After, X-Request-Id";
    private static final String PREFLIGHT_MAX_AGE_SECONDS = "600";

    private final Set<String> origins;

    Cors(List<String> origins) {
        this.origins = Set.copyOf(origins);
    }

    /**
     * The origins of a comma-separated list, each {@code scheme://host[:port]} as browsers send it; blank or
     * missing means none.
     *
     * @throws IllegalArgumentException naming {@code CHAT_CORS_ORIGINS} if an entry is not an origin
     */
    static List<String> parseOrigins(String raw) {
        List<String> origins = new ArrayList<>();
        if (raw == null || raw.isBlank()) {
            return origins;
        }
        for (String entry : raw.split(",")) {
            String origin = entry.strip();
            if (origin.isEmpty()) {
                continue;
            }
            try {
                URI uri = new URI(origin);
                boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
                if (!web || uri.getHost() == null || uri.getRawUserInfo() != null
                        || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())
                        || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                    throw new URISyntaxException(origin, "not scheme://host[:port]");
                }
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("CHAT_CORS_ORIGINS holds '" + origin + "', which is not an origin "
                        + "(scheme://host[:port], no path, no trailing slash)");
            }
            origins.add(origin);
        }
        return origins;
    }

    /** A before-handler: headers for allowed origins, and the whole answer to their preflights. */
    void apply(Context ctx) {
        if (origins.isEmpty()) {
            return;
        }
        ctx.header("Vary", "Origin");
        String origin = ctx.header("Origin");
        if (origin == null || !origins.contains(origin)) {
            return;
        }
        ctx.header("Access-Control-Allow-Origin", origin);
        ctx.header("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        if ("OPTIONS".equals(ctx.method().name()) && ctx.header("Access-Control-Request-Method") != null) {
            ctx.header("Access-Control-Allow-Methods", ALLOWED_METHODS);
            ctx.header("Access-Control-Allow-Headers", ALLOWED_HEADERS);
            ctx.header("Access-Control-Max-Age", PREFLIGHT_MAX_AGE_SECONDS);
            ctx.status(204);
            ctx.skipRemainingHandlers();
        }
    }
}
