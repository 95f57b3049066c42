package dev.chatservice.domain.usecase;

import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.Message;
import dev.chatservice.domain.model.MessageNumber;
import dev.chatservice.domain.model.Page;
import dev.chatservice.domain.model.PageRequest;
import dev.chatservice.domain.port.ApplicationRegistry;
import dev.chatservice.domain.port.ChatHistory;
import dev.chatservice.domain.port.NumberAllocator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Lists the persisted messages of a chat by number, from either end or around one of them. */
public final class ListMessages {
    private final ApplicationRegistry applications;
    private final ChatHistory history;
    private final NumberAllocator allocator;

    public ListMessages(ApplicationRegistry applications, ChatHistory history, NumberAllocator allocator) {
        this.applications = applications;
        this.history = history;
        this.allocator = allocator;
    }

    /** A page in the request's direction, its items nearest to where it starts first. */
    public Page<Message> list(ChatRef chat, PageRequest page) {
        Page<Message> messages = history.listMessages(chat, page);
        if (messages.items().isEmpty()) {
            requireChat(chat);
            return new Page<>(List.of(), Optional.empty());
        }
        return messages;
    }

    /**
     * Up to {@code limit} live messages centred on {@code number} by count, ascending: floor((limit - 1) / 2)
     * below it, the message itself if it is live, and up to the rest above. Two keyset reads, one each way.
     */
    public List<Message> around(ChatRef chat, MessageNumber number, int limit) {
        int below = (limit - 1) / 2;
        int above = limit - 1 - below;
        List<Message> found = new ArrayList<>();
        if (below > 0) {
            found.addAll(history.listMessages(chat, PageRequest.before(number.value(), below)).items());
            Collections.reverse(found);
        }
        // From just below the number, so that the message itself comes first if it is live.
        List<Message> upward = history.listMessages(chat,
                new PageRequest(PageRequest.Direction.UP, number.value() - 1L, above + 1)).items();
        boolean hasItself = !upward.isEmpty() && upward.get(0).number().equals(number);
        found.addAll(upward.subList(0, Math.min(upward.size(), hasItself ? above + 1 : above)));
        if (found.isEmpty()) {
            requireChat(chat);
        }
        return found;
    }

    private void requireChat(ChatRef chat) {
        // A chat that was just accepted is not persisted yet: it exists, with nothing in it so far.
        if (history.findChat(chat).isEmpty() && !allocator.chatExists(chat)) {
            throw MissingLink.chat(applications, chat);
        }
    }
}
