#!/usr/bin/env bash
# tests/xen/compare-hcbench.sh - the same PV guest binary on Hestia and on real Xen.
#
# Boots build/pvguest/pvguest.elf with workload=hcbench as dom0 of Hestia and of
# Debian's Xen 4.17 (scripts/fetch-xen.sh), both under QEMU with -icount shift=0, and
# prints the null-hypercall round trip (xen_version(XENVER_version)) of each side by
# side. Under -icount the guest's TSC counts instructions, so the figures are
# instruction counts, not cycles: a real CPU would add the cost of the SYSCALL/IRET
# transitions and cache misses, which an emulator does not charge.
# Fails if either run does not produce its hcbench line.
set -u
cd "$(dirname "$0")/../.."
LOGS=build/test-logs
mkdir -p "$LOGS" build/test-iso
guest=build/pvguest/pvguest.elf
args="workload=hcbench n=10000"

scripts/mkiso.sh -o build/test-iso/hcbench.iso -m "$guest $args" build/hestia.elf || exit 1
timeout 120 scripts/qemu.sh -i build/test-iso/hcbench.iso -l "$LOGS/hcbench-hestia.log" -d
hestia=$(tr -d '\r' <"$LOGS/hcbench-hestia.log" | grep -o 'hcbench: n [0-9]* min [0-9]* median [0-9]*' | tail -1)

scripts/fetch-xen.sh >/dev/null || { echo "compare: could not fetch Xen 4.17"; exit 1; }
ICOUNT=1 TIMEOUT=170 scripts/xen-run.sh "$guest" "$args" "$LOGS/hcbench-xen.log" >/dev/null 2>&1
xen=$(tr -d '\r' <"$LOGS/hcbench-xen.log" | grep -o 'hcbench: n [0-9]* min [0-9]* median [0-9]*' | tail -1)

[ -n "$hestia" ] || { echo "compare: no hcbench result from Hestia ($LOGS/hcbench-hestia.log)"; exit 1; }
[ -n "$xen" ] || { echo "compare: no hcbench result from Xen ($LOGS/hcbench-xen.log)"; exit 1; }
echo "null hypercall round trip, guest instructions under QEMU -icount (same pvguest binary):"
echo "  Hestia:   ${hestia#hcbench: }"
echo "  Xen 4.17: ${xen#hcbench: }"
