# Sourced by bench/run: the results JSON, the charts, docs/performance.md and the summary lines.
# shellcheck shell=bash

# drain_window_json NAME: a drain's measured window, from the first sample to the last one before the load stopped.
drain_window_json() {
  awk -v end="$T_DRAIN" '
    NR == 1 { t0 = $1; a0 = $7; p0 = $8; i0 = $9; b0 = $5 }
    $1 <= end + 0.6 { t1 = $1; a1 = $7; p1 = $8; i1 = $9; b1 = $5; u1 = $6 }
    END {
      span = t1 - t0; if (span <= 0) span = 1
      printf "{\"window_s\":%.1f,\"accepted_per_s\":%.1f,\"persisted_per_s\":%.1f,\"searchable_per_s\":%.1f,", span, (a1 - a0) / span, (p1 - p0) / span, (i1 - i0) / span
      printf "\"backlog_at_start\":%d,\"backlog_at_end\":%d,\"backlog_growth\":%d,\"not_yet_searchable_at_end\":%d}\n", b0, b1, b1 - b0, u1
    }' "$TMP/$1.tsv"
}

# A phase's JSON: wrk's figures, the CPU split, how long its backlog took, the largest RSS seen.
phase_json() {
  local phase="$1" settle="{}" rss="0 0"
  [ -f "$TMP/$phase.settle.json" ] && settle="$(cat "$TMP/$phase.settle.json")"
  [ -s "$TMP/$phase.samples" ] && rss="$(awk 'BEGIN { h = 0; w = 0 } { if ($2 > h) h = $2; if ($3 > w) w = $3 }
    END { print h, w }' "$TMP/$phase.samples")"
  local threads=null warm=null
  [ -s "$TMP/$phase.threads.json" ] && threads="$(cat "$TMP/$phase.threads.json")"
  [ -s "$TMP/$phase.warmup.json" ] && warm="$(cat "$TMP/$phase.warmup.json")"
  jq -n --slurpfile wrk "$TMP/$phase.json" --slurpfile cpu "$TMP/$phase.cpu.json" --argjson settle "$settle" \
    --argjson rss_http "${rss% *}" --argjson rss_worker "${rss#* }" --argjson readiness "$(readiness_json "$phase")" \
    --argjson threads "$threads" --argjson warm "$warm" \
    --arg series "$(awk '{ printf "%s[%s,%s,%s]", (NR > 1 ? "," : ""), $1, $2, $3 }' "$TMP/$phase.rps")" \
    --arg lat "$(awk '{ printf "%s[%s,%s,%s,%s]", (NR > 1 ? "," : ""), $1, $2, ($3 == "NaN" ? "null" : $3), ($4 == "NaN" ? "null" : $4) }' "$TMP/$phase.lat" 2>/dev/null)" \
    '($wrk[0] | if .requests == 0 then .latency_ms = null | .no_request_completed = true else . end)
      + {cpu_cores: $cpu[0], backlog_applied: $settle, max_rss_kib: {http: $rss_http, worker: $rss_worker},
      warm_up: $warm, readiness: $readiness, http_thread_dump: $threads,
      series: {responses_per_s: {columns: ["s", "all", "2xx"], rows: ("[" + $series + "]" | fromjson)},
               server_latency: {columns: ["s", "requests_per_s", "p50_ms", "p99_ms"], rows: ("[" + $lat + "]" | fromjson)}}}'
}

# readiness_json PHASE: how many of the phase's once-a-second /readyz probes found a node or worker unready
# (any answer but 200) or got no answer within 3 s (slow under load, which is not the same thing).
readiness_json() {
  if [ -s "$TMP/$1.ready" ]; then
    awk '{ u = 0; s = 0; for (i = 2; i <= NF; i++) { if ($i == "000") s = 1; else if ($i != "200") u = 1 }
           unready += u; slow += s; n++ }
         END { printf "{\"probes\":%d,\"unready\":%d,\"no_answer_in_3s\":%d}\n", n, unready, slow }' "$TMP/$1.ready"
  else
    echo '{"probes":0,"unready":0,"no_answer_in_3s":0}'
  fi
}

write_results() {
  local date git_commit
  date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  git_commit="$(sed -n 's/^commit //p' "$TMP/git.txt")"
  local topology=""
  [ "$HTTP_NODES/$WORKERS" = 1/1 ] || topology="-http${HTTP_NODES}-workers${WORKERS}"
  RESULT_FILE="$BENCH/results/$(date -u +%Y-%m-%dT%H%MZ)-$MODE$topology.json"
  local phases="{}" p
  for p in create_message create_chat read_page read_message search search_newest search_real search_real_newest; do
    phases="$(jq --arg p "$p" --argjson v "$(phase_json "$p")" '.[$p] = $v' <<<"$phases")"
  done
  local hello
  hello="$(phase_json hello)"
  local drain
  drain="$(jq -n --slurpfile wrk "$TMP/drain.json" --slurpfile cpu "$TMP/drain.cpu.json" \
    --argjson window "$(drain_window_json drain)" --slurpfile tail "$TMP/drain.tail.json" \
    --argjson depth "$(cat "$TMP/drain.depth")" --argjson readiness "$(readiness_json drain)" \
    --arg dseries "$(awk '{ printf "%s[%s,%s,%s]", (NR > 1 ? "," : ""), $1, $2, $3 }' "$TMP/drain.rps")" \
    --arg rows "$(awk '{ printf "%s[%s,%s,%s,%s,%s,%s]", (NR > 1 ? "," : ""), $1, $2, $3, $4, $5, $6 }' "$TMP/drain.tsv")" \
    --argjson seconds "$T_DRAIN" \
    '{load_seconds: $seconds, wrk: $wrk[0], window: $window, after_load: $tail[0],
      rabbitmq_queue_depth_after_load: $depth, cpu_cores: $cpu[0], readiness: $readiness,
      series: {columns: ["s", "accepted_per_s", "persisted_per_s", "searchable_per_s", "backlog", "not_yet_searchable"],
               rows: ("[" + $rows + "]" | fromjson)},
      responses_per_s: {columns: ["s", "all", "2xx"], rows: ("[" + $dseries + "]" | fromjson)}}')"
  jq -n \
    --arg run_id "$RUN_ID" --arg date "$date" --arg mode "$MODE" \
    --arg load_start "$LOAD_AT_START" --arg load_end "$LOAD_AT_END" \
    --arg processes "$(cat "$TMP/processes-at-start.txt")" \
    --arg commit "$git_commit" --arg dirty "$(sed -n '/^dirty:/,$p' "$TMP/git.txt" | tail -n +2)" \
    --arg stale "$JARS_STALE" \
    --argjson http_nodes "$HTTP_NODES" --argjson workers "$WORKERS" \
    --arg http_ports "$HTTP_PORTS" --arg worker_ports "$WORKER_PORTS" --arg db "$MYSQL_DB" \
    --argjson redis_db "$REDIS_DB" --arg vhost "$VHOST" --arg index "$ES_INDEX" \
    --argjson connections "$CONNECTIONS" --argjson threads "$THREADS" \
    --arg jvm_flags "HTTP nodes $HTTP_JVM_OPTIONS, workers $WORKER_JVM_OPTIONS" \
    --arg java "$(java -version 2>&1 | awk 'NR == 1')" --arg wrk "$({ wrk -v 2>&1 || true; } | awk 'NR == 1 { print $1, $2 }')" \
    --arg redis "$(redis-cli info server 2>/dev/null | sed -n 's/^redis_version:\(.*\)\r$/\1/p')" \
    --arg mariadb "$(mysql_q 'select version()' 2>/dev/null)" \
    --arg rabbitmq "$(dpkg-query -W -f='${Version}' rabbitmq-server 2>/dev/null || echo unknown)" \
    --arg es "$(curl -s -m 3 "$ES_URL/_nodes/_local" | jq -r '[.nodes[].version][0] // "unknown"')" \
    --arg perf_test "$PERF_TEST_VERSION" \
    --argjson es_restarted "$([ "$ES_START_TIME" = "$ES_START_TIME_END" ] && echo false || echo true)" \
    --argjson redis_incr "$REDIS_INCR" --slurpfile redis_cpu "$TMP/redis.cpu.json" \
    --argjson rabbit "$RABBIT_CONFIRMED" --argjson rabbit_latency "${RABBIT_CONFIRM_LATENCY:-null}" \
    --slurpfile rabbit_cpu "$TMP/perftest.cpu.json" \
    --arg rabbit_series "$(awk '{ printf "%s[%s,%s]", (NR > 1 ? "," : ""), $1, $2 }' "$TMP/perftest.series")" \
    --argjson hello "$hello" --argjson phases "$phases" --argjson drain "$drain" \
    --slurpfile corpus "$TMP/corpus.json" --slurpfile es_idle "$TMP/search.es-idle.json" \
    --arg log_warnings "$(cat "$TMP/log-warnings.txt" 2>/dev/null)" \
    --argjson durations "{\"warm_up\":$WARM,\"warm_up_first_min\":$WARM_FIRST_MIN,\"warm_up_first\":$WARM_FIRST,\"warm_up_path_min\":$WARM_PATH_MIN,\"warm_up_path\":$WARM_PATH,\"hello\":$T_HELLO,\"create_message\":$T_CREATE,\"create_chat\":$T_CHAT,\"read_page\":$T_PAGE,\"read_message\":$T_ONE,\"search\":$T_SEARCH,\"perf_test\":$T_PERF,\"drain\":$T_DRAIN}" \
    --argjson run_seconds "$RUN_SECONDS" --argjson cores "$(nproc)" \
    '
    def ratio(a; b): if (a != null and b != null and b > 0) then ((a / b) * 1000 | round) / 1000 else null end;
    # Requests per CPU-second of the HTTP JVM(s): less sensitive than req/s to how much CPU others left us.
    def per_core(rps; cores): if cores > 0.02 then ((rps / cores) | round) else null end;
    def ms_per_request(rps; cores): if rps > 0 then ((cores * 1000 / rps) * 1000 | round) / 1000 else null end;
    ($phases.create_message) as $cm | ($drain.window) as $dw |
    per_core($hello.requests_per_s; $hello.cpu_cores.hello_server) as $hello_per_core |
    def vs_hello(p): [{against: "hello-world POST", raw_limit: $hello.requests_per_s, ratio: ratio(p.requests_per_s; $hello.requests_per_s)},
                      {against: "hello-world POST, per CPU-second of the HTTP JVM", raw_limit: $hello_per_core,
                       ratio: ratio(per_core(p.requests_per_s; p.cpu_cores.http_nodes); $hello_per_core)}];
    def cpu_ms(p): ms_per_request(p.requests_per_s; p.cpu_cores.http_nodes);
    # Elasticsearch is shared with the rest of the machine, but during a search window it serves only us.
    def es_ms(p): ms_per_request(p.requests_per_s; p.cpu_cores.elasticsearch);
    # A latency target holds only when requests completed; a window with none completed meets nothing.
    def p99_within(p; limit): (p.requests > 0) and (p.latency_ms.p99 <= limit);
    def clean(p): (p.requests > 0) and (p.errors.total == 0);
    # One search window as a figure; sort=newest must also stay within a bounded Elasticsearch cost.
    def search_figure(name; p; target; met):
      {figure: name, value: p.requests_per_s, unit: "req/s", latency_ms: p.latency_ms, errors: p.errors.total,
       http_cpu_ms_per_request: cpu_ms(p), elasticsearch_cpu_ms_per_request: es_ms(p), ratios: vs_hello(p),
       target: target, met: met};
    "p99 <= 50 ms, <= 0.5 ms Elasticsearch CPU per search, 0 errors" as $newest_target |
    def newest_met(p): p99_within(p; 50) and clean(p) and ((es_ms(p) // 1e9) <= 0.5);
    {
      run_id: $run_id, date: $date, mode: $mode, run_seconds: $run_seconds,
      # Provisional when something outside the stack, its servers and wrk took a real share of the cores in
      # some phase: then the absolute figures are low by that share, and only the ratios compare.
      other_cores_max: ([$phases[] | .cpu_cores.other? // 0] | max),
      provisional: (([$phases[] | .cpu_cores.other? // 0] | max) > 0.3),
      note: (if (([$phases[] | .cpu_cores.other? // 0] | max) > 0.3)
             then "Other work shared the 2 cores in at least one phase (cpu_cores.other above 0.3 cores); see machine.load_average and each phase cpu_cores.other."
             else "No other work of note shared the 2 cores (cpu_cores.other at most 0.3 cores in every phase)." end),
      machine: {cores: $cores, load_average_at_start: $load_start, load_average_at_end: $load_end,
                busiest_processes_at_start: ($processes | split("\n"))},
      software: {java: $java, wrk: $wrk, redis: $redis, mariadb: $mariadb, rabbitmq: $rabbitmq,
                 elasticsearch: $es, perf_test: $perf_test},
      git: {commit: $commit, uncommitted_changes_outside_bench_and_docs: ($dirty | split("\n") | map(select(length > 0))),
            sources_newer_than_jars: ($stale | split("\n") | map(select(length > 0)))},
      stack: {http_nodes: $http_nodes, workers: $workers, http_ports: $http_ports, worker_health_ports: $worker_ports,
              mysql_database: $db, redis_database: $redis_db, rabbitmq_vhost: $vhost, elasticsearch_index: $index,
              jvm_flags: $jvm_flags, wrk: {connections: $connections, threads: $threads}},
      durations_s: $durations,
      disturbances: {elasticsearch_restarted_during_run: $es_restarted,
                     readiness_probes_unready: (([$phases[].readiness.unready] | add) + $drain.readiness.unready),
                     readiness_probes_without_answer_in_3s: (([$phases[].readiness.no_answer_in_3s] | add) + $drain.readiness.no_answer_in_3s),
                     node_and_worker_log_warnings: ($log_warnings | split("\n") | map(select(length > 0) | sub("^ +"; "")))},
      raw_limits: {
        redis_incr: {requests_per_s: $redis_incr, cpu_cores: $redis_cpu[0],
                     how: "redis-benchmark -c 50 -n N -t incr (database \($redis_db), key deleted afterwards)"},
        rabbitmq_confirmed: {messages_per_s: $rabbit, confirm_latency: $rabbit_latency, cpu_cores: $rabbit_cpu[0],
                             series: ("[" + $rabbit_series + "]" | fromjson),
                             how: "perf-test \($perf_test): 1 producer, 1 consumer, --confirm 100 --size 200 --flag persistent, quorum queue, in a vhost deleted afterwards; mean of the per-second confirmed rates after the first 2 s"},
        hello_world: $hello
      },
      phases: ($phases + {drain: $drain} | .search.elasticsearch_idle_again_after_s = $es_idle[0].seconds),
      search_corpus: $corpus[0],
      hello_world_http_cpu_ms_per_request: ms_per_request($hello.requests_per_s; $hello.cpu_cores.hello_server),
      figures: [
        {figure: "message creation", value: $cm.requests_per_s, unit: "req/s", latency_ms: $cm.latency_ms, errors: $cm.errors.total,
         http_cpu_ms_per_request: cpu_ms($cm),
         ratios: (vs_hello($cm) + [{against: "RabbitMQ confirmed publishes", raw_limit: $rabbit, ratio: ratio($cm.requests_per_s; $rabbit)}]),
         target: ">= 0.5 x hello-world, p99 <= 50 ms, 0 errors",
         met: (($cm.requests_per_s >= 0.5 * $hello.requests_per_s) and p99_within($cm; 50) and clean($cm))},
        {figure: "chat creation", value: $phases.create_chat.requests_per_s, unit: "req/s", latency_ms: $phases.create_chat.latency_ms,
         errors: $phases.create_chat.errors.total, http_cpu_ms_per_request: cpu_ms($phases.create_chat),
         ratios: ([{against: "Redis INCR", raw_limit: $redis_incr, ratio: ratio($phases.create_chat.requests_per_s; $redis_incr)}] + vs_hello($phases.create_chat)),
         target: "0 errors", met: clean($phases.create_chat)},
        {figure: "message page read", value: $phases.read_page.requests_per_s, unit: "req/s", latency_ms: $phases.read_page.latency_ms,
         errors: $phases.read_page.errors.total, http_cpu_ms_per_request: cpu_ms($phases.read_page),
         ratios: vs_hello($phases.read_page),
         target: "p99 <= 20 ms, 0 errors", met: (p99_within($phases.read_page; 20) and clean($phases.read_page))},
        {figure: "single message read", value: $phases.read_message.requests_per_s, unit: "req/s", latency_ms: $phases.read_message.latency_ms,
         errors: $phases.read_message.errors.total, http_cpu_ms_per_request: cpu_ms($phases.read_message),
         ratios: vs_hello($phases.read_message),
         target: "0 errors", met: clean($phases.read_message)},
        search_figure("search"; $phases.search; "p99 <= 50 ms, 0 errors";
                      p99_within($phases.search; 50) and clean($phases.search)),
        search_figure("search, sort=newest"; $phases.search_newest; $newest_target; newest_met($phases.search_newest)),
        search_figure("search, realistic corpus"; $phases.search_real;
                      "0 errors (reported beside the made-up corpus)"; clean($phases.search_real)),
        search_figure("search, realistic corpus, sort=newest"; $phases.search_real_newest; $newest_target;
                      newest_met($phases.search_real_newest)),
        # The headline: what the whole pipeline sustains, end to end, at full creation speed. It counts as
        # sustainable only while the backlog stays flat (the two drain figures below).
        {figure: "sustainable rate (searchable, 64 chats)", value: $dw.searchable_per_s, unit: "msg/s",
         errors: $drain.wrk.errors.total, backlog_growth: $dw.backlog_growth,
         ratios: [{against: "creation rate during the drain", raw_limit: $dw.accepted_per_s, ratio: ratio($dw.searchable_per_s; $dw.accepted_per_s)},
                  {against: "RabbitMQ confirmed publishes", raw_limit: $rabbit, ratio: ratio($dw.searchable_per_s; $rabbit)}],
         target: "backlog flat at full creation speed: persisted >= 0.97 x and searchable >= 0.95 x accepted",
         met: (($dw.persisted_per_s >= 0.97 * $dw.accepted_per_s) and ($dw.searchable_per_s >= 0.95 * $dw.accepted_per_s))},
        {figure: "end-to-end drain (persisted)", value: $dw.persisted_per_s, unit: "msg/s",
         errors: $drain.wrk.errors.total,
         ratios: [{against: "creation rate during the drain", raw_limit: $dw.accepted_per_s, ratio: ratio($dw.persisted_per_s; $dw.accepted_per_s)},
                  {against: "RabbitMQ confirmed publishes", raw_limit: $rabbit, ratio: ratio($dw.persisted_per_s; $rabbit)}],
         backlog_growth: $dw.backlog_growth,
         target: ">= 0.97 x creation rate over the window",
         met: ($dw.persisted_per_s >= 0.97 * $dw.accepted_per_s)},
        {figure: "end-to-end drain (searchable)", value: $dw.searchable_per_s, unit: "msg/s",
         ratios: [{against: "creation rate during the drain", raw_limit: $dw.accepted_per_s, ratio: ratio($dw.searchable_per_s; $dw.accepted_per_s)}],
         target: ">= 0.95 x creation rate over the window", met: ($dw.searchable_per_s >= 0.95 * $dw.accepted_per_s)},
        {figure: "HTTP node RSS (max sampled)", value: ((([$phases[].max_rss_kib.http] + [0]) | max) / 1024 | round), unit: "MiB",
         ratios: [{against: "512 MiB budget", raw_limit: 512, ratio: ratio((([$phases[].max_rss_kib.http] + [0]) | max) / 1024; 512)}],
         target: "< 512 MiB", met: (((([$phases[].max_rss_kib.http] + [0]) | max) / 1024) < 512)}
      ]
    }' >"$RESULT_FILE"
  merge_sections
}

# The bench's further sections (bench/lib/section-*.sh) each leave $TMP/section-NAME.json, shaped
# {"results": {...}, "figures": [figure objects as above]}, and may leave $TMP/section-NAME.md, a part of the
# report: their results go under .sections.NAME and their figures after the core ones, so that the table,
# the summary lines and the "met" verdicts treat them alike.
merge_sections() {
  local f name
  for f in "$TMP"/section-*.json; do
    [ -e "$f" ] || continue
    name="$(basename "$f" .json)"; name="${name#section-}"
    jq --arg name "$name" --slurpfile s "$f" '.sections[$name] = $s[0].results | .figures += ($s[0].figures // [])' \
      "$RESULT_FILE" >"$RESULT_FILE.tmp" && mv "$RESULT_FILE.tmp" "$RESULT_FILE"
  done
}

# ----------------------------------------------------------------------------------------------- charts

# A full run's report is docs/performance.md with its charts in docs/performance/; a quick run's goes beside it,
# docs/performance-quick.md and docs/performance-quick/, so a quick check never replaces the full run's figures.
report_name() { if [ "$MODE" = quick ]; then echo performance-quick; else echo performance; fi; }

draw_charts() {
  local out="$ROOT/docs/$(report_name)" p
  mkdir -p "$out"
  # RSS over the whole run: every phase's samples on one clock.
  local first
  first="$(cat "$TMP"/{hello,create_message,create_chat,read_page,read_message,search,search_newest,search_real,search_real_newest,drain}.samples 2>/dev/null | sort -n | awk 'NR == 1 { print $1 }')"
  for p in hello create_message create_chat read_page read_message search search_newest search_real search_real_newest drain; do
    [ -s "$TMP/$p.samples" ] || continue
    awk -v t0="$first" -v p="$p" '{ printf "%.1f %.1f %.1f %s\n", $1 - t0, $2 / 1024, $3 / 1024, p }' "$TMP/$p.samples" >"$TMP/$p.rss"
  done
  local with_rps="" with_lat=""
  for p in hello create_message create_chat read_page read_message search search_newest search_real search_real_newest drain; do
    [ -s "$TMP/$p.rps" ] && with_rps="$with_rps $p"
    [ -s "$TMP/$p.lat" ] && awk '$3 != "NaN" { found = 1 } END { exit !found }' "$TMP/$p.lat" && with_lat="$with_lat $p"
  done
  local phases="hello create_message create_chat read_page read_message search search_newest search_real search_real_newest"
  gnuplot -e "datadir='$TMP'; out='$out/throughput.png'; phases='${with_rps# }'; mode='$MODE'" "$BENCH/gnuplot/throughput.gp"
  gnuplot -e "datadir='$TMP'; out='$out/latency.png'; phases='${with_lat# }'; mode='$MODE'" "$BENCH/gnuplot/latency.gp"
  gnuplot -e "datadir='$TMP'; out='$out/drain.png'; load_end=$T_DRAIN; mode='$MODE'" "$BENCH/gnuplot/drain.gp"
  gnuplot -e "datadir='$TMP'; out='$out/rss.png'; phases='$phases drain'; mode='$MODE'" "$BENCH/gnuplot/rss.gp"
  # the drain's client-side series for the throughput chart
  say "charts written to docs/$(report_name)/*.png"
}

# ------------------------------------------------------------------------------------------ summary lines

print_summary() {
  echo
  echo "==== bench/run $MODE — $(jq -r 'if .provisional then "PROVISIONAL (other work used up to \(.other_cores_max) cores)" else "quiet machine (other work at most \(.other_cores_max) cores)" end' "$RESULT_FILE"); load average $LOAD_AT_START at start, $LOAD_AT_END at end ===="
  jq -r '
    def f: if . == null then "n/a" elif (. | type) == "number" then (. * 10 | round / 10 | tostring) else tostring end;
    def r: if . == null then "n/a" else (. * 1000 | round / 1000 | tostring) end;
    .raw_limits as $r |
    "raw limits: Redis INCR \($r.redis_incr.requests_per_s | f)/s; RabbitMQ confirmed \($r.rabbitmq_confirmed.messages_per_s | f) msg/s; hello-world POST \($r.hello_world.requests_per_s | f) req/s (p99 \($r.hello_world.latency_ms.p99 | f) ms)",
    (.figures[] |
      "\(.figure): \(.value | f) \(.unit)" + (if .value == 0 then " (NO request completed in the window)" else "" end)
      + (if .latency_ms then ", p50 \(.latency_ms.p50 | f) / p99 \(.latency_ms.p99 | f) / p99.9 \(.latency_ms.p99_9 | f) ms" else "" end)
      + (if .errors != null then ", errors \(.errors)" else "" end)
      + (if .backlog_growth != null then ", backlog growth \(.backlog_growth)" else "" end)
      + (if .http_cpu_ms_per_request then ", HTTP JVM CPU \(.http_cpu_ms_per_request) ms/request" else "" end)
      + (if .elasticsearch_cpu_ms_per_request then ", Elasticsearch CPU \(.elasticsearch_cpu_ms_per_request) ms/request" else "" end)
      + " | " + ([.ratios[] | "ratio = ours / \(.against) (\(.raw_limit | f)) = \(.ratio | r)"] | join("; "))
      + " | target \(.target): " + (if .met then "met" else "NOT met" end))' "$RESULT_FILE"
  echo "where the CPU went during message creation (cores): $(jq -c '.phases.create_message.cpu_cores' "$RESULT_FILE")"
  echo
}

# ---------------------------------------------------------------------------------------- docs/performance.md

write_docs() {
  local r="$RESULT_FILE" name
  name="$(report_name)"
  local doc="$ROOT/docs/$name.md"
  local rel="${RESULT_FILE#"$ROOT"/}"
  {
    cat <<EOF
# Performance

$(jq -r 'if .provisional then "> **PROVISIONAL.** These figures come from `bench/run\(if .mode == "quick" then " --quick" else "" end)` on \(.date), on the 2-core development machine **while other work shared the 2 cores**: up to \(.other_cores_max) cores in one phase went to processes that are neither the stack, its servers nor wrk (the \"other\" column below). Absolute numbers are therefore low and noisy; the ratios to the raw limits, measured in the same run under the same contention, are the more telling figures."
  else "> These figures come from `bench/run\(if .mode == "quick" then " --quick" else "" end)` on \(.date), on the 2-core development machine with nothing else of note running: at most \(.other_cores_max) cores in any phase went to processes that are neither the stack, its servers nor wrk (the \"other\" column below). The load generator shares the 2 cores with the stack, as the issue prescribes."
  end' "$r")
> Load average $(jq -r .machine.load_average_at_start "$r") at the start of the run and
> $(jq -r .machine.load_average_at_end "$r") at the end. Raw data: [\`$rel\`](../$rel).

Commit \`$(jq -r .git.commit "$r" | cut -c1-12)\`$(jq -r 'if (.git.uncommitted_changes_outside_bench_and_docs | length) > 0 then " plus uncommitted changes in the work tree (" + (.git.uncommitted_changes_outside_bench_and_docs | map(.[3:]) | join(", ")) + ")" else "" end' "$r"),
$(jq -r '.stack | "\(.http_nodes) HTTP node(s) and \(.workers) worker(s) (\(.jvm_flags)), wrk with \(.wrk.connections) connections and \(.wrk.threads) threads"' "$r"),
mode \`$(jq -r .mode "$r")\` (measured windows: $(jq -r '.durations_s | "hello-world \(.hello) s, message creation \(.create_message) s, chat creation \(.create_chat) s, reads \(.read_page) s + \(.read_message) s, search \(.search) s, drain \(.drain) s"' "$r"); warm-ups: $(jq -r '[(.raw_limits | {hello: .hello_world}) + .phases | to_entries[] | select(.value.warm_up != null) | "\(.key) \(.value.warm_up.seconds) s"] | join(", ")' "$r")).

$(jq -r '(.figures[] | select(.figure | startswith("sustainable rate (")) ) as $h |
  "**Sustainable rate: \($h.value) messages/s searchable** end to end at full creation speed (the drain, 64 chats; target \($h.target): \(if $h.met then "met" else "**not met**" end))."' "$r")

## Figures

| Figure | Ours | p50 | p99 | p99.9 | Errors | HTTP JVM CPU per request | Ratio = ours / raw limit | Target | Met |
|---|---|---|---|---|---|---|---|---|---|
EOF
    jq -r '
      def f: if . == null then "–" elif (. | type) == "number" then (. * 10 | round / 10 | tostring) else tostring end;
      def r: if . == null then "–" else (. * 1000 | round / 1000 | tostring) end;
      .figures[] |
      "| \(.figure) | \(.value | f) \(.unit) | \(.latency_ms.p50 | f) | \(.latency_ms.p99 | f) | \(.latency_ms.p99_9 | f) | \(.errors | f) | \(if .http_cpu_ms_per_request then "\(.http_cpu_ms_per_request) ms" else "–" end)\(if .elasticsearch_cpu_ms_per_request then "<br>Elasticsearch \(.elasticsearch_cpu_ms_per_request) ms" else "" end) | "
      + ([.ratios[] | "\(.ratio | r) (vs \(.against) \(.raw_limit | f))"] | join("<br>"))
      + " | \(.target) | " + (if .met then "yes" else "**no**" end) + " |"' "$r"
    cat <<EOF

Latencies in milliseconds, client side (wrk's histogram of the measured window). Errors = non-2xx answers +
socket errors (connect, read, write, timeouts over 10 s). "HTTP JVM CPU per request" is the node's CPU time
over the window divided by the requests served (the hello-world server's: $(jq -r '.hello_world_http_cpu_ms_per_request' "$r") ms); the ratio "per
CPU-second of the HTTP JVM" compares requests per CPU-second, which depends less than requests per second on how
much of the 2 cores the other builds left to each phase.

## Raw limits, same machine, same run

| Raw limit | Figure | How |
|---|---|---|
EOF
    jq -r '
      def f: if . == null then "–" elif (. | type) == "number" then (. * 10 | round / 10 | tostring) else tostring end;
      .raw_limits as $r |
      "| Redis INCR | \($r.redis_incr.requests_per_s | f) req/s | \($r.redis_incr.how) |",
      "| RabbitMQ confirmed persistent publishes | \($r.rabbitmq_confirmed.messages_per_s | f) msg/s (confirm p50 \($r.rabbitmq_confirmed.confirm_latency.p50_ms | f) ms, p99 \($r.rabbitmq_confirmed.confirm_latency.p99_ms | f) ms) | \($r.rabbitmq_confirmed.how) |",
      "| hello-world POST | \($r.hello_world.requests_per_s | f) req/s (p50 \($r.hello_world.latency_ms.p50 | f) ms, p99 \($r.hello_world.latency_ms.p99 | f) ms, p99.9 \($r.hello_world.latency_ms.p99_9 | f) ms, \($r.hello_world.errors.total) errors) | bench/HelloServer.java: Javalin 7 from the same app-http.jar with the JVM options of an HTTP node (scripts/stack jvm-options), POST /hello answering a small JSON; the same wrk settings and request bodies as message creation |"' "$r"
    cat <<EOF

## Where the CPU went

Cores used on average over each measured window (2 = the whole machine), from \`/proc/*/stat\` before and after.
"other" is busy time none of the named processes account for: on this shared machine, mostly other people's
builds and tests.

| Window | machine busy | HTTP node(s) | worker(s) | hello server | wrk | RabbitMQ | Redis | MariaDB | Elasticsearch | other |
|---|---|---|---|---|---|---|---|---|---|---|
EOF
    jq -r '
      def row(name; c): "| \(name) | \(c.machine_busy_cores) | \(c.http_nodes) | \(c.workers) | \(c.hello_server) | \(c.wrk) | \(c.rabbitmq) | \(c.redis) | \(c.mariadb) | \(c.elasticsearch) | \(c.other) |";
      row("hello-world"; .raw_limits.hello_world.cpu_cores),
      row("message creation"; .phases.create_message.cpu_cores),
      row("chat creation"; .phases.create_chat.cpu_cores),
      row("message page"; .phases.read_page.cpu_cores),
      row("single message"; .phases.read_message.cpu_cores),
      row("search"; .phases.search.cpu_cores),
      row("search, sort=newest"; .phases.search_newest.cpu_cores),
      row("search, realistic corpus"; .phases.search_real.cpu_cores),
      row("search, realistic corpus, sort=newest"; .phases.search_real_newest.cpu_cores),
      row("drain (load)"; .phases.drain.cpu_cores),
      row("RabbitMQ perf-test (perf-test counts in other)"; .raw_limits.rabbitmq_confirmed.cpu_cores),
      row("redis-benchmark (counts in other)"; .raw_limits.redis_incr.cpu_cores)' "$r"
    cat <<EOF

A window whose "machine busy" is 1.9 or more had both cores saturated: whatever the stack's own limits, its
throughput there was bounded by CPU shared with everything else on the machine.

## End-to-end drain

$(jq -r '.phases.drain as $d | "Messages created at full speed for \($d.load_seconds) s into 64 fresh chats: accepted \($d.window.accepted_per_s) msg/s, persisted in MySQL \($d.window.persisted_per_s) msg/s, searchable in Elasticsearch \($d.window.searchable_per_s) msg/s over the \($d.window.window_s) s window; backlog (accepted − persisted) \($d.window.backlog_at_start) at the start and \($d.window.backlog_at_end) at the end (growth \($d.window.backlog_growth)); RabbitMQ reported \($d.rabbitmq_queue_depth_after_load) messages in the shard queues right after the load (one `rabbitmqctl list_queues` call). After the load stopped, \(if $d.after_load.emptied then "everything was persisted and searchable within \($d.after_load.tail_seconds) s" else "the backlog was NOT gone after \($d.after_load.tail_seconds) s (\($d.after_load.persisted) persisted, \($d.after_load.indexed) searchable of \($d.after_load.accepted))" end)."' "$r")

How long each phase's own backlog took to be applied once its load stopped (the next phase waits for it, so
phases do not measure each other's backlog): $(jq -r '[.phases | to_entries[] | select(.value.backlog_applied.seconds != null) | "\(.key) \(.value.backlog_applied.seconds) s\(if .value.backlog_applied.settled then "" else " (not finished)" end)"] | join(", ")' "$r").

After the search window, Elasticsearch's search thread pool (shared with everyone on this machine) was idle
again after $(jq -r '.phases.search.elasticsearch_idle_again_after_s' "$r") s.

Search corpus: $(jq -r '.search_corpus | "\(.chat_messages) messages in the searched chat, \(.index_documents) documents in the index; \(.how) (\(.seed_seconds) s)"' "$r").
Realistic corpus: $(jq -r '.search_corpus.realistic // {} | "\(.chat_messages) messages in its own chat, \(.how); words counted in \(.words_counted_in) (\(.distinct_words) distinct; the most frequent: \(.most_frequent))"' "$r").
Search queries are 3-5 letter infixes of the corpus's words (drawn as the corpus draws them), one in four with two
terms; the \`sort=newest\` windows send the same queries with \`&sort=newest\`.

## What the HTTP node's request threads were doing

One thread dump (SIGQUIT, printed into the node's log) half-way through the measured window; Jetty request
threads grouped by the innermost frame of our own code, then the frame they were in:

EOF
    jq -r '
      def dump(name; d):
        if d == null or d.jetty_threads == null then "- \(name): no dump"
        else "- \(name): \(d.jetty_threads) Jetty threads (\(d.by_state | to_entries | map("\(.value) \(.key)") | join(", "))):\n"
             + (d.by_frame | map("  - \(.threads) × `\(.frame)`") | join("\n")) end;
      dump("message creation"; .phases.create_message.http_thread_dump),
      dump("search"; .phases.search.http_thread_dump)' "$r"
    cat <<EOF

## Disturbances

Elasticsearch restarted during the run: $(jq -r .disturbances.elasticsearch_restarted_during_run "$r").
Once-a-second /readyz probes of the nodes and workers: $(jq -r .disturbances.readiness_probes_unready "$r") found one unready,
$(jq -r .disturbances.readiness_probes_without_answer_in_3s "$r") got no answer within 3 s (slow under load, not unready).
Warnings and errors the bench's nodes and workers logged during the run (count, then the message with numbers
blanked):

\`\`\`
$(jq -r '.disturbances.node_and_worker_log_warnings | if length == 0 then "(none)" else .[] end' "$r")
\`\`\`

## Charts

Throughput over time (client side: wrk responses per wall-clock second, per phase; first and last seconds are
partial):

![throughput]($name/throughput.png)

Latency over time (server side: per-second p50 and p99 interpolated from the HTTP node's Prometheus histogram,
so it leaves out time spent queued before Jetty; the table above is wrk's client-side view):

![latency]($name/latency.png)

End-to-end drain (running totals of accepted, persisted and searchable messages, and what is not yet
persisted or searchable):

![drain]($name/drain.png)

Resident memory of the HTTP node(s) and worker(s), sampled with \`ps\` every second:

![rss]($name/rss.png)

## How the harness works

\`bench/run\` (\`--quick\`: under 3 minutes once the jars exist; the full run takes much longer, mostly seeding
the search corpus):

1. **Stack.** Copies \`scripts/stack\`, \`scripts/elasticsearch\` and the two jars into
   \`/var/tmp/chat-bench/tree\` (so a concurrent rebuild of the work tree cannot replace a jar under a running
   node; \`--build\` rebuilds first, and the results list any source newer than the jars), then runs
   \`scripts/stack up --http 1 --workers 1\` with \`CHAT_STACK_DIR=/var/tmp/chat-bench\` (own pid files, logs and
   env file), \`CHAT_STACK_HTTP_PORT=8180\`, \`CHAT_STACK_WORKER_HEALTH_PORT=9190\`,
   \`CHAT_STACK_MYSQL_DB=chat_bench\`, \`CHAT_STACK_REDIS_DB=12\`, \`CHAT_STACK_RABBITMQ_VHOST=chat_bench\` and
   \`CHAT_STACK_ELASTICSEARCH_INDEX=chat-bench-messages\`, so it can run next to
   another engineer's \`scripts/stack\` on 8080/9090. One node and one worker: on 2 cores a second JVM of each
   only adds contention, and the ratio to the single-JVM hello-world server stays like for like
   (\`--http 2 --workers 2\` is supported: wrk then splits its connections between the nodes and the table shows
   summed rates and the worse node's percentiles). Elasticsearch is the shared node on 9200 (if it is down,
   \`scripts/stack up\` starts it in the default stack directory, \`CHAT_STACK_ELASTICSEARCH_DIR=/var/tmp/chat-stack\`,
   and \`scripts/stack down --all\` stops it again at the end, in that case only). The harness checks
   each node's environment for its Redis database, vhost and index before going on: without them, the bench's
   worker and any other stack's workers would consume each other's commands, and the search corpus would be
   counted in the wrong index (session 3 found the bench's documents in the shared \`chat-messages\` index and
   its search-corpus counts at -1, because the index was still set the old way, which \`scripts/stack\` overrode).
2. **Raw limits**, before any API load: \`redis-benchmark -c 50 -t incr\` (on database 12, its key deleted
   afterwards); \`com.rabbitmq:perf-test\` (fetched with \`mvn dependency:copy\`, plus its runtime dependencies
   through a generated pom, since the artifact on Maven Central is not an uber jar; cached in
   \`/var/tmp/chat-bench\`) with \`--confirm 100 --size 200 --flag persistent --quorum-queue\`, one producer and
   one consumer, in the vhost \`chat_bench_perftest\` that is deleted at the end; and \`bench/HelloServer.java\`
   started with the single-file launcher on the same jar and JVM flags as a node, loaded exactly like message
   creation.
3. **API load** with \`wrk -t2 -c64 --timeout 10s\` and the Lua scripts under \`bench/lua/\` (shared code in
   \`common.lua\`: per-thread non-2xx and per-second counts, a JSON summary with p50/p90/p99/p99.9 from wrk's
   histogram), on an application created through the API for this run. Each measured window follows a
   discarded warm-up made of 2 s runs (5 s in the full run), repeated until two in a row agree within 10 %:
   for the hello-world server and message creation, whose JVMs start cold, at least 8 s and at most 14 s
   (30 s and 60 s in the full run); for chat creation, the reads and search, whose code paths are new to the
   node at that point, at least 6 s and at most 10 s (20 s and 30 s). Session 3 found a single 2 s (5 s) run
   too short on a slower machine: the node's C2 compiler was still busy, and the first quick run measured 1.9k
   creations/s where a node of the same build, after a minute of load, gave 4.7k/s. The corpus seeding (step 4) runs before
   message creation and warms its path too. The phases:
   message creation into chats 1–64 (bodies of 8–14 words from a fixed made-up vocabulary), chat creation,
   the first page (50) of a chat's messages, a single message, search in chat 65 (3–5 letter infixes of
   vocabulary words, one query in four with two terms), and the drain into chats 66–129. After each write
   phase the harness waits until MySQL holds everything the node accepted (the HTTP node's request counter),
   so no phase runs on another's backlog.
4. **Search corpus.** In \`--quick\`, 10,000 messages POSTed through the API into chat 65 with wrk
   (\`bench/lua/seed.lua\`, which stops at a quota), then the harness waits until Elasticsearch counts them.
   The full run POSTs 100,000 into chat 65 and tops the index up to 1,000,000 documents with messages into
   chats 130–229 the same way (so the corpus goes through the real write path: Redis, RabbitMQ, worker,
   MySQL, outbox, bulk indexing), which takes minutes at the creation rates above.
5. **Drain.** Full-speed creation for 60 s (\`--quick\`: 20 s) into fresh chats, sampling every second the
   persisted count (MySQL, those chats) and the searchable count (Elasticsearch \`_count\`, those chats;
   searchable = refreshed); the accepted count comes from wrk's per-second 2xx counts. The backlog is
   accepted − persisted, which is what sits in the shard queues or in the worker's hands; the harness then
   waits (at most 40 s, 10 min in the full run) until it is gone, so that no command is left for the next run. \`rabbitmqctl list_queues\` is called once, after
   the load: each call costs about a CPU-second here, too much for a per-second sample.
6. **Memory** of the nodes and workers is sampled every second with \`ps -o rss\`.
7. **Clean-up.** \`scripts/stack down\` for the bench's nodes (unless \`--keep\`; \`bench/run --down\` later),
   the perf-test vhost and the redis-benchmark key deleted. The bench's own data (database \`chat_bench\`,
   vhost \`chat_bench\`, Redis database 12, index \`chat-bench-messages\`) is kept between runs; each run uses a
   new application in it. \`bench/run --purge\` drops all of it.

Settings: \`BENCH_HTTP_PORT\`, \`BENCH_WORKER_HEALTH_PORT\`, \`BENCH_HELLO_PORT\` (8189), \`BENCH_STACK_DIR\`,
\`BENCH_MYSQL_DB\`, \`BENCH_REDIS_DB\`, \`BENCH_RABBITMQ_VHOST\`, \`BENCH_ES_INDEX\`, \`BENCH_CONNECTIONS\`,
\`BENCH_THREADS\`, \`BENCH_PERF_TEST_VERSION\` (see the head of \`bench/run\`).

EOF
    local section
    for section in "$TMP"/section-*.md; do
      [ -e "$section" ] && { cat "$section"; echo; }
    done
    # The optimisation record is kept by hand (each lever with its before/after runs) and copied in as is.
    [ -f "$ROOT/docs/performance/optimisations.md" ] && { cat "$ROOT/docs/performance/optimisations.md"; echo; }
    cat <<'EOF'
## Not yet done

EOF
    if [ "$MODE" = quick ]; then
      cat <<'EOF'
- This is a `--quick` run (short windows, a 10,000-message search chat, no index top-up): a check that the
  harness and the stack work, not the figures of record. Those are the full run's, in
  [performance.md](performance.md).
EOF
    fi
    cat <<'EOF'
- Measurements on a quiet machine, repeated, to know the run-to-run spread.
EOF
  } >"$doc"
}
