#!/usr/bin/env bash
# bench/xen.sh - the peer: the same pvguest microbenchmarks on real Xen 4.17
# (Debian's xen-hypervisor-4.17-amd64, unpacked by scripts/fetch-xen.sh, never
# installed; pvguest is Xen's dom0), in the same QEMU with the same -icount line.
# Writes DIR/micro/xen.txt, which bench/micro.sh puts beside Hestia's figures.
#
# Usage: bench/xen.sh [--out DIR]   (make bench-xen; not part of CI: ~2 min per run)
#
# Only dom0 workloads run here (null hypercall, page-table updates). The event-channel
# round trip and the context switch need two domUs, and the fairness and latency
# scenarios need xl: that takes a Linux dom0 with Xen's tools, which Hestia's
# scripts do not build (see the issue notes).
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
echo "bench-xen: $dir/xen.txt"
