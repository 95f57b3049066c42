package dev.chatservice.domain.usecase;

import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.ApplicationName;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.port.ApplicationRegistry;
import java.time.Clock;

/** Renames an application. */
public final class RenameApplication {
    private final ApplicationRegistry applications;
    private final Clock clock;

    public RenameApplication(ApplicationRegistry applications, Clock clock) {
        this.applications = applications;
        this.clock = clock;
    }

    public Application rename(ApplicationToken token, ApplicationName name) {
        return applications.renameApplication(token, name, clock.instant()).orElseThrow(NotFoundException::application);
    }
}
