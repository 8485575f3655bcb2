#!/usr/bin/env bash
# bench/xen.sh - the peer: the same pvguest microbenchmarks on real Xen 4.17
# (Debian's xen-hypervisor-4.17-amd64, unpacked by scripts/fetch-xen.sh, never
# installed; pvguest is Xen's dom0), in the same QEMU with the same -icount line.
# Writes DIR/micro/xen.txt, which bench/micro.sh puts beside Hestia's figures.
#
# Usage: bench/xen.sh [--out DIR]   (make bench-xen; not part of CI: ~2 min per run)
#
# Two parts:
#  1. pvguest as Xen's dom0: null hypercall, page-table updates (scripts/xen-run.sh);
#  2. a Linux dom0 with xl (scripts/xen-dom0.sh: Debian's kernel, busybox and Xen's
#     tools in an initramfs) runs pvguest domUs under Xen's credit scheduler: the
#     event-channel round trip, the context switch (bench/xen/micro.sh), and the
#     fairness and latency scenarios (bench/xen/fairness.sh, latency.sh). Their
#     figures go to DIR/micro/xen.txt and DIR/SCENARIO/xen-credit.txt, which
#     bench/micro.sh and bench/run.sh --replot put into the summaries.
# Both run under QEMU -icount shift=0 like Hestia's. Part 2 boots Xen and Linux under
# -icount and takes about a quarter of an hour.
set -u
cd "$(dirname "$0")/.."
out=bench/results
[ "${1:-}" = --out ] && out=$2
dir=$out/micro
mkdir -p "$dir"
scripts/fetch-xen.sh >/dev/null || { echo "bench-xen: could not fetch Xen 4.17" >&2; exit 1; }
g=build/pvguest/pvguest.elf
: > "$dir/xen.txt"
for w in "hcbench n=10000|hcbench|hcbench" "mmbench n=1000|mmbench|mmbench: update_va_mapping" \
         "mmbench n=1000|mmbench|mmbench: mmu_update"; do
    IFS='|' read -r args log pattern <<< "$w"
    [ -f "$dir/xen-$log.log" ] ||
        ICOUNT=1 TIMEOUT=300 scripts/xen-run.sh "$g" "workload=$args" "$dir/xen-$log.log" >/dev/null 2>&1
    f=$(tr -d '\r' < "$dir/xen-$log.log" | grep -ao "$pattern: n [0-9]* min [0-9]* median [0-9]*" |
        tail -1 | sed 's/.* min \([0-9]*\) median \([0-9]*\)/\1 \2/')
    [ -n "$f" ] || { echo "bench-xen: no '$pattern' figure from Xen ($dir/xen-$log.log)" >&2; exit 1; }
    echo "$log:$pattern $f" >> "$dir/xen.txt"
done

# Part 2: the Linux dom0 and its domUs.
job=$(mktemp -d)
trap 'rm -rf "$job"' EXIT
cp "$g" bench/xen/*.sh "$job/"
printf '. /job/micro.sh\n. /job/fairness.sh\n. /job/latency.sh\n' > "$job/run.sh"
scripts/xen-dom0.sh build/xen-dom0/job.img "$job" >/dev/null ||
    { echo "bench-xen: could not build the Linux dom0" >&2; exit 1; }
log=$out/xen-linux-dom0.log
ICOUNT=1 INITRD=build/xen-dom0/job.img DOM0_MEM=256M QEMU_MEM=1024 TIMEOUT=3600 \
    XEN_ARGS="sched=credit" scripts/xen-run.sh build/xen-dom0/vmlinuz "console=hvc0 quiet" \
    "$log" >/dev/null 2>&1
tr -d '\r' < "$log" > "$log.tmp" && mv "$log.tmp" "$log"
grep -q "xen-dom0: done" "$log" || { echo "bench-xen: the Linux dom0 run did not finish ($log)" >&2; exit 1; }
for w in "pingpong|pingpong" "ctxsw|ctxsw: yield to the other domain and back"; do
    IFS='|' read -r key pattern <<< "$w"
    f=$(grep -ao "$pattern: n [0-9]* min [0-9]* median [0-9]*" "$log" | tail -1 |
        sed 's/.* min \([0-9]*\) median \([0-9]*\)/\1 \2/')
    [ -n "$f" ] && echo "$key:$pattern $f" >> "$dir/xen.txt"
done
mkdir -p "$out/fairness" "$out/latency"
# "xen-fairness: interval T0 T1 hog1 A B hog2 A B hog3 A B" -> "hog1 hog2 hog3" shares
sed -n 's/.*xen-fairness: interval //p' "$log" | awk '{ t = $2 - $1;
    printf "%.4f %.4f %.4f\n", ($5 - $4) / t, ($8 - $7) / t, ($11 - $10) / t }' \
    > "$out/fairness/xen-credit.txt"
sed -n 's/.*\[lat\] periodic: jobs \([0-9]*\) misses \([0-9]*\) max_response_us \([0-9]*\).*/\1 \2 \3/p' \
    "$log" > "$out/latency/xen-credit.txt"
echo "bench-xen: $dir/xen.txt, $out/fairness/xen-credit.txt, $out/latency/xen-credit.txt"
