#!/usr/bin/env bash
# tests/trace/dom0-trace.sh - dom0's `trace start|stop|dump` and the I/O trace.
#
# dom0 starts tracing (sched, evtchn, io, hypercall), runs a block-I/O guest, stops,
# and dumps the buffers to COM2, which QEMU saves to a file. hvtrace must read it
# and find: as many I/O request/response pairs as the guest made requests (the
# guest logs each with hestia_trace_op), event-channel sends and upcalls, hypercall
# counts, and the guest's running time.
set -u
cd "$(dirname "$0")/../.."
LOGS=build/test-logs
mkdir -p "$LOGS" build/test-iso
iso=build/test-iso/dom0-trace.iso
log=$LOGS/dom0-trace.log
bin=$LOGS/dom0-trace.bin
rep=$LOGS/dom0-trace.report
d=tests/boot/data/dom0

scripts/mkiso.sh -o "$iso" -c "loglvl=info dom0_mem=16M trace_buf_kb=4096" \
    -m "build/dom0/dom0.elf script=trace.script" -m build/pvguest/pvguest.elf \
    -m "$d/trace.script" -m "$d/io-trace.cfg" -m build/disk.img build/hestia.elf || exit 1
rm -f "$bin"
timeout 120 scripts/qemu.sh -i "$iso" -l "$log" -t "$bin" ||
    { echo "dom0-trace: the run failed ($log)"; exit 1; }
build/hvtrace "$bin" > "$rep" 2>&1 ||
    { echo "dom0-trace: hvtrace could not read the trace: $(head -1 "$rep")"; exit 1; }

fail() { echo "dom0-trace: $*"; exit 1; }
reqs=$(tr -d '\r' <"$log" | sed -n 's/.*\[iot\] io: \([0-9]*\) requests.*/\1/p')
[ -n "$reqs" ] || fail "the guest did not report its requests ($log)"
grep -q "trace: buffers written to the trace port" "$log" || fail "no dump ($log)"
# "I/O requests: N, answered M, ..." then the latency table (report.c)
n=$(sed -n 's/^I\/O requests: \([0-9]*\), answered \([0-9]*\).*/\1 \2/p' "$rep")
[ "$n" = "$reqs $reqs" ] ||
    fail "hvtrace counted '${n:-no}' I/O requests and answers, the guest made $reqs ($rep)"
grep -q "records were lost" "$rep" && fail "records were lost ($rep)"
grep -qE "event channels: [1-9][0-9]* sends, [1-9][0-9]* upcalls" "$rep" ||
    fail "no event-channel sends/upcalls in the report ($rep)"
grep -qE "^ +56 +[1-9]" "$rep" || fail "no hestia_trace_op (56) among the hypercall counts ($rep)"
echo "dom0-trace: $reqs I/O requests traced and paired; event channels and hypercalls counted"
