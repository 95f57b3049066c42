import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * bench/run's idle-stream client (JDK only; run as {@code java bench/client/IdleStreams.java ...}).
 *
 * <pre>
 *   IdleStreams --url URL --token T --chats FIRST-LAST --streams 2000 --pid NODE_PID [--hold 20]
 *               [--parallel 32] [--open-timeout 90]
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
    private static final class Stream {
        volatile int status;
        volatile boolean open;
        volatile boolean ended;
        final AtomicLong lines = new AtomicLong();
        volatile long linesAtHold = -1;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String url = need(opt, "url");
        String token = need(opt, "token");
        String[] range = need(opt, "chats").split("-");
        int firstChat = Integer.parseInt(range[0]);
        int lastChat = Integer.parseInt(range[range.length - 1]);
        int count = Integer.parseInt(need(opt, "streams"));
        long pid = Long.parseLong(need(opt, "pid"));
        int hold = Integer.parseInt(opt.getOrDefault("hold", "20"));
        int parallel = Integer.parseInt(opt.getOrDefault("parallel", "32"));
        int openTimeout = Integer.parseInt(opt.getOrDefault("open-timeout", "90"));

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        long rssBefore = rssKib(pid);
        long gaugeBefore = gauge(client, url);
        progress("node pid " + pid + " RSS " + rssBefore / 1024 + " MiB, " + gaugeBefore
                + " streams open on it; opening " + count + " streams on chats " + firstChat + "-" + lastChat);

        Stream[] streams = new Stream[count];
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
            Stream s = streams[i] = new Stream();
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
                return HttpResponse.BodySubscribers.fromLineSubscriber(new Flow.Subscriber<String>() {
                    @Override
                    public void onSubscribe(Flow.Subscription subscription) {
                        subscription.request(Long.MAX_VALUE);
                    }

                    @Override
                    public void onNext(String line) {
                        if (s.lines.getAndIncrement() == 0) {
                            s.open = true; // the node's first frame
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
                        s.ended = true;
                        if (!s.open) {
                            opening.release();
                        }
                    }
                });
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
                progress((i + 1) + " requested, " + countOpen(streams) + " open");
            }
        }
        // Every request answered (or the deadline): all PARALLEL permits back, or nothing more to wait for.
        while (System.nanoTime() < openDeadline && !opening.tryAcquire(parallel, 100, TimeUnit.MILLISECONDS)) {
            // waiting for the last streams' first frames
        }
        double openSeconds = (System.nanoTime() - start) / 1e9;
        int opened = countOpen(streams);
        long rssOpen = rssKib(pid);
        progress(String.format(Locale.ROOT, "%d of %d open after %.1f s (statuses %s); node RSS %d MiB; holding %d s",
                opened, count, openSeconds, statuses, rssOpen / 1024, hold));

        for (Stream s : streams) {
            if (s != null) {
                s.linesAtHold = s.lines.get();
            }
        }
        long rssMax = rssOpen;
        long rssSum = 0;
        int samples = 0;
        for (int t = 0; t < hold; t++) {
            Thread.sleep(1000);
            long rss = rssKib(pid);
            rssMax = Math.max(rssMax, rss);
            rssSum += rss;
            samples++;
        }
        long gaugeHeld = gauge(client, url);
        int openAtEnd = 0;
        int heartbeatDuringHold = 0;
        for (Stream s : streams) {
            if (s != null && s.open && !s.ended) {
                openAtEnd++;
                if (s.lines.get() > s.linesAtHold) {
                    heartbeatDuringHold++;
                }
            }
        }
        long rssEnd = rssKib(pid);
        StringBuilder statusJson = new StringBuilder("{");
        statuses.forEach((k, v) -> statusJson.append(statusJson.length() > 1 ? "," : "").append('"').append(k)
                .append("\":").append(v));
        statusJson.append('}');
        System.out.println(String.format(Locale.ROOT,
                "{\"requested\":%d,\"attempted\":%d,\"opened\":%d,\"open_seconds\":%.1f,\"answers_by_status\":%s,"
                        + "\"request_failures\":%d,\"hold_s\":%d,\"open_at_end\":%d,\"heartbeat_during_hold\":%d,"
                        + "\"node_gauge_before\":%d,\"node_gauge_held\":%d,"
                        + "\"rss_kib\":{\"before\":%d,\"all_open\":%d,\"hold_max\":%d,\"hold_mean\":%d,\"end\":%d},"
                        + "\"rss_growth_per_stream_kib\":%.1f}",
                count, attempted, opened, openSeconds, statusJson, failures.get(), hold, openAtEnd,
                heartbeatDuringHold, gaugeBefore, gaugeHeld, rssBefore, rssOpen, rssMax,
                samples > 0 ? rssSum / samples : rssOpen, rssEnd,
                opened > 0 ? (rssMax - rssBefore) / (double) opened : 0.0));
        progress(openAtEnd + " streams open at the end of the hold, " + heartbeatDuringHold
                + " got a heartbeat during it; node gauge " + gaugeHeld + "; node RSS max " + rssMax / 1024 + " MiB");
        System.exit(0);
    }

    private static int countOpen(Stream[] streams) {
        int n = 0;
        for (Stream s : streams) {
            if (s != null && s.open && !s.ended) {
                n++;
            }
        }
        return n;
    }

    /** The node's resident set (KiB), or -1 when its /proc entry cannot be read. */
    static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            progress("cannot read the RSS of pid " + pid + ": " + e);
        }
        return -1;
    }

    /** The node's own count of open streams (gauge chat_streams_open of /metrics), or -1. */
    static long gauge(HttpClient client, String url) {
        try {
            HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(URI.create(url + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            for (String line : metrics.body().split("\n")) {
                if (line.startsWith("chat_streams_open")) {
                    return Math.round(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
                }
            }
        } catch (IOException | RuntimeException e) {
            progress("cannot read " + url + "/metrics: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return -1;
    }

    static void progress(String line) {
        System.err.println("IdleStreams: " + line);
    }

    private static String need(Map<String, String> opt, String name) {
        String v = opt.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }
}
