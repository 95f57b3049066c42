package dev.chatservice.domain.usecase;

import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.ApplicationName;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.port.ApplicationRegistry;
import dev.chatservice.domain.port.NumberAllocator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;

/** Creates an application with a fresh secret token. */
public final class CreateApplication {
    private final ApplicationRegistry applications;
    private final NumberAllocator allocator;
    private final Clock clock;
    private final SecureRandom random;

    public CreateApplication(ApplicationRegistry applications, NumberAllocator allocator, Clock clock,
                             SecureRandom random) {
        this.applications = applications;
        this.allocator = allocator;
        this.clock = clock;
        this.random = random;
    }

    public Application create(ApplicationName name) {
        Instant now = clock.instant();
        Application application = new Application(ApplicationToken.generate(random), name, 0, now, now);
        // Stored first: the allocator's view is a cache of the registry, never the other way round.
        applications.createApplication(application);
        allocator.registerApplication(application.token());
        return application;
    }
}
