package dev.chatservice.elasticsearch;

import static dev.chatservice.elasticsearch.ElasticMessageSearch.MAX_WINDOW;

import dev.chatservice.domain.model.InvalidValueException;
import dev.chatservice.domain.port.SearchOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The opaque cursor of a search's next page, tied to the chat, query and order it was made for: by relevance
 * an offset into the ranked candidates; newest first the number the next page starts below (a keyset, so a
 * deep page costs what the first does and no window applies).
 */
final class SearchCursor {
    private static final String PREFIX = "c1.";
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,10})\\.([0-9a-f]{16})");

    private SearchCursor() {}

    /** Ties a cursor to its chat, query and order, so a cursor from elsewhere is rejected, not misread. */
    static String fingerprint(String chatKey, List<String> terms, SearchOrder order) {
        String scope = chatKey + "\n" + String.join("\n", terms);
        // The relevance fingerprint is unchanged, so that cursors issued before orders existed stay valid.
        return StorageKeys.sha256Hex(order == SearchOrder.RELEVANCE ? scope : scope + "\n" + order).substring(0, 16);
    }

    static String encode(int position, String fingerprint) {
        return PREFIX + Base64.getUrlEncoder().withoutPadding()
                .encodeToString((position + "." + fingerprint).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The position {@code cursor} points at: an offset below {@link ElasticMessageSearch#MAX_WINDOW} by
     * relevance, a message number newest first.
     *
     * @throws InvalidValueException if it is malformed, out of range, or made for another chat, query or order
     */
    static int decode(String cursor, String fingerprint, SearchOrder order) {
        if (cursor.startsWith(PREFIX) && cursor.length() <= 64) {
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(cursor.substring(PREFIX.length())),
                        StandardCharsets.US_ASCII);
                Matcher matcher = FORMAT.matcher(decoded);
                if (matcher.matches() && matcher.group(2).equals(fingerprint)) {
                    long position = Long.parseLong(matcher.group(1));
                    long max = order == SearchOrder.RELEVANCE ? MAX_WINDOW - 1 : Integer.MAX_VALUE;
                    if (position > 0 && position <= max) {
                        return (int) position;
                    }
                }
            } catch (IllegalArgumentException e) {
                // not base64: falls through to the rejection below
            }
        }
        throw new InvalidValueException(InvalidValueException.Field.PAGE_CURSOR, "cursor is not valid for this search");
    }
}
