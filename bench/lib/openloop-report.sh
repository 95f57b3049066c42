# Sourced by bench/lib/section-openloop.sh: the open-loop section's results and figures
# ($TMP/section-openloop.json, which merge_sections adds to the run's results), its part of the report
# ($TMP/section-openloop.md) and its chart (docs/<report>/openloop.png). Rewritten after each open-loop phase,
# so that a run that stops half-way still reports the phases it finished.
# shellcheck shell=bash

OPENLOOP_PHASES="openloop_create openloop_page openloop_search openloop_search_newest"

openloop_label() {
  case "$1" in
    openloop_create) echo "message creation" ;;
    openloop_page) echo "message page read" ;;
    openloop_search) echo "search" ;;
    openloop_search_newest) echo "search, sort=newest" ;;
    *) echo "$1" ;;
  esac
}

openloop_write() {
  local results="{}" p settle
  for p in $OPENLOOP_PHASES; do
    [ -f "$OPENLOOP_DIR/$p.result.json" ] || continue
    settle=null
    [ -s "$TMP/$p.settle.json" ] && settle="$(cat "$TMP/$p.settle.json")"
    results="$(jq --arg p "$p" --arg op "$(openloop_label "$p")" --argjson settle "$settle" \
      --slurpfile r "$OPENLOOP_DIR/$p.result.json" '.[$p] = ({operation: $op} + $r[0] + {backlog_applied: $settle})' <<<"$results")"
  done
  jq -n --argjson r "$results" --argjson warm "$OPENLOOP_WARM" --argjson seconds "$OPENLOOP_SECONDS" \
    --argjson cap "$OPENLOOP_MAX_IN_FLIGHT" --argjson connections "$CONNECTIONS" '
    def abs: if . < 0 then -. else . end;
    def ratio(a; b): if (a != null and b != null and b > 0) then ((a / b) * 1000 | round) / 1000 else null end;
    # Met only when requests completed, within the latency targets, without errors, and at the rate asked for
    # (a generator or server that fell behind sends fewer per second than the target).
    def met(c): c != null and c.requests > 0 and c.latency_ms != null and c.latency_ms.p99 <= 25
      and c.latency_ms.p99_9 <= 100 and c.errors.total == 0 and ((c.achieved_per_s - c.target_per_s) | abs) <= 0.02 * c.target_per_s;
    {results: ({how: "bench/client/openloop (wrk2 model: one thread per keep-alive connection on a blocking socket, HdrHistogram): a constant rate of 50 % of the closed-loop window of the same run, each request sent when due on the next free connection, without waiting for earlier answers; each latency counted from the request due time (coordinated omission corrected); warm-up at the same rate discarded; non-2xx, exceptions (a 10 s read timeout among them), requests still out 11 s after the last one was due and requests over the cap of outstanding requests count as errors; at most max_in_flight outstanding, at most connections on the wire",
               warm_up_s: $warm, measured_s: $seconds, max_in_flight: $cap, connections: $connections} + $r),
     figures: [$r | to_entries[] | .value as $x | ($x.client // null) as $c |
       {figure: "\($x.operation), open loop at 50 %", value: ($c.achieved_per_s // 0), unit: "req/s",
        latency_ms: (if $c.latency_ms then $c.latency_ms | {p50, p99, p99_9} else null end),
        errors: ($c.errors.total // null), http_cpu_ms_per_request: $x.http_cpu_ms_per_request,
        ratios: [{against: "target rate (50 % of the closed-loop \($x.closed_loop_per_s) req/s)", raw_limit: $x.target_per_s,
                  ratio: ratio($c.achieved_per_s; $x.target_per_s)}],
        target: "p99 <= 25 ms, p99.9 <= 100 ms, 0 errors, rate within 2 % of the target", met: met($c)}]}' \
    >"$TMP/section-openloop.json"
  openloop_chart
  openloop_markdown >"$TMP/section-openloop.md"
}

openloop_chart() {
  local out="$ROOT/docs/$(report_name)" p phases="" labels=""
  mkdir -p "$out"
  for p in $OPENLOOP_PHASES; do
    # (a histogram with no request in it has no data line: gnuplot would fail on it)
    [ -s "$OPENLOOP_DIR/$p.hgrm" ] && grep -q '^ *[0-9]' "$OPENLOOP_DIR/$p.hgrm" || continue
    phases="$phases $p"
    labels="$labels|$(openloop_label "$p")"
  done
  [ -n "$phases" ] || return 0
  gnuplot -e "datadir='$OPENLOOP_DIR'; out='$out/openloop.png'; phases='${phases# }'; labels='${labels#|}'; mode='$MODE'" \
    "$BENCH/gnuplot/openloop.gp" 2>>"$OPENLOOP_DIR/gnuplot.log" || say "    the open-loop chart failed: $(tail -2 "$OPENLOOP_DIR/gnuplot.log")"
}

openloop_markdown() {
  local name
  name="$(report_name)"
  cat <<EOF
## Open-loop latency

Each operation again, right after its closed-loop window, at a constant **50 % of the rate that window
measured** in this run, from \`bench/client/openloop\` (HdrHistogram $OPENLOOP_HDR_VERSION), in wrk2's model:
$CONNECTIONS threads, each with one keep-alive connection, send the requests when they are due without waiting
for the answers to earlier ones, and it counts each latency from the time the request
was *due*, so a stall of the node (or of the client) shows in the percentiles instead of pausing the load
(no coordinated omission, unlike wrk's closed loop at saturation). A request due while all connections are
busy waits for one, its wait counted in its latency; a failed or closed connection is opened again. A warm-up of
$OPENLOOP_WARM s at the same rate is discarded; $OPENLOOP_SECONDS s are measured. Errors: non-2xx answers, exceptions (a 10 s
read timeout among them), requests still out 11 s after the last one was due, and requests over the cap of $OPENLOOP_MAX_IN_FLIGHT outstanding
(waiting or on the wire; not sent, and counted so that a node that falls far behind cannot hide). Target for each: p99 ≤ 25 ms, p99.9 ≤ 100 ms, 0 errors, and the achieved
rate (2xx per second over the sending span) within 2 % of the target rate.

| Operation | Closed loop: rate, p50 / p99 / p99.9 ms | Open loop: target → achieved rate | Open loop: p50 / p99 / p99.9 / max ms | Errors | HTTP JVM CPU per request (open / closed) | Client CPU | Met |
|---|---|---|---|---|---|---|---|
EOF
  jq -r '
    def f: if . == null then "–" elif (. | type) == "number" then (. * 10 | round / 10 | tostring) else tostring end;
    def g: if . == null then "–" elif (. | type) == "number" then (. * 100 | round / 100 | tostring) else tostring end;
    . as $s | .figures as $figs | [.results | to_entries[] | select(.value | type == "object" and has("closed_loop_phase"))] | to_entries[] |
    .key as $i | .value.value as $x | ($x.client // null) as $c | $figs[$i] as $fig |
    "| \($x.operation) | \($x.closed_loop_per_s | f) req/s; \($x.closed_loop_latency_ms.p50 | g) / \($x.closed_loop_latency_ms.p99 | g) / \($x.closed_loop_latency_ms.p99_9 | g) | "
    + (if $x.skipped then "skipped (no closed-loop rate) | – | – | – | – |"
       else "\($x.target_per_s | f) → \($c.achieved_per_s | f) req/s | \($c.latency_ms.p50 | g) / \($c.latency_ms.p99 | g) / \($c.latency_ms.p99_9 | g) / \($c.latency_ms.max | g) | \($c.errors.total)"
            + (if $c.errors.total > 0 then " (non-2xx \($c.errors.non_2xx), exceptions \($c.errors.exceptions), timeouts unfinished \($c.errors.unfinished), over the cap \($c.errors.over_cap))" else "" end)
            + " | \($x.http_cpu_ms_per_request | g) / \($x.closed_loop_http_cpu_ms_per_request | g) ms | \($c.client_cpu_s | g) s (\($x.cpu_cores.wrk) cores) |" end)
    + " " + (if $fig.met then "yes" else "**no**" end) + " |"' "$TMP/section-openloop.json"
  cat <<EOF

Closed-loop figures are wrk's at $CONNECTIONS connections and saturation (the Figures table above); its latencies are
counted from the actual send, so they leave out the waiting a saturated server imposes on the requests wrk did
not send. "HTTP JVM CPU per request" divides the node's CPU over the measured window by the requests served;
the client's CPU (the "Client CPU" column, and the "wrk" column of the CPU split in the raw results) comes from
the same 2 cores: a small HTTP/1.1 client on blocking sockets, about 0.1 ms per request in hand runs (wrk:
about 0.03 ms). Where the client itself fell behind its schedule, its send lag shows it (\`sections.openloop.*.client.send_lag_ms\` in the
results).

Latency by percentile, from each open-loop window's HdrHistogram (x: percentile on a log scale of
1/(1 − percentile); the dotted lines are the p99 and p99.9 targets):

![open-loop latency by percentile]($name/openloop.png)
EOF
}
