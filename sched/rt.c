/*
 * sched/rt.c - fixed-priority preemptive scheduling with budget enforcement.
 *
 * Each vcpu has a priority and, as in edf, a reservation: `budget_us` of CPU time in
 * every `period_us` (a vcpu without parameters gets 4000 us / 10000 us). The runnable
 * vcpu with budget left and the highest priority runs, and preempts at once a lower
 * one when it wakes or is replenished. The reservation makes each vcpu a *server*
 * with exactly edf's rules - the same code, sched/server.c (Xen's RTDS rules):
 * refill at each period boundary, no carry-over, depleted = not picked until the
 * next replenishment, budget kept while blocked (deferrable server), a vcpu waking
 * after its deadline joins the grid's current period. Misses are defined and traced as in edf
 * (TRC_HESTIA_EDF_MISS, TRC_HESTIA_EDF_REPLENISH: the server events, whichever
 * module); module decisions go through sched_trace(): SERVER_EV_TICKLE (the pCPU),
 * SERVER_EV_DEPLETED (dom<<16|vcpu).
 *
 * Priorities (parameter `priority`):
 *   0          automatic (the default): rate monotonic - the shorter the period,
 *              the higher the priority (Liu & Layland's optimal fixed-priority
 *              order for periodic tasks with deadline = period);
 *   1 .. 255   explicit: a higher number is a higher priority. Every explicit
 *              priority is above every automatic one (setting a priority says "this
 *              vcpu matters more than the rate-monotonic set": dom0, a driver
 *              domain). Give all vcpus explicit priorities, or none, for a clean
 *              priority assignment.
 * As one key (smaller = more urgent): explicit p -> 255 - p, automatic -> 256 +
 * period in ns. Ties (equal priorities, or equal periods) are FIFO: the vcpu that
 * became ready first runs first (a sequence number taken on wake and on
 * replenishment after depletion, kept across preemption - so a preempted vcpu
 * resumes before its equals, as POSIX SCHED_FIFO does); the running vcpu keeps the
 * pCPU against an equal one; yield moves it behind its equals.
 *
 * Queues (per run queue): runq - ready vcpus with budget, not running, by (key,
 * seq); replq - awake vcpus by next replenishment, with one timer. Binary heaps
 * (sched/heap.c).
 *
 * Costs (n vcpus in a run queue, P pCPUs sharing it): wake O(log n) + O(P) to find
 * a pCPU to preempt; sleep, remove O(log n); do_schedule O(log n); each
 * replenishment O(log n), one timer per run queue; pick_cpu O(P); priority or
 * period change O(log n). No allocation after alloc_vdata.
 *
 * SMP: global fixed priority by default - one run queue, a waking vcpu takes an idle
 * pCPU (its own first) or preempts the pCPU running the lowest priority if it is
 * higher; with the boot option `sched_rt_partitioned` (default off) each pCPU has its
 * own queues and a vcpu stays on the pCPU it was created on (partitioned rate
 * monotonic: Liu & Layland's bound then applies per pCPU). Locking, stealing with
 * sched_trylock() and the is_running skip are server.c's, as for edf.
 *
 * Parameters, checks and changes are edf's: budget_us 1 us .. 10 s, period_us
 * 100 us .. 10 s, budget > period refused (-EINVAL) whichever is set; a change
 * applies at once (the current period keeps its start, used budget stays used), and
 * so does a new priority.
 *
 * Not Xen's: Xen has no fixed-priority module (its sched/rt.c is RTDS, our edf).
 * The server rules and trace events are edf's so that the two modules can be
 * compared on the same vcpus; budget_us and period_us carry over a switch between
 * them (when they can be applied one at a time without budget > period in between).
 */
#include <hestia/lib.h>
#include <hestia/param.h>

#include "server.h"

/*
 * Partitioned instead of global, read when the module starts (boot, or a switch to
 * rt). Not static: host programs (unit tests, the simulator) set it directly.
 */
bool sched_rt_partitioned;
boolean_param("sched_rt_partitioned", sched_rt_partitioned);

/* The priority as one number, smaller = more urgent (see the top of the file). */
static s_time_t prio_key(const struct server_vcpu *svc)
{
    if (svc->priority != SERVER_PRIO_AUTO)
        return SERVER_PRIO_MAX - (s_time_t)svc->priority;
    return SERVER_PRIO_MAX + 1 + svc->period;
}

/* Does a's vcpu come before b's: higher priority, or equal and ready first? */
static bool rt_runq_less(const struct heap_node *na, const struct heap_node *nb)
{
    const struct server_vcpu *a = server_of(na), *b = server_of(nb);
    s_time_t ka = prio_key(a), kb = prio_key(b);

    if (ka != kb)
        return ka < kb;
    return a->seq < b->seq;
}

static const struct server_policy rt_policy = {
    .name = "rt",
    .runq_less = rt_runq_less,
    .has_priority = true,
    .partitioned = &sched_rt_partitioned,
};

static const struct sched_param_desc rt_params[] = {
    { "priority", "", SERVER_PRIO_AUTO, 0, SERVER_PRIO_MAX,
      "0: rate monotonic (shorter period first); 1..255: higher runs first" },
    SERVER_RESERVATION_PARAMS,
};

static int rt_init(struct scheduler *ops)
{
    return server_init(ops, &rt_policy);
}

struct scheduler sched_rt_def = {
    .name = "Fixed priority (rate monotonic)",
    .opt_name = "rt",
    .params = rt_params,
    .nr_params = ARRAY_SIZE(rt_params),
    .init = rt_init,
    SERVER_HOOKS,
};
