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
        return repository.findMessage(message).orElseThrow(() -> {
            // Only on the error path: name the first thing in the chain that is missing.
            if (repository.findApplication(message.chat().application()).isEmpty()) {
                return NotFoundException.application();
            }
            return NotFoundException.messageOrChat(repository.findChat(message.chat()).isPresent(), message);
        });
    }
}
