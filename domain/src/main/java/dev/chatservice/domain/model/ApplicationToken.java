package dev.chatservice.domain.model;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** The secret, URL-safe name of an application: 192 random bits as 32 base64url characters. */
public record ApplicationToken(String value) {
    public static final int LENGTH = 32;
    private static final int RANDOM_BYTES = 24;
    private static final Pattern ALPHABET = Pattern.compile("[A-Za-z0-9_-]{" + LENGTH + "}");

    public ApplicationToken {
        if (value == null || !ALPHABET.matcher(value).matches()) {
            throw new InvalidValueException(InvalidValueException.Field.APPLICATION_TOKEN,
                    "token must be " + LENGTH + " characters of A-Z, a-z, 0-9, '-' or '_'");
        }
    }

    public static ApplicationToken generate(SecureRandom random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return new ApplicationToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** Never print the secret whole: logs and exception messages see only a prefix. */
    @Override
    public String toString() {
        return "ApplicationToken[" + value.substring(0, 4) + "…]";
    }
}
