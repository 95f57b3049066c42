package dev.chatservice.elasticsearch;

import static dev.chatservice.elasticsearch.ElasticMessageSearch.MAX_WINDOW;

import dev.chatservice.domain.model.InvalidValueException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The opaque cursor of a search's next page: its offset, tied to the chat and query it was made for. */
final class SearchCursor {
    private static final String PREFIX = "c1.";
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,5})\\.([0-9a-f]{16})");

    private SearchCursor() {}

    /** Ties a cursor to its chat and query, so a cursor from elsewhere is rejected, not misread. */
    static String fingerprint(String chatKey, List<String> terms) {
        return StorageKeys.sha256Hex(chatKey + "\n" + String.join("\n", terms)).substring(0, 16);
    }

    static String encode(int offset, String fingerprint) {
        return PREFIX + Base64.getUrlEncoder().withoutPadding()
                .encodeToString((offset + "." + fingerprint).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The offset {@code cursor} points at.
     *
     * @throws InvalidValueException if it is malformed, out of the window, or made for another chat or query
     */
    static int decode(String cursor, String fingerprint) {
        if (cursor.startsWith(PREFIX) && cursor.length() <= 64) {
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(cursor.substring(PREFIX.length())),
                        StandardCharsets.US_ASCII);
                Matcher matcher = FORMAT.matcher(decoded);
                if (matcher.matches() && matcher.group(2).equals(fingerprint)) {
                    int offset = Integer.parseInt(matcher.group(1));
                    if (offset > 0 && offset < MAX_WINDOW) {
                        return offset;
                    }
                }
            } catch (IllegalArgumentException e) {
                // not base64: falls through to the rejection below
            }
        }
        throw new InvalidValueException(InvalidValueException.Field.PAGE_CURSOR, "cursor is not valid for this search");
    }
}
