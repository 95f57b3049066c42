# bench/run: throughput over time, one line per phase. Variables: datadir, out, phases, mode.
# Input: <datadir>/<phase>.rps, "seconds-since-phase-start responses-that-second" (wrk, client side).
set terminal pngcairo size 1100,520 font "DejaVu Sans,10" noenhanced
set output out
set title sprintf("Throughput over time, client side (wrk responses per second) — bench/run %s, PROVISIONAL: 2 shared cores", mode)
set xlabel "seconds since the measured window started"
set ylabel "responses per second"
set key outside right top
set grid
set yrange [0:*]
plot for [p in phases] datadir.'/'.p.'.rps' using 1:2 with linespoints pointtype 7 pointsize 0.5 title p
