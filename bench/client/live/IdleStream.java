package live;

import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One of IdleStreams' streams: its answer's status, whether its first frame has come (it is open) and whether it
 * has ended, and the lines read (a heartbeat adds some). Holds one of the opening permits from its request until
 * it is open, refused or ended.
 */
final class IdleStream {
    volatile int status;
    volatile boolean open;
    volatile boolean ended;
    final AtomicLong lines = new AtomicLong();
    volatile long linesAtHold = -1;

    boolean openNow() {
        return open && !ended;
    }

    /** The reader of the stream's lines once its 200 has come; gives the permit back at the first one. */
    Flow.Subscriber<String> reader(Semaphore opening) {
        return new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(String line) {
                if (lines.getAndIncrement() == 0) {
                    open = true; // the node's first frame
                    opening.release();
                }
            }

            @Override
            public void onError(Throwable throwable) {
                end();
            }

            @Override
            public void onComplete() {
                end();
            }

            private void end() {
                ended = true;
                if (!open) {
                    opening.release();
                }
            }
        };
    }
}
