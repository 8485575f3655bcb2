/*
 * timer.c - hypervisor timers: "call function(data) at time T" (Xen's
 * common/timer.c).
 *
 * Two layers:
 *
 *  1. The timer queue: a list of active timers sorted by expiry, earliest first.
 *     Pure data structure, no hardware, no clock - timer_queue_run() is told what
 *     time it is. This is the part the host unit tests exercise in depth.
 *
 *  2. Per-CPU timers: one queue per pCPU. set_timer()/stop_timer() edit the queue
 *     of the timer's pCPU, and whenever the earliest deadline of the calling pCPU
 *     changes they tell the architecture (reprogram_timer, the local APIC one-shot
 *     timer on x86). When that fires, the arch code calls timer_softirq_action(),
 *     which runs every due timer and programs the next deadline.
 *
 * Xen keeps each queue in a heap (falling back to a list when it overflows); a
 * sorted list is simpler to read, and a pCPU has only a handful of timers.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hestia/arch.h>
#include <hestia/list.h>
#include <hestia/printk.h>
#include <hestia/config.h>
#include <hestia/softirq.h>
#include <hestia/spinlock.h>
#include <hestia/timer.h>
#include <hestia/types.h>

/* ---------------------------------------------------------------------------
 * Layer 1: the queue
 * ------------------------------------------------------------------------- */

void timer_queue_init(struct timer_queue *q)
{
    INIT_LIST_HEAD(&q->head);
}

/*
 * Walk back from the tail to the last timer that expires no later than t, and
 * insert t after it. Stopping at "no later" (<=) rather than "earlier" (<) is what
 * makes timers with equal expiry fire in the order they were set. Starting at the
 * tail makes the common case - a timer set further in the future than the others -
 * cheap.
 */
void timer_queue_add(struct timer_queue *q, struct timer *t)
{
    struct list_head *pos;

    ASSERT(!t->active);
    for (pos = q->head.prev; pos != &q->head; pos = pos->prev)
        if (list_entry(pos, struct timer, list)->expires <= t->expires)
            break;
    list_add(&t->list, pos);            /* after pos, or first if we reached the head */
    t->active = true;
}

void timer_queue_remove(struct timer_queue *q, struct timer *t)
{
    ASSERT(t->active);
    list_del_init(&t->list);
    t->active = false;
}

s_time_t timer_queue_next(const struct timer_queue *q)
{
    if (list_empty(&q->head))
        return STIME_MAX;
    return list_first_entry(&q->head, struct timer, list)->expires;
}

/*
 * Fire the due timers. Each one leaves the queue (and becomes inactive) before its
 * function runs: the function may then set it again - a periodic timer does - or
 * set or stop other timers, and the queue is consistent whatever it does. Looking
 * at the head afresh each time means a timer re-set to a time <= now fires in this
 * same call, in its proper order.
 */
unsigned int timer_queue_run(struct timer_queue *q, s_time_t now)
{
    unsigned int fired = 0;

    while (!list_empty(&q->head)) {
        struct timer *t = list_first_entry(&q->head, struct timer, list);

        if (t->expires > now)
            break;
        timer_queue_remove(q, t);
        t->function(t->data);
        fired++;
    }
    return fired;
}

/* ---------------------------------------------------------------------------
 * Layer 2: per-CPU timers
 * ------------------------------------------------------------------------- */

static struct timer_queue timer_queues[NR_CPUS];
static spinlock_t timer_locks[NR_CPUS];     /* one per queue: any pCPU may set a timer */
static unsigned int nr_timer_cpus;

static void timer_softirq(void)
{
    timer_softirq_action(smp_processor_id());
}

static struct timer_queue *cpu_queue(unsigned int cpu)
{
    BUG_ON(cpu >= nr_timer_cpus);
    return &timer_queues[cpu];
}

/* Called once at boot (and by each host test, to start from empty queues). */
void timers_init(unsigned int nr_cpus)
{
    BUG_ON(nr_cpus > NR_CPUS);
    for (unsigned int cpu = 0; cpu < nr_cpus; cpu++) {
        timer_queue_init(&timer_queues[cpu]);
        spin_lock_init(&timer_locks[cpu]);
    }
    nr_timer_cpus = nr_cpus;
    open_softirq(TIMER_SOFTIRQ, timer_softirq);
}

void init_timer(struct timer *t, void (*function)(void *), void *data, unsigned int cpu)
{
    BUG_ON(cpu >= NR_CPUS);
    t->expires = 0;
    t->function = function;
    t->data = data;
    t->cpu = cpu;
    t->active = false;
    INIT_LIST_HEAD(&t->list);
}

/*
 * The earliest deadline of q changed from `before`: move the hardware timer. Only a
 * pCPU can program its own local APIC, so for another pCPU's queue we raise its
 * TIMER softirq (an IPI), and it reprograms itself.
 */
static void update_deadline(unsigned int cpu, struct timer_queue *q, s_time_t before)
{
    s_time_t after = timer_queue_next(q);

    if (after == before)
        return;
    if (cpu == smp_processor_id())
        reprogram_timer(after);
    else
        cpu_raise_softirq(cpu, TIMER_SOFTIRQ);
}

/*
 * A queue is edited with its lock held and interrupts off (the timer interrupt runs
 * the same queue). Any pCPU may set or stop any timer.
 */
void set_timer(struct timer *t, s_time_t expires)
{
    unsigned int cpu = t->cpu;
    unsigned long flags;
    spin_lock_irqsave(&timer_locks[cpu], flags);
    struct timer_queue *q = cpu_queue(cpu);
    s_time_t before = timer_queue_next(q);

    if (t->active)
        timer_queue_remove(q, t);
    t->expires = expires;
    timer_queue_add(q, t);
    update_deadline(cpu, q, before);

    spin_unlock_irqrestore(&timer_locks[cpu], flags);
}

void stop_timer(struct timer *t)
{
    unsigned int cpu = t->cpu;
    unsigned long flags;
    spin_lock_irqsave(&timer_locks[cpu], flags);
    struct timer_queue *q = cpu_queue(cpu);
    s_time_t before = timer_queue_next(q);

    if (t->active) {
        timer_queue_remove(q, t);
        update_deadline(cpu, q, before);    /* STIME_MAX if the queue emptied */
    }

    spin_unlock_irqrestore(&timer_locks[cpu], flags);
}

/* The earliest deadline on `cpu` (STIME_MAX: none), e.g. for a simulator's clock. */
s_time_t timer_next_deadline(unsigned int cpu)
{
    unsigned long flags;
    spin_lock_irqsave(&timer_locks[cpu], flags);
    s_time_t next = timer_queue_next(cpu_queue(cpu));
    spin_unlock_irqrestore(&timer_locks[cpu], flags);
    return next;
}

/*
 * The timer interrupt of `cpu` (the calling pCPU) ends up here: run what is due,
 * then ask for an interrupt at the next deadline. As in Xen, the queue lock is
 * dropped around each timer function, so a function may set timers (even its own,
 * even on this queue); interrupts stay off, so functions must be short.
 */
void timer_softirq_action(unsigned int cpu)
{
    unsigned long flags;
    spin_lock_irqsave(&timer_locks[cpu], flags);
    struct timer_queue *q = cpu_queue(cpu);

    while (timer_queue_next(q) <= NOW()) {
        struct timer *t = list_first_entry(&q->head, struct timer, list);
        timer_queue_remove(q, t);
        spin_unlock(&timer_locks[cpu]);
        t->function(t->data);
        spin_lock(&timer_locks[cpu]);
    }
    reprogram_timer(timer_queue_next(q));

    spin_unlock_irqrestore(&timer_locks[cpu], flags);
}
