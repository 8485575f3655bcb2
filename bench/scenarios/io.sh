# bench/scenarios/io.sh - block I/O next to CPU hogs: request latency per scheduler.
DESCRIPTION="A guest doing random 4 KiB reads and writes on a RAM disk served by dom0's
block backend, next to two CPU hogs on one pCPU. Each request needs dom0 to run, so
the I/O latency is mostly scheduling latency of dom0 and of the guest. The guest logs
every request and response into the trace (hestia_trace_op); hvtrace pairs them.
EDF/RT: dom0 1/5 ms, the I/O guest 2/10 ms, each hog 3/10 ms."
CPUS=1
SCHEDULERS="rr credit edf rt"
VARIANTS=default
RUN_MS=2000
QUICK_RUN_MS=300
FOCUS_DOM=3                     # io: created after the two hogs

configs() {
    guest_config "$1" io "workload=io size=4096 ops=$((RUN_MS / 5)) seed=5"
    echo 'disk = [ "disk.img,xvda,w" ]' >> "$1/io.cfg"
    hog_config "$1" hog1; hog_config "$1" hog2
}

script() {
    echo "create hog1.cfg"; echo "create hog2.cfg"
    case $1 in
        edf|rt) echo "sched-set 0 budget_us=1000 period_us=5000"
                echo "sched-set hog1 budget_us=3000 period_us=10000"
                echo "sched-set hog2 budget_us=3000 period_us=10000" ;;
    esac
    echo "trace start sched,hestia,io"
    echo "create io.cfg"
    case $1 in edf|rt) echo "sched-set io budget_us=2000 period_us=10000" ;; esac
    echo "wait io"
    echo "trace stop"; echo "trace dump"; echo "shutdown"
}

summary_header() {
    echo "| scheduler | requests | I/O p50 (us) | I/O p99 (us) | I/O max (us) | checksum errors |"
    echo "|---|---|---|---|---|---|"
}

summary_row() {
    local dir=$1 sched=$2 tag=$4 errs
    errs=$(sed -n 's/.*\[io\] io: .* \([0-9]*\) checksum errors.*/\1/p' "$dir/$tag.log")
    # hvtrace's report: "    all      n   min   mean   p50   p99   max" under "I/O requests"
    awk -v s="$sched" -v e="${errs:-?}" '
        /^I\/O requests:/ { io = 1 }
        io && $1 == "all" { printf "| %s | %s | %s | %s | %s | %s |\n", s, $2, $5, $6, $7, e; exit }
    ' "$dir/$tag.report"
}
