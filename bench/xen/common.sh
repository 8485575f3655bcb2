# bench/xen/common.sh - sourced by the job scripts that run inside the Linux dom0 on
# Xen (scripts/xen-dom0.sh): helpers to make pvguest domUs and read their consoles.

# guest NAME "WORKLOAD ARGS": write /tmp/NAME.cfg and create the domain. The guest
# reads the TSC natively (tsc_mode native), as on Hestia: Xen would otherwise trap
# and emulate rdtsc on a host whose TSC is not invariant (QEMU's qemu64), which
# would add the emulation to every measurement.
guest() {
    printf 'name = "%s"\nkernel = "/job/pvguest.elf"\nmemory = 16\nextra = "%s"\ntsc_mode = "native"\n' \
        "$1" "$2" > "/tmp/$1.cfg"
    xl create -q "/tmp/$1.cfg" || echo "xen-job: xl create $1 failed"
}

# wait_gone NAME: until the domain has shut down and gone (at most 600 s of time).
wait_gone() {
    local i=0
    while xl domid "$1" >/dev/null 2>&1 && [ $i -lt 6000 ]; do sleep 0.1; i=$((i + 1)); done
}

# console NAME: its console log, each line prefixed "[NAME] " (xenconsoled's file).
console() {
    sed "s/^/[$1] /" "/var/log/xen/console/guest-$1.log" 2>/dev/null
}

# cputime NAME: its CPU time in seconds (xl list, 0.1 s resolution).
cputime() {
    xl list "$1" | awk 'NR == 2 { print $6 }'
}
