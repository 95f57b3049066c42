package dev.chatservice.wiring;

import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.port.CommandQueue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** A {@link CommandQueue} that times each publish until the broker's confirm: a write's durability wait. */
public final class TimedCommandQueue implements CommandQueue {
    private final CommandQueue delegate;
    private final Timer confirmed;
    private final Timer failed;

    public TimedCommandQueue(CommandQueue delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.confirmed = timer(registry, "confirmed");
        this.failed = timer(registry, "failed");
    }

    private static Timer timer(MeterRegistry registry, String outcome) {
        return Timer.builder("chat.queue.publish").description("One publish, until the broker confirmed it")
                .tag("outcome", outcome).publishPercentileHistogram().register(registry);
    }

    @Override
    public void publish(Command command) {
        long started = System.nanoTime();
        try {
            delegate.publish(command);
            confirmed.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            failed.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
            throw e;
        }
    }

    @Override
    public Subscription subscribe(BatchHandler handler) {
        return delegate.subscribe(handler);
    }
}
