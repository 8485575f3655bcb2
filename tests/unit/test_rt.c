/*
 * tests/unit/test_rt.c - host tests for the fixed-priority module (sched/rt.c),
 * through the real framework, with the periodic-task driver of test_edf.c (see
 * there for how time and jobs are simulated; everything is integer nanoseconds).
 *
 * What is checked:
 *  - parameters: priority 0..255 (default 0, automatic), reservation checks as edf;
 *  - the higher priority always runs first: random periodic task sets (UUniFast, U
 *    from 0.5 to 1.5, so that low priorities starve at times) with distinct random
 *    explicit priorities and budget = period (never depleted); after every event the
 *    running vcpu is the highest-priority runnable one, and the pCPU idles only
 *    when nothing is runnable;
 *  - rate monotonic by default: a vcpu with a shorter period preempts one with a
 *    longer period even when that one's deadline is earlier (edf would not);
 *    explicit priorities rank above automatic ones, higher number first;
 *  - FIFO among equal priorities: the vcpu ready first runs first, and a preempted
 *    one resumes before an equal that waited less;
 *  - budget enforcement: a hog with 2 ms / 10 ms gets 20% +- 1% over 1 s, also when
 *    it has the highest priority next to a hog that would take everything;
 *  - Liu & Layland: 100 random rate-monotonic task sets (UUniFast, seeded; 2..8
 *    tasks; U up to n(2^(1/n) - 1), a quarter of them at the bound) on one pCPU,
 *    budget = wcet, period = period, 2 s: no job misses, no module misses;
 *  - above the bound rate monotonic can miss where edf does not: {2.5/5, 3/7} ms
 *    (U = 0.93) misses under rt (jobs and module) and never under edf;
 *  - a switch edf -> rt keeps budget_us/period_us;
 *  - SMP at the hook level: global mode preempts the pCPU running the lowest
 *    priority; partitioned mode keeps vcpus on their pCPU;
 *  - SMP in the simulator (sim/, the real framework on 2 pCPUs): partitioned rate
 *    monotonic with each pCPU's set under the bound (half of them at it) never
 *    misses and nobody leaves its pCPU; global: with three full-reservation hogs of
 *    priorities 30, 20, 10 the two highest get a pCPU each (> 99%) and the lowest
 *    starves (< 1%); capping the highest at 5/10 ms gives the lowest the other half
 *    (+- 1%).
 */
#include <check.h>
#include <math.h>
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

extern bool sched_rt_partitioned;
extern struct scheduler sched_rt_def;

/* From test_edf.c (the environment, the periodic-task driver, task sets, hooks). */
void env_start(const char *sched, unsigned int nr_cpus);
void env_stop(void);
unsigned int trace_count_dom(uint32_t event, unsigned int domid);
unsigned int trace_count_word(uint32_t event, uint32_t w);
void set_reservation(struct vcpu *v, long budget_us, long period_us);
int ptask_add(s_time_t period, s_time_t wcet, long budget_us, long period_us,
              long priority);
struct vcpu *ptask_vcpu(int i);
s_time_t ptask_runtime(int i);
uint64_t ptask_completed(int i);
uint64_t ptask_misses(int i);
void ptask_run(s_time_t until, void (*check)(void));
void ptask_clear(void);
void tasks_seed(uint64_t seed);
double uunifast(unsigned int n, double u, long *period_us, long *wcet_us);
struct vcpu *hook_vcpu(domid_t id, unsigned int cpu, long budget_us, long period_us);
void hook_vcpus_free(void);
void hook_wake(struct vcpu *v);
struct vcpu *hook_pick(struct scheduler *ops, unsigned int cpu);
struct sim *sim_for(const char *sched, unsigned int pcpus, const char *cmdline);
void sim_line(struct sim *sm, const char *fmt, ...);
void sim_task(struct sim *sm, const char *name, long period_us, long wcet_us, int pcpu,
              const char *extra);

static void setup(void)
{
    sched_rt_partitioned = false;
    env_start("rt", 1);
}

static void teardown(void)
{
    ptask_clear();
    env_stop();
}

static long param(struct vcpu *v, const char *name)
{
    long val = -1;
    ck_assert_int_eq(sched_get_param(v, name, &val), 0);
    return val;
}

START_TEST(params_defaults_and_checks)
{
    struct vcpu *v = ptask_vcpu(ptask_add(0, -1, 0, 0, -1));

    ck_assert_int_eq(param(v, "priority"), 0);
    ck_assert_int_eq(param(v, "budget_us"), 4000);
    ck_assert_int_eq(param(v, "period_us"), 10000);
    ck_assert_int_eq(sched_set_param(v, "priority", 256), -ERANGE);
    ck_assert_int_eq(sched_set_param(v, "priority", -1), -ERANGE);
    ck_assert_int_eq(sched_set_param(v, "priority", 255), 0);
    ck_assert_int_eq(param(v, "priority"), 255);
    ck_assert_int_eq(sched_set_param(v, "priority", 0), 0);
    ck_assert_int_eq(sched_set_param(v, "budget_us", 10001), -EINVAL);
    ck_assert_int_eq(sched_set_param(v, "period_us", 3999), -EINVAL);
    ck_assert_int_eq(sched_set_param(v, "period_us", 99), -ERANGE);
    ck_assert_int_eq(param(v, "budget_us"), 4000);
    ck_assert_int_eq(param(v, "period_us"), 10000);
}
END_TEST

START_TEST(rate_monotonic_preempts_earlier_deadline)
{
    int b = ptask_add(0, -1, 18000, 20000, -1);     /* period 20: deadline 20 ms */
    ptask_run(MS(15), NULL);
    ck_assert_ptr_eq(current, ptask_vcpu(b));
    int a = ptask_add(0, -1, 2000, 10000, -1);      /* period 10: deadline 25 ms */
    pv_run_softirqs();
    ck_assert_ptr_eq(current, ptask_vcpu(a));       /* shorter period wins */
    pv_timer_tick(MS(17));
    ck_assert_ptr_eq(current, ptask_vcpu(b));       /* a depleted: b again */
}
END_TEST

START_TEST(explicit_priorities)
{
    /* An explicit priority beats rate monotonic; among explicit, higher first. */
    int fast = ptask_add(0, -1, 500, 1000, -1);     /* auto, 1 ms period */
    int lo = ptask_add(0, -1, 1000, 1000000, 1);    /* explicit 1, 1 s period */
    int hi = ptask_add(0, -1, 1000, 1000000, 200);
    ptask_run(US(500), NULL);
    ck_assert_ptr_eq(current, ptask_vcpu(hi));
    ck_assert_int_eq(ptask_runtime(fast), 0);       /* starved by explicit ones */

    /* hi back to automatic (period 1 s: the lowest of all), at once. */
    ck_assert_int_eq(sched_set_param(ptask_vcpu(hi), "priority", 0), 0);
    pv_run_softirqs();
    ck_assert_ptr_eq(current, ptask_vcpu(lo));
    ck_assert_int_eq(switch_log[nr_switches - 1].at, US(500));
    pv_timer_tick(US(1500));                        /* lo's 1 ms is over */
    ck_assert_ptr_eq(current, ptask_vcpu(fast));    /* rate monotonic: 1 ms < 1 s */
    pv_timer_tick(US(2000));                        /* fast: replenished as it depletes */
    ck_assert_ptr_eq(current, ptask_vcpu(fast));
    pv_timer_tick(US(2500));                        /* fast's 0.5 ms is over */
    ck_assert_ptr_eq(current, ptask_vcpu(hi));
    ck_assert_int_eq(ptask_runtime(lo), 0);         /* (the driver did not run) */
}
END_TEST

START_TEST(fifo_among_equals)
{
    int a = ptask_add(0, -1, 5000, 10000, -1);
    int b = ptask_add(0, -1, 5000, 10000, -1);      /* same period: same priority */
    ptask_run(MS(2), NULL);
    ck_assert_ptr_eq(current, ptask_vcpu(a));       /* ready first */
    int c = ptask_add(0, -1, 1000, 5000, -1);       /* shorter period: preempts a */
    pv_run_softirqs();
    ck_assert_ptr_eq(current, ptask_vcpu(c));
    pv_timer_tick(MS(3));                           /* c depleted */
    ck_assert_ptr_eq(current, ptask_vcpu(a));       /* a resumes before b */
    pv_timer_tick(MS(6));                           /* a's 5 ms are over */
    ck_assert_ptr_eq(current, ptask_vcpu(b));
    vcpu_yield();                                   /* nobody equal is ready: b stays */
    pv_run_softirqs();
    ck_assert_ptr_eq(current, ptask_vcpu(b));
    (void)c;
}
END_TEST

START_TEST(hog_gets_its_budget)
{
    int a = ptask_add(0, -1, 2000, 10000, 100);     /* the highest priority */
    int b = ptask_add(0, -1, 10000, 10000, 1);      /* would take everything */
    ptask_run(SECONDS(1), NULL);
    double sa = (double)ptask_runtime(a) / (double)SECONDS(1);
    double sb = (double)ptask_runtime(b) / (double)SECONDS(1);
    ck_assert_msg(sa >= 0.19 && sa <= 0.21, "a: share %f not 20%% +- 1%%", sa);
    ck_assert_msg(sb >= 0.79 && sb <= 0.81, "b: share %f not 80%% +- 1%%", sb);
}
END_TEST

/* The check after every event: the highest-priority runnable vcpu runs. */
static unsigned int chk_n;
static long chk_prio[8];
static unsigned long chk_events, chk_busy;

static void highest_priority_runs(void)
{
    int best = -1;
    for (unsigned int i = 0; i < chk_n; i++)
        if (vcpu_runnable(ptask_vcpu((int)i)) && (best < 0 || chk_prio[i] > chk_prio[best]))
            best = (int)i;
    chk_events++;
    if (best < 0) {
        REQUIRE(is_idle_vcpu(current), "t=%ld: d%u runs, nothing is runnable",
                (long)host_now, current->domain->domain_id);
        return;
    }
    chk_busy++;
    REQUIRE(current == ptask_vcpu(best), "t=%ld: d%u (priority %ld) runs, d%d (priority"
            " %ld) is runnable", (long)host_now, current->domain->domain_id,
            is_idle_vcpu(current) ? -1 : chk_prio[current->domain->domain_id - 1],
            best + 1, chk_prio[best]);
}

static uint64_t rng = 99;
static unsigned int rnd_below(unsigned int n)
{
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned int)((rng >> 33) % n);
}

START_TEST(higher_priority_always_runs_first)
{
    teardown();
    tasks_seed(5);
    chk_events = chk_busy = 0;
    for (unsigned int set = 0; set < 40; set++) {
        env_start("rt", 1);
        long period_us[8], wcet_us[8];
        chk_n = 2 + rnd_below(7);
        uunifast(chk_n, 0.5 + (double)set / 39.0, period_us, wcet_us);
        bool used[256] = { false };
        for (unsigned int i = 0; i < chk_n; i++) {
            do
                chk_prio[i] = 1 + rnd_below(255);
            while (used[chk_prio[i]]);
            used[chk_prio[i]] = true;
            wcet_us[i] = MIN(wcet_us[i], period_us[i]);
            ptask_add(US(period_us[i]), US(wcet_us[i]), period_us[i], period_us[i],
                      chk_prio[i]);
        }
        ptask_run(MS(500), highest_priority_runs);
        ptask_clear();
        env_stop();
    }
    /* The check did run, and saw both busy and idle moments. */
    ck_assert_uint_gt(chk_busy, 2000);
    ck_assert_uint_gt(chk_events - chk_busy, 100);
    setup();
}
END_TEST

static double ll_bound(unsigned int n)
{
    return n * (pow(2.0, 1.0 / n) - 1.0);
}

START_TEST(rate_monotonic_under_liu_layland_never_misses)
{
    double worst = 1;

    teardown();
    tasks_seed(31337);
    for (unsigned int set = 0; set < 100; set++) {
        unsigned int n = 2 + rnd_below(7);
        double bound = ll_bound(n);
        double u = set % 4 == 0 ? bound : bound * (0.5 + 0.5 * rnd_below(1000) / 1000.0);
        long period_us[8], wcet_us[8];
        double got = uunifast(n, u, period_us, wcet_us);
        REQUIRE(got <= bound, "set %u: U %f above the bound %f", set, got, bound);
        worst = MIN(worst, bound - got);

        env_start("rt", 1);
        for (unsigned int i = 0; i < n; i++)
            ptask_add(US(period_us[i]), US(wcet_us[i]), wcet_us[i], period_us[i], -1);
        ptask_run(SECONDS(2), NULL);
        for (unsigned int i = 0; i < n; i++) {
            REQUIRE(ptask_completed((int)i) > 0, "set %u task %u did not run", set, i);
            REQUIRE(ptask_misses((int)i) == 0 &&
                    trace_count_dom(TRC_HESTIA_EDF_MISS, i + 1) == 0,
                    "set %u (n=%u U=%f): task %u (%ld/%ld us) missed %lu jobs, module %u",
                    set, n, got, i, wcet_us[i], period_us[i],
                    (unsigned long)ptask_misses((int)i),
                    trace_count_dom(TRC_HESTIA_EDF_MISS, i + 1));
        }
        ptask_clear();
        env_stop();
    }
    ck_assert_msg(worst < 0.001, "no set came close to the bound (%f)", worst);
    setup();
}
END_TEST

/* {2.5/5, 3/7} ms, U = 0.93 > 0.83: rate monotonic misses, edf does not. */
static uint64_t run_pair(const char *sched, uint64_t *module_misses)
{
    env_start(sched, 1);
    ptask_add(US(5000), US(2500), 2500, 5000, -1);
    ptask_add(US(7000), US(3000), 3000, 7000, -1);
    ptask_run(MS(350), NULL);                       /* one hyperperiod */
    uint64_t misses = ptask_misses(0) + ptask_misses(1);
    *module_misses = trace_count_dom(TRC_HESTIA_EDF_MISS, 1) +
                     trace_count_dom(TRC_HESTIA_EDF_MISS, 2);
    ck_assert_uint_eq(ptask_misses(0), 0);          /* the high priority never misses */
    ptask_clear();
    env_stop();
    return misses;
}

START_TEST(above_the_bound_rm_misses_where_edf_does_not)
{
    uint64_t mod;
    teardown();
    ck_assert_uint_gt(run_pair("rt", &mod), 0);
    ck_assert_uint_gt(mod, 0);
    ck_assert_uint_eq(run_pair("edf", &mod), 0);
    ck_assert_uint_eq(mod, 0);
    setup();
}
END_TEST

START_TEST(switch_from_edf_keeps_the_reservation)
{
    teardown();
    env_start("edf", 1);
    int a = ptask_add(0, -1, 3000, 20000, -1);
    ptask_run(MS(20), NULL);
    ck_assert_int_eq(sched_switch("rt"), 0);
    ck_assert_int_eq(param(ptask_vcpu(a), "budget_us"), 3000);
    ck_assert_int_eq(param(ptask_vcpu(a), "period_us"), 20000);
    ck_assert_int_eq(param(ptask_vcpu(a), "priority"), 0);
    s_time_t before = ptask_runtime(a);
    ptask_run(MS(20) + SECONDS(1), NULL);
    double share = (double)(ptask_runtime(a) - before) / (double)SECONDS(1);
    ck_assert_msg(share >= 0.14 && share <= 0.16, "share %f not 15%% +- 1%%", share);
    ptask_clear();
    env_stop();
    setup();
}
END_TEST

/* --- SMP at the hook level ---------------------------------------------------------- */

static struct vcpu *pick(unsigned int cpu)
{
    return hook_pick(&sched_rt_def, cpu);
}

static void smp_setup(bool partitioned)
{
    teardown();
    sched_rt_partitioned = partitioned;
    env_start("rt", 2);
}

static void smp_teardown(void)
{
    hook_vcpus_free();
    env_stop();
    sched_rt_partitioned = false;
    setup();
}

START_TEST(smp_global_preempts_the_lowest_priority)
{
    smp_setup(false);
    struct vcpu *a = hook_vcpu(1, 0, 5000, 10000);
    struct vcpu *b = hook_vcpu(2, 0, 5000, 10000);
    struct vcpu *c = hook_vcpu(3, 0, 5000, 10000);
    ck_assert_int_eq(sched_set_param(a, "priority", 30), 0);
    ck_assert_int_eq(sched_set_param(b, "priority", 20), 0);
    ck_assert_int_eq(sched_set_param(c, "priority", 10), 0);
    hook_wake(c);
    hook_wake(b);                                   /* placed on the idle pCPU 1 */
    ck_assert_uint_eq(b->processor, 1);
    /* pCPU 0 schedules first and takes the highest, b; pCPU 1 gets c. */
    ck_assert_ptr_eq(pick(0), b);
    ck_assert_ptr_eq(pick(1), c);
    ck_assert_uint_eq(b->processor, 0);
    ck_assert_uint_eq(c->processor, 1);

    trace_reset(0);
    hook_wake(a);                                   /* c (10) is the lowest running */
    ck_assert_uint_eq(a->processor, 1);
    ck_assert_uint_eq(trace_count_word(TRC_HESTIA_SCHED_MODULE + 1, 1), 1);
    ck_assert_uint_eq(trace_count_word(TRC_HESTIA_SCHED_MODULE + 1, 0), 0);
    ck_assert_ptr_eq(pick(1), a);
    ck_assert_ptr_eq(pick(0), b);                   /* b keeps pCPU 0 */
    smp_teardown();
}
END_TEST

START_TEST(smp_partitioned_keeps_vcpus_home)
{
    smp_setup(true);
    struct vcpu *a = hook_vcpu(1, 1, 5000, 10000);
    struct vcpu *b = hook_vcpu(2, 1, 5000, 20000);
    hook_wake(a);
    hook_wake(b);
    ck_assert_uint_eq(a->processor, 1);
    ck_assert_uint_eq(b->processor, 1);
    for (s_time_t t = 0; t <= MS(40); t += MS(1)) {
        host_now = t;
        timer_softirq_action(0);
        timer_softirq_action(1);
        struct vcpu *on0 = pick(0), *on1 = pick(1);
        REQUIRE(is_idle_vcpu(on0), "t=%ld: pCPU 0 runs d%u", (long)t,
                on0->domain->domain_id);
        /* a (period 10) first in each of its periods, then b. */
        if (t % MS(10) < MS(5))
            REQUIRE(on1 == a, "t=%ld: pCPU 1 does not run a", (long)t);
        REQUIRE(a->processor == 1 && b->processor == 1, "t=%ld: a vcpu moved", (long)t);
    }
    smp_teardown();
}
END_TEST

/* --- SMP through the simulator (see test_edf.c) ------------------------------------- */

START_TEST(sim_partitioned_rm_under_the_bound_per_pcpu)
{
    /* Two pCPUs, each with a rate-monotonic set under Liu & Layland's bound. */
    tasks_seed(2718);
    for (unsigned int round = 0; round < 20; round++) {
        struct sim *sm = sim_for("rt", 2, "sched_rt_partitioned");
        unsigned int n = 0, home[16];
        for (unsigned int cpu = 0; cpu < 2; cpu++) {
            unsigned int k = 2 + rnd_below(5);
            long period_us[8], wcet_us[8];
            uunifast(k, ll_bound(k) * (round % 2 ? 1.0 : 0.7 + 0.3 * rnd_below(100) / 100.0),
                     period_us, wcet_us);
            for (unsigned int i = 0; i < k; i++, n++) {
                char name[8];
                snprintf(name, sizeof(name), "t%u", n);
                sim_task(sm, name, period_us[i], wcet_us[i], (int)cpu, NULL);
                home[n] = cpu;
            }
        }
        ck_assert_int_eq(sim_run_until(sm, SECONDS(2)), 0);
        for (unsigned int i = 0; i < n; i++) {
            const struct sim_vcpu_stats *st = sim_stats(sm, i);
            REQUIRE(st->deadline_misses == 0 && st->jobs > 0 && st->pcpu == home[i],
                    "round %u: t%u %lu misses, %lu jobs, on pCPU %u (home %u)", round, i,
                    (unsigned long)st->deadline_misses, (unsigned long)st->jobs, st->pcpu,
                    home[i]);
        }
        sim_destroy(sm);
    }
}
END_TEST

/* Shares of three hogs with priorities 30, 20, 10 on two pCPUs (global). */
static void three_priorities(long budget_hi_us, double *share)
{
    struct sim *sm = sim_for("rt", 2, "");
    sim_line(sm, "vcpu name=hi workload=hog sched_priority=30 sched_budget_us=%ld",
             budget_hi_us);
    sim_line(sm, "vcpu name=mid workload=hog sched_priority=20 sched_budget_us=10000");
    sim_line(sm, "vcpu name=lo workload=hog sched_priority=10 sched_budget_us=10000");
    ck_assert_int_eq(sim_run_until(sm, SECONDS(1)), 0);
    for (unsigned int i = 0; i < 3; i++)
        share[i] = sim_stats(sm, i)->share;
    sim_destroy(sm);
}

START_TEST(sim_global_two_highest_run)
{
    double sh[3];
    three_priorities(10000, sh);                    /* full reservations: lo starves */
    ck_assert_msg(sh[0] > 0.99 && sh[1] > 0.99 && sh[2] < 0.01, "%f %f %f", sh[0], sh[1],
                  sh[2]);
    three_priorities(5000, sh);                     /* hi capped at half: lo gets the rest */
    ck_assert_msg(fabs(sh[0] - 0.5) < 0.01 && sh[1] > 0.99 && fabs(sh[2] - 0.5) < 0.01,
                  "%f %f %f", sh[0], sh[1], sh[2]);
}
END_TEST

Suite *rt_suite(void)
{
    Suite *s = suite_create("sched_rt");
    TCase *tc = tcase_create("rt");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, params_defaults_and_checks);
    tcase_add_test(tc, rate_monotonic_preempts_earlier_deadline);
    tcase_add_test(tc, explicit_priorities);
    tcase_add_test(tc, fifo_among_equals);
    tcase_add_test(tc, hog_gets_its_budget);
    tcase_add_test(tc, higher_priority_always_runs_first);
    tcase_add_test(tc, rate_monotonic_under_liu_layland_never_misses);
    tcase_add_test(tc, above_the_bound_rm_misses_where_edf_does_not);
    tcase_add_test(tc, switch_from_edf_keeps_the_reservation);
    tcase_add_test(tc, smp_global_preempts_the_lowest_priority);
    tcase_add_test(tc, smp_partitioned_keeps_vcpus_home);
    suite_add_tcase(s, tc);

    TCase *sim = tcase_create("rt_sim");
    tcase_set_timeout(sim, 120);
    tcase_add_test(sim, sim_partitioned_rm_under_the_bound_per_pcpu);
    tcase_add_test(sim, sim_global_two_highest_run);
    suite_add_tcase(s, sim);
    return s;
}
