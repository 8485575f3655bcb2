/*
 * pvguest/workloads/ctxsw.c - the cost of a vcpu context switch, measured from a
 * guest: two domains on one pCPU call SCHEDOP_yield in a loop, so each yield hands
 * the pCPU to the other domain and the call returns when the other has yielded back.
 *
 * Parameters: n=N (10000). One sample = our yield -> the other domain runs (its
 * yield returns, it samples, it yields) -> we run again: two context switches, two
 * yield hypercalls, and the other side's loop. Prints the samples' min and median
 * (TSC ticks: instructions under QEMU -icount), with nothing else runnable. Samples
 * while the other domain is not (yet, or any more) yielding have no switch at all;
 * the median is taken when both loop for most of the run.
 */
#include <pvguest/hypercall.h>
#include <pvguest/kernel.h>
#include <pvguest/workload.h>

#include <public/sched.h>

static struct samples samples;

void workload_ctxsw(void)
{
    unsigned long n = cmdline_get_ulong("n", 10000);

    for (int i = 0; i < 10; i++)
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    samples_init(&samples, n);
    for (unsigned long i = 0; i < n; i++) {
        uint64_t t0 = rdtsc_ordered();
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
        uint64_t t1 = rdtsc_ordered();
        samples_add(&samples, t1 - t0);
    }
    samples_report(&samples, "ctxsw: yield to the other domain and back");
}
