# bench/plot/share.gp - the CPU share each guest got, against what it was configured
# to get, one series per scheduler; the diagonal is "exactly as configured".
# gnuplot -e "out='X.png'; ttl='...'; files='a.dat ...'; names='...'" share.gp
# Each .dat file: "configured_share measured_share" per guest.
set terminal png size 900,600 font ",10"
set output out
set title ttl
set xlabel "configured share of the CPU (weight / sum of weights, or budget / period)"
set ylabel "measured share of the CPU (running time / trace span)"
set xrange [0:1]
set yrange [0:1]
set grid
set key top left
plot x with lines dt 2 lc "black" title "as configured", \
     for [i=1:words(files)] word(files, i) using 1:2 with linespoints pt 7 ps 1.5 lw 2 \
     title word(names, i)
