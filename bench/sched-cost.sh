#!/usr/bin/env bash
# bench/sched-cost.sh - instructions per scheduling decision, for each module, as the
# number of runnable vcpus grows.
#
# Usage: bench/sched-cost.sh [MODULES] [SIZES]   (default: "credit rr edf rt", "8 64 512 4096")
#
# For each module and size N, the simulator (build/hvsim, the hypervisor's own sched/
# sources) runs N always-runnable vcpus on 4 pCPUs under valgrind's callgrind, and we
# divide the instructions executed inside the module's do_schedule hook (inclusive;
# credit's is called csched_schedule, as in Xen) by the number of times it was called.
# Credit's periodic accounting (a timer, O(active vcpus) per tick) is not part of
# do_schedule and is not counted here. Instruction counts (Ir) from callgrind are
# deterministic: the same binary and scenario give the same numbers on any machine
# load. They are host instructions of the simulator build (-O2), not cycles.
# Output: a table, and build/bench/sched-cost.csv.
set -eu
cd "$(dirname "$0")/.."
modules=${1:-credit rr edf rt}
sizes=${2:-8 64 512 4096}
out=build/bench
mkdir -p "$out"
command -v valgrind >/dev/null || { echo "sched-cost: valgrind is missing (scripts/setup.sh)" >&2; exit 1; }
make -s build/hvsim

csv=$out/sched-cost.csv
echo "module,vcpus,calls,instructions_per_call" > "$csv"
printf '%-8s %8s %10s %16s\n' module vcpus calls "Ir/do_schedule"
for n in $sizes; do
    scen=$out/cost-$n.txt
    {
        echo "pcpus = 4"
        echo "duration_ms = 200"
        for i in $(seq 1 "$n"); do echo "vcpu name=v$i workload=hog"; done
    } > "$scen"
    for m in $modules; do
        cg=$out/callgrind-$m-$n.out
        # Count only instructions executed inside the module's do_schedule (and what
        # it calls): --toggle-collect switches collection on for that function.
        valgrind --tool=callgrind --callgrind-out-file="$cg" \
            --toggle-collect='*_do_schedule' --toggle-collect='csched_schedule' build/hvsim --sched "$m" "$scen" >/dev/null 2>&1
        ir=$(awk '/^(summary|totals):/ { print $2; exit }' "$cg")
        calls=$(awk '
            /^c?fn=\(/ { id = $1; sub(/^c?fn=/, "", id); if (NF > 1) name[id] = $2;
                         if ($0 ~ /^cfn=/) target = id; next }
            /^calls=/   { split($1, c, "="); if (name[target] ~ /(_do_schedule|csched_schedule)$/) n += c[2] }
            END { print n + 0 }' "$cg")
        if [ -z "$ir" ] || [ "${calls:-0}" -eq 0 ]; then
            echo "sched-cost: no do_schedule data for $m with $n vcpus ($cg)" >&2
            continue
        fi
        per=$((ir / calls))
        printf '%-8s %8d %10d %16d\n' "$m" "$n" "$calls" "$per"
        echo "$m,$n,$calls,$per" >> "$csv"
    done
done
