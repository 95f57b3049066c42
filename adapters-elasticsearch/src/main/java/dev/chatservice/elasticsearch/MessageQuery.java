package dev.chatservice.elasticsearch;

import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import dev.chatservice.domain.port.SearchQuery;
import java.util.List;
import java.util.Optional;

/**
 * The queries for a search's terms in one chat. Every query runs on keyword fields whose terms start with the
 * chat's tag, so that any walk of the term dictionary stays within that chat's vocabulary.
 *
 * <p>A term of at least {@link SearchQuery#GRAM} code points is looked up by the few grams covering it
 * ({@link SearchQuery#gramsOf}) in the {@code grams} field: exact lookups whose conjunction Lucene iterates
 * lazily, so a search that stops after a page stops reading postings too. The grams may all occur in a
 * message without the term (in different words, or in another order), so these queries find candidates
 * that the caller verifies ({@link SearchQuery#score}). A shorter term, and any term on an index without
 * grams, is matched by a wildcard on {@code words}, which is exact but collects every matching word's postings.
 */
final class MessageQuery {
    private MessageQuery() {}

    /**
     * Candidates for the relevance order. Per term the best of: the whole word (3), a word start (2), anywhere
     * in a word (1); the terms' scores add up and every term must match. Constant scores, so ranks do not
     * depend on term statistics that differ between shards. For a candidate holding the grams but not the
     * term, the infix clause scores 1: verification drops it.
     */
    static Query relevant(String chatKey, List<String> terms, boolean grams) {
        String tag = StorageKeys.chatTag(chatKey);
        return Query.of(q -> q.bool(b -> {
            b.filter(f -> f.term(t -> t.field("chat").value(chatKey)));
            for (String term : terms) {
                b.must(m -> m.disMax(d -> d.tieBreaker(0.0)
                        .queries(c -> c.constantScore(s -> s.boost(3f)
                                .filter(f -> f.term(t -> t.field("words").value(tag + term)))))
                        .queries(c -> c.constantScore(s -> s.boost(2f)
                                .filter(f -> f.prefix(p -> p.field("words").value(tag + term)))))
                        .queries(c -> c.constantScore(s -> s.boost(1f)
                                .filter(inside(tag, term, grams))))));
            }
            return b;
        }));
    }

    /**
     * Candidates for the newest-first order: a pure filter, so that with a sort matching the index sort each
     * segment stops after the page. {@code below}: only numbers under it (the keyset of the next page).
     */
    static Query newest(String chatKey, List<String> terms, boolean grams, Optional<Integer> below) {
        String tag = StorageKeys.chatTag(chatKey);
        return Query.of(q -> q.bool(b -> {
            b.filter(f -> f.term(t -> t.field("chat").value(chatKey)));
            below.ifPresent(n -> b.filter(f -> f.range(r -> r.number(nr -> nr.field("number").lt((double) n)))));
            for (String term : terms) {
                b.filter(inside(tag, term, grams));
            }
            return b;
        }));
    }

    /** Documents with a word that holds {@code term} (or, by grams, might). */
    private static Query inside(String tag, String term, boolean grams) {
        List<String> covering = grams ? SearchQuery.gramsOf(term) : List.of();
        if (covering.isEmpty()) {
            return Query.of(f -> f.wildcard(w -> w.field("words").value(tag + "*" + escapeWildcard(term) + "*")));
        }
        BoolQuery.Builder all = new BoolQuery.Builder();
        for (String gram : covering) {
            all.filter(f -> f.term(t -> t.field("grams").value(tag + gram)));
        }
        return Query.of(f -> f.bool(all.build()));
    }

    /** Escapes the wildcard operators, so a term only ever matches itself. */
    static String escapeWildcard(String term) {
        StringBuilder out = new StringBuilder(term.length() + 4);
        for (int i = 0; i < term.length(); i++) {
            char c = term.charAt(i);
            if (c == '*' || c == '?' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
