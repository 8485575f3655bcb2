#!/bin/sh
# scripts/qemu.sh - boot a Hestia ISO in QEMU (TCG: KVM does not work on our machines).
#
# Usage: scripts/qemu.sh -i ISO [-m MiB] [-s SMP] [-l LOGFILE [-I INPUT]] [-t TRACEFILE] [-g GDBPORT] [-d]
#   -l FILE   serial console to FILE (default: this terminal, with -nographic)
#   -I FILE   with -l: type FILE's bytes into the serial console (through a FIFO;
#             the UART holds them until the guest reads them)
#   -t FILE   the second serial port (COM2: trace dumps, trace_dump=at-exit) to FILE
#   -g PORT   start paused with a gdb stub on PORT (see scripts/gdbinit)
#   -d        deterministic: -icount shift=0 (guest TSC = instruction count)
# QEMU's exit status is (hypervisor status << 1) | 1, via the isa-debug-exit device;
# this script turns it back into the hypervisor's status (0 = success).
set -u
iso= mem=256 smp=1 log= gdb= det= tracefile= input=
while getopts "i:m:s:l:t:g:dI:" opt; do
    case $opt in
        i) iso=$OPTARG ;; m) mem=$OPTARG ;; s) smp=$OPTARG ;; I) input=$OPTARG ;;
        l) log=$OPTARG ;; t) tracefile=$OPTARG ;; g) gdb=$OPTARG ;; d) det=1 ;;
        *) echo "usage: $0 -i ISO [-m MiB] [-s SMP] [-l LOG] [-g PORT] [-d]" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ "${1:-}" = "--" ] && shift
[ -n "$iso" ] || { echo "usage: $0 -i ISO ..." >&2; exit 2; }

set -- -machine pc -cpu qemu64 -m "$mem" -smp "$smp" -no-reboot \
    -cdrom "$iso" -boot d \
    -device isa-debug-exit,iobase=0xf4,iosize=4 "$@"
fifo=
if [ -n "$log" ] && [ -n "$input" ]; then
    fifo=$(mktemp -d)/com1
    mkfifo "$fifo.in" "$fifo.out"
    set -- "$@" -display none -chardev "pipe,id=com1,path=$fifo" -serial chardev:com1 \
        -monitor none
elif [ -n "$log" ]; then
    set -- "$@" -display none -serial "file:$log" -monitor none
else
    set -- "$@" -nographic
fi
[ -n "$tracefile" ] && set -- "$@" -serial "file:$tracefile"
[ -n "$gdb" ] && set -- "$@" -S -gdb "tcp::$gdb"
[ -n "$det" ] && set -- "$@" -accel tcg,thread=single -icount shift=0,sleep=off -rtc clock=vm

if [ -n "$fifo" ]; then
    qemu-system-x86_64 "$@" &
    qpid=$!
    cat "$fifo.out" > "$log" &
    cpid=$!
    cat "$input" > "$fifo.in" &
    ipid=$!
    wait $qpid
    rc=$?
    kill $ipid 2>/dev/null
    wait $cpid
    rm -rf "$(dirname "$fifo")"
else
    qemu-system-x86_64 "$@"
    rc=$?
fi
# isa-debug-exit: odd statuses come from the hypervisor; anything else is QEMU's own.
if [ $((rc & 1)) -eq 1 ]; then
    exit $((rc >> 1))
fi
[ $rc -eq 0 ] && { echo "qemu.sh: QEMU exited without a status from Hestia" >&2; exit 125; }
exit $rc
