# bench/run: server-side latency over time, p99 (solid) and p50 (dashed) per phase. Variables: datadir, out,
# phases, mode. Input: <datadir>/<phase>.lat, "seconds requests/s p50_ms p99_ms" from bench/lib/histogram.awk.
set terminal pngcairo size 1100,520 font "DejaVu Sans,10" noenhanced
set output out
set title sprintf("Latency over time, server side (per-second p50/p99 from the node's histogram) — bench/run %s, PROVISIONAL", mode)
set xlabel "seconds since the measured window started"
set ylabel "milliseconds (log scale)"
set logscale y
set key outside right top
set grid
set datafile missing "NaN"
plot for [i=1:words(phases)] datadir.'/'.word(phases, i).'.lat' using 1:4 with linespoints linecolor i pointtype 7 pointsize 0.5 title word(phases, i).' p99', \
     for [i=1:words(phases)] datadir.'/'.word(phases, i).'.lat' using 1:3 with lines linecolor i dashtype 2 title word(phases, i).' p50', \
     50 with lines linecolor rgb "red" dashtype 3 title "50 ms (p99 target: creation, search)", \
     20 with lines linecolor rgb "orange" dashtype 3 title "20 ms (p99 target: page)"
