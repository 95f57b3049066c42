# Sourced by bench/run. With --profile, Java Flight Recorder (bench/lib/profile.jfc: execution samples every
# 10 ms and GC pauses, nothing else) records the HTTP nodes, the workers and Elasticsearch from the moment the
# stack is ready, and each drain's load window is cut out of the recordings: where the CPU that the cost
# section counts per message goes. One recording per JVM, started before anything is measured, because
# starting one costs each JVM seconds of CPU (a drain started with its recordings ran at a third of its
# rate). The windows are summarised after the last phase, so that `jfr` takes no CPU from a drain's tail.
# Leaves $TMP/section-profile.json and .md; the .jfr files stay in $TMP/profile for `jfr view` and JDK Mission
# Control. A profiled run's figures carry the recorder's own cost: compare it with profiled runs.
# shellcheck shell=bash

PROFILE_DIR=""
PROFILE_PIDS=""
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

profile_begin() { # once the stack is ready
  [ "${BENCH_PROFILE:-0}" = 1 ] || return 0
  # Elasticsearch writes its dumps as its own user, and reads the settings file itself: a directory anyone may
  # write to, removed at the end.
  PROFILE_DIR="$(mktemp -d /tmp/bench-profile.XXXXXX)"
  chmod 777 "$PROFILE_DIR"
  cp "$BENCH/lib/profile.jfc" "$PROFILE_DIR/" && chmod 644 "$PROFILE_DIR/profile.jfc"
  mkdir -p "$TMP/profile"
  local label pid started=""
  while read -r label pid; do
    if timeout 30 jcmd "$pid" JFR.start name=bench settings="$PROFILE_DIR/profile.jfc" \
        >>"$TMP/profile.log" 2>&1; then
      started="$started $label"
      PROFILE_PIDS="$PROFILE_PIDS $pid"
    else
      say "    profile: no recording of $label (pid $pid); see $TMP/profile.log"
    fi
  done < <(profile_targets)
  say "profile: JFR recording in$started until the last drain"
}

profile_start() { # PHASE: the window's start, in the recordings' clock (local time of day)
  [ "${BENCH_PROFILE:-0}" = 1 ] || return 0
  date +%H:%M:%S.%3N >"$TMP/profile/$1.from"
}

profile_stop() { # PHASE: the window's end
  [ "${BENCH_PROFILE:-0}" = 1 ] || return 0
  date +%H:%M:%S.%3N >"$TMP/profile/$1.to"
  PROFILED_PHASES="$PROFILED_PHASES $1"
}

profile_dump() { # each JVM's recording so far, once, after the last phase: $TMP/profile/LABEL.jfr
  local label pid
  while read -r label pid; do
    case " $PROFILE_PIDS " in *" $pid "*) ;; *) continue ;; esac
    timeout 120 jcmd "$pid" JFR.dump name=bench filename="$PROFILE_DIR/$label.jfr" >>"$TMP/profile.log" 2>&1 || true
    [ -e "$PROFILE_DIR/$label.jfr" ] && mv "$PROFILE_DIR/$label.jfr" "$TMP/profile/"
  done < <(profile_targets)
  return 0
}

profile_end() { # stops the recordings (Elasticsearch is shared and outlives the run); cleanup calls it too
  local pid
  for pid in $PROFILE_PIDS; do
    timeout 30 jcmd "$pid" JFR.stop name=bench >>"$TMP/profile.log" 2>&1 || true
  done
  PROFILE_PIDS=""
  [ -n "$PROFILE_DIR" ] && rm -rf "$PROFILE_DIR"
  PROFILE_DIR=""
  return 0
}

# profile_json FILE.jfr FROM TO: one recording's window (times of day) as JSON: samples, GC pauses, the top
# rows of each kind of jfr-samples.awk.
profile_json() {
  local jfr="$1" from="$2" to="$3" gc
  gc="$(jfr print --events jdk.GarbageCollection "$jfr" | awk -v from="$from" -v to="$to" '
    /startTime = / { t = $3; inside = (t >= from && t <= to) }
    inside && /sumOfPauses = / { v = $3; u = $4; ms += (u == "s" ? v * 1000 : u == "us" ? v / 1000 : u == "ns" ? v / 1e6 : v); n++ }
    END { printf "{\"pauses\":%d,\"pause_ms\":%.1f}", n, ms }')"
  jfr print --events jdk.ExecutionSample --stack-depth 96 "$jfr" \
    | awk -v from="$from" -v to="$to" -f "$BENCH/lib/jfr-samples.awk" \
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
  say "profile section: dumping the recordings (jcmd JFR.dump) and summarising each drain's window (jfr print)"
  profile_dump
  profile_end
  local phase jfr label json="{}"
  for phase in $PROFILED_PHASES; do
    for jfr in "$TMP/profile/"*.jfr; do
      [ -e "$jfr" ] || continue
      label="$(basename "$jfr" .jfr)"
      json="$(jq --arg p "$phase" --arg l "$label" \
        --argjson r "$(profile_json "$jfr" "$(cat "$TMP/profile/$phase.from")" "$(cat "$TMP/profile/$phase.to")")" \
        '.[$p][$l] = $r' <<<"$json")"
    done
  done
  jq -n --argjson r "$json" '{results: $r, figures: []}' >"$TMP/section-profile.json"
  profile_markdown <<<"$json" >"$TMP/section-profile.md"
  return 0
}
