/*
 * sched/rt.c - fixed-priority preemptive scheduling with budget enforcement.
 *
 * Each vcpu has a priority and, as in edf, a reservation: `budget_us` of CPU time in
 * every `period_us` (a vcpu without parameters gets 4000 us / 10000 us). The runnable
 * vcpu with budget left and the highest priority runs, and preempts at once a lower
 * one when it wakes or is replenished. The reservation makes each vcpu a *server*
 * with exactly edf's rules (see sched/edf.c; Xen's RTDS): refill at each period
 * boundary, no carry-over, depleted = not picked until the next replenishment,
 * budget kept while blocked (deferrable server), a vcpu waking after its deadline
 * joins the grid's current period. Misses are defined and traced as in edf
 * (TRC_HESTIA_EDF_MISS, TRC_HESTIA_EDF_REPLENISH: the server events, whichever
 * module); module decisions go through sched_trace(): RT_EV_TICKLE (the pCPU),
 * RT_EV_DEPLETED (dom<<16|vcpu).
 *
 * Priorities (parameter `priority`):
 *   0          automatic (the default): rate monotonic - the shorter the period,
 *              the higher the priority (Liu & Layland's optimal fixed-priority
 *              order for periodic tasks with deadline = period);
 *   1 .. 255   explicit: a higher number is a higher priority. Every explicit
 *              priority is above every automatic one (setting a priority says "this
 *              vcpu matters more than the rate-monotonic set": dom0, a driver
 *              domain). Give all vcpus explicit priorities, or none, for a clean
 *              priority assignment.
 * As one key (smaller = more urgent): explicit p -> 255 - p, automatic -> 256 +
 * period in ns. Ties (equal priorities, or equal periods) are FIFO: the vcpu that
 * became ready first runs first (a sequence number taken on wake and on
 * replenishment after depletion, kept across preemption - so a preempted vcpu
 * resumes before its equals, as POSIX SCHED_FIFO does); the running vcpu keeps the
 * pCPU against an equal one; yield moves it behind its equals.
 *
 * Queues (per run queue): runq - ready vcpus with budget, not running, by (key,
 * seq); replq - awake vcpus by next replenishment, with one timer. Binary heaps
 * (sched/heap.c).
 *
 * Costs (n vcpus in a run queue, P pCPUs sharing it): wake O(log n) + O(P) to find
 * a pCPU to preempt; sleep, remove O(log n); do_schedule O(log n); each
 * replenishment O(log n), one timer per run queue; pick_cpu O(P); priority or
 * period change O(log n). No allocation after alloc_vdata.
 *
 * SMP: global fixed priority by default - one run queue, a waking vcpu takes an idle
 * pCPU (its own first) or preempts the pCPU running the lowest priority if it is
 * higher; with the boot option `sched_rt_partitioned` (default off) each pCPU has its
 * own queues and a vcpu stays on the pCPU it was created on (partitioned rate
 * monotonic: Liu & Layland's bound then applies per pCPU). Locking, stealing with
 * sched_trylock() and the is_running skip are as in edf (see there).
 *
 * Parameters, checks and changes are edf's: budget_us 1 us .. 10 s, period_us
 * 100 us .. 10 s, budget > period refused (-EINVAL) whichever is set; a change
 * applies at once (the current period keeps its start, used budget stays used), and
 * so does a new priority.
 *
 * Not Xen's: Xen has no fixed-priority module (its sched/rt.c is RTDS, our edf).
 * The server rules and trace events are edf's so that the two modules can be
 * compared on the same vcpus; budget_us and period_us carry over a switch between
 * them (when they can be applied one at a time without budget > period in between).
 */
#include <hestia/config.h>
#include <hestia/errno.h>
#include <hestia/lib.h>
#include <hestia/param.h>
#include <hestia/printk.h>
#include <hestia/spinlock.h>
#include <hestia/timer.h>
#include <hestia/trace.h>
#include <hestia/xmalloc.h>

#include "heap.h"
#include "sched.h"

/*
 * Partitioned instead of global, read when the module starts (boot, or a switch to
 * rt). Not static: host programs (unit tests, the simulator) set it directly.
 */
bool sched_rt_partitioned;
boolean_param("sched_rt_partitioned", sched_rt_partitioned);

#define RT_DEFAULT_BUDGET_US  4000
#define RT_DEFAULT_PERIOD_US  10000
#define RT_MAX_US             10000000L     /* 10 s */
#define RT_PRIO_AUTO          0             /* rate monotonic */
#define RT_PRIO_MAX           255

/* A pCPU that skipped busy candidates looks again this soon. */
#define RT_RETRY        MICROSECS(20)
/* How many busy candidates do_schedule skips before giving up for now. */
#define RT_MAX_SKIP     8

/* Module decisions, traced as TRC_HESTIA_SCHED_MODULE + event. */
#define RT_EV_TICKLE    1       /* extra: the pCPU */
#define RT_EV_DEPLETED  2       /* extra: dom << 16 | vcpu */

BUILD_BUG_ON(NR_CPUS > 64);     /* the tickled mask is one uint64_t */

static const struct sched_param_desc rt_params[] = {
    { "priority", "", RT_PRIO_AUTO, 0, RT_PRIO_MAX,
      "0: rate monotonic (shorter period first); 1..255: higher runs first" },
    { "budget_us", "us", RT_DEFAULT_BUDGET_US, 1, RT_MAX_US,
      "CPU time guaranteed in each period (at most period_us)" },
    { "period_us", "us", RT_DEFAULT_PERIOD_US, 100, RT_MAX_US,
      "length of a period; its end is the vcpu's deadline" },
};

struct rt_vcpu {
    struct vcpu *vcpu;
    s_time_t budget, period;        /* the reservation, in ns */
    unsigned int priority;          /* the parameter: 0 automatic, 1..255 explicit */
    s_time_t cur_budget;            /* left in the current period */
    s_time_t cur_deadline;          /* end of the current period; 0: not started */
    s_time_t last_start;            /* budget is burnt from here while it runs */
    uint64_t seq;                   /* FIFO order among equal priorities */
    int on_cpu;                     /* the pCPU that picked it, -1 if not running */
    struct heap_node runq_elem;
    struct heap_node replq_elem;
    struct list_head vcpu_elem;     /* all vcpus of the module (dump) */
    unsigned long misses, replenishments;
};

/* A run queue: for all pCPUs (global) or for one (partitioned). */
struct rt_rq {
    spinlock_t lock;                /* everything below, and the vcpus queued here */
    int cpu;                        /* the pCPU served, or -1: all of them */
    struct heap runq;
    struct heap replq;
    struct timer repl_timer;        /* at the head of replq's deadline */
    uint64_t next_seq;
    uint64_t tickled;               /* pCPUs tickled, not yet rescheduled */
};

struct rt_pcpu {
    struct rt_rq rq;                /* partitioned mode: this pCPU's queue */
    struct rt_vcpu *scheduled;      /* what do_schedule picked (NULL: idle) */
};

struct rt_private {
    bool partitioned;
    struct rt_rq global;           /* global mode */
    spinlock_t list_lock;           /* protects vcpus */
    struct list_head vcpus;
};

#define RT_PRIV(ops)   ((struct rt_private *)(ops)->priv)
#define RT_VCPU(v)     ((struct rt_vcpu *)(v)->sched_priv)
#define RT_PCPU(cpu)   ((struct rt_pcpu *)sched_pcpu_data(cpu))

static uint32_t dom_vcpu(const struct rt_vcpu *svc)
{
    return ((uint32_t)svc->vcpu->domain->domain_id << 16) | svc->vcpu->vcpu_id;
}

/* The run queue v belongs to (with v's framework lock held). */
static struct rt_rq *rq_of(const struct scheduler *ops, const struct vcpu *v)
{
    if (RT_PRIV(ops)->partitioned)
        return &RT_PCPU(v->processor)->rq;
    return &RT_PRIV(ops)->global;
}

static struct rt_rq *rq_of_cpu(const struct scheduler *ops, unsigned int cpu)
{
    if (RT_PRIV(ops)->partitioned)
        return &RT_PCPU(cpu)->rq;
    return &RT_PRIV(ops)->global;
}

/* --- the queues ----------------------------------------------------------------- */

/* The priority as one number, smaller = more urgent (see the top of the file). */
static s_time_t prio_key(const struct rt_vcpu *svc)
{
    if (svc->priority != RT_PRIO_AUTO)
        return RT_PRIO_MAX - (s_time_t)svc->priority;
    return RT_PRIO_MAX + 1 + svc->period;
}

/* Does a come before b: higher priority, or equal and ready first? */
static bool rt_before(const struct rt_vcpu *a, const struct rt_vcpu *b)
{
    s_time_t ka = prio_key(a), kb = prio_key(b);

    if (ka != kb)
        return ka < kb;
    return a->seq < b->seq;
}

static bool runq_less(const struct heap_node *a, const struct heap_node *b)
{
    return rt_before(heap_entry(a, struct rt_vcpu, runq_elem),
                     heap_entry(b, struct rt_vcpu, runq_elem));
}

static bool replq_less(const struct heap_node *a, const struct heap_node *b)
{
    return heap_entry(a, struct rt_vcpu, replq_elem)->cur_deadline <
           heap_entry(b, struct rt_vcpu, replq_elem)->cur_deadline;
}

static struct rt_vcpu *runq_head(const struct rt_rq *rq)
{
    struct heap_node *n = heap_min(&rq->runq);
    return n ? heap_entry(n, struct rt_vcpu, runq_elem) : NULL;
}

static struct rt_vcpu *replq_head(const struct rt_rq *rq)
{
    struct heap_node *n = heap_min(&rq->replq);
    return n ? heap_entry(n, struct rt_vcpu, replq_elem) : NULL;
}

static void runq_insert(struct rt_rq *rq, struct rt_vcpu *svc)
{
    ASSERT(svc->cur_budget > 0);
    if (!heap_node_queued(&svc->runq_elem))
        heap_insert(&rq->runq, &svc->runq_elem);
}

static void runq_remove(struct rt_rq *rq, struct rt_vcpu *svc)
{
    if (heap_node_queued(&svc->runq_elem))
        heap_remove(&rq->runq, &svc->runq_elem);
}

/* The replenishment timer fires at the earliest replenishment, if any. */
static void repl_timer_update(struct rt_rq *rq)
{
    struct rt_vcpu *head = replq_head(rq);

    if (!head)
        stop_timer(&rq->repl_timer);
    else if (!timer_is_active(&rq->repl_timer) ||
             rq->repl_timer.expires != head->cur_deadline)
        set_timer(&rq->repl_timer, head->cur_deadline);
}

static void replq_insert(struct rt_rq *rq, struct rt_vcpu *svc)
{
    if (heap_node_queued(&svc->replq_elem))
        return;
    heap_insert(&rq->replq, &svc->replq_elem);
    if (replq_head(rq) == svc)
        repl_timer_update(rq);
}

static void replq_remove(struct rt_rq *rq, struct rt_vcpu *svc)
{
    if (!heap_node_queued(&svc->replq_elem))
        return;
    bool was_head = replq_head(rq) == svc;
    heap_remove(&rq->replq, &svc->replq_elem);
    if (was_head)
        repl_timer_update(rq);
}

/* --- budget and deadlines ----------------------------------------------------- */

/* Charge the running svc for the time since last_start (up to `now`). */
static void burn_budget(struct rt_vcpu *svc, s_time_t now)
{
    s_time_t delta = now - svc->last_start;

    if (delta <= 0)
        return;
    svc->last_start = now;
    if (svc->cur_budget <= 0)
        return;
    svc->cur_budget -= delta;
    if (svc->cur_budget <= 0) {
        uint32_t d = dom_vcpu(svc);
        svc->cur_budget = 0;
        sched_trace(RT_EV_DEPLETED, 1, &d);
    }
}

/*
 * now >= cur_deadline: move to the grid's period that contains now (the deadline
 * becomes the first boundary after now) with a full budget (Xen RTDS's
 * rt_update_deadline). svc must be in neither queue: its keys change.
 */
static void update_deadline(struct rt_vcpu *svc, s_time_t now)
{
    ASSERT(!heap_node_queued(&svc->runq_elem) && !heap_node_queued(&svc->replq_elem));
    ASSERT(now >= svc->cur_deadline);
    s_time_t periods = (now - svc->cur_deadline) / svc->period + 1;

    svc->cur_deadline += periods * svc->period;
    svc->cur_budget = svc->budget;
    svc->replenishments++;

    uint32_t d[2] = { dom_vcpu(svc), (uint32_t)(svc->budget / 1000) };
    trace_var(TRC_HESTIA_EDF_REPLENISH, 2, d);
}

/* The deadline passed with budget left while svc wanted to run (as in edf.c). */
static void deadline_miss(struct rt_vcpu *svc)
{
    uint32_t d[2] = { dom_vcpu(svc), (uint32_t)(svc->cur_budget / 1000) };

    svc->misses++;
    trace_var(TRC_HESTIA_EDF_MISS, 2, d);
}

/* --- choosing a pCPU ------------------------------------------------------------ */

static bool is_tickled(const struct rt_rq *rq, unsigned int cpu)
{
    return rq->tickled & (1ULL << cpu);
}

/*
 * The pCPU that should run svc, or -1: an idle pCPU of the run queue, trying svc's
 * own first, else the one running the lowest priority if svc's is higher. pCPUs
 * already tickled are left out, so that two vcpus waking together go to two pCPUs.
 */
static int choose_cpu(const struct rt_rq *rq, const struct rt_vcpu *svc)
{
    unsigned int first = rq->cpu >= 0 ? (unsigned int)rq->cpu : 0;
    unsigned int nr = rq->cpu >= 0 ? 1 : sched_nr_cpus();
    unsigned int own = svc->vcpu->processor;
    const struct rt_vcpu *lowest = NULL;
    int lowest_cpu = -1;

    if (own < first || own >= first + nr)
        own = first;
    for (unsigned int i = 0; i < nr; i++) {
        unsigned int cpu = first + (own - first + i) % nr;
        if (is_tickled(rq, cpu))
            continue;
        const struct rt_vcpu *cur = RT_PCPU(cpu)->scheduled;
        if (!cur)
            return (int)cpu;
        if (!lowest || rt_before(lowest, cur)) {
            lowest = cur;
            lowest_cpu = (int)cpu;
        }
    }
    if (lowest && rt_before(svc, lowest))
        return lowest_cpu;
    return -1;
}

/* svc became ready: make a pCPU reschedule if svc should run there now. */
static void runq_tickle(struct rt_rq *rq, const struct rt_vcpu *svc)
{
    int cpu = choose_cpu(rq, svc);

    if (cpu < 0)
        return;
    rq->tickled |= 1ULL << cpu;
    uint32_t d = (uint32_t)cpu;
    sched_trace(RT_EV_TICKLE, 1, &d);
    cpu_tickle((unsigned int)cpu);
}

/* --- replenishment -------------------------------------------------------------- */

/* svc's deadline has come (now >= cur_deadline); it is out of replq. */
static void replenish(struct rt_rq *rq, struct rt_vcpu *svc, s_time_t now)
{
    bool running = svc->on_cpu >= 0;
    bool queued = heap_node_queued(&svc->runq_elem);
    s_time_t boundary = svc->cur_deadline;

    if (running)
        burn_budget(svc, boundary);     /* what it ran before the boundary */
    if (svc->cur_budget > 0 && vcpu_runnable(svc->vcpu))
        deadline_miss(svc);
    runq_remove(rq, svc);
    update_deadline(svc, now);

    if (running) {
        /* Time since the new period began counts against it. */
        if (svc->last_start < svc->cur_deadline - svc->period)
            svc->last_start = svc->cur_deadline - svc->period;
        struct rt_vcpu *head = runq_head(rq);
        if (head && rt_before(head, svc))
            runq_tickle(rq, head);
    } else if (queued) {
        runq_insert(rq, svc);
    } else if (vcpu_runnable(svc->vcpu)) {
        svc->seq = rq->next_seq++;      /* was depleted: ready again */
        runq_insert(rq, svc);
        runq_tickle(rq, svc);
    }
}

static void repl_timer_fn(void *data)
{
    struct rt_rq *rq = data;
    struct rt_vcpu *svc;
    unsigned long flags;

    spin_lock_irqsave(&rq->lock, flags);
    s_time_t now = NOW();
    while ((svc = replq_head(rq)) && svc->cur_deadline <= now) {
        heap_remove(&rq->replq, &svc->replq_elem);
        replenish(rq, svc, now);
        heap_insert(&rq->replq, &svc->replq_elem);
    }
    repl_timer_update(rq);
    spin_unlock_irqrestore(&rq->lock, flags);
}

/* --- set-up and tear-down ------------------------------------------------------- */

static void rq_init(struct rt_rq *rq, int cpu)
{
    spin_lock_init(&rq->lock);
    rq->cpu = cpu;
    heap_init(&rq->runq, runq_less);
    heap_init(&rq->replq, replq_less);
    init_timer(&rq->repl_timer, repl_timer_fn, rq, cpu >= 0 ? (unsigned int)cpu : 0);
    rq->next_seq = 1;
    rq->tickled = 0;
}

static int rt_init(struct scheduler *ops)
{
    struct rt_private *prv = xzalloc(struct rt_private);

    if (!prv)
        return -ENOMEM;
    prv->partitioned = sched_rt_partitioned;
    rq_init(&prv->global, -1);
    spin_lock_init(&prv->list_lock);
    INIT_LIST_HEAD(&prv->vcpus);
    ops->priv = prv;
    return 0;
}

static void rt_deinit(struct scheduler *ops)
{
    struct rt_private *prv = RT_PRIV(ops);

    stop_timer(&prv->global.repl_timer);
    xfree(prv);
    ops->priv = NULL;
}

static void *rt_alloc_vdata(const struct scheduler *ops, struct vcpu *v)
{
    struct rt_vcpu *svc = xzalloc(struct rt_vcpu);

    if (!svc)
        return NULL;
    svc->vcpu = v;
    svc->budget = MICROSECS(RT_DEFAULT_BUDGET_US);
    svc->period = MICROSECS(RT_DEFAULT_PERIOD_US);
    svc->on_cpu = -1;
    heap_node_init(&svc->runq_elem);
    heap_node_init(&svc->replq_elem);
    INIT_LIST_HEAD(&svc->vcpu_elem);
    return svc;
}

static void rt_free_vdata(const struct scheduler *ops, void *vdata)
{
    xfree(vdata);
}

static void *rt_alloc_pdata(const struct scheduler *ops, unsigned int cpu)
{
    struct rt_pcpu *pc = xzalloc(struct rt_pcpu);

    if (pc)
        rq_init(&pc->rq, (int)cpu);
    return pc;
}

static void rt_free_pdata(const struct scheduler *ops, void *pdata, unsigned int cpu)
{
    struct rt_pcpu *pc = pdata;

    if (pc)
        stop_timer(&pc->rq.repl_timer);
    xfree(pc);
}

/* --- joining, leaving, waking, sleeping -------------------------------------- */

static void rt_insert_vcpu(const struct scheduler *ops, struct vcpu *v)
{
    struct rt_private *prv = RT_PRIV(ops);
    struct rt_vcpu *svc = RT_VCPU(v);
    struct rt_rq *rq = rq_of(ops, v);
    s_time_t now = NOW();

    spin_lock(&prv->list_lock);
    list_add_tail(&svc->vcpu_elem, &prv->vcpus);
    spin_unlock(&prv->list_lock);

    spin_lock(&rq->lock);
    if (svc->cur_deadline == 0) {           /* the grid starts now */
        svc->cur_deadline = now + svc->period;
        svc->cur_budget = svc->budget;
    } else if (now >= svc->cur_deadline) {
        update_deadline(svc, now);
    }
    if (curr_on(v->processor) == v) {       /* running: it is that pCPU's current */
        replq_insert(rq, svc);
        svc->on_cpu = (int)v->processor;
        svc->last_start = now;
        RT_PCPU(v->processor)->scheduled = svc;
    } else if (vcpu_runnable(v)) {
        svc->seq = rq->next_seq++;
        replq_insert(rq, svc);
        runq_insert(rq, svc);
        runq_tickle(rq, svc);
    }
    spin_unlock(&rq->lock);
}

static void rt_remove_vcpu(const struct scheduler *ops, struct vcpu *v)
{
    struct rt_private *prv = RT_PRIV(ops);
    struct rt_vcpu *svc = RT_VCPU(v);
    struct rt_rq *rq = rq_of(ops, v);

    spin_lock(&rq->lock);
    runq_remove(rq, svc);
    replq_remove(rq, svc);
    if (svc->on_cpu >= 0) {
        struct rt_pcpu *pc = RT_PCPU((unsigned int)svc->on_cpu);
        if (pc->scheduled == svc)
            pc->scheduled = NULL;
        svc->on_cpu = -1;
    }
    spin_unlock(&rq->lock);

    spin_lock(&prv->list_lock);
    list_del_init(&svc->vcpu_elem);
    spin_unlock(&prv->list_lock);
}

static void rt_wake(const struct scheduler *ops, struct vcpu *v)
{
    struct rt_vcpu *svc = RT_VCPU(v);
    struct rt_rq *rq = rq_of(ops, v);

    spin_lock(&rq->lock);
    if (svc->on_cpu < 0 && !heap_node_queued(&svc->runq_elem)) {
        s_time_t now = NOW();
        if (now >= svc->cur_deadline) {     /* slept through its deadline */
            replq_remove(rq, svc);
            update_deadline(svc, now);
        }
        replq_insert(rq, svc);
        if (svc->cur_budget > 0) {
            svc->seq = rq->next_seq++;
            runq_insert(rq, svc);
            runq_tickle(rq, svc);
        }
    }
    spin_unlock(&rq->lock);
}

/* Asleep (blocked or paused): out of both queues; the budget is kept. */
static void rt_sleep(const struct scheduler *ops, struct vcpu *v)
{
    struct rt_vcpu *svc = RT_VCPU(v);
    struct rt_rq *rq = rq_of(ops, v);

    spin_lock(&rq->lock);
    runq_remove(rq, svc);
    replq_remove(rq, svc);
    spin_unlock(&rq->lock);
}

/* Behind the vcpus with the same priority; it keeps its budget and deadline. */
static void rt_yield(const struct scheduler *ops, struct vcpu *v)
{
    struct rt_vcpu *svc = RT_VCPU(v);
    struct rt_rq *rq = rq_of(ops, v);

    spin_lock(&rq->lock);
    runq_remove(rq, svc);
    svc->seq = rq->next_seq++;
    spin_unlock(&rq->lock);
}

/* --- picking the next vcpu ------------------------------------------------------ */

/*
 * May `cpu` run svc (which is not the vcpu it runs now)? Not if svc is still being
 * switched out elsewhere. If svc last ran on another pCPU, take that pCPU's lock
 * (v's lock) without spinning, and move v->processor to cpu under both locks.
 */
static bool can_take(struct rt_vcpu *svc, unsigned int cpu)
{
    struct vcpu *v = svc->vcpu;
    unsigned int from = v->processor;

    if (from == cpu)
        return !v->is_running;
    if (!sched_trylock(from))
        return false;
    bool ok = v->processor == from && !v->is_running;
    if (ok)
        __atomic_store_n(&v->processor, cpu, __ATOMIC_RELEASE);
    sched_unlock(from);
    return ok;
}

/*
 * Take the most urgent vcpu `cpu` may run off the run queue (NULL: none). Busy
 * ones (see can_take) are skipped and put back; *skipped says if any were.
 */
static struct rt_vcpu *runq_pick(struct rt_rq *rq, unsigned int cpu,
                                  const struct rt_vcpu *scurr, bool *skipped)
{
    struct rt_vcpu *busy[RT_MAX_SKIP], *svc = NULL;
    unsigned int nr_busy = 0;
    struct heap_node *n;

    while (nr_busy < RT_MAX_SKIP && (n = heap_pop(&rq->runq))) {
        svc = heap_entry(n, struct rt_vcpu, runq_elem);
        if (svc == scurr || can_take(svc, cpu))
            break;
        busy[nr_busy++] = svc;
        svc = NULL;
    }
    *skipped = nr_busy > 0;
    while (nr_busy)
        heap_insert(&rq->runq, &busy[--nr_busy]->runq_elem);
    return svc;
}

static struct task_slice rt_do_schedule(const struct scheduler *ops, unsigned int cpu,
                                        s_time_t now)
{
    struct rt_rq *rq = rq_of_cpu(ops, cpu);
    struct rt_pcpu *pc = RT_PCPU(cpu);
    struct task_slice slice = { idle_vcpu_of(cpu), -1 };
    struct rt_vcpu *scurr, *snext;
    bool skipped;

    spin_lock(&rq->lock);
    rq->tickled &= ~(1ULL << cpu);
    scurr = pc->scheduled;
    if (scurr) {
        burn_budget(scurr, now);
        scurr->on_cpu = -1;
        if (!vcpu_runnable(scurr->vcpu))
            replq_remove(rq, scurr);        /* blocked: no replenishments until it wakes */
        else if (scurr->cur_budget > 0)
            runq_insert(rq, scurr);         /* competes with the head, keeps its seq */
        /* else depleted: waits in replq for its replenishment */
    }

    snext = runq_pick(rq, cpu, scurr, &skipped);
    pc->scheduled = snext;
    if (snext) {
        snext->on_cpu = (int)cpu;
        snext->last_start = now;
        slice.task = snext->vcpu;
        slice.time = snext->cur_budget;     /* budget enforcement */
    }
    if (skipped && (slice.time < 0 || slice.time > RT_RETRY))
        slice.time = RT_RETRY;
    spin_unlock(&rq->lock);
    return slice;
}

/* Where the waking v should go: the pCPU the tickle would choose (global mode). */
static unsigned int rt_pick_cpu(const struct scheduler *ops, struct vcpu *v)
{
    struct rt_vcpu *svc = RT_VCPU(v);
    struct rt_rq *rq = rq_of(ops, v);
    unsigned int cpu = v->processor;

    if (RT_PRIV(ops)->partitioned)
        return cpu;
    spin_lock(&rq->lock);
    struct rt_vcpu probe = *svc;            /* with the seq rt_wake will give it */
    probe.seq = rq->next_seq;
    int best = choose_cpu(rq, &probe);
    spin_unlock(&rq->lock);
    return best >= 0 ? (unsigned int)best : cpu;
}

/* --- parameters and dump ------------------------------------------------------- */

/*
 * The reservation changes now: the current period keeps its start and takes the new
 * length, and what the vcpu used in it stays used (budget left = new budget - used).
 * A period that is over with its new length is replaced by the grid's current one.
 */
static void change_reservation(struct rt_rq *rq, struct rt_vcpu *svc,
                               s_time_t budget, s_time_t period)
{
    s_time_t now = NOW();
    bool awake = heap_node_queued(&svc->replq_elem);
    bool was_queued = heap_node_queued(&svc->runq_elem);

    if (svc->cur_deadline == 0) {           /* not started: nothing to carry over */
        svc->budget = svc->cur_budget = budget;
        svc->period = period;
        return;
    }
    if (svc->on_cpu >= 0)
        burn_budget(svc, now);
    runq_remove(rq, svc);
    replq_remove(rq, svc);

    s_time_t used = svc->budget - svc->cur_budget;
    s_time_t start = svc->cur_deadline - svc->period;
    svc->budget = budget;
    svc->period = period;
    svc->cur_budget = MAX(budget - used, 0);
    svc->cur_deadline = start + period;
    if (now >= svc->cur_deadline)
        update_deadline(svc, now);

    if (!awake)
        return;
    replq_insert(rq, svc);
    if (svc->on_cpu < 0 && svc->cur_budget > 0 && vcpu_runnable(svc->vcpu)) {
        if (!was_queued)
            svc->seq = rq->next_seq++;
        runq_insert(rq, svc);
        runq_tickle(rq, svc);
    }
}

/* A new priority, at once: the key changes, so svc is queued again. */
static void change_priority(struct rt_rq *rq, struct rt_vcpu *svc, unsigned int prio)
{
    bool queued = heap_node_queued(&svc->runq_elem);

    runq_remove(rq, svc);
    svc->priority = prio;
    if (queued) {
        runq_insert(rq, svc);
        runq_tickle(rq, svc);
    }
    /* A running svc: the framework reschedules its pCPU after a change. */
}

static int rt_adjust(const struct scheduler *ops, struct vcpu *v, const char *param,
                     long *value, bool set)
{
    struct rt_vcpu *svc = RT_VCPU(v);
    bool is_prio = strcmp(param, "priority") == 0;
    bool is_budget = strcmp(param, "budget_us") == 0;

    if (!is_prio && !is_budget && strcmp(param, "period_us") != 0)
        return -EINVAL;
    if (!set) {
        /* No module lock: after a switch, ops' per-pCPU data may be gone. */
        *value = is_prio ? (long)svc->priority :
                 (long)((is_budget ? svc->budget : svc->period) / 1000);
        return 0;
    }

    struct rt_rq *rq = rq_of(ops, v);
    int rc = 0;

    spin_lock(&rq->lock);
    if (is_prio) {
        change_priority(rq, svc, (unsigned int)*value);
    } else {
        s_time_t budget = is_budget ? MICROSECS(*value) : svc->budget;
        s_time_t period = is_budget ? svc->period : MICROSECS(*value);
        if (budget > period)
            rc = -EINVAL;                   /* the budget must fit in the period */
        else
            change_reservation(rq, svc, budget, period);
    }
    spin_unlock(&rq->lock);
    return rc;
}

static void dump_vcpu(const struct rt_vcpu *svc)
{
    printk("  d%uv%u cpu%u %s priority %u%s budget %ld/%ld us left %ld us deadline %ld us"
           " replenishments %lu misses %lu\n",
           svc->vcpu->domain->domain_id, svc->vcpu->vcpu_id, svc->vcpu->processor,
           svc->on_cpu >= 0 ? "running" :
           heap_node_queued(&svc->runq_elem) ? "queued" :
           heap_node_queued(&svc->replq_elem) ? "depleted" : "asleep",
           svc->priority, svc->priority == RT_PRIO_AUTO ? " (rate monotonic)" : "",
           (long)(svc->budget / 1000), (long)(svc->period / 1000),
           (long)(svc->cur_budget / 1000), (long)(svc->cur_deadline / 1000),
           svc->replenishments, svc->misses);
}

static void rt_dump(const struct scheduler *ops, unsigned int cpu)
{
    struct rt_private *prv = RT_PRIV(ops);
    struct rt_rq *rq = rq_of_cpu(ops, cpu);
    const struct rt_vcpu *svc;

    spin_lock(&rq->lock);
    printk("rt: cpu%u (%s) runq %u, replq %u\n", cpu,
           prv->partitioned ? "partitioned" : "global",
           heap_size(&rq->runq), heap_size(&rq->replq));
    spin_lock(&prv->list_lock);
    list_for_each_entry(svc, &prv->vcpus, vcpu_elem)
        if (svc->vcpu->processor == cpu)
            dump_vcpu(svc);
    spin_unlock(&prv->list_lock);
    spin_unlock(&rq->lock);
}

struct scheduler sched_rt_def = {
    .name = "Fixed priority (rate monotonic)",
    .opt_name = "rt",
    .params = rt_params,
    .nr_params = ARRAY_SIZE(rt_params),
    .init = rt_init,
    .deinit = rt_deinit,
    .alloc_vdata = rt_alloc_vdata,
    .free_vdata = rt_free_vdata,
    .alloc_pdata = rt_alloc_pdata,
    .free_pdata = rt_free_pdata,
    .insert_vcpu = rt_insert_vcpu,
    .remove_vcpu = rt_remove_vcpu,
    .wake = rt_wake,
    .sleep = rt_sleep,
    .yield = rt_yield,
    .do_schedule = rt_do_schedule,
    .pick_cpu = rt_pick_cpu,
    .adjust = rt_adjust,
    .dump = rt_dump,
};
