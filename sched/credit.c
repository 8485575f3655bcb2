/*
 * sched/credit.c - the credit scheduler: proportional share with caps, Xen's default
 * scheduler (xen/common/sched/credit.c), in Hestia's framework.
 *
 * THE IDEA. Every vcpu has a weight and, optionally, a cap. Time is handed out as
 * credit: one credit is one nanosecond of pCPU time. Every accounting period (the
 * tick, 10 ms) the pCPUs' worth of that period - tick * nr_pcpus - is shared among
 * the active vcpus in proportion to their weights; a vcpu pays, from its credit,
 * exactly the time it runs. Credit decides a vcpu's priority:
 *
 *   BOOST  it woke up from a block while UNDER (an I/O vcpu answering an event)
 *   UNDER  credit > 0: it has used less than its share
 *   OVER   credit <= 0: it has used its share (it still runs when nothing else can)
 *   IDLE   the idle vcpu: nothing else to do
 *
 * and each pCPU runs the highest priority vcpu of its run queue, FIFO within a
 * priority, for a time slice (30 ms). A vcpu that keeps the CPU goes OVER and falls
 * behind those that did not; one that sleeps a lot stays UNDER and, when it wakes,
 * is BOOSTed ahead of the CPU hogs: that is what makes I/O latency good under
 * credit. The BOOST lasts until the next accounting tick.
 *
 * WAKE-UP PREEMPTION AND THE RATE LIMIT. A waking vcpu with a higher priority than
 * the running one asks its pCPU to reschedule (cpu_tickle), but a vcpu that has run
 * for less than sched_ratelimit_us (1 ms) keeps the CPU until it has had that long:
 * without the limit, a storm of wake-ups would let nobody run for more than a few
 * microseconds and the pCPU would do little but switch contexts.
 *
 * THE SLICE do_schedule returns: a whole time slice for the vcpu it picks (priorities
 * change at each accounting, but that does not preempt the running vcpu, as in Xen:
 * only a waking vcpu of higher priority, or parking, does); for a vcpu kept by the
 * rate limit, exactly the rest of its rate limit, so that the waiting vcpu runs the
 * moment it may; -1 for the idle vcpu (no timer: a wake-up tickles the pCPU). As in
 * Xen, a reschedule during a vcpu's first millisecond (any tickle) thus ends its turn
 * at the rate limit if another vcpu of its priority is waiting.
 *
 * CHARGING BY TIMESTAMPS. A vcpu pays for exactly the time it ran: do_schedule and
 * the accounting both charge the running vcpu NOW - start, and move start to NOW.
 * Old Xen (3.x) instead charged a whole tick to whoever happened to be running when
 * the tick fired. A guest that ran for 9.9 ms and yielded (or blocked) just before
 * every tick was then never charged: it stayed UNDER, kept its BOOST, and took almost
 * the whole CPU from its neighbours for free (Zhou et al., "Scheduler
 * vulnerabilities and coordinated attacks in cloud computing", 2011). With
 * timestamps there is nothing to dodge.
 *
 * CAPS AND PARKING. A capped vcpu earns at most cap% of one pCPU per period. When its
 * credit falls below minus one period's cap allowance (Xen's threshold), it is
 * PARKED: the flag CSCHED_FLAG_VCPU_PARKED is set and the module keeps it out of the
 * run queue - if it is running, its pCPU is told to reschedule, and do_schedule does
 * not queue it again; if it is queued, it leaves the queue; if it wakes while parked
 * it is not queued. To the framework it is simply runnable and waiting. A parked
 * vcpu stays active, so it keeps earning its capped allowance; the first accounting
 * that takes its credit above 0 unparks it (without a BOOST) and queues it again.
 * Xen parks with vcpu_pause_nosync() instead, the generic pause count, which Hestia's
 * pause flag (owned by domain pause) cannot share.
 *
 * THE ACCOUNTING (csched_acct, a timer on pCPU 0 - Xen's "master"), each tick:
 *   1. charge each pCPU's running vcpu up to now; a running vcpu loses its BOOST;
 *   2. drop from the active set the vcpus that were neither runnable nor running at
 *      any time since the last tick (they sleep: they get no share);
 *   3. share tick * nr_pcpus by weight among the active vcpus. No vcpu can take more
 *      than one pCPU for the period, a capped one more than cap% of it, and none may
 *      go above the credit bound (one time slice of credit, Xen's
 *      credits_per_tslice): what some cannot take is shared again, once, by weight
 *      among the others;
 *   4. add each vcpu's grant, clip its credit to -bound, set its priority from its
 *      credit (which ends any BOOST), park or unpark it; then re-sort each run queue
 *      as Xen does, stably: a vcpu that went down keeps its place ahead of those it
 *      was ahead of, one that went up joins its new priority at the tail;
 *   5. feed a shortfall back (Xen's credit_balance): credit is conserved - what one
 *      vcpu holds, the others lack - so an I/O vcpu sitting at the bound would
 *      otherwise keep the CPU-bound vcpus in debt for ever, all OVER. If the vcpus
 *      not held at the bound are short in total, the next tick hands out that much
 *      more;
 *   6. tickle idle pCPUs if work is waiting elsewhere, so they come and steal it.
 * The active set: a vcpu joins when it becomes runnable or runs, leaves at step 2.
 *
 * SMP. Each pCPU has its own run queue. pick_cpu places a waking vcpu on its own
 * pCPU if that is idle, else on an idle pCPU, else leaves it where it was. A pCPU
 * whose best local choice is OVER or idle steals, in do_schedule, the first vcpu of
 * strictly higher priority it finds queued on another pCPU (not one still is_running:
 * its registers are not saved yet), taking that pCPU's lock with sched_trylock()
 * only. A pCPU that leaves work queued while another pCPU idles tickles the idler so
 * that it steals it.
 *
 * LOCKING (see sched/sched.h: the framework's pCPU locks come first, the module's
 * own lock after them). A csched_vcpu's fields are protected by the scheduler lock of
 * its pCPU (v->processor), which the framework holds around every hook; a pCPU's run
 * queue by that pCPU's lock. prv->lock protects the active list and the counters in
 * struct csched_private. The accounting, a timer function run with no scheduler lock
 * held, takes every pCPU's lock in ascending order (as sched_switch does), then
 * prv->lock, so it sees and changes everything at once. The framework offers modules
 * only sched_trylock(), so it spins on that: with no other scheduler lock held and
 * the locks taken in order, this cannot deadlock. The idle-pCPU mask is a word
 * changed with atomic operations, read without locks as a hint (as Xen's idlers).
 *
 * COSTS (a = active vcpus, p = pCPUs):
 *   run queue: one FIFO list per priority (BOOST, UNDER, OVER) per pCPU, so insert,
 *   remove and pick are O(1), whatever the number of runnable vcpus;
 *   wake, sleep, yield, insert, remove, adjust: O(1); pick_cpu: O(1) (a 64-bit idle
 *   mask, count-trailing-zeros);
 *   do_schedule: O(1), plus O(p) trylocks when it tries to steal (each peer queue
 *   costs O(1): at most one queued vcpu per queue is still is_running);
 *   accounting: O(p + a) per tick (the re-sort walks the queued vcpus, all of them
 *   active), with every pCPU's lock held meanwhile.
 *
 * DEPARTURES FROM XEN'S sched_credit.c
 *  - weight and cap are per vcpu (Xen: per domain; a domain's weight counts once per
 *    active vcpu, and its cap, in % of one pCPU, may exceed 100 for several vcpus);
 *  - credit is in ns of pCPU time (Xen: 10 credits per ms, plus a residual);
 *  - one accounting every tick (10 ms) does what Xen splits between the master's
 *    csched_acct every time slice (30 ms) and each pCPU's csched_tick every 10 ms
 *    (charge the running vcpu, end its BOOST, re-sort the queue);
 *  - run queues are per-priority FIFO lists (Xen: one list kept in priority order,
 *    O(n) insert); the re-sort after an accounting gives the same order, but at
 *    once, not at each pCPU's next tick;
 *  - the accounting takes every pCPU lock, then the private lock (Xen's order is the
 *    reverse: private lock first; its accounting changes credits atomically and
 *    priorities without the run-queue locks, and lets each pCPU re-sort later);
 *  - the active set follows the vcpu's state (runnable or running during the period),
 *    credit a vcpu cannot take is shared again among the others, and the balance fed
 *    back leaves out the vcpus held at the bound. Xen adds a vcpu when its tick finds
 *    it running and removes it, halving its credit, when its credit exceeds the bound
 *    (so its balance leaves such vcpus out too); it hands credit a capped domain
 *    cannot take only to the domains after it in its list;
 *  - OVER is credit <= 0 (Xen: < 0), as the issue specifies;
 *  - parking keeps the vcpu off the run queue with a flag (Xen pauses it), a capped
 *    vcpu is also parked by do_schedule once it is charged below the threshold, and
 *    setting cap to 0 unparks it at once;
 *  - stealing is Xen's, without soft affinity, NUMA, SMT weighing or the cache-hot
 *    migration delay; work left queued next to an idle pCPU is handed over by
 *    tickling the idler (Xen migrates a running vcpu from its tick instead);
 *  - BOOST can be switched off (sched_credit_boost=0) for experiments;
 *  - the rate-limited slice is exactly the rest of the rate limit (Xen makes it
 *    CSCHED_MIN_TIMER, 100 us, when the vcpu has run less than that);
 *    sched_ratelimit_us is a generic option in Xen (schedule.c), used by credit and
 *    credit2; here only credit uses it.
 *
 * BOOT OPTIONS: sched_credit_tslice_ms (30), sched_credit_tick_ms (10),
 * sched_ratelimit_us (1000, 0 = no rate limit), sched_credit_boost (on).
 * PARAMETERS (per vcpu): weight (256, 1..65535), cap (%, 0 = none, 0..100).
 */
#include <hestia/config.h>
#include <hestia/errno.h>
#include <hestia/lib.h>
#include <hestia/list.h>
#include <hestia/param.h>
#include <hestia/printk.h>
#include <hestia/sched.h>
#include <hestia/timer.h>
#include <hestia/xmalloc.h>

#include "credit.h"
#include "sched.h"

/* ---- options and constants ------------------------------------------------------- */

unsigned long sched_credit_tslice_ms = 30;
integer_param("sched_credit_tslice_ms", sched_credit_tslice_ms);
unsigned long sched_credit_tick_ms = 10;
integer_param("sched_credit_tick_ms", sched_credit_tick_ms);
unsigned long sched_ratelimit_us = 1000;
integer_param("sched_ratelimit_us", sched_ratelimit_us);
bool sched_credit_boost = true;
boolean_param("sched_credit_boost", sched_credit_boost);

#define CSCHED_DEFAULT_WEIGHT   256
#define CSCHED_TSLICE_MAX_MS    1000    /* Xen's XEN_SYSCTL_CSCHED_TSLICE_MAX */
#define CSCHED_MASTER_CPU       0       /* where the accounting timer runs */

/* The run-queue levels, highest priority first. */
#define CSCHED_NR_LEVELS        3
static const int level_pri[CSCHED_NR_LEVELS] = {
    CSCHED_PRI_TS_BOOST, CSCHED_PRI_TS_UNDER, CSCHED_PRI_TS_OVER,
};

/* svc->flags */
#define CSCHED_FLAG_VCPU_PARKED  (1U << 0)  /* over its cap: kept off the run queue */
#define CSCHED_FLAG_VCPU_YIELD   (1U << 1)  /* gave up the rest of its slice */

/* Trace events (Hestia's module class; the numbers are Xen's TRC_CSCHED_* ones). */
#define TRC_CSCHED_ACCOUNT_START 2          /* d<<16|v: joins the active set */
#define TRC_CSCHED_ACCOUNT_STOP  3          /* d<<16|v: leaves it */
#define TRC_CSCHED_STOLEN_VCPU   4          /* peer cpu, d<<16|v */
#define TRC_CSCHED_PICKED_CPU    5          /* d<<16|v, cpu */
#define TRC_CSCHED_TICKLE        6          /* cpu */
#define TRC_CSCHED_BOOST_START   7          /* d<<16|v */
#define TRC_CSCHED_BOOST_END     8          /* d<<16|v */
#define TRC_CSCHED_RATELIMIT     10         /* d<<16|v, ns it has run */
#define TRC_CSCHED_PARK          0x20       /* d<<16|v, credit (ns, signed) */
#define TRC_CSCHED_UNPARK        0x21       /* d<<16|v, credit */
#define TRC_CSCHED_ACCT          0x22       /* active vcpus, shortfall fed back (us) */

/* ---- data ------------------------------------------------------------------------ */

struct csched_vcpu {
    struct list_head runq_elem;     /* in its pCPU's queue for `pri` */
    struct list_head active_elem;   /* in prv->active_vcpus while `active` */
    struct vcpu *vcpu;
    int pri;                        /* CSCHED_PRI_* */
    unsigned int flags;             /* CSCHED_FLAG_VCPU_* */
    bool on_runq;
    bool active;                    /* in the credit distribution */
    bool seen;                      /* runnable or running since the last accounting */
    s_time_t credit;                /* ns; may be negative */
    s_time_t start;                 /* running: charged up to here */
    s_time_t grant;                 /* accounting scratch: this period's credit */
    s_time_t limit;                 /* accounting scratch: the most it may take */
    bool full;                      /* accounting scratch: held at the bound */
    unsigned int weight;
    unsigned int cap;               /* % of one pCPU, 0 = none */
};

struct csched_pcpu {
    struct list_head runq[CSCHED_NR_LEVELS];
    unsigned int nr_queued;         /* written under the lock, peeked at without */
};

struct csched_private {
    spinlock_t lock;                /* the active list and the counters below */
    struct list_head active_vcpus;
    unsigned int nr_active;
    unsigned int nr_vcpus;          /* inserted and not removed */
    unsigned int ncpus;             /* pCPUs with our per-pCPU data */
    bool ticking;                   /* the accounting timer is armed */
    s_time_t debt;                  /* owed to the active vcpus (see acct_balance) */
    uint64_t idlers;                /* bit c: pCPU c runs its idle vcpu (atomic) */
    struct timer ticker;            /* the accounting, on CSCHED_MASTER_CPU */
    s_time_t tslice, tick, ratelimit, bound;
    bool boost;
};

BUILD_BUG_ON(NR_CPUS > 64);         /* prv->idlers is one 64-bit word */

/*
 * The one instance lives in static storage rather than xzalloc'd memory: the
 * accounting timer may still be running on pCPU 0 while another pCPU switches to
 * another module and calls deinit (the framework cannot wait for a running timer
 * function). Such a late run finds nr_vcpus == 0 and leaves without touching anything
 * else; with freed memory it would be a use after free.
 */
static struct csched_private csched_priv;

#define CSCHED_PRIV(ops)   ((struct csched_private *)(ops)->priv)
#define CSCHED_VCPU(v)     ((struct csched_vcpu *)(v)->sched_priv)
#define CSCHED_PCPU(cpu)   ((struct csched_pcpu *)sched_pcpu_data(cpu))

/* ---- small helpers --------------------------------------------------------------- */

static uint32_t dom_vcpu(const struct vcpu *v)
{
    return ((uint32_t)v->domain->domain_id << 16) | v->vcpu_id;
}

static void trace1(unsigned int event, const struct vcpu *v)
{
    uint32_t d = dom_vcpu(v);
    sched_trace(event, 1, &d);
}

static void trace2(unsigned int event, const struct vcpu *v, uint32_t x)
{
    uint32_t d[2] = { dom_vcpu(v), x };
    sched_trace(event, 2, d);
}

static unsigned int level_of(int pri)
{
    ASSERT(pri <= CSCHED_PRI_TS_BOOST && pri >= CSCHED_PRI_TS_OVER);
    return (unsigned int)(CSCHED_PRI_TS_BOOST - pri);
}

static bool is_running_here(const struct csched_vcpu *svc)
{
    return curr_on(svc->vcpu->processor) == svc->vcpu;
}

/*
 * Runnable, not on a pCPU, and the framework thinks it waits in our queue: what a
 * parked vcpu looks like when unparking should queue it.
 */
static bool waits_for_cpu(const struct csched_vcpu *svc)
{
    const struct vcpu *v = svc->vcpu;
    return vcpu_runnable(v) && v->runstate.state == RUNSTATE_runnable &&
           !is_running_here(svc);
}

/* The pri of what runs on cpu now (IDLE for the idle vcpu). */
static int curr_pri(unsigned int cpu)
{
    struct vcpu *cur = curr_on(cpu);
    return is_idle_vcpu(cur) ? CSCHED_PRI_IDLE : CSCHED_VCPU(cur)->pri;
}

static bool is_capped(const struct csched_vcpu *svc)
{
    return svc->cap != 0;
}

/* A capped vcpu's allowance per period: cap% of one pCPU for one tick. */
static s_time_t cap_credit(const struct csched_private *prv, const struct csched_vcpu *svc)
{
    return prv->tick * (s_time_t)svc->cap / 100;
}

/* Xen's threshold: overspent by more than one period's allowance. */
static bool over_cap(const struct csched_private *prv, const struct csched_vcpu *svc)
{
    return is_capped(svc) && svc->credit < -cap_credit(prv, svc);
}

/* ---- the idle mask --------------------------------------------------------------- */

static void idlers_set(struct csched_private *prv, unsigned int cpu)
{
    __atomic_fetch_or(&prv->idlers, 1ULL << cpu, __ATOMIC_RELAXED);
}

static void idlers_clear(struct csched_private *prv, unsigned int cpu)
{
    __atomic_fetch_and(&prv->idlers, ~(1ULL << cpu), __ATOMIC_RELAXED);
}

static uint64_t idlers_get(const struct csched_private *prv)
{
    return __atomic_load_n(&prv->idlers, __ATOMIC_RELAXED);
}

/* The first pCPU of mask (non-empty) after `cpu`, wrapping around. */
static unsigned int cycle_cpu(uint64_t mask, unsigned int cpu)
{
    uint64_t above = cpu >= 63 ? 0 : mask & ~((2ULL << cpu) - 1);
    return (unsigned int)__builtin_ctzll(above ? above : mask);
}

/* Ask `cpu` to reschedule; it is no longer idle for placement purposes. */
static void tickle(struct csched_private *prv, unsigned int cpu)
{
    idlers_clear(prv, cpu);
    uint32_t c = cpu;
    sched_trace(TRC_CSCHED_TICKLE, 1, &c);
    cpu_tickle(cpu);
}

/* Tickle one idle pCPU other than `cpu`, if there is one; true if we did. */
static bool tickle_an_idler(struct csched_private *prv, unsigned int cpu)
{
    uint64_t others = idlers_get(prv) & ~(1ULL << cpu);
    if (!others)
        return false;
    tickle(prv, cycle_cpu(others, cpu));
    return true;
}

/* ---- run queues ------------------------------------------------------------------ */

static void runq_insert(struct csched_vcpu *svc)
{
    struct csched_pcpu *spc = CSCHED_PCPU(svc->vcpu->processor);

    ASSERT(!svc->on_runq && !(svc->flags & CSCHED_FLAG_VCPU_PARKED));
    list_add_tail(&svc->runq_elem, &spc->runq[level_of(svc->pri)]);
    svc->on_runq = true;
    __atomic_store_n(&spc->nr_queued, spc->nr_queued + 1, __ATOMIC_RELAXED);
}

static void runq_remove(struct csched_vcpu *svc)
{
    struct csched_pcpu *spc = CSCHED_PCPU(svc->vcpu->processor);

    ASSERT(svc->on_runq);
    list_del_init(&svc->runq_elem);
    svc->on_runq = false;
    __atomic_store_n(&spc->nr_queued, spc->nr_queued - 1, __ATOMIC_RELAXED);
}

/*
 * The accounting changes priorities of queued vcpus without moving them; this puts
 * each of cpu's queued vcpus back on the list of its priority, keeping the order of
 * the queue as Xen's stable csched_runq_sort does: a vcpu that went down (BOOST to
 * UNDER, UNDER to OVER) goes ahead of those already on its new level, since it was
 * ahead of them in the queue; one that went up goes behind them. O(queued vcpus).
 */
static void runq_resort(unsigned int cpu)
{
    struct csched_pcpu *spc = CSCHED_PCPU(cpu);
    struct list_head down[CSCHED_NR_LEVELS], up[CSCHED_NR_LEVELS];
    struct list_head *pos, *next;

    for (unsigned int l = 0; l < CSCHED_NR_LEVELS; l++) {
        INIT_LIST_HEAD(&down[l]);
        INIT_LIST_HEAD(&up[l]);
    }
    for (unsigned int l = 0; l < CSCHED_NR_LEVELS; l++)
        list_for_each_safe(pos, next, &spc->runq[l]) {
            unsigned int now = level_of(list_entry(pos, struct csched_vcpu, runq_elem)->pri);
            if (now == l)
                continue;
            list_del(pos);
            list_add_tail(pos, now > l ? &down[now] : &up[now]);
        }
    for (unsigned int l = 0; l < CSCHED_NR_LEVELS; l++) {
        while (!list_empty(&down[l])) {         /* last first, each to the head */
            pos = down[l].prev;
            list_del(pos);
            list_add(pos, &spc->runq[l]);
        }
        while (!list_empty(&up[l])) {
            pos = up[l].next;
            list_del(pos);
            list_add_tail(pos, &spc->runq[l]);
        }
    }
}

/* The head of the first non-empty level at or after `level`, or NULL. */
static struct csched_vcpu *runq_first_from(struct csched_pcpu *spc, unsigned int level)
{
    for (; level < CSCHED_NR_LEVELS; level++)
        if (!list_empty(&spc->runq[level]))
            return list_first_entry(&spc->runq[level], struct csched_vcpu, runq_elem);
    return NULL;
}

/*
 * The vcpu cpu should run next from its own queue (left queued), or NULL. A vcpu
 * that yielded (already queued at the tail of its level) goes behind one vcpu of
 * lower priority if it would otherwise run again at once, as in Xen.
 */
static struct csched_vcpu *runq_pick(unsigned int cpu, const struct csched_vcpu *yielder)
{
    struct csched_pcpu *spc = CSCHED_PCPU(cpu);
    struct csched_vcpu *best = runq_first_from(spc, 0);

    if (best && best == yielder) {
        struct csched_vcpu *lower = runq_first_from(spc, level_of(best->pri) + 1);
        if (lower)
            best = lower;
    }
    return best;
}

/* ---- credit ---------------------------------------------------------------------- */

/* Charge the running svc for the time since it was last charged. */
static void burn_credits(struct csched_vcpu *svc, s_time_t now)
{
    ASSERT(is_running_here(svc));
    if (now > svc->start) {
        svc->credit -= now - svc->start;
        svc->start = now;
    }
    svc->seen = true;
}

/* svc competes for the CPU: it takes part in the next credit distribution. */
static void activate(struct csched_private *prv, struct csched_vcpu *svc)
{
    svc->seen = true;
    if (svc->active)
        return;
    spin_lock(&prv->lock);
    list_add_tail(&svc->active_elem, &prv->active_vcpus);
    prv->nr_active++;
    svc->active = true;
    spin_unlock(&prv->lock);
    trace1(TRC_CSCHED_ACCOUNT_START, svc->vcpu);
}

/* Leave the active set; the caller holds prv->lock. */
static void deactivate_locked(struct csched_private *prv, struct csched_vcpu *svc)
{
    if (!svc->active)
        return;
    list_del_init(&svc->active_elem);
    prv->nr_active--;
    svc->active = false;
    trace1(TRC_CSCHED_ACCOUNT_STOP, svc->vcpu);
}

/* ---- parking --------------------------------------------------------------------- */

static void mark_parked(struct csched_vcpu *svc)
{
    svc->flags |= CSCHED_FLAG_VCPU_PARKED;
    trace2(TRC_CSCHED_PARK, svc->vcpu, (uint32_t)svc->credit);
}

/* From the accounting: off the queue, or off the pCPU at its next schedule. */
static void park(struct csched_vcpu *svc)
{
    mark_parked(svc);
    if (svc->on_runq)
        runq_remove(svc);
    else if (is_running_here(svc))
        cpu_tickle(svc->vcpu->processor);   /* do_schedule will not queue it again */
}

static void runq_tickle(struct csched_private *prv, struct csched_vcpu *svc);

/* Back in the competition (no BOOST: it did not wake from a block). */
static void unpark(struct csched_private *prv, struct csched_vcpu *svc)
{
    svc->flags &= ~CSCHED_FLAG_VCPU_PARKED;
    trace2(TRC_CSCHED_UNPARK, svc->vcpu, (uint32_t)svc->credit);
    if (waits_for_cpu(svc)) {
        runq_insert(svc);
        runq_tickle(prv, svc);
    }
}

/* ---- placement and wake-up ------------------------------------------------------- */

/*
 * svc was just queued on its pCPU: who should notice? (Xen's __runq_tickle, without
 * affinities.) An idle pCPU runs it; otherwise an idle pCPU elsewhere is woken to
 * steal it, leaving the running vcpu alone; otherwise the running vcpu is preempted
 * if svc has a higher priority (do_schedule applies the rate limit).
 */
static void runq_tickle(struct csched_private *prv, struct csched_vcpu *svc)
{
    unsigned int cpu = svc->vcpu->processor;

    if (is_idle_vcpu(curr_on(cpu)))
        tickle(prv, cpu);
    else if (!tickle_an_idler(prv, cpu) && svc->pri > curr_pri(cpu))
        tickle(prv, cpu);
}

static unsigned int csched_pick_cpu(const struct scheduler *ops, struct vcpu *v)
{
    struct csched_private *prv = CSCHED_PRIV(ops);
    uint64_t idle = idlers_get(prv) & ((sched_nr_cpus() >= 64) ? ~0ULL :
                                       (1ULL << sched_nr_cpus()) - 1);
    unsigned int cpu = v->processor;

    if (idle && !(idle & (1ULL << cpu)))
        cpu = cycle_cpu(idle, cpu);
    trace2(TRC_CSCHED_PICKED_CPU, v, cpu);
    return cpu;
}

static void csched_vcpu_wake(const struct scheduler *ops, struct vcpu *v)
{
    struct csched_private *prv = CSCHED_PRIV(ops);
    struct csched_vcpu *svc = CSCHED_VCPU(v);

    if (svc->on_runq || is_running_here(svc))
        return;
    activate(prv, svc);
    if (svc->flags & CSCHED_FLAG_VCPU_PARKED)
        return;                     /* the accounting queues it when it unparks */
    if (prv->boost && svc->pri == CSCHED_PRI_TS_UNDER) {
        svc->pri = CSCHED_PRI_TS_BOOST;
        trace1(TRC_CSCHED_BOOST_START, v);
    }
    runq_insert(svc);
    runq_tickle(prv, svc);
}

static void csched_vcpu_sleep(const struct scheduler *ops, struct vcpu *v)
{
    struct csched_vcpu *svc = CSCHED_VCPU(v);

    if (svc->on_runq)
        runq_remove(svc);
}

static void csched_vcpu_yield(const struct scheduler *ops, struct vcpu *v)
{
    CSCHED_VCPU(v)->flags |= CSCHED_FLAG_VCPU_YIELD;
}

/* ---- joining and leaving --------------------------------------------------------- */

static void *csched_alloc_vdata(const struct scheduler *ops, struct vcpu *v)
{
    struct csched_vcpu *svc = xzalloc(struct csched_vcpu);

    if (!svc)
        return NULL;
    INIT_LIST_HEAD(&svc->runq_elem);
    INIT_LIST_HEAD(&svc->active_elem);
    svc->vcpu = v;
    svc->pri = CSCHED_PRI_TS_UNDER;     /* as in Xen: a new vcpu starts UNDER */
    svc->weight = CSCHED_DEFAULT_WEIGHT;
    return svc;
}

static void csched_free_vdata(const struct scheduler *ops, void *vdata)
{
    struct csched_vcpu *svc = vdata;

    ASSERT(!svc || (!svc->on_runq && !svc->active));
    xfree(svc);
}

static void csched_acct(void *data);

static void csched_insert_vcpu(const struct scheduler *ops, struct vcpu *v)
{
    struct csched_private *prv = CSCHED_PRIV(ops);
    struct csched_vcpu *svc = CSCHED_VCPU(v);

    spin_lock(&prv->lock);
    prv->nr_vcpus++;
    if (!prv->ticking) {            /* we are the running module now: start accounting */
        prv->ticking = true;
        set_timer(&prv->ticker, NOW() + prv->tick);
    }
    spin_unlock(&prv->lock);

    if (is_running_here(svc)) {     /* a module switch: it is on its pCPU */
        svc->start = NOW();
        activate(prv, svc);
    } else if (v->runstate.state == RUNSTATE_runnable && vcpu_runnable(v)) {
        runq_insert(svc);           /* waiting (maybe still being switched out) */
        activate(prv, svc);
        runq_tickle(prv, svc);
    }
}

static void csched_remove_vcpu(const struct scheduler *ops, struct vcpu *v)
{
    struct csched_private *prv = CSCHED_PRIV(ops);
    struct csched_vcpu *svc = CSCHED_VCPU(v);

    if (svc->on_runq)
        runq_remove(svc);
    svc->flags &= ~(CSCHED_FLAG_VCPU_PARKED | CSCHED_FLAG_VCPU_YIELD);
    spin_lock(&prv->lock);
    deactivate_locked(prv, svc);
    prv->nr_vcpus--;
    spin_unlock(&prv->lock);
}

/* ---- do_schedule ----------------------------------------------------------------- */

/* Steal from peer (its lock held) the first vcpu with a priority above `pri`. */
static struct csched_vcpu *runq_steal(unsigned int peer, unsigned int cpu, int pri)
{
    struct csched_pcpu *spc = CSCHED_PCPU(peer);
    struct csched_vcpu *svc;

    /* An idle peer is about to run its queue itself. */
    if (is_idle_vcpu(curr_on(peer)))
        return NULL;
    for (unsigned int l = 0; l < CSCHED_NR_LEVELS && level_pri[l] > pri; l++)
        list_for_each_entry(svc, &spc->runq[l], runq_elem) {
            if (svc->vcpu->is_running)      /* still being switched out over there */
                continue;
            runq_remove(svc);
            svc->vcpu->processor = cpu;     /* we hold both pCPUs' locks */
            return svc;
        }
    return NULL;
}

/* Look at the other pCPUs' queues for work better than `pri` (Xen's load balance). */
static struct csched_vcpu *csched_load_balance(unsigned int cpu, int pri)
{
    unsigned int n = sched_nr_cpus();

    for (unsigned int i = 1; i < n; i++) {
        unsigned int peer = (cpu + i) % n;
        struct csched_vcpu *svc;

        /* A racy peek: at worst we skip work that just arrived, or try for nothing. */
        if (__atomic_load_n(&CSCHED_PCPU(peer)->nr_queued, __ATOMIC_RELAXED) == 0)
            continue;
        if (!sched_trylock(peer))   /* never spin on a second scheduler lock */
            continue;
        svc = runq_steal(peer, cpu, pri);
        sched_unlock(peer);
        if (svc) {
            uint32_t d[2] = { peer, dom_vcpu(svc->vcpu) };
            sched_trace(TRC_CSCHED_STOLEN_VCPU, 2, d);
            return svc;
        }
    }
    return NULL;
}

/*
 * Should curr keep the pCPU because it has not yet run for the rate limit? Not if it
 * yields, cannot run, or is parked: the limit protects work, not idleness.
 */
static bool rate_limited(const struct csched_private *prv, const struct csched_vcpu *scurr,
                         s_time_t ran)
{
    return prv->ratelimit && ran < prv->ratelimit && vcpu_runnable(scurr->vcpu) &&
           !(scurr->flags & (CSCHED_FLAG_VCPU_YIELD | CSCHED_FLAG_VCPU_PARKED));
}

/*
 * The current vcpu's part of do_schedule: charge it, then either keep it for the
 * rest of its rate limit (returns true, *slice set) or put it back in the queue (if
 * it can still run and is not over its cap).
 */
static bool csched_put_prev(struct csched_private *prv, struct csched_vcpu *scurr,
                            s_time_t now, s_time_t *slice)
{
    struct vcpu *curr = scurr->vcpu;
    s_time_t ran = now - curr->runstate.state_entry_time;

    burn_credits(scurr, now);
    if (over_cap(prv, scurr) && !(scurr->flags & CSCHED_FLAG_VCPU_PARKED))
        mark_parked(scurr);         /* and so not queued again below */
    if (rate_limited(prv, scurr, ran)) {
        *slice = prv->ratelimit - ran;
        trace2(TRC_CSCHED_RATELIMIT, curr, (uint32_t)ran);
        return true;
    }
    if (vcpu_runnable(curr) && !(scurr->flags & CSCHED_FLAG_VCPU_PARKED))
        runq_insert(scurr);
    return false;
}

static struct task_slice csched_schedule(const struct scheduler *ops, unsigned int cpu,
                                         s_time_t now)
{
    struct csched_private *prv = CSCHED_PRIV(ops);
    struct vcpu *curr = curr_on(cpu);
    struct csched_vcpu *scurr = is_idle_vcpu(curr) ? NULL : CSCHED_VCPU(curr);
    struct task_slice ret = { idle_vcpu_of(cpu), -1 };
    struct csched_vcpu *snext;

    if (scurr && csched_put_prev(prv, scurr, now, &ret.time)) {
        ret.task = curr;
        return ret;
    }

    snext = runq_pick(cpu, scurr && (scurr->flags & CSCHED_FLAG_VCPU_YIELD) ? scurr : NULL);
    if (scurr)
        scurr->flags &= ~CSCHED_FLAG_VCPU_YIELD;

    /* Only OVER work here, or none: is there something better elsewhere? */
    struct csched_vcpu *stolen = NULL;
    if (!snext || snext->pri <= CSCHED_PRI_TS_OVER)
        stolen = csched_load_balance(cpu, snext ? snext->pri : CSCHED_PRI_IDLE);
    if (stolen)
        snext = stolen;
    else if (snext)
        runq_remove(snext);

    if (!snext) {
        idlers_set(prv, cpu);
        return ret;
    }
    idlers_clear(prv, cpu);
    snext->start = now;
    activate(prv, snext);
    /* Work left waiting here while another pCPU idles: send it over. */
    if (CSCHED_PCPU(cpu)->nr_queued)
        tickle_an_idler(prv, cpu);
    ret.task = snext->vcpu;
    ret.time = prv->tslice;
    return ret;
}

/* ---- accounting ------------------------------------------------------------------ */

/*
 * The accounting runs from a timer, with no scheduler lock held: take every pCPU's
 * lock, in order. See LOCKING at the top for why spinning on trylock is safe here.
 */
static void lock_all_pcpus(void)
{
    for (unsigned int cpu = 0; cpu < sched_nr_cpus(); cpu++)
        while (!sched_trylock(cpu))
            __builtin_ia32_pause();
}

static void unlock_all_pcpus(void)
{
    for (unsigned int cpu = sched_nr_cpus(); cpu-- > 0; )
        sched_unlock(cpu);
}

/* Step 1: charge every running vcpu up to now; running ends a BOOST. */
static void acct_charge_running(s_time_t now)
{
    for (unsigned int cpu = 0; cpu < sched_nr_cpus(); cpu++) {
        struct vcpu *cur = curr_on(cpu);
        if (is_idle_vcpu(cur))
            continue;
        struct csched_vcpu *svc = CSCHED_VCPU(cur);
        burn_credits(svc, now);
        if (svc->pri == CSCHED_PRI_TS_BOOST) {
            svc->pri = CSCHED_PRI_TS_UNDER;
            trace1(TRC_CSCHED_BOOST_END, cur);
        }
    }
}

/* Step 2: vcpus that neither ran nor could run since the last tick get no share. */
static void acct_drop_idle_vcpus(struct csched_private *prv)
{
    struct list_head *pos, *next;

    list_for_each_safe(pos, next, &prv->active_vcpus) {
        struct csched_vcpu *svc = list_entry(pos, struct csched_vcpu, active_elem);
        if (!svc->seen)
            deactivate_locked(prv, svc);
    }
}

/*
 * Step 3: this period's grant for every active vcpu. Fair share by weight first,
 * limited to what the vcpu can take (one pCPU, its cap, the room below the bound);
 * what the limited ones leave is shared once more, by weight, among the others.
 */
static void acct_share_credit(struct csched_private *prv)
{
    s_time_t total = prv->tick * (s_time_t)prv->ncpus + prv->debt, left = 0;
    unsigned long weight_total = 0, weight_free = 0;
    struct csched_vcpu *svc;

    list_for_each_entry(svc, &prv->active_vcpus, active_elem)
        weight_total += svc->weight;
    if (weight_total == 0)
        return;

    list_for_each_entry(svc, &prv->active_vcpus, active_elem) {
        s_time_t fair = total * (s_time_t)svc->weight / (s_time_t)weight_total;
        s_time_t room = prv->bound - svc->credit;
        svc->limit = is_capped(svc) ? cap_credit(prv, svc) : prv->tick;
        svc->full = room < MIN(fair, svc->limit);
        svc->limit = MAX(0, MIN(svc->limit, room));
        svc->grant = MIN(fair, svc->limit);
        if (fair > svc->limit)
            left += fair - svc->limit;
        else
            weight_free += svc->weight;
    }
    if (left == 0 || weight_free == 0)
        return;
    list_for_each_entry(svc, &prv->active_vcpus, active_elem)
        if (svc->grant < svc->limit) {
            s_time_t extra = left * (s_time_t)svc->weight / (s_time_t)weight_free;
            svc->grant = MIN(svc->grant + extra, svc->limit);
        }
}

/* Step 4 for one vcpu: credit, priority, parking; note whether it still competes. */
static void acct_update_vcpu(struct csched_private *prv, struct csched_vcpu *svc)
{
    svc->credit += svc->grant;
    svc->grant = 0;
    svc->credit = MAX(svc->credit, -prv->bound);

    /*
     * Every active vcpu's priority follows its credit, a queued BOOSTed one's too (as
     * in Xen): a vcpu that ran most of a period and yielded before the tick must not
     * keep the BOOST it woke with. Queued vcpus move to their new level in
     * runq_resort(), once every priority is known.
     */
    svc->pri = svc->credit > 0 ? CSCHED_PRI_TS_UNDER : CSCHED_PRI_TS_OVER;

    bool parked = svc->flags & CSCHED_FLAG_VCPU_PARKED;
    if (!parked && over_cap(prv, svc))
        park(svc);
    else if (parked && svc->credit > 0)
        unpark(prv, svc);

    svc->seen = svc->on_runq || is_running_here(svc) ||
                ((svc->flags & CSCHED_FLAG_VCPU_PARKED) && waits_for_cpu(svc));
}

/*
 * Step 5 (Xen's credit_balance: "converge balance towards 0"). Credit is conserved -
 * what one vcpu gains, the others lose - so a vcpu that sits at the upper bound
 * without using its share (an I/O vcpu) holds credit the others then lack for ever.
 * The CPU-bound vcpus would live in debt, OVER nearly all the time: their shares still
 * follow their weights in the long run (the lower clip and FIFO order see to that),
 * but UNDER/OVER would no longer say which of them is behind, and any vcpu with
 * credit would preempt them, BOOSTed or not. So if the vcpus not held at the bound
 * are short in total, the next period hands out that much more.
 */
static void acct_balance(struct csched_private *prv)
{
    s_time_t balance = 0;
    struct csched_vcpu *svc;

    list_for_each_entry(svc, &prv->active_vcpus, active_elem)
        if (!svc->full)
            balance += svc->credit;
    prv->debt = balance < 0 ? -balance : 0;
}

/* Step 6: work is queued on a busy pCPU while another idles: let the idler steal. */
static void acct_tickle_idlers(struct csched_private *prv)
{
    for (unsigned int cpu = 0; cpu < sched_nr_cpus() && idlers_get(prv); cpu++)
        if (CSCHED_PCPU(cpu)->nr_queued && !is_idle_vcpu(curr_on(cpu)))
            tickle_an_idler(prv, cpu);
}

/* The next tick: a fixed period from the last, so that ticks do not drift. */
static void acct_rearm(struct csched_private *prv, s_time_t now)
{
    s_time_t next = prv->ticker.expires + prv->tick;
    set_timer(&prv->ticker, next > now ? next : now + prv->tick);
}

static void csched_acct(void *data)
{
    struct csched_private *prv = data;
    unsigned long flags = local_irq_save();
    s_time_t now = NOW();
    struct csched_vcpu *svc;

    lock_all_pcpus();
    spin_lock(&prv->lock);
    if (prv->nr_vcpus == 0) {       /* nobody left (or another module took over) */
        prv->ticking = false;
        goto out;
    }
    acct_charge_running(now);
    acct_drop_idle_vcpus(prv);
    acct_share_credit(prv);
    list_for_each_entry(svc, &prv->active_vcpus, active_elem)
        acct_update_vcpu(prv, svc);
    for (unsigned int cpu = 0; cpu < sched_nr_cpus(); cpu++)
        runq_resort(cpu);
    acct_balance(prv);
    acct_tickle_idlers(prv);
    uint32_t d[2] = { prv->nr_active, (uint32_t)(prv->debt / 1000) };
    sched_trace(TRC_CSCHED_ACCT, 2, d);
    acct_rearm(prv, now);
out:
    spin_unlock(&prv->lock);
    unlock_all_pcpus();
    local_irq_restore(flags);
}

/* ---- parameters ------------------------------------------------------------------ */

static const struct sched_param_desc csched_params[] = {
    { "weight", "", CSCHED_DEFAULT_WEIGHT, 1, 65535,
      "relative share of the CPU: twice the weight, twice the CPU (Xen: per domain)" },
    { "cap", "%", 0, 0, 100,
      "at most this % of one pCPU, even when the CPU is otherwise idle; 0 = no cap" },
};

static int csched_adjust(const struct scheduler *ops, struct vcpu *v, const char *param,
                         long *value, bool set)
{
    struct csched_private *prv = CSCHED_PRIV(ops);
    struct csched_vcpu *svc = CSCHED_VCPU(v);
    unsigned int *field;

    if (strcmp(param, "weight") == 0)
        field = &svc->weight;
    else if (strcmp(param, "cap") == 0)
        field = &svc->cap;
    else
        return -EINVAL;
    if (!set) {
        *value = (long)*field;
        return 0;
    }
    *field = (unsigned int)*value;
    /* No cap, no parking: give the CPU back at once rather than at the next tick. */
    if (svc->cap == 0 && (svc->flags & CSCHED_FLAG_VCPU_PARKED))
        unpark(prv, svc);
    return 0;
}

int csched_vcpu_info(const struct vcpu *v, struct csched_vcpu_info *info)
{
    const struct csched_vcpu *svc = v->sched_priv;

    if (strcmp(scheduler_name(), "credit") != 0 || !svc || is_idle_vcpu(v))
        return -EINVAL;
    info->pri = svc->pri;
    info->credit = svc->credit;
    info->parked = svc->flags & CSCHED_FLAG_VCPU_PARKED;
    info->active = svc->active;
    info->queued = svc->on_runq;
    return 0;
}

/* ---- module life ----------------------------------------------------------------- */

static unsigned long clamp_option(const char *name, unsigned long value, unsigned long min,
                                  unsigned long max, unsigned long def)
{
    if (value >= min && value <= max)
        return value;
    printk(XENLOG_WARNING "credit: %s=%lu outside [%lu, %lu], using %lu\n", name, value,
           min, max, def);
    return def;
}

static int csched_init(struct scheduler *ops)
{
    struct csched_private *prv = &csched_priv;

    if (timer_is_active(&prv->ticker))     /* started again without a deinit */
        stop_timer(&prv->ticker);
    memset(prv, 0, sizeof(*prv));
    spin_lock_init(&prv->lock);
    INIT_LIST_HEAD(&prv->active_vcpus);
    init_timer(&prv->ticker, csched_acct, prv, CSCHED_MASTER_CPU);
    prv->tslice = MILLISECS(clamp_option("sched_credit_tslice_ms", sched_credit_tslice_ms,
                                         1, CSCHED_TSLICE_MAX_MS, 30));
    prv->tick = MILLISECS(clamp_option("sched_credit_tick_ms", sched_credit_tick_ms,
                                       1, CSCHED_TSLICE_MAX_MS, 10));
    prv->ratelimit = MICROSECS(sched_ratelimit_us);
    if (prv->ratelimit > prv->tslice) {         /* Xen does the same */
        printk(XENLOG_WARNING "credit: sched_ratelimit_us > sched_credit_tslice_ms, "
               "using the time slice\n");
        prv->ratelimit = prv->tslice;
    }
    prv->bound = MAX(prv->tslice, prv->tick);
    prv->boost = sched_credit_boost;
    ops->priv = prv;
    return 0;
}

static void csched_deinit(struct scheduler *ops)
{
    struct csched_private *prv = CSCHED_PRIV(ops);

    ASSERT(prv->nr_vcpus == 0);
    stop_timer(&prv->ticker);
    prv->ticking = false;
    ops->priv = NULL;
}

static void *csched_alloc_pdata(const struct scheduler *ops, unsigned int cpu)
{
    struct csched_private *prv = CSCHED_PRIV(ops);
    struct csched_pcpu *spc = xzalloc(struct csched_pcpu);

    if (!spc)
        return NULL;
    for (unsigned int level = 0; level < CSCHED_NR_LEVELS; level++)
        INIT_LIST_HEAD(&spc->runq[level]);
    /* Interrupts off: the accounting (a timer interrupt) takes prv->lock too. */
    unsigned long flags;
    spin_lock_irqsave(&prv->lock, flags);
    prv->ncpus++;
    spin_unlock_irqrestore(&prv->lock, flags);
    idlers_set(prv, cpu);           /* start off idling, as in Xen */
    return spc;
}

static void csched_free_pdata(const struct scheduler *ops, void *pdata, unsigned int cpu)
{
    struct csched_private *prv = CSCHED_PRIV(ops);

    if (!pdata)
        return;
    unsigned long flags;
    spin_lock_irqsave(&prv->lock, flags);
    prv->ncpus--;
    spin_unlock_irqrestore(&prv->lock, flags);
    idlers_clear(prv, cpu);
    xfree(pdata);
}

static void dump_vcpu(const char *what, const struct csched_vcpu *svc)
{
    printk("  %s d%uv%u pri=%d credit=%lldus weight=%u cap=%u%s%s\n", what,
           svc->vcpu->domain->domain_id, svc->vcpu->vcpu_id, svc->pri,
           (long long)(svc->credit / 1000), svc->weight, svc->cap,
           (svc->flags & CSCHED_FLAG_VCPU_PARKED) ? " parked" : "",
           svc->active ? " active" : "");
}

static void csched_dump(const struct scheduler *ops, unsigned int cpu)
{
    struct csched_private *prv = CSCHED_PRIV(ops);
    struct csched_pcpu *spc = CSCHED_PCPU(cpu);
    struct csched_vcpu *svc;

    printk("credit: cpu%u tslice %lld ms, tick %lld ms, ratelimit %lld us, boost %s, "
           "%u queued%s\n", cpu, (long long)(prv->tslice / MILLISECS(1)),
           (long long)(prv->tick / MILLISECS(1)), (long long)(prv->ratelimit / 1000),
           prv->boost ? "on" : "off", spc->nr_queued,
           (idlers_get(prv) >> cpu) & 1 ? ", idle" : "");
    if (!is_idle_vcpu(curr_on(cpu)))
        dump_vcpu("run", CSCHED_VCPU(curr_on(cpu)));
    for (unsigned int level = 0; level < CSCHED_NR_LEVELS; level++)
        list_for_each_entry(svc, &spc->runq[level], runq_elem)
            dump_vcpu("   ", svc);
}

struct scheduler sched_credit_def = {
    .name = "SMP Credit Scheduler",
    .opt_name = "credit",
    .params = csched_params,
    .nr_params = ARRAY_SIZE(csched_params),
    .init = csched_init,
    .deinit = csched_deinit,
    .alloc_vdata = csched_alloc_vdata,
    .free_vdata = csched_free_vdata,
    .alloc_pdata = csched_alloc_pdata,
    .free_pdata = csched_free_pdata,
    .insert_vcpu = csched_insert_vcpu,
    .remove_vcpu = csched_remove_vcpu,
    .wake = csched_vcpu_wake,
    .sleep = csched_vcpu_sleep,
    .yield = csched_vcpu_yield,
    .do_schedule = csched_schedule,
    .pick_cpu = csched_pick_cpu,
    .adjust = csched_adjust,
    .dump = csched_dump,
};
