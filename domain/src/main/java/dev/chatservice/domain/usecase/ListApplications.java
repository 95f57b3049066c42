package dev.chatservice.domain.usecase;

import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.InvalidValueException;
import dev.chatservice.domain.model.PageRequest;
import dev.chatservice.domain.port.ApplicationRegistry;
import java.util.List;
import java.util.Optional;

/** Lists every application, for administrators, ordered by token. */
public final class ListApplications {
    private final ApplicationRegistry applications;

    public ListApplications(ApplicationRegistry applications) {
        this.applications = applications;
    }

    /** One page: the applications, and the token to continue after if there are more. */
    public record Result(List<Application> items, Optional<ApplicationToken> next) {}

    public Result list(Optional<ApplicationToken> after, int limit) {
        if (limit < 1 || limit > PageRequest.MAX_LIMIT) {
            throw new InvalidValueException(InvalidValueException.Field.PAGE_LIMIT, "limit must be between 1 and " + PageRequest.MAX_LIMIT);
        }
        List<Application> fetched = applications.listApplications(after, limit + 1);
        if (fetched.size() <= limit) {
            return new Result(fetched, Optional.empty());
        }
        List<Application> items = fetched.subList(0, limit);
        return new Result(items, Optional.of(items.get(limit - 1).token()));
    }
}
