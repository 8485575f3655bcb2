/*
 * sched/sched.h - the scheduler module interface (Xen's struct scheduler).
 *
 * A scheduler module is a table of hooks plus a parameter table. The framework
 * (sched/core.c) calls the hooks; a module decides who runs next and for how long,
 * and nothing else: it never switches contexts, never sends IPIs itself (it calls
 * cpu_tickle()), never allocates or blocks inside do_schedule, and never touches
 * another module's data.
 *
 * Locking. Each pCPU has a scheduler lock. A vcpu belongs to the pCPU in
 * v->processor, and "the vcpu's lock" is that pCPU's lock. The framework calls
 * every per-vcpu hook with the vcpu's lock held and interrupts off, and
 * do_schedule(cpu) with cpu's lock held. A module that keeps state shared between
 * pCPUs (a global run queue, say) protects it with a lock of its own, always taken
 * after the framework's. To look at another pCPU's run queue from do_schedule (work
 * stealing) use sched_trylock()/sched_unlock(): never spin on a second scheduler
 * lock, which could deadlock with the other pCPU doing the same.
 *
 * A vcpu whose is_running flag is set is on a pCPU, or still being switched away
 * from one (its registers not yet saved): it must not be picked by another pCPU.
 *
 * Porting note for students: Xen's hooks take `const struct scheduler *ops` first,
 * and so do ours, so a module reads almost line for line like its Xen counterpart.
 */
#ifndef SCHED_SCHED_H
#define SCHED_SCHED_H

#include <hestia/domain.h>
#include <hestia/types.h>

/* What do_schedule decides: run `task` for `time` ns (negative: no time limit). */
struct task_slice {
    struct vcpu *task;
    s_time_t time;
};

/*
 * One per-vcpu tunable of a module (weight, budget_us, ...). The boot line
 * (sched_params=), domain config files (sched_weight = 512) and dom0's sched-set all
 * go through this table: the framework checks min/max before calling adjust(), so a
 * module only ever sees values in range. A parameter with the same name in two
 * modules (budget_us in edf and rt) survives a switch between them.
 */
struct sched_param_desc {
    const char *name;       /* "weight": appears as sched_weight= in configs */
    const char *unit;       /* "", "us", "%" */
    long def, min, max;
    const char *help;       /* one line for `sched-get` and the docs */
};

struct scheduler {
    const char *name;       /* human name: "Round-robin" */
    const char *opt_name;   /* the sched= value: "rr" */
    const struct sched_param_desc *params;   /* per-vcpu parameters */
    unsigned int nr_params;

    /*
     * One instance: set up / tear down the module's global state (ops->priv).
     * Called with no lock held; may allocate. Optional.
     */
    int  (*init)(struct scheduler *ops);
    void (*deinit)(struct scheduler *ops);

    /*
     * Per-vcpu and per-pCPU private data, with every parameter at its default.
     * Called with no lock held; may allocate. alloc_pdata is optional.
     */
    void *(*alloc_vdata)(const struct scheduler *ops, struct vcpu *v);
    void  (*free_vdata)(const struct scheduler *ops, void *vdata);
    void *(*alloc_pdata)(const struct scheduler *ops, unsigned int cpu);
    void  (*free_pdata)(const struct scheduler *ops, void *pdata, unsigned int cpu);

    /*
     * v joins or leaves this module (creation, destruction, a module switch).
     * v->sched_priv is already the module's data. insert_vcpu must queue v if it is
     * runnable and not the current vcpu of its pCPU (curr_on(v->processor)) - even if
     * is_running is still set: during a module switch a vcpu may be half switched
     * away. The current vcpu is not queued: its next do_schedule sees it as curr.
     */
    void (*insert_vcpu)(const struct scheduler *ops, struct vcpu *v);
    void (*remove_vcpu)(const struct scheduler *ops, struct vcpu *v);

    /*
     * v became runnable (wake) / stopped being runnable while waiting in a queue
     * (sleep). Neither is called for the running vcpu: when curr stops being
     * runnable the framework just reschedules its pCPU. wake should cpu_tickle()
     * the pCPU that ought to run v if v should preempt what runs there. wake may
     * come for a vcpu the module already holds in a queue (as in Xen): it must then
     * do nothing. (A guest may be woken on another pCPU just after do_schedule saw
     * it blocked and left it out of the queue; the framework cannot tell that case
     * from a queued vcpu, so it asks again once the vcpu is off its pCPU.)
     */
    void (*wake)(const struct scheduler *ops, struct vcpu *v);
    void (*sleep)(const struct scheduler *ops, struct vcpu *v);
    /* The running vcpu v gives up the rest of its slice (a reschedule follows). */
    void (*yield)(const struct scheduler *ops, struct vcpu *v);

    /*
     * Pick the next vcpu for `cpu` at time `now`. The current vcpu (curr_on(cpu)) is
     * a candidate if it is still runnable; if it is not picked and is still
     * runnable, the module must keep it queued. Returning idle_vcpu_of(cpu) means
     * nothing to run. Must not allocate or block.
     */
    struct task_slice (*do_schedule)(const struct scheduler *ops, unsigned int cpu,
                                     s_time_t now);

    /*
     * Which pCPU should the waking vcpu v run on (placement and migration). Called
     * with v's lock held; the framework then moves v (taking the new pCPU's lock)
     * before calling wake. Optional: without it v stays where it was.
     */
    unsigned int (*pick_cpu)(const struct scheduler *ops, struct vcpu *v);

    /*
     * Get (set == false) or set a per-vcpu parameter by name; 0 or -errno. The
     * value is already checked against the parameter table. Called with v's lock.
     */
    int (*adjust)(const struct scheduler *ops, struct vcpu *v, const char *param,
                  long *value, bool set);

    /* Print the module's state for `cpu` (debugging). Called with cpu's lock. */
    void (*dump)(const struct scheduler *ops, unsigned int cpu);

    void *priv;             /* the module's global state */
};

/* What the framework offers modules. */
struct vcpu *curr_on(unsigned int cpu);         /* running on cpu now */
struct vcpu *idle_vcpu_of(unsigned int cpu);
void *sched_pcpu_data(unsigned int cpu);        /* what alloc_pdata returned */
unsigned int sched_nr_cpus(void);               /* pCPUs under the scheduler */
bool vcpu_runnable(const struct vcpu *v);
/* Ask `cpu` to run do_schedule soon (a reschedule IPI when it is another pCPU). */
void cpu_tickle(unsigned int cpu);
/* Work stealing: try to take another pCPU's lock (see the top of this file). */
bool sched_trylock(unsigned int cpu);
void sched_unlock(unsigned int cpu);
/* The parameter table entry called `name` in ops, or NULL. */
const struct sched_param_desc *sched_find_param(const struct scheduler *ops,
                                                const char *name);
/* Trace a module decision (Hestia's own trace class; see include/public/trace.h). */
void sched_trace(unsigned int event, unsigned int nr, const uint32_t *data);

/* The modules Hestia knows (sched/core.c lists them). */
extern struct scheduler sched_rr_def;
extern struct scheduler sched_credit_def;
extern struct scheduler sched_edf_def;
extern struct scheduler sched_rt_def;

#endif /* SCHED_SCHED_H */
