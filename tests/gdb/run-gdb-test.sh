#!/usr/bin/env bash
# tests/gdb/run-gdb-test.sh - gdb in batch mode against QEMU, through the boot path.
#
# Starts QEMU paused with a gdb stub, lets scripts/gdbinit run to __start_hestia,
# then boot-path.gdb: break in memory_init, continue to it, print variables, `next`,
# `step` into a function, `bt`. Each expected piece of gdb's output is checked;
# the first one missing is reported. Output: build/test-logs/gdb.out.
set -u
cd "$(dirname "$0")/../.."
LOGS=build/test-logs
mkdir -p "$LOGS" build/test-iso
iso=build/test-iso/gdb.iso
out=$LOGS/gdb.out
port=$((20000 + $$ % 10000))

scripts/mkiso.sh -o "$iso" -c "selftest=all" build/hestia.elf || exit 1
timeout 120 scripts/qemu.sh -i "$iso" -l "$LOGS/gdb-serial.log" -g "$port" &
qemu=$!
trap 'kill $qemu 2>/dev/null; wait $qemu 2>/dev/null' EXIT
sleep 0.5

timeout 90 gdb -batch -nx -ix scripts/gdbinit -ex "hestia-connect $port" \
    -x tests/gdb/boot-path.gdb >"$out" 2>&1
grc=$?

status=0
check() {
    if ! grep -q -E -- "$1" "$out"; then
        echo "gdb test: missing '$1' ($2) in $out"
        status=1
    fi
}
check 'Breakpoint 1, __start_hestia \(' "hbreak to the first C function"
check 'Breakpoint 2, memory_init \(\) at kernel/arch/x86/mm.c:[0-9]+' "break + continue"
check '^\$1 = [1-9][0-9]*$' "print boot_info.nr_mmap"
check '^\$2 = "selftest=all"' "print boot_info.cmdline"
check '^[0-9]+[[:space:]]+unsigned long nr_frames = highest_ram_frame\(\);' "next"
check '^highest_ram_frame \(\) at kernel/arch/x86/mm.c:[0-9]+' "step into a function"
check '^#0 +highest_ram_frame \(\) at kernel/arch/x86/mm.c' "bt frame 0"
check '^#1 +0x[0-9a-f]+ in memory_init \(\) at kernel/arch/x86/mm.c' "bt frame 1"
check '^#2 +0x[0-9a-f]+ in __start_hestia \(' "bt frame 2"
check '^#3 +0x[0-9a-f]+ in start64_high \(\) at kernel/arch/x86/boot/head.S' "bt ends at head.S"
if grep -q -E '^#4 ' "$out"; then
    echo "gdb test: backtrace goes past start64_high (head.S CFI)"; status=1
fi
[ $grc -eq 0 ] || [ $grc -eq 1 ] || { echo "gdb test: gdb exited $grc"; status=1; }
exit $status
