#!/usr/bin/env bash
# bench/run.sh - Hestia's benchmark harness: every scenario under every scheduler,
# in QEMU with -icount (guest time = instructions: the same run gives the same
# numbers), traced, decoded, plotted, summarised.
#
# Usage: bench/run.sh [--quick] [--sched LIST] [--jobs N] [--out DIR] [SCENARIO...]
#   SCENARIO   names in bench/scenarios/ (default: all of them)
#   --quick    short runs, for CI's smoke test (make bench QUICK=1)
#   --sched L  only these schedulers (comma-separated; default: each scenario's)
#   --replot   no runs: redraw the plots and summaries from the existing results
#   --jobs N   runs in parallel (default: the number of CPUs)
#   --out DIR  results directory (default: bench/results)
#
# A scenario (bench/scenarios/NAME.sh, sourced) sets DESCRIPTION, CPUS, SCHEDULERS,
# VARIANTS, RUN_MS (and QUICK_RUN_MS), and defines
#   configs DIR VARIANT        write the guests' config files into DIR
#   script SCHED VARIANT       print dom0's script (create, sched-set, trace, sleep)
#   summary_header             print the summary table's header row (markdown)
#   summary_row DIR SCHED VARIANT   print one row from that run's files
#   summary_xen DIR            (optional) rows for Xen's figures (make bench-xen)
# and optionally FOCUS_DOM (the domain whose wake latency is plotted as a CDF).
# configs may use the helpers guest_config DIR NAME "WORKLOAD ARGS" and hog_config DIR NAME.
#
# For each run the results directory gets, under RESULTS/NAME/:
#   SCHED[-VARIANT].log        the serial console
#   SCHED[-VARIANT].bin        the trace (COM2)
#   SCHED[-VARIANT].csv        per-vcpu run time, share, wake latency (hvtrace --csv)
#   SCHED[-VARIANT]-runs.csv   running stretches (hvtrace --runs), -wake.csv, -io.csv
#   *.png                      the plots (bench/plot/*.gp); summary.md
set -u
cd "$(dirname "$0")/.."
quick=0 jobs=$(nproc) out=bench/results only= replot=0
while [ $# -gt 0 ]; do
    case $1 in
        --quick) quick=1 ;;
        --replot) replot=1 ;;
        --jobs) jobs=$2; shift ;;
        --sched) only=${2//,/ }; shift ;;
        --out) out=$2; shift ;;
        -*) echo "usage: bench/run.sh [--quick] [--sched LIST] [--jobs N] [--out DIR] [SCENARIO...]" >&2
            exit 2 ;;
        *) break ;;
    esac
    shift
done
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=($(cd bench/scenarios && ls *.sh | sed 's/\.sh$//'))

for t in build/hestia.elf build/dom0/dom0.elf build/pvguest/pvguest.elf build/hvtrace; do
    [ -e "$t" ] || { echo "bench: $t is missing (make all guests hvtrace)" >&2; exit 1; }
done

# One run: build its ISO, boot it under -icount, decode its trace.
run_one() {
    local name=$1 sched=$2 variant=$3 dir=$4 tag=$5
    local work=build/bench/$name/$tag
    rm -rf "$work"; mkdir -p "$work"
    (
        source "bench/scenarios/$name.sh"
        [ $quick = 1 ] && RUN_MS=$QUICK_RUN_MS
        configs "$work" "$variant"
        script "$sched" "$variant" > "$work/bench.script"
        local mods=(-m "build/dom0/dom0.elf script=bench.script" -m build/pvguest/pvguest.elf
                    -m "$work/bench.script" -m build/disk.img)
        for c in "$work"/*.cfg; do mods+=(-m "$c"); done
        scripts/mkiso.sh -o "$work/bench.iso" \
            -c "sched=$sched dom0_mem=16M trace_buf_kb=8192 loglvl=info" \
            "${mods[@]}" build/hestia.elf >"$work/mkiso.log" 2>&1 ||
            { echo "bench: $name/$tag: mkiso failed ($work/mkiso.log)"; exit 1; }
        rm -f "$dir/$tag.bin"
        timeout 600 scripts/qemu.sh -d -s "$CPUS" -i "$work/bench.iso" -l "$dir/$tag.log" \
            -t "$dir/$tag.bin" >/dev/null 2>&1
        local rc=$?
        tr -d '\r' < "$dir/$tag.log" > "$dir/$tag.log.tmp" && mv "$dir/$tag.log.tmp" "$dir/$tag.log"
        [ $rc = 0 ] || { echo "bench: $name/$tag: the run failed (status $rc, $dir/$tag.log)"; exit 1; }
        build/hvtrace --csv "$dir/$tag.csv" --runs "$dir/$tag-runs.csv" \
            --wake "$dir/$tag-wake.csv" --io "$dir/$tag-io.csv" "$dir/$tag.bin" \
            > "$dir/$tag.report" 2>&1 ||
            { echo "bench: $name/$tag: hvtrace: $(head -1 "$dir/$tag.report")"; exit 1; }
        echo "bench: $name/$tag done"
    )
}

# The runs of every scenario, as lines "NAME SCHED VARIANT".
plan() {
    local name
    for name in "${scenarios[@]}"; do
        [ -f "bench/scenarios/$name.sh" ] || { echo "bench: no scenario '$name'" >&2; return 1; }
        ( source "bench/scenarios/$name.sh"
          narrow
          for v in $VARIANTS; do for s in $SCHEDULERS; do echo "$name $s $v"; done; done )
    done
}

# For scenarios: write DIR/NAME.cfg, a guest running pvguest's WORKLOAD line.
guest_config() {
    printf 'name = "%s"\nkernel = "pvguest.elf"\nmemory = 8\nextra = "%s"\n' "$2" "$3" > "$1/$2.cfg"
}
hog_config() { guest_config "$1" "$2" "workload=hog seconds=100000"; }

tag_of() { [ "$2" = default ] && echo "$1" || echo "$1-$2"; }

# After sourcing a scenario: the quick variants, and only the schedulers asked for.
narrow() {
    [ $quick = 1 ] && [ -n "${QUICK_VARIANTS:-}" ] && VARIANTS=$QUICK_VARIANTS
    [ -n "$only" ] && SCHEDULERS=$(for s in $SCHEDULERS; do
        case " $only " in *" $s "*) echo "$s" ;; esac; done | tr '\n' ' ')
    return 0
}

runs=$(plan) || exit 1
mkdir -p "$out"
failed=0
while [ $replot = 0 ] && read -r name sched variant; do
    mkdir -p "$out/$name"
    run_one "$name" "$sched" "$variant" "$out/$name" "$(tag_of "$sched" "$variant")" &
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || failed=1; done
done <<< "$runs"
while [ "$(jobs -rp | wc -l)" -gt 0 ]; do wait -n || failed=1; done
[ $failed = 0 ] || { echo "bench: some runs failed" >&2; exit 1; }

# Plots and the summary of each scenario.
for name in "${scenarios[@]}"; do
    dir=$out/$name
    (
        source "bench/scenarios/$name.sh"
        narrow
        NAME=$name
        source bench/plot/plots.sh
        make_plots "$dir" || { echo "bench: $name: plotting failed"; exit 1; }
        {
            echo "# $name"
            echo
            echo "$DESCRIPTION"
            echo
            echo "Guest time under QEMU \`-icount shift=0\` (1 instruction = 1 ns), $CPUS pCPU(s)$([ $quick = 1 ] && echo ", a QUICK run (shorter than make bench's)")."
            echo
            summary_header
            for v in $VARIANTS; do for s in $SCHEDULERS; do
                summary_row "$dir" "$s" "$v" "$(tag_of "$s" "$v")"
            done; done
            if declare -F summary_xen >/dev/null; then summary_xen "$dir"; fi
            echo
            for p in "$dir"/*.png; do [ -e "$p" ] && echo "![$(basename "$p" .png)]($(basename "$p"))"; done
        } > "$dir/summary.md"
    ) || failed=1
done
[ $failed = 0 ] || exit 1
echo "bench: results in $out/ (summary: $out/summary.md)"
