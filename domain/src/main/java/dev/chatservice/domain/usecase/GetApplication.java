package dev.chatservice.domain.usecase;

import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.port.ChatRepository;

/** Reads an application by its token. */
public final class GetApplication {
    private final ChatRepository repository;

    public GetApplication(ChatRepository repository) {
        this.repository = repository;
    }

    public Application get(ApplicationToken token) {
        return repository.findApplication(token).orElseThrow(NotFoundException::application);
    }
}
