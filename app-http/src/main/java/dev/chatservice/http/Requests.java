package dev.chatservice.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.IdempotencyKey;
import dev.chatservice.domain.model.InvalidValueException;
import dev.chatservice.domain.model.MessageNumber;
import dev.chatservice.domain.model.MessageRef;
import dev.chatservice.domain.model.PageRequest;
import dev.chatservice.domain.usecase.NotFoundException;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Turns path, query, header and body input into domain values, or into a precise 4xx. */
final class Requests {
    private final ObjectMapper mapper;

    Requests(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ApplicationToken token(Context ctx) {
        try {
            return new ApplicationToken(ctx.pathParam("token"));
        } catch (InvalidValueException e) {
            // A malformed token names no application, exactly like an unknown one.
            throw new NotFoundException(NotFoundException.Resource.APPLICATION, "no application has this token");
        }
    }

    ChatRef chat(Context ctx) {
        return new ChatRef(token(ctx), new ChatNumber(positiveInt(ctx.pathParam("chat"), "chat_number")));
    }

    MessageRef message(Context ctx) {
        return new MessageRef(chat(ctx), new MessageNumber(positiveInt(ctx.pathParam("message"), "message_number")));
    }

    int limit(Context ctx) {
        String limit = ctx.queryParam("limit");
        if (limit == null) {
            return PageRequest.DEFAULT_LIMIT;
        }
        int value = nonNegativeInt(limit, "limit");
        if (value < 1 || value > PageRequest.MAX_LIMIT) {
            throw HttpProblem.badParameter("limit", "limit must be between 1 and " + PageRequest.MAX_LIMIT);
        }
        return value;
    }

    /** The {@code ?since=} seq of a change feed request, 0 when absent. */
    long since(Context ctx) {
        String raw = ctx.queryParam("since");
        if (raw == null) {
            return 0;
        }
        String digits = raw.replaceFirst("^0+(?=.)", "");
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9') || digits.length() > 18) {
            throw HttpProblem.badParameter("since", "since must be a whole number between 0 and 999999999999999999");
        }
        return Long.parseLong(digits);
    }

    Optional<String> cursor(Context ctx) {
        return Optional.ofNullable(ctx.queryParam("cursor"));
    }

    Optional<IdempotencyKey> idempotencyKey(Context ctx) {
        String key = ctx.header("Idempotency-Key");
        return key == null ? Optional.empty() : Optional.of(new IdempotencyKey(key));
    }

    /**
     * The JSON object of the request body, holding only {@code allowed} fields. Rejects other content
     * types (415), malformed JSON (400), and unknown fields (422).
     */
    JsonNode object(Context ctx, Set<String> allowed) {
        requireJson(ctx);
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            throw HttpProblem.malformedBody("the request body is empty; send a JSON object");
        }
        JsonNode node;
        try {
            node = mapper.readTree(utf8(bytes));
        } catch (JsonParseException e) {
            throw HttpProblem.malformedBody("the request body is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (JacksonException e) {
            throw HttpProblem.malformedBody("the request body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw HttpProblem.malformedBody("the request body must be a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw HttpProblem.invalidField(name, "unknown field '" + truncate(name) + "'; allowed: " + allowed);
            }
        }
        return node;
    }

    /**
     * The body decoded as strict UTF-8, without a leading byte order mark. Jackson alone would read overlong
     * forms ({@code C0 AF} as '/', a classic filter bypass) and guess UTF-16 or UTF-32 from the bytes.
     */
    private static String utf8(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw HttpProblem.malformedBody("the request body is not valid UTF-8");
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** A required string field of a body object. */
    static String string(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw HttpProblem.invalidField(field, field + " is required");
        }
        if (!value.isTextual()) {
            throw HttpProblem.invalidField(field, field + " must be a string");
        }
        return value.textValue();
    }

    /** An optional string field of a body object: absent or null is none. */
    static Optional<String> optionalString(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(string(object, field));
    }

    private static void requireJson(Context ctx) {
        // The raw header: Jetty's getContentType() throws on a charset the JVM does not know.
        String type = ctx.header("Content-Type");
        String base = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!base.equals("application/json")) {
            throw new HttpProblem(415, "unsupported-media-type", "Unsupported media type",
                    "send the body as application/json", null);
        }
        String[] parameters = type.split(";");
        for (int i = 1; i < parameters.length; i++) {
            String[] parameter = parameters[i].split("=", 2);
            if (parameter[0].trim().equalsIgnoreCase("charset") && (parameter.length < 2
                    || !parameter[1].trim().replace("\"", "").equalsIgnoreCase("utf-8"))) {
                throw new HttpProblem(415, "unsupported-media-type", "Unsupported media type",
                        "only the UTF-8 charset is accepted", null);
            }
        }
    }

    static int positiveInt(String raw, String field) {
        int value = nonNegativeInt(raw, field);
        if (value < 1) {
            throw HttpProblem.badParameter(field, field + " must be at least 1");
        }
        return value;
    }

    static int nonNegativeInt(String raw, String field) {
        if (raw.isEmpty() || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw HttpProblem.badParameter(field, field + " must be a whole number between 0 and 2147483647");
        }
        // Leading zeros change no number: "00000000001" is 1, as "01" is.
        int start = 0;
        while (start < raw.length() - 1 && raw.charAt(start) == '0') {
            start++;
        }
        String digits = raw.substring(start);
        if (digits.length() > 10 || Long.parseLong(digits) > Integer.MAX_VALUE) {
            throw HttpProblem.badParameter(field, field + " must be a whole number between 0 and 2147483647");
        }
        return Integer.parseInt(digits);
    }

    private static String truncate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
