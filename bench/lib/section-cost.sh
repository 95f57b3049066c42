# Sourced by bench/run. The raw per-operation costs the stack's cost per message is held against: a Redis
# script call like the allocator's, one row of a batched MariaDB insert, one document of an Elasticsearch bulk
# (plus, from the existing raw windows, a RabbitMQ confirmed publish and consume and a hello-world POST).
# Each phase runs before any API load, on scratch data of its own that it removes afterwards (and cleanup
# removes, should the run stop half-way). section-cost-report.sh turns them into the cost table.
# shellcheck shell=bash

RAW_SQL_TABLE=bench_raw_messages
RAW_SQL_CHATS=bench_raw_chats
RAW_SCRIPT_KEYS='bench-raw-script:'
RAW_SQL_CREATED=0
RAW_ES_CREATED=0
RAW_SCRIPT_RAN=0

raw_es_index() { echo "$ES_INDEX-raw-scratch"; }

# ticks_ms BEFORE AFTER KEY: the CPU milliseconds of one process group of cpu_snapshot between two snapshots.
ticks_ms() {
  awk -v k="$3" -v hz="$(getconf CLK_TCK)" 'FNR == NR { if ($1 == k) a = $2; next } $1 == k { printf "%.0f\n", ($2 - a) * 1000 / hz }' "$1" "$2"
}

snapshot_seconds() { # BEFORE AFTER: the wall-clock seconds between two snapshots
  awk 'FNR == NR { if ($1 == "epoch") a = $2; next } $1 == "epoch" { printf "%.3f\n", $2 - a }' "$1" "$2"
}

# The same made-up bodies as the API load (8-14 pronounceable words), from awk's generator with a fixed seed.
RAW_BODY_AWK='
  function word(   w, k) { w = ""; for (k = 0; k < 1 + int(rand() * 3); k++) w = w on[1 + int(rand() * 26)] vo[1 + int(rand() * 9)]; return w }
  function body(   b, k, n) { n = 8 + int(rand() * 7); b = ""; for (k = 0; k < n; k++) b = b (k ? " " : "") word(); return b }
  BEGIN { srand(20251125); split("b c d f g h j k l m n p r s t v w z br cl st tr sh ch gr pl", on, " ")
          split("a e i o u ai ea ou io", vo, " ") }'

# The allocator's script (adapters-redis allocate.lua) reads a counter hash and writes it back in one
# atomic step; this one does the same, HMGET then HSET, on one of 64 counters (as for 64 chats).
raw_redis_script() {
  local script sha
  script="local p = redis.call('HMGET', KEYS[1], 'next', 'ceil') local n = (tonumber(p[1]) or 0) + 1 redis.call('HSET', KEYS[1], 'next', n, 'ceil', 1000000) return n"
  say "raw cost: a Redis script call (redis-benchmark -c 50 -n $REDIS_SCRIPT_N EVALSHA of HMGET + HSET on 64 hashes, database $REDIS_DB)"
  sha="$(redis-cli -n "$REDIS_DB" script load "$script")" || fail "could not load the Redis script"
  RAW_SCRIPT_RAN=1
  cpu_snapshot >"$TMP/redis_script.cpu0"
  timeout 300 redis-benchmark -h 127.0.0.1 -p 6379 --dbnum "$REDIS_DB" -c 50 -n "$REDIS_SCRIPT_N" -r 64 --csv \
    EVALSHA "$sha" 1 "${RAW_SCRIPT_KEYS}__rand_int__" >"$TMP/redis_script.csv" 2>&1 \
    || fail "redis-benchmark (script) failed: $(tail -2 "$TMP/redis_script.csv")"
  cpu_snapshot >"$TMP/redis_script.cpu1"
  raw_script_keys_delete
  local rate ms
  rate="$(awk -F'","' 'NR == 2 { gsub(/"/, "", $2); print $2; exit }' "$TMP/redis_script.csv")"
  [ -n "$rate" ] || fail "no EVALSHA rate in redis-benchmark's output: $(cat "$TMP/redis_script.csv")"
  ms="$(ticks_ms "$TMP/redis_script.cpu0" "$TMP/redis_script.cpu1" redis)"
  jq -n --argjson rate "$rate" --argjson n "$REDIS_SCRIPT_N" --argjson ms "$ms" \
    --argjson cores "$(cpu_json "$TMP/redis_script.cpu0" "$TMP/redis_script.cpu1" 0)" --arg script "$script" \
    '{calls_per_s: $rate, calls: $n, redis_cpu_ms: $ms, cpu_ms_per_op: ($ms / $n), cpu_cores: $cores, script: $script,
      how: "redis-benchmark -c 50 -n \($n) -r 64 EVALSHA <script> 1 bench-raw-script:__rand_int__ (keys deleted afterwards); Redis CPU from /proc over the run, redis-benchmark counts in other"}' \
    >"$TMP/raw_redis_script.json"
  say "    Redis script: $rate calls/s, $(jq -r '.cpu_ms_per_op * 1000 | round / 1000' "$TMP/raw_redis_script.json") ms Redis CPU per call"
}

raw_script_keys_delete() { # the 64 counters (-r 64 names them with 12-digit numbers 0..63)
  local k
  for ((k = 0; k < 64; k++)); do printf '%s%012d\n' "$RAW_SCRIPT_KEYS" "$k"; done \
    | xargs redis-cli -n "$REDIS_DB" del >/dev/null 2>&1 || true
}

raw_mysql() { # mariadb, bounded to 300 s, with the account scripts/stack chose; SQL on standard input
  local user password
  user="$(sed -n 's/^CHAT_MYSQL_USER=//p' "$STACK_DIR/env" 2>/dev/null || true)"
  password="$(sed -n 's/^CHAT_MYSQL_PASSWORD=//p' "$STACK_DIR/env" 2>/dev/null || true)"
  timeout 300 mariadb -h127.0.0.1 -u"${user:-root}" ${password:+-p"$password"} -N -B "$MYSQL_DB" "$@"
}

# Rows shaped like the worker's: the messages table's own columns and keys (CREATE TABLE ... LIKE follows
# the migrations), with the chat foreign key to a scratch chats table, 64 chats, message numbers rising in each.
raw_mariadb() {
  local rows="$RAW_SQL_ROWS" batch=1000
  say "raw cost: MariaDB batched insert ($rows rows, INSERTs of $batch rows, into $MYSQL_DB.$RAW_SQL_TABLE, made LIKE messages)"
  RAW_SQL_CREATED=1
  raw_mysql -e "DROP TABLE IF EXISTS $RAW_SQL_TABLE; DROP TABLE IF EXISTS $RAW_SQL_CHATS;
    CREATE TABLE $RAW_SQL_CHATS LIKE chats; CREATE TABLE $RAW_SQL_TABLE LIKE messages;
    ALTER TABLE $RAW_SQL_TABLE ADD CONSTRAINT fk_bench_raw_chat FOREIGN KEY (chat_id) REFERENCES $RAW_SQL_CHATS (id) ON DELETE CASCADE;
    INSERT INTO $RAW_SQL_CHATS (application_id, chat_number, created_at, updated_at)
      SELECT 0, seq, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3) FROM seq_1_to_64;" \
    || fail "could not create the scratch tables $RAW_SQL_TABLE and $RAW_SQL_CHATS"
  local first
  first="$(raw_mysql -e "SELECT MIN(id) FROM $RAW_SQL_CHATS")"
  awk -v rows="$rows" -v batch="$batch" -v c0="$first" -v table="$RAW_SQL_TABLE" "$RAW_BODY_AWK"'
    END {
      for (i = 0; i < rows; i++) {
        if (i % batch == 0) printf "%sINSERT INTO %s (chat_id, message_number, body, version, deleted, created_at, updated_at, seq, sender) VALUES ", (i ? ";\n" : ""), table
        else printf ","
        n = int(i / 64) + 1
        printf "(%d,%d,\x27%s\x27,1,0,\x272026-01-01 00:00:00.000\x27,\x272026-01-01 00:00:00.000\x27,%d,NULL)", c0 + i % 64, n, body(), n
      }
      print ";"
    }' </dev/null >"$TMP/raw_mariadb.sql"
  cpu_snapshot >"$TMP/raw_mariadb.cpu0"
  raw_mysql <"$TMP/raw_mariadb.sql" >"$TMP/raw_mariadb.out" 2>&1 || say "    mariadb stopped early: $(tail -2 "$TMP/raw_mariadb.out")"
  cpu_snapshot >"$TMP/raw_mariadb.cpu1"
  local written seconds ms
  written="$(raw_mysql -e "SELECT COUNT(*) FROM $RAW_SQL_TABLE")"
  seconds="$(snapshot_seconds "$TMP/raw_mariadb.cpu0" "$TMP/raw_mariadb.cpu1")"
  ms="$(ticks_ms "$TMP/raw_mariadb.cpu0" "$TMP/raw_mariadb.cpu1" mariadb)"
  raw_mariadb_drop
  rm -f "$TMP/raw_mariadb.sql"
  [ "${written:-0}" -gt 0 ] || fail "the MariaDB raw insert wrote no row"
  jq -n --argjson rows "$written" --argjson s "$seconds" --argjson ms "$ms" --argjson batch "$batch" \
    --argjson cores "$(cpu_json "$TMP/raw_mariadb.cpu0" "$TMP/raw_mariadb.cpu1" 0)" \
    '{rows: $rows, seconds: $s, rows_per_s: ($rows / $s | round), mariadb_cpu_ms: $ms, cpu_ms_per_op: ($ms / $rows), cpu_cores: $cores,
      how: "one mariadb client, autocommit INSERTs of \($batch) rows each into a scratch table made LIKE messages (same columns and keys) with the chat foreign key to a scratch chats table of 64 chats, bodies of 8-14 made-up words; both tables dropped afterwards; MariaDB CPU from /proc, the client counts in other"}' \
    >"$TMP/raw_mariadb.json"
  say "    MariaDB: $(jq -r .rows_per_s "$TMP/raw_mariadb.json") rows/s, $(jq -r '.cpu_ms_per_op * 1000 | round / 1000' "$TMP/raw_mariadb.json") ms MariaDB CPU per row"
}

raw_mariadb_drop() {
  raw_mysql -e "DROP TABLE IF EXISTS $RAW_SQL_TABLE; DROP TABLE IF EXISTS $RAW_SQL_CHATS" >/dev/null 2>&1 \
    || say "    could not drop the scratch tables $RAW_SQL_TABLE, $RAW_SQL_CHATS"
  RAW_SQL_CREATED=0
}

# Documents shaped like the worker's (adapters-elasticsearch MessageDocuments): app and chat keys, number,
# deleted, body, and the chat-tagged distinct words and 3-grams, routed by chat, externally versioned; into a
# scratch index with the current mappings and settings (adapters-elasticsearch messages-*.json), in bulks of 500 as the worker sends them (INDEX_BATCH of
# CommandProcessor), two bulks in flight.
raw_elasticsearch() {
  local docs="$RAW_ES_DOCS" batch=500 index res="$ROOT/adapters-elasticsearch/src/main/resources/dev/chatservice/elasticsearch"
  index="$(raw_es_index)"
  say "raw cost: Elasticsearch bulk indexing ($docs message documents, bulks of $batch, into the scratch index $index with the current mappings and settings (adapters-elasticsearch messages-*.json))"
  jq -n --slurpfile s "$res/messages-settings.json" --slurpfile m "$res/messages-mappings.json" \
    '{settings: $s[0], mappings: $m[0]}' >"$TMP/raw_es_index.json"
  RAW_ES_CREATED=1
  curl -s -m 30 -X DELETE "$ES_URL/$index?ignore_unavailable=true" >/dev/null || true
  curl -fsS -m 60 -X PUT -H 'Content-Type: application/json' "$ES_URL/$index" -d @"$TMP/raw_es_index.json" >/dev/null \
    || fail "could not create the scratch index $index"
  local app k
  app="$(printf 'bench-raw-%s' "$RUN_ID" | sha256sum | cut -d' ' -f1)"
  for ((k = 1; k <= 64; k++)); do
    printf '%s/%d %s\n' "$app" "$k" "$(printf '%s/%d' "$app" "$k" | sha256sum | cut -c1-16)"
  done >"$TMP/raw_es.tags"
  mkdir -p "$TMP/raw_es"
  awk -v docs="$docs" -v batch="$batch" -v app="$app" -v dir="$TMP/raw_es" "$RAW_BODY_AWK"'
    FNR == NR { chat[FNR - 1] = $1; tag[FNR - 1] = $2 "|"; next }
    END {
      for (i = 0; i < docs; i++) {
        if (i % batch == 0) { if (out) close(out); out = sprintf("%s/%06d.ndjson", dir, i / batch) }
        c = i % 64; n = int(i / 64) + 1; b = body()
        delete seen; ws = ""; gs = ""
        m = split(tolower(b), w, " ")
        for (j = 1; j <= m; j++) {
          if (!(("w" w[j]) in seen)) { seen["w" w[j]] = 1; ws = ws (ws == "" ? "" : ",") "\"" tag[c] w[j] "\"" }
          for (p = 1; p + 2 <= length(w[j]); p++) {
            g = substr(w[j], p, 3)
            if (!(("g" g) in seen)) { seen["g" g] = 1; gs = gs (gs == "" ? "" : ",") "\"" tag[c] g "\"" }
          }
        }
        printf "{\"index\":{\"_id\":\"%s/%d\",\"routing\":\"%s\",\"version\":1,\"version_type\":\"external\"}}\n", chat[c], n, chat[c] >out
        printf "{\"app\":\"%s\",\"chat\":\"%s\",\"number\":%d,\"deleted\":false,\"body\":\"%s\",\"words\":[%s],\"grams\":[%s]}\n", app, chat[c], n, b, ws, gs >out
      }
    }' "$TMP/raw_es.tags" >/dev/null
  cpu_snapshot >"$TMP/raw_es.cpu0"
  find "$TMP/raw_es" -name '*.ndjson' -print0 | sort -z \
    | timeout 300 xargs -0 -P 2 -I{} curl -s -m 60 -o {}.out -H 'Content-Type: application/x-ndjson' \
        -X POST "$ES_URL/$index/_bulk?filter_path=errors,items.*.status" --data-binary @{} \
    || say "    some bulks failed or the 300 s bound was reached"
  cpu_snapshot >"$TMP/raw_es.cpu1"
  local written failed seconds ms
  written="$(cat "$TMP"/raw_es/*.out 2>/dev/null | jq -s '[.[].items[]?[].status | select(. == 201 or . == 200)] | length')"
  failed="$(cat "$TMP"/raw_es/*.out 2>/dev/null | jq -s '[.[].items[]?[].status | select(. != 201 and . != 200)] | length')"
  seconds="$(snapshot_seconds "$TMP/raw_es.cpu0" "$TMP/raw_es.cpu1")"
  ms="$(ticks_ms "$TMP/raw_es.cpu0" "$TMP/raw_es.cpu1" elasticsearch)"
  raw_es_delete
  rm -rf "$TMP/raw_es"
  [ "${written:-0}" -gt 0 ] || fail "the Elasticsearch raw bulk indexed no document"
  jq -n --argjson docs "$written" --argjson failed "${failed:-0}" --argjson s "$seconds" --argjson ms "$ms" --argjson batch "$batch" \
    --argjson cores "$(cpu_json "$TMP/raw_es.cpu0" "$TMP/raw_es.cpu1" 0)" \
    '{documents: $docs, failed: $failed, seconds: $s, docs_per_s: ($docs / $s | round), elasticsearch_cpu_ms: $ms,
      cpu_ms_per_op: ($ms / $docs), cpu_cores: $cores,
      how: "curl, two _bulk requests of \($batch) documents in flight, each document as the worker writes it (app and chat keys, number, deleted, body, chat-tagged distinct words and 3-grams; routed by chat, external version) into a scratch index with the current mappings and settings (adapters-elasticsearch messages-*.json), deleted afterwards; Elasticsearch CPU from /proc (the node is shared: anyone else'"'"'s use counts too)"}' \
    >"$TMP/raw_elasticsearch.json"
  say "    Elasticsearch: $(jq -r .docs_per_s "$TMP/raw_elasticsearch.json") docs/s, $(jq -r '.cpu_ms_per_op * 1000 | round / 1000' "$TMP/raw_elasticsearch.json") ms Elasticsearch CPU per document$([ "${failed:-0}" = 0 ] || echo " ($failed FAILED)")"
}

raw_es_delete() {
  curl -s -m 30 -X DELETE "$ES_URL/$(raw_es_index)?ignore_unavailable=true" >/dev/null \
    || say "    could not delete the scratch index $(raw_es_index)"
  RAW_ES_CREATED=0
}

cost_cleanup() { # called by cleanup: whatever of the scratch data a stopped run left
  [ "$RAW_SCRIPT_RAN" = 1 ] && raw_script_keys_delete
  [ "$RAW_SQL_CREATED" = 1 ] && raw_mariadb_drop
  [ "$RAW_ES_CREATED" = 1 ] && raw_es_delete
  return 0
}
