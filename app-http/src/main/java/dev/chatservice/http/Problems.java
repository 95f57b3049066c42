package dev.chatservice.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatservice.domain.model.InvalidValueException;
import dev.chatservice.domain.model.InvalidValueException.Field;
import dev.chatservice.domain.port.DependencyUnavailableException;
import dev.chatservice.domain.usecase.IdempotencyKeyReusedException;
import dev.chatservice.domain.usecase.NotFoundException;
import dev.chatservice.http.Views.Problem;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where exceptions become RFC 9457 problem responses. */
final class Problems {
    static final String CONTENT_TYPE = "application/problem+json";
    static final String TYPE_PREFIX = "https://chat-service.dev/problems/";
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
    private static final String HEX = "0123456789abcdefABCDEF";
    /** How much of a refused body a node reads so that the client gets the answer; beyond it the node hangs up. */
    private static final long DISCARD_LIMIT_BYTES = 1024 * 1024;

    private final ObjectMapper mapper;

    Problems(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void handle(Exception exception, Context ctx) {
        if (exception instanceof HttpProblem p) {
            write(ctx, p.status, p.type, p.title, p.getMessage(), p.field);
        } else if (exception instanceof InvalidValueException e) {
            boolean bodyField = inBody(e.field());
            write(ctx, bodyField ? 422 : 400, bodyField ? "invalid-field" : "invalid-parameter",
                    bodyField ? "Invalid field" : "Invalid parameter", e.getMessage(), wireName(e.field()));
        } else if (exception instanceof NotFoundException e) {
            String resource = e.resource().name().toLowerCase(java.util.Locale.ROOT);
            write(ctx, 404, resource + "-not-found", capitalize(resource) + " not found", e.getMessage(), null);
        } else if (exception instanceof IdempotencyKeyReusedException e) {
            write(ctx, 422, "idempotency-key-reused", "Idempotency-Key reused", e.getMessage(), "Idempotency-Key");
        } else if (exception instanceof DependencyUnavailableException e) {
            LOG.warn("dependency unavailable on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            ctx.header("Retry-After", "1");
            write(ctx, 503, "service-unavailable", "Service unavailable",
                    "a backing service is unavailable; retry shortly (with the same Idempotency-Key for creates)",
                    null);
        } else if (exception instanceof HttpResponseException e) {
            javalinResponse(ctx, e.getStatus());
        } else if (exception instanceof IllegalArgumentException && malformedEscape(ctx.req().getRequestURI())) {
            // Jetty leaves a segment's ";parameters" undecoded, so "/chats/1;%" reaches Javalin, whose own
            // decoding of path parameters then throws before any handler runs.
            write(ctx, 400, "invalid-parameter", "Invalid parameter", "the path holds a malformed percent-escape",
                    null);
        } else {
            LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), exception);
            write(ctx, 500, "internal-error", "Internal error", "the request failed unexpectedly", null);
        }
    }

    /** Javalin's own 4xx (no route, wrong method, body too large) in the same format. */
    void javalinResponse(Context ctx, int status) {
        switch (status) {
            case 404 -> write(ctx, 404, "not-found", "Not found", "no such resource: " + ctx.method() + " "
                    + ctx.path(), null);
            case 405 -> write(ctx, 405, "method-not-allowed", "Method not allowed",
                    ctx.method() + " is not allowed on " + ctx.path(), null);
            case 413 -> write(ctx, 413, "payload-too-large", "Payload too large",
                    "the request body exceeds " + HttpApi.MAX_BODY_BYTES + " bytes", null);
            default -> write(ctx, status, "http-" + status, "HTTP " + status, "the request was rejected", null);
        }
    }

    void write(Context ctx, int status, String type, String title, String detail, String field) {
        if (status == 413) {
            discardBody(ctx);
            ctx.header("Connection", "close");
        }
        try {
            ctx.status(status).contentType(CONTENT_TYPE).result(mapper.writeValueAsBytes(
                    new Problem(TYPE_PREFIX + type, title, status, detail, ctx.path(), field)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a problem record always serializes", e);
        }
    }

    /**
     * Reads and drops what is left of a refused body, up to a bound. Closing a socket with unread input makes the
     * kernel send a reset, which can destroy the 413 before a client that is still sending reads it.
     */
    private static void discardBody(Context ctx) {
        byte[] buffer = new byte[16 * 1024];
        try {
            java.io.InputStream in = ctx.req().getInputStream();
            for (long read = 0; read < DISCARD_LIMIT_BYTES; ) {
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                read += n;
            }
        } catch (java.io.IOException | RuntimeException e) {
            // The client went away or the stream is already consumed: nothing left to protect.
        }
    }

    /** Whether a '%' in a raw path or query is not followed by two hex digits. */
    static boolean malformedEscape(String rawPath) {
        for (int at = rawPath.indexOf('%'); at >= 0; at = rawPath.indexOf('%', at + 1)) {
            if (at + 2 >= rawPath.length() || HEX.indexOf(rawPath.charAt(at + 1)) < 0
                    || HEX.indexOf(rawPath.charAt(at + 2)) < 0) {
                return true;
            }
        }
        return false;
    }

    /** A JSON body's field is semantically wrong (422); anything else a client sent is a bad request (400). */
    private static boolean inBody(Field field) {
        return field == Field.APPLICATION_NAME || field == Field.MESSAGE_BODY || field == Field.MESSAGE_SENDER;
    }

    /** The name the API gives a domain value: a body field, a path or query parameter, or a header. */
    static String wireName(Field field) {
        return switch (field) {
            case APPLICATION_NAME -> "name";
            case MESSAGE_BODY -> "body";
            case MESSAGE_SENDER -> "sender";
            case APPLICATION_TOKEN -> "token";
            case CHAT_NUMBER -> "chat_number";
            case MESSAGE_NUMBER -> "message_number";
            case IDEMPOTENCY_KEY -> "Idempotency-Key";
            case PAGE_CURSOR -> "cursor";
            case PAGE_LIMIT -> "limit";
            case FEED_SINCE -> "since";
            case SEARCH_QUERY -> "q";
        };
    }

    private static String capitalize(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
