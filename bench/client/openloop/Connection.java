package openloop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

// One connection's thread, as one of wrk2's connections: takes the next request of the schedule, waits until it
// is due, sends it and reads the answer, and records its latency from the due time. A request due while every
// connection is busy is taken late by the first one free, and that wait is in its latency (no coordinated
// omission). More than maxInFlight requests outstanding (due and not done) when one is taken: that one is not
// sent but counted as an error (over_cap), so that a node far behind cannot make the backlog grow unbounded.
final class Connection implements Runnable {
  private final Schedule schedule;
  private final List<byte[]> pool;
  private final Stats stats;
  private final int maxInFlight;
  private final HttpConnection http;
  private volatile boolean stopped;

  Connection(Schedule schedule, List<byte[]> pool, Stats stats, int maxInFlight, InetSocketAddress address,
      int timeoutMs) {
    this.schedule = schedule;
    this.pool = pool;
    this.stats = stats;
    this.maxInFlight = maxInFlight;
    this.http = new HttpConnection(address, timeoutMs);
  }

  void stop() {
    stopped = true;
  }

  @Override
  public void run() {
    try {
      for (long i = schedule.take(); i >= 0 && !stopped; i = schedule.take()) {
        long due = schedule.due(i);
        long now;
        while ((now = System.nanoTime()) < due) {
          LockSupport.parkNanos(due - now);
        }
        boolean inWindow = schedule.inWindow(i);
        long outstanding = schedule.dueBy(now) - stats.finishedTotal.get();
        stats.outstanding(outstanding);
        if (outstanding > maxInFlight) {
          stats.overCap(inWindow);
          continue;
        }
        stats.sending(inWindow, due, now);
        try {
          int status = http.exchange(pool.get((int) (i % pool.size())));
          stats.answered(inWindow, status, System.nanoTime() - due);
        } catch (IOException | RuntimeException e) {
          stats.failed(inWindow, e);
        }
      }
    } finally {
      http.close();
    }
  }
}
