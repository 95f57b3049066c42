package dev.chatservice.domain.usecase;

import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.ApplicationName;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.port.ChatRepository;
import java.time.Clock;

/** Renames an application. */
public final class RenameApplication {
    private final ChatRepository repository;
    private final Clock clock;

    public RenameApplication(ChatRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public Application rename(ApplicationToken token, ApplicationName name) {
        return repository.renameApplication(token, name, clock.instant()).orElseThrow(NotFoundException::application);
    }
}
