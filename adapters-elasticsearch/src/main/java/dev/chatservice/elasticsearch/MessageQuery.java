package dev.chatservice.elasticsearch;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import java.util.List;

/**
 * The query for a search's terms in one chat. Per term the best of: the whole word (3), a word start (2),
 * anywhere in a word (1); the terms' scores add up and every term must match. Constant scores, so ranks do
 * not depend on term statistics that differ between shards. Every query runs on the {@code words} keyword
 * field, whose terms start with the chat's tag: the prefix and infix queries then walk only that chat's
 * vocabulary in the term dictionary, not the whole index's.
 */
final class MessageQuery {
    private MessageQuery() {}

    /** Documents of the chat holding every term inside one of their words. */
    static Query matching(String chatKey, List<String> terms) {
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
                                .filter(f -> f.wildcard(w -> w.field("words")
                                        .value(tag + "*" + escapeWildcard(term) + "*")))))));
            }
            return b;
        }));
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
