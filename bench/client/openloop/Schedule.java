package openloop;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

// The constant-rate schedule: request i is due at start + i / rate (computed from i, so no drift accumulates),
// the first warmCount of them a discarded warm-up. The connections take the next request in order from it.
final class Schedule {
  final long start;
  final double intervalNs;
  final long warmCount;
  final long total;
  final long windowStart;
  private final AtomicLong next = new AtomicLong();

  Schedule(double rate, double warmupS, double durationS) {
    intervalNs = 1e9 / rate;
    warmCount = Math.round(warmupS * rate);
    total = warmCount + Math.round(durationS * rate);
    start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
    windowStart = due(warmCount);
  }

  long due(long i) {
    return start + Math.round(i * intervalNs);
  }

  // Requests due at or before now.
  long dueBy(long now) {
    if (now < start) {
      return 0;
    }
    return Math.min(total, (long) Math.floor((now - start) / intervalNs) + 1);
  }

  // The next request to send, or -1 when all are taken.
  long take() {
    long i = next.getAndIncrement();
    return i < total ? i : -1;
  }

  boolean inWindow(long i) {
    return i >= warmCount;
  }
}
