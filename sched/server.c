/*
 * sched/server.c - reservation servers: the machinery the edf and rt modules share.
 *
 * Each vcpu is a *server* with a reservation: `budget_us` of CPU time in every
 * `period_us` (parameters; a vcpu without them gets 4000 us / 10000 us, Xen RTDS's
 * defaults). Periods follow one another on a fixed grid; the end of the current
 * period is the vcpu's deadline, and among the runnable vcpus with budget left the
 * module's policy picks (edf: earliest deadline; rt: highest priority). Rules, as
 * in RTDS (xen/common/sched/rt.c):
 *
 *   - Replenishment: at each period boundary the budget is refilled to budget_us and
 *     the deadline moves to the end of the new period. Budget left at the boundary
 *     is lost, never carried over.
 *   - Enforcement: a running vcpu burns its budget (ns accuracy: do_schedule charges
 *     now - last_start); its slice ends when the budget does. A vcpu with no budget
 *     left is *depleted*: it is not picked, however early its deadline, until its
 *     next replenishment.
 *   - Deferrable server: budget is kept while the vcpu is blocked or paused, and
 *     replenishments stop; when it wakes in the same period it uses what is left,
 *     and when it wakes after its deadline it moves to the grid's current period
 *     (deadline = the first boundary after now) with a full budget.
 *
 * Parameters: budget_us (1 us .. 10 s) and period_us (100 us .. 10 s); a budget
 * above the period is refused (-EINVAL) whichever of the two is set, so two settings
 * must come in a workable order (raise the period first, or lower the budget
 * first). A change applies at once: the current period keeps its start and takes
 * the new length, and what the vcpu used in it stays used.
 *
 * Deadline misses. A server cannot see the jobs inside a guest, so a miss is
 * defined on the reservation: at a deadline, the vcpu still had budget left *and*
 * was runnable (it wanted to run, and the module did not give it its budget in time).
 * A vcpu blocked at its deadline did not miss; one that was depleted had its whole
 * reservation (if its guest needed more, that is an overrun, not a scheduler miss).
 * Each miss is counted (shown by dump) and traced as TRC_HESTIA_EDF_MISS with
 * dom<<16|vcpu and the budget left in us - the unserved demand, a lower bound of how
 * late the work the vcpu wanted done in that period completes. With periodic tasks
 * whose reservation equals the task (budget = wcet, period = period, released on
 * the grid) a miss of the reservation is exactly a miss of the task's job. (A vcpu
 * that wakes near the end of its period with a full budget - the deferrable
 * server's known weakness - can miss too, and is counted.)
 * Each replenishment is traced as TRC_HESTIA_EDF_REPLENISH (dom<<16|vcpu, budget
 * us). Other decisions go through sched_trace(): SERVER_EV_TICKLE (the pCPU tickled),
 * SERVER_EV_DEPLETED (dom<<16|vcpu).
 *
 * Queues, per run queue (see SMP below):
 *   runq  - runnable vcpus with budget that are not running, in the policy's
 *           order (edf: deadline, rt: priority), then by seq: among equals the one
 *           that became ready first (seq is taken on wake and on replenishment
 *           after depletion, and kept across preemption, so a preempted vcpu
 *           stays ahead of its equals; yield takes a new seq, going behind them).
 *           The running vcpu competes with the head at every do_schedule and keeps
 *           the pCPU on a tie.
 *   replq - every awake vcpu (runnable, running or depleted), by next
 *           replenishment time (= its deadline); one timer fires at the head's time
 *           (RTDS's replenishment queue). A vcpu leaves replq when it blocks or
 *           sleeps, and rejoins when it wakes.
 * Both are binary heaps (sched/heap.c).
 *
 * Costs (n vcpus in a run queue, P pCPUs sharing it):
 *   wake            O(log n) + O(P) to choose a pCPU to tickle
 *   sleep, remove   O(log n)
 *   do_schedule     O(log n) (plus a few O(log n) retries when the head is still
 *                   being switched out on another pCPU, global mode only)
 *   replenishment   O(log n) per vcpu replenished, one timer for the whole queue
 *                   (instead of one timer per vcpu: one timer-queue entry, and
 *                   vcpus due together are handled in one interrupt)
 *   pick_cpu        O(P)
 *   memory          per vcpu: 2 heap nodes; no allocation after alloc_vdata.
 *
 * SMP. By default *global*: one run queue for all pCPUs, protected by a lock
 * of this module (taken after the framework's pCPU lock, as sched.h requires). A
 * waking or replenished vcpu tickles an idle pCPU (its own first), else the pCPU
 * running the vcpu the policy puts last, if the newcomer comes before it; pick_cpu
 * makes the same choice so that the framework places the vcpu there before it is
 * woken. A pCPU taking a vcpu last run elsewhere takes that pCPU's framework lock
 * with sched_trylock() (never spins) and moves v->processor under both locks, as
 * the framework's migrate() does; a vcpu still being switched out elsewhere
 * (is_running) is skipped for now, and the pCPU looks again after SERVER_RETRY.
 * With the module's boot option (`sched_edf_partitioned`, `sched_rt_partitioned`;
 * default off) the module is *partitioned*: each pCPU has its own run queue,
 * replenishment queue, timer and lock, and a vcpu stays on the pCPU it was created
 * on (v->processor).
 *
 * A module is this file plus a policy (struct server_policy in server.h): its
 * order (`runq_less`), whether it has the `priority` parameter, and its partitioned
 * boot option. Everything else - rules, parameters, misses, queues, SMP - is here,
 * once, so that edf and rt differ only in what they are meant to compare.
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

#include "server.h"

/* A pCPU that skipped busy candidates looks again this soon. */
#define SERVER_RETRY      MICROSECS(20)
/* How many busy candidates do_schedule skips before giving up for now. */
#define SERVER_MAX_SKIP   8

/* Module decisions, traced as TRC_HESTIA_SCHED_MODULE + event. */
#define SERVER_EV_TICKLE   1    /* extra: the pCPU */
#define SERVER_EV_DEPLETED 2    /* extra: dom << 16 | vcpu */

BUILD_BUG_ON(NR_CPUS > 64);     /* the tickled mask is one uint64_t */

/* A run queue: for all pCPUs (global) or for one (partitioned). */
struct server_rq {
    spinlock_t lock;                /* everything below, and the vcpus queued here */
    int cpu;                        /* the pCPU served, or -1: all of them */
    struct heap runq;
    struct heap replq;
    struct timer repl_timer;        /* at the head of replq's deadline */
    uint64_t next_seq;
    uint64_t tickled;               /* pCPUs tickled, not yet rescheduled */
};

struct server_pcpu {
    struct server_rq rq;            /* partitioned mode: this pCPU's queue */
    struct server_vcpu *scheduled;  /* what do_schedule picked (NULL: idle) */
};

struct server_private {
    const struct server_policy *policy;
    bool partitioned;
    struct server_rq global;           /* global mode */
    spinlock_t list_lock;           /* protects vcpus */
    struct list_head vcpus;
};

#define SRV_PRIV(ops)   ((struct server_private *)(ops)->priv)
#define SRV_VCPU(v)     ((struct server_vcpu *)(v)->sched_priv)
#define SRV_PCPU(cpu)   ((struct server_pcpu *)sched_pcpu_data(cpu))

static uint32_t dom_vcpu(const struct server_vcpu *svc)
{
    return ((uint32_t)svc->vcpu->domain->domain_id << 16) | svc->vcpu->vcpu_id;
}

/* The run queue v belongs to (with v's framework lock held). */
static struct server_rq *rq_of(const struct scheduler *ops, const struct vcpu *v)
{
    if (SRV_PRIV(ops)->partitioned)
        return &SRV_PCPU(v->processor)->rq;
    return &SRV_PRIV(ops)->global;
}

static struct server_rq *rq_of_cpu(const struct scheduler *ops, unsigned int cpu)
{
    if (SRV_PRIV(ops)->partitioned)
        return &SRV_PCPU(cpu)->rq;
    return &SRV_PRIV(ops)->global;
}

/* --- the queues ----------------------------------------------------------------- */

/* Does a come before b in the module's order? */
static bool before(const struct server_vcpu *a, const struct server_vcpu *b)
{
    return a->policy->runq_less(&a->runq_elem, &b->runq_elem);
}

static bool replq_less(const struct heap_node *a, const struct heap_node *b)
{
    return heap_entry(a, struct server_vcpu, replq_elem)->cur_deadline <
           heap_entry(b, struct server_vcpu, replq_elem)->cur_deadline;
}

static struct server_vcpu *runq_head(const struct server_rq *rq)
{
    struct heap_node *n = heap_min(&rq->runq);
    return n ? heap_entry(n, struct server_vcpu, runq_elem) : NULL;
}

static struct server_vcpu *replq_head(const struct server_rq *rq)
{
    struct heap_node *n = heap_min(&rq->replq);
    return n ? heap_entry(n, struct server_vcpu, replq_elem) : NULL;
}

static void runq_insert(struct server_rq *rq, struct server_vcpu *svc)
{
    ASSERT(svc->cur_budget > 0);
    if (!heap_node_queued(&svc->runq_elem))
        heap_insert(&rq->runq, &svc->runq_elem);
}

static void runq_remove(struct server_rq *rq, struct server_vcpu *svc)
{
    if (heap_node_queued(&svc->runq_elem))
        heap_remove(&rq->runq, &svc->runq_elem);
}

/* The replenishment timer fires at the earliest replenishment, if any. */
static void repl_timer_update(struct server_rq *rq)
{
    struct server_vcpu *head = replq_head(rq);

    if (!head)
        stop_timer(&rq->repl_timer);
    else if (!timer_is_active(&rq->repl_timer) ||
             rq->repl_timer.expires != head->cur_deadline)
        set_timer(&rq->repl_timer, head->cur_deadline);
}

static void replq_insert(struct server_rq *rq, struct server_vcpu *svc)
{
    if (heap_node_queued(&svc->replq_elem))
        return;
    heap_insert(&rq->replq, &svc->replq_elem);
    if (replq_head(rq) == svc)
        repl_timer_update(rq);
}

static void replq_remove(struct server_rq *rq, struct server_vcpu *svc)
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
static void burn_budget(struct server_vcpu *svc, s_time_t now)
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
        sched_trace(SERVER_EV_DEPLETED, 1, &d);
    }
}

/*
 * now >= cur_deadline: move to the grid's period that contains now (the deadline
 * becomes the first boundary after now) with a full budget (Xen RTDS's
 * rt_update_deadline). svc must be in neither queue: its keys change.
 */
static void update_deadline(struct server_vcpu *svc, s_time_t now)
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
static void deadline_miss(struct server_vcpu *svc)
{
    uint32_t d[2] = { dom_vcpu(svc), (uint32_t)(svc->cur_budget / 1000) };

    svc->misses++;
    trace_var(TRC_HESTIA_EDF_MISS, 2, d);
}

/* --- choosing a pCPU ------------------------------------------------------------ */

static bool is_tickled(const struct server_rq *rq, unsigned int cpu)
{
    return rq->tickled & (1ULL << cpu);
}

/*
 * The pCPU that should run svc, or -1: an idle pCPU of the run queue, trying svc's
 * own first, else the one running the lowest priority if svc's is higher. pCPUs
 * already tickled are left out, so that two vcpus waking together go to two pCPUs.
 */
static int choose_cpu(const struct server_rq *rq, const struct server_vcpu *svc)
{
    unsigned int first = rq->cpu >= 0 ? (unsigned int)rq->cpu : 0;
    unsigned int nr = rq->cpu >= 0 ? 1 : sched_nr_cpus();
    unsigned int own = svc->vcpu->processor;
    const struct server_vcpu *lowest = NULL;
    int lowest_cpu = -1;

    if (own < first || own >= first + nr)
        own = first;
    for (unsigned int i = 0; i < nr; i++) {
        unsigned int cpu = first + (own - first + i) % nr;
        if (is_tickled(rq, cpu))
            continue;
        const struct server_vcpu *cur = SRV_PCPU(cpu)->scheduled;
        if (!cur)
            return (int)cpu;
        if (!lowest || before(lowest, cur)) {
            lowest = cur;
            lowest_cpu = (int)cpu;
        }
    }
    if (lowest && before(svc, lowest))
        return lowest_cpu;
    return -1;
}

/* svc became ready: make a pCPU reschedule if svc should run there now. */
static void runq_tickle(struct server_rq *rq, const struct server_vcpu *svc)
{
    int cpu = choose_cpu(rq, svc);

    if (cpu < 0)
        return;
    rq->tickled |= 1ULL << cpu;
    uint32_t d = (uint32_t)cpu;
    sched_trace(SERVER_EV_TICKLE, 1, &d);
    cpu_tickle((unsigned int)cpu);
}

/* --- replenishment -------------------------------------------------------------- */

/* svc's deadline has come (now >= cur_deadline); it is out of replq. */
static void replenish(struct server_rq *rq, struct server_vcpu *svc, s_time_t now)
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
        struct server_vcpu *head = runq_head(rq);
        if (head && before(head, svc))
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
    struct server_rq *rq = data;
    struct server_vcpu *svc;
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

static void rq_init(struct server_rq *rq, int cpu, const struct server_policy *policy)
{
    spin_lock_init(&rq->lock);
    rq->cpu = cpu;
    heap_init(&rq->runq, policy->runq_less);
    heap_init(&rq->replq, replq_less);
    init_timer(&rq->repl_timer, repl_timer_fn, rq, cpu >= 0 ? (unsigned int)cpu : 0);
    rq->next_seq = 1;
    rq->tickled = 0;
}

int server_init(struct scheduler *ops, const struct server_policy *policy)
{
    struct server_private *prv = xzalloc(struct server_private);

    if (!prv)
        return -ENOMEM;
    prv->policy = policy;
    prv->partitioned = *policy->partitioned;
    rq_init(&prv->global, -1, policy);
    spin_lock_init(&prv->list_lock);
    INIT_LIST_HEAD(&prv->vcpus);
    ops->priv = prv;
    return 0;
}

void server_deinit(struct scheduler *ops)
{
    struct server_private *prv = SRV_PRIV(ops);

    stop_timer(&prv->global.repl_timer);
    xfree(prv);
    ops->priv = NULL;
}

void *server_alloc_vdata(const struct scheduler *ops, struct vcpu *v)
{
    struct server_vcpu *svc = xzalloc(struct server_vcpu);

    if (!svc)
        return NULL;
    svc->policy = SRV_PRIV(ops)->policy;
    svc->vcpu = v;
    svc->budget = MICROSECS(SERVER_DEFAULT_BUDGET_US);
    svc->period = MICROSECS(SERVER_DEFAULT_PERIOD_US);
    svc->on_cpu = -1;
    heap_node_init(&svc->runq_elem);
    heap_node_init(&svc->replq_elem);
    INIT_LIST_HEAD(&svc->vcpu_elem);
    return svc;
}

void server_free_vdata(const struct scheduler *ops, void *vdata)
{
    xfree(vdata);
}

void *server_alloc_pdata(const struct scheduler *ops, unsigned int cpu)
{
    struct server_pcpu *pc = xzalloc(struct server_pcpu);

    if (pc)
        rq_init(&pc->rq, (int)cpu, SRV_PRIV(ops)->policy);
    return pc;
}

void server_free_pdata(const struct scheduler *ops, void *pdata, unsigned int cpu)
{
    struct server_pcpu *pc = pdata;

    if (pc)
        stop_timer(&pc->rq.repl_timer);
    xfree(pc);
}

/* --- joining, leaving, waking, sleeping -------------------------------------- */

void server_insert_vcpu(const struct scheduler *ops, struct vcpu *v)
{
    struct server_private *prv = SRV_PRIV(ops);
    struct server_vcpu *svc = SRV_VCPU(v);
    struct server_rq *rq = rq_of(ops, v);
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
        SRV_PCPU(v->processor)->scheduled = svc;
    } else if (vcpu_runnable(v)) {
        svc->seq = rq->next_seq++;
        replq_insert(rq, svc);
        runq_insert(rq, svc);
        runq_tickle(rq, svc);
    }
    spin_unlock(&rq->lock);
}

void server_remove_vcpu(const struct scheduler *ops, struct vcpu *v)
{
    struct server_private *prv = SRV_PRIV(ops);
    struct server_vcpu *svc = SRV_VCPU(v);
    struct server_rq *rq = rq_of(ops, v);

    spin_lock(&rq->lock);
    runq_remove(rq, svc);
    replq_remove(rq, svc);
    if (svc->on_cpu >= 0) {
        struct server_pcpu *pc = SRV_PCPU((unsigned int)svc->on_cpu);
        if (pc->scheduled == svc)
            pc->scheduled = NULL;
        svc->on_cpu = -1;
    }
    spin_unlock(&rq->lock);

    spin_lock(&prv->list_lock);
    list_del_init(&svc->vcpu_elem);
    spin_unlock(&prv->list_lock);
}

void server_wake(const struct scheduler *ops, struct vcpu *v)
{
    struct server_vcpu *svc = SRV_VCPU(v);
    struct server_rq *rq = rq_of(ops, v);

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
void server_sleep(const struct scheduler *ops, struct vcpu *v)
{
    struct server_vcpu *svc = SRV_VCPU(v);
    struct server_rq *rq = rq_of(ops, v);

    spin_lock(&rq->lock);
    runq_remove(rq, svc);
    replq_remove(rq, svc);
    spin_unlock(&rq->lock);
}

/* Behind the vcpus with the same priority; it keeps its budget and deadline. */
void server_yield(const struct scheduler *ops, struct vcpu *v)
{
    struct server_vcpu *svc = SRV_VCPU(v);
    struct server_rq *rq = rq_of(ops, v);

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
static bool can_take(struct server_vcpu *svc, unsigned int cpu)
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
static struct server_vcpu *runq_pick(struct server_rq *rq, unsigned int cpu,
                                  const struct server_vcpu *scurr, bool *skipped)
{
    struct server_vcpu *busy[SERVER_MAX_SKIP], *svc = NULL;
    unsigned int nr_busy = 0;
    struct heap_node *n;

    while (nr_busy < SERVER_MAX_SKIP && (n = heap_pop(&rq->runq))) {
        svc = heap_entry(n, struct server_vcpu, runq_elem);
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

struct task_slice server_do_schedule(const struct scheduler *ops, unsigned int cpu,
                                        s_time_t now)
{
    struct server_rq *rq = rq_of_cpu(ops, cpu);
    struct server_pcpu *pc = SRV_PCPU(cpu);
    struct task_slice slice = { idle_vcpu_of(cpu), -1 };
    struct server_vcpu *scurr, *snext;
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
    if (skipped && (slice.time < 0 || slice.time > SERVER_RETRY))
        slice.time = SERVER_RETRY;
    spin_unlock(&rq->lock);
    return slice;
}

/* Where the waking v should go: the pCPU the tickle would choose (global mode). */
unsigned int server_pick_cpu(const struct scheduler *ops, struct vcpu *v)
{
    struct server_vcpu *svc = SRV_VCPU(v);
    struct server_rq *rq = rq_of(ops, v);
    unsigned int cpu = v->processor;

    if (SRV_PRIV(ops)->partitioned)
        return cpu;
    spin_lock(&rq->lock);
    /* svc as server_wake will queue it: deadline moved if passed, a new seq. */
    struct server_vcpu probe = *svc;
    s_time_t now = NOW();
    if (now >= probe.cur_deadline)
        probe.cur_deadline += ((now - probe.cur_deadline) / probe.period + 1) *
                              probe.period;
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
static void change_reservation(struct server_rq *rq, struct server_vcpu *svc,
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
static void change_priority(struct server_rq *rq, struct server_vcpu *svc,
                            unsigned int prio)
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

int server_adjust(const struct scheduler *ops, struct vcpu *v, const char *param,
                     long *value, bool set)
{
    struct server_vcpu *svc = SRV_VCPU(v);
    bool is_prio = svc->policy->has_priority && strcmp(param, "priority") == 0;
    bool is_budget = strcmp(param, "budget_us") == 0;

    if (!is_prio && !is_budget && strcmp(param, "period_us") != 0)
        return -EINVAL;
    if (!set) {
        /* No module lock: after a switch, ops' per-pCPU data may be gone. */
        *value = is_prio ? (long)svc->priority :
                 (long)((is_budget ? svc->budget : svc->period) / 1000);
        return 0;
    }

    struct server_rq *rq = rq_of(ops, v);
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

static void dump_vcpu(const struct server_vcpu *svc)
{
    char prio[40] = "";

    if (svc->policy->has_priority)
        snprintf(prio, sizeof(prio), " priority %u%s", svc->priority,
                 svc->priority == SERVER_PRIO_AUTO ? " (rate monotonic)" : "");
    printk("  d%uv%u cpu%u %s%s budget %ld/%ld us left %ld us deadline %ld us"
           " replenishments %lu misses %lu\n",
           svc->vcpu->domain->domain_id, svc->vcpu->vcpu_id, svc->vcpu->processor,
           svc->on_cpu >= 0 ? "running" :
           heap_node_queued(&svc->runq_elem) ? "queued" :
           heap_node_queued(&svc->replq_elem) ? "depleted" : "asleep", prio,
           (long)(svc->budget / 1000), (long)(svc->period / 1000),
           (long)(svc->cur_budget / 1000), (long)(svc->cur_deadline / 1000),
           svc->replenishments, svc->misses);
}

void server_dump(const struct scheduler *ops, unsigned int cpu)
{
    struct server_private *prv = SRV_PRIV(ops);
    struct server_rq *rq = rq_of_cpu(ops, cpu);
    const struct server_vcpu *svc;

    spin_lock(&rq->lock);
    printk("%s: cpu%u (%s) runq %u, replq %u\n", prv->policy->name, cpu,
           prv->partitioned ? "partitioned" : "global",
           heap_size(&rq->runq), heap_size(&rq->replq));
    spin_lock(&prv->list_lock);
    list_for_each_entry(svc, &prv->vcpus, vcpu_elem)
        if (svc->vcpu->processor == cpu)
            dump_vcpu(svc);
    spin_unlock(&prv->list_lock);
    spin_unlock(&rq->lock);
}

