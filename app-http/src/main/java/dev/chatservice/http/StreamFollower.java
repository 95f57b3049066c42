package dev.chatservice.http;

import dev.chatservice.domain.model.ChatChange;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * One stream's place in one chat: the seq it sent last. Only the chat's {@link ChatTail}, one read at a time,
 * moves it, so a change is sent at most once and in seq order.
 */
final class StreamFollower {
    /** No seq known yet: an application stream that has not met this chat since it opened. */
    static final long UNSEEN = -1;

    final EventStream stream;
    private final Function<ChatChange, String> encoder;
    /** For an unseen chat: changes older than the stream are not news to it. */
    private final Optional<Instant> notBefore;
    private volatile long cursor;
    private volatile boolean announced;

    StreamFollower(EventStream stream, Function<ChatChange, String> encoder, long cursor, Optional<Instant> notBefore) {
        this.stream = stream;
        this.encoder = encoder;
        this.cursor = cursor;
        this.notBefore = notBefore;
    }

    long cursor() {
        return cursor;
    }

    /** Sends the change unless this stream has it already (or, unseen, it predates the stream); true if sent. */
    boolean offer(ChatChange change) {
        if (change.seq() <= cursor) {
            return false;
        }
        boolean unseen = cursor == UNSEEN;
        cursor = change.seq();
        if (unseen && notBefore.isPresent() && change.at().isBefore(notBefore.get())) {
            return false;
        }
        return stream.write(encoder.apply(change));
    }

    /** A new chat starts at seq 0 for this stream; false if it was met before (its announcement is late). */
    boolean startNew() {
        if (announced || cursor != UNSEEN) {
            return false;
        }
        announced = true;
        cursor = 0;
        return true;
    }
}
