package live;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;

/**
 * The POSTs to node A: scheduled at start + i / rate and queued; a pool of threads, each on a keep-alive
 * connection of its own, take them in order. A send waits in the queue only while every connection awaits an
 * answer, so the answers do not hold the schedule back; the queue is bounded, and a send that finds it full is
 * skipped (counted). Plain sockets (RawHttp) rather than java.net.http: its per-request cost was the bottleneck
 * of this client on the shared 2 cores, and the 202s then reached it late.
 */
final class Senders {
    private final BlockingQueue<long[]> queue;
    private final int senders;
    final AtomicInteger skipped = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    /** Sends queued or on the wire, not yet answered. */
    final AtomicInteger pending = new AtomicInteger();
    long start;
    long end;
    long maxLag;

    /**
     * Starts SENDERS threads that POST message I of the schedule to chat CHATS[I % CHATS.length] on POST_BASE;
     * the 202s of the sends from MEASURED_FROM on count for the latency.
     */
    Senders(String postBase, String token, int[] chats, long measuredFrom, int senders, int maxQueued,
            Deliveries deliveries) {
        this.queue = new ArrayBlockingQueue<>(maxQueued);
        this.senders = senders;
        URI post = URI.create(postBase);
        String pathPrefix = "/applications/" + token + "/chats/";
        for (int w = 0; w < senders; w++) {
            Thread t = new Thread(() -> {
                RawHttp conn = null;
                while (true) {
                    long[] task;
                    try {
                        task = queue.take();
                    } catch (InterruptedException e) {
                        break;
                    }
                    if (task[0] < 0) {
                        break; // the end
                    }
                    int chat = chats[(int) (task[0] % chats.length)];
                    try {
                        if (conn == null) {
                            conn = new RawHttp(post.getHost(), post.getPort());
                        }
                        RawHttp.Answer answer = conn.post(pathPrefix + chat + "/messages",
                                "{\"body\":\"live bench message " + task[0] + "\"}");
                        statuses.merge(answer.status(), 1, Integer::sum);
                        Matcher m = EventStream.NUMBER.matcher(answer.body());
                        if (answer.status() == 202 && m.find()) {
                            deliveries.answered(chat, Long.parseLong(m.group(1)), task[0] >= measuredFrom, task[1],
                                    answer.arrivedNanos());
                        }
                        if (!answer.keepAlive()) {
                            conn.close();
                            conn = null;
                        }
                    } catch (IOException | RuntimeException e) {
                        failed.incrementAndGet();
                        if (conn != null) {
                            conn.close();
                        }
                        conn = null;
                    } finally {
                        pending.decrementAndGet();
                    }
                }
                if (conn != null) {
                    conn.close();
                }
            }, "sender-" + w);
            t.setDaemon(true);
            t.start();
        }
    }

    /** Queues TOTAL sends at RATE per second from 50 ms from now, then the threads' end; returns at the last. */
    void send(long total, double rate) throws InterruptedException {
        double periodNanos = 1e9 / rate;
        start = System.nanoTime() + 50_000_000L;
        for (long i = 0; i < total; i++) {
            long at = start + Math.round(i * periodNanos);
            long wait;
            while ((wait = at - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            maxLag = Math.max(maxLag, System.nanoTime() - at);
            pending.incrementAndGet();
            if (!queue.offer(new long[] {i, at})) {
                pending.decrementAndGet();
                skipped.incrementAndGet(); // maxQueued sends already wait for a free connection
            }
        }
        for (int w = 0; w < senders; w++) {
            queue.put(new long[] {-1, 0});
        }
        end = System.nanoTime();
    }

    /** The answers other than 202. */
    int non202() {
        return statuses.entrySet().stream().filter(e -> e.getKey() != 202).mapToInt(Map.Entry::getValue).sum();
    }
}
