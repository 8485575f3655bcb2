/*
 * sched/credit.h - what sched/credit.c shows beyond its struct scheduler: its boot
 * options and a read-only view of a vcpu's state, for host tests, the simulator and
 * dom0 tools that want to show why a vcpu runs when it does. Nothing here changes
 * the module's behaviour.
 */
#ifndef SCHED_CREDIT_H
#define SCHED_CREDIT_H

#include <hestia/domain.h>
#include <hestia/types.h>

/* The module (sched/sched.h lists only rr's; core.c refers to this one weakly). */
struct scheduler;
extern struct scheduler sched_credit_def;

/* Priorities (Xen's values): the higher runs first. */
#define CSCHED_PRI_TS_BOOST      0      /* woke from a block with credit left */
#define CSCHED_PRI_TS_UNDER     -1      /* credit > 0 */
#define CSCHED_PRI_TS_OVER      -2      /* credit <= 0 */
#define CSCHED_PRI_IDLE         -64     /* the idle vcpu */

/*
 * Boot options, read when the module starts (init): a host program may set them
 * before scheduler_init_with()/sched_switch() instead of parsing a command line.
 */
extern unsigned long sched_credit_tslice_ms;    /* time slice, default 30 */
extern unsigned long sched_credit_tick_ms;      /* accounting period, default 10 */
extern unsigned long sched_ratelimit_us;        /* least run before preemption, 1000 */
extern bool sched_credit_boost;                 /* BOOST on wake, default true */

/* A snapshot of one vcpu, as the module sees it (take v's scheduler lock, or be
 * single-threaded as tests are). */
struct csched_vcpu_info {
    int pri;                /* CSCHED_PRI_* */
    s_time_t credit;        /* ns of pCPU time; > 0 means UNDER */
    bool parked;            /* over its cap, held off the run queue */
    bool active;            /* takes part in the credit distribution */
    bool queued;            /* waiting in its pCPU's run queue */
};
/* 0, or -EINVAL if v does not belong to the credit module right now. */
int csched_vcpu_info(const struct vcpu *v, struct csched_vcpu_info *info);

#endif /* SCHED_CREDIT_H */
