/*
 * timer.h - hypervisor timers (Xen's common/timer.c interface).
 *
 * A timer calls function(data) once, at or after `expires` (system time in ns).
 * Each pCPU keeps a queue of its active timers ordered by expiry (timers with equal
 * expiry fire in the order they were set); the arch code programs the local APIC
 * one-shot timer for the earliest one (reprogram_timer) and, on the interrupt, calls
 * timer_softirq_action() which runs every timer that is due.
 *
 * The queue is portable; host unit tests drive it with a fake clock.
 */
#ifndef HESTIA_TIMER_H
#define HESTIA_TIMER_H

#include <hestia/list.h>
#include <hestia/types.h>

struct timer {
    s_time_t expires;
    void (*function)(void *data);
    void *data;
    unsigned int cpu;
    bool active;                /* on its cpu's queue */
    struct list_head list;      /* position in the queue */
};

/* A queue of active timers, earliest first. One per pCPU. */
struct timer_queue {
    struct list_head head;
};

void timer_queue_init(struct timer_queue *q);
/* Insert t (not active) in expiry order, after timers with the same expiry. */
void timer_queue_add(struct timer_queue *q, struct timer *t);
/* Remove an active timer. */
void timer_queue_remove(struct timer_queue *q, struct timer *t);
/* Earliest expiry, or STIME_MAX when the queue is empty. */
s_time_t timer_queue_next(const struct timer_queue *q);
/*
 * Fire every timer with expires <= now, earliest first. Each is made inactive before
 * its function runs, so the function may set it (or others) again; a timer re-set to
 * a time <= now fires in the same call. Returns the number fired.
 */
unsigned int timer_queue_run(struct timer_queue *q, s_time_t now);

/* Per-CPU timers on top of the queues. */
void timers_init(unsigned int nr_cpus);
void init_timer(struct timer *t, void (*function)(void *), void *data, unsigned int cpu);
/* (Re)arm t to fire at `expires`; reprograms the hardware timer if needed. */
void set_timer(struct timer *t, s_time_t expires);
void stop_timer(struct timer *t);
static inline bool timer_is_active(const struct timer *t) { return t->active; }
/* Called on the timer interrupt of `cpu`: run due timers and reprogram. */
void timer_softirq_action(unsigned int cpu);
/* The earliest active timer's expiry on `cpu`, STIME_MAX if none. */
s_time_t timer_next_deadline(unsigned int cpu);

/*
 * Supplied by the architecture (or by a host test): the current system time, and
 * "interrupt me at `deadline`" for the calling pCPU (STIME_MAX: no timer needed).
 */
s_time_t NOW(void);
void reprogram_timer(s_time_t deadline);
unsigned int smp_processor_id(void);

#endif /* HESTIA_TIMER_H */
