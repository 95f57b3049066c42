# bench/run: open-loop latency by percentile, one line per open-loop window. Variables: datadir, out, phases,
# labels ("|"-separated, one per phase), mode. Input: <datadir>/<phase>.hgrm, HdrHistogram's percentile
# distribution in milliseconds ("value percentile count 1/(1-percentile)"; its header, its last line, which has
# no fourth column, and its "#" footer are skipped).
set terminal pngcairo size 1100,520 font "DejaVu Sans,10" noenhanced
set output out
set title sprintf("Open-loop latency by percentile, from the due time (constant rate, 50 %% of the closed-loop rate) — bench/run %s", mode)
set xlabel "percentile"
set ylabel "milliseconds (log scale)"
set logscale x
set logscale y
set yrange [*:200<*] # the 100 ms target line stays inside the frame
set xtics ("0 %%" 1, "50 %%" 2, "90 %%" 10, "99 %%" 100, "99.9 %%" 1000, "99.99 %%" 10000, "99.999 %%" 100000)
set key outside right top
set grid
label(i) = system(sprintf("printf '%%s' '%s' | cut -d'|' -f%d", labels, i))
plot for [i=1:words(phases)] datadir.'/'.word(phases, i).'.hgrm' using 4:1 with lines linewidth 2 linecolor i title label(i), \
     25 with lines linecolor rgb "orange" dashtype 3 title "25 ms (p99 target)", \
     100 with lines linecolor rgb "red" dashtype 3 title "100 ms (p99.9 target)"
