package dev.chatservice.domain.port;

import dev.chatservice.domain.model.InvalidValueException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a client searches for, reduced to plain terms: runs of letters and digits, lower-cased. Everything
 * else, including every operator of any query language, is a separator, so input is never query syntax.
 */
public record SearchQuery(String text, List<String> terms) {
    public static final int MAX_LENGTH = 200;
    public static final int MAX_TERMS = 10;
    private static final Pattern TERM = Pattern.compile("[\\p{L}\\p{N}]+");

    public SearchQuery {
        terms = List.copyOf(terms);
    }

    public static SearchQuery parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidValueException("q", "q is required");
        }
        if (text.codePointCount(0, text.length()) > MAX_LENGTH) {
            throw new InvalidValueException("q", "q must be at most " + MAX_LENGTH + " characters");
        }
        List<String> terms = new ArrayList<>();
        Matcher matcher = TERM.matcher(text);
        while (matcher.find()) {
            String term = lowerCase(matcher.group());
            if (!terms.contains(term)) {
                terms.add(term);
            }
        }
        if (terms.isEmpty()) {
            throw new InvalidValueException("q", "q must contain at least one letter or digit");
        }
        if (terms.size() > MAX_TERMS) {
            throw new InvalidValueException("q", "q may hold at most " + MAX_TERMS + " words");
        }
        return new SearchQuery(text, terms);
    }

    /**
     * Lower-cases code point by code point, as Lucene's lowercase filter does at index time. String's own
     * toLowerCase differs: it turns U+0130 (İ) into two code points, so such a term would never match.
     */
    public static String lowerCase(String text) {
        StringBuilder lower = new StringBuilder(text.length());
        text.codePoints().map(Character::toLowerCase).forEach(lower::appendCodePoint);
        return lower.toString();
    }
}
