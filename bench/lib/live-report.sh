# Sourced by bench/lib/section-live.sh: the live section's results and figures ($TMP/section-live.json, shaped
# as merge_sections expects) and its part of the report ($TMP/section-live.md).
# shellcheck shell=bash

live_write_results() {
  local pages="{}" p
  for p in live_page_newest_large live_page_oldest_large live_page_newest_small; do
    if [ -s "$TMP/$p.json" ] && [ -s "$TMP/$p.cpu.json" ]; then
      pages="$(jq --arg p "${p#live_page_}" --argjson v "$(phase_json "$p")" '.[$p] = $v' <<<"$pages")"
    fi
  done
  local latency_cpu=null latency_settle=null
  [ -s "$TMP/live-latency.cpu.json" ] && latency_cpu="$(cat "$TMP/live-latency.cpu.json")"
  [ -s "$TMP/live_latency.settle.json" ] && latency_settle="$(cat "$TMP/live_latency.settle.json")"
  jq -n --argjson pages "$pages" \
    --argjson large_chat "$SEARCH_CHAT" --argjson large_messages "${LIVE_LARGE_PERSISTED:-0}" \
    --argjson small_chat "${LIVE_SMALL_CHAT:-0}" --argjson small_messages "${LIVE_SMALL_PERSISTED:-0}" \
    --slurpfile lat_setup "$TMP/live-latency.setup.json" --slurpfile lat "$TMP/live-latency.json" \
    --argjson lat_cpu "$latency_cpu" --argjson lat_settle "$latency_settle" --arg node_b "$LIVE_NODE_NAME" \
    --slurpfile idle_setup "$TMP/live-idle.setup.json" --slurpfile idle "$TMP/live-idle.json" \
    --argjson streams "$LIVE_STREAMS" --argjson small_target "$LIVE_SMALL_MESSAGES" '
    def ratio(a; b): if (a != null and b != null and b > 0) then ((a / b) * 1000 | round) / 1000 else null end;
    def ms(p; cores): if (p.requests_per_s // 0) > 0 and cores != null then ((cores * 1000 / p.requests_per_s) * 1000 | round) / 1000 else null end;
    def http_ms(p): ms(p; p.cpu_cores.http_nodes);
    def db_ms(p): ms(p; p.cpu_cores.mariadb);
    def clean(p): (p.requests // 0) > 0 and p.errors.total == 0;
    def lat(p): p.latency_ms | if . == null then null else {p50, p99, p99_9} end;
    ($lat[0]) as $el | ($idle[0]) as $is | ($streams | tostring | if length > 3 then .[:-3] + "," + .[-3:] else . end) as $streams_name |
    ($pages.newest_large) as $nl | ($pages.oldest_large) as $ol | ($pages.newest_small) as $ns |
    "\($large_messages | tostring | if length > 3 then .[:-3] + "," + .[-3:] else . end)-message chat" as $large_name |
    {
      results: {
        pages: ({large_chat: $large_chat, large_chat_messages: $large_messages, small_chat: $small_chat,
                 small_chat_messages: $small_messages, page_limit: 50,
                 how: "wrk, bench/lua/read_page.lua: GET .../chats/{n}/messages?order=desc|asc&limit=50"} + $pages),
        event_latency: ($lat_setup[0] + {client: $el, second_node: $node_b, cpu_cores: $lat_cpu,
                        backlog_applied: $lat_settle,
                        how: "bench/client/live, live.EventLatency: SSE on node B for 4 fresh chats, POSTs to node A at a constant scheduled rate over 64 keep-alive connections"}),
        idle_streams: ($idle_setup[0] + {client: $is,
                       how: "bench/client/live, live.IdleStreams: chat streams opened 32 at a time, held idle, VmRSS of the node sampled every second"})
      },
      figures: [
        {figure: "live event, 202 on one node to the event on another", value: $el.achieved_rate_per_s, unit: "msg/s",
         latency_ms: ($el.latency_ms | if . == null then null else {p50, p99, p99_9} end),
         errors: (if $el.error then null else $el.missing + $el.duplicates + $el.non_202 + $el.post_failures end),
         missing: $el.missing, duplicates: $el.duplicates, error: $el.error,
         ratios: [{against: "message creation, closed loop, this run", raw_limit: $lat_setup[0].creation_rate_per_s,
                   ratio: ratio($el.achieved_rate_per_s; $lat_setup[0].creation_rate_per_s)}],
         target: "the event of every accepted message arrives exactly once (0 missing, 0 duplicates); latency reported",
         met: ($el.error == null and ($el.accepted_measured // 0) > 0 and $el.missing == 0 and $el.duplicates == 0
               and $el.streams_ended_early == 0)},
        {figure: "HTTP node RSS with \($streams_name) idle streams", unit: "MiB",
         value: (if ($is.rss_kib.hold_max // -1) > 0 then ($is.rss_kib.hold_max / 1024 | round) else null end),
         errors: (if $is.error then null else $streams - $is.open_at_end end),
         streams_open: $is.open_at_end, error: $is.error,
         ratios: [{against: "512 MiB budget", raw_limit: 512, ratio: ratio(($is.rss_kib.hold_max // null) | if . then . / 1024 else null end; 512)}],
         target: "< 512 MiB with all \($streams_name) open",
         met: ($is.error == null and ($is.rss_kib.hold_max // 1e12) > 0 and ($is.rss_kib.hold_max / 1024) < 512
               and $is.open_at_end == $streams and $is.heartbeat_during_hold == $streams)},
        {figure: "newest message page, \($large_name)", value: $nl.requests_per_s, unit: "req/s",
         latency_ms: lat($nl), errors: $nl.errors.total, http_cpu_ms_per_request: http_ms($nl),
         mariadb_cpu_ms_per_request: db_ms($nl),
         ratios: [{against: "newest page of the \($small_messages)-message chat, p99 ms", raw_limit: $ns.latency_ms.p99,
                   ratio: ratio($nl.latency_ms.p99; $ns.latency_ms.p99)},
                  {against: "the same, HTTP JVM CPU ms per request", raw_limit: http_ms($ns), ratio: ratio(http_ms($nl); http_ms($ns))},
                  {against: "the same, MariaDB CPU ms per request", raw_limit: db_ms($ns), ratio: ratio(db_ms($nl); db_ms($ns))}],
         target: "p99 <= 1.5 x the newest page of the \($small_messages)-message chat, 0 errors",
         met: (clean($nl) and clean($ns) and $small_messages == $small_target and $large_messages > 0
               and ($nl.latency_ms.p99 <= 1.5 * $ns.latency_ms.p99))},
        {figure: "oldest message page, \($large_name)", value: $ol.requests_per_s, unit: "req/s",
         latency_ms: lat($ol), errors: $ol.errors.total, http_cpu_ms_per_request: http_ms($ol),
         mariadb_cpu_ms_per_request: db_ms($ol),
         ratios: [{against: "newest page of the same chat, p99 ms", raw_limit: $nl.latency_ms.p99,
                   ratio: ratio($ol.latency_ms.p99; $nl.latency_ms.p99)},
                  {against: "the same, HTTP JVM CPU ms per request", raw_limit: http_ms($nl), ratio: ratio(http_ms($ol); http_ms($nl))},
                  {against: "the same, MariaDB CPU ms per request", raw_limit: db_ms($nl), ratio: ratio(db_ms($ol); db_ms($nl))}],
         target: "0 errors (reported beside the newest page)", met: clean($ol)},
        {figure: "newest message page, \($small_messages)-message chat", value: $ns.requests_per_s, unit: "req/s",
         latency_ms: lat($ns), errors: $ns.errors.total, http_cpu_ms_per_request: http_ms($ns),
         mariadb_cpu_ms_per_request: db_ms($ns), ratios: [],
         target: "0 errors (the baseline of the page ratio)", met: clean($ns)}
      ]
    }' >"$TMP/section-live.json"
  live_write_doc
  say "live: $(jq -r '[.figures[] | "\(.figure): \(.value // "n/a") \(.unit)\(if .latency_ms then " (p50 \(.latency_ms.p50) / p99 \(.latency_ms.p99) ms)" else "" end), \(if .met then "met" else "NOT met" end)"] | join("; ")' "$TMP/section-live.json")"
}

live_write_doc() {
  local s="$TMP/section-live.json"
  {
    cat <<'EOF'
## Live chat

EOF
    jq -r '
      def f: if . == null then "–" elif (. | type) == "number" then (. * 10 | round / 10 | tostring) else tostring end;
      def r: if . == null then "–" else (. * 1000 | round / 1000 | tostring) end;
      .results as $r | .figures as $fig |
      ($r.event_latency) as $e | ($e.client) as $c | ($r.idle_streams) as $i | ($i.client) as $ic | ($r.pages) as $p |
      "**Event latency.** \($e.how), from the 202 of each create (its arrival time and message number, on node A) to its `message.created` event on the other node B (\(if ($e.second_node // "") == "" then "–" else $e.second_node end)). Rate: half of this run'"'"'s message-creation rate (\($e.creation_rate_per_s | f) req/s), \($e.rate_per_s | f) msg/s scheduled; \($e.warmup_s) s of warm-up (counted for delivery, left out of the latency), then \($e.duration_s) s measured."
      + (if $c.error then " **Not measured:** \($c.error | tostring | gsub("\\s+"; " "))."
         else " Accepted \($c.accepted) messages (\($c.accepted_measured) in the measured window, \($c.achieved_rate_per_s | f) msg/s); events missing \($c.missing), duplicated \($c.duplicates); answers other than 202: \($c.non_202), failed POSTs \($c.post_failures), sends skipped because 2,048 already waited for one of the 64 connections \($c.skipped_sends) (largest lag of the send schedule \($c.send_lag_max_ms | r) ms), streams ended early \($c.streams_ended_early). Latency 202 → event: p50 \($c.latency_ms.p50 | r) ms, p90 \($c.latency_ms.p90 | r) ms, p99 \($c.latency_ms.p99 | r) ms, p99.9 \($c.latency_ms.p99_9 | r) ms, max \($c.latency_ms.max | r) ms (\($c.events_before_their_202) events arrived before their own 202). For reference, scheduled send → 202 on node A (including any wait for a free connection): p50 \($c.create_latency_ms.p50 | r) ms, p99 \($c.create_latency_ms.p99 | r) ms. CPU over the phase (cores): HTTP nodes \($e.cpu_cores.http_nodes // "–"), worker \($e.cpu_cores.workers // "–"), RabbitMQ \($e.cpu_cores.rabbitmq // "–"), MariaDB \($e.cpu_cores.mariadb // "–"), everything else (this client, and whatever else ran on the machine) \($e.cpu_cores.other // "–")." end),
      "",
      "**Idle streams.** \($i.how), on one node (\($i.node), CHAT_MAX_STREAMS \($i.max_streams_setting): a node admits a stream while it serves fewer than the cap, so the default admits exactly 2,000), over chats that get no writes meanwhile, held \($ic.hold_s // "–") s (each stream gets a heartbeat at least every 15 s)."
      + (if $ic.error then " **Not measured:** \($ic.error | tostring | gsub("\\s+"; " "))."
         else " \($ic.opened) of \($ic.requested) opened in \($ic.open_seconds) s (answers \($ic.answers_by_status | to_entries | map("\(.value) × \(.key)") | join(", "))); at the end of the hold \($ic.open_at_end) were still open and \($ic.heartbeat_during_hold) had received a heartbeat during it; the node'"'"'s own gauge counted \($ic.node_gauge_held). The node'"'"'s RSS: \($ic.rss_kib.before / 1024 | f) MiB before, \($ic.rss_kib.all_open / 1024 | f) MiB once all were open, at most \($ic.rss_kib.hold_max / 1024 | f) MiB during the hold (budget 512 MiB, heap -Xmx256m committed and touched at start): \($ic.rss_growth_per_stream_kib) KiB per stream." end),
      "",
      "**Newest versus oldest page.** \($p.how), each a wrk window like the core reads (warm-up discarded, then \($p.newest_large.duration_s // "–" | f) s): the newest and the oldest page of chat \($p.large_chat) (\($p.large_chat_messages) messages), and the newest page of chat \($p.small_chat), made for this with \($p.small_chat_messages) messages. CPU per request is each process'"'"'s CPU time over the window divided by the requests served; MariaDB is the machine'"'"'s shared server, so its figure also holds whatever other clients asked of it then.",
      "",
      "| Page | req/s | p50 ms | p99 ms | p99.9 ms | errors | HTTP JVM CPU ms/req | MariaDB CPU ms/req |",
      "|---|---|---|---|---|---|---|---|",
      ($fig[] | select(.figure | test("message page")) |
        "| \(.figure) | \(.value | f) | \(.latency_ms.p50 | r) | \(.latency_ms.p99 | r) | \(.latency_ms.p99_9 | r) | \(.errors | f) | \(.http_cpu_ms_per_request | r) | \(.mariadb_cpu_ms_per_request | r) |"),
      "",
      ($fig[] | select(.figure | test("^newest message page, [0-9,]+-message chat$")) | select(.ratios | length > 0) |
        "Ratios, the large chat'"'"'s newest page over the \($p.small_chat_messages)-message chat'"'"'s: " + ([.ratios[] | "\(.against | sub("^newest page of the [0-9]+-message chat, "; "") | sub("^the same, "; "")) \(.ratio | r)"] | join("; ")) + ". Target p99 ratio ≤ 1.5: " + (if .met then "met" else "**not met**" end) + ".")
    ' "$s"
  } >"$TMP/section-live.md"
}
