package dev.chatservice.domain.usecase;

import dev.chatservice.domain.model.Chat;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.port.ChatHistory;

/** Reads a persisted chat. */
public final class GetChat {
    private final ChatHistory history;

    public GetChat(ChatHistory history) {
        this.history = history;
    }

    public Chat get(ChatRef chat) {
        return history.findChat(chat).orElseThrow(() -> NotFoundException.chat(chat.chat().value()));
    }
}
