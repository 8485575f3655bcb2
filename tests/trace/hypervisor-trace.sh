#!/usr/bin/env bash
# tests/trace/hypervisor-trace.sh - a trace from the hypervisor itself, read by hvtrace.
#
# Boots three guests (two hogs, a periodic task) with trace=sched trace_dump=at-exit
# under -icount; the hypervisor writes its trace buffers to COM2 at the end, which
# QEMU saves to a file. hvtrace must decode it, and each domain's running time in its
# report must agree with the hypervisor's own "dNv0 (...): ran X us" line within 1%.
set -u
cd "$(dirname "$0")/../.."
LOGS=build/test-logs
mkdir -p "$LOGS" build/test-iso
iso=build/test-iso/hv-trace.iso
log=$LOGS/hv-trace.log
bin=$LOGS/hv-trace.bin
csv=$LOGS/hv-trace.csv
g=build/pvguest/pvguest.elf

scripts/mkiso.sh -o "$iso" -c "boot_domus trace=sched,hestia trace_dump=at-exit" \
    -m "$g workload=hog seconds=1" -m "$g workload=hog seconds=1" \
    -m "$g workload=periodic period_us=10000 wcet_us=1000 count=50" build/hestia.elf || exit 1
rm -f "$bin"
timeout 120 scripts/qemu.sh -i "$iso" -l "$log" -t "$bin" -d || { echo "hv-trace: the run failed ($log)"; exit 1; }
build/hvtrace --csv "$csv" "$bin" > "$LOGS/hv-trace.report" 2>&1 ||
    { echo "hv-trace: hvtrace could not read the trace: $(head -1 "$LOGS/hv-trace.report")"; exit 1; }

status=0
for d in 0 1 2; do
    hv=$(tr -d '\r' <"$log" | sed -n "s/.*d${d}v0 ([^)]*): ran \([0-9]*\) us.*/\1/p" | head -1)
    tr=$(awk -F, -v d="$d" 'NR > 1 && $1 == d && $2 == 0 { printf "%d", $3 }' "$csv")
    if [ -z "$hv" ] || [ -z "$tr" ]; then
        echo "hv-trace: no running time for d$d (hypervisor '$hv', hvtrace '$tr')"; status=1; continue
    fi
    if ! awk -v a="$hv" -v b="$tr" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= a / 100 + 1) }'; then
        echo "hv-trace: d$d ran $hv us by the hypervisor, $tr us by hvtrace (more than 1% apart)"
        status=1
    fi
done
[ $status -eq 0 ] && echo "hv-trace: hvtrace agrees with the hypervisor on every domain's running time"
exit $status
