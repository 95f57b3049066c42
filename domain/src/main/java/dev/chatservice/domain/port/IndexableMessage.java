package dev.chatservice.domain.port;

import java.util.Objects;

/** A live message as the index should hold it, with its storage position for resuming a scan. */
public record IndexableMessage(long position, SearchUpdate.IndexMessage update) {
    public IndexableMessage {
        Objects.requireNonNull(update, "update");
    }
}
