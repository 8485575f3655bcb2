# bench/plot/gantt.gp - which vcpu ran on which pCPU, over time (a Gantt chart).
# gnuplot -e "in='RUNS.csv'; out='X.png'; ttl='...'; ncpu=N; tmax=MS" gantt.gp
# RUNS.csv: hvtrace --runs (cpu,start_us,end_us,dom,vcpu). Colour = domain id.
set terminal png size 1200,360 font ",10"
set output out
set datafile separator ","
set title ttl
set xlabel "time since the trace started (ms)"
set ylabel "pCPU"
set yrange [-0.6:ncpu - 0.4]
set ytics 1
set xrange [0:tmax]
set key off
set palette defined (0 "#999999", 1 "#1f77b4", 2 "#ff7f0e", 3 "#2ca02c", 4 "#d62728", \
                     5 "#9467bd", 6 "#8c564b", 7 "#e377c2", 8 "#17becf")
set palette maxcolors 9          # one colour per domain id, not a gradient
set cbrange [-0.5:8.5]
set cbtics 1
set cblabel "domain"
set style fill solid 1.0 noborder
plot in skip 1 using (($2 + $3) / 2000.0):1:(($3 - $2) / 2000.0):(0.35):($4 > 8 ? 8 : $4) \
     with boxxyerror fillcolor palette
