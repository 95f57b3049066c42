package dev.chatservice.domain.model;

/** Shared checks for the free-text values clients send. */
final class Text {
    private Text() {}

    /** Rejects null, blank, over-long or control-character text (tab, CR and LF are allowed). */
    static String require(InvalidValueException.Field field, String noun, String value, int maxCodePoints) {
        if (value == null) {
            throw new InvalidValueException(field, noun + " is required");
        }
        if (value.isBlank()) {
            throw new InvalidValueException(field, noun + " must not be blank");
        }
        int length = value.codePointCount(0, value.length());
        if (length > maxCodePoints) {
            throw new InvalidValueException(field,
                    noun + " must be at most " + maxCodePoints + " characters, got " + length);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                throw new InvalidValueException(field, noun + " must not contain control characters");
            }
            // Lone surrogates cannot be stored as utf8mb4; they only arrive from broken clients.
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    throw new InvalidValueException(field, noun + " must be valid Unicode");
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                throw new InvalidValueException(field, noun + " must be valid Unicode");
            }
        }
        return value;
    }
}
