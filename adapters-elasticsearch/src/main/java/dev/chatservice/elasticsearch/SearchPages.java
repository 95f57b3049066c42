package dev.chatservice.elasticsearch;

import static dev.chatservice.elasticsearch.ElasticFailures.retryable;
import static dev.chatservice.elasticsearch.ElasticFailures.transportFailure;
import static dev.chatservice.elasticsearch.ElasticFailures.unavailable;
import static dev.chatservice.elasticsearch.ElasticMessageSearch.MAX_WINDOW;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.MessageNumber;
import dev.chatservice.domain.model.Sender;
import dev.chatservice.domain.port.SearchHit;
import dev.chatservice.domain.port.SearchOrder;
import dev.chatservice.domain.port.SearchPage;
import dev.chatservice.domain.port.SearchQuery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The pages of a search: candidates fetched in rounds from Elasticsearch ({@link MessageQuery}), verified by
 * the domain ({@link SearchQuery#score}) where grams may have let false ones in, until the page is full. A page
 * reads at most {@link #ROUNDS} rounds of at most {@code limit + 1 + max(2, limit / 4)} candidates each, so its
 * work is bounded whatever the number of matches; when the rounds run out before the page fills, it ends short
 * with a cursor that goes on from the last candidate read.
 */
final class SearchPages {
    static final int ROUNDS = 3;

    private final ElasticClients clients;
    private final MessageIndex index;

    SearchPages(ElasticClients clients, MessageIndex index) {
        this.clients = clients;
        this.index = index;
    }

    SearchPage search(String chatKey, SearchQuery query, SearchOrder order, int limit, Optional<String> cursor) {
        String fingerprint = SearchCursor.fingerprint(chatKey, query.terms(), order);
        boolean newest = order == SearchOrder.NEWEST;
        // Newest first, the position is the number the next candidates lie below (0: none yet); by relevance,
        // the offset of the next candidate in the ranking.
        int position = cursor.map(c -> SearchCursor.decode(c, fingerprint, order)).orElse(0);
        boolean grams = index.grams();
        boolean exact = !grams || query.terms().stream().allMatch(t -> SearchQuery.gramsOf(t).isEmpty());
        // One more than asked tells whether a next page exists without counting every match. Candidates that
        // may be false come with a margin, so that a page seldom needs a second round; not a larger one, since
        // newest first every segment reads up to a round's size and every candidate's body is fetched.
        int batch = exact ? limit + 1 : limit + 1 + Math.max(2, limit / 4);
        List<SearchHit> hits = new ArrayList<>(limit);
        for (int round = 0; round < ROUNDS; round++) {
            int size = newest ? batch : Math.min(batch, MAX_WINDOW - position);
            if (size <= 0) {
                return new SearchPage(hits, Optional.empty());
            }
            List<Hit<StoredMessage>> found = fetch(request(chatKey, query, newest, grams, position, size));
            for (int i = 0; i < found.size(); i++) {
                StoredMessage source = found.get(i).source();
                position = newest ? (source == null || source.number() == null ? position : source.number())
                        : position + 1;
                verified(query, source).ifPresent(hits::add);
                if (hits.size() == limit) {
                    boolean more = i + 1 < found.size() || found.size() == size;
                    return new SearchPage(hits, more ? next(position, newest, fingerprint) : Optional.empty());
                }
            }
            if (found.size() < size) {
                return new SearchPage(hits, Optional.empty());
            }
        }
        return new SearchPage(hits, next(position, newest, fingerprint));
    }

    /** The search request of one round: {@code position} as in {@link #search}. */
    SearchRequest request(String chatKey, SearchQuery query, boolean newest, boolean grams, int position, int size) {
        return SearchRequest.of(s -> {
            s.index(index.alias())
                    .routing(chatKey)
                    .size(size)
                    .trackTotalHits(t -> t.enabled(false))
                    .source(src -> src.filter(f -> f.includes("number", "sender", "body")));
            if (newest) {
                // The index sort (chat, then number descending): each segment stops after `size` matches.
                return s.query(MessageQuery.newest(chatKey, query.terms(), grams,
                                position > 0 ? Optional.of(position) : Optional.empty()))
                        .sort(o -> o.field(f -> f.field("chat").order(SortOrder.Asc)))
                        .sort(o -> o.field(f -> f.field("number").order(SortOrder.Desc)));
            }
            return s.query(MessageQuery.relevant(chatKey, query.terms(), grams))
                    .from(position)
                    .trackScores(true)
                    .sort(o -> o.score(sc -> sc.order(SortOrder.Desc)))
                    .sort(o -> o.field(f -> f.field("number").order(SortOrder.Asc)));
        });
    }

    private List<Hit<StoredMessage>> fetch(SearchRequest request) {
        try {
            return clients.search().search(request, StoredMessage.class).hits().hits();
        } catch (IOException e) {
            throw unavailable("search failed", e);
        } catch (ElasticsearchException e) {
            if (retryable(e.status()) || e.status() == 404) {
                throw unavailable("search failed", e);
            }
            throw new IllegalStateException("search rejected: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw transportFailure("search failed", e);
        }
    }

    /** The hit, if the candidate truly holds every term. */
    private static Optional<SearchHit> verified(SearchQuery query, StoredMessage source) {
        if (source == null || source.body() == null || source.number() == null) {
            return Optional.empty();
        }
        OptionalDouble score = query.score(source.body());
        if (score.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SearchHit(new MessageNumber(source.number()),
                Optional.ofNullable(source.sender()).map(Sender::new), new MessageBody(source.body()),
                query.highlight(source.body()), score.getAsDouble()));
    }

    private static Optional<String> next(int position, boolean newest, String fingerprint) {
        boolean left = newest ? position > 1 : position < MAX_WINDOW;
        return left ? Optional.of(SearchCursor.encode(position, fingerprint)) : Optional.empty();
    }

    /** The fields a search reads back. */
    record StoredMessage(Integer number, String sender, String body) {}
}
