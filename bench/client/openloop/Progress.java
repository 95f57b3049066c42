package openloop;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

// The progress line on stderr once a second (bench/run repeats the latest every 5 s).
final class Progress {
  private Progress() {
  }

  static Thread start(String mode, Schedule schedule, Stats stats) {
    Thread thread = new Thread(() -> {
      long lastSent = 0;
      long lastOk = 0;
      long lastErrors = 0;
      Histogram interval = null;
      try {
        for (long tick = 1; ; tick++) {
          long next = schedule.start + TimeUnit.SECONDS.toNanos(tick);
          long wait = next - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
          interval = stats.perSecond.getIntervalHistogram(interval);
          long s = stats.sentTotal.get();
          long o = stats.okTotal.get();
          long e = stats.errorsTotal.get();
          long inFlight = schedule.dueBy(System.nanoTime()) - stats.finishedTotal.get();
          System.err.printf(Locale.ROOT, "openloop %s %3d s (%s): sent %d/s, 2xx %d/s, errors %d, in flight %d,"
                  + " latency from due time p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
              mode, tick, next <= schedule.windowStart ? "warm-up" : "measured", s - lastSent, o - lastOk,
              e - lastErrors, Math.max(0, inFlight), interval.getValueAtPercentile(50) / 1000.0,
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
    thread.start();
    return thread;
  }
}
