package live;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * bench/run's idle-stream client (JDK only; compiled by bench/lib/section-live.sh, see IdleStream and NodeProbe).
 *
 * <pre>
 *   javac -d CLASSES bench/client/live/*.java
 *   java -cp CLASSES live.IdleStreams --url URL --token T --chats FIRST-LAST --streams 2000 --pid NODE_PID
 *        [--hold 20] [--parallel 32] [--open-timeout 90]
 * </pre>
 *
 * Opens STREAMS chat event streams on one HTTP node, spread round-robin over the chats FIRST..LAST (which get
 * no writes meanwhile: the streams stay idle but for the node's heartbeats), at most PARALLEL opening at once.
 * A stream counts as open once its 200 and the node's first frame have arrived. Then it holds them HOLD seconds
 * (longer than the 15 s within which each stream gets a heartbeat), sampling the node's resident memory
 * (VmRSS of /proc/NODE_PID/status) every second, and at the end counts the streams still open and those that
 * got a heartbeat during the hold, and reads the node's own gauge of open streams from its /metrics. Exiting
 * closes every stream. Prints one JSON object on stdout; progress on stderr.
 */
public final class IdleStreams {
    private static final Progress PROGRESS = new Progress("IdleStreams");

    private IdleStreams() {
    }

    public static void main(String[] args) throws Exception {
        Options opt = new Options(args);
        String url = opt.need("url");
        String token = opt.need("token");
        String[] range = opt.need("chats").split("-");
        int firstChat = Integer.parseInt(range[0]);
        int lastChat = Integer.parseInt(range[range.length - 1]);
        int count = Integer.parseInt(opt.need("streams"));
        long pid = Long.parseLong(opt.need("pid"));
        int hold = Integer.parseInt(opt.get("hold", "20"));
        int parallel = Integer.parseInt(opt.get("parallel", "32"));
        int openTimeout = Integer.parseInt(opt.get("open-timeout", "90"));

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        NodeProbe node = new NodeProbe(pid, client, url, PROGRESS);
        long rssBefore = node.rssKib();
        long gaugeBefore = node.gauge();
        PROGRESS.say("node pid " + pid + " RSS " + rssBefore / 1024 + " MiB, " + gaugeBefore
                + " streams open on it; opening " + count + " streams on chats " + firstChat + "-" + lastChat);

        IdleStream[] streams = new IdleStream[count];
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        AtomicInteger failures = new AtomicInteger();
        Semaphore opening = new Semaphore(parallel);
        long start = System.nanoTime();
        long openDeadline = start + TimeUnit.SECONDS.toNanos(openTimeout);
        int attempted = 0;
        for (int i = 0; i < count; i++) {
            long left = openDeadline - System.nanoTime();
            if (left <= 0 || !opening.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                break;
            }
            attempted++;
            IdleStream s = streams[i] = new IdleStream();
            int chat = firstChat + i % (lastChat - firstChat + 1);
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create(url + "/applications/" + token + "/chats/" + chat + "/events"))
                    .header("Accept", "text/event-stream").GET().build();
            client.sendAsync(request, info -> {
                s.status = info.statusCode();
                statuses.merge(info.statusCode(), 1, Integer::sum);
                if (info.statusCode() != 200) {
                    opening.release();
                    return HttpResponse.BodySubscribers.discarding();
                }
                return HttpResponse.BodySubscribers.fromLineSubscriber(s.reader(opening));
            }).whenComplete((response, error) -> {
                if (error != null) {
                    failures.incrementAndGet();
                    s.ended = true;
                    if (!s.open && s.status == 0) {
                        opening.release();
                    }
                }
            });
            if (i % 250 == 249) {
                PROGRESS.say((i + 1) + " requested, " + countOpen(streams) + " open");
            }
        }
        // Every request answered (or the deadline): all PARALLEL permits back, or nothing more to wait for.
        while (System.nanoTime() < openDeadline && !opening.tryAcquire(parallel, 100, TimeUnit.MILLISECONDS)) {
            // waiting for the last streams' first frames
        }
        double openSeconds = (System.nanoTime() - start) / 1e9;
        int opened = countOpen(streams);
        long rssOpen = node.rssKib();
        PROGRESS.say(String.format(Locale.ROOT, "%d of %d open after %.1f s (statuses %s); node RSS %d MiB; holding %d s",
                opened, count, openSeconds, statuses, rssOpen / 1024, hold));

        for (IdleStream s : streams) {
            if (s != null) {
                s.linesAtHold = s.lines.get();
            }
        }
        long rssMax = rssOpen;
        long rssSum = 0;
        int samples = 0;
        for (int t = 0; t < hold; t++) {
            Thread.sleep(1000);
            long rss = node.rssKib();
            rssMax = Math.max(rssMax, rss);
            rssSum += rss;
            samples++;
        }
        long gaugeHeld = node.gauge();
        int openAtEnd = 0;
        int heartbeatDuringHold = 0;
        for (IdleStream s : streams) {
            if (s != null && s.openNow()) {
                openAtEnd++;
                if (s.lines.get() > s.linesAtHold) {
                    heartbeatDuringHold++;
                }
            }
        }
        long rssEnd = node.rssKib();
        System.out.println(String.format(Locale.ROOT,
                "{\"requested\":%d,\"attempted\":%d,\"opened\":%d,\"open_seconds\":%.1f,\"answers_by_status\":%s,"
                        + "\"request_failures\":%d,\"hold_s\":%d,\"open_at_end\":%d,\"heartbeat_during_hold\":%d,"
                        + "\"node_gauge_before\":%d,\"node_gauge_held\":%d,"
                        + "\"rss_kib\":{\"before\":%d,\"all_open\":%d,\"hold_max\":%d,\"hold_mean\":%d,\"end\":%d},"
                        + "\"rss_growth_per_stream_kib\":%.1f}",
                count, attempted, opened, openSeconds, Json.statuses(statuses), failures.get(), hold, openAtEnd,
                heartbeatDuringHold, gaugeBefore, gaugeHeld, rssBefore, rssOpen, rssMax,
                samples > 0 ? rssSum / samples : rssOpen, rssEnd,
                opened > 0 ? (rssMax - rssBefore) / (double) opened : 0.0));
        PROGRESS.say(openAtEnd + " streams open at the end of the hold, " + heartbeatDuringHold
                + " got a heartbeat during it; node gauge " + gaugeHeld + "; node RSS max " + rssMax / 1024 + " MiB");
        System.exit(0);
    }

    private static int countOpen(IdleStream[] streams) {
        int n = 0;
        for (IdleStream s : streams) {
            if (s != null && s.openNow()) {
                n++;
            }
        }
        return n;
    }
}
