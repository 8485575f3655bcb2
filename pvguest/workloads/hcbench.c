/*
 * pvguest/workloads/hcbench.c - the cost of a null hypercall, round trip.
 *
 * Parameter: n=N (default 10000). The "null" hypercall is
 * xen_version(XENVER_version, NULL): it takes no lock and touches no guest
 * memory, so what is measured is the trip itself: the hypercall-page stub,
 * SYSCALL into the hypervisor, its entry and exit paths, SYSRET back. Each call is
 * timed with RDTSC before and after; the overhead of the RDTSC pair itself is
 * measured separately and printed, not subtracted.
 *
 * Under QEMU with -icount the TSC counts instructions, so the figures are
 * instruction counts, not cycles.
 */
#include <pvguest/hypercall.h>
#include <pvguest/kernel.h>
#include <pvguest/workload.h>

static struct samples samples;

void workload_hcbench(void)
{
    unsigned long n = cmdline_get_ulong("n", 10000);
    uint64_t empty = ~0ULL;

    for (int i = 0; i < 100; i++) {        /* the cost of the measurement itself */
        uint64_t t0 = rdtsc_ordered();
        uint64_t t1 = rdtsc_ordered();
        empty = MIN(empty, t1 - t0);
    }
    for (int i = 0; i < 10; i++)           /* warm up caches and TLB */
        (void)HYPERVISOR_xen_version(XENVER_version, NULL);

    samples_init(&samples, n);
    for (unsigned long i = 0; i < n; i++) {
        uint64_t t0 = rdtsc_ordered();
        (void)HYPERVISOR_xen_version(XENVER_version, NULL);
        uint64_t t1 = rdtsc_ordered();
        samples_add(&samples, t1 - t0);
    }
    samples_report(&samples, "hcbench");
    printk("hcbench: an empty rdtsc pair costs %lu ticks (included above)\n",
           (unsigned long)empty);
}
