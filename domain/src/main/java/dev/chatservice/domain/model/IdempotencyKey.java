package dev.chatservice.domain.model;

import java.util.regex.Pattern;

/** A client's retry key for a create: 1 to 255 printable ASCII characters. */
public record IdempotencyKey(String value) {
    private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7e]{1,255}");

    public IdempotencyKey {
        if (value == null || !PRINTABLE.matcher(value).matches()) {
            throw new InvalidValueException(InvalidValueException.Field.IDEMPOTENCY_KEY,
                    "Idempotency-Key must be 1 to 255 printable ASCII characters without spaces");
        }
    }
}
