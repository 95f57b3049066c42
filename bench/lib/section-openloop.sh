# Sourced by bench/run: open-loop latency (issue #18, item 4). After the closed-loop window of an operation,
# the same operation at a constant 50 % of the rate that window measured, from bench/client/openloop/,
# which never waits for an answer before the next request and counts each latency from the request's due time
# (no coordinated omission). Leaves $TMP/section-openloop.json and .md and docs/<report>/openloop.png
# (bench/lib/openloop-report.sh).
# shellcheck shell=bash

OPENLOOP_HDR_VERSION=2.2.2
OPENLOOP_MAX_IN_FLIGHT=1024 # outstanding requests (waiting for a connection + on the wire); more are errors (over_cap)

openloop_settings() {
  if [ "$MODE" = quick ]; then OPENLOOP_WARM=4; OPENLOOP_SECONDS=8; else OPENLOOP_WARM=10; OPENLOOP_SECONDS=30; fi
  OPENLOOP_DIR="$TMP/openloop"
  mkdir -p "$OPENLOOP_DIR"
}

# HdrHistogram, for the client's classpath: fetched once into a cache under $STACK_DIR, as fetch_perf_test does.
fetch_hdrhistogram() {
  local dir="$STACK_DIR/hdrhistogram-$OPENLOOP_HDR_VERSION"
  OPENLOOP_JAR="$dir/HdrHistogram-$OPENLOOP_HDR_VERSION.jar"
  [ -f "$dir/.complete" ] && [ -f "$OPENLOOP_JAR" ] && return 0
  say "fetching org.hdrhistogram:HdrHistogram:$OPENLOOP_HDR_VERSION for the open-loop client (mvn dependency:copy)"
  rm -rf "$dir"
  mkdir -p "$dir"
  (cd "$dir" && mvn -B -q dependency:copy -Dartifact="org.hdrhistogram:HdrHistogram:$OPENLOOP_HDR_VERSION" \
      -DoutputDirectory="$dir") >"$dir/fetch.log" 2>&1 || fail "could not fetch HdrHistogram: see $dir/fetch.log"
  [ -f "$OPENLOOP_JAR" ] || fail "no $OPENLOOP_JAR after mvn dependency:copy: see $dir/fetch.log"
  touch "$dir/.complete"
}

# The client, compiled once per run into $OPENLOOP_DIR/classes (javac of the sources in bench/client/openloop).
compile_openloop() {
  OPENLOOP_CLASSES="$OPENLOOP_DIR/classes"
  compile_client "the open-loop client" openloop "$OPENLOOP_CLASSES" "$OPENLOOP_JAR" ||
    fail "the open-loop client did not compile: $(tail -3 "$OPENLOOP_DIR/javac.log")"
}

# openloop_wait_for LOG LINE MAX_SECONDS: until the client has printed LINE (polled every 0.1 s; its latest
# progress line repeated every 5 s); fails when the client exits first or MAX_SECONDS pass.
openloop_wait_for() {
  local log="$1" line="$2" max="$3" i
  for ((i = 0; i < max * 10; i++)); do
    grep -qx "openloop: $line" "$log" 2>/dev/null && return 0
    kill -0 "$OPENLOOP_PID" 2>/dev/null || fail "the open-loop client ended before \"$line\": $(tail -3 "$log")"
    ((i % 50 == 49)) && say "    $(grep '^openloop [a-z]' "$log" | tail -1)"
    sleep 0.1
  done
  fail "the open-loop client did not print \"$line\" within $max s: $(tail -3 "$log")"
}

# openloop_run NAME MODE CLOSED_PHASE CLIENT_ARGS...: the client at 50 % of CLOSED_PHASE's measured rate, on
# the first HTTP node; the CPU of every process is sampled over its measured window (it says when that starts
# and ends). Leaves $OPENLOOP_DIR/NAME.json (the client's summary), .hgrm, .log and .result.json.
openloop_run() {
  local name="$1" mode="$2" closed="$3"; shift 3
  openloop_settings
  fetch_hdrhistogram
  compile_openloop
  local out="$OPENLOOP_DIR/$name" closed_rate rate
  closed_rate="$(jq -r '.requests_per_s // 0' "$TMP/$closed.json" 2>/dev/null || echo 0)"
  rate="$(awk -v r="$closed_rate" 'BEGIN { printf "%.1f", r / 2 }')"
  if awk -v r="$rate" 'BEGIN { exit !(r < 1) }'; then
    say "$name: SKIPPED: the closed-loop $closed window measured $closed_rate req/s, nothing to take 50 % of"
    jq -n --arg closed "$closed" --argjson closed_rate "$closed_rate" \
      '{closed_loop_phase: $closed, closed_loop_per_s: $closed_rate, skipped: true}' >"$out.result.json"
    return 0
  fi
  say "$name: open loop at $rate req/s (50 % of $closed's $closed_rate req/s), warm-up $OPENLOOP_WARM s, measuring $OPENLOOP_SECONDS s (bench/client/openloop)"
  # C1 only: C2's compile threads would take a share of the 2 cores from the node during the window, and the
  # client's work is I/O. Small heap and thread stacks: 64 connection threads that hold a few buffers each.
  (cd "$ROOT" && exec java -Xmx128m -Xss256k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
      -cp "$OPENLOOP_CLASSES:$OPENLOOP_JAR" openloop.OpenLoop \
      --mode "$mode" --url "http://127.0.0.1:${HTTP_PORTS%% *}" --token "$TOKEN" --rate "$rate" \
      --warmup "$OPENLOOP_WARM" --duration "$OPENLOOP_SECONDS" --connections "$CONNECTIONS" \
      --max-in-flight "$OPENLOOP_MAX_IN_FLIGHT" \
      --histogram "$out.hgrm" "$@") >"$out.json" 2>"$out.log" &
  OPENLOOP_PID=$!
  WRK_PIDS="$OPENLOOP_PID" # so that bench/run's cleanup stops the client too if the run is interrupted
  openloop_wait_for "$out.log" "measured window starts" $((OPENLOOP_WARM + 60))
  cpu_snapshot >"$out.cpu0"
  openloop_wait_for "$out.log" "measured window ends" $((OPENLOOP_SECONDS + 30))
  cpu_snapshot >"$out.cpu1"
  wait "$OPENLOOP_PID" || fail "the open-loop client failed: $(tail -3 "$out.log")"
  WRK_PIDS=""
  jq -e . "$out.json" >/dev/null 2>&1 || fail "the open-loop client printed no JSON summary: $(tail -3 "$out.log")"
  cpu_json "$out.cpu0" "$out.cpu1" "$(jq -r '.client_cpu_s' "$out.json")" >"$out.cpu.json"
  jq -n --slurpfile client "$out.json" --slurpfile cpu "$out.cpu.json" --slurpfile closed_wrk "$TMP/$closed.json" \
    --slurpfile closed_cpu "$TMP/$closed.cpu.json" --arg closed "$closed" --argjson closed_rate "$closed_rate" \
    'def ms(rps; cores): if rps > 0 then ((cores * 1000 / rps) * 1000 | round) / 1000 else null end;
     {closed_loop_phase: $closed, closed_loop_per_s: $closed_rate, closed_loop_latency_ms: $closed_wrk[0].latency_ms,
      closed_loop_http_cpu_ms_per_request: ms($closed_rate; $closed_cpu[0].http_nodes),
      target_per_s: $client[0].target_per_s, client: $client[0],
      cpu_cores: $cpu[0], cpu_note: "wrk = the open-loop client (its own CPU over the measured window)",
      http_cpu_ms_per_request: ms($client[0].achieved_per_s; $cpu[0].http_nodes)}' >"$out.result.json"
  say "$name: $(jq -r '"\(.achieved_per_s) of \(.target_per_s) req/s, p50 \(.latency_ms.p50) / p99 \(.latency_ms.p99) / p99.9 \(.latency_ms.p99_9) / max \(.latency_ms.max) ms from the due time, errors \(.errors.total) (over the cap of \(.max_in_flight) outstanding: \(.errors.over_cap)), client CPU \(.client_cpu_s) s"' "$out.json")"
}

phase_openloop_create() {
  openloop_run openloop_create create create_message --chats "$LOAD_CHATS"
  settle openloop_create all_messages_persisted
  openloop_write
}

phase_openloop_page() {
  openloop_run openloop_page page read_page --chats "$LOAD_CHATS"
  openloop_write
}

# The made-up corpus, both orders; the search windows' own Elasticsearch courtesy: wait until its search pool
# is idle again after each.
phase_openloop_search() {
  openloop_run openloop_search search search --chats "$SEARCH_CHAT"
  wait_until "Elasticsearch search pool idle again" 60 es_search_idle || true
  openloop_run openloop_search_newest search search_newest --chats "$SEARCH_CHAT" --sort newest
  wait_until "Elasticsearch search pool idle again" 60 es_search_idle || true
  openloop_write
}

# shellcheck source=bench/lib/openloop-report.sh
. "$(dirname "${BASH_SOURCE[0]}")/openloop-report.sh"
