package openloop;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

// What the connections record: totals over the whole run (for the progress lines) and the measured window's
// counts and histograms (requests due inside it, wherever they complete). Latencies in microseconds.
final class Stats {
  static final long HIGHEST_US = TimeUnit.MINUTES.toMicros(2);

  final Recorder perSecond = new Recorder(HIGHEST_US, 3);
  private final Recorder measured = new Recorder(HIGHEST_US, 3);
  private final Recorder sendLag = new Recorder(HIGHEST_US, 3);
  final AtomicLong sentTotal = new AtomicLong();
  final AtomicLong okTotal = new AtomicLong();
  final AtomicLong errorsTotal = new AtomicLong();
  // Requests that are done: answered, failed, or not sent (over the cap).
  final AtomicLong finishedTotal = new AtomicLong();
  final AtomicInteger peakInFlight = new AtomicInteger();
  final AtomicLong lastWindowSend = new AtomicLong(Long.MIN_VALUE);
  final AtomicLong sent = new AtomicLong();
  final AtomicLong completed = new AtomicLong();
  final AtomicLong ok = new AtomicLong();
  final AtomicLong non2xx = new AtomicLong();
  final AtomicLong overCap = new AtomicLong();
  final Map<String, AtomicLong> exceptions = new ConcurrentHashMap<>();
  final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
  // Set when the window is over (the summary is being written): what completes after it counts as unfinished,
  // so that the summary's counts agree with each other.
  private volatile boolean closed;

  void close() {
    closed = true;
  }

  private static long micros(long nanos) {
    return Math.max(0, Math.min(HIGHEST_US, nanos / 1000));
  }

  void outstanding(long count) {
    if (count > peakInFlight.get()) {
      peakInFlight.accumulateAndGet((int) Math.min(Integer.MAX_VALUE, count), Math::max);
    }
  }

  void overCap(boolean inWindow) {
    errorsTotal.incrementAndGet();
    finishedTotal.incrementAndGet();
    if (inWindow && !closed) {
      overCap.incrementAndGet();
    }
  }

  void sending(boolean inWindow, long due, long now) {
    sentTotal.incrementAndGet();
    if (inWindow && !closed) {
      sent.incrementAndGet();
      sendLag.recordValue(micros(now - due));
      lastWindowSend.accumulateAndGet(now, Math::max);
    }
  }

  // Latency of every answer, as wrk's histogram has it; the non-2xx ones are also errors.
  void answered(boolean inWindow, int status, long latencyNs) {
    long us = micros(latencyNs);
    boolean success = status >= 200 && status <= 299;
    perSecond.recordValue(us);
    (success ? okTotal : errorsTotal).incrementAndGet();
    if (inWindow && !closed) {
      measured.recordValue(us);
      statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
      (success ? ok : non2xx).incrementAndGet();
      completed.incrementAndGet();
    }
    finishedTotal.incrementAndGet();
  }

  void failed(boolean inWindow, Exception failure) {
    errorsTotal.incrementAndGet();
    if (inWindow && !closed) {
      exceptions.computeIfAbsent(failure.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
      completed.incrementAndGet();
    }
    finishedTotal.incrementAndGet();
  }

  // Everything recorded since the start (each is read once, at the end).
  Histogram measured() {
    return measured.getIntervalHistogram();
  }

  Histogram sendLag() {
    return sendLag.getIntervalHistogram();
  }

  long exceptionCount() {
    return exceptions.values().stream().mapToLong(AtomicLong::get).sum();
  }
}
