import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bench/run's live-event latency client (JDK only; run as {@code java bench/client/EventLatency.java ...}).
 *
 * <pre>
 *   EventLatency --post URL_A --stream URL_B --token T [--chats 4] --rate R [--warmup 3] [--duration 30]
 *                [--grace 30] [--senders 64] [--max-queued 2048]
 * </pre>
 *
 * Creates a few fresh chats through node A, opens each chat's event stream on node B, then POSTs messages to
 * node A at a constant rate: send times are scheduled (i / rate after the start) and taken by 64 threads, each
 * on a keep-alive connection of its own, so a slow answer does not lower the rate unless all 64 wait for one. Each 202's message number and arrival time is matched with
 * the arrival time of that message's {@code message.created} event on node B. Messages scheduled in the first
 * {@code warmup} seconds count for the exactly-once check but not for the latency percentiles. After the last
 * send it waits up to {@code grace} seconds for the missing events, then 2 s more for late duplicates.
 * Prints one JSON object on stdout; progress on stderr.
 */
public final class EventLatency {
    private static final Pattern NUMBER = Pattern.compile("\"number\":(\\d+)");

    /** What happened to one accepted message: when it was sent, when its 202 and its first event arrived (nanoTime). */
    private static final class Seen {
        volatile boolean measured;
        volatile boolean answered;
        volatile long scheduled;
        volatile long accepted;
        volatile long event;
        final AtomicInteger events = new AtomicInteger();
    }

    private final Map<Long, Seen> seen = new ConcurrentHashMap<>();
    private final AtomicInteger unexpectedEvents = new AtomicInteger();
    private final AtomicInteger otherEvents = new AtomicInteger();
    private final AtomicInteger streamsEnded = new AtomicInteger();

    private static long key(int chat, long number) {
        return ((long) chat << 32) | number;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        new EventLatency().run(opt);
    }

    private void run(Map<String, String> opt) throws Exception {
        String postBase = need(opt, "post");
        String streamBase = need(opt, "stream");
        String token = need(opt, "token");
        int chatCount = Integer.parseInt(opt.getOrDefault("chats", "4"));
        double rate = Double.parseDouble(need(opt, "rate"));
        double warmup = Double.parseDouble(opt.getOrDefault("warmup", "3"));
        double duration = Double.parseDouble(opt.getOrDefault("duration", "30"));
        double grace = Double.parseDouble(opt.getOrDefault("grace", "30"));
        int maxInFlight = Integer.parseInt(opt.getOrDefault("max-queued", "2048"));
        int senders = Integer.parseInt(opt.getOrDefault("senders", "64"));
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
            Matcher m = NUMBER.matcher(created.body());
            if (created.statusCode() != 202 || !m.find()) {
                throw new IllegalStateException("chat creation answered " + created.statusCode() + ": " + created.body());
            }
            chats[i] = Integer.parseInt(m.group(1));
        }
        progress("created chats " + Arrays.toString(chats) + " through " + postBase);

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
                return HttpResponse.BodySubscribers.fromLineSubscriber(new EventParser(chat, open));
            }).whenComplete((response, error) -> {
                if (error != null) {
                    progress("stream of chat " + chat + " failed: " + error);
                    open.countDown();
                }
            });
        }
        if (!open.await(20, TimeUnit.SECONDS) || !refused.isEmpty()) {
            throw new IllegalStateException("the streams on " + streamBase + " did not all open within 20 s"
                    + (refused.isEmpty() ? "" : "; statuses " + refused));
        }
        progress("streams open on " + streamBase + "; sending " + rate + " msg/s to " + postBase + " for "
                + warmup + " s warm-up + " + duration + " s");

        // The sends: scheduled at start + i / rate and queued; $senders threads, each on a keep-alive connection
        // of its own, take them in order. A send waits in the queue only while every connection awaits an
        // answer, so the answers do not hold the schedule back; the queue is bounded, and a send that finds it
        // full is skipped (counted). Plain sockets rather than java.net.http: its per-request cost was the
        // bottleneck of this client on the shared 2 cores, and the 202s then reached it late.
        long total = Math.round(rate * (warmup + duration));
        long measuredFrom = Math.round(rate * warmup);
        double periodNanos = 1e9 / rate;
        BlockingQueue<long[]> queue = new ArrayBlockingQueue<>(maxInFlight);
        AtomicInteger skipped = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        AtomicInteger pending = new AtomicInteger();
        URI post = URI.create(postBase);
        String pathPrefix = "/applications/" + token + "/chats/";
        List<Thread> workers = new ArrayList<>();
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
                    int chat = chats[(int) (task[0] % chatCount)];
                    try {
                        if (conn == null) {
                            conn = new RawHttp(post.getHost(), post.getPort());
                        }
                        RawHttp.Answer answer = conn.post(pathPrefix + chat + "/messages",
                                "{\"body\":\"live bench message " + task[0] + "\"}");
                        statuses.merge(answer.status(), 1, Integer::sum);
                        Matcher m = NUMBER.matcher(answer.body());
                        if (answer.status() == 202 && m.find()) {
                            Seen s = seen.computeIfAbsent(key(chat, Long.parseLong(m.group(1))), k -> new Seen());
                            s.measured = task[0] >= measuredFrom;
                            s.scheduled = task[1];
                            s.accepted = answer.arrivedNanos();
                            s.answered = true;
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
            workers.add(t);
        }
        long start = System.nanoTime() + 50_000_000L;
        long maxLag = 0;
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
                skipped.incrementAndGet(); // $maxInFlight sends already wait for a free connection
            }
        }
        for (int w = 0; w < senders; w++) {
            queue.put(new long[] {-1, 0});
        }
        long sendEnd = System.nanoTime();
        progress(String.format(Locale.ROOT, "sent %d in %.1f s (%d skipped: too many sends queued);"
                + " waiting up to %.0f s for the answers and events", total - skipped.get(),
                (sendEnd - start) / 1e9, skipped.get(), grace));

        long deadline = sendEnd + (long) (grace * 1e9);
        while (System.nanoTime() < deadline && (pending.get() > 0 || missing() > 0)) {
            Thread.sleep(100);
        }
        long tailWaitedNanos = System.nanoTime() - sendEnd;
        Thread.sleep(2000); // late duplicates, if any, arrive now

        // The report.
        int accepted = 0, missing = 0, duplicates = 0, negative = 0, acceptedMeasured = 0;
        List<Double> latency = new ArrayList<>();
        List<Double> createLatency = new ArrayList<>();
        for (Seen s : seen.values()) {
            if (!s.answered) {
                continue; // an event whose 202 never came (a POST that timed out here): counted below
            }
            accepted++;
            int n = s.events.get();
            if (n == 0) {
                missing++;
            } else {
                duplicates += n - 1;
            }
            if (s.measured) {
                acceptedMeasured++;
                createLatency.add((s.accepted - s.scheduled) / 1e6);
                if (n > 0) {
                    double ms = (s.event - s.accepted) / 1e6;
                    if (ms < 0) {
                        negative++;
                    }
                    latency.add(ms);
                }
            }
        }
        int eventsWithoutAnswer = (int) seen.values().stream().filter(s -> !s.answered).count();
        int non202 = statuses.entrySet().stream().filter(e -> e.getKey() != 202).mapToInt(Map.Entry::getValue).sum();
        StringBuilder json = new StringBuilder();
        json.append('{');
        field(json, "post_node", quote(postBase)).append(',');
        field(json, "stream_node", quote(streamBase)).append(',');
        field(json, "chats", Arrays.toString(chats).replace(" ", "")).append(',');
        field(json, "target_rate_per_s", num(rate)).append(',');
        field(json, "warmup_s", num(warmup)).append(',');
        field(json, "duration_s", num(duration)).append(',');
        field(json, "scheduled", Long.toString(total)).append(',');
        field(json, "skipped_sends", Integer.toString(skipped.get())).append(',');
        field(json, "send_lag_max_ms", num(maxLag / 1e6)).append(',');
        field(json, "achieved_rate_per_s", num(acceptedMeasured / duration)).append(',');
        field(json, "answers_by_status", statusJson(statuses)).append(',');
        field(json, "post_failures", Integer.toString(failed.get())).append(',');
        field(json, "non_202", Integer.toString(non202)).append(',');
        field(json, "accepted", Integer.toString(accepted)).append(',');
        field(json, "accepted_measured", Integer.toString(acceptedMeasured)).append(',');
        field(json, "missing", Integer.toString(missing)).append(',');
        field(json, "duplicates", Integer.toString(duplicates)).append(',');
        field(json, "events_without_202", Integer.toString(eventsWithoutAnswer)).append(',');
        field(json, "unparsed_created_events", Integer.toString(unexpectedEvents.get())).append(',');
        field(json, "other_events", Integer.toString(otherEvents.get())).append(',');
        field(json, "streams_ended_early", Integer.toString(streamsEnded.get())).append(',');
        field(json, "tail_wait_s", num(tailWaitedNanos / 1e9)).append(',');
        field(json, "events_before_their_202", Integer.toString(negative)).append(',');
        field(json, "latency_ms", percentiles(latency)).append(',');
        field(json, "create_latency_ms", percentiles(createLatency));
        json.append('}');
        System.out.println(json);
        progress(String.format(Locale.ROOT, "%d accepted, %d missing, %d duplicates; latency %s",
                accepted, missing, duplicates, percentiles(latency)));
        System.exit(0);
    }

    private int missing() {
        int n = 0;
        for (Seen s : seen.values()) {
            if (s.answered && s.events.get() == 0) {
                n++;
            }
        }
        return n;
    }

    /** One chat's stream: dispatches each event at its blank line, as EventSource does. */
    private final class EventParser implements Flow.Subscriber<String> {
        private final int chat;
        private final CountDownLatch open;
        private boolean first = true;
        private String type = "message";
        private final StringBuilder data = new StringBuilder();

        EventParser(int chat, CountDownLatch open) {
            this.chat = chat;
            this.open = open;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (first) {
                first = false;
                open.countDown(); // the node's first frame: the stream is open
            }
            if (line.isEmpty()) {
                dispatch();
            } else if (line.startsWith("event:")) {
                type = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).strip());
            }
        }

        private void dispatch() {
            if (data.length() == 0) {
                type = "message";
                return;
            }
            long now = System.nanoTime();
            if (type.equals("message.created")) {
                Matcher m = NUMBER.matcher(data);
                if (m.find()) {
                    Seen s = seen.computeIfAbsent(key(chat, Long.parseLong(m.group(1))), k -> new Seen());
                    if (s.events.getAndIncrement() == 0) {
                        s.event = now;
                    }
                } else {
                    unexpectedEvents.incrementAndGet();
                }
            } else {
                otherEvents.incrementAndGet();
            }
            type = "message";
            data.setLength(0);
        }

        @Override
        public void onError(Throwable throwable) {
            streamsEnded.incrementAndGet();
            progress("stream of chat " + chat + " ended: " + throwable);
        }

        @Override
        public void onComplete() {
            streamsEnded.incrementAndGet();
            progress("stream of chat " + chat + " ended by the node");
        }
    }

    /** A keep-alive HTTP/1.1 connection for the POSTs: one request at a time, the answer's arrival timed. */
    static final class RawHttp {
        record Answer(int status, String body, long arrivedNanos, boolean keepAlive) {}

        private final Socket socket = new Socket();
        private final InputStream in;
        private final OutputStream out;
        private final String host;

        RawHttp(String host, int port) throws IOException {
            this.host = host + ":" + port;
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            in = new BufferedInputStream(socket.getInputStream(), 16_384);
            out = socket.getOutputStream();
        }

        Answer post(String path, String json) throws IOException {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n";
            byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
            byte[] request = Arrays.copyOf(headBytes, headBytes.length + body.length);
            System.arraycopy(body, 0, request, headBytes.length, body.length);
            out.write(request);
            out.flush();
            String statusLine = line();
            long arrived = System.nanoTime(); // the answer's first line is in: the 202 has arrived
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP answer: " + statusLine);
            }
            int status = Integer.parseInt(parts[1]);
            long length = -1;
            boolean chunked = false;
            boolean keepAlive = true;
            for (String header; !(header = line()).isEmpty(); ) {
                int colon = header.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> keepAlive = !value.equalsIgnoreCase("close");
                    default -> { }
                }
            }
            StringBuilder text = new StringBuilder();
            if (chunked) {
                for (long size; (size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0; ) {
                    text.append(new String(in.readNBytes((int) size), StandardCharsets.UTF_8));
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else if (length >= 0) {
                text.append(new String(in.readNBytes((int) length), StandardCharsets.UTF_8));
            } else {
                keepAlive = false; // a body up to the end of the connection: not expected here
            }
            return new Answer(status, text.toString(), arrived, keepAlive);
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            for (int c; (c = in.read()) != '\n'; ) {
                if (c < 0) {
                    throw new IOException("the connection closed");
                }
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    static String percentiles(List<Double> values) {
        if (values.isEmpty()) {
            return "null";
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format(Locale.ROOT, "{\"count\":%d,\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,\"p99_9\":%.3f,"
                        + "\"max\":%.3f,\"min\":%.3f}", v.length, rank(v, 0.50), rank(v, 0.90), rank(v, 0.99),
                rank(v, 0.999), v[v.length - 1], v[0]);
    }

    /** The nearest-rank percentile: the smallest value with at least q of the values at or below it. */
    static double rank(double[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static String statusJson(Map<Integer, Integer> statuses) {
        StringBuilder b = new StringBuilder("{");
        statuses.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        return b.append('}').toString();
    }

    private static StringBuilder field(StringBuilder json, String name, String value) {
        return json.append('"').append(name).append("\":").append(value);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String num(double d) {
        return String.format(Locale.ROOT, "%.3f", d);
    }

    static void progress(String line) {
        System.err.println("EventLatency: " + line);
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + String.join(" ", args));
            }
            opt.put(args[i].substring(2), args[++i]);
        }
        return opt;
    }

    private static String need(Map<String, String> opt, String name) {
        String v = opt.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }
}
