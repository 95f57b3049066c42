package dev.chatservice.domain.port;

import java.util.List;

/**
 * Carries the ledger's {@link ChangeSignal}s from the workers that commit changes to every node that serves live
 * streams. Best-effort on purpose: the change feed is what makes streams complete, so a signal may be lost, and a
 * listener that (re)connects is told to re-read the feed instead of being sent what it missed.
 */
public interface ChangeFanOut {

    /**
     * Announces committed changes to the nodes listening now; nothing is kept for a node that is not.
     *
     * @throws DependencyUnavailableException if the broker cannot take them now; the caller may log it and go on,
     *                                        since listeners recover from the feed
     */
    void publish(List<ChangeSignal> signals);

    /**
     * Starts delivering signals to {@code listener}, whose {@link ChangeListener#resync()} is called once
     * delivery runs and again each time it resumes after an interruption. Close the subscription to stop.
     */
    Subscription listen(ChangeListener listener);

    /** What a listening node is told. Calls may come from any thread, but never two at once. */
    interface ChangeListener {

        /** A change was committed; the signal says up to which seq. */
        void signal(ChangeSignal signal);

        /** Signals may have been missed: re-read the feed of everything followed. */
        void resync();
    }

    /** A listener's registration; closing it stops delivery and is idempotent. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
