/*
 * softirq.h - deferred work, done when it is safe (Xen's softirqs).
 *
 * Interrupt handlers must be short, and some work - above all rescheduling, which
 * may switch to another vcpu and never return - cannot run in the middle of
 * arbitrary hypervisor code. So handlers only raise a softirq; the work runs at two
 * safe points: on the way out to a guest, and in the idle loop.
 */
#ifndef HESTIA_SOFTIRQ_H
#define HESTIA_SOFTIRQ_H

#include <hestia/types.h>

enum {
    TIMER_SOFTIRQ,          /* run due timers, reprogram this pCPU's timer */
    SCHEDULE_SOFTIRQ,       /* run the scheduler on this pCPU */
    DOMAIN_REAP_SOFTIRQ,    /* free domains that have shut down */
    SCHED_SWITCH_SOFTIRQ,   /* switch scheduler modules (sched_switch=NAME@MS) */
    NR_SOFTIRQS
};

typedef void (*softirq_handler)(void);
void open_softirq(unsigned int nr, softirq_handler h);
void raise_softirq(unsigned int nr);
void cpu_raise_softirq(unsigned int cpu, unsigned int nr);
bool softirq_pending(unsigned int cpu);
/* Run every pending softirq of this pCPU (interrupts enabled while they run). */
void do_softirq(void);

#endif /* HESTIA_SOFTIRQ_H */
