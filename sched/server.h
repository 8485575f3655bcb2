/*
 * sched/server.h - the reservation-server machinery that the edf and rt modules
 * share (sched/server.c): budget, period grid, replenishment, misses, queues, SMP.
 *
 * A module built on it supplies only its *policy*: which of two ready vcpus comes
 * first (earliest deadline for edf, highest priority for rt), whether it has the
 * `priority` parameter, and its partitioned boot option. See server.c for the rules
 * and edf.c / rt.c for the two orders.
 */
#ifndef HESTIA_SCHED_SERVER_H
#define HESTIA_SCHED_SERVER_H

#include <hestia/list.h>
#include <hestia/types.h>

#include "heap.h"
#include "sched.h"

#define SERVER_DEFAULT_BUDGET_US 4000       /* Xen RTDS's defaults */
#define SERVER_DEFAULT_PERIOD_US 10000
#define SERVER_MAX_US            10000000L  /* 10 s */
#define SERVER_PRIO_AUTO         0          /* rt: rate monotonic */
#define SERVER_PRIO_MAX          255

struct server_policy;

struct server_vcpu {
    const struct server_policy *policy;
    struct vcpu *vcpu;
    s_time_t budget, period;        /* the reservation, in ns */
    unsigned int priority;          /* rt's parameter: 0 automatic, 1..255 explicit */
    s_time_t cur_budget;            /* left in the current period */
    s_time_t cur_deadline;          /* end of the current period; 0: not started */
    s_time_t last_start;            /* budget is burnt from here while it runs */
    uint64_t seq;                   /* FIFO order among equals (see runq_less) */
    int on_cpu;                     /* the pCPU that picked it, -1 if not running */
    struct heap_node runq_elem;
    struct heap_node replq_elem;
    struct list_head vcpu_elem;     /* all vcpus of the module (dump) */
    unsigned long misses, replenishments;
};

/* The vcpu a run queue node belongs to. */
static inline const struct server_vcpu *server_of(const struct heap_node *n)
{
    return heap_entry(n, const struct server_vcpu, runq_elem);
}

struct server_policy {
    const char *name;               /* for dump: "edf", "rt" */
    /*
     * The order, as the run queue heap's "less" on two runq_elem nodes (see
     * server_of): does a's vcpu come before b's? Ties fall back to seq (FIFO among
     * equals). A heap function directly, so that the heap makes one indirect call
     * per comparison and the order itself is inlined into it.
     */
    heap_less_fn runq_less;
    bool has_priority;              /* the `priority` parameter exists */
    const bool *partitioned;        /* the boot option, read when the module starts */
};

/* The reservation's parameter descriptions, shared by both modules' tables. */
#define SERVER_RESERVATION_PARAMS                                                  \
    { "budget_us", "us", SERVER_DEFAULT_BUDGET_US, 1, SERVER_MAX_US,               \
      "CPU time guaranteed in each period (at most period_us)" },                  \
    { "period_us", "us", SERVER_DEFAULT_PERIOD_US, 100, SERVER_MAX_US,             \
      "length of a period; its end is the vcpu's deadline" }

int server_init(struct scheduler *ops, const struct server_policy *policy);
void server_deinit(struct scheduler *ops);
void *server_alloc_vdata(const struct scheduler *ops, struct vcpu *v);
void server_free_vdata(const struct scheduler *ops, void *vdata);
void *server_alloc_pdata(const struct scheduler *ops, unsigned int cpu);
void server_free_pdata(const struct scheduler *ops, void *pdata, unsigned int cpu);
void server_insert_vcpu(const struct scheduler *ops, struct vcpu *v);
void server_remove_vcpu(const struct scheduler *ops, struct vcpu *v);
void server_wake(const struct scheduler *ops, struct vcpu *v);
void server_sleep(const struct scheduler *ops, struct vcpu *v);
void server_yield(const struct scheduler *ops, struct vcpu *v);
struct task_slice server_do_schedule(const struct scheduler *ops, unsigned int cpu,
                                     s_time_t now);
unsigned int server_pick_cpu(const struct scheduler *ops, struct vcpu *v);
int server_adjust(const struct scheduler *ops, struct vcpu *v, const char *param,
                  long *value, bool set);
void server_dump(const struct scheduler *ops, unsigned int cpu);

/* Every hook but init, for a module's struct scheduler. */
#define SERVER_HOOKS                                                               \
    .deinit = server_deinit,                                                       \
    .alloc_vdata = server_alloc_vdata,                                             \
    .free_vdata = server_free_vdata,                                               \
    .alloc_pdata = server_alloc_pdata,                                             \
    .free_pdata = server_free_pdata,                                               \
    .insert_vcpu = server_insert_vcpu,                                             \
    .remove_vcpu = server_remove_vcpu,                                             \
    .wake = server_wake,                                                           \
    .sleep = server_sleep,                                                         \
    .yield = server_yield,                                                         \
    .do_schedule = server_do_schedule,                                             \
    .pick_cpu = server_pick_cpu,                                                   \
    .adjust = server_adjust,                                                       \
    .dump = server_dump

#endif /* HESTIA_SCHED_SERVER_H */
