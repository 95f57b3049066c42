package dev.chatservice.domain.usecase;

import dev.chatservice.domain.model.Chat;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.port.ChatRepository;

/** Reads a persisted chat. */
public final class GetChat {
    private final ChatRepository repository;

    public GetChat(ChatRepository repository) {
        this.repository = repository;
    }

    public Chat get(ChatRef chat) {
        return repository.findChat(chat).orElseThrow(() -> NotFoundException.chat(chat.chat().value()));
    }
}
