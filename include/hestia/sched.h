/*
 * sched.h - what the rest of the hypervisor asks of the scheduler framework.
 * (Modules implement sched/sched.h; this is the framework's outside.)
 */
#ifndef HESTIA_SCHED_H
#define HESTIA_SCHED_H

#include <hestia/domain.h>
#include <hestia/types.h>

/* Boot: choose the module (sched=), create idle vcpus for nr_cpus pCPUs. */
void scheduler_init(unsigned int nr_cpus);
/* The same with a given module; -EINVAL if it is not built in. */
int scheduler_init_with(unsigned int nr_cpus, const char *name);
/* Undo scheduler_init (for host programs such as the simulator). */
void scheduler_shutdown(void);
const char *scheduler_name(void);
/* pCPUs the scheduler runs on. */
unsigned int sched_nr_online_cpus(void);
/* "credit rr edf rt": the modules built in. */
void sched_list_modules(char *buf, size_t len);

/* The pCPU a new vcpu starts on (round robin over the pCPUs). */
unsigned int sched_initial_cpu(void);

/* A new vcpu joins the scheduler (not runnable until woken); a dying one leaves. */
int sched_init_vcpu(struct vcpu *v, unsigned int cpu);
void sched_destroy_vcpu(struct vcpu *v);

/* Make v runnable if nothing else stops it (clears nothing; see pause_flags). */
void vcpu_wake(struct vcpu *v);
/* v must stop running (a pause flag was set); takes effect at the next schedule. */
void vcpu_sleep_nosync(struct vcpu *v);
/* The current vcpu blocks until an event is pending for it. */
void vcpu_block(void);
/* The current vcpu yields the rest of its slice. */
void vcpu_yield(void);

/* Run the scheduler on this pCPU now (from the SCHEDULE softirq). */
void schedule(void);
/* Called by context_switch() once prev's registers are saved: it may run elsewhere. */
void sched_context_saved(struct vcpu *prev);

/* Per-vcpu scheduler parameters by name, checked against the module's table. */
int sched_get_param(struct vcpu *v, const char *name, long *value);
int sched_set_param(struct vcpu *v, const char *name, long value);
/* Several at once, in any order (dependent ones are retried); *bad: the failing one. */
int sched_set_params(struct vcpu *v, const char *const names[], const long values[],
                     unsigned int n, unsigned int *bad);
/* The active module's parameters with their ranges, for messages. */
void sched_describe_params(char *buf, size_t len);

/* Move every vcpu to the scheduler module `name` (rr, credit, edf, rt). */
int sched_switch(const char *name);
/* Start the sched_switch=NAME@MS timer, if the option was given (boot_domains.c). */
void sched_arm_boot_switch(void);

/* Supplied by the arch: switch from prev to next; does not return to the caller. */
void context_switch(struct vcpu *prev, struct vcpu *next) __noreturn;
/* Supplied by the arch: does v have an event waiting (so it must not block)? */
bool vcpu_has_pending_events(const struct vcpu *v);

#endif /* HESTIA_SCHED_H */
