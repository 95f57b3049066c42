# Sourced by bench/run. The cost section of the results and the report: the stack's CPU per message in the
# drain against the sum of the raw per-operation costs (section-cost.sh), the hot-chat drain, and the creation
# rate against RabbitMQ's confirmed publishes. Leaves $TMP/section-cost.json and $TMP/section-cost.md.
# shellcheck shell=bash

# RabbitMQ's CPU per message published, confirmed and consumed, over perf-test's whole run (its own CPU counts
# in "other"): the messages are perf-test's per-second received rates times the length of each interval.
raw_rabbitmq_cost_json() {
  local messages ms
  messages="$(grep -o 'time [0-9.]* s, sent: [0-9]* msg/s, confirmed: [0-9]* msg/s, nacked: [0-9]* msg/s, received: [0-9]* msg/s' "$TMP/perftest.out" \
    | awk '{ t = $2; s += $14 * (t - pt); pt = t } END { printf "%.0f", s }')"
  ms="$(ticks_ms "$TMP/perftest.cpu0" "$TMP/perftest.cpu1" rabbitmq)"
  jq -n --argjson m "${messages:-0}" --argjson ms "$ms" \
    '{messages: $m, rabbitmq_cpu_ms: $ms, cpu_ms_per_op: (if $m > 0 then $ms / $m else null end),
      how: "the perf-test window of the RabbitMQ raw limit: RabbitMQ CPU from /proc over the run, divided by the messages consumed (sum of perf-test per-second received rates); perf-test counts in other"}'
}

raw_hello_cost_json() { # the hello-world server's CPU per request over its measured window
  local ms
  ms="$(ticks_ms "$TMP/hello.cpu0" "$TMP/hello.cpu1" hello_server)"
  jq -n --argjson ms "$ms" --slurpfile w "$TMP/hello.json" \
    '{requests: $w[0].requests, hello_server_cpu_ms: $ms,
      cpu_ms_per_op: (if $w[0].requests > 0 then $ms / $w[0].requests else null end),
      how: "the measured window of the hello-world raw limit: the hello server JVM CPU from /proc divided by the requests wrk completed"}'
}

# drain_cost_json NAME: CPU milliseconds per accepted message of each stack process, over the load (cpu0 to
# cpu1) and over the load and its tail, until the backlog was gone (cpu0 to cpu2: all the work of those messages).
drain_cost_json() {
  local name="$1" k out="{}" accepted
  accepted="$(jq -r .accepted "$TMP/$name.tail.json")"
  for k in http_nodes workers rabbitmq redis mariadb elasticsearch; do
    out="$(jq --arg k "$k" --argjson load "$(ticks_ms "$TMP/$name.cpu0" "$TMP/$name.cpu1" "$k")" \
      --argjson all "$(ticks_ms "$TMP/$name.cpu0" "$TMP/$name.cpu2" "$k")" '.[$k] = {load_ms: $load, load_and_tail_ms: $all}' <<<"$out")"
  done
  jq -n --argjson p "$out" --argjson a "$accepted" --slurpfile tail "$TMP/$name.tail.json" \
    --argjson load_s "$(snapshot_seconds "$TMP/$name.cpu0" "$TMP/$name.cpu1")" \
    --argjson all_s "$(snapshot_seconds "$TMP/$name.cpu0" "$TMP/$name.cpu2")" \
    'def per(x): if $a > 0 then ((x / $a) * 10000 | round) / 10000 else null end;
     {accepted: $a, load_seconds: $load_s, load_and_tail_seconds: $all_s, backlog_gone_at_end: $tail[0].emptied,
      ms_per_message: ($p | map_values({load: per(.load_ms), load_and_tail: per(.load_and_tail_ms)})),
      stack_ms_per_message: {load: per([$p[].load_ms] | add), load_and_tail: per([$p[].load_and_tail_ms] | add)}}'
}

write_cost_section() {
  say "cost section: CPU per message against the raw per-operation costs"
  local hot
  hot="$(jq -n --slurpfile wrk "$TMP/drain_hot.json" --slurpfile cpu "$TMP/drain_hot.cpu.json" \
    --argjson window "$(drain_window_json drain_hot)" --slurpfile tail "$TMP/drain_hot.tail.json" \
    --argjson depth "$(cat "$TMP/drain_hot.depth")" --argjson readiness "$(readiness_json drain_hot)" \
    --arg rows "$(awk '{ printf "%s[%s,%s,%s,%s,%s,%s]", (NR > 1 ? "," : ""), $1, $2, $3, $4, $5, $6 }' "$TMP/drain_hot.tsv")" \
    --argjson seconds "$T_DRAIN" --argjson chat "$HOT_CHAT" \
    '{chat: $chat, load_seconds: $seconds, wrk: $wrk[0], window: $window, after_load: $tail[0],
      rabbitmq_queue_depth_after_load: $depth, cpu_cores: $cpu[0], readiness: $readiness,
      series: {columns: ["s", "accepted_per_s", "persisted_per_s", "searchable_per_s", "backlog", "not_yet_searchable"],
               rows: ("[" + $rows + "]" | fromjson)}}')"
  jq -n --slurpfile redis "$TMP/raw_redis_script.json" --slurpfile sql "$TMP/raw_mariadb.json" \
    --slurpfile es "$TMP/raw_elasticsearch.json" --argjson rabbit "$(raw_rabbitmq_cost_json)" \
    --argjson hello "$(raw_hello_cost_json)" --argjson drain "$(drain_cost_json drain)" \
    --argjson drain_hot_cost "$(drain_cost_json drain_hot)" --argjson hot "$hot" \
    --slurpfile cm "$TMP/create_message.json" --argjson confirmed "$RABBIT_CONFIRMED" \
    '
    def ratio(a; b): if (a != null and b != null and b > 0) then ((a / b) * 1000 | round) / 1000 else null end;
    def r4: if . == null then null else (. * 10000 | round) / 10000 end;
    {redis_script_call: $redis[0], rabbitmq_publish_and_consume: $rabbit, mariadb_insert_row: $sql[0],
     elasticsearch_bulk_document: $es[0], hello_world_post: $hello} as $raw |
    ([$raw[].cpu_ms_per_op] | if any(. == null) then null else add end) as $raw_sum |
    $drain.stack_ms_per_message.load_and_tail as $stack |
    $hot.window as $hw |
    {results: {
       raw_costs: $raw, raw_sum_ms_per_message: ($raw_sum | r4),
       drain_cost: $drain, drain_hot_cost: $drain_hot_cost,
       stack_vs_raw_ratio: ratio($stack; $raw_sum),
       drain_hot: $hot},
     figures: [
       {figure: "whole-stack CPU per message (drain)", value: $stack, unit: "CPU ms/msg",
        errors: null,
        ratios: [{against: "sum of the raw per-operation costs", raw_limit: ($raw_sum | r4), ratio: ratio($stack; $raw_sum)}],
        target: "<= 2 x the sum of the raw per-operation costs",
        met: (($stack != null) and ($raw_sum != null) and ($stack <= 2 * $raw_sum) and $drain.backlog_gone_at_end)},
       {figure: "message creation vs RabbitMQ confirmed publishes", value: $cm[0].requests_per_s, unit: "req/s",
        latency_ms: $cm[0].latency_ms, errors: $cm[0].errors.total,
        ratios: [{against: "RabbitMQ confirmed publishes", raw_limit: $confirmed, ratio: ratio($cm[0].requests_per_s; $confirmed)}],
        target: ">= 0.35 x RabbitMQ confirmed publishes",
        met: ($cm[0].requests_per_s >= 0.35 * $confirmed)},
       {figure: "sustainable rate, one hot chat (searchable)", value: $hw.searchable_per_s, unit: "msg/s",
        errors: $hot.wrk.errors.total, backlog_growth: $hw.backlog_growth,
        ratios: [{against: "creation rate during the hot-chat drain", raw_limit: $hw.accepted_per_s, ratio: ratio($hw.searchable_per_s; $hw.accepted_per_s)},
                 {against: "RabbitMQ confirmed publishes", raw_limit: $confirmed, ratio: ratio($hw.searchable_per_s; $confirmed)}],
        target: "backlog flat at full creation speed: persisted >= 0.97 x and searchable >= 0.95 x accepted",
        met: (($hw.persisted_per_s >= 0.97 * $hw.accepted_per_s) and ($hw.searchable_per_s >= 0.95 * $hw.accepted_per_s))},
       {figure: "hot-chat drain (persisted)", value: $hw.persisted_per_s, unit: "msg/s",
        ratios: [{against: "creation rate during the hot-chat drain", raw_limit: $hw.accepted_per_s, ratio: ratio($hw.persisted_per_s; $hw.accepted_per_s)}],
        target: ">= 0.97 x creation rate over the window", met: ($hw.persisted_per_s >= 0.97 * $hw.accepted_per_s)}
     ]}' >"$TMP/section-cost.json"
  cost_markdown >"$TMP/section-cost.md"
}

cost_markdown() {
  local s="$TMP/section-cost.json"
  cat <<EOF
## Cost per message

The CPU every process of the stack spent per accepted message in the end-to-end drain (64 chats), against
what the same steps cost each server on its own, measured earlier in the same run. One message is one
hello-world POST's worth of HTTP work, one Redis script call (the number allocator), one RabbitMQ confirmed
publish and consume, one row of a batched MariaDB insert and one document of an Elasticsearch bulk.
"Load + tail" runs from the start of the load until everything accepted was persisted and searchable, so it
holds all the work of those messages; "load" only the load window. The servers are shared with the rest of
the machine: other work on them counts here too.

| Process | CPU ms per message, load | CPU ms per message, load + tail | Raw operation | Raw CPU ms per operation |
|---|---|---|---|---|
EOF
  jq -r '
    def f: if . == null then "–" else (. * 10000 | round / 10000 | tostring) end;
    .results as $r | $r.drain_cost.ms_per_message as $m | $r.raw_costs as $c |
    "| HTTP node(s) | \($m.http_nodes.load | f) | \($m.http_nodes.load_and_tail | f) | hello-world POST | \($c.hello_world_post.cpu_ms_per_op | f) |",
    "| worker(s) | \($m.workers.load | f) | \($m.workers.load_and_tail | f) | – (drives the three below) | – |",
    "| RabbitMQ | \($m.rabbitmq.load | f) | \($m.rabbitmq.load_and_tail | f) | confirmed publish + consume | \($c.rabbitmq_publish_and_consume.cpu_ms_per_op | f) |",
    "| Redis | \($m.redis.load | f) | \($m.redis.load_and_tail | f) | script call | \($c.redis_script_call.cpu_ms_per_op | f) |",
    "| MariaDB | \($m.mariadb.load | f) | \($m.mariadb.load_and_tail | f) | row of a 1000-row insert | \($c.mariadb_insert_row.cpu_ms_per_op | f) |",
    "| Elasticsearch | \($m.elasticsearch.load | f) | \($m.elasticsearch.load_and_tail | f) | document of a bulk | \($c.elasticsearch_bulk_document.cpu_ms_per_op | f) |",
    "| **whole stack** | \($r.drain_cost.stack_ms_per_message.load | f) | **\($r.drain_cost.stack_ms_per_message.load_and_tail | f)** | **sum** | **\($r.raw_sum_ms_per_message | f)** |",
    "",
    "Whole stack / raw sum = **\($r.stack_vs_raw_ratio // "–")** (target ≤ 2; \($r.drain_cost.accepted) messages accepted in \($r.drain_cost.load_seconds) s, backlog gone after \($r.drain_cost.load_and_tail_seconds) s in all: \($r.drain_cost.backlog_gone_at_end))."' "$s"
  cat <<EOF

Raw limits and costs, and how each was measured:

EOF
  jq -r '
    def f: if . == null then "–" else (. * 10000 | round / 10000 | tostring) end;
    .results.raw_costs as $c |
    "- **Redis script call**: \($c.redis_script_call.calls_per_s) calls/s, \($c.redis_script_call.cpu_ms_per_op | f) ms Redis CPU per call. \($c.redis_script_call.how). Script: `\($c.redis_script_call.script)`.",
    "- **MariaDB batched insert**: \($c.mariadb_insert_row.rows_per_s) rows/s (\($c.mariadb_insert_row.rows) rows in \($c.mariadb_insert_row.seconds) s), \($c.mariadb_insert_row.cpu_ms_per_op | f) ms MariaDB CPU per row. \($c.mariadb_insert_row.how).",
    "- **Elasticsearch bulk**: \($c.elasticsearch_bulk_document.docs_per_s) docs/s (\($c.elasticsearch_bulk_document.documents) documents in \($c.elasticsearch_bulk_document.seconds) s, \($c.elasticsearch_bulk_document.failed) failed), \($c.elasticsearch_bulk_document.cpu_ms_per_op | f) ms Elasticsearch CPU per document. \($c.elasticsearch_bulk_document.how).",
    "- **RabbitMQ confirmed publish + consume**: \($c.rabbitmq_publish_and_consume.cpu_ms_per_op | f) ms RabbitMQ CPU per message (\($c.rabbitmq_publish_and_consume.messages) messages). \($c.rabbitmq_publish_and_consume.how).",
    "- **hello-world POST**: \($c.hello_world_post.cpu_ms_per_op | f) ms CPU per request (\($c.hello_world_post.requests) requests). \($c.hello_world_post.how)."' "$s"
  cat <<EOF

## Hot chat

EOF
  jq -r '.results.drain_hot as $d | .results.drain_hot_cost as $c |
    "Messages created at full speed for \($d.load_seconds) s, every one into the same chat (\($d.chat)), so through a single shard queue: accepted \($d.window.accepted_per_s) msg/s, persisted \($d.window.persisted_per_s) msg/s, searchable \($d.window.searchable_per_s) msg/s over the \($d.window.window_s) s window (the sustainable rate of one busy chat, if the backlog stayed flat); backlog \($d.window.backlog_at_start) at the start and \($d.window.backlog_at_end) at the end (growth \($d.window.backlog_growth)); \($d.rabbitmq_queue_depth_after_load) messages in the shard queues right after the load. After the load, \(if $d.after_load.emptied then "everything was persisted and searchable within \($d.after_load.tail_seconds) s" else "the backlog was NOT gone after \($d.after_load.tail_seconds) s (\($d.after_load.persisted) persisted, \($d.after_load.indexed) searchable of \($d.after_load.accepted))" end). Whole-stack CPU per message, load + tail: \($c.stack_ms_per_message.load_and_tail) ms (64 chats: see above). Cores used during the load: \($d.cpu_cores | "HTTP node(s) \(.http_nodes), worker(s) \(.workers), RabbitMQ \(.rabbitmq), Redis \(.redis), MariaDB \(.mariadb), Elasticsearch \(.elasticsearch), wrk \(.wrk), other \(.other) (machine busy \(.machine_busy_cores))")."' "$s"
}
