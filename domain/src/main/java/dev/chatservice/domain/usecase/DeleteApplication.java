package dev.chatservice.domain.usecase;

import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.port.ApplicationRegistry;
import dev.chatservice.domain.port.NumberAllocator;

/** Deletes an application with all its chats and messages. */
public final class DeleteApplication {
    private final ApplicationRegistry applications;
    private final NumberAllocator allocator;

    public DeleteApplication(ApplicationRegistry applications, NumberAllocator allocator) {
        this.applications = applications;
        this.allocator = allocator;
    }

    public void delete(ApplicationToken token) {
        if (applications.findApplication(token).isEmpty()) {
            throw NotFoundException.application();
        }
        // Forgotten first, so no create is accepted for an application that is going away.
        allocator.forgetApplication(token);
        applications.deleteApplication(token);
    }
}
