# Reads `jfr print --events jdk.ExecutionSample --stack-depth 96` and prints where the sampled Java threads
# were, one tab-separated row per entry: KIND, NAME, SAMPLES. With -v from=HH:MM:SS.mmm to=..., only the
# samples taken inside that window of the day count. The kinds:
#   total    all samples
#   thread   the thread's name with its numbers blanked (qtp1234-56 -> qtpN-N): which pool did the work
#   owner    the package (3 parts) of the innermost frame outside the JDK: whose code the time is spent in,
#            counting a HashMap lookup inside Jackson as Jackson's (samples wholly in the JDK count as "jdk")
#   self     the innermost frame itself (the method on the CPU)
#   within   each method of dev.chatservice on the stack, once per sample: the share of the time spent in it
#            and in what it calls
# A recording's sampler sees threads running Java code only: GC, the JIT and native code are not in it.
function package_of(frame,   n, parts, i, out) {
  n = split(frame, parts, ".")
  out = ""
  for (i = 1; i <= n - 2 && i <= 3; i++) out = out (i > 1 ? "." : "") parts[i]
  return out == "" ? "(default package)" : out
}
function jdk(frame) { return frame ~ /^(java|javax|jdk|sun|com\.sun)\./ }
function flush(   k) {
  if (!in_sample || !inside) { delete seen; in_sample = 0; return }
  total++
  thread_count[thread]++
  owner_count[owner == "" ? "jdk" : owner]++
  if (leaf != "") self_count[leaf]++
  for (k in seen) within_count[k]++
  delete seen
  in_sample = 0
}
/^jdk\.ExecutionSample/ { flush(); in_sample = 1; inside = 1; thread = "?"; owner = ""; leaf = ""; in_stack = 0; next }
in_sample && /^ *startTime = / { inside = (from == "" || ($3 >= from && $3 <= to)); next }
in_sample && /^ *sampledThread = / {
  thread = $0
  sub(/^ *sampledThread = "/, "", thread); sub(/" \(javaThreadId.*$/, "", thread); sub(/".*$/, "", thread)
  gsub(/[0-9]+/, "N", thread)
  next
}
in_sample && /^ *stackTrace = \[/ { in_stack = 1; next }
in_sample && in_stack && /^ *\]/ { in_stack = 0; next }
in_sample && in_stack {
  frame = $0
  sub(/^ +/, "", frame); sub(/\(.*$/, "", frame)
  if (frame == "..." || frame == "") next
  if (leaf == "") leaf = frame
  if (owner == "" && !jdk(frame)) owner = package_of(frame)
  if (frame ~ /^dev\.chatservice\./) seen[frame] = 1
  next
}
END {
  flush()
  print "total\tall\t" total + 0
  for (k in thread_count) print "thread\t" k "\t" thread_count[k]
  for (k in owner_count) print "owner\t" k "\t" owner_count[k]
  for (k in self_count) print "self\t" k "\t" self_count[k]
  for (k in within_count) print "within\t" k "\t" within_count[k]
}
