package dev.chatservice.domain.usecase;

import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.port.ChatRepository;
import dev.chatservice.domain.port.NumberAllocator;

/** Deletes an application with all its chats and messages. */
public final class DeleteApplication {
    private final ChatRepository repository;
    private final NumberAllocator allocator;

    public DeleteApplication(ChatRepository repository, NumberAllocator allocator) {
        this.repository = repository;
        this.allocator = allocator;
    }

    public void delete(ApplicationToken token) {
        if (repository.findApplication(token).isEmpty()) {
            throw NotFoundException.application();
        }
        // Forgotten first, so no create is accepted for an application that is going away.
        allocator.forgetApplication(token);
        repository.deleteApplication(token);
    }
}
