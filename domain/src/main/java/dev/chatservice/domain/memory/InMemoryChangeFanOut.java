package dev.chatservice.domain.memory;

import dev.chatservice.domain.port.ChangeFanOut;
import dev.chatservice.domain.port.ChangeSignal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fan-out within one process: every listener gets every signal published after it started listening, on the
 * publisher's thread. Thread-safe; each listener's calls are serialized so it never sees two at once.
 */
public final class InMemoryChangeFanOut implements ChangeFanOut {
    private static final System.Logger LOG = System.getLogger(InMemoryChangeFanOut.class.getName());

    private final CopyOnWriteArrayList<Registration> listeners = new CopyOnWriteArrayList<>();

    @Override
    public void publish(List<ChangeSignal> signals) {
        List<ChangeSignal> copy = List.copyOf(signals);
        for (Registration registration : listeners) {
            for (ChangeSignal signal : copy) {
                registration.deliver(signal);
            }
        }
    }

    @Override
    public Subscription listen(ChangeListener listener) {
        Registration registration = new Registration(listener);
        listeners.add(registration);
        registration.resync();
        return () -> listeners.remove(registration);
    }

    /** A class, not a record: two registrations of one listener are distinct. */
    private static final class Registration {
        private final ChangeListener listener;

        Registration(ChangeListener listener) {
            this.listener = listener;
        }

        synchronized void deliver(ChangeSignal signal) {
            try {
                listener.signal(signal);
            } catch (RuntimeException e) {
                // A listener's failure is its own; the publisher (a worker after its commit) must not see it.
                LOG.log(System.Logger.Level.WARNING, "a change listener failed: " + e.getMessage(), e);
            }
        }

        synchronized void resync() {
            try {
                listener.resync();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a change listener failed to resync: " + e.getMessage(), e);
            }
        }
    }
}
