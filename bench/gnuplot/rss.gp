# bench/run: resident memory over the run. Variables: datadir, out, phases, mode.
# Input: <datadir>/<phase>.rss, "seconds-since-first-sample http_MiB worker_MiB phase" (ps -o rss, every second;
# in the hello phase the "HTTP" column is the hello-world server).
set terminal pngcairo size 1100,520 font "DejaVu Sans,10" noenhanced
set output out
set title sprintf("Resident memory (ps -o rss, every second) — bench/run %s", mode)
set xlabel "seconds since the first sample (gaps: set-up and waits between phases)"
set ylabel "MiB"
set yrange [0:*]
set key outside right top
set grid
plot for [i=1:words(phases)] datadir.'/'.word(phases, i).'.rss' using 1:2 with points pointtype 7 pointsize 0.6 linecolor i title (word(phases, i) eq "hello" ? "hello: hello-world server" : word(phases, i).": HTTP node"), \
     for [i=1:words(phases)] datadir.'/'.word(phases, i).'.rss' using 1:3 with points pointtype 6 pointsize 0.6 linecolor i title word(phases, i).': worker', \
     512 with lines linecolor rgb "red" dashtype 3 title "512 MiB budget per HTTP node"
