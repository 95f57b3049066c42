# Per-second server-side latency from Prometheus histogram scrapes (bench/run's sampler).
#
# Input lines: "<epoch.seconds> <metric line>", where the metric lines are the cumulative buckets
#   http_server_requests_seconds_bucket{...,le="0.001"} 12.0
# of one route and method, from every HTTP node, scraped once a second (all statuses are summed).
# Output, one line per interval between two scrapes:
#   <seconds since -v t0> <requests in the interval / its length> <p50 ms> <p99 ms>
# Quantiles are linear interpolations inside the histogram bucket that holds them (Micrometer's percentile
# buckets grow by about a third each), so they are estimates; the client-side figures come from wrk.
function q(target,    k, prev_count, prev_le, le, c) {
  prev_count = 0; prev_le = 0
  for (k = 1; k <= nle; k++) {
    le = les[k]; c = delta[le]
    if (c >= target) {
      if (le == "+Inf") return prev_le * 1000
      if (c == prev_count) return le * 1000
      return (prev_le + (le - prev_le) * (target - prev_count) / (c - prev_count)) * 1000
    }
    prev_count = c; prev_le = (le == "+Inf" ? prev_le : le)
  }
  return prev_le * 1000
}
{
  ts = $1
  if (match($0, /le="[^"]+"/) == 0) next
  le = substr($0, RSTART + 4, RLENGTH - 5)
  value = $NF + 0
  if (!(ts in seen_ts)) { seen_ts[ts] = 1; tss[++nts] = ts }
  if (!(le in seen_le)) { seen_le[le] = 1; les[++nle] = le }
  cum[ts, le] += value
}
END {
  # buckets in ascending order, +Inf last
  for (i = 1; i <= nle; i++) for (j = i + 1; j <= nle; j++) {
    a = les[i]; b = les[j]
    if ((a == "+Inf") || (b != "+Inf" && a + 0 > b + 0)) { les[i] = b; les[j] = a }
  }
  for (i = 1; i <= nts; i++) for (j = i + 1; j <= nts; j++) if (tss[i] + 0 > tss[j] + 0) { t = tss[i]; tss[i] = tss[j]; tss[j] = t }
  for (i = 2; i <= nts; i++) {
    t = tss[i]; p = tss[i - 1]; span = t - p
    if (span <= 0) continue
    for (k = 1; k <= nle; k++) { le = les[k]; delta[le] = cum[t, le] - cum[p, le] }
    total = delta["+Inf"]
    if (total <= 0) { printf "%.1f %.1f NaN NaN\n", t - t0, 0; continue }
    printf "%.1f %.1f %.2f %.2f\n", t - t0, total / span, q(total * 0.50), q(total * 0.99)
  }
}
