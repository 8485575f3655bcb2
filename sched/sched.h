/*
 * sched/sched.h - the scheduler module interface (Xen's struct scheduler).
 *
 * A scheduler module is a table of hooks plus a parameter table. The framework
 * (sched/core.c) calls the hooks; a module never touches another module's data,
 * never allocates or blocks inside do_schedule, and never switches contexts itself.
 *
 * Locking: each pCPU has a scheduler lock (sched_lock(cpu)); the framework holds the
 * lock of the vcpu's pCPU around insert/remove/wake/sleep/yield/do_schedule, with
 * interrupts off. Modules with global state keep their own lock inside.
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
 * One tunable of a module: per vcpu (weight, budget_us, ...) or global. The boot line,
 * domain config files and dom0's sched-set all go through this table.
 */
struct sched_param_desc {
    const char *name;       /* "weight": appears as sched_weight= in configs */
    const char *unit;       /* "", "us", "%" */
    long def, min, max;
    const char *help;
};

struct scheduler {
    const char *name;       /* human name: "Round-robin" */
    const char *opt_name;   /* the sched= value: "rr" */
    const struct sched_param_desc *params;   /* per-vcpu parameters */
    unsigned int nr_params;

    /* One instance: set up / tear down the module's global state (priv). */
    int  (*init)(struct scheduler *ops);
    void (*deinit)(struct scheduler *ops);

    /* Per-vcpu and per-pCPU private data. May allocate; never called with a lock held. */
    void *(*alloc_vdata)(const struct scheduler *ops, struct vcpu *v);
    void  (*free_vdata)(const struct scheduler *ops, void *vdata);
    void *(*alloc_pdata)(const struct scheduler *ops, unsigned int cpu);
    void  (*free_pdata)(const struct scheduler *ops, void *pdata, unsigned int cpu);

    /* A vcpu joins or leaves this scheduler (creation, destruction, module switch). */
    void (*insert_vcpu)(const struct scheduler *ops, struct vcpu *v);
    void (*remove_vcpu)(const struct scheduler *ops, struct vcpu *v);

    /* v became runnable / stopped being runnable (it is not running when called). */
    void (*wake)(const struct scheduler *ops, struct vcpu *v);
    void (*sleep)(const struct scheduler *ops, struct vcpu *v);
    /* The running vcpu v gives up the rest of its slice. */
    void (*yield)(const struct scheduler *ops, struct vcpu *v);

    /*
     * Pick the next vcpu for `cpu` at time `now`. The current vcpu (curr_on(cpu)) is
     * included as a candidate if it is still runnable. Must not allocate or block.
     * Returning the idle vcpu (idle_vcpu_of(cpu)) means nothing to run.
     */
    struct task_slice (*do_schedule)(const struct scheduler *ops, unsigned int cpu,
                                     s_time_t now);

    /* Which pCPU should v run on (placement and migration). */
    unsigned int (*pick_cpu)(const struct scheduler *ops, struct vcpu *v);

    /* Get (set == false) or set a per-vcpu parameter by name; 0 or -errno. */
    int (*adjust)(const struct scheduler *ops, struct vcpu *v, const char *param,
                  long *value, bool set);

    /* Print the module's state for `cpu` (debugging). */
    void (*dump)(const struct scheduler *ops, unsigned int cpu);

    void *priv;             /* the module's global state */
};

/* What the framework offers modules. */
struct vcpu *curr_on(unsigned int cpu);        /* running on cpu now */
struct vcpu *idle_vcpu_of(unsigned int cpu);
void *sched_pcpu_data(unsigned int cpu);         /* what alloc_pdata returned */
bool vcpu_runnable(const struct vcpu *v);
/* Ask `cpu` to run do_schedule soon (a reschedule IPI when it is another pCPU). */
void cpu_tickle(unsigned int cpu);

/* The modules Hestia knows (sched/core.c lists them). */
extern struct scheduler sched_rr_def;

#endif /* SCHED_SCHED_H */
