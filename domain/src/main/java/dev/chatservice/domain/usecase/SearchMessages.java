package dev.chatservice.domain.usecase;

import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.InvalidValueException;
import dev.chatservice.domain.model.PageRequest;
import dev.chatservice.domain.port.ApplicationRegistry;
import dev.chatservice.domain.port.MessageSearch;
import dev.chatservice.domain.port.NumberAllocator;
import dev.chatservice.domain.port.SearchOrder;
import dev.chatservice.domain.port.SearchPage;
import dev.chatservice.domain.port.SearchQuery;
import java.util.Optional;

/** Searches the messages of one chat. */
public final class SearchMessages {
    private final ApplicationRegistry applications;
    private final NumberAllocator allocator;
    private final MessageSearch search;

    public SearchMessages(ApplicationRegistry applications, NumberAllocator allocator, MessageSearch search) {
        this.applications = applications;
        this.allocator = allocator;
        this.search = search;
    }

    public SearchPage search(ChatRef chat, SearchQuery query, SearchOrder order, int limit, Optional<String> cursor) {
        if (limit < 1 || limit > PageRequest.MAX_LIMIT) {
            throw new InvalidValueException(InvalidValueException.Field.PAGE_LIMIT, "limit must be between 1 and " + PageRequest.MAX_LIMIT);
        }
        if (!allocator.chatExists(chat)) {
            throw MissingLink.chat(applications, chat);
        }
        return search.search(chat, query, order, limit, cursor);
    }
}
