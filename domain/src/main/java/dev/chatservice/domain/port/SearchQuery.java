package dev.chatservice.domain.port;

import dev.chatservice.domain.model.InvalidValueException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a client searches for, reduced to plain terms: runs of letters and digits, lower-cased. Everything
 * else, including every operator of any query language, is a separator, so input is never query syntax.
 * Message bodies split into words the same way ({@link #words}), and a term matches inside a word.
 *
 * <p>An index that cannot match inside words cheaply stores each word's {@link #grams} instead: every word
 * holding a term holds the term's {@link #gramsOf grams}, so a lookup of those few exact grams finds a superset
 * of the matches, and {@link #score} tells the true ones.
 */
public record SearchQuery(String text, List<String> terms) {
    public static final int MAX_LENGTH = 200;
    public static final int MAX_TERMS = 10;
    /** The length of a gram, in code points; shorter terms cannot be looked up by grams. */
    public static final int GRAM = 3;
    private static final Pattern TERM = Pattern.compile("[\\p{L}\\p{N}]+");

    public SearchQuery {
        terms = List.copyOf(terms);
    }

    public static SearchQuery parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidValueException(InvalidValueException.Field.SEARCH_QUERY, "q is required");
        }
        if (text.codePointCount(0, text.length()) > MAX_LENGTH) {
            throw new InvalidValueException(InvalidValueException.Field.SEARCH_QUERY, "q must be at most " + MAX_LENGTH + " characters");
        }
        List<String> terms = new ArrayList<>();
        for (String term : words(text)) {
            if (!terms.contains(term)) {
                terms.add(term);
            }
        }
        if (terms.isEmpty()) {
            throw new InvalidValueException(InvalidValueException.Field.SEARCH_QUERY, "q must contain at least one letter or digit");
        }
        if (terms.size() > MAX_TERMS) {
            throw new InvalidValueException(InvalidValueException.Field.SEARCH_QUERY, "q may hold at most " + MAX_TERMS + " words");
        }
        return new SearchQuery(text, terms);
    }

    /** The lower-cased words of a text, in order: what a search term is matched against. */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher matcher = TERM.matcher(text);
        while (matcher.find()) {
            words.add(lowerCase(matcher.group()));
        }
        return words;
    }

    /** The distinct grams of a text's words: every run of {@link #GRAM} code points inside one word. */
    public static Set<String> grams(String text) {
        Set<String> grams = new LinkedHashSet<>();
        for (String word : words(text)) {
            int[] points = word.codePoints().toArray();
            for (int i = 0; i + GRAM <= points.length; i++) {
                grams.add(new String(points, i, GRAM));
            }
        }
        return grams;
    }

    /**
     * The grams a word must hold to contain {@code term}: enough to cover it (from its start in steps of
     * {@link #GRAM}, and its last), since every one is a lookup; empty for a term shorter than a gram.
     */
    public static List<String> gramsOf(String term) {
        int[] points = term.codePoints().toArray();
        List<String> grams = new ArrayList<>();
        if (points.length < GRAM) {
            return grams;
        }
        for (int i = 0; i + GRAM <= points.length; i += GRAM) {
            grams.add(new String(points, i, GRAM));
        }
        String last = new String(points, points.length - GRAM, GRAM);
        if (!grams.contains(last)) {
            grams.add(last);
        }
        return grams;
    }

    /**
     * How well a text matches: per term 3 for a whole word, 2 for a word start, 1 for any infix, summed; empty
     * if some term occurs in none of its words.
     */
    public OptionalDouble score(String text) {
        List<String> words = words(text);
        double total = 0;
        for (String term : terms) {
            int best = 0;
            for (String word : words) {
                if (word.equals(term)) {
                    best = 3;
                    break;
                } else if (word.startsWith(term)) {
                    best = Math.max(best, 2);
                } else if (word.contains(term)) {
                    best = Math.max(best, 1);
                }
            }
            if (best == 0) {
                return OptionalDouble.empty();
            }
            total += best;
        }
        return OptionalDouble.of(total);
    }

    /** The text, HTML-escaped, with every occurrence of a term marked by {@code <em>}. */
    public String highlight(String text) {
        boolean[] marked = new boolean[text.length()];
        String lower = lowerCase(text);
        if (lower.length() == text.length()) {
            // The usual case: lower-casing kept every index, so indexOf (an intrinsic) finds the terms. A
            // search highlights each body of a page, and the general loop below is far slower.
            for (String term : terms) {
                for (int i = lower.indexOf(term); i >= 0; i = lower.indexOf(term, i + 1)) {
                    Arrays.fill(marked, i, i + term.length(), true);
                }
            }
        } else {
            // A code point whose lower case is longer or shorter in UTF-16: regionMatches with ignoreCase keeps
            // indexes in the original text.
            for (String term : terms) {
                for (int i = 0; i + term.length() <= text.length(); i++) {
                    if (text.regionMatches(true, i, term, 0, term.length())) {
                        Arrays.fill(marked, i, i + term.length(), true);
                    }
                }
            }
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            if (marked[i] && (i == 0 || !marked[i - 1])) {
                out.append("<em>");
            }
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#x27;");
                default -> out.append(c);
            }
            if (marked[i] && (i + 1 == text.length() || !marked[i + 1])) {
                out.append("</em>");
            }
        }
        return out.toString();
    }

    /**
     * Lower-cases code point by code point, as Lucene's lowercase filter does at index time. String's own
     * toLowerCase differs: it turns U+0130 (İ) into two code points, so such a term would never match.
     */
    public static String lowerCase(String text) {
        StringBuilder lower = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            lower.appendCodePoint(Character.toLowerCase(codePoint));
            i += Character.charCount(codePoint);
        }
        return lower.toString();
    }
}
