# bench/plot/hist.gp - a histogram of I/O request latency, one line per scheduler.
# gnuplot -e "out='X.png'; ttl='...'; files='a.dat ...'; names='...'" hist.gp
# Each .dat file: one latency (us) per line. Bins are logarithmic, ten per decade
# (latencies span microseconds to tens of milliseconds); both axes are log scale,
# so a single slow request still shows. Each scheduler's bars are shifted a little
# within the bin so that they stand side by side.
set terminal png size 900,560 font ",10"
set output out
set title ttl
set xlabel "request latency (us, log scale; 10 bins per decade)"
set ylabel "requests in the bin (log scale)"
set logscale x
set logscale y
set yrange [0.8:*]
set style fill solid
set grid
set key top right
bin(x) = 10 ** ((floor(log10(x) * 10) + 0.5) / 10.0)
n = words(files)
shift(i) = 1 + 0.05 * (i - (n + 1) / 2.0)
set table $bins
plot for [i=1:n] word(files, i) using (bin($1)):(1) smooth frequency
unset table
plot for [i=1:n] $bins index (i - 1) using ($1 * shift(i)):2 with impulses lw 5 \
     title word(names, i)
