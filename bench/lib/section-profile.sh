# Sourced by bench/run. With --profile, Java Flight Recorder (bench/lib/profile.jfc: execution samples every
# 10 ms and GC pauses, nothing else) records the HTTP nodes, the workers and Elasticsearch over the load window of
# each drain: where the CPU that the cost section counts per message goes. The recordings are summarised
# after the last phase, so that `jfr` takes no CPU from a drain's tail. Leaves $TMP/section-profile.json and
# .md; the .jfr files stay in $TMP/profile for `jfr view hot-methods` and JDK Mission Control.
# A profiled run's figures carry the recorder's own cost: compare profiled runs with each other.
# shellcheck shell=bash

PROFILE_DIR=""
PROFILED_PHASES=""

# Each JVM to record: "LABEL PID" per line.
profile_targets() {
  local i=0 pid
  for pid in ${HTTP_PIDS_CSV//,/ }; do echo "http-$i $pid"; i=$((i + 1)); done
  i=0
  for pid in ${WORKER_PIDS_CSV//,/ }; do echo "worker-$i $pid"; i=$((i + 1)); done
  pid="$(pgrep -f org.elasticsearch.bootstrap.Elasticsearch | head -1 || true)"
  [ -n "$pid" ] && echo "elasticsearch $pid"
  return 0
}

profile_start() { # PHASE
  [ "${BENCH_PROFILE:-0}" = 1 ] || return 0
  if [ -z "$PROFILE_DIR" ]; then
    # Elasticsearch writes its recording as its own user: a directory anyone may write to, emptied at the end.
    PROFILE_DIR="$(mktemp -d /tmp/bench-profile.XXXXXX)"
    chmod 777 "$PROFILE_DIR"
    # The recording JVM reads the settings file itself, so it goes where every user may read it.
    cp "$BENCH/lib/profile.jfc" "$PROFILE_DIR/" && chmod 644 "$PROFILE_DIR/profile.jfc"
  fi
  local label pid started=""
  while read -r label pid; do
    if timeout 30 jcmd "$pid" JFR.start name="bench-$1" settings="$PROFILE_DIR/profile.jfc" \
        filename="$PROFILE_DIR/$1-$label.jfr" >>"$TMP/profile.log" 2>&1; then
      started="$started $label"
    else
      say "    profile: no recording of $label (pid $pid); see $TMP/profile.log"
    fi
  done < <(profile_targets)
  PROFILED_PHASES="$PROFILED_PHASES $1"
  say "    profile: recording$started"
}

profile_stop() { # PHASE
  [ "${BENCH_PROFILE:-0}" = 1 ] || return 0
  local label pid
  mkdir -p "$TMP/profile"
  while read -r label pid; do
    timeout 60 jcmd "$pid" JFR.stop name="bench-$1" >>"$TMP/profile.log" 2>&1 || true
    [ -e "$PROFILE_DIR/$1-$label.jfr" ] && mv "$PROFILE_DIR/$1-$label.jfr" "$TMP/profile/"
  done < <(profile_targets)
  return 0
}

# profile_json FILE.jfr: one recording as JSON: samples, GC pauses, the top rows of each kind of jfr-samples.awk.
profile_json() {
  local jfr="$1" gc
  gc="$(jfr print --events jdk.GarbageCollection "$jfr" | awk '
    /sumOfPauses = / { v = $3; u = $4; ms += (u == "s" ? v * 1000 : u == "us" ? v / 1000 : u == "ns" ? v / 1e6 : v); n++ }
    END { printf "{\"pauses\":%d,\"pause_ms\":%.1f}", n, ms }')"
  jfr print --events jdk.ExecutionSample --stack-depth 96 "$jfr" | awk -f "$BENCH/lib/jfr-samples.awk" \
    | jq -R -s --argjson gc "$gc" --arg file "${jfr#"$ROOT"/}" '
        [split("\n")[] | select(length > 0) | split("\t") | {kind: .[0], name: .[1], samples: (.[2] | tonumber)}] as $rows
        | ($rows | map(select(.kind == "total")) | .[0].samples // 0) as $total
        | def top($kind; $n): $rows | map(select(.kind == $kind)) | sort_by(-.samples) | .[:$n]
            | map({name, share: (if $total > 0 then .samples / $total else 0 end)});
          {file: $file, samples: $total, gc: $gc,
           threads: top("thread"; 8), owners: top("owner"; 12), on_cpu: top("self"; 15), within: top("within"; 15)}'
}

profile_markdown() { # the section's JSON on stdin
  jq -r '
    def pct: . * 1000 | round / 10 | tostring + " %";
    def rows(f): map("| `\(.name)` | \(.share | pct) |") | join("\n");
    "## Where the CPU goes: JFR profiles of the drains\n",
    "`bench/run --profile`: Java Flight Recorder (`bench/lib/profile.jfc`: execution samples every 10 ms, GC pauses) in every JVM of the stack over each drain'"'"'s load window. Shares are of the Java samples (threads running Java code; GC, the JIT and native code are not sampled: the GC line gives the stop-the-world pauses). A profiled run carries the recorder'"'"'s own cost: compare it with profiled runs. Recordings: `bench/results/tmp/<run>/profile/` (not committed).\n",
    (to_entries[] | .key as $phase | .value | to_entries[] |
      "### \($phase): \(.key)\n",
      "\(.value.samples) samples; GC: \(.value.gc.pauses) pauses, \(.value.gc.pause_ms) ms in all. Threads: \(.value.threads | map("`\(.name)` \(.share | pct)") | join(", ")).\n",
      "| Code the time is spent in (innermost frame outside the JDK) | share |\n|---|---|\n\(.value.owners | rows(.))\n",
      "| Method on the CPU | share |\n|---|---|\n\(.value.on_cpu | rows(.))\n",
      "| Method of ours on the stack (with what it calls) | share |\n|---|---|\n\(.value.within | rows(.))\n")'
}

write_profile_section() {
  [ "${BENCH_PROFILE:-0}" = 1 ] || return 0
  say "profile section: summarising the recordings (jfr print)"
  local phase jfr label json="{}"
  for phase in $PROFILED_PHASES; do
    for jfr in "$TMP/profile/$phase"-*.jfr; do
      [ -e "$jfr" ] || continue
      label="$(basename "$jfr" .jfr)"; label="${label#"$phase"-}"
      json="$(jq --arg p "$phase" --arg l "$label" --argjson r "$(profile_json "$jfr")" '.[$p][$l] = $r' <<<"$json")"
    done
  done
  jq -n --argjson r "$json" '{results: $r, figures: []}' >"$TMP/section-profile.json"
  profile_markdown <<<"$json" >"$TMP/section-profile.md"
  [ -n "$PROFILE_DIR" ] && rm -rf "$PROFILE_DIR"
  return 0
}
