# bench/run: the end-to-end drain. Variables: datadir, out, load_end (seconds of load), mode.
# Input: <datadir>/drain.tsv, one row per count sample: "s accepted/s persisted/s searchable/s backlog
# not-yet-searchable accepted persisted searchable" (the last three running totals). The running totals are
# drawn rather than per-interval rates, which are noisy over irregular one-second samples: the slopes are the
# rates, and the vertical gaps are what is still queued or not yet searchable.
set terminal pngcairo size 1100,520 font "DejaVu Sans,10" noenhanced
set output out
set title sprintf("End-to-end drain — bench/run %s, PROVISIONAL: 2 shared cores", mode)
set xlabel "seconds since the load started (load stops at the dotted line)"
set ylabel "messages (running total)"
set y2label "messages not yet persisted / not yet searchable"
set ytics nomirror
set y2tics
set yrange [0:*]
set y2range [0:*]
set key outside right top
set grid
set arrow from load_end, graph 0 to load_end, graph 1 nohead dashtype 3 linecolor rgb "black"
plot datadir.'/drain.tsv' using 1:7 with lines linewidth 2 title "accepted (wrk 2xx)", \
     datadir.'/drain.tsv' using 1:8 with lines linewidth 2 title "persisted (MySQL)", \
     datadir.'/drain.tsv' using 1:9 with lines linewidth 2 title "searchable (Elasticsearch)", \
     datadir.'/drain.tsv' using 1:5 axes x1y2 with lines dashtype 2 title "backlog: accepted - persisted (right axis)", \
     datadir.'/drain.tsv' using 1:6 axes x1y2 with lines dashtype 4 title "accepted - searchable (right axis)"
