package dev.chatservice.domain.contract;

import static dev.chatservice.domain.contract.Fixtures.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.port.ChangeFanOut;
import dev.chatservice.domain.port.ChangeSignal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The promises every {@link ChangeFanOut} keeps; each implementation's test extends this class. A test plays
 * a worker that publishes and one or two HTTP nodes that listen, each node on a fan-out of its own where the
 * implementation has one per process.
 */
public abstract class AbstractChangeFanOutTest {
    /** Generous: a broker delivers in milliseconds, and a slow machine must not fail a correct adapter. */
    private static final long WAIT_SECONDS = 10;
    private static final String RESYNC = "resync";

    private final List<ChangeFanOut.Subscription> subscriptions = new ArrayList<>();
    private ChangeFanOut worker;
    private ApplicationToken token;

    /** A fan-out for one process; all those a test makes share one medium (broker, or memory). */
    protected abstract ChangeFanOut newNode() throws Exception;

    /** Releases what {@link #newNode()} made. */
    protected void closeNodes() throws Exception {}

    @BeforeEach
    void setUpFanOut() throws Exception {
        worker = newNode();
        token = token();
    }

    @AfterEach
    void tearDownFanOut() throws Exception {
        try {
            subscriptions.forEach(ChangeFanOut.Subscription::close);
        } finally {
            closeNodes();
        }
    }

    /** Records what a listener is told: signals as they are, resyncs as {@link #RESYNC}. */
    private final class Recorder implements ChangeFanOut.ChangeListener {
        final LinkedBlockingQueue<Object> heard = new LinkedBlockingQueue<>();

        @Override
        public void signal(ChangeSignal signal) {
            heard.add(signal);
        }

        @Override
        public void resync() {
            heard.add(RESYNC);
        }

        Object next() throws InterruptedException {
            Object next = heard.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(next, "nothing heard within " + WAIT_SECONDS + " s");
            return next;
        }
    }

    private Recorder listenOn(ChangeFanOut node) throws InterruptedException {
        Recorder recorder = new Recorder();
        subscriptions.add(node.listen(recorder));
        assertEquals(RESYNC, recorder.next(), "a listener first re-reads the feed");
        return recorder;
    }

    private ChangeSignal changed(int chat, long seq) {
        return new ChangeSignal.ChatChanged(token, new ChatNumber(chat), seq);
    }

    @Test
    void listen_started_resyncsFirst() throws Exception {
        Recorder recorder = listenOn(newNode());
        assertEquals(List.of(), List.copyOf(recorder.heard));
    }

    @Test
    void publish_twoListeningNodes_eachHearsEverySignalInOrder() throws Exception {
        Recorder first = listenOn(newNode());
        Recorder second = listenOn(newNode());
        List<ChangeSignal> signals = List.of(new ChangeSignal.ChatCreated(token, new ChatNumber(1)), changed(1, 1),
                changed(1, 2), changed(2, 1));

        worker.publish(signals);

        for (Recorder recorder : List.of(first, second)) {
            List<Object> heard = new ArrayList<>();
            for (int i = 0; i < signals.size(); i++) {
                heard.add(recorder.next());
            }
            assertEquals(signals, heard);
        }
    }

    @Test
    void publish_nobodyListening_isNotKeptForLaterListeners() throws Exception {
        worker.publish(List.of(changed(1, 1)));
        worker.publish(List.of());
        Recorder later = listenOn(newNode());

        worker.publish(List.of(changed(1, 2)));

        assertEquals(changed(1, 2), later.next());
    }

    @Test
    void close_subscription_stopsDelivery() throws Exception {
        ChangeFanOut node = newNode();
        Recorder closed = listenOn(node);
        Recorder open = listenOn(node);
        subscriptions.remove(subscriptions.size() - 2).close();

        worker.publish(List.of(changed(1, 7)));

        // Once the open listener heard it, a closed one that would still hear it has had every chance to.
        assertEquals(changed(1, 7), open.next());
        assertEquals(List.of(), List.copyOf(closed.heard));
    }

    @Test
    void close_twice_isHarmless() throws Exception {
        ChangeFanOut.Subscription subscription = newNode().listen(new Recorder());
        subscription.close();
        subscription.close();
        worker.publish(List.of(changed(3, 1)));
        Recorder later = listenOn(newNode());
        worker.publish(List.of(changed(3, 2)));
        assertEquals(changed(3, 2), later.next());
    }
}
