package dev.chatservice.domain.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.chatservice.domain.model.InvalidValueException;
import dev.chatservice.domain.port.SearchQuery;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Whatever a client searches for reduces to plain lower-case words, or is refused as a bad parameter. */
class SearchQueryPropertiesTest {

    @Test
    void parse_anyString_returnsTermsOrThrowsInvalidValueOnly() {
        Trials.forAll(5000, random -> random.nextInt(50) == 0 ? null : Texts.any(random, SearchQuery.MAX_LENGTH),
                text -> {
                    SearchQuery query;
                    try {
                        query = SearchQuery.parse(text);
                    } catch (InvalidValueException e) {
                        assertEquals(InvalidValueException.Field.SEARCH_QUERY, e.field());
                        return;
                    } catch (RuntimeException e) {
                        fail("parse threw " + e);
                        return;
                    }
                    assertPlainTerms(query);
                    assertEquals(text, query.text());
                });
    }

    @Test
    void grams_textHoldingATerm_holdEveryGramOfTheTerm() {
        Trials.forAll(5000, random -> Texts.any(random, SearchQuery.MAX_LENGTH), text -> {
            Set<String> grams = SearchQuery.grams(text);
            for (String word : SearchQuery.words(text)) {
                int[] points = word.codePoints().toArray();
                for (int from = 0; from < points.length; from++) {
                    for (int to = from + 1; to <= points.length; to++) {
                        String term = new String(points, from, to - from);
                        assertTrue(grams.containsAll(SearchQuery.gramsOf(term)), term + " in " + word);
                    }
                }
            }
        });
    }

    @Test
    void gramsOf_term_coversItWithFewGrams() {
        assertEquals(List.of(), SearchQuery.gramsOf("on"));
        assertEquals(List.of("ond"), SearchQuery.gramsOf("ond"));
        assertEquals(List.of("ond", "der"), SearchQuery.gramsOf("onder"));
        assertEquals(List.of("won", "der"), SearchQuery.gramsOf("wonder"));
        assertEquals(List.of("won", "der", "ful"), SearchQuery.gramsOf("wonderful"));
    }

    @Test
    void score_gramsMatchButTermDoesNot_isEmpty() {
        SearchQuery query = SearchQuery.parse("onder");
        assertTrue(SearchQuery.grams("bond bidder").containsAll(SearchQuery.gramsOf("onder")));
        assertTrue(query.score("bond bidder").isEmpty());
        assertEquals(1.0, query.score("a wondrous bonder").orElseThrow());
        assertEquals(3.0, query.score("onder").orElseThrow());
    }

    @Test
    void parse_noLetterOrDigit_refused() {
        // Query syntax alone, such as *:* or )( or &&, is no search at all.
        Trials.forAll(2000, random -> Texts.noLetterOrDigit(random, SearchQuery.MAX_LENGTH),
                text -> !text.matches("(?s).*[\\p{L}\\p{N}].*"),
                text -> assertEquals(InvalidValueException.Field.SEARCH_QUERY, assertThrows(InvalidValueException.class, () -> SearchQuery.parse(text))
                        .field()));
    }

    @Test
    void parse_overMaxLength_refusedWhateverItHolds() {
        Trials.forAll(500, random -> "word ".repeat(41) + Texts.any(random, 20),
                text -> text.length() > SearchQuery.MAX_LENGTH,
                text -> assertThrows(InvalidValueException.class, () -> SearchQuery.parse(text)));
    }

    @Test
    void parse_wordsBetweenOperators_keepsEachWordOnceInOrder() {
        Trials.forAll(2000, random -> {
            StringBuilder text = new StringBuilder(Texts.noLetterOrDigit(random, 3));
            List<String> written = new ArrayList<>();
            for (int i = 0, n = 1 + random.nextInt(14); i < n; i++) {
                // Sometimes an earlier word again, in another case, to be counted once.
                String word = !written.isEmpty() && random.nextInt(4) == 0
                        ? written.get(random.nextInt(written.size())).toUpperCase(Locale.ROOT) : Texts.word(random, 8);
                written.add(word);
                text.append(word).append(Texts.OPERATORS.charAt(random.nextInt(Texts.OPERATORS.length()))).append(' ');
            }
            return text.toString();
        }, text -> {
            Set<String> words = new LinkedHashSet<>();
            for (String word : text.split("[^\\p{L}\\p{N}]+")) {
                if (!word.isEmpty()) {
                    // Code point by code point, as Lucene's lowercase filter does.
                    StringBuilder lower = new StringBuilder();
                    word.codePoints().map(Character::toLowerCase).forEach(lower::appendCodePoint);
                    words.add(lower.toString());
                }
            }
            if (text.codePointCount(0, text.length()) > SearchQuery.MAX_LENGTH
                    || words.size() > SearchQuery.MAX_TERMS) {
                assertThrows(InvalidValueException.class, () -> SearchQuery.parse(text));
            } else {
                assertEquals(new ArrayList<>(words), SearchQuery.parse(text).terms());
            }
        });
    }

    @Test
    void parse_dottedCapitalI_lowerCasesToPlainIAsTheIndexDoes() {
        assertEquals(List.of("istanbul"), SearchQuery.parse("\u0130stanbul").terms());
    }

    @Test
    void parse_maxLengthInSupplementaryLetters_isAcceptedByCodePointCount() {
        String word = "\uD840\uDC00".repeat(SearchQuery.MAX_LENGTH);
        assertEquals(List.of(word), SearchQuery.parse(word).terms());
    }

    @Test
    void parse_elasticsearchAndSqlSyntax_readAsWordsOnly() {
        assertEquals(List.of("query", "match", "all"), SearchQuery.parse("{\"query\":{\"match_all\":{}}}").terms());
        assertEquals(List.of("or", "1"), SearchQuery.parse("' OR 1=1 --").terms());
        assertEquals(List.of("foo"), SearchQuery.parse("foo(").terms());
        assertEquals(List.of("body", "x"), SearchQuery.parse("body:x*").terms());
        for (String syntax : List.of("*:*", "*", "?", ")(", "&&||!", "~^", "/.*/", "--", "' '", "\\", "\"\"")) {
            assertThrows(InvalidValueException.class, () -> SearchQuery.parse(syntax), syntax);
        }
    }

    /**
     * At most {@value SearchQuery#MAX_TERMS} distinct, non-empty, lower-case terms made only of letters and digits,
     * so no character of any query language survives.
     */
    private static void assertPlainTerms(SearchQuery query) {
        List<String> terms = query.terms();
        assertTrue(!terms.isEmpty() && terms.size() <= SearchQuery.MAX_TERMS, terms.toString());
        assertEquals(terms.size(), Set.copyOf(terms).size(), "distinct: " + terms);
        for (String term : terms) {
            assertTrue(!term.isEmpty(), terms.toString());
            assertTrue(term.codePoints().allMatch(c -> Character.toLowerCase(c) == c), "lower-case " + term);
            assertTrue(term.codePoints().allMatch(c -> Character.isLetter(c) || isNumber(c)),
                    "term " + Trials.describe(term));
            assertTrue(term.chars().noneMatch(c -> Texts.OPERATORS.indexOf(c) >= 0 || Character.isWhitespace(c)));
        }
    }

    private static boolean isNumber(int c) {
        int type = Character.getType(c);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }
}
