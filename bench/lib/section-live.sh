# Sourced by bench/run: the live-chat section (issue #16). Three measurements, called from main by phase_live
# between the reads and the drain (no backlog pending):
#   - pages: the newest and the oldest page of the large chat ($SEARCH_CHAT), and the newest page of a fresh
#     50-message chat, each a wrk window like the core phases (bench/lua/read_page.lua);
#   - event latency: from a create's 202 on one HTTP node to its message.created event on another, at half the
#     creation rate this run measured (live.EventLatency, bench/client/live); a second node is started for it when
#     the run has one, and stopped after;
#   - idle streams: one HTTP node's resident memory while it holds 2,000 idle chat streams
#     (live.IdleStreams, bench/client/live).
# Leaves $TMP/section-live.json and $TMP/section-live.md (bench/lib/live-report.sh) for merge_sections and
# write_docs.
# shellcheck shell=bash

# shellcheck source=bench/lib/live-report.sh
. "$BENCH/lib/live-report.sh"

LIVE_STREAMS=2000           # the issue's idle-stream count; also the node's default CHAT_MAX_STREAMS
LIVE_STREAM_CHATS="130-229" # the idle streams' chats: they get no writes between the seeding and the drain
LIVE_SMALL_MESSAGES=50
LIVE_CLIENT_PID=""
LIVE_NODE_PID=""            # the second HTTP node, when this section started it
LIVE_NODE_NAME=""
LIVE_NODE_ERROR=""
LIVE_B_PORT=""
LIVE_B_PID=""

phase_live() {
  live_compile || true # now rather than in a measured window; live_client reports a failure
  live_pages
  live_latency
  live_idle_streams
  live_write_results
}

# Stops what this section started: a client still running, and the second node (also with --keep: the run's
# topology is the one it was asked for). Called by bench/run's cleanup.
live_cleanup() {
  if [ -n "$LIVE_CLIENT_PID" ] && kill -0 "$LIVE_CLIENT_PID" 2>/dev/null; then
    kill "$LIVE_CLIENT_PID" 2>/dev/null; wait "$LIVE_CLIENT_PID" 2>/dev/null
  fi
  LIVE_CLIENT_PID=""
  live_node_stop
}

# The clients, compiled once per run into $TMP/live/classes (javac of the sources in bench/client/live).
live_compile() {
  LIVE_CLASSES="$TMP/live/classes"
  compile_client "the live clients" live "$LIVE_CLASSES"
}

# live_client NAME MAX_SECONDS CLASS ARGS...: runs live.CLASS of bench/client/live in the background, bounded
# by MAX_SECONDS, so that bench/run's traps stay responsive and cleanup can stop it by pid; its JSON goes to
# $TMP/NAME.json, its progress to $TMP/NAME.log (printed afterwards).
live_client() {
  local name="$1" max="$2" class="$3" rc=0; shift 3
  if ! live_compile; then
    say "    the live clients did not compile; see ${TMP#"$ROOT"/}/live/javac.log"
    echo "{\"error\":$(tail -3 "$TMP/live/javac.log" | jq -Rs .),\"exit\":1}" >"$TMP/$name.json"
    return 1
  fi
  (cd "$ROOT" && exec timeout -k 5 "$max" java -Xmx256m -XX:+UseSerialGC -cp "$LIVE_CLASSES" "live.$class" "$@") \
    >"$TMP/$name.json" 2>"$TMP/$name.log" &
  LIVE_CLIENT_PID=$!
  wait "$LIVE_CLIENT_PID" || rc=$?
  LIVE_CLIENT_PID=""
  sed 's/^/    /' "$TMP/$name.log" | awk 'NR <= 40'
  if [ "$rc" -ne 0 ] || ! jq -e . "$TMP/$name.json" >/dev/null 2>&1; then
    say "    $class failed (exit $rc); see ${TMP#"$ROOT"/}/$name.log"
    echo "{\"error\":$(tail -3 "$TMP/$name.log" | jq -Rs .),\"exit\":$rc}" >"$TMP/$name.json"
    return 1
  fi
}

# ------------------------------------------------------------------------------------------------ pages

live_pages() {
  local base="http://127.0.0.1:${HTTP_PORTS%% *}" i
  LIVE_SMALL_CHAT="$(api -X POST "$base/applications/$TOKEN/chats" | jq -r '.number // empty' || true)"
  [ -n "$LIVE_SMALL_CHAT" ] || fail "could not create the small chat for the page comparison"
  say "live: pages; chat $LIVE_SMALL_CHAT gets $LIVE_SMALL_MESSAGES messages through the API"
  # One after another, so that the numbers follow the order of the bodies (as a conversation's would).
  for ((i = 1; i <= LIVE_SMALL_MESSAGES; i++)); do
    api -o /dev/null -w '%{http_code}\n' -X POST -H 'Content-Type: application/json' \
      -d "{\"body\":\"small chat message $i\"}" "$base/applications/$TOKEN/chats/$LIVE_SMALL_CHAT/messages" || echo 000
  done | sort | uniq -c | awk '{ printf "%s%s x %s", (NR > 1 ? ", " : ""), $1, $2 }' >"$TMP/live-small.codes" || true
  settle live_small all_messages_persisted
  LIVE_SMALL_PERSISTED="$(persisted_messages "$LIVE_SMALL_CHAT" "$LIVE_SMALL_CHAT" || echo 0)"
  LIVE_LARGE_PERSISTED="$(persisted_messages "$SEARCH_CHAT" "$SEARCH_CHAT" || echo 0)"
  say "    answers $(cat "$TMP/live-small.codes"); chat $LIVE_SMALL_CHAT holds $LIVE_SMALL_PERSISTED messages, chat $SEARCH_CHAT $LIVE_LARGE_PERSISTED"
  export BENCH_TOKEN="$TOKEN" BENCH_PAGE_LIMIT=50
  # The route is warm from the reads; the newest page's path (a descending range) is new to the JIT.
  BENCH_CHATS="$SEARCH_CHAT" BENCH_PAGE_ORDER=desc SAMPLE_ROUTE_FILTER="method=\"GET\",route=\"$MESSAGES_ROUTE\"," \
    MEASURE_WARM="$WARM_PATH" MEASURE_WARM_MIN="$WARM_PATH_MIN" measure live_page_newest_large read_page.lua "$T_PAGE" $HTTP_PORTS
  BENCH_CHATS="$SEARCH_CHAT" BENCH_PAGE_ORDER=asc SAMPLE_ROUTE_FILTER="method=\"GET\",route=\"$MESSAGES_ROUTE\"," \
    MEASURE_WARM=$((2 * WARM)) MEASURE_WARM_MIN=0 measure live_page_oldest_large read_page.lua "$T_PAGE" $HTTP_PORTS
  BENCH_CHATS="$LIVE_SMALL_CHAT" BENCH_PAGE_ORDER=desc SAMPLE_ROUTE_FILTER="method=\"GET\",route=\"$MESSAGES_ROUTE\"," \
    MEASURE_WARM=$((2 * WARM)) MEASURE_WARM_MIN=0 measure live_page_newest_small read_page.lua "$T_PAGE" $HTTP_PORTS
  unset BENCH_PAGE_LIMIT
}

# ---------------------------------------------------------------------------------------- event latency

live_latency() {
  local creation rate warm duration
  creation="$(jq -r '.requests_per_s' "$TMP/create_message.json")"
  rate="$(awk -v c="$creation" 'BEGIN { r = c / 2; if (r < 1) r = 1; printf "%.1f", r }')"
  if [ "$MODE" = quick ]; then warm=3; duration=8; else warm=10; duration=30; fi
  echo "{\"creation_rate_per_s\":$creation,\"rate_per_s\":$rate,\"warmup_s\":$warm,\"duration_s\":$duration}" \
    >"$TMP/live-latency.setup.json"
  if ! live_second_node; then
    say "live: event latency NOT measured: $LIVE_NODE_ERROR"
    jq -n --arg e "$LIVE_NODE_ERROR" '{error: $e}' >"$TMP/live-latency.json"
    live_node_stop
    return 0
  fi
  local port_a="${HTTP_PORTS%% *}"
  say "live: event latency: 202 from node :$port_a, event on node :$LIVE_B_PORT ($LIVE_NODE_NAME), $rate msg/s (half of the $creation req/s of message creation), ${warm} s warm-up + ${duration} s"
  HTTP_PIDS_CSV="$HTTP_PIDS_CSV,$LIVE_B_PID" cpu_snapshot >"$TMP/live-latency.cpu0"
  live_client live-latency $((warm + duration + 90)) EventLatency --post "http://127.0.0.1:$port_a" \
    --stream "http://127.0.0.1:$LIVE_B_PORT" --token "$TOKEN" --chats 4 --rate "$rate" --warmup "$warm" \
    --duration "$duration" --grace 30 || true
  HTTP_PIDS_CSV="$HTTP_PIDS_CSV,$LIVE_B_PID" cpu_snapshot >"$TMP/live-latency.cpu1"
  cpu_json "$TMP/live-latency.cpu0" "$TMP/live-latency.cpu1" 0 >"$TMP/live-latency.cpu.json"
  live_node_stop
  settle live_latency all_messages_persisted
}

# live_second_node: an HTTP node other than the first, in LIVE_B_PORT and LIVE_B_PID: the run's second node, or
# one started now through scripts/stack (same jar, JVM options and environment as the others; LIVE_NODE_PID
# then names it, for live_node_stop). Returns 1 with the reason in LIVE_NODE_ERROR.
live_second_node() {
  local port i rc=0
  LIVE_NODE_ERROR=""
  if [ "$HTTP_NODES" -ge 2 ]; then
    LIVE_B_PORT="$(echo "$HTTP_PORTS" | awk '{ print $2 }')"
    LIVE_B_PID="$(cat "$STACK_DIR/run/http-1.pid")"
    LIVE_NODE_NAME="http-1, a node of the run"
    return 0
  fi
  port=$((HTTP_PORT + 1))
  if port_open "$port"; then
    LIVE_NODE_ERROR="port $port (the second node's) is in use by another process"
    return 1
  fi
  local log="$STACK_DIR/logs/http-1.log"
  grep -q "^$log " "$TMP/log-offsets" 2>/dev/null || echo "$log $(stat -c %s "$log" 2>/dev/null || echo 0)" >>"$TMP/log-offsets"
  say "live: starting a second HTTP node on port $port (scripts/stack up --http 2 --workers $WORKERS: the running ones stay)"
  stack up --http 2 --workers "$WORKERS" >"$TMP/live-node-up.log" 2>&1 || rc=$?
  sed 's/^/    /' "$TMP/live-node-up.log"
  [ -f "$STACK_DIR/run/http-1.pid" ] && LIVE_NODE_PID="$(cat "$STACK_DIR/run/http-1.pid")"
  if [ "$rc" -ne 0 ] || [ -z "$LIVE_NODE_PID" ]; then
    LIVE_NODE_ERROR="scripts/stack up --http 2 failed (exit $rc)"
    return 1
  fi
  LIVE_B_PORT="$port"
  LIVE_B_PID="$LIVE_NODE_PID"
  LIVE_NODE_NAME="http-1, started for this measurement and stopped after it"
  if ! tr '\0' '\n' <"/proc/$LIVE_B_PID/environ" | grep -x "CHAT_RABBITMQ_URL=amqp://guest:guest@127.0.0.1:5672/$VHOST" >/dev/null; then
    LIVE_NODE_ERROR="the second node does not use vhost $VHOST"
    return 1
  fi
  for ((i = 0; i < 90; i++)); do
    [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$port/readyz" || true)" = 200 ] && return 0
    sleep 1
  done
  LIVE_NODE_ERROR="the second node was not ready within 90 s"
  return 1
}

# Stops the second node if this section started it: by pid, as scripts/stack down would, and forgets its pid file.
live_node_stop() {
  local pid="${LIVE_NODE_PID:-}" i
  [ -n "$pid" ] || return 0
  say "live: stopping the second HTTP node (pid $pid)"
  kill "$pid" 2>/dev/null || true
  for ((i = 0; i < 40; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
  rm -f "$STACK_DIR/run/http-1.pid"
  LIVE_NODE_PID=""
}

# ----------------------------------------------------------------------------------------- idle streams

live_idle_streams() {
  local port="${HTTP_PORTS%% *}" pid="${HTTP_PIDS_CSV%%,*}" cap hold
  cap="$(tr '\0' '\n' <"/proc/$pid/environ" | sed -n 's/^CHAT_MAX_STREAMS=//p')"
  if [ "$MODE" = quick ]; then hold=16; else hold=30; fi
  echo "{\"node\":\"http-0\",\"port\":$port,\"max_streams_setting\":$(jq -Rn --arg c "${cap:-unset (default 2000)}" '$c')}" \
    >"$TMP/live-idle.setup.json"
  say "live: $LIVE_STREAMS idle streams on node :$port (pid $pid; CHAT_MAX_STREAMS ${cap:-unset, default 2000}), chats $LIVE_STREAM_CHATS, held ${hold} s"
  live_client live-idle $((hold + 180)) IdleStreams --url "http://127.0.0.1:$port" --token "$TOKEN" \
    --chats "$LIVE_STREAM_CHATS" --streams "$LIVE_STREAMS" --pid "$pid" --hold "$hold" --parallel 32 \
    --open-timeout 120 || true
  # The node notices closed streams on its next write (a heartbeat within 15 s): the drain starts after.
  wait_until "idle streams closed on the node" 40 live_streams_gone || true
}

live_streams_gone() {
  local open
  open="$(curl -s -m 3 "http://127.0.0.1:${HTTP_PORTS%% *}/metrics" | awk '/^chat_streams_open/ { print int($NF) }')"
  WAIT_PROGRESS="${open:-?} streams open"
  [ "${open:-1}" = 0 ]
}
