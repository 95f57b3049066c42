package dev.chatservice.domain.memory;

import dev.chatservice.domain.port.SearchQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits text into lower-cased words and marks query terms in HTML-escaped text with {@code <em>}. */
final class Highlighter {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    private Highlighter() {}

    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher matcher = WORD.matcher(text);
        while (matcher.find()) {
            words.add(SearchQuery.lowerCase(matcher.group()));
        }
        return words;
    }

    static String highlight(String text, List<String> terms) {
        boolean[] marked = new boolean[text.length()];
        // regionMatches with ignoreCase keeps indexes in the original text, which lower-casing may not.
        for (String term : terms) {
            for (int i = 0; i + term.length() <= text.length(); i++) {
                if (text.regionMatches(true, i, term, 0, term.length())) {
                    for (int j = i; j < i + term.length(); j++) {
                        marked[j] = true;
                    }
                }
            }
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            if (marked[i] && (i == 0 || !marked[i - 1])) {
                out.append("<em>");
            }
            escape(text.charAt(i), out);
            if (marked[i] && (i + 1 == text.length() || !marked[i + 1])) {
                out.append("</em>");
            }
        }
        return out.toString();
    }

    private static void escape(char c, StringBuilder out) {
        switch (c) {
            case '<' -> out.append("&lt;");
            case '>' -> out.append("&gt;");
            case '&' -> out.append("&amp;");
            case '"' -> out.append("&quot;");
            case '\'' -> out.append("&#x27;");
            default -> out.append(c);
        }
    }
}
