package live;

import java.util.List;
import java.util.Locale;

/** The latency summary of the report: count, nearest-rank percentiles, max and min, in JSON. */
final class Percentiles {
    private Percentiles() {
    }

    static String json(List<Double> values) {
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
}
