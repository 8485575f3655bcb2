/*
 * sched/edf.c - earliest deadline first with budget enforcement (Xen's RTDS).
 *
 * Each vcpu is a *server* with a reservation (`budget_us` in every `period_us`);
 * the end of its current period is its deadline, and the runnable vcpu with budget
 * left and the earliest deadline runs; among equal deadlines, the one that became
 * ready first. The server rules (replenishment on a fixed grid, enforcement,
 * deferrable budget), the parameters, how misses are defined and traced, the queues,
 * their costs and the global/partitioned SMP modes are in sched/server.c, shared
 * with rt; this file is the EDF order. On SMP the default is global EDF; the boot
 * option `sched_edf_partitioned` makes it partitioned.
 *
 * Departures from Xen's RTDS:
 *   - The period grid starts when the vcpu joins the module (RTDS: at time 0, so a
 *     vcpu's first period can be short).
 *   - No "extratime" (RTDS can let a depleted vcpu run in idle time at a lower
 *     priority level): depleted means not runnable, as RTDS without extratime.
 *   - No admission control (current RTDS can refuse reservations that sum to more
 *     than the pCPUs): overload experiments need it off; misses are counted.
 *   - Heaps instead of sorted lists; no context_saved hook in our framework, hence
 *     the is_running skip above (RTDS re-queues the vcpu in rt_context_saved).
 *   - Per-vcpu parameters only (no per-domain defaults); budget >= 1 us, period
 *     100 us .. 10 s (RTDS: 10 us minimum for both).
 */
#include <hestia/param.h>

#include "server.h"

/*
 * Partitioned instead of global EDF, read when the module starts (boot, or a switch
 * to edf). Not static: host programs (unit tests, the simulator) set it directly.
 */
bool sched_edf_partitioned;
boolean_param("sched_edf_partitioned", sched_edf_partitioned);

/* Does a's vcpu come before b's in EDF order? (runq_elem nodes) */
static bool edf_runq_less(const struct heap_node *na, const struct heap_node *nb)
{
    const struct server_vcpu *a = server_of(na), *b = server_of(nb);

    if (a->cur_deadline != b->cur_deadline)
        return a->cur_deadline < b->cur_deadline;
    return a->seq < b->seq;
}

static const struct server_policy edf_policy = {
    .name = "edf",
    .runq_less = edf_runq_less,
    .has_priority = false,
    .partitioned = &sched_edf_partitioned,
};

static const struct sched_param_desc edf_params[] = {
    SERVER_RESERVATION_PARAMS,
};

static int edf_init(struct scheduler *ops)
{
    return server_init(ops, &edf_policy);
}

struct scheduler sched_edf_def = {
    .name = "Earliest deadline first (RTDS)",
    .opt_name = "edf",
    .params = edf_params,
    .nr_params = ARRAY_SIZE(edf_params),
    .init = edf_init,
    SERVER_HOOKS,
};
