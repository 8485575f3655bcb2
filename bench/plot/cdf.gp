# bench/plot/cdf.gp - cumulative distribution of a latency, one curve per scheduler.
# gnuplot -e "out='X.png'; ttl='...'; xl='...'; files='a.dat b.dat'; names='rr credit'" cdf.gp
# Each .dat file: one latency (us) per line, sorted, with the cumulative fraction.
set terminal png size 900,560 font ",10"
set output out
set title ttl
set xlabel xl
set ylabel "fraction of samples at or below"
set yrange [0:1.02]
set logscale x
set grid
set key bottom right
plot for [i=1:words(files)] word(files, i) using 1:2 with steps lw 2 title word(names, i)
