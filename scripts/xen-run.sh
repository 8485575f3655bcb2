#!/bin/sh
# scripts/xen-run.sh - boot a PV kernel as dom0 of real Xen 4.17 under QEMU, the
# reference the same kernel is compared against on Hestia.
#
# Usage: scripts/xen-run.sh KERNEL.elf "GUEST CMDLINE" [LOG]
#   KERNEL.elf     the PV kernel (e.g. build/pvguest/pvguest.elf); it becomes dom0
#   GUEST CMDLINE  its command line (start_info.cmd_line), e.g. "workload=hello"
#   LOG            where the serial console goes (default build/xen-run/serial.log);
#                  without LOG the log is also printed when the run ends
# Environment:
#   ICOUNT=1       deterministic run: -icount shift=0 (TSC = instruction count)
#   TIMEOUT=S      give up after S seconds (default 170)
#   XEN_ARGS=...   extra Xen command-line options
#   QEMU_MEM=MiB   machine memory (default 512)
#   DOM0_MEM=SIZE  dom0's memory (default 64M)
#   INITRD=FILE    a second module for dom0: its initramfs (a Linux dom0,
#                  scripts/xen-dom0.sh)
#
# Xen comes from scripts/fetch-xen.sh (Debian's package, unpacked, not installed).
# GRUB loads it with multiboot2 and the kernel as its first module2, which Xen
# builds into dom0. Xen needs about a minute to boot under QEMU TCG.
#
# How the run ends. When dom0 shuts down Xen does not switch QEMU off: poweroff
# halts the CPUs ("Hardware Dom0 halted: halting machine"), a crash reboots after 5
# seconds ("Hardware Dom0 crashed: rebooting machine in 5 seconds."). So the script
# watches the log for those lines (and for a Xen panic) and stops QEMU itself;
# -no-reboot covers a reboot that comes first.
#
# Exit status: 0 dom0 powered off; 3 dom0 crashed; 4 dom0 shut down otherwise
# (reboot, ...); 2 Xen panicked; 124 timeout; 1 usage or setup error.
set -eu

usage() {
    echo "usage: $0 KERNEL.elf \"GUEST CMDLINE\" [LOG]" >&2
    exit 1
}
[ $# -ge 2 ] && [ $# -le 3 ] || usage
kernel=$1
guest_cmdline=$2
log=${3:-}
[ -f "$kernel" ] || { echo "xen-run: no such kernel: $kernel" >&2; exit 1; }

top=$(cd "$(dirname "$0")/.." && pwd)
xen=$("$top/scripts/fetch-xen.sh")
timeout=${TIMEOUT:-170}
mem=${QEMU_MEM:-512}

show_log=
if [ -z "$log" ]; then
    mkdir -p "$top/build/xen-run"
    log=$top/build/xen-run/serial.log
    show_log=1
fi
mkdir -p "$(dirname "$log")"
: > "$log"

# Xen's command line:
#   console=com1 com1=115200,8n1   Xen's console on the first serial port (QEMU's
#                                  -serial); dom0's console_io output goes there too
#   dom0_mem=64M,max:64M           a small dom0 (its p2m and bootstrap mapping stay
#                                  small); the rest of the machine stays free
#   dom0_max_vcpus=1               the kernel runs one vCPU
#   loglvl=all guest_loglvl=all    show Xen's messages about the guest (e.g. why a
#                                  hypercall failed, the unhandled fault)
#   smap=0 smep=0                  QEMU 7.2 TCG bug: iretq in ring 3 is checked as a
#                                  supervisor access under SMAP; a PV kernel runs in
#                                  ring 3 (and -cpu qemu64 has neither feature anyway)
#   iommu=0 ucode=no               nothing to gain from either under QEMU
dom0_mem=${DOM0_MEM:-64M}
xen_cmdline="console=com1 com1=115200,8n1 dom0_mem=$dom0_mem,max:$dom0_mem dom0_max_vcpus=1"
xen_cmdline="$xen_cmdline loglvl=all guest_loglvl=all smap=0 smep=0 iommu=0 ucode=no"
xen_cmdline="$xen_cmdline ${XEN_ARGS:-}"

dir=$(mktemp -d)
qemu_pid=
cleanup() {
    [ -n "$qemu_pid" ] && kill "$qemu_pid" 2>/dev/null || true
    rm -rf "$dir"
}
trap cleanup EXIT INT TERM

mkdir -p "$dir/iso/boot/grub"
cp "$xen" "$dir/iso/boot/xen.gz"
cp "$kernel" "$dir/iso/boot/pvguest.elf"
initrd_line=
if [ -n "${INITRD:-}" ]; then
    cp "$INITRD" "$dir/iso/boot/initrd.img"
    initrd_line="module2 /boot/initrd.img"
fi
cat > "$dir/iso/boot/grub/grub.cfg" <<CFG
set timeout=0
set default=0
serial --unit=0 --speed=115200
terminal_output serial
menuentry "Xen 4.17 with $(basename "$kernel") as dom0" {
    multiboot2 /boot/xen.gz $xen_cmdline
    module2 /boot/pvguest.elf $guest_cmdline
    $initrd_line
}
CFG
grub-mkrescue -o "$dir/xen.iso" "$dir/iso" >/dev/null 2>&1 || {
    echo "xen-run: grub-mkrescue failed" >&2
    exit 1
}

set -- -machine pc -cpu qemu64 -m "$mem" -smp 1 -no-reboot \
    -cdrom "$dir/xen.iso" -boot d \
    -display none -monitor none -serial "file:$log"
if [ "${ICOUNT:-0}" = 1 ]; then
    set -- "$@" -accel tcg,thread=single -icount shift=0,sleep=off -rtc clock=vm
fi
qemu-system-x86_64 "$@" 2>"$dir/qemu.err" &
qemu_pid=$!

# Watch the log for the end of dom0 (or of Xen).
status=124
elapsed=0
while [ "$elapsed" -lt "$((timeout * 5))" ]; do
    if ! kill -0 "$qemu_pid" 2>/dev/null; then
        status=4            # QEMU exited by itself (a reboot, with -no-reboot)
        grep -q "Hardware Dom0 crashed" "$log" && status=3
        grep -q "Panic on CPU" "$log" && status=2
        break
    fi
    if grep -q "Hardware Dom0 halted" "$log"; then
        status=0; break
    elif grep -q "Hardware Dom0 crashed" "$log"; then
        status=3; break
    elif grep -q -e "Hardware Dom0 shutdown" -e "Hardware domain .* rebooting" "$log"; then
        status=4; break
    elif grep -q "Panic on CPU" "$log"; then
        sleep 1     # let the panic message finish
        status=2; break
    fi
    sleep 0.2
    elapsed=$((elapsed + 1))
done
sleep 0.2           # the last line may still be on its way to the file
kill "$qemu_pid" 2>/dev/null || true
wait "$qemu_pid" 2>/dev/null || true
qemu_pid=

[ -n "$show_log" ] && cat "$log"
# QEMU's own complaints matter only if it stopped by itself or hung.
case $status in 4|124) [ -s "$dir/qemu.err" ] && cat "$dir/qemu.err" >&2 ;; esac
case $status in
    0)   echo "xen-run: dom0 powered off" ;;
    3)   echo "xen-run: dom0 crashed" ;;
    4)   echo "xen-run: dom0 shut down (not a poweroff) or QEMU exited" ;;
    2)   echo "xen-run: Xen panicked" ;;
    124) echo "xen-run: timed out after $timeout s" ;;
esac
exit $status
