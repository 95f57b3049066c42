// bench/run's open-loop load generator: requests at a constant rate, whatever the server's answers, each one's
// latency counted from the time it was due to be sent (so a stall of the server or of this client shows up in
// the percentiles instead of being hidden by a generator that waits: no coordinated omission).
//
//   javac -d CLASSES -cp HdrHistogram-2.2.2.jar bench/client/openloop/*.java
//   java -cp CLASSES:HdrHistogram-2.2.2.jar openloop.OpenLoop --mode create|page|search --url http://127.0.0.1:8180
//        --token TOKEN --chats FIRST-LAST --rate R --duration D --warmup W [--connections 64] [--max-in-flight 1024]
//        [--sort newest] [--words-file FILE] [--page-limit 50] [--vocabulary 500] [--timeout 10] [--histogram OUT.hgrm]
//
// wrk2's model: --connections threads, each with one keep-alive connection (Connection, HttpConnection), take
// the requests of the schedule (Schedule) in turn; the requests are those of the wrk scripts (Requests). A
// discarded warm-up of W seconds at the same rate comes first; the JSON summary of the D measured seconds goes
// to stdout (Report), progress to stderr once a second (Progress), and with --histogram, HdrHistogram's
// percentile distribution (milliseconds) of the measured requests. --timeout is each connection's read timeout
// (a request whose answer stalls longer fails, and its connection is opened again).
package openloop;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

public final class OpenLoop {
  private OpenLoop() {
  }

  public static void main(String[] args) throws Exception {
    Options options = new Options(args);
    String mode = options.get("mode", null);
    double rate = options.number("rate", null);
    double duration = options.number("duration", null);
    double warmup = options.number("warmup", "0");
    int maxInFlight = options.integer("max-in-flight", "1024");
    int connectionCount = options.integer("connections", "64");
    long timeoutS = options.integer("timeout", "10");
    if (rate <= 0 || duration <= 0 || warmup < 0 || maxInFlight <= 0 || connectionCount <= 0 || timeoutS <= 0) {
      Options.usage("--rate, --duration, --max-in-flight, --connections and --timeout must be positive");
    }
    List<byte[]> pool = new Requests(options).pool(mode);
    URI url = URI.create(options.get("url", null));
    InetSocketAddress address = new InetSocketAddress(url.getHost(), url.getPort() > 0 ? url.getPort() : 80);

    Stats stats = new Stats();
    Schedule schedule = new Schedule(rate, warmup, duration);
    List<Connection> connections = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < connectionCount; c++) {
      Connection connection = new Connection(schedule, pool, stats, maxInFlight, address,
          (int) TimeUnit.SECONDS.toMillis(timeoutS));
      Thread thread = new Thread(null, connection, "openloop-connection-" + c, 256 * 1024);
      thread.setDaemon(true);
      connections.add(connection);
      threads.add(thread);
      thread.start();
    }
    Thread progress = Progress.start(mode, schedule, stats);

    long now;
    while ((now = System.nanoTime()) < schedule.windowStart) {
      LockSupport.parkNanos(schedule.windowStart - now);
    }
    long cpuAtWindow = cpuNanos();
    System.err.println("openloop: measured window starts");
    // Every request has a read timeout; what is still out after the last one's due time, the timeout and a
    // second is counted as unfinished.
    long waitUntil = schedule.due(schedule.total - 1) + TimeUnit.SECONDS.toNanos(timeoutS + 1);
    for (Thread thread : threads) {
      long left = waitUntil - System.nanoTime();
      if (left > 0) {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
    connections.forEach(Connection::stop);
    stats.close();
    long cpuWindow = cpuNanos() - cpuAtWindow;
    System.err.println("openloop: measured window ends");
    progress.interrupt();

    long windowCount = schedule.total - schedule.warmCount;
    long unfinished = Math.max(0, windowCount - stats.completed.get() - stats.overCap.get());
    long lastSend = stats.lastWindowSend.get();
    double span = ((lastSend == Long.MIN_VALUE ? schedule.windowStart : lastSend) - schedule.windowStart
        + schedule.intervalNs) / 1e9;
    String histogram = options.get("histogram", "");
    Report.write(new Report.Window(mode, options.get("sort", ""), rate, warmup, duration, span, unfinished,
        maxInFlight, connectionCount, cpuWindow / 1e9, histogram.isEmpty() ? null : Path.of(histogram)), stats);
    System.exit(0);
  }

  private static long cpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }
}
