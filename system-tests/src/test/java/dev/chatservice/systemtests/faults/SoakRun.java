package dev.chatservice.systemtests.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatservice.systemtests.faults.Api.Answer;
import dev.chatservice.systemtests.faults.Ledger.ChatRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The soak of scripts/soak (issue #7, docs/reliability.md): a fixed-rate, open-loop mix of message creates,
 * reads and searches against its own 2-node, 2-worker stack for N minutes, sampling every 10 s each JVM's
 * RSS and heap after GC, the command backlog and the client-side latency; it passes when none of memory or
 * backlog trends upward after the warm-up, no request failed and nothing acknowledged was lost.
 *
 * <p>{@code SoakRun --minutes N [--rate R] --out PREFIX [--mix C/R/S] [--warmup S] [--gc-every S] [--chats K]
 * [--source TEXT]} writes PREFIX.json (the samples, fits and verdict) and PREFIX.dat (the chart's table).
 */
public final class SoakRun {
    private static final long SAMPLE_NANOS = Duration.ofSeconds(10).toNanos();
    /**
     * Requests allowed in flight before the generator waits (the wait shows in the latency, counted from the
     * schedule). A bound, like a client's connection pool: unbounded, a stall made the JDK client open a new
     * connection per waiting request, and a thousand idle connections then held 100 MiB of each node's heap.
     */
    private static final int MAX_IN_FLIGHT = 256;
    /** Requests the calibration keeps in flight, closed loop: the benchmark's 64 connections. */
    private static final int CALIBRATION_CLIENTS = 64;
    /** The share of the calibrated saturation rate the soak runs at (the "about 70 %"). */
    private static final double SHARE_OF_CAPACITY = 0.7;
    /**
     * The rate climbs linearly from 0 over this long: cold JVMs hit at full rate at once were overloaded for 30 s,
     * and a 30-s ramp still let one search wait past the 1-s connection lease (a 503) before the JIT was done.
     */
    static final double RAMP_SECONDS = 60;
    /** A single-message read picks a message acknowledged at least this long ago, so it is persisted. */
    private static final long SETTLED_NANOS = Duration.ofSeconds(5).toNanos();
    private static final List<String> NODES = List.of("http-0", "http-1", "worker-0", "worker-1");
    private static final String[] OPS = {"create", "page", "message", "search"};

    /** What the run was asked to do. */
    record Options(double minutes, double rate, int createPercent, int readPercent, int searchPercent,
                   double warmupSeconds, int gcEverySeconds, int chats, Path out, String source) {}

    /** The requests of one 10-s window (or of the whole run), by kind, with their latencies from the schedule. */
    static final class Window {
        final ConcurrentLinkedQueue<Double>[] latencies;
        final AtomicLong requests = new AtomicLong();
        final AtomicLong serverErrors = new AtomicLong();
        final AtomicLong unanswered = new AtomicLong();
        final AtomicLong clientErrors = new AtomicLong();
        final AtomicLong notYet = new AtomicLong();

        @SuppressWarnings("unchecked")
        Window() {
            latencies = new ConcurrentLinkedQueue[OPS.length];
            for (int i = 0; i < OPS.length; i++) {
                latencies[i] = new ConcurrentLinkedQueue<>();
            }
        }

        void record(int op, double millis, int status) {
            requests.incrementAndGet();
            latencies[op].add(millis);
            if (status < 0) {
                unanswered.incrementAndGet();
            } else if (status >= 500) {
                serverErrors.incrementAndGet();
            } else if (status == 404 && op == 2) {
                notYet.incrementAndGet();
            } else if (status >= 400) {
                clientErrors.incrementAndGet();
            }
        }

        double[] sorted(int... ops) {
            List<Double> all = new ArrayList<>();
            for (int op : ops) {
                all.addAll(latencies[op]);
            }
            double[] values = all.stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(values);
            return values;
        }

        long failures() {
            return serverErrors.get() + unanswered.get() + clientErrors.get();
        }
    }

    /** One 10-s sample. Memory in MiB per node; NaN where a value could not be read. */
    record Sample(double seconds, long requests, long failures, long notYet, double p50, double p99,
                  double createP99, double searchP99, Map<String, Double> rss, Map<String, Double> heapUsed,
                  Map<String, Double> heapAfterGc, Map<String, Double> connections, double queueDepth, double outbox,
                  long lateSends) {}

    /** A least-squares line over the samples after the warm-up, and the verdict on it. */
    record Trend(String series, int points, double mean, double slopePerMinute, double growth, double limit,
                 double r2, boolean upward) {}

    private final Options options;
    /** The HTTP nodes' live objects by class at the end of the warm-up, and what grew most after it. */
    private final Map<String, HeapClasses> warmupClasses = new LinkedHashMap<>();
    private final Map<String, List<String>> heapGrowth = new LinkedHashMap<>();
    private final Path dir = Path.of(env("CHAT_SOAK_DIR", "/var/tmp/chat-soak"));
    private final Shell shell;
    private final Stack stack;
    private final Api api;
    private final Verifier verifier;
    private final Ledger ledger = new Ledger();
    private final Window total = new Window();
    private final AtomicReference<Window> window = new AtomicReference<>(new Window());
    private final AtomicLong lateSends = new AtomicLong();
    private final List<Sample> samples = new ArrayList<>();
    private final String[] vocabulary = vocabulary(1000);
    private final List<ChatRecord> chats = new ArrayList<>();
    /** Per chat, the acknowledged message numbers with when they were acknowledged, in that order. */
    private final Map<Integer, List<long[]>> acknowledged = new LinkedHashMap<>();
    private String token;
    private long started;
    /** Requests per second of the soak: --rate, or 70 % of the calibrated saturation rate. */
    private double rate;
    private String rateSource;
    private ObjectNode calibration;

    private SoakRun(Options options) throws IOException {
        this.options = options;
        this.rate = options.rate();
        this.rateSource = options.source();
        Files.createDirectories(dir.resolve("logs"));
        shell = new Shell(dir.resolve("logs").resolve("soak.log"));
        stack = new Stack(env("CHAT_SOAK_ROOT", "."), shell, dir, Integer.parseInt(env("CHAT_SOAK_HTTP_PORT", "8280")),
                Integer.parseInt(env("CHAT_SOAK_WORKER_HEALTH_PORT", "9280")), "chat_soak", 13, "chat_soak",
                "chat-soak-messages");
        api = new Api(stack.httpBases());
        api.countInto(ledger);
        verifier = new Verifier(stack.database, stack.mysqlLogin(), stack.vhost, api);
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = parse(args);
        } catch (RuntimeException e) {
            System.err.println("soak: " + e.getMessage());
            System.err.println("usage: SoakRun --minutes N [--rate R] --out PREFIX [--mix C/R/S] [--warmup S] "
                    + "[--gc-every S] [--chats K] [--source TEXT]");
            System.exit(2);
            return;
        }
        int code;
        SoakRun run = null;
        try {
            run = new SoakRun(options);
            code = run.run();
        } catch (Exception e) {
            e.printStackTrace();
            code = 2;
        } finally {
            if (run != null) {
                run.stack.down();
            }
        }
        System.exit(code);
    }

    private static Options parse(String[] args) {
        double minutes = 10;
        double rate = Double.NaN;
        int[] mix = {70, 20, 10};
        double warmup = -1;
        int gcEvery = 30;
        // Enough chats that none outgrows the 10,000 hits a search pages to (the completeness check reads every
        // message back through search): 10 minutes at 2,000 creates/s is about 6,000 messages a chat.
        int chats = 200;
        Path out = null;
        String source = "--rate given";
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--minutes" -> minutes = Double.parseDouble(value);
                case "--rate" -> rate = Double.parseDouble(value);
                case "--mix" -> mix = Arrays.stream(value.split("/")).mapToInt(Integer::parseInt).toArray();
                case "--warmup" -> warmup = Double.parseDouble(value);
                case "--gc-every" -> gcEvery = Integer.parseInt(value);
                case "--chats" -> chats = Integer.parseInt(value);
                case "--out" -> out = Path.of(value);
                case "--source" -> source = value;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
        if (!(rate > 0 || Double.isNaN(rate)) || out == null || !(minutes > 0) || mix.length != 3 || mix[0] + mix[1] + mix[2] != 100
                || gcEvery % 10 != 0 || chats < 1) {
            throw new IllegalArgumentException("need --rate > 0 (or none, to calibrate), --out, --minutes > 0, a --mix adding up to 100 "
                    + "and --gc-every a multiple of 10");
        }
        // The first 2 minutes are the JVMs' warm-up (JIT, pools filling, heap pages touched once); shorter runs
        // leave out their first minute (the ramp and the JIT).
        double warmupSeconds = warmup >= 0 ? warmup : Math.min(120, Math.max(60, minutes * 60 / 5));
        return new Options(minutes, rate, mix[0], mix[1], mix[2], warmupSeconds, gcEvery, chats, out, source);
    }

    private int run() throws Exception {
        say("resetting database " + stack.database + ", Redis database " + stack.redisDb + ", virtual host "
                + stack.vhost + " and index " + stack.index);
        stack.reset();
        say("starting 2 HTTP nodes (ports " + stack.httpPort + "-" + (stack.httpPort + 1) + ") and 2 workers "
                + "(health " + stack.workerHealthPort + "-" + (stack.workerHealthPort + 1) + "); logs in "
                + dir.resolve("logs"));
        if (!stack.up()) {
            throw new IllegalStateException("the stack did not come up; see " + dir.resolve("logs"));
        }
        prepare();
        if (Double.isNaN(rate)) {
            calibrate();
        }
        say(String.format(Locale.ROOT, "%.1f min at %.1f requests/s (%d %% message creates = %.1f/s, %d %% reads, "
                        + "%d %% searches); rate from %s", options.minutes(), rate, options.createPercent(),
                rate * options.createPercent() / 100, options.readPercent(), options.searchPercent(), rateSource));
        say(String.format(Locale.ROOT, "load on %d chats, ramped up over %.0f s, at most %d requests in flight; "
                + "warm-up %.0f s (not fitted); a forced full GC in every JVM each %d s gives the heap after GC",
                chats.size(), RAMP_SECONDS, MAX_IN_FLIGHT, options.warmupSeconds(), options.gcEverySeconds()));
        Thread generator = new Thread(this::generate, "soak-generator");
        started = System.nanoTime();
        long end = started + (long) (options.minutes() * 60e9);
        generator.start();
        for (int k = 1; started + k * SAMPLE_NANOS <= end; k++) {
            long due = started + k * SAMPLE_NANOS;
            while (System.nanoTime() < due) {
                LockSupport.parkNanos(due - System.nanoTime());
            }
            boolean gc = options.gcEverySeconds() > 0 && (k * 10) % options.gcEverySeconds() == 0;
            Sample sample = sample(window.getAndSet(new Window()), (due - started) / 1e9, gc);
            samples.add(sample);
            progress(sample);
            if (warmupClasses.isEmpty() && sample.seconds() >= options.warmupSeconds()) {
                heapClasses(warmupClasses);
            }
        }
        Map<String, HeapClasses> endClasses = new LinkedHashMap<>();
        heapClasses(endClasses);
        warmupClasses.forEach((node, before) -> {
            List<String> grew = endClasses.get(node).growthSince(before, 12);
            heapGrowth.put(node, grew);
            say(node + ": live objects that grew most from the end of the warm-up to the end of the load");
            grew.forEach(g -> say("  " + g));
        });
        generator.join();
        // What the generator sent last is answered (or timed out) by now; it counts into the run, not a sample.
        say("load stopped: " + total.requests.get() + " requests answered; draining the queues");
        int deadLetters = verifier.drain();
        Verifier.Outcome outcome;
        try {
            outcome = verifier.check(token, ledger);
        } catch (SQLException e) {
            outcome = new Verifier.Outcome(0, 0, List.of("the checks could not read MySQL: " + e.getMessage()));
        }
        return verdict(deadLetters, outcome);
    }

    /** One application and its chats, created before the clock starts (retried as careful clients do). */
    private void prepare() {
        Answer app = api.write("POST", "/applications", "{\"name\":\"soak\"}", null, false);
        if (app.status() != 201) {
            throw new IllegalStateException("could not create the soak's application (" + app.status() + ")");
        }
        token = app.body().get("token").asText();
        for (int i = 0; i < options.chats(); i++) {
            Answer chat = api.write("POST", "/applications/" + token + "/chats", null, "soak-chat-" + i, false);
            if (!chat.ok()) {
                throw new IllegalStateException("could not create chat " + i + " (" + chat.status() + ")");
            }
            ChatRecord record = ledger.chatCreated(chat.body().get("number").asInt(), "soak-chat-" + i);
            chats.add(record);
            acknowledged.put(record.number, new ArrayList<>());
        }
    }

    /**
     * The open-loop generator: request i is due at start + i / rate whatever happened to the earlier ones, and
     * its latency counts from when it was due, so a slow service cannot slow the load down and hide its own
     * slowness (coordinated omission).
     */
    private void generate() {
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        long end = started + (long) (options.minutes() * 60e9);
        Random random = new Random(42);
        for (long i = 0; ; i++) {
            long due = started + due(i);
            if (due >= end) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else if (wait < -100_000_000L) {
                lateSends.incrementAndGet();
            }
            inFlight.acquireUninterruptibly();
            int op = pick(random);
            ChatRecord chat = chats.get(random.nextInt(chats.size()));
            send(op, chat, "k" + i, random).whenComplete((status, failure) -> {
                double millis = (System.nanoTime() - due) / 1e6;
                int code = failure == null ? status : Answer.NO_ANSWER;
                window.get().record(op, millis, code);
                total.record(op, millis, code);
                inFlight.release();
            });
        }
        inFlight.acquireUninterruptibly(MAX_IN_FLIGHT);
    }

    /**
     * When request i is due, in nanoseconds from the start: during the ramp the rate is rate * t / ramp, so i
     * requests are due by t = sqrt(2 * ramp * i / rate); after it, one each 1 / rate.
     */
    private long due(long i) {
        return due(i, rate);
    }

    /** The kind of the next request, drawn by the mix: 0 create, 1 page, 2 single message, 3 search. */
    private int pick(Random random) {
        int roll = random.nextInt(100);
        if (roll < options.createPercent()) {
            return 0;
        }
        if (roll < options.createPercent() + options.readPercent()) {
            return roll % 2 == 0 ? 1 : 2;
        }
        return 3;
    }

    /**
     * Measures what this stack, this machine and this client sustain of the mix: a closed loop keeping 64
     * requests in flight (as the benchmark's wrk does), a warm-up that also brings the five JVMs' JIT to a
     * steady state, then a measured window; the soak then runs at 70 % of the answers per second of that
     * window. The benchmark's figures come from one node, one worker and wrk; the soak runs two of each and a
     * JVM client on the same 2 cores, so its capacity is its own to measure. Writes made here are in the
     * ledger and checked at the end like the soak's; 5xx here are the service shedding a saturating load and
     * are reported, not judged.
     */
    private void calibrate() {
        double warmSeconds = options.minutes() <= 2 ? 15 : 30;
        double measureSeconds = options.minutes() <= 2 ? 30 : 60;
        say(String.format(Locale.ROOT, "calibrating: the mix closed-loop with %d requests in flight, %.0f s warm-up "
                + "then %.0f s measured", CALIBRATION_CLIENTS, warmSeconds, measureSeconds));
        Semaphore slots = new Semaphore(CALIBRATION_CLIENTS);
        Random random = new Random(4242);
        AtomicLong answered = new AtomicLong();
        AtomicLong serverErrors = new AtomicLong();
        long from = System.nanoTime() + (long) (warmSeconds * 1e9);
        long until = from + (long) (measureSeconds * 1e9);
        for (long i = 0; System.nanoTime() < until; i++) {
            slots.acquireUninterruptibly();
            int op = pick(random);
            ChatRecord chat = chats.get(random.nextInt(chats.size()));
            send(op, chat, "c" + i, random).whenComplete((status, failure) -> {
                long now = System.nanoTime();
                if (now >= from && now < until) {
                    answered.incrementAndGet();
                    if (failure != null || status >= 500) {
                        serverErrors.incrementAndGet();
                    }
                }
                slots.release();
            });
        }
        slots.acquireUninterruptibly(CALIBRATION_CLIENTS);
        double saturation = answered.get() / measureSeconds;
        rate = Math.round(SHARE_OF_CAPACITY * saturation * 10) / 10.0;
        rateSource = String.format(Locale.ROOT, "70 %% of %.1f requests/s, the mix's saturation rate calibrated on "
                + "this stack (%s)", saturation, options.source());
        calibration = Api.JSON.createObjectNode();
        calibration.put("clients", CALIBRATION_CLIENTS);
        calibration.put("warmup_s", warmSeconds);
        calibration.put("measured_s", measureSeconds);
        calibration.put("answered", answered.get());
        calibration.put("saturation_per_s", round(saturation));
        calibration.put("server_errors", serverErrors.get());
        say(String.format(Locale.ROOT, "calibrated: %.1f requests/s at saturation (%d answers, %d of them 5xx); "
                + "the soak runs at %.1f/s", saturation, answered.get(), serverErrors.get(), rate));
        if (answered.get() == 0) {
            throw new IllegalStateException("the calibration got no answer at all");
        }
    }

    static long due(long i, double rate) {
        double rampRequests = rate * RAMP_SECONDS / 2;
        double seconds = i < rampRequests ? Math.sqrt(2 * RAMP_SECONDS * i / rate)
                : RAMP_SECONDS + (i - rampRequests) / rate;
        return (long) (seconds * 1e9);
    }

    private java.util.concurrent.CompletableFuture<Integer> send(int op, ChatRecord chat, String tag, Random random) {
        String chatPath = "/applications/" + token + "/chats/" + chat.number;
        switch (op) {
            case 0 -> {
                String body = tag + " " + Load.WORD + " " + sentence(random);
                return api.sendAsync("POST", chatPath + "/messages", json(body), null).thenApply(answer -> {
                    if (answer.ok()) {
                        ledger.messageCreated(chat, answer.body().get("number").asInt(), tag, body);
                        List<long[]> numbers = acknowledged.get(chat.number);
                        synchronized (numbers) {
                            numbers.add(new long[] {answer.body().get("number").asInt(), System.nanoTime()});
                        }
                    }
                    return answer.status();
                });
            }
            case 1 -> {
                return api.sendAsync("GET", chatPath + "/messages?limit=50", null, null).thenApply(Answer::status);
            }
            case 2 -> {
                long number = settledMessage(chat, random);
                if (number < 0) {
                    // Nothing settled in this chat yet (the first seconds): read its page instead.
                    return api.sendAsync("GET", chatPath + "/messages?limit=50", null, null)
                            .thenApply(Answer::status);
                }
                return api.sendAsync("GET", chatPath + "/messages/" + number, null, null).thenApply(Answer::status);
            }
            default -> {
                String q = infix(random) + (random.nextInt(4) == 0 ? " " + infix(random) : "");
                return api.sendAsync("GET", chatPath + "/messages/search?limit=20&q="
                        + URLEncoder.encode(q, StandardCharsets.UTF_8), null, null).thenApply(Answer::status);
            }
        }
    }

    /** A message of the chat acknowledged at least 5 s ago, or -1 if there is none yet. */
    private long settledMessage(ChatRecord chat, Random random) {
        List<long[]> numbers = acknowledged.get(chat.number);
        long cutoff = System.nanoTime() - SETTLED_NANOS;
        synchronized (numbers) {
            int low = 0;
            int high = numbers.size();
            while (low < high) {
                int middle = (low + high) >>> 1;
                if (numbers.get(middle)[1] <= cutoff) {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            return low == 0 ? -1 : numbers.get(random.nextInt(low))[0];
        }
    }

    private Sample sample(Window w, double seconds, boolean gc) {
        Map<String, Double> rss = new LinkedHashMap<>();
        Map<String, Double> heapUsed = new LinkedHashMap<>();
        Map<String, Double> heapAfterGc = new LinkedHashMap<>();
        Map<String, Double> connections = new LinkedHashMap<>();
        double queueDepth = Double.NaN;
        for (String node : NODES) {
            var pid = stack.pid(node);
            rss.put(node, pid.isPresent() ? rssMib(pid.getAsLong()) : Double.NaN);
            int port = node.startsWith("http") ? stack.httpPort + index(node) : stack.workerHealthPort + index(node);
            if (gc && pid.isPresent()) {
                // System.gc() by jcmd: a full, compacting collection (SerialGC), so the heap it leaves is what is
                // reachable, read at once from the node's own gauge.
                shell.run(Duration.ofSeconds(30), "jcmd", Long.toString(pid.getAsLong()), "GC.run");
            }
            Scrape scrape = Scrape.of(port);
            double used = scrape.sum("jvm_memory_used_bytes", "area=\"heap\"") / (1 << 20);
            heapUsed.put(node, used);
            heapAfterGc.put(node, gc ? used : Double.NaN);
            if (node.startsWith("http")) {
                connections.put(node, HeapClasses.connections(port));
            }
            if (node.startsWith("worker")) {
                // Both workers read the same shard queues from the broker (plus what each holds): the larger
                // of the two is the backlog, their sum would count the queues twice.
                double depth = scrape.sum("chat_queue_depth");
                queueDepth = Double.isNaN(queueDepth) ? depth : Double.isNaN(depth) ? queueDepth
                        : Math.max(queueDepth, depth);
            }
        }
        double[] all = w.sorted(0, 1, 2, 3);
        return new Sample(seconds, w.requests.get(), w.failures(), w.notYet.get(), percentile(all, 50),
                percentile(all, 99), percentile(w.sorted(0), 99), percentile(w.sorted(3), 99), rss, heapUsed,
                heapAfterGc, connections, queueDepth, outbox(), lateSends.get());
    }

    /** Each HTTP node's live objects by class (a full GC first), into {@code into}. */
    private void heapClasses(Map<String, HeapClasses> into) {
        for (String node : NODES) {
            var pid = stack.pid(node);
            if (node.startsWith("http") && pid.isPresent()) {
                into.put(node, HeapClasses.of(pid.getAsLong()));
            }
        }
    }

    private static int index(String node) {
        return Integer.parseInt(node.substring(node.indexOf('-') + 1));
    }

    private static double rssMib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process is gone: NaN
        }
        return Double.NaN;
    }

    /** Search updates committed in MySQL but not yet in Elasticsearch: the indexing backlog. */
    private double outbox() {
        try (Connection connection = verifier.connect();
             ResultSet rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM search_outbox")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            return Double.NaN;
        }
    }

    private void progress(Sample s) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "%4.0f s  %5d req (%4.0f/s)  fail %d  404 %d  p50 %5.1f  p99 %6.1f ms (create %.0f, search %.0f) | RSS",
                s.seconds(), s.requests(), s.requests() / 10.0, s.failures(), s.notYet(), s.p50(), s.p99(),
                s.createP99(), s.searchP99()));
        s.rss().values().forEach(v -> line.append(String.format(Locale.ROOT, " %.0f", v)));
        line.append(" MiB | heap");
        for (String node : NODES) {
            double after = s.heapAfterGc().get(node);
            line.append(String.format(Locale.ROOT, Double.isNaN(after) ? " %.0f" : " [%.0f]",
                    Double.isNaN(after) ? s.heapUsed().get(node) : after));
        }
        line.append(" MiB | conn");
        s.connections().values().forEach(v -> line.append(String.format(Locale.ROOT, " %.0f", v)));
        line.append(String.format(Locale.ROOT, " | queue %.0f  outbox %.0f", s.queueDepth(), s.outbox()));
        if (s.lateSends() > 0) {
            line.append("  late sends ").append(s.lateSends());
        }
        say(line.toString());
    }

    private int verdict(int deadLetters, Verifier.Outcome outcome) throws IOException {
        double fitFrom = options.warmupSeconds();
        double span = options.minutes() * 60 - fitFrom;
        double creates = rate * options.createPercent() / 100;
        List<Trend> trends = new ArrayList<>();
        for (String node : NODES) {
            trends.add(memoryTrend("RSS " + node, s -> s.rss().get(node), fitFrom, span));
            trends.add(memoryTrend("heap after GC " + node, s -> s.heapAfterGc().get(node), fitFrom, span));
        }
        trends.add(trend("queue depth", Sample::queueDepth, fitFrom, span, mean -> creates));
        trends.add(trend("search outbox", Sample::outbox, fitFrom, span, mean -> creates));
        List<String> problems = new ArrayList<>();
        trends.stream().filter(Trend::upward).forEach(t -> problems.add(String.format(Locale.ROOT,
                "%s trends upward: %+.1f over %.0f s after the warm-up (limit %.1f)", t.series(), t.growth(), span,
                t.limit())));
        trends.stream().filter(t -> t.points() < 3).forEach(t -> problems.add(t.series() + ": fewer than 3 samples "
                + "after the warm-up, no trend can be fitted"));
        if (total.serverErrors.get() > 0) {
            problems.add(total.serverErrors.get() + " answers were 5xx");
        }
        if (total.unanswered.get() > 0) {
            problems.add(total.unanswered.get() + " requests got no answer within " + Api.REQUEST_TIMEOUT.toSeconds()
                    + " s (lost)");
        }
        if (total.clientErrors.get() > 0) {
            problems.add(total.clientErrors.get() + " answers were an unexpected 4xx");
        }
        if (deadLetters != 0) {
            problems.add(deadLetters < 0 ? "the queues and the search outbox did not drain within 180 s"
                    : deadLetters + " commands in the dead-letter queue");
        }
        problems.addAll(outcome.problems());
        boolean passed = problems.isEmpty();
        write(trends, outcome, deadLetters, problems, passed);
        printSummary(trends, outcome, problems, passed);
        return passed ? 0 : 1;
    }

    /**
     * Memory trends upward when the fitted line grows, over the fitted span, by more than 5 % of the series'
     * mean and more than 8 MiB: below that a 10-minute run cannot tell a leak from the JIT, the code cache and
     * allocator noise; above it, a JVM would gain a gigabyte within a day.
     */
    private Trend memoryTrend(String series, java.util.function.ToDoubleFunction<Sample> value, double from,
                              double span) {
        return trend(series, value, from, span, mean -> Math.max(0.05 * mean, 8));
    }

    /** A least-squares fit of the samples after the warm-up (NaN samples left out) and its growth over span. */
    private Trend trend(String series, java.util.function.ToDoubleFunction<Sample> value, double from, double span,
                        java.util.function.DoubleUnaryOperator limitForMean) {
        List<double[]> points = new ArrayList<>();
        for (Sample s : samples) {
            double y = value.applyAsDouble(s);
            if (s.seconds() > from && !Double.isNaN(y)) {
                points.add(new double[] {s.seconds(), y});
            }
        }
        double[] line = fit(points);
        int n = points.size();
        double my = line[0];
        double slope = line[1];
        double r2 = line[2];
        double growth = slope * span;
        double limit = limitForMean.applyAsDouble(my);
        return new Trend(series, n, my, slope * 60, growth, limit, r2, n >= 3 && growth > limit);
    }

    /**
     * The least-squares line through (x, y) points: {mean of y, slope, r²}; slope NaN with fewer than two
     * distinct x, r² 0 when y does not vary.
     */
    static double[] fit(List<double[]> points) {
        int n = points.size();
        double mx = points.stream().mapToDouble(p -> p[0]).average().orElse(Double.NaN);
        double my = points.stream().mapToDouble(p -> p[1]).average().orElse(Double.NaN);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (double[] p : points) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
            syy += (p[1] - my) * (p[1] - my);
        }
        double slope = n < 2 || sxx == 0 ? Double.NaN : sxy / sxx;
        double r2 = syy == 0 || Double.isNaN(slope) ? 0 : sxy * sxy / (sxx * syy);
        return new double[] {my, slope, r2};
    }

    private void write(List<Trend> trends, Verifier.Outcome outcome, int deadLetters, List<String> problems,
                       boolean passed) throws IOException {
        Path prefix = options.out();
        if (prefix.getParent() != null) {
            Files.createDirectories(prefix.getParent());
        }
        try (PrintWriter dat = new PrintWriter(Files.newBufferedWriter(Path.of(prefix + ".dat")))) {
            dat.println("# scripts/soak samples: seconds requests failures p50_ms p99_ms create_p99_ms search_p99_ms"
                    + " rss_MiB(http-0 http-1 worker-0 worker-1) heap_after_gc_MiB(same order, NaN between GCs)"
                    + " queue_depth outbox");
            for (Sample s : samples) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%.0f %d %d %.2f %.2f %.2f %.2f",
                        s.seconds(), s.requests(), s.failures(), s.p50(), s.p99(), s.createP99(), s.searchP99()));
                NODES.forEach(n -> line.append(String.format(Locale.ROOT, " %.1f", s.rss().get(n))));
                NODES.forEach(n -> line.append(String.format(Locale.ROOT, " %.1f", s.heapAfterGc().get(n))));
                line.append(String.format(Locale.ROOT, " %.0f %.0f", s.queueDepth(), s.outbox()));
                dat.println(line);
            }
        }
        ObjectNode root = Api.JSON.createObjectNode();
        root.put("date", Instant.now().toString());
        root.put("passed", passed);
        ObjectNode opts = root.putObject("options");
        opts.put("minutes", options.minutes());
        opts.put("rate_per_s", rate);
        opts.put("rate_source", rateSource);
        if (calibration != null) {
            root.set("calibration", calibration);
        }
        opts.put("mix_percent", options.createPercent() + "/" + options.readPercent() + "/" + options.searchPercent()
                + " creates/reads/searches");
        opts.put("warmup_s", options.warmupSeconds());
        opts.put("forced_gc_every_s", options.gcEverySeconds());
        opts.put("chats", options.chats());
        opts.put("ramp_s", RAMP_SECONDS);
        opts.put("max_in_flight", MAX_IN_FLIGHT);
        opts.put("stack", "2 HTTP nodes (-Xmx256m), 2 workers (-Xmx384m), -XX:+UseSerialGC (scripts/stack)");
        ObjectNode requests = root.putObject("requests");
        requests.put("answered", total.requests.get());
        requests.put("server_errors", total.serverErrors.get());
        requests.put("unanswered", total.unanswered.get());
        requests.put("unexpected_4xx", total.clientErrors.get());
        requests.put("single_message_404", total.notYet.get());
        requests.put("late_sends", lateSends.get());
        requests.put("achieved_rate_per_s", total.requests.get() / (options.minutes() * 60 - RAMP_SECONDS / 2));
        ObjectNode latency = requests.putObject("latency_ms_from_schedule");
        for (int op = 0; op < OPS.length; op++) {
            latency.set(OPS[op], percentiles(total.sorted(op)));
        }
        latency.set("all", percentiles(total.sorted(0, 1, 2, 3)));
        ObjectNode checks = root.putObject("checks");
        checks.put("acknowledged_writes", ledger.acknowledged.get());
        checks.put("lost", outcome.lost());
        checks.put("duplicates", outcome.duplicates());
        checks.put("dead_letters", deadLetters);
        ArrayNode trendsNode = root.putArray("trends");
        for (Trend t : trends) {
            ObjectNode node = trendsNode.addObject();
            node.put("series", t.series());
            node.put("points", t.points());
            node.put("mean", round(t.mean()));
            node.put("slope_per_minute", round(t.slopePerMinute()));
            node.put("growth_over_fit", round(t.growth()));
            node.put("limit", round(t.limit()));
            node.put("r2", round(t.r2()));
            node.put("upward", t.upward());
        }
        root.putPOJO("problems", problems);
        root.putPOJO("http_heap_growth_by_class", heapGrowth);
        root.set("samples", Api.JSON.valueToTree(samples));
        Api.JSON.writerWithDefaultPrettyPrinter().writeValue(Path.of(prefix + ".json").toFile(), root);
    }

    private void printSummary(List<Trend> trends, Verifier.Outcome outcome, List<String> problems, boolean passed) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-24s %6s %10s %12s %14s %10s %6s  %s%n", "series (after warm-up)", "points",
                "mean", "slope/min", "growth in fit", "limit", "r2", "verdict");
        for (Trend t : trends) {
            System.out.printf(Locale.ROOT, "%-24s %6d %10.1f %+12.2f %+14.1f %10.1f %6.2f  %s%n", t.series(),
                    t.points(), t.mean(), t.slopePerMinute(), t.growth(), t.limit(), t.r2(),
                    t.upward() ? "UPWARD" : "flat");
        }
        System.out.println();
        JsonNode all = percentiles(total.sorted(0, 1, 2, 3));
        System.out.printf(Locale.ROOT, "requests %d (%.1f/s achieved of %.1f/s), 5xx %d, unanswered %d, unexpected 4xx"
                        + " %d, single-message 404 %d; latency from schedule p50 %s p99 %s p99.9 %s max %s ms%n",
                total.requests.get(), total.requests.get() / (options.minutes() * 60 - RAMP_SECONDS / 2), rate,
                total.serverErrors.get(), total.unanswered.get(), total.clientErrors.get(), total.notYet.get(),
                all.get("p50"), all.get("p99"), all.get("p99_9"), all.get("max"));
        for (int op = 0; op < OPS.length; op++) {
            JsonNode p = percentiles(total.sorted(op));
            System.out.printf(Locale.ROOT, "  %-8s %7d  p50 %s p99 %s p99.9 %s max %s ms%n", OPS[op],
                    p.get("count").asLong(), p.get("p50"), p.get("p99"), p.get("p99_9"), p.get("max"));
        }
        System.out.printf(Locale.ROOT, "acknowledged writes %d, lost %d, duplicates %d (checked in MySQL after the "
                + "drain; counters and search checked too)%n", ledger.acknowledged.get(), outcome.lost(),
                outcome.duplicates());
        problems.stream().limit(20).forEach(p -> say("  " + p));
        say((passed ? "PASSED" : "FAILED") + "; results in " + options.out() + ".json and .dat");
    }

    private static ObjectNode percentiles(double[] sorted) {
        ObjectNode node = Api.JSON.createObjectNode();
        node.put("count", sorted.length);
        node.put("p50", round(percentile(sorted, 50)));
        node.put("p90", round(percentile(sorted, 90)));
        node.put("p99", round(percentile(sorted, 99)));
        node.put("p99_9", round(percentile(sorted, 99.9)));
        node.put("max", round(sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1]));
        return node;
    }

    /** Nearest-rank percentile of sorted values; NaN if there are none. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** Pronounceable made-up words, the same in every run, so bodies and searches are repeatable. */
    private static String[] vocabulary(int size) {
        Random random = new Random(7);
        String consonants = "bcdfghklmnprstvz";
        String vowels = "aeiou";
        java.util.Set<String> words = new java.util.LinkedHashSet<>();
        while (words.size() < size) {
            StringBuilder word = new StringBuilder();
            int syllables = 2 + random.nextInt(2);
            for (int s = 0; s < syllables; s++) {
                word.append(consonants.charAt(random.nextInt(consonants.length())))
                        .append(vowels.charAt(random.nextInt(vowels.length())));
            }
            if (random.nextBoolean()) {
                word.append(consonants.charAt(random.nextInt(consonants.length())));
            }
            words.add(word.toString());
        }
        return words.toArray(String[]::new);
    }

    /** 8 to 14 words of the vocabulary. */
    private String sentence(Random random) {
        int n = 8 + random.nextInt(7);
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < n; i++) {
            body.append(i == 0 ? "" : " ").append(vocabulary[random.nextInt(vocabulary.length)]);
        }
        return body.toString();
    }

    /** A 3 to 5 letter piece from inside a vocabulary word, as a user typing part of a word. */
    private String infix(Random random) {
        String word = vocabulary[random.nextInt(vocabulary.length)];
        int length = Math.min(word.length(), 3 + random.nextInt(3));
        int from = random.nextInt(word.length() - length + 1);
        return word.substring(from, from + length);
    }

    private static String json(String body) {
        // The vocabulary is lower-case letters and the tag letters and digits: nothing to escape.
        return "{\"body\":\"" + body + "\"}";
    }

    private final long clock = System.nanoTime();

    private void say(String line) {
        System.out.printf(Locale.ROOT, "soak: [%4d s] %s%n", (System.nanoTime() - clock) / 1_000_000_000, line);
        System.out.flush();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
