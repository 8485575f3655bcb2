#!/usr/bin/env bash
# scripts/boot-time.sh [qemu|bochs] [RUNS] - wall time from starting the emulator to
# Hestia's first line in C ("entered 64-bit C") and to its result line.
#
# The time includes the emulator's start, the BIOS and GRUB: it is what a student
# waits for. It is host wall-clock time, so it varies with the machine and its load;
# the median of RUNS (default 5) is printed.
set -u
cd "$(dirname "$0")/.."
emu=${1:-qemu}
runs=${2:-5}
iso=build/test-iso/boot-time.iso
mkdir -p build/test-iso
scripts/mkiso.sh -o "$iso" -c "selftest=heap" build/hestia.elf || exit 1

one_run() {
    local start launcher
    case $emu in
        qemu)  launcher=(scripts/qemu.sh -i "$iso") ;;
        bochs) launcher=(scripts/bochs.sh -i "$iso") ;;
        *) echo "usage: $0 [qemu|bochs] [RUNS]" >&2; exit 2 ;;
    esac
    start=$(date +%s.%N)
    "${launcher[@]}" 2>/dev/null </dev/null | while IFS= read -r line; do
        case $line in
            *"entered 64-bit C"*) echo "c_entry $(date +%s.%N)" ;;
            *"Hestia result:"*)   echo "result $(date +%s.%N)" ;;
        esac
    done | awk -v s="$start" '{ t[$1] = $2 - s } END { printf "%.3f %.3f\n", t["c_entry"], t["result"] }'
}

for _ in $(seq "$runs"); do one_run; done | sort -n | awk -v emu="$emu" -v n="$runs" '
    { c[NR] = $1; r[NR] = $2 }
    END { m = int((NR + 1) / 2); printf "%s: C entry after %.2f s, result after %.2f s (median of %d runs, wall clock)\n", emu, c[m], r[m], n }'
