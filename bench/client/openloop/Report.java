package openloop;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

// The measured window's summary: one JSON object on stdout (the fields bench/lib/section-openloop.sh and
// openloop-report.sh read) and, with --histogram, HdrHistogram's percentile distribution in milliseconds.
final class Report {
  private Report() {
  }

  record Window(String mode, String sort, double rate, double warmupS, double durationS, double spanS,
      long unfinished, int maxInFlight, int connections, double clientCpuS, Path histogramFile) {
  }

  static void write(Window w, Stats stats) throws IOException {
    Histogram measured = stats.measured();
    if (w.histogramFile() != null) {
      try (PrintStream out = new PrintStream(Files.newOutputStream(w.histogramFile()), false, "UTF-8")) {
        measured.outputPercentileDistribution(out, 5, 1000.0);
      }
    }
    long exceptionCount = stats.exceptionCount();
    long errors = stats.non2xx.get() + exceptionCount + stats.overCap.get() + w.unfinished();
    StringBuilder json = new StringBuilder();
    json.append('{')
        .append(field("mode", w.mode())).append(',')
        .append(field("sort", w.sort())).append(',')
        .append(num("target_per_s", w.rate())).append(',')
        .append(num("warmup_s", w.warmupS())).append(',')
        .append(num("duration_s", w.durationS())).append(',')
        .append(num("send_span_s", w.spanS())).append(',')
        .append("\"sent\":").append(stats.sent.get()).append(',')
        .append("\"requests\":").append(stats.completed.get()).append(',')
        .append("\"ok\":").append(stats.ok.get()).append(',')
        .append(num("sent_per_s", stats.sent.get() / w.spanS())).append(',')
        .append(num("achieved_per_s", stats.ok.get() / w.spanS())).append(',')
        .append("\"latency_ms\":").append(latencies(measured)).append(',')
        .append("\"send_lag_ms\":").append(latencies(stats.sendLag())).append(',')
        .append("\"errors\":{\"non_2xx\":").append(stats.non2xx.get())
        .append(",\"exceptions\":").append(exceptionCount)
        .append(",\"over_cap\":").append(stats.overCap.get())
        .append(",\"unfinished\":").append(w.unfinished())
        .append(",\"total\":").append(errors)
        .append(",\"by_exception\":").append(counts(stats.exceptions))
        .append(",\"by_status\":").append(counts(stats.statuses)).append("},")
        .append("\"max_in_flight\":").append(w.maxInFlight()).append(',')
        .append("\"connections\":").append(w.connections()).append(',')
        .append("\"peak_in_flight\":").append(stats.peakInFlight.get()).append(',')
        .append(num("client_cpu_s", w.clientCpuS())).append(',')
        .append(field("histogram_file", w.histogramFile() == null ? "" : w.histogramFile().toString()))
        .append('}');
    System.out.println(json);
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
}
