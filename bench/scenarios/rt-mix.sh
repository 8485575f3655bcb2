# bench/scenarios/rt-mix.sh - periodic real-time guests at rising total utilisation.
DESCRIPTION="Three periodic guests (periods 10, 20, 40 ms; work counted in their own
CPU time) on one pCPU at total utilisation 0.6, 0.9 and 1.2 (each guest a third), all
first released together at 1.5 s, once dom0 has built them (building a domain is one
long hypercall). EDF and RT reserve each guest's work per period plus 10% and 100 us
for the kernel's own overhead (timer, upcalls, the runstate hypercalls that measure
the work), dom0 0.2/10 ms; RT is rate-monotonic, whose guaranteed bound for three tasks
is 0.78. Deadline misses are the guests' own counts. The last column counts EDF/RT
reservation misses (hvtrace: a deadline passed while the vcpu was runnable with budget
left) - the servers' periods are not aligned with the guests' releases."
CPUS=1
SCHEDULERS="rr credit edf rt"
VARIANTS="u60 u90 u120"
QUICK_VARIANTS=u120            # the smoke run: one utilisation
RUN_MS=2000
QUICK_RUN_MS=400
START_MS=1500                   # every guest's first release (system time): all built by then

_wcet() {   # variant, period_us -> wcet_us (a third of the utilisation each)
    local u=${1#u}
    echo $(( $2 * u / 300 ))
}

_budget() {  # variant, period_us -> the reservation: the work, 10%, 100 us
    local w; w=$(_wcet "$1" "$2")
    echo $(( w + w / 10 + 100 ))
}

configs() {
    local p i=0
    for p in 10000 20000 40000; do
        i=$((i + 1))
        guest_config "$1" "rt$i" "workload=periodic period_us=$p wcet_us=$(_wcet "$2" $p) cpu=1 count=$((RUN_MS * 1000 / p)) start_at_ms=$START_MS"
    done
}

script() {
    local sched=$1 v=$2 p i=0
    [ "$sched" = edf ] || [ "$sched" = rt ] && echo "sched-set 0 budget_us=200 period_us=10000"
    echo "trace start sched,hestia"
    for p in 10000 20000 40000; do
        i=$((i + 1))
        echo "create rt$i.cfg"
        case $sched in edf|rt) echo "sched-set rt$i budget_us=$(_budget "$v" $p) period_us=$p" ;; esac
    done
    echo "wait rt3"; echo "wait rt2"; echo "wait rt1"
    echo "trace stop"; echo "trace dump"; echo "shutdown"
}

summary_header() {
    echo "| utilisation | scheduler | rt1 misses/jobs | rt2 misses/jobs | rt3 misses/jobs | reservation misses (hvtrace) |"
    echo "|---|---|---|---|---|---|"
}

summary_row() {
    local dir=$1 sched=$2 v=$3 tag=$4 i m=
    for i in 1 2 3; do
        m="$m | $(sed -n "s/.*\[rt$i\] periodic: jobs \([0-9]*\) misses \([0-9]*\).*/\2\/\1/p" "$dir/$tag.log")"
    done
    local over; over=$(awk -F, 'NR > 1 && $1 > 0 { s += $13 } END { print s + 0 }' "$dir/$tag.csv")
    echo "| ${v#u}% | $sched$m | $over |"
}
