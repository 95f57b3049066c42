package dev.chatservice.redis;

import dev.chatservice.domain.memory.InMemoryNumberCeilings;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.port.DependencyUnavailableException;
import dev.chatservice.domain.port.NumberCeilings;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** In-memory {@link NumberCeilings} that records every reservation and its thread, and can be taken down. */
final class RecordingCeilings implements NumberCeilings {
    /** One reservation asked for: how many numbers, on which thread, and whether it was granted. */
    record Call(int count, String thread, boolean granted) {}

    private final InMemoryNumberCeilings real = new InMemoryNumberCeilings();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile boolean down;

    List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Makes every later reservation fail as MySQL does when it is down, or answer again. */
    void setDown(boolean down) {
        this.down = down;
    }

    /** The current durable chat ceiling of an application, without recording a call. */
    long chatCeiling(ApplicationToken application) {
        return real.reserveChatNumbers(application, 0);
    }

    @Override
    public long reserveChatNumbers(ApplicationToken application, int count) {
        return record(count, () -> real.reserveChatNumbers(application, count));
    }

    @Override
    public long reserveMessageNumbers(ChatRef chat, int count) {
        return record(count, () -> real.reserveMessageNumbers(chat, count));
    }

    private long record(int count, java.util.function.LongSupplier reservation) {
        calls.add(new Call(count, Thread.currentThread().getName(), !down));
        if (down) {
            throw new DependencyUnavailableException("mysql", "database unavailable", null);
        }
        return reservation.getAsLong();
    }
}
