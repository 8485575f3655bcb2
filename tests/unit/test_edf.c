/*
 * tests/unit/test_edf.c - host tests for the EDF module (sched/edf.c), driven through
 * the real framework (sched/core.c) with the host fakes of pv_host.c.
 *
 * A small periodic-task driver (ptask_*, also used by test_rt.c) plays guests on one
 * pCPU: task i releases a job of wcet_i every period_i (from the time it is added);
 * its vcpu blocks when it has no unfinished job and is woken at the next release.
 * Time jumps from event to event: the next release, the running job's completion,
 * or the earliest timer (the framework's slice timer, the module's replenishment
 * timer); at each event the driver lets the framework run (timer "interrupt",
 * softirqs, schedule(), the fake context_switch). A job that completes after its
 * deadline (the next release), or is unfinished when a run ends past its deadline,
 * is a miss. A "hog" task always wants the CPU. Everything is integer nanoseconds:
 * no tolerance is needed except where stated.
 *
 * What is checked:
 *  - parameters: defaults 4000/10000 us, range checks (-ERANGE, by the framework),
 *    budget > period refused (-EINVAL) in either order;
 *  - budget enforcement: a hog with 2 ms / 10 ms gets 20% +- 1% over 1 s (it gets
 *    exactly 2 ms in every period, checked from the switch log); two hogs get 20%
 *    and 40%;
 *  - replenishment timing: TRC_HESTIA_EDF_REPLENISH at exactly k * period from the
 *    vcpu's creation, and the hog runs at exactly [k*10, k*10 + 2) ms;
 *  - deferrable server: budget left when blocking is used after waking in the same
 *    period; not carried into the next period; a vcpu waking after its deadline
 *    gets the grid's current period with a full budget;
 *  - EDF order and preemption: earliest deadline first; a waking vcpu with an
 *    earlier deadline preempts at once; yield goes behind equal deadlines;
 *  - misses: a hand-computed overload (6/10 + 6/10) traces TRC_HESTIA_EDF_MISS at
 *    10, 20, 30, 40 ms alternately for the two vcpus with 2000 us left, and dump
 *    shows the counts;
 *  - 100 random task sets (UUniFast, seeded; 2..8 tasks; periods from a set with a
 *    600 ms hyperperiod; U between 0.5 and 1.0, a quarter of them exactly 1.0) on
 *    one pCPU, reservation = task (budget = wcet, period = period), 2 s simulated
 *    (> 3 hyperperiods, enough for synchronous periodic tasks): no job misses and
 *    no module miss. 20 sets with U in (1.05, 1.5]: jobs miss, and for every task
 *    1 <= (module misses summed over the set) and module misses <= job misses;
 *  - run-time module switches rr -> edf -> rr with a running hog;
 *  - SMP at the hook level (the host has one real pCPU, so do_schedule is called
 *    directly for pCPU 1): global EDF runs the two earliest deadlines on two pCPUs
 *    and a waking earlier deadline tickles the pCPU with the latest one (pick_cpu
 *    agrees); partitioned mode keeps each vcpu on its pCPU even when the other is
 *    idle;
 *  - SMP in the simulator (sim/: the real framework and module on N pCPUs, run by
 *    its event loop): 25 random sets each on 2 and 4 pCPUs scaled onto the global
 *    EDF bound of Goossens, Funk & Baruah (U = m - (m - 1) u_max) miss no job in
 *    2 s; partitioned, 10 rounds of per-pCPU sets (U <= 1 each) miss nothing and no
 *    vcpu ever leaves its pCPU (checked every 20 ms); three 5/10 ms hogs placed on
 *    one of two pCPUs get 100% of one pCPU in total when partitioned and 150% when
 *    global (+- 1%); a 2/10 ms hog next to three default ones on 2 pCPUs gets 20%
 *    +- 1% and they 40% +- 1%.
 */
#include <check.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hestia/domain.h>
#include <hestia/errno.h>
#include <hestia/sched.h>
#include <hestia/softirq.h>
#include <hestia/timer.h>
#include <hestia/trace.h>
#include <hestia/xmalloc.h>
#include "../../sched/sched.h"
#include "../../sim/sim.h"
#include "host.h"
#include "pv_host.h"

#define REQUIRE(cond, ...) do { if (!(cond)) ck_abort_msg(__VA_ARGS__); } while (0)
#define MS(x) MILLISECS(x)
#define US(x) MICROSECS(x)

extern bool sched_edf_partitioned;
extern struct scheduler sched_edf_def;

/* ===================================================================================
 * The environment: framework + module on fresh timers, tracing of Hestia's class.
 * (Shared with test_rt.c, which declares what it uses: env_start, env_stop,
 * trace_count_dom, trace_count_word, set_reservation, ptask_*, tasks_seed, uunifast,
 * hook_*.)
 * =================================================================================== */

static size_t heap_at_start;
static unsigned int nr_tasks;           /* the periodic-task driver's, below */

void env_start(const char *sched, unsigned int nr_cpus)
{
    static bool traced;

    if (!traced) {                  /* once per process: trace_init has no undo */
        ck_assert_int_eq(trace_init(1, 1 << 20), 0);
        traced = true;
    }
    trace_class_mask = TRC_CLS_BIT(TRC_HESTIA);
    trace_reset(0);
    pv_host_reset();
    host_now = 0;
    host_timer_deadline = STIME_MAX;
    nr_tasks = 0;
    timers_init(nr_cpus);
    heap_at_start = xmalloc_bytes_in_use();
    ck_assert_int_eq(scheduler_init_with(nr_cpus, sched), 0);
    pv_run_softirqs();              /* left over from an earlier test (no-fork mode) */
    nr_switches = 0;
    host_log_reset();
}

/* Every vcpu must have been destroyed. Checks that the module freed everything. */
void env_stop(void)
{
    pv_run_softirqs();
    scheduler_shutdown();
    ck_assert_uint_eq(xmalloc_bytes_in_use(), heap_at_start);
}

/* The Hestia-class trace records of pCPU 0 with event `event`. */
struct trec {
    s_time_t at;
    uint32_t d[2];
};

static unsigned int trace_find(uint32_t event, struct trec *out, unsigned int max)
{
    size_t len;
    unsigned long lost;
    const uint32_t *w = trace_buffer(0, &len, &lost);
    unsigned int n = 0;

    ck_assert_uint_eq(lost, 0);
    for (size_t i = 0; i < len;) {
        uint32_t hdr = w[i];
        unsigned int extra = TRC_HDR_EXTRA(hdr);
        size_t at = i + 1;
        s_time_t tsc = 0;
        if (TRC_HDR_CYCLES(hdr)) {
            tsc = (s_time_t)((uint64_t)w[at] | (uint64_t)w[at + 1] << 32);
            at += 2;
        }
        if (TRC_HDR_EVENT(hdr) == event) {
            if (n < max) {
                out[n].at = tsc;
                out[n].d[0] = extra > 0 ? w[at] : 0;
                out[n].d[1] = extra > 1 ? w[at + 1] : 0;
            }
            n++;
        }
        i = at + extra;
    }
    return n;
}

/* How many `event` records name domain `domid` in their first word. */
unsigned int trace_count_dom(uint32_t event, unsigned int domid)
{
    static struct trec recs[65536];
    unsigned int n = trace_find(event, recs, ARRAY_SIZE(recs)), count = 0;

    ck_assert_uint_le(n, ARRAY_SIZE(recs));
    for (unsigned int i = 0; i < n; i++)
        if (recs[i].d[0] >> 16 == domid)
            count++;
    return count;
}

/*
 * Give v the reservation budget/period (us), whatever it has now: the module refuses
 * budget > period at every step, so the order of the two settings matters.
 */
void set_reservation(struct vcpu *v, long budget_us, long period_us)
{
    long cur_period;
    ck_assert_int_eq(sched_get_param(v, "period_us", &cur_period), 0);
    if (budget_us > cur_period) {
        ck_assert_int_eq(sched_set_param(v, "period_us", period_us), 0);
        ck_assert_int_eq(sched_set_param(v, "budget_us", budget_us), 0);
    } else {
        ck_assert_int_eq(sched_set_param(v, "budget_us", budget_us), 0);
        ck_assert_int_eq(sched_set_param(v, "period_us", period_us), 0);
    }
}

/* ===================================================================================
 * The periodic-task driver (one pCPU, the real framework).
 * =================================================================================== */

#define MAX_TASKS 16

struct ptask {
    s_time_t period, wcet;          /* wcet < 0: a hog */
    s_time_t base;                  /* release of job 0 */
    struct domain *d;
    struct vcpu *v;
    s_time_t next_release;
    s_time_t done_in_job;           /* CPU the oldest unfinished job has had */
    uint64_t released, completed, late;
    s_time_t run;                   /* CPU time received */
    s_time_t max_lateness;
};

static struct ptask tasks[MAX_TASKS];

static bool is_hog(const struct ptask *t) { return t->wcet < 0; }

/*
 * A task (in its own domain, id = index + 1) added now. wcet < 0 makes a hog
 * (period ignored). budget_us > 0: its reservation; priority >= 0: its priority
 * parameter (rt). Returns its index.
 */
int ptask_add(s_time_t period, s_time_t wcet, long budget_us, long period_us,
              long priority)
{
    ck_assert_uint_lt(nr_tasks, MAX_TASKS);
    struct ptask *t = &tasks[nr_tasks];

    memset(t, 0, sizeof(*t));
    t->period = period;
    t->wcet = wcet;
    t->base = host_now;
    t->d = pv_domain_create((domid_t)(nr_tasks + 1), false, 1);
    t->v = t->d->vcpu[0];
    if (priority >= 0)
        ck_assert_int_eq(sched_set_param(t->v, "priority", priority), 0);
    if (budget_us > 0)
        set_reservation(t->v, budget_us, period_us);
    if (is_hog(t)) {
        t->next_release = STIME_MAX;
        pv_vcpu_unpause(t->v);
    } else {
        t->next_release = host_now;                 /* job 0: now */
        t->v->pause_flags = VPF_blocked;            /* waits for its release */
    }
    return (int)nr_tasks++;
}

struct vcpu *ptask_vcpu(int i) { return tasks[i].v; }
s_time_t ptask_runtime(int i) { return tasks[i].run; }
uint64_t ptask_completed(int i) { return tasks[i].completed; }

/* Jobs that completed late, plus unfinished ones whose deadline has come. */
uint64_t ptask_misses(int i)
{
    const struct ptask *t = &tasks[i];
    uint64_t misses = t->late;

    if (is_hog(t))
        return 0;
    for (uint64_t j = t->completed; j < t->released; j++)
        if (t->base + (s_time_t)(j + 1) * t->period <= host_now)
            misses++;
    return misses;
}

static struct ptask *task_of(const struct vcpu *v)
{
    for (unsigned int i = 0; i < nr_tasks; i++)
        if (tasks[i].v == v)
            return &tasks[i];
    return NULL;
}

static void charge(struct ptask *t, s_time_t delta)
{
    t->run += delta;
    if (!is_hog(t))
        t->done_in_job += delta;
}

/* The running task's oldest job is done: count it, block if nothing is left. */
static void complete_job(struct ptask *t)
{
    s_time_t deadline = t->base + (s_time_t)(t->completed + 1) * t->period;

    if (host_now > deadline) {
        t->late++;
        if (host_now - deadline > t->max_lateness)
            t->max_lateness = host_now - deadline;
    }
    t->completed++;
    t->done_in_job = 0;
    if (t->completed == t->released) {
        REQUIRE(current == t->v, "completing task is not current");
        vcpu_block();
        pv_run_softirqs();
    }
}

static void release_job(struct ptask *t)
{
    t->released++;
    t->next_release += t->period;
    if (t->v->pause_flags & VPF_blocked) {
        __atomic_fetch_and(&t->v->pause_flags, ~VPF_blocked, __ATOMIC_SEQ_CST);
        vcpu_wake(t->v);
    }
}

/* Run until `until`; check() (if any) after every event. */
void ptask_run(s_time_t until, void (*check)(void))
{
    pv_run_softirqs();
    while (host_now < until) {
        struct ptask *cur = task_of(current);
        s_time_t next = until;

        for (unsigned int i = 0; i < nr_tasks; i++)
            next = MIN(next, tasks[i].next_release);
        if (cur && !is_hog(cur) && cur->completed < cur->released)
            next = MIN(next, host_now + cur->wcet - cur->done_in_job);
        next = MIN(next, timer_next_deadline(0));
        REQUIRE(next >= host_now, "time goes back: %ld < %ld", (long)next, (long)host_now);

        if (cur)
            charge(cur, next - host_now);
        host_now = next;
        if (cur && !is_hog(cur) && cur->completed < cur->released &&
            cur->done_in_job == cur->wcet)
            complete_job(cur);
        for (unsigned int i = 0; i < nr_tasks; i++)
            while (tasks[i].next_release <= host_now)
                release_job(&tasks[i]);
        pv_run_softirqs();
        if (timer_next_deadline(0) <= host_now) {
            timer_softirq_action(0);
            pv_run_softirqs();
        }
        if (check)
            check();
    }
}

/* Destroy every task's domain. */
void ptask_clear(void)
{
    for (unsigned int i = 0; i < nr_tasks; i++)
        pv_domain_destroy(tasks[i].d);
    nr_tasks = 0;
}

/* ===================================================================================
 * UUniFast task sets (shared with test_rt.c).
 * =================================================================================== */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double rnd_unit(void)                /* uniform in (0, 1) */
{
    return ((double)(rnd() >> 11) + 0.5) / 9007199254740992.0;
}

void tasks_seed(uint64_t seed)
{
    rng_state = seed;
}

/* Periods (ms) whose least common multiple is 600 ms. */
static const long period_choices_ms[] = { 10, 12, 15, 20, 25, 30, 40, 50, 60, 75, 100 };
#define HYPERPERIOD_US 600000L

/*
 * n tasks with total utilization at most u (Bini & Buttazzo's UUniFast), periods
 * from period_choices_ms, wcet rounded down to whole microseconds (at least 1 us,
 * then trimmed so that the exact sum stays <= u). Returns the exact utilization.
 */
double uunifast(unsigned int n, double u, long *period_us, long *wcet_us)
{
    double sum = u;

    for (unsigned int i = 0; i < n; i++) {
        double next = i + 1 < n ? sum * pow(rnd_unit(), 1.0 / (double)(n - 1 - i)) : 0;
        double ui = sum - next;
        sum = next;
        period_us[i] = period_choices_ms[rnd() % ARRAY_SIZE(period_choices_ms)] * 1000;
        wcet_us[i] = (long)(ui * (double)period_us[i]);
        if (wcet_us[i] < 1)
            wcet_us[i] = 1;
    }
    /* Exact check in units of 1/HYPERPERIOD: sum wcet_i * (H / period_i) <= u * H. */
    long limit = (long)(u * HYPERPERIOD_US + 1e-6), total;
    for (;;) {
        total = 0;
        unsigned int big = 0;
        for (unsigned int i = 0; i < n; i++) {
            total += wcet_us[i] * (HYPERPERIOD_US / period_us[i]);
            if (wcet_us[i] > wcet_us[big])
                big = i;
        }
        if (total <= limit || wcet_us[big] <= 1)
            break;
        wcet_us[big]--;
    }
    return (double)total / HYPERPERIOD_US;
}

/* ===================================================================================
 * Single-pCPU tests through the framework.
 * =================================================================================== */

static void setup(void)
{
    sched_edf_partitioned = false;
    env_start("edf", 1);
    nr_tasks = 0;
}

static void teardown(void)
{
    ptask_clear();
    env_stop();
}

START_TEST(params_defaults_and_checks)
{
    int a = ptask_add(MS(10), MS(1), 0, 0, -1);
    struct vcpu *v = ptask_vcpu(a);
    long val;

    ck_assert_int_eq(sched_get_param(v, "budget_us", &val), 0);
    ck_assert_int_eq(val, 4000);
    ck_assert_int_eq(sched_get_param(v, "period_us", &val), 0);
    ck_assert_int_eq(val, 10000);
    ck_assert_int_eq(sched_get_param(v, "weight", &val), -EINVAL);

    /* The framework checks the table's min/max. */
    ck_assert_int_eq(sched_set_param(v, "budget_us", 0), -ERANGE);
    ck_assert_int_eq(sched_set_param(v, "period_us", 99), -ERANGE);
    ck_assert_int_eq(sched_set_param(v, "period_us", 10000001), -ERANGE);
    /* The module checks budget <= period, whichever is set. */
    ck_assert_int_eq(sched_set_param(v, "budget_us", 10001), -EINVAL);
    ck_assert_int_eq(sched_set_param(v, "period_us", 3999), -EINVAL);
    ck_assert_int_eq(sched_set_param(v, "budget_us", 10000), 0);   /* = period: ok */
    ck_assert_int_eq(sched_set_param(v, "period_us", 10000000), 0);
    ck_assert_int_eq(sched_set_param(v, "budget_us", 10000000), 0);
    ck_assert_int_eq(sched_get_param(v, "budget_us", &val), 0);
    ck_assert_int_eq(val, 10000000);
    ck_assert_int_eq(sched_set_param(v, "period_us", 100), -EINVAL);
    ck_assert_int_eq(sched_get_param(v, "period_us", &val), 0);
    ck_assert_int_eq(val, 10000000);
}
END_TEST

/* The switch log: how long v ran in [from, to), from the recorded switches. */
static s_time_t ran_between(const struct vcpu *v, s_time_t from, s_time_t to)
{
    s_time_t total = 0, since = -1;

    ck_assert_uint_le(nr_switches, MAX_SWITCHES);
    for (unsigned int i = 0; i < nr_switches; i++) {
        const struct switch_rec *r = &switch_log[i];
        if (r->next == v)
            since = r->at;
        else if (r->prev == v && since >= 0) {
            total += MAX(0, MIN(r->at, to) - MAX(since, from));
            since = -1;
        }
    }
    if (since >= 0)
        total += MAX(0, to - MAX(since, from));
    return total;
}

START_TEST(hog_gets_its_budget)
{
    int a = ptask_add(0, -1, 2000, 10000, -1);
    ptask_run(SECONDS(1), NULL);

    double share = (double)ptask_runtime(a) / (double)SECONDS(1);
    ck_assert_msg(share >= 0.19 && share <= 0.21, "share %f not 20%% +- 1%%", share);
    /* Exactly its budget in every period: the reservation is enforced, to the ns. */
    for (int k = 0; k < 100; k++)
        REQUIRE(ran_between(ptask_vcpu(a), MS(10) * k, MS(10) * (k + 1)) == MS(2),
                "period %d: ran %ld ns", k,
                (long)ran_between(ptask_vcpu(a), MS(10) * k, MS(10) * (k + 1)));
    /* The framework's runstate agrees. */
    ck_assert_int_eq(ptask_vcpu(a)->runstate.time[RUNSTATE_running] +
                     (ptask_vcpu(a)->runstate.state == RUNSTATE_running ?
                      host_now - ptask_vcpu(a)->runstate.state_entry_time : 0),
                     ptask_runtime(a));
}
END_TEST

START_TEST(two_hogs_get_their_reservations)
{
    int a = ptask_add(0, -1, 2000, 10000, -1);
    int b = ptask_add(0, -1, 0, 0, -1);             /* default: 4000 / 10000 */
    ptask_run(SECONDS(1), NULL);

    double sa = (double)ptask_runtime(a) / (double)SECONDS(1);
    double sb = (double)ptask_runtime(b) / (double)SECONDS(1);
    ck_assert_msg(sa >= 0.19 && sa <= 0.21, "a: share %f not 20%% +- 1%%", sa);
    ck_assert_msg(sb >= 0.39 && sb <= 0.41, "b: share %f not 40%% +- 1%%", sb);
}
END_TEST

START_TEST(replenishment_timing)
{
    int a = ptask_add(0, -1, 2000, 10000, -1);
    host_now = MS(3);                               /* a second one, 3 ms later */
    int b = ptask_add(0, -1, 1000, 5000, -1);
    ptask_run(MS(100), NULL);

    static struct trec r[256];
    unsigned int n = trace_find(TRC_HESTIA_EDF_REPLENISH, r, ARRAY_SIZE(r));
    unsigned int na = 0, nb = 0;
    for (unsigned int i = 0; i < n && i < ARRAY_SIZE(r); i++) {
        if (r[i].d[0] >> 16 == 1) {                 /* a: at 10, 20, ... ms */
            na++;
            ck_assert_int_eq(r[i].at, MS(10) * na);
            ck_assert_uint_eq(r[i].d[1], 2000);
        } else {                                    /* b: at 3 + 5k ms */
            ck_assert_uint_eq(r[i].d[0], 2u << 16);
            nb++;
            ck_assert_int_eq(r[i].at, MS(3) + MS(5) * nb);
            ck_assert_uint_eq(r[i].d[1], 1000);
        }
    }
    ck_assert_uint_eq(na, 10);                      /* 10 .. 100 ms */
    ck_assert_uint_eq(nb, 19);                      /* 8 .. 98 ms */
    /* a runs at once in each period, for exactly its budget (b never overlaps much). */
    for (int k = 0; k < 10; k++)
        ck_assert_int_eq(ran_between(ptask_vcpu(a), MS(10) * k, MS(10) * (k + 1)), MS(2));
    for (int k = 0; k < 19; k++)
        ck_assert_int_eq(ran_between(ptask_vcpu(b), MS(3) + MS(5) * k, MS(8) + MS(5) * k),
                         MS(1));
}
END_TEST

/* One vcpu under full control: run for `ms`, block, wake. */
START_TEST(deferrable_server)
{
    int a = ptask_add(0, -1, 4000, 10000, -1);
    struct vcpu *v = ptask_vcpu(a);

    pv_run_softirqs();
    ck_assert_ptr_eq(current, v);
    /* Run 1 ms, block for 4 ms: the 3 ms left are used after the wake. */
    pv_timer_tick(MS(1));
    vcpu_block();
    pv_run_softirqs();
    ck_assert(is_idle_vcpu(current));
    host_now = MS(5);
    __atomic_fetch_and(&v->pause_flags, ~VPF_blocked, __ATOMIC_SEQ_CST);
    vcpu_wake(v);
    pv_run_softirqs();
    ck_assert_ptr_eq(current, v);
    ck_assert_int_eq(host_timer_deadline, MS(8));   /* slice: the 3 ms left */
    pv_timer_tick(MS(8));
    ck_assert(is_idle_vcpu(current));               /* depleted until 10 ms */
    ck_assert_int_eq(timer_next_deadline(0), MS(10));
    pv_timer_tick(MS(10));
    ck_assert_ptr_eq(current, v);                   /* replenished: 4 ms, not more */
    ck_assert_int_eq(timer_next_deadline(0), MS(14));

    /* Unused budget is not carried over: run 1 ms, sleep past the deadline (20). */
    pv_timer_tick(MS(11));
    vcpu_block();
    pv_run_softirqs();
    host_now = MS(25);
    __atomic_fetch_and(&v->pause_flags, ~VPF_blocked, __ATOMIC_SEQ_CST);
    vcpu_wake(v);
    pv_run_softirqs();
    ck_assert_ptr_eq(current, v);
    /* The grid's current period [20, 30) with a full 4 ms: slice to 29 ms. */
    ck_assert_int_eq(host_timer_deadline, MS(29));
    pv_timer_tick(MS(29));
    ck_assert(is_idle_vcpu(current));
    pv_timer_tick(MS(30));
    ck_assert_ptr_eq(current, v);
    ck_assert_int_eq(host_timer_deadline, MS(34));
    ck_assert_uint_eq(trace_count_dom(TRC_HESTIA_EDF_MISS, 1), 0);
}
END_TEST

START_TEST(earliest_deadline_first)
{
    /* Deadlines 20, 5, 10 ms; 1 ms each: they run in deadline order, then idle. */
    int c = ptask_add(0, -1, 1000, 20000, -1);
    int a = ptask_add(0, -1, 1000, 5000, -1);
    int b = ptask_add(0, -1, 1000, 10000, -1);
    ptask_run(MS(5), NULL);

    ck_assert_uint_ge(nr_switches, 4);
    ck_assert_ptr_eq(switch_log[0].next, ptask_vcpu(a));
    ck_assert_int_eq(switch_log[0].at, 0);
    ck_assert_ptr_eq(switch_log[1].next, ptask_vcpu(b));
    ck_assert_int_eq(switch_log[1].at, MS(1));
    ck_assert_ptr_eq(switch_log[2].next, ptask_vcpu(c));
    ck_assert_int_eq(switch_log[2].at, MS(2));
    ck_assert(is_idle_vcpu(switch_log[3].next));
    ck_assert_int_eq(switch_log[3].at, MS(3));
}
END_TEST

START_TEST(earlier_deadline_preempts)
{
    int b = ptask_add(0, -1, 8000, 20000, -1);      /* deadline 20 ms */
    pv_run_softirqs();
    ck_assert_ptr_eq(current, ptask_vcpu(b));
    host_now = MS(3);
    int a = ptask_add(0, -1, 2000, 10000, -1);      /* deadline 13 ms: earlier */
    pv_run_softirqs();
    ck_assert_ptr_eq(current, ptask_vcpu(a));
    ck_assert_int_eq(switch_log[nr_switches - 1].at, MS(3));
    pv_timer_tick(MS(5));                           /* a's 2 ms are over */
    ck_assert_ptr_eq(current, ptask_vcpu(b));

    /* A later deadline does not preempt. */
    host_now = MS(6);
    int c = ptask_add(0, -1, 2000, 30000, -1);      /* deadline 36 ms */
    pv_run_softirqs();
    ck_assert_ptr_eq(current, ptask_vcpu(b));
    (void)c;
}
END_TEST

START_TEST(yield_goes_behind_equal_deadlines)
{
    int a = ptask_add(0, -1, 3000, 10000, -1);
    int b = ptask_add(0, -1, 3000, 10000, -1);      /* same deadline, queued later */
    pv_run_softirqs();
    ck_assert_ptr_eq(current, ptask_vcpu(a));
    pv_timer_tick(MS(1));
    vcpu_yield();
    pv_run_softirqs();
    ck_assert_ptr_eq(current, ptask_vcpu(b));
    pv_timer_tick(MS(4));                           /* b's budget is over */
    ck_assert_ptr_eq(current, ptask_vcpu(a));
    ck_assert_int_eq(host_timer_deadline, MS(6));   /* a's 2 ms left */
}
END_TEST

START_TEST(overload_misses_are_counted_and_traced)
{
    /*
     * A and B: 6 ms every 10 ms each (U = 1.2), released together; A is queued
     * first. Hand schedule: A 0-6, B 6-10 -> B misses at 10 with 2 ms left; B keeps
     * the pCPU on the tie (it became ready before A's new job) 10-16 and depletes,
     * A 16-20 -> A misses at 20 with 2 ms left; then B at 30, A at 40, ...
     */
    int a = ptask_add(MS(10), MS(6), 6000, 10000, -1);
    int b = ptask_add(MS(10), MS(6), 6000, 10000, -1);
    ptask_run(MS(45), NULL);

    struct trec r[16];
    unsigned int n = trace_find(TRC_HESTIA_EDF_MISS, r, ARRAY_SIZE(r));
    ck_assert_uint_eq(n, 4);
    for (unsigned int i = 0; i < 4; i++) {
        ck_assert_int_eq(r[i].at, MS(10) * (i + 1));
        ck_assert_uint_eq(r[i].d[0], (i % 2 == 0 ? 2u : 1u) << 16);
        ck_assert_uint_eq(r[i].d[1], 2000);         /* budget left, us */
    }
    /* The workload saw its jobs late, at least as often as the module. */
    ck_assert_uint_ge(ptask_misses(a), 2);
    ck_assert_uint_ge(ptask_misses(b), 2);

    host_log_reset();
    sched_edf_def.dump(&sched_edf_def, 0);
    ck_assert_msg(strstr(host_log, "d1v0") && strstr(host_log, "misses 2"),
                  "dump: %s", host_log);
}
END_TEST

START_TEST(blocked_with_budget_left_is_not_a_miss)
{
    /* 1 ms jobs in a 3 ms reservation: 2 ms left at every deadline, but blocked. */
    int a = ptask_add(MS(10), MS(1), 3000, 10000, -1);
    int b = ptask_add(0, -1, 5000, 10000, -1);      /* and a hog next to it */
    ptask_run(MS(500), NULL);
    ck_assert_uint_eq(ptask_completed(a), 50);
    ck_assert_uint_eq(ptask_misses(a), 0);
    ck_assert_uint_eq(trace_count_dom(TRC_HESTIA_EDF_MISS, 1), 0);
    ck_assert_uint_eq(trace_count_dom(TRC_HESTIA_EDF_REPLENISH, 1), 50);
    ck_assert_int_eq(ptask_runtime(b), MS(250));    /* its 5 ms in each of 50 periods */
}
END_TEST

/* Run one random task set on a fresh scheduler; returns job misses, module misses. */
static void run_set(const char *sched, unsigned int n, const long *period_us,
                    const long *wcet_us, s_time_t length, uint64_t *job_misses,
                    uint64_t *mod_misses, uint64_t *mod_misses_per, uint64_t *job_misses_per)
{
    env_start(sched, 1);
    nr_tasks = 0;
    for (unsigned int i = 0; i < n; i++)
        ptask_add(US(period_us[i]), US(wcet_us[i]), wcet_us[i], period_us[i], -1);
    ptask_run(length, NULL);
    *job_misses = *mod_misses = 0;
    for (unsigned int i = 0; i < n; i++) {
        job_misses_per[i] = ptask_misses((int)i);
        mod_misses_per[i] = trace_count_dom(TRC_HESTIA_EDF_MISS, i + 1);
        *job_misses += job_misses_per[i];
        *mod_misses += mod_misses_per[i];
        /* Sanity: the driver really ran the set (every task completed jobs). */
        REQUIRE(ptask_completed((int)i) > 0, "task %u never completed a job", i);
    }
    ptask_clear();
    env_stop();
}

START_TEST(uunifast_feasible_sets_never_miss)
{
    double umin = 2, umax = 0;

    teardown();                                     /* each set starts afresh */
    tasks_seed(20240601);
    for (unsigned int set = 0; set < 100; set++) {
        unsigned int n = 2 + (unsigned int)(rnd() % 7);
        double target = set % 4 == 0 ? 1.0 : 0.5 + 0.5 * rnd_unit();
        long period_us[8], wcet_us[8];
        uint64_t jm, mm, mper[8], jper[8];
        double u = uunifast(n, target, period_us, wcet_us);
        umin = MIN(umin, u);
        umax = MAX(umax, u);
        run_set("edf", n, period_us, wcet_us, SECONDS(2), &jm, &mm, mper, jper);
        REQUIRE(jm == 0 && mm == 0, "set %u (n=%u, U=%f): %lu job misses, %lu module misses",
                set, n, u, (unsigned long)jm, (unsigned long)mm);
    }
    /* The sets did reach full utilization (the rounding keeps U <= 1). */
    ck_assert_msg(umax > 0.9999 && umax <= 1.0, "max U %f", umax);
    ck_assert_msg(umin < 0.6, "min U %f", umin);
    setup();
}
END_TEST

START_TEST(uunifast_overloaded_sets_miss)
{
    teardown();
    tasks_seed(7);
    for (unsigned int set = 0; set < 20; set++) {
        unsigned int n = 2 + (unsigned int)(rnd() % 7);
        double target = 1.05 + 0.45 * rnd_unit();
        long period_us[8], wcet_us[8];
        uint64_t jm, mm, mper[8], jper[8];
        double u = uunifast(n, target, period_us, wcet_us);
        for (unsigned int i = 0; i < n; i++)        /* a reservation fits its period */
            wcet_us[i] = MIN(wcet_us[i], period_us[i]);
        run_set("edf", n, period_us, wcet_us, SECONDS(2), &jm, &mm, mper, jper);
        REQUIRE(jm > 0 && mm > 0, "set %u (n=%u, U=%f): %lu job misses, %lu module misses",
                set, n, u, (unsigned long)jm, (unsigned long)mm);
        for (unsigned int i = 0; i < n; i++)
            REQUIRE(mper[i] <= jper[i], "set %u task %u: %lu module misses > %lu job misses",
                    set, i, (unsigned long)mper[i], (unsigned long)jper[i]);
    }
    setup();
}
END_TEST

START_TEST(switch_rr_edf_rr)
{
    teardown();
    env_start("rr", 1);
    nr_tasks = 0;
    int a = ptask_add(0, -1, 0, 0, -1);             /* rr: no parameters */
    int b = ptask_add(0, -1, 0, 0, -1);
    ptask_run(MS(30), NULL);

    ck_assert_int_eq(sched_switch("edf"), 0);
    set_reservation(ptask_vcpu(a), 2000, 10000);    /* the grid started at the switch */
    set_reservation(ptask_vcpu(b), 3000, 10000);
    s_time_t ra = ptask_runtime(a), rb = ptask_runtime(b);
    ptask_run(MS(30) + SECONDS(1), NULL);
    double sa = (double)(ptask_runtime(a) - ra) / (double)SECONDS(1);
    double sb = (double)(ptask_runtime(b) - rb) / (double)SECONDS(1);
    ck_assert_msg(sa >= 0.19 && sa <= 0.21, "a: %f", sa);
    ck_assert_msg(sb >= 0.29 && sb <= 0.31, "b: %f", sb);

    ck_assert_int_eq(sched_switch("rr"), 0);        /* and back: both run again */
    ra = ptask_runtime(a);
    rb = ptask_runtime(b);
    ptask_run(MS(30) + SECONDS(2), NULL);
    ck_assert_int_ge(ptask_runtime(a) - ra, MS(400));
    ck_assert_int_ge(ptask_runtime(b) - rb, MS(400));
    ptask_clear();
    env_stop();
    setup();
}
END_TEST

/* ===================================================================================
 * SMP at the hook level: two pCPUs, do_schedule called directly.
 * =================================================================================== */

/* Hook-level vcpus (shared with test_rt.c): each in its own bare domain. */
#define MAX_HOOK_VCPUS 8
struct hv {
    struct domain d;
    struct vcpu v;
};
static struct hv *hook_vcpus[MAX_HOOK_VCPUS];
static unsigned int nr_hook_vcpus;

/* A paused vcpu of domain `id` on `cpu`, with the reservation budget/period. */
struct vcpu *hook_vcpu(domid_t id, unsigned int cpu, long budget_us, long period_us)
{
    ck_assert_uint_lt(nr_hook_vcpus, MAX_HOOK_VCPUS);
    struct hv *h = calloc(1, sizeof(*h));
    ck_assert_ptr_nonnull(h);
    h->d.domain_id = id;
    h->d.max_vcpus = 1;
    h->v.domain = &h->d;
    h->v.pause_flags = VPF_paused;
    ck_assert_int_eq(sched_init_vcpu(&h->v, cpu), 0);
    set_reservation(&h->v, budget_us, period_us);
    hook_vcpus[nr_hook_vcpus++] = h;
    return &h->v;
}

/* Take every hook vcpu out of the scheduler and free it. */
void hook_vcpus_free(void)
{
    for (unsigned int i = 0; i < nr_hook_vcpus; i++) {
        struct vcpu *v = &hook_vcpus[i]->v;
        v->pause_flags = VPF_paused;
        vcpu_sleep_nosync(v);
        sched_destroy_vcpu(v);
        free(hook_vcpus[i]);
    }
    nr_hook_vcpus = 0;
}

void hook_wake(struct vcpu *v)
{
    v->pause_flags = 0;
    vcpu_wake(v);
}

/* What `ops` would run on `cpu` now (its do_schedule, called directly). */
struct vcpu *hook_pick(struct scheduler *ops, unsigned int cpu)
{
    struct task_slice s = ops->do_schedule(ops, cpu, host_now);
    return s.task;
}

static struct vcpu *pick(unsigned int cpu)
{
    return hook_pick(&sched_edf_def, cpu);
}

/* Records of `event` (module event numbers: TRC_HESTIA_SCHED_MODULE + n) whose first word is w. */
unsigned int trace_count_word(uint32_t event, uint32_t w)
{
    static struct trec recs[65536];
    unsigned int n = trace_find(event, recs, ARRAY_SIZE(recs)), count = 0;

    ck_assert_uint_le(n, ARRAY_SIZE(recs));
    for (unsigned int i = 0; i < n; i++)
        count += recs[i].d[0] == w;
    return count;
}

static unsigned int tickles_of(unsigned int cpu)
{
    return trace_count_word(TRC_HESTIA_SCHED_MODULE + 1 /* EDF_EV_TICKLE */, cpu);
}

static void smp_setup(bool partitioned)
{
    teardown();
    sched_edf_partitioned = partitioned;
    env_start("edf", 2);
}

static void smp_teardown(void)
{
    hook_vcpus_free();
    env_stop();
    sched_edf_partitioned = false;
    setup();
}

START_TEST(smp_global_edf)
{
    smp_setup(false);
    /* All start on pCPU 0; deadlines 10, 20, 30 ms. */
    struct vcpu *a = hook_vcpu(1, 0, 5000, 10000);
    struct vcpu *b = hook_vcpu(2, 0, 5000, 20000);
    struct vcpu *c = hook_vcpu(3, 0, 5000, 30000);
    hook_wake(b);
    hook_wake(c);
    /* b went to pCPU 0 (idle, its own); c was placed on the other idle pCPU. */
    ck_assert_uint_eq(b->processor, 0);
    ck_assert_uint_eq(c->processor, 1);
    ck_assert_ptr_eq(pick(0), b);
    ck_assert_ptr_eq(pick(1), c);

    /* a (deadline 10) wakes: the pCPU running the latest deadline (c, 30) is tickled. */
    trace_reset(0);
    ck_assert_uint_eq(sched_edf_def.pick_cpu(&sched_edf_def, a), 1);
    hook_wake(a);
    ck_assert_uint_eq(a->processor, 1);
    ck_assert_uint_eq(tickles_of(1), 1);
    ck_assert_uint_eq(tickles_of(0), 0);
    ck_assert_ptr_eq(pick(1), a);
    /* c waits; pCPU 0 keeps b (20 < 30). */
    ck_assert_ptr_eq(pick(0), b);

    /* b's budget is over at 5 ms: pCPU 0 takes c, which was placed on pCPU 1. */
    host_now = MS(5);
    ck_assert_ptr_eq(pick(0), c);
    ck_assert_uint_eq(c->processor, 0);
    smp_teardown();
}
END_TEST

START_TEST(smp_partitioned_keeps_vcpus_home)
{
    smp_setup(true);
    struct vcpu *a = hook_vcpu(1, 1, 5000, 10000);
    struct vcpu *b = hook_vcpu(2, 1, 5000, 20000);
    struct vcpu *c = hook_vcpu(3, 0, 1000, 10000);
    hook_wake(a);
    hook_wake(b);
    hook_wake(c);
    ck_assert_uint_eq(sched_edf_def.pick_cpu(&sched_edf_def, b), 1);
    ck_assert_uint_eq(a->processor, 1);
    ck_assert_uint_eq(b->processor, 1);
    ck_assert_ptr_eq(pick(1), a);
    ck_assert_ptr_eq(pick(0), c);

    /* pCPU 0 runs out of work at 1 ms: it stays idle, b waits for pCPU 1. */
    for (s_time_t t = MS(1); t <= MS(30); t += MS(1)) {
        host_now = t;
        timer_softirq_action(0);
        timer_softirq_action(1);
        struct vcpu *on0 = pick(0), *on1 = pick(1);
        REQUIRE(on0 == c || is_idle_vcpu(on0), "t=%ld: pCPU 0 runs d%u", (long)t,
                on0->domain->domain_id);
        REQUIRE(on1 != c, "t=%ld: c left pCPU 0", (long)t);
        REQUIRE(a->processor == 1 && b->processor == 1 && c->processor == 0,
                "t=%ld: a vcpu moved", (long)t);
    }
    smp_teardown();
}
END_TEST

/* ===================================================================================
 * SMP through the simulator (sim/): the same modules on N pCPUs, the real framework,
 * one vcpu per periodic task (workload=periodic: job k released at k * period, its
 * deadline the next release; the reservation equals the task).
 * =================================================================================== */

/* A simulator for `sched` on `pcpus` with boot options `cmdline` (shared with test_rt.c). */
struct sim *sim_for(const char *sched, unsigned int pcpus, const char *cmdline)
{
    struct sim_config cfg;
    char err[256];

    sim_config_default(&cfg);
    snprintf(cfg.sched, sizeof(cfg.sched), "%s", sched);
    snprintf(cfg.cmdline, sizeof(cfg.cmdline), "%s", cmdline);
    cfg.pcpus = pcpus;
    struct sim *sm = sim_create_config(&cfg, err, sizeof(err));
    ck_assert_msg(sm != NULL, "sim_create: %s", err);
    return sm;
}

/* Add a vcpu line (printf-style); the simulator must accept it. */
void sim_line(struct sim *sm, const char *fmt, ...)
{
    char line[256], err[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    int rc = sim_add_vcpu_line(sm, line, err, sizeof(err));
    ck_assert_msg(rc == 0, "'%s': %s", line, err);
}

/*
 * A periodic task whose reservation is the task. The period goes first: every
 * period here is >= 10 ms, above the default budget, so each step is accepted.
 */
void sim_task(struct sim *sm, const char *name, long period_us, long wcet_us, int pcpu,
              const char *extra)
{
    char where[16] = "";
    if (pcpu >= 0)
        snprintf(where, sizeof(where), " pcpu=%d", pcpu);
    sim_line(sm, "vcpu name=%s workload=periodic period_us=%ld wcet_us=%ld%s"
             " sched_period_us=%ld sched_budget_us=%ld %s", name, period_us, wcet_us,
             where, period_us, wcet_us, extra ? extra : "");
}

START_TEST(sim_global_edf_meets_gfb_sets)
{
    /*
     * Global EDF schedules implicit-deadline periodic tasks on m pCPUs if
     * U <= m - (m - 1) * u_max (Goossens, Funk & Baruah). 25 random sets each on 2
     * and on 4 pCPUs, scaled onto that bound: no job may miss.
     */
    tasks_seed(4242);
    for (unsigned int m = 2; m <= 4; m += 2) {
        double best = 0;
        for (unsigned int set = 0, tries = 0; set < 25; tries++) {
            ck_assert_uint_lt(tries, 5000);
            unsigned int n = m + 1 + (unsigned int)(rnd() % (2 * m));
            long period_us[16], wcet_us[16];
            double u = uunifast(n, (0.3 + 0.7 * rnd_unit()) * m, period_us, wcet_us);
            double umax = 0;
            for (unsigned int i = 0; i < n; i++)
                umax = MAX(umax, (double)wcet_us[i] / (double)period_us[i]);
            /* Scale every wcet by k to sit on the bound: kU = m - (m - 1) k umax. */
            double k = m / (u + (m - 1) * umax) * (1 - 1e-9);
            u = umax = 0;
            for (unsigned int i = 0; i < n; i++) {
                wcet_us[i] = MAX(1, (long)((double)wcet_us[i] * k));
                u += (double)wcet_us[i] / (double)period_us[i];
                umax = MAX(umax, (double)wcet_us[i] / (double)period_us[i]);
            }
            if (umax > 1 || u > m - (m - 1) * umax)
                continue;                           /* not GFB-feasible: draw again */
            best = MAX(best, u / (m - (m - 1) * umax));

            struct sim *sm = sim_for("edf", m, "");
            for (unsigned int i = 0; i < n; i++) {
                char name[8];
                snprintf(name, sizeof(name), "t%u", i);
                sim_task(sm, name, period_us[i], wcet_us[i], -1, NULL);
            }
            ck_assert_int_eq(sim_run_until(sm, SECONDS(2)), 0);
            for (unsigned int i = 0; i < n; i++) {
                const struct sim_vcpu_stats *st = sim_stats(sm, i);
                REQUIRE(st->deadline_misses == 0 && st->jobs > 0,
                        "m=%u set %u (n=%u U=%f umax=%f): t%u (%ld/%ld us) %lu misses,"
                        " %lu jobs", m, set, n, u, umax, i, wcet_us[i], period_us[i],
                        (unsigned long)st->deadline_misses, (unsigned long)st->jobs);
            }
            sim_destroy(sm);
            set++;
        }
        ck_assert_msg(best > 0.999, "m=%u: no set came near the GFB bound (%f)", m, best);
    }
}
END_TEST

START_TEST(sim_partitioned_edf_stays_home)
{
    /* Two pCPUs, each with its own random set (U <= 1); every 20 ms, nobody moved. */
    tasks_seed(77);
    for (unsigned int round = 0; round < 10; round++) {
        struct sim *sm = sim_for("edf", 2, "sched_edf_partitioned");
        unsigned int n = 0, home[16];
        for (unsigned int cpu = 0; cpu < 2; cpu++) {
            unsigned int k = 2 + (unsigned int)(rnd() % 5);
            long period_us[8], wcet_us[8];
            uunifast(k, 0.5 + 0.5 * rnd_unit(), period_us, wcet_us);
            for (unsigned int i = 0; i < k; i++, n++) {
                char name[8];
                snprintf(name, sizeof(name), "t%u", n);
                sim_task(sm, name, period_us[i], wcet_us[i], (int)cpu, NULL);
                home[n] = cpu;
            }
        }
        for (int64_t t = MS(20); t <= SECONDS(2); t += MS(20)) {
            ck_assert_int_eq(sim_run_until(sm, t), 0);
            for (unsigned int i = 0; i < n; i++)
                REQUIRE(sim_stats(sm, i)->pcpu == home[i], "round %u t=%ld: t%u left pCPU %u",
                        round, (long)t, i, home[i]);
        }
        for (unsigned int i = 0; i < n; i++)
            REQUIRE(sim_stats(sm, i)->deadline_misses == 0, "round %u: t%u missed", round, i);
        sim_destroy(sm);
    }
}
END_TEST

/* Three 5 ms / 10 ms hogs placed on pCPU 0 of two: their total share. */
static double three_hogs_on_cpu0(const char *cmdline)
{
    struct sim *sm = sim_for("edf", 2, cmdline);
    double total = 0;
    for (unsigned int i = 0; i < 3; i++)
        sim_line(sm, "vcpu name=h%u workload=hog pcpu=0 sched_budget_us=5000", i);
    ck_assert_int_eq(sim_run_until(sm, SECONDS(1)), 0);
    for (unsigned int i = 0; i < 3; i++)
        total += sim_stats(sm, i)->share;
    sim_destroy(sm);
    return total;
}

START_TEST(sim_partitioned_does_not_balance)
{
    double part = three_hogs_on_cpu0("sched_edf_partitioned");
    double glob = three_hogs_on_cpu0("");
    ck_assert_msg(part > 0.99 && part < 1.001, "partitioned: %f of one pCPU", part);
    ck_assert_msg(glob > 1.49 && glob < 1.501, "global: %f (all three reservations)", glob);
}
END_TEST

START_TEST(sim_hog_budget_on_smp)
{
    struct sim *sm = sim_for("edf", 2, "");
    sim_line(sm, "vcpu name=a workload=hog sched_budget_us=2000");
    for (unsigned int i = 0; i < 3; i++)
        sim_line(sm, "vcpu name=b%u workload=hog", i);      /* default 4000/10000 */
    ck_assert_int_eq(sim_run_until(sm, SECONDS(1)), 0);
    double a = sim_stats(sm, 0)->share;
    ck_assert_msg(a >= 0.19 && a <= 0.21, "a: %f not 20%% +- 1%%", a);
    for (unsigned int i = 1; i < 4; i++)
        ck_assert_msg(fabs(sim_stats(sm, i)->share - 0.4) <= 0.01, "b%u: %f", i - 1,
                      sim_stats(sm, i)->share);
    sim_destroy(sm);
}
END_TEST

Suite *edf_suite(void)
{
    Suite *s = suite_create("sched_edf");
    TCase *tc = tcase_create("edf");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, params_defaults_and_checks);
    tcase_add_test(tc, hog_gets_its_budget);
    tcase_add_test(tc, two_hogs_get_their_reservations);
    tcase_add_test(tc, replenishment_timing);
    tcase_add_test(tc, deferrable_server);
    tcase_add_test(tc, earliest_deadline_first);
    tcase_add_test(tc, earlier_deadline_preempts);
    tcase_add_test(tc, yield_goes_behind_equal_deadlines);
    tcase_add_test(tc, overload_misses_are_counted_and_traced);
    tcase_add_test(tc, blocked_with_budget_left_is_not_a_miss);
    tcase_add_test(tc, uunifast_feasible_sets_never_miss);
    tcase_add_test(tc, uunifast_overloaded_sets_miss);
    tcase_add_test(tc, switch_rr_edf_rr);
    tcase_add_test(tc, smp_global_edf);
    tcase_add_test(tc, smp_partitioned_keeps_vcpus_home);
    suite_add_tcase(s, tc);

    TCase *sim = tcase_create("edf_sim");
    tcase_set_timeout(sim, 120);
    tcase_add_test(sim, sim_global_edf_meets_gfb_sets);
    tcase_add_test(sim, sim_partitioned_edf_stays_home);
    tcase_add_test(sim, sim_partitioned_does_not_balance);
    tcase_add_test(sim, sim_hog_budget_on_smp);
    suite_add_tcase(s, sim);
    return s;
}
