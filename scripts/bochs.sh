#!/bin/sh
# scripts/bochs.sh - boot a Hestia ISO in Bochs, the emulator that has VT-x.
#
# Usage: scripts/bochs.sh -i ISO [-m MiB] [-s CPUS] [-l LOGFILE]
#   -l FILE   serial console (COM1) to FILE; without it, COM1 goes to this terminal
# Bochs itself always exits with status 1, so this script reads Hestia's
# "Hestia result:" line instead and exits with the hypervisor's status
# (0 = PASS; 1 when there is no result line).
# Facts behind the settings (DESIGN.md): Debian's Bochs has no "nogui" display, so we
# use rfb with timeout=0 (nobody needs to connect); it starts in its debugger, so we
# feed it a "c" (continue) command; clock sync=none keeps runs reproducible (the TSC
# counts instructions).
set -u
iso= mem=256 cpus=1 log=
while getopts "i:m:s:l:" opt; do
    case $opt in
        i) iso=$OPTARG ;; m) mem=$OPTARG ;; s) cpus=$OPTARG ;; l) log=$OPTARG ;;
        *) echo "usage: $0 -i ISO [-m MiB] [-s CPUS] [-l LOG]" >&2; exit 2 ;;
    esac
done
[ -n "$iso" ] || { echo "usage: $0 -i ISO [-m MiB] [-s CPUS] [-l LOG]" >&2; exit 2; }

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
[ -n "$log" ] || log=$dir/com1.log
: > "$log"

cat > "$dir/bochsrc" <<RC
megs: $mem
cpu: model=corei7_haswell_4770, count=$cpus, ips=50000000
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/vgabios/vgabios.bin
ata0-master: type=cdrom, path="$iso", status=inserted
boot: cdrom
com1: enabled=1, mode=file, dev=$log
port_e9_hack: enabled=1
display_library: rfb, options="timeout=0"
speaker: enabled=0
sound: waveoutdrv=dummy, waveindrv=dummy, midioutdrv=dummy
clock: sync=none, time0=local
log: $dir/bochs.log
panic: action=fatal
error: action=report
info: action=ignore
debug: action=ignore
RC
echo c > "$dir/rc"

# Bochs' own stdout (its debugger, and port 0xE9) goes to a file; COM1 is the console.
bochs -q -f "$dir/bochsrc" -rc "$dir/rc" >"$dir/stdout" 2>&1 &
pid=$!
if [ "$log" = "$dir/com1.log" ]; then
    tail -f --pid=$pid "$log"
fi
wait $pid
if [ -s "$dir/bochs.log" ] && grep ">>PANIC<<" "$dir/bochs.log" | grep -qv "Shutdown port"; then
    echo "bochs.sh: Bochs reported a panic:" >&2
    grep ">>PANIC<<" "$dir/bochs.log" | grep -v "Shutdown port" | head -5 >&2
fi
result=$(tr -d '\r' <"$log" | grep -a -o 'Hestia result: .*' | tail -1)
case $result in
    "Hestia result: PASS") exit 0 ;;
    "Hestia result: FAIL (status "*) s=${result#*status }; exit "${s%)}" ;;
    *) exit 1 ;;
esac
