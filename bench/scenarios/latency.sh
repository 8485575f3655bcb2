# bench/scenarios/latency.sh - a latency-sensitive periodic guest among CPU hogs.
DESCRIPTION="A periodic guest (every 10 ms, 1 ms of CPU work) shares one pCPU with two
CPU hogs. Its wake-to-run latency (hvtrace: from the timer's wake-up to running) and
its own count of deadline misses. Credit: default weights (its BOOST priority should
help); EDF: reservations 2/10 ms (periodic), 3.5/10 ms (each hog), 0.5/10 ms (dom0);
RT: the same budgets, hogs with a 20 ms period so rate-monotonic ranks them lower."
CPUS=1
SCHEDULERS="rr credit edf rt"
VARIANTS=default
RUN_MS=2000
QUICK_RUN_MS=300
FOCUS_DOM=3                     # lat: created after the two hogs

configs() {
    guest_config "$1" lat "workload=periodic period_us=10000 wcet_us=1000 cpu=1 count=$((RUN_MS / 10))"
    hog_config "$1" hog1; hog_config "$1" hog2
}

script() {
    echo "create hog1.cfg"; echo "create hog2.cfg"
    case $1 in
        edf) echo "sched-set 0 budget_us=500 period_us=10000"
             echo "sched-set hog1 budget_us=3500 period_us=10000"
             echo "sched-set hog2 budget_us=3500 period_us=10000" ;;
        rt)  echo "sched-set 0 budget_us=500 period_us=10000"
             echo "sched-set hog1 budget_us=7000 period_us=20000"
             echo "sched-set hog2 budget_us=7000 period_us=20000" ;;
    esac
    echo "trace start sched,hestia"
    echo "create lat.cfg"
    case $1 in edf|rt) echo "sched-set lat budget_us=2000 period_us=10000" ;; esac
    echo "wait lat"
    echo "trace stop"; echo "trace dump"; echo "shutdown"
}

summary_header() {
    echo "| scheduler | wakes | wake p50 (us) | wake p99 (us) | wake max (us) | jobs | deadline misses | max response (us) |"
    echo "|---|---|---|---|---|---|---|---|"
}

summary_row() {
    local dir=$1 sched=$2 tag=$4 guest
    guest=$(sed -n 's/.*\[lat\] periodic: jobs \([0-9]*\) misses \([0-9]*\) max_response_us \([0-9]*\).*/\1 | \2 | \3/p' "$dir/$tag.log")
    awk -F, -v s="$sched" -v g="${guest:-? | ? | ?}" '
        NR > 1 && $1 == 3 { printf "| %s | %s | %s | %s | %s | %s |\n", s, $6, $9, $10, $11, g }' "$dir/$tag.csv"
}

# Xen 4.17's credit, same guests (make bench-xen): the guest's own counts only (no
# trace from Xen, so no wake-latency percentiles).
summary_xen() {
    local f=$1/xen-credit.txt
    [ -s "$f" ] || return 0
    awk '{ printf "| Xen 4.17 credit | | | | | %s | %s | %s |\n", $1, $2, $3 }' "$f"
}
