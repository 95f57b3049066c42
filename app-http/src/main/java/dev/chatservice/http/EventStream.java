package dev.chatservice.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One open {@code text/event-stream} response. It holds no thread: whoever has a frame writes it, one writer at
 * a time. A failed write means the client left, and ends the stream.
 */
final class EventStream {
    private static final System.Logger LOG = System.getLogger(EventStream.class.getName());

    private final OutputStream out;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final Consumer<EventStream> onEnd;
    /** Held for each write; a write to a slow client blocks until its socket drains or the idle timeout. */
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean ended;

    EventStream(OutputStream out, Consumer<EventStream> onEnd) {
        this.out = out;
        this.onEnd = onEnd;
    }

    /** Completes when the stream ended, for whatever reason; the server then finishes the response. */
    CompletableFuture<Void> finished() {
        return finished;
    }

    /** Writes and flushes a frame; false once the stream has ended. */
    boolean write(String frame) {
        lock.lock();
        try {
            return writeLocked(frame);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes a frame unless another write is under way, which then says as much as a heartbeat would; so a
     * stalled client holds at most the thread that writes it an event, never the heartbeat's.
     */
    void writeIfIdle(String frame) {
        if (lock.tryLock()) {
            try {
                writeLocked(frame);
            } finally {
                lock.unlock();
            }
        }
    }

    private boolean writeLocked(String frame) {
        if (ended) {
            return false;
        }
        try {
            out.write(frame.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "a stream's client went away: " + e.getMessage());
            end(null);
            return false;
        }
    }

    /** Ends the stream, after a last frame if one is given. Idempotent. */
    void end(String lastFrame) {
        lock.lock();
        try {
            if (ended) {
                return;
            }
            if (lastFrame != null && !writeLocked(lastFrame)) {
                return; // the failed write ended the stream already
            }
            ended = true;
        } finally {
            lock.unlock();
        }
        onEnd.accept(this);
        finished.complete(null);
    }

    boolean ended() {
        return ended;
    }
}
