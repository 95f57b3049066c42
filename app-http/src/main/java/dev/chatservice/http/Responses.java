package dev.chatservice.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

/** Writes JSON bodies with the one configured mapper. */
final class Responses {
    private final ObjectMapper mapper;

    Responses(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(mapper.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("views always serialize", e);
        }
    }

    /** A create: 201 or 202 with the new resource's address; a replay says so in a header. */
    void created(Context ctx, int status, String location, boolean replayed, Object body) {
        ctx.header("Location", location);
        if (replayed) {
            ctx.header("Idempotent-Replayed", "true");
        }
        json(ctx, status, body);
    }
}
