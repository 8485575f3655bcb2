#!/usr/bin/env bash
# bench/micro.sh - Hestia's microbenchmarks, in guest instructions (QEMU -icount
# shift=0: the guest's TSC counts instructions; these are not CPU cycles).
#
# Usage: bench/micro.sh [--out DIR]      (default bench/results; writes DIR/micro/)
#
#   null hypercall        xen_version round trip (pvguest hcbench, as dom0)
#   page-table update     update_va_mapping and mmu_update of one PTE (mmbench)
#   event-channel RTT     notify a domU and wait for its answer (pingpong, 2 domUs)
#   context switch        two domUs yielding to each other on one pCPU (ctxsw):
#                         one sample = 2 switches + 2 yield hypercalls
# Each run prints its samples' median; summary.md has the table. If
# DIR/micro/xen.txt exists (make bench-xen), its figures are shown side by side.
set -u
cd "$(dirname "$0")/.."
out=bench/results
[ "${1:-}" = --out ] && out=$2
dir=$out/micro
mkdir -p "$dir" build/bench/micro
g=build/pvguest/pvguest.elf

# name, hypervisor command line, modules...
run() {
    local name=$1 cmd=$2; shift 2
    local mods=() m
    for m in "$@"; do mods+=(-m "$m"); done
    scripts/mkiso.sh -o "build/bench/micro/$name.iso" -c "$cmd" "${mods[@]}" build/hestia.elf \
        >/dev/null 2>&1 || { echo "micro: $name: mkiso failed"; return 1; }
    timeout 300 scripts/qemu.sh -d -i "build/bench/micro/$name.iso" -l "$dir/$name.log" \
        >/dev/null 2>&1 || { echo "micro: $name: the run failed ($dir/$name.log)"; return 1; }
    tr -d '\r' < "$dir/$name.log" > "$dir/$name.log.tmp" && mv "$dir/$name.log.tmp" "$dir/$name.log"
}

run hcbench "" "$g workload=hcbench n=10000" &
run mmbench "" "$g workload=mmbench n=1000" &
wait || true
run pingpong boot_domus "$g workload=hello" "$g workload=pingpong role=server peer=2" \
    "$g workload=pingpong role=client peer=1 n=10000" &
run ctxsw "boot_domus sched=rr" "$g workload=hello" "$g workload=ctxsw n=10000" \
    "$g workload=ctxsw n=10000" &
wait || true

# "NAME: n N min A median B" -> "A B" (the last such line in the log)
figure() {
    grep -ao "$2: n [0-9]* min [0-9]* median [0-9]*" "$dir/$1.log" | tail -1 |
        sed 's/.* min \([0-9]*\) median \([0-9]*\)/\1 \2/'
}
xen() { [ -f "$dir/xen.txt" ] && sed -n "s/^$1 //p" "$dir/xen.txt"; }

status=0
{
    echo "# micro"
    echo
    echo "Microbenchmarks in guest instructions under QEMU \`-icount shift=0\` (the guest's"
    echo "TSC counts instructions - not CPU cycles: an emulator does not charge the cost of"
    echo "privilege transitions, TLB or cache misses). Median (min) of the samples."
    echo
    echo "| benchmark | Hestia | Xen 4.17 | Xen / Hestia |"
    echo "|---|---|---|---|"
    while IFS='|' read -r label log pattern; do
        f=$(figure "$log" "$pattern")
        [ -n "$f" ] || { echo "micro: no '$pattern' figure in $dir/$log.log" >&2; status=1; continue; }
        set -- $f
        x=$(xen "$log:$pattern" | head -1)
        if [ -n "$x" ]; then
            set -- $f $x
            echo "| $label | $2 ($1) | $4 ($3) | $(awk -v a="$2" -v b="$4" 'BEGIN { printf "%.2f", b / a }') |"
        else
            echo "| $label | $2 ($1) | not measured | |"
        fi
    done <<'LIST'
null hypercall (xen_version)|hcbench|hcbench
page-table update (update_va_mapping)|mmbench|mmbench: update_va_mapping
page-table update (mmu_update)|mmbench|mmbench: mmu_update
event-channel round trip between two domUs|pingpong|pingpong
yield to another domain and back (2 context switches)|ctxsw|ctxsw: yield to the other domain and back
LIST
} > "$dir/summary.md"
[ $status = 0 ] && echo "micro: $dir/summary.md"
exit $status
