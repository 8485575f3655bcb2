/*
 * sched/rr.c - round-robin: the simplest scheduler, and the template for others.
 *
 * Each pCPU has a FIFO run queue of runnable vcpus. do_schedule puts the vcpu that
 * was running (if it can still run) at the tail and runs the head for one quantum
 * (`sched_rr_quantum_us=`, default 10 ms). A vcpu that wakes joins the tail; an idle
 * pCPU is tickled so it picks it up at once.
 *
 * Costs: wake, sleep, do_schedule O(1) (list operations).
 * No per-vcpu parameters: every vcpu gets the same share.
 */
#include <hestia/errno.h>
#include <hestia/list.h>
#include <hestia/param.h>
#include <hestia/printk.h>
#include <hestia/xmalloc.h>

#include "sched.h"

static unsigned long rr_quantum_us = 10000;
integer_param("sched_rr_quantum_us", rr_quantum_us);

struct rr_vcpu {
    struct list_head runq_elem;
    struct vcpu *vcpu;
    bool on_runq;
};

struct rr_pcpu {
    struct list_head runq;
};

#define RR_VCPU(v) ((struct rr_vcpu *)(v)->sched_priv)
#define RR_PCPU(cpu) ((struct rr_pcpu *)sched_pcpu_data(cpu))

static void runq_insert_tail(struct rr_vcpu *rv)
{
    if (!rv->on_runq) {
        list_add_tail(&rv->runq_elem, &RR_PCPU(rv->vcpu->processor)->runq);
        rv->on_runq = true;
    }
}

static void runq_remove(struct rr_vcpu *rv)
{
    if (rv->on_runq) {
        list_del(&rv->runq_elem);
        rv->on_runq = false;
    }
}

static void *rr_alloc_vdata(const struct scheduler *ops, struct vcpu *v)
{
    struct rr_vcpu *rv = xzalloc(struct rr_vcpu);
    if (rv)
        rv->vcpu = v;
    return rv;
}

static void rr_free_vdata(const struct scheduler *ops, void *vdata)
{
    xfree(vdata);
}

static void *rr_alloc_pdata(const struct scheduler *ops, unsigned int cpu)
{
    struct rr_pcpu *rp = xzalloc(struct rr_pcpu);
    if (rp)
        INIT_LIST_HEAD(&rp->runq);
    return rp;
}

static void rr_free_pdata(const struct scheduler *ops, void *pdata, unsigned int cpu)
{
    xfree(pdata);
}

static void rr_insert_vcpu(const struct scheduler *ops, struct vcpu *v)
{
    if (vcpu_runnable(v) && v != curr_on(v->processor))
        runq_insert_tail(RR_VCPU(v));
}

static void rr_remove_vcpu(const struct scheduler *ops, struct vcpu *v)
{
    runq_remove(RR_VCPU(v));
}

static void rr_wake(const struct scheduler *ops, struct vcpu *v)
{
    runq_insert_tail(RR_VCPU(v));
    if (is_idle_vcpu(curr_on(v->processor)))
        cpu_tickle(v->processor);
}

static void rr_sleep(const struct scheduler *ops, struct vcpu *v)
{
    runq_remove(RR_VCPU(v));
}

static void rr_yield(const struct scheduler *ops, struct vcpu *v)
{
    /* Nothing to do: do_schedule puts the running vcpu behind every other one. */
}

static struct task_slice rr_do_schedule(const struct scheduler *ops, unsigned int cpu,
                                        s_time_t now)
{
    struct rr_pcpu *rp = RR_PCPU(cpu);
    struct vcpu *curr = curr_on(cpu);
    struct task_slice slice = { idle_vcpu_of(cpu), -1 };

    if (!is_idle_vcpu(curr) && vcpu_runnable(curr))
        runq_insert_tail(RR_VCPU(curr));
    if (!list_empty(&rp->runq)) {
        struct rr_vcpu *rv = list_first_entry(&rp->runq, struct rr_vcpu, runq_elem);
        runq_remove(rv);
        slice.task = rv->vcpu;
        slice.time = MICROSECS(rr_quantum_us);
    }
    return slice;
}

static unsigned int rr_pick_cpu(const struct scheduler *ops, struct vcpu *v)
{
    return v->processor;
}

static int rr_adjust(const struct scheduler *ops, struct vcpu *v, const char *param,
                     long *value, bool set)
{
    return -EINVAL;     /* round-robin has no per-vcpu parameters */
}

static void rr_dump(const struct scheduler *ops, unsigned int cpu)
{
    struct rr_vcpu *rv;
    printk("rr: cpu%u quantum %lu us, run queue:", cpu, rr_quantum_us);
    list_for_each_entry(rv, &RR_PCPU(cpu)->runq, runq_elem)
        printk(" d%uv%u", rv->vcpu->domain->domain_id, rv->vcpu->vcpu_id);
    printk("\n");
}

struct scheduler sched_rr_def = {
    .name = "Round-robin",
    .opt_name = "rr",
    .params = NULL,
    .nr_params = 0,
    .alloc_vdata = rr_alloc_vdata,
    .free_vdata = rr_free_vdata,
    .alloc_pdata = rr_alloc_pdata,
    .free_pdata = rr_free_pdata,
    .insert_vcpu = rr_insert_vcpu,
    .remove_vcpu = rr_remove_vcpu,
    .wake = rr_wake,
    .sleep = rr_sleep,
    .yield = rr_yield,
    .do_schedule = rr_do_schedule,
    .pick_cpu = rr_pick_cpu,
    .adjust = rr_adjust,
    .dump = rr_dump,
};
