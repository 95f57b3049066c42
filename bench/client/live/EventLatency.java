package live;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

/**
 * bench/run's live-event latency client (JDK only; compiled by bench/lib/section-live.sh, see Senders,
 * EventStream, Deliveries and LatencyReport).
 *
 * <pre>
 *   javac -d CLASSES bench/client/live/*.java
 *   java -cp CLASSES live.EventLatency --post URL_A --stream URL_B --token T [--chats 4] --rate R [--warmup 3]
 *        [--duration 30] [--grace 30] [--senders 64] [--max-queued 2048]
 * </pre>
 *
 * Creates a few fresh chats through node A, opens each chat's event stream on node B, then POSTs messages to
 * node A at a constant rate: send times are scheduled (i / rate after the start) and taken by 64 threads, each
 * on a keep-alive connection of its own, so a slow answer does not lower the rate unless all 64 wait for one.
 * Each 202's message number and arrival time is matched with the arrival time of that message's
 * {@code message.created} event on node B. Messages scheduled in the first {@code warmup} seconds count for the
 * exactly-once check but not for the latency percentiles. After the last send it waits up to {@code grace}
 * seconds for the missing events, then 2 s more for late duplicates. Prints one JSON object on stdout; progress
 * on stderr.
 */
public final class EventLatency {
    private static final Progress PROGRESS = new Progress("EventLatency");

    private EventLatency() {
    }

    public static void main(String[] args) throws Exception {
        Options opt = new Options(args);
        String postBase = opt.need("post");
        String streamBase = opt.need("stream");
        String token = opt.need("token");
        int chatCount = Integer.parseInt(opt.get("chats", "4"));
        double rate = Double.parseDouble(opt.need("rate"));
        double warmup = Double.parseDouble(opt.get("warmup", "3"));
        double duration = Double.parseDouble(opt.get("duration", "30"));
        double grace = Double.parseDouble(opt.get("grace", "30"));
        int maxQueued = Integer.parseInt(opt.get("max-queued", "2048"));
        int senderCount = Integer.parseInt(opt.get("senders", "64"));
        if (rate <= 0 || duration <= 0) {
            throw new IllegalArgumentException("--rate and --duration must be positive");
        }

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        // The streams get a client of their own, so that the POSTs' connections never queue behind them.
        HttpClient streamClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();

        int[] chats = new int[chatCount];
        for (int i = 0; i < chatCount; i++) {
            HttpResponse<String> created = client.send(HttpRequest.newBuilder(
                            URI.create(postBase + "/applications/" + token + "/chats"))
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = EventStream.NUMBER.matcher(created.body());
            if (created.statusCode() != 202 || !m.find()) {
                throw new IllegalStateException("chat creation answered " + created.statusCode() + ": " + created.body());
            }
            chats[i] = Integer.parseInt(m.group(1));
        }
        PROGRESS.say("created chats " + Arrays.toString(chats) + " through " + postBase);

        Deliveries deliveries = new Deliveries();
        CountDownLatch open = new CountDownLatch(chatCount);
        List<Integer> refused = new ArrayList<>();
        for (int chat : chats) {
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create(streamBase + "/applications/" + token + "/chats/" + chat + "/events"))
                    .header("Accept", "text/event-stream").GET().build();
            streamClient.sendAsync(request, info -> {
                if (info.statusCode() != 200) {
                    synchronized (refused) {
                        refused.add(info.statusCode());
                    }
                    open.countDown();
                    return HttpResponse.BodySubscribers.discarding();
                }
                return HttpResponse.BodySubscribers.fromLineSubscriber(
                        new EventStream(chat, open, deliveries, PROGRESS));
            }).whenComplete((response, error) -> {
                if (error != null) {
                    PROGRESS.say("stream of chat " + chat + " failed: " + error);
                    open.countDown();
                }
            });
        }
        if (!open.await(20, TimeUnit.SECONDS) || !refused.isEmpty()) {
            throw new IllegalStateException("the streams on " + streamBase + " did not all open within 20 s"
                    + (refused.isEmpty() ? "" : "; statuses " + refused));
        }
        PROGRESS.say("streams open on " + streamBase + "; sending " + rate + " msg/s to " + postBase + " for "
                + warmup + " s warm-up + " + duration + " s");

        long total = Math.round(rate * (warmup + duration));
        long measuredFrom = Math.round(rate * warmup);
        Senders senders = new Senders(postBase, token, chats, measuredFrom, senderCount, maxQueued, deliveries);
        senders.send(total, rate);
        PROGRESS.say(String.format(Locale.ROOT, "sent %d in %.1f s (%d skipped: too many sends queued);"
                + " waiting up to %.0f s for the answers and events", total - senders.skipped.get(),
                (senders.end - senders.start) / 1e9, senders.skipped.get(), grace));

        long deadline = senders.end + (long) (grace * 1e9);
        while (System.nanoTime() < deadline && (senders.pending.get() > 0 || deliveries.missing() > 0)) {
            Thread.sleep(100);
        }
        long tailWaitedNanos = System.nanoTime() - senders.end;
        Thread.sleep(2000); // late duplicates, if any, arrive now

        new LatencyReport(deliveries).print(new LatencyReport.Setup(postBase, streamBase, chats, rate, warmup,
                duration, total), senders, deliveries, tailWaitedNanos, PROGRESS);
        System.exit(0);
    }
}
