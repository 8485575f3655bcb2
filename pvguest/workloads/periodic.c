/*
 * pvguest/workloads/periodic.c - a periodic real-time task: the classic model of
 * real-time scheduling (period P, worst-case execution time C, deadline = end of
 * the period).
 *
 * Parameters: period_us=P wcet_us=C [count=N (20)] [verbose=1] [cpu=1]
 * [start_at_ms=T]. Job k is released at t0 + k*P, t0 = T ms of system time if that
 * is still ahead, else one period from now. The task sleeps until the release (timer + SCHEDOP_block; time.c),
 * then busy-works for C us of system time, and records
 *   response time = finish - release,
 *   a deadline miss if finish > release + P,
 *   the release latency = when it actually started - release (how late the
 *   hypervisor woke it and let it run).
 * With cpu=1 a job's work is C us of this vcpu's own running time (from
 * VCPUOP_get_runstate_info), so a job that is preempted takes longer - the model of
 * real-time analysis; the default counts C us of system time, preempted or not.
 * A job that finishes late delays the next one; releases stay on the grid. Ends
 * with the summary line
 *   periodic: jobs N misses M max_response_us R
 * and returns.
 */
#include <pvguest/hypercall.h>
#include <pvguest/kernel.h>
#include <pvguest/time.h>
#include <pvguest/workload.h>

#include <public/vcpu.h>

/* This vcpu's running time so far (ns), or 0 if the hypervisor cannot say. */
static uint64_t running_ns(void)
{
    struct vcpu_runstate_info ri;
    if (HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &ri))
        return 0;
    return ri.time[RUNSTATE_running];   /* includes the current stretch, as on Xen */
}

/* Work for ns of our own running time (preemption does not count). */
static void work_cpu_ns(uint64_t ns)
{
    uint64_t end = running_ns() + ns;
    while (running_ns() < end)
        ;
}

void workload_periodic(void)
{
    uint64_t period = cmdline_get_ulong("period_us", 10000) * NSEC_PER_USEC;
    uint64_t wcet = cmdline_get_ulong("wcet_us", 1000) * NSEC_PER_USEC;
    unsigned long count = cmdline_get_ulong("count", 20);
    int verbose = (int)cmdline_get_ulong("verbose", 0);
    int cpu_time = (int)cmdline_get_ulong("cpu", 0) && running_ns();
    uint64_t max_response = 0, max_latency = 0, sum_response = 0;
    unsigned long misses = 0;

    if (!period) {
        printk("periodic: period_us must be > 0\n");
        return;
    }
    printk("periodic: period %lu us, wcet %lu us (%s time), %lu jobs\n",
           (unsigned long)(period / NSEC_PER_USEC),
           (unsigned long)(wcet / NSEC_PER_USEC), cpu_time ? "cpu" : "system", count);

    /* First release one period from now, or at start_at_ms of system time: guests
     * given the same start_at_ms release together (the critical instant). */
    uint64_t t0 = cmdline_get_ulong("start_at_ms", 0) * NSEC_PER_MSEC;
    if (t0 < NOW())
        t0 = NOW() + period;
    for (unsigned long k = 0; k < count; k++) {
        uint64_t release = t0 + k * period;

        sleep_until(release);
        uint64_t start = NOW();
        if (cpu_time)
            work_cpu_ns(wcet);
        else
            busy_wait_ns(wcet);
        uint64_t finish = NOW();

        uint64_t response = finish - release;
        uint64_t latency = start - release;
        int missed = finish > release + period;

        misses += missed;
        sum_response += response;
        max_response = MAX(max_response, response);
        max_latency = MAX(max_latency, latency);
        if (verbose)
            printk("periodic: job %lu release %lu latency_us %lu response_us %lu%s\n",
                   k, (unsigned long)release, (unsigned long)(latency / NSEC_PER_USEC),
                   (unsigned long)(response / NSEC_PER_USEC),
                   missed ? " MISS" : "");
    }

    printk("periodic: jobs %lu misses %lu max_response_us %lu\n", count, misses,
           (unsigned long)(max_response / NSEC_PER_USEC));
    printk("periodic: mean_response_us %lu max_release_latency_us %lu timer_events %lu\n",
           count ? (unsigned long)(sum_response / count / NSEC_PER_USEC) : 0UL,
           (unsigned long)(max_latency / NSEC_PER_USEC), timer_events);
}
