package dev.chatservice.domain.usecase;

import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.port.ApplicationRegistry;

/** Reads an application by its token. */
public final class GetApplication {
    private final ApplicationRegistry applications;

    public GetApplication(ApplicationRegistry applications) {
        this.applications = applications;
    }

    public Application get(ApplicationToken token) {
        return applications.findApplication(token).orElseThrow(NotFoundException::application);
    }
}
