package dev.chatservice.domain.memory;

import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.InvalidValueException;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.MessageNumber;
import dev.chatservice.domain.model.Sender;
import dev.chatservice.domain.port.MessageSearch;
import dev.chatservice.domain.port.SearchHit;
import dev.chatservice.domain.port.SearchOrder;
import dev.chatservice.domain.port.SearchPage;
import dev.chatservice.domain.port.SearchQuery;
import dev.chatservice.domain.port.SearchUpdate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A thread-safe {@link MessageSearch} held in memory. A message matches when each query term occurs inside
 * one of its words, ignoring case ({@link SearchQuery#score}); whole words rank above word starts, and those
 * above other infixes.
 */
public final class InMemoryMessageSearch implements MessageSearch {
    private static final int MAX_OFFSET = 10_000;

    private record Document(Optional<Sender> sender, MessageBody body, long version, boolean removed) {}

    private final Map<ChatRef, TreeMap<Integer, Document>> chats = new HashMap<>();

    @Override
    public synchronized void apply(List<SearchUpdate> updates) {
        for (SearchUpdate update : updates) {
            if (update instanceof SearchUpdate.IndexMessage index) {
                put(index.message().chat(), index.message().message().value(),
                        new Document(index.sender(), index.body(), index.version(), false));
            } else if (update instanceof SearchUpdate.RemoveMessage remove) {
                put(remove.message().chat(), remove.message().message().value(),
                        new Document(Optional.empty(), null, remove.version(), true));
            } else if (update instanceof SearchUpdate.RemoveChat remove) {
                chats.remove(remove.chat());
            } else if (update instanceof SearchUpdate.RemoveApplication remove) {
                chats.keySet().removeIf(chat -> chat.application().equals(remove.application()));
            }
        }
    }

    private void put(ChatRef chat, int number, Document document) {
        chats.computeIfAbsent(chat, c -> new TreeMap<>()).merge(number, document,
                (old, neu) -> neu.version() >= old.version() ? neu : old);
    }

    @Override
    public SearchPage search(ChatRef chat, SearchQuery query, SearchOrder order, int limit, Optional<String> cursor) {
        int offset = cursor.map(InMemoryMessageSearch::parseCursor).orElse(0);
        List<SearchHit> hits = new ArrayList<>();
        synchronized (this) {
            for (Map.Entry<Integer, Document> e : chats.getOrDefault(chat, new TreeMap<>()).entrySet()) {
                Document document = e.getValue();
                if (!document.removed()) {
                    query.score(document.body().value()).ifPresent(score -> hits.add(new SearchHit(
                            new MessageNumber(e.getKey()), document.sender(), document.body(),
                            query.highlight(document.body().value()), score)));
                }
            }
        }
        hits.sort(order == SearchOrder.NEWEST
                ? Comparator.comparing(SearchHit::number).reversed()
                : Comparator.comparingDouble(SearchHit::score).reversed().thenComparing(SearchHit::number));
        int from = Math.min(offset, hits.size());
        int to = Math.min(from + limit, hits.size());
        Optional<String> next = to < hits.size() && to < MAX_OFFSET ? Optional.of(Integer.toString(to)) : Optional.empty();
        return new SearchPage(hits.subList(from, to), next);
    }

    private static int parseCursor(String cursor) {
        try {
            int offset = Integer.parseInt(cursor);
            if (offset >= 0 && offset <= MAX_OFFSET) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // falls through to the rejection below
        }
        throw new InvalidValueException(InvalidValueException.Field.PAGE_CURSOR, "cursor is not valid");
    }
}
