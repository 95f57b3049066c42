package dev.chatservice.domain.port;

import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.ApplicationName;
import dev.chatservice.domain.model.ApplicationToken;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The registered applications, durably. Unlike chats and messages, which reach storage through queued
 * commands, applications are written here directly by the use cases.
 */
public interface ApplicationRegistry {

    /** Stores a new application; its token is unique. */
    void createApplication(Application application);

    Optional<Application> findApplication(ApplicationToken token);

    /** Renames an application; empty if there is none. */
    Optional<Application> renameApplication(ApplicationToken token, ApplicationName name, Instant now);

    /** Deletes an application with its chats and messages, and records their removal from search. */
    boolean deleteApplication(ApplicationToken token);

    /** Applications ordered by token, after {@code after} when given; for administrators only. */
    List<Application> listApplications(Optional<ApplicationToken> after, int limit);
}
