package dev.chatservice.domain.usecase;

import dev.chatservice.domain.model.Message;
import dev.chatservice.domain.model.MessageRef;
import dev.chatservice.domain.port.ChatRepository;

/** Reads a persisted message. */
public final class GetMessage {
    private final ChatRepository repository;

    public GetMessage(ChatRepository repository) {
        this.repository = repository;
    }

    public Message get(MessageRef message) {
        return repository.findMessage(message).orElseThrow(() ->
                NotFoundException.message(message.chat().chat().value(), message.message().value()));
    }
}
