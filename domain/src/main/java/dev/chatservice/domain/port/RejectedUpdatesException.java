package dev.chatservice.domain.port;

import java.util.List;

/**
 * Some search updates were refused for good (retrying cannot help, e.g. a mapping conflict); every other update
 * of the same call was applied. The caller gives the rejected ones up rather than let them block the rest.
 */
public final class RejectedUpdatesException extends RuntimeException {
    private final transient List<SearchUpdate> rejected;

    public RejectedUpdatesException(List<SearchUpdate> rejected, String detail) {
        super(rejected.size() + " search update(s) rejected for good: " + detail);
        this.rejected = List.copyOf(rejected);
    }

    public List<SearchUpdate> rejected() {
        return rejected;
    }
}
