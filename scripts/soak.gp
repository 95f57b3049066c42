# scripts/soak: the soak's chart, four panels over the same time axis. Variables: datafile, out, warmup (s),
# heading. Columns of datafile (SoakRun): 1 s, 2 requests, 3 failures, 4 p50, 5 p99, 6 create p99, 7 search p99,
# 8-11 RSS MiB (http-0 http-1 worker-0 worker-1), 12-15 heap after GC MiB (same order, NaN between forced GCs),
# 16 queue depth, 17 search outbox.
set terminal pngcairo size 1100,1300 font "DejaVu Sans,10" noenhanced
set output out
set datafile missing "NaN"
stats datafile using 1 nooutput
set xrange [0:STATS_max]
# Fixed margins, so the four panels share one time axis.
set lmargin at screen 0.08
set rmargin at screen 0.76
set grid
set key outside right top
set xlabel "seconds since the load started (shaded: warm-up, left out of the trend fit)"
set style rect fc rgb "#eeeeee" fs solid 1.0 noborder
set object 1 rect from graph 0, graph 0 to first warmup, graph 1 behind
set multiplot layout 4,1 title heading
set title "Resident memory (VmRSS, every 10 s)"
set ylabel "MiB"
set yrange [0:*]
plot datafile using 1:8 with linespoints pt 7 ps 0.5 lc 1 title "http-0", \
     '' using 1:9 with linespoints pt 7 ps 0.5 lc 2 title "http-1", \
     '' using 1:10 with linespoints pt 6 ps 0.5 lc 3 title "worker-0", \
     '' using 1:11 with linespoints pt 6 ps 0.5 lc 4 title "worker-1"
set title "Heap after a forced full GC (jvm_memory_used_bytes{area=heap} right after jcmd GC.run)"
plot datafile using 1:12 with linespoints pt 7 ps 0.6 lc 1 title "http-0", \
     '' using 1:13 with linespoints pt 7 ps 0.6 lc 2 title "http-1", \
     '' using 1:14 with linespoints pt 6 ps 0.6 lc 3 title "worker-0", \
     '' using 1:15 with linespoints pt 6 ps 0.6 lc 4 title "worker-1"
set title "Backlog: commands in the shard queues (chat_queue_depth) and search updates not yet indexed (outbox)"
set ylabel "commands / rows"
plot datafile using 1:16 with linespoints pt 7 ps 0.5 lc 1 title "queue depth", \
     '' using 1:17 with linespoints pt 6 ps 0.5 lc 3 title "search outbox"
set title "Client-side latency per 10-s window, from each request's scheduled time"
set ylabel "ms (log scale)"
set logscale y
set yrange [*:*]
set y2label "requests/s"
set y2tics
set y2range [0:*]
plot datafile using 1:5 with linespoints pt 7 ps 0.5 lc 1 title "p99 all", \
     '' using 1:6 with lines lc 2 title "p99 create", \
     '' using 1:7 with lines lc 4 title "p99 search", \
     '' using 1:4 with lines lc 3 dt 2 title "p50 all", \
     '' using 1:($2/10) axes x1y2 with lines lc rgb "#888888" dt 3 title "answered req/s (right)"
unset multiplot
