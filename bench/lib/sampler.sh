# Sourced by bench/run. The once-a-second sampler and the CPU accounting of a phase.
# shellcheck shell=bash

# sample_loop OUT MAX_SECONDS MODE
#   Runs until the file OUT.stop appears or MAX_SECONDS have passed (bounded either way). Every second it
#   writes, synchronously (cheap, local):
#     OUT.samples   "epoch http_rss_max_kib worker_rss_max_kib load1"            (ps -o rss, /proc/loadavg)
#   and starts, in the background, so that a slow answer under load never stalls the clock (each bounded by
#   curl's -m 3, each writing whole lines or a file of its own):
#     OUT.ready     "epoch code code ..."  /readyz of every node, then every worker ("000": no answer in 3 s)
#     OUT.metrics.d/<tick>   "epoch <metric line>" for the request histogram and counter lines matching
#                   $SAMPLE_ROUTE_FILTER, from every node, stamped when the last node answered (a tick where a
#                   node did not answer is left out)
#     OUT.counts    "epoch persisted searchable" of the drain chats (MODE=drain only; drain_counts in bench/run)
sample_loop() {
  local out="$1" max="$2" mode="$3"
  local start i ts http_rss worker_rss load delay
  set +e # best effort: a failed probe leaves a gap (or "000"), it does not end the sampler
  start="$(date +%s.%N)"
  mkdir -p "$out.metrics.d"
  for ((i = 0; i < max; i++)); do
    [ -e "$out.stop" ] && break
    ts="$(date +%s.%N)"
    http_rss="$(ps -o rss= -p "${RSS_PIDS_CSV:-$HTTP_PIDS_CSV}" 2>/dev/null | sort -n | tail -1 | tr -d ' ')"
    worker_rss="$(ps -o rss= -p "$WORKER_PIDS_CSV" 2>/dev/null | sort -n | tail -1 | tr -d ' ')"
    load="$(cut -d' ' -f1 /proc/loadavg)"
    echo "$ts ${http_rss:-0} ${worker_rss:-0} $load" >>"$out.samples"
    (
      codes=""
      for port in $HTTP_PORTS $WORKER_PORTS; do
        codes="$codes $(curl -s -o /dev/null -m 3 -w '%{http_code}' "http://127.0.0.1:$port/readyz" 2>/dev/null)"
      done
      echo "$ts$codes" >>"$out.ready"
    ) &
    if [ -n "${SAMPLE_ROUTE_FILTER:-}" ]; then
      (
        ok=1
        for port in $HTTP_PORTS; do
          curl -s -f -m 3 "http://127.0.0.1:$port/metrics" >"$out.metrics.d/$i.$port" 2>/dev/null || ok=0
        done
        stamp="$(date +%s.%N)"
        if [ "$ok" = 1 ]; then
          for port in $HTTP_PORTS; do
            grep -F -e "http_server_requests_seconds_bucket{$SAMPLE_ROUTE_FILTER" \
                    -e "http_server_requests_seconds_count{$SAMPLE_ROUTE_FILTER" "$out.metrics.d/$i.$port" || true
          done | sed "s/^/$stamp /" >"$out.metrics.d/$i"
        fi
        for port in $HTTP_PORTS; do rm -f "$out.metrics.d/$i.$port"; done
      ) &
    fi
    if [ "$mode" = drain ]; then
      (
        counts="$(drain_counts)"
        echo "$(date +%s.%N) $counts" >>"$out.counts"
      ) &
    fi
    delay="$(awk -v s="$start" -v i="$i" -v n="$(date +%s.%N)" \
      'BEGIN { d = s + i + 1 - n; if (d < 0.05) d = 0.05; printf "%.3f", d }')"
    sleep "$delay"
  done
  wait
  cat "$out.metrics.d"/* 2>/dev/null | sort -n >"$out.metrics" || true
  rm -rf "$out.metrics.d"
}

# sampler_start OUT MAX_SECONDS MODE: starts sample_loop in the background; SAMPLER_PID names it.
sampler_start() {
  rm -f "$1.stop"
  sample_loop "$@" &
  SAMPLER_PID=$!
}

# sampler_stop OUT: asks the loop to stop and waits for it (its background calls end within 3 s; after 10 s
# it is killed by pid).
sampler_stop() {
  local out="$1" i
  touch "$out.stop"
  if [ -n "${SAMPLER_PID:-}" ]; then
    for ((i = 0; i < 100; i++)); do
      kill -0 "$SAMPLER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill "$SAMPLER_PID" 2>/dev/null || true
    wait "$SAMPLER_PID" 2>/dev/null || true
    SAMPLER_PID=
  fi
}

# Clock ticks (utime + stime, all threads) of the given pids, summed; 0 for pids that are gone.
ticks_of() {
  local pid sum=0 t
  for pid in "$@"; do
    [ -n "$pid" ] || continue
    t="$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat" 2>/dev/null || echo 0)"
    sum=$((sum + ${t:-0}))
  done
  echo "$sum"
}

# cpu_snapshot: "name ticks" lines for the busy time of the whole machine and of each process of interest.
# The servers are looked up by name (read only); the nodes by the pid files of scripts/stack.
cpu_snapshot() {
  local busy
  busy="$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat)"
  echo "machine $busy"
  echo "epoch $(date +%s.%N)"
  # shellcheck disable=SC2086 # lists of pids
  echo "http_nodes $(ticks_of ${HTTP_PIDS_CSV//,/ })"
  # shellcheck disable=SC2086
  echo "workers $(ticks_of ${WORKER_PIDS_CSV//,/ })"
  echo "hello_server $(ticks_of "${HELLO_PID:-}")"
  echo "perf_test $(ticks_of "${PERF_TEST_PID:-}")"
  # shellcheck disable=SC2046
  echo "redis $(ticks_of $(pgrep -x redis-server || true))"
  # shellcheck disable=SC2046
  echo "rabbitmq $(ticks_of $(pgrep -x beam.smp || true))"
  # shellcheck disable=SC2046
  echo "mariadb $(ticks_of $(pgrep -x mariadbd || pgrep -x mysqld || true))"
  # shellcheck disable=SC2046
  echo "elasticsearch $(ticks_of $(pgrep -f org.elasticsearch.bootstrap.Elasticsearch || true))"
}

# cpu_json BEFORE AFTER WRK_CPU_SECONDS: cores used per process group between two snapshots, as JSON.
# "other" is the machine's busy time that none of the named processes nor wrk account for: on a shared
# machine, mostly other people's builds and tests (and, in the raw-limit windows, redis-benchmark).
cpu_json() {
  local before="$1" after="$2" wrk_seconds="${3:-0}" hz
  hz="$(getconf CLK_TCK)"
  awk -v hz="$hz" -v wrk="$wrk_seconds" '
    FNR == NR { a[$1] = $2; next }
    { b[$1] = $2 }
    END {
      span = b["epoch"] - a["epoch"]; if (span <= 0) span = 1
      total = (b["machine"] - a["machine"]) / hz / span
      named = 0
      out = ""
      n = split("http_nodes workers hello_server perf_test redis rabbitmq mariadb elasticsearch", keys, " ")
      for (i = 1; i <= n; i++) {
        k = keys[i]; d = (b[k] - a[k]) / hz / span; if (d < 0) d = 0
        named += d
        out = out sprintf("\"%s\":%.2f,", k, d)
      }
      w = wrk / span
      other = total - named - w; if (other < 0) other = 0
      printf "{\"seconds\":%.1f,\"machine_busy_cores\":%.2f,%s\"wrk\":%.2f,\"other\":%.2f}\n", span, total, out, w, other
    }' "$before" "$after"
}

# thread_summary PID LOG OUT: one thread dump of a JVM, by SIGQUIT (the JVM prints it to its standard output,
# which scripts/stack sends to LOG; nothing has to attach, so the dump is taken at once even on a starved
# machine), copied to OUT.txt; OUT.json: how many Jetty request threads there are, by state and by the
# innermost frame that tells what they wait for.
thread_summary() {
  local pid="$1" log="$2" out="$3" offset i
  set +e # runs in its own background subshell; best effort
  offset="$(stat -c %s "$log")"
  DUMP_EPOCH="$(date +%s.%N)"
  kill -QUIT "$pid" 2>/dev/null || { echo '{"error":"no such process"}' >"$out.json"; return 0; }
  # (Through files, not pipes into grep -q or an early-exiting awk: under pipefail those fail on SIGPIPE.)
  for ((i = 0; i < 50; i++)); do
    sleep 0.2
    tail -c +"$((offset + 1))" "$log" >"$out.raw" || true
    grep '^JNI global refs' "$out.raw" >/dev/null && break
  done
  awk '/^Full thread dump/ { on = 1 } on { print } /^JNI global refs/ { on = 0 }' "$out.raw" >"$out.txt" || true
  rm -f "$out.raw"
  awk '
    /^"/ { flush(); name = $0; inpool = (name ~ /JettyServerThreadPool|qtp/); state = ""; frame = ""; own = ""; next }
    inpool && /java.lang.Thread.State:/ { state = $2; next }
    inpool && /^\tat / {
      f = $2; sub(/\(.*/, "", f)
      if (frame == "") frame = f
      if (own == "" && f ~ /^dev\.chatservice\./) own = f
      next
    }
    function flush() {
      if (inpool && state != "") {
        threads++; states[state]++
        key = (own != "" ? own " <- " : "") frame
        if (own == "" && frame ~ /^(jdk\.internal\.misc\.Unsafe\.park|java\.lang\.Object\.wait|sun\.nio\.ch)/) key = "idle in the pool or selector: " frame
        frames[key]++
      }
      inpool = 0
    }
    END {
      flush()
      printf "{\"taken_at\":%s,\"jetty_threads\":%d,\"by_state\":{", at, threads
      s = ""; for (k in states) { printf "%s\"%s\":%d", s, k, states[k]; s = "," }
      printf "},\"by_frame\":["
      n = 0; for (k in frames) { keys[++n] = k }
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (frames[keys[j]] > frames[keys[i]]) { t = keys[i]; keys[i] = keys[j]; keys[j] = t }
      for (i = 1; i <= n && i <= 8; i++) { k = keys[i]; gsub(/"/, "", k); printf "%s{\"frame\":\"%s\",\"threads\":%d}", (i > 1 ? "," : ""), k, frames[keys[i]] }
      printf "]}\n"
    }' at="$DUMP_EPOCH" "$out.txt" >"$out.json"
}
