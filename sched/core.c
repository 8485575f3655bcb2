/*
 * sched/core.c - the scheduler framework: everything that is not policy.
 *
 * The framework owns, for every pCPU: a lock, the vcpu running there, the idle vcpu,
 * and the slice timer. Modules (sched/rr.c, ...) only decide *who* runs next and for
 * how long; the framework does the rest:
 *
 *   wake/sleep/block/yield  -> keep each vcpu's runstate and the module informed
 *   schedule()              -> ask the module (do_schedule), charge run time into the
 *                              runstates, arm the slice timer, switch contexts
 *
 * schedule() runs only from the SCHEDULE softirq: on the way back to a guest, or in
 * the idle loop - never in the middle of other hypervisor code.
 */
#include <hestia/config.h>
#include <hestia/errno.h>
#include <hestia/lib.h>
#include <hestia/param.h>
#include <hestia/printk.h>
#include <hestia/sched.h>
#include <hestia/softirq.h>
#include <hestia/xmalloc.h>

#include "sched.h"

struct sched_pcpu {
    spinlock_t lock;
    struct vcpu *curr;          /* running here now */
    struct vcpu *idle;          /* this pCPU's idle vcpu */
    struct timer s_timer;       /* end of the current slice */
    void *pdata;                /* the module's per-pCPU data */
};

static struct sched_pcpu pcpu[NR_CPUS];
static unsigned int nr_sched_cpus;

/* The modules, by sched= name. Default as Xen: credit, once it exists; rr now. */
static struct scheduler *const schedulers[] = { &sched_rr_def };
static struct scheduler *ops;

static char opt_sched[16] = "rr";
string_param("sched", opt_sched);

static struct domain idle_domain = { .domain_id = DOMID_IDLE, .name = "idle" };
static struct vcpu idle_vcpus[NR_CPUS];

struct vcpu *curr_on(unsigned int cpu) { return pcpu[cpu].curr; }
struct vcpu *idle_vcpu_of(unsigned int cpu) { return pcpu[cpu].idle; }
void *sched_pcpu_data(unsigned int cpu) { return pcpu[cpu].pdata; }
struct vcpu *current_vcpu(void) { return pcpu[smp_processor_id()].curr; }
const char *scheduler_name(void) { return ops->opt_name; }

bool vcpu_runnable(const struct vcpu *v)
{
    return v->pause_flags == 0;
}

void cpu_tickle(unsigned int cpu)
{
    cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
}

void vcpu_runstate_change(struct vcpu *v, int state, s_time_t now)
{
    s_time_t delta = now - v->runstate.state_entry_time;
    if (delta > 0)
        v->runstate.time[v->runstate.state] += delta;
    v->runstate.state = state;
    v->runstate.state_entry_time = now;
}

/* The state a vcpu that is not running should be in. */
static int idle_state_of(const struct vcpu *v)
{
    if (v->pause_flags & VPF_blocked)
        return RUNSTATE_blocked;
    return vcpu_runnable(v) ? RUNSTATE_runnable : RUNSTATE_offline;
}

static void s_timer_fn(void *data)
{
    (void)data;
    raise_softirq(SCHEDULE_SOFTIRQ);
}

int sched_init_vcpu(struct vcpu *v, unsigned int cpu)
{
    v->processor = cpu;
    v->runstate.state = RUNSTATE_offline;
    v->runstate.state_entry_time = NOW();
    v->sched_priv = ops->alloc_vdata(ops, v);
    if (!v->sched_priv)
        return -ENOMEM;

    unsigned long flags;
    spin_lock_irqsave(&pcpu[cpu].lock, flags);
    ops->insert_vcpu(ops, v);
    spin_unlock_irqrestore(&pcpu[cpu].lock, flags);
    return 0;
}

void sched_destroy_vcpu(struct vcpu *v)
{
    unsigned long flags;

    BUG_ON(v->is_running);
    spin_lock_irqsave(&pcpu[v->processor].lock, flags);
    ops->remove_vcpu(ops, v);
    spin_unlock_irqrestore(&pcpu[v->processor].lock, flags);
    ops->free_vdata(ops, v->sched_priv);
    v->sched_priv = NULL;
}

void vcpu_wake(struct vcpu *v)
{
    unsigned long flags;
    spin_lock_irqsave(&pcpu[v->processor].lock, flags);
    if (vcpu_runnable(v)) {
        if (!v->is_running && v->runstate.state != RUNSTATE_runnable) {
            vcpu_runstate_change(v, RUNSTATE_runnable, NOW());
            ops->wake(ops, v);
        }
    } else if (!(v->pause_flags & VPF_blocked) && v->runstate.state == RUNSTATE_blocked) {
        vcpu_runstate_change(v, RUNSTATE_offline, NOW());   /* event came, still paused */
    }
    spin_unlock_irqrestore(&pcpu[v->processor].lock, flags);
}

void vcpu_sleep_nosync(struct vcpu *v)
{
    unsigned long flags;
    spin_lock_irqsave(&pcpu[v->processor].lock, flags);
    if (!vcpu_runnable(v)) {
        if (v->is_running) {
            cpu_tickle(v->processor);       /* stops at the next schedule() */
        } else if (v->runstate.state == RUNSTATE_runnable) {
            ops->sleep(ops, v);
            vcpu_runstate_change(v, idle_state_of(v), NOW());
        }
    }
    spin_unlock_irqrestore(&pcpu[v->processor].lock, flags);
}

void vcpu_block(void)
{
    struct vcpu *v = current;

    __atomic_fetch_or(&v->pause_flags, VPF_blocked, __ATOMIC_SEQ_CST);
    /* An event that arrived before we set the flag must not be slept through. */
    if (vcpu_has_pending_events(v)) {
        __atomic_fetch_and(&v->pause_flags, ~VPF_blocked, __ATOMIC_SEQ_CST);
        return;
    }
    raise_softirq(SCHEDULE_SOFTIRQ);
}

void vcpu_yield(void)
{
    struct vcpu *v = current;
    unsigned long flags;

    spin_lock_irqsave(&pcpu[v->processor].lock, flags);
    ops->yield(ops, v);
    spin_unlock_irqrestore(&pcpu[v->processor].lock, flags);
    raise_softirq(SCHEDULE_SOFTIRQ);
}

void schedule(void)
{
    unsigned int cpu = smp_processor_id();
    struct sched_pcpu *sd = &pcpu[cpu];
    struct vcpu *prev = sd->curr;
    unsigned long flags;

    spin_lock_irqsave(&sd->lock, flags);
    s_time_t now = NOW();
    stop_timer(&sd->s_timer);
    struct task_slice slice = ops->do_schedule(ops, cpu, now);
    struct vcpu *next = slice.task;
    if (slice.time >= 0)
        set_timer(&sd->s_timer, now + slice.time);

    if (next == prev) {
        spin_unlock_irqrestore(&sd->lock, flags);
        return;
    }
    vcpu_runstate_change(prev, is_idle_vcpu(prev) ? RUNSTATE_running : idle_state_of(prev), now);
    vcpu_runstate_change(next, RUNSTATE_running, now);
    prev->is_running = false;
    next->is_running = true;
    next->processor = cpu;
    sd->curr = next;
    spin_unlock_irqrestore(&sd->lock, flags);

    /* A domain that shut down can be freed once its vcpu is off the pCPU. */
    if (prev->domain->state == DOMSTATE_shutdown)
        raise_softirq(DOMAIN_REAP_SOFTIRQ);

    context_switch(prev, next);
}

static struct scheduler *find_scheduler(const char *name)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(schedulers); i++)
        if (strcmp(schedulers[i]->opt_name, name) == 0)
            return schedulers[i];
    return NULL;
}

static void init_idle_vcpu(unsigned int cpu)
{
    struct vcpu *v = &idle_vcpus[cpu];
    v->vcpu_id = cpu;
    v->domain = &idle_domain;
    v->processor = cpu;
    v->is_running = true;
    v->runstate.state = RUNSTATE_running;
    pcpu[cpu].idle = pcpu[cpu].curr = v;
}

void scheduler_init(unsigned int nr_cpus)
{
    ops = find_scheduler(opt_sched);
    if (!ops) {
        printk(XENLOG_WARNING "sched: unknown scheduler '%s'; using '%s'\n",
               opt_sched, schedulers[0]->opt_name);
        ops = schedulers[0];
    }
    if (ops->init && ops->init(ops) != 0)
        panic("sched: %s failed to initialise", ops->name);

    nr_sched_cpus = nr_cpus;
    for (unsigned int cpu = 0; cpu < nr_cpus; cpu++) {
        spin_lock_init(&pcpu[cpu].lock);
        init_idle_vcpu(cpu);
        init_timer(&pcpu[cpu].s_timer, s_timer_fn, NULL, cpu);
        pcpu[cpu].pdata = ops->alloc_pdata ? ops->alloc_pdata(ops, cpu) : NULL;
    }
    open_softirq(SCHEDULE_SOFTIRQ, schedule);
    printk("sched: using the %s scheduler (sched=%s) on %u pCPU%s\n", ops->name,
           ops->opt_name, nr_cpus, nr_cpus == 1 ? "" : "s");
}
