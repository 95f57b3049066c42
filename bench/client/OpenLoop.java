// bench/run's open-loop load generator: requests at a constant rate, whatever the server's answers, each one's
// latency counted from the time it was due to be sent (so a stall of the server or of this client shows up in
// the percentiles instead of being hidden by a generator that waits: no coordinated omission).
//
//   java -cp HdrHistogram-2.2.2.jar bench/client/OpenLoop.java --mode create|page|search --url http://127.0.0.1:8180
//        --token TOKEN --chats FIRST-LAST --rate R --duration D --warmup W [--connections 64] [--max-in-flight 1024]
//        [--sort newest] [--words-file FILE] [--page-limit 50] [--vocabulary 500] [--timeout 10] [--histogram OUT.hgrm]
//
// At most --connections requests are on the wire at once; due requests beyond that wait for one, and more than
// --max-in-flight outstanding (waiting + on the wire) are not sent but counted as errors (over_cap).
// The requests are those of bench/lua/create_message.lua, read_page.lua and search.lua (a pool of 1000 built
// first). A discarded warm-up of W seconds at the same rate comes first; the JSON summary of the D measured
// seconds goes to stdout, progress to stderr once a second, and with --histogram, HdrHistogram's percentile
// distribution (milliseconds) of the measured requests.
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.SynchronizedHistogram;

public final class OpenLoop {
  private static final long HIGHEST_US = TimeUnit.MINUTES.toMicros(2);

  private final Map<String, String> options;
  private final Random random = new Random();
  private final Recorder perSecond = new Recorder(HIGHEST_US, 3);
  private final SynchronizedHistogram measured = new SynchronizedHistogram(HIGHEST_US, 3);
  private final SynchronizedHistogram sendLag = new SynchronizedHistogram(HIGHEST_US, 3);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peakInFlight = new AtomicInteger();
  private final AtomicLong sentTotal = new AtomicLong();
  private final AtomicLong okTotal = new AtomicLong();
  private final AtomicLong errorsTotal = new AtomicLong();
  // The measured window's counts (requests due inside it, wherever they complete).
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong non2xx = new AtomicLong();
  private final AtomicLong overCap = new AtomicLong();
  private final Map<String, AtomicLong> exceptions = new ConcurrentHashMap<>();
  private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
  private final java.util.Queue<Pending> queue = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private int maxInFlight;
  private java.util.concurrent.Semaphore connections;
  private HttpClient client;

  private OpenLoop(Map<String, String> options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        usage("bad argument " + args[i]);
      }
      options.put(args[i].substring(2), args[++i]);
    }
    System.exit(new OpenLoop(options).run());
  }

  private static void usage(String problem) {
    System.err.println("OpenLoop: " + problem + "\nusage: --mode create|page|search --url URL --token T --chats A-B"
        + " --rate R --duration D --warmup W [--connections C] [--max-in-flight N] [--sort S] [--words-file F] [--page-limit L]"
        + " [--vocabulary V] [--timeout SECONDS] [--histogram FILE]");
    System.exit(2);
  }

  private String option(String name, String fallback) {
    String value = options.get(name);
    if (value == null || value.isEmpty()) {
      if (fallback == null) {
        usage("--" + name + " is required");
      }
      return fallback;
    }
    return value;
  }

  private int run() throws Exception {
    String mode = option("mode", null);
    double rate = Double.parseDouble(option("rate", null));
    double duration = Double.parseDouble(option("duration", null));
    double warmup = Double.parseDouble(option("warmup", "0"));
    int cap = maxInFlight = Integer.parseInt(option("max-in-flight", "1024"));
    int connectionCount = Integer.parseInt(option("connections", "64"));
    connections = new java.util.concurrent.Semaphore(connectionCount);
    Duration timeout = Duration.ofSeconds(Long.parseLong(option("timeout", "10")));
    if (rate <= 0 || duration <= 0 || warmup < 0 || cap <= 0 || connectionCount <= 0) {
      usage("--rate, --duration, --max-in-flight and --connections must be positive");
    }
    List<HttpRequest> pool = pool(mode, URI.create(option("url", null)), timeout);

    // Completions are cheap (count, record); two threads keep the client's own share of the cores small.
    ExecutorService executor = Executors.newFixedThreadPool(2, daemon("openloop-http"));
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).executor(executor).build();

    long warmCount = Math.round(warmup * rate);
    long count = Math.round(duration * rate);
    double intervalNs = 1e9 / rate;
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
    long windowStart = start + Math.round(warmCount * intervalNs);
    Thread progress = progressThread(mode, start, windowStart);
    progress.start();

    long cpuAtWindow = 0;
    long lastSend = windowStart;
    for (long i = 0; i < warmCount + count; i++) {
      long due = start + Math.round(i * intervalNs);
      long now;
      while ((now = System.nanoTime()) < due) {
        LockSupport.parkNanos(due - now);
      }
      boolean inWindow = i >= warmCount;
      if (i == warmCount) {
        cpuAtWindow = cpuNanos();
        System.err.println("openloop: measured window starts");
      }
      send(new Pending(pool.get((int) (i % pool.size())), due, inWindow));
      if (inWindow) {
        lastSend = System.nanoTime();
        sendLag.recordValue(Math.min(HIGHEST_US, (lastSend - due) / 1000));
      }
    }
    // Every request has a timeout; what is still out after it (and a second) is counted as unfinished.
    long waitUntil = System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
    while (inFlight.get() > 0 && System.nanoTime() < waitUntil) {
      Thread.sleep(10);
    }
    long cpuWindow = cpuNanos() - cpuAtWindow;
    System.err.println("openloop: measured window ends");
    progress.interrupt();
    long unfinished = sent.get() - completed.get();
    double span = (lastSend - windowStart + intervalNs) / 1e9;

    Path histogramFile = options.containsKey("histogram") ? Path.of(options.get("histogram")) : null;
    if (histogramFile != null) {
      try (PrintStream out = new PrintStream(Files.newOutputStream(histogramFile), false, "UTF-8")) {
        measured.outputPercentileDistribution(out, 5, 1000.0);
      }
    }
    long exceptionCount = exceptions.values().stream().mapToLong(AtomicLong::get).sum();
    long errors = non2xx.get() + exceptionCount + overCap.get() + unfinished;
    StringBuilder json = new StringBuilder();
    json.append('{')
        .append(field("mode", mode)).append(',')
        .append(field("sort", option("sort", ""))).append(',')
        .append(num("target_per_s", rate)).append(',')
        .append(num("warmup_s", warmup)).append(',')
        .append(num("duration_s", duration)).append(',')
        .append(num("send_span_s", span)).append(',')
        .append("\"sent\":").append(sent.get()).append(',')
        .append("\"requests\":").append(completed.get()).append(',')
        .append("\"ok\":").append(ok.get()).append(',')
        .append(num("sent_per_s", sent.get() / span)).append(',')
        .append(num("achieved_per_s", ok.get() / span)).append(',')
        .append("\"latency_ms\":").append(latencies(measured)).append(',')
        .append("\"send_lag_ms\":").append(latencies(sendLag)).append(',')
        .append("\"errors\":{\"non_2xx\":").append(non2xx.get())
        .append(",\"exceptions\":").append(exceptionCount)
        .append(",\"over_cap\":").append(overCap.get())
        .append(",\"unfinished\":").append(unfinished)
        .append(",\"total\":").append(errors)
        .append(",\"by_exception\":").append(counts(exceptions))
        .append(",\"by_status\":").append(counts(statuses)).append("},")
        .append("\"max_in_flight\":").append(cap).append(',')
        .append("\"connections\":").append(connectionCount).append(',')
        .append("\"peak_in_flight\":").append(peakInFlight.get()).append(',')
        .append(num("client_cpu_s", cpuWindow / 1e9)).append(',')
        .append(field("histogram_file", histogramFile == null ? "" : histogramFile.toString()))
        .append('}');
    System.out.println(json);
    executor.shutdownNow();
    return 0;
  }

  private record Pending(HttpRequest request, long due, boolean inWindow) {
  }

  // Outstanding = waiting for a connection + on the wire. At most --connections requests are on the wire at
  // once (as wrk's fixed connections; a stall must not make the client open hundreds of new ones, which would
  // load the node more than the rate asked); a due request finding them all busy waits in the queue, its
  // latency still counted from its due time.
  private void send(Pending request) {
    int now = inFlight.incrementAndGet();
    if (now > peakInFlight.get()) {
      peakInFlight.accumulateAndGet(now, Math::max);
    }
    if (now > maxInFlight) {
      // Over the cap: not sent, and an error, so that a node that falls far behind cannot make the queue and
      // the client's memory grow without bound.
      inFlight.decrementAndGet();
      errorsTotal.incrementAndGet();
      if (request.inWindow()) {
        overCap.incrementAndGet();
      }
      return;
    }
    sentTotal.incrementAndGet();
    if (request.inWindow()) {
      sent.incrementAndGet();
    }
    queue.add(request);
    dispatch();
  }

  private void dispatch() {
    while (!queue.isEmpty() && connections.tryAcquire()) {
      Pending next = queue.poll();
      if (next == null) {
        connections.release();
        return;
      }
      client.sendAsync(next.request(), HttpResponse.BodyHandlers.discarding())
          .whenComplete((response, failure) -> {
            connections.release();
            completed(next, response, failure);
            dispatch();
          });
    }
  }

  private void completed(Pending request, HttpResponse<Void> response, Throwable failure) {
    long latencyUs = Math.min(HIGHEST_US, (System.nanoTime() - request.due()) / 1000);
    boolean inWindow = request.inWindow();
    inFlight.decrementAndGet();
    if (failure != null) {
      errorsTotal.incrementAndGet();
      if (inWindow) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        exceptions.computeIfAbsent(cause.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
        completed.incrementAndGet();
      }
      return;
    }
    int status = response.statusCode();
    boolean success = status >= 200 && status <= 299;
    perSecond.recordValue(latencyUs);
    if (success) {
      okTotal.incrementAndGet();
    } else {
      errorsTotal.incrementAndGet();
    }
    if (inWindow) {
      // Latency of every answer, as wrk's histogram has it; the non-2xx ones are also errors.
      measured.recordValue(latencyUs);
      statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
      if (success) {
        ok.incrementAndGet();
      } else {
        non2xx.incrementAndGet();
      }
      completed.incrementAndGet();
    }
  }

  private Thread progressThread(String mode, long start, long windowStart) {
    Thread thread = new Thread(() -> {
      long lastSent = 0;
      long lastOk = 0;
      long lastErrors = 0;
      Histogram interval = null;
      try {
        for (long tick = 1; ; tick++) {
          long next = start + TimeUnit.SECONDS.toNanos(tick);
          long wait = next - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
          interval = perSecond.getIntervalHistogram(interval);
          long s = sentTotal.get();
          long o = okTotal.get();
          long e = errorsTotal.get();
          System.err.printf(Locale.ROOT, "openloop %s %3d s (%s): sent %d/s, 2xx %d/s, errors %d, in flight %d,"
                  + " latency from due time p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
              mode, tick, next <= windowStart ? "warm-up" : "measured", s - lastSent, o - lastOk,
              e - lastErrors, inFlight.get(), interval.getValueAtPercentile(50) / 1000.0,
              interval.getValueAtPercentile(99) / 1000.0, interval.getMaxValue() / 1000.0);
          lastSent = s;
          lastOk = o;
          lastErrors = e;
        }
      } catch (InterruptedException done) {
        Thread.currentThread().interrupt();
      }
    }, "openloop-progress");
    thread.setDaemon(true);
    return thread;
  }

  // --------------------------------------------------------------------------------- the requests

  private List<HttpRequest> pool(String mode, URI base, Duration timeout) throws IOException {
    String token = option("token", null);
    String[] range = option("chats", null).split("-");
    int first = Integer.parseInt(range[0]);
    int last = Integer.parseInt(range[range.length - 1]);
    Supplier<String> draw = corpusWords();
    List<HttpRequest> pool = new ArrayList<>(1000);
    for (int k = 1; k <= 1000; k++) {
      String chat = "/applications/" + token + "/chats/" + between(first, last);
      HttpRequest.Builder request;
      switch (mode) {
        case "create" -> request = HttpRequest.newBuilder(base.resolve(chat + "/messages"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"body\":\"" + messageBody(draw) + "\"}"));
        case "page" -> request = HttpRequest.newBuilder(
            base.resolve(chat + "/messages?limit=" + option("page-limit", "50"))).GET();
        case "search" -> {
          String q = infix(longWord(draw));
          if (k % 4 == 0) {
            q = q + "+" + infix(longWord(draw));
          }
          String sort = option("sort", "");
          request = HttpRequest.newBuilder(
              base.resolve(chat + "/messages/search?q=" + q + (sort.isEmpty() ? "" : "&sort=" + sort))).GET();
        }
        default -> {
          usage("unknown mode " + mode);
          return pool;
        }
      }
      pool.add(request.timeout(timeout).build());
    }
    return pool;
  }

  private int between(int first, int last) {
    return first + random.nextInt(last - first + 1);
  }

  // The words of bench/lua/common.lua corpus_words: with --words-file ("count word" lines), each word as often
  // as in that text; otherwise the same fixed made-up vocabulary, all words equally likely.
  private Supplier<String> corpusWords() throws IOException {
    String path = option("words-file", "");
    if (path.isEmpty()) {
      List<String> words = vocabulary(Integer.parseInt(option("vocabulary", "500")));
      return () -> words.get(random.nextInt(words.size()));
    }
    TreeMap<Long, String> cumulative = new TreeMap<>();
    long total = 0;
    for (String line : Files.readAllLines(Path.of(path))) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length == 2 && parts[0].matches("\\d+") && parts[1].matches("\\p{Alpha}+")) {
        total += Long.parseLong(parts[0]);
        cumulative.put(total, parts[1]);
      }
    }
    if (cumulative.isEmpty()) {
      throw new IOException("no \"count word\" lines in " + path);
    }
    long sum = total;
    return () -> cumulative.ceilingEntry((long) Math.ceil(random.nextDouble() * sum)).getValue();
  }

  // The generator of common.lua's vocabulary(), step for step, so that both draw the same words. wrk's LuaJIT
  // computes it in doubles (the product exceeds 2^53 and is rounded) and its % is a - floor(a / b) * b, so
  // this does the same: exact integer arithmetic would give other words than the corpus holds.
  static List<String> vocabulary(int size) {
    String[] onsets = {"b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z",
        "br", "cl", "st", "tr", "sh", "ch", "gr", "pl"};
    String[] vowels = {"a", "e", "i", "o", "u", "ai", "ea", "ou", "io"};
    double[] state = {20251125};
    java.util.function.IntUnaryOperator nextInt = n -> {
      double a = state[0] * 1103515245.0 + 12345.0;
      state[0] = a - Math.floor(a / 2147483648.0) * 2147483648.0;
      return (int) (Math.floor(state[0] / 65536) % n) + 1;
    };
    List<String> words = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    while (words.size() < size) {
      StringBuilder word = new StringBuilder();
      int syllables = nextInt.applyAsInt(3) + 1;
      for (int s = 0; s < syllables; s++) {
        word.append(onsets[nextInt.applyAsInt(onsets.length) - 1]).append(vowels[nextInt.applyAsInt(vowels.length) - 1]);
      }
      if (seen.add(word.toString())) {
        words.add(word.toString());
      }
    }
    return words;
  }

  private String messageBody(Supplier<String> draw) {
    int n = 8 + random.nextInt(7);
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < n; i++) {
      String word = draw.get();
      if (i == 0) {
        word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
      } else {
        body.append(' ');
      }
      body.append(word);
    }
    return body.toString();
  }

  private static String longWord(Supplier<String> draw) {
    String word = draw.get();
    for (int tries = 0; word.length() < 4 && tries < 10_000; tries++) {
      word = draw.get();
    }
    return word;
  }

  // A 3-5 letter infix that never starts at the word's first letter, as search.lua's infix().
  private String infix(String word) {
    int length = Math.min(word.length() - 1, 3 + random.nextInt(3));
    int start = 1 + random.nextInt(word.length() - length); // 0-based; Lua: math.random(2, #word - length + 1)
    return word.substring(start, start + length);
  }

  // ------------------------------------------------------------------------------------------ output

  private static long cpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return 0;
  }

  private static String latencies(Histogram h) {
    if (h.getTotalCount() == 0) {
      return "null";
    }
    return String.format(Locale.ROOT,
        "{\"mean\":%.3f,\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,\"p99_9\":%.3f,\"max\":%.3f}",
        h.getMean() / 1000.0, h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0,
        h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0);
  }

  private static String num(String name, double value) {
    return String.format(Locale.ROOT, "\"%s\":%.3f", name, value);
  }

  private static String field(String name, String value) {
    return "\"" + name + "\":\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String counts(Map<?, AtomicLong> map) {
    StringBuilder out = new StringBuilder("{");
    map.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v.get()));
    return out.append('}').toString();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
