/*
 * tests/unit/test_sched_rr.c - host tests for the scheduler framework (sched/core.c)
 * with the round-robin module (sched/rr.c), and for runstate accounting.
 *
 * One pCPU, driven with the fake clock: each test creates guest vcpus (each in its
 * own fake domain, pv_host.c), wakes them, and then lets slices end the way the
 * hypervisor does - host_now jumps to the slice timer's deadline (host_timer_deadline),
 * the timer "interrupt" runs (timer_softirq_action), the slice timer raises the
 * SCHEDULE softirq, and schedule() runs from do_softirq. The fake context_switch()
 * records (prev, next, time) in switch_log and jumps back to the test.
 *
 * What is checked: round-robin order; the quantum (the slice timer is armed at
 * now + 10 ms, the default sched_rr_quantum_us); blocked, paused and destroyed
 * vcpus are skipped and a woken one joins the tail; the idle vcpu runs when nothing
 * else can, and a wake-up ends its turn at once; yield; and runstate accounting:
 * for every vcpu, time[running] + time[runnable] + time[blocked] + time[offline]
 * (plus the time in the current state so far) equals the time since it was
 * created, the running time equals the sum of the slices it was given according to
 * switch_log, and, in a long pseudo-random run, every runstate time equals that of
 * an independent model kept by the test. Over many rounds N vcpus get equal shares,
 * each within one quantum of the others at every moment.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hestia/domain.h>
#include <hestia/sched.h>
#include <hestia/softirq.h>
#include <hestia/xmalloc.h>
#include "host.h"
#include "pv_host.h"

/* Like ck_assert_msg, without a (slow) checkpoint per call: for checks in loops. */
#define REQUIRE(cond, ...) do { if (!(cond)) ck_abort_msg(__VA_ARGS__); } while (0)

#define Q MILLISECS(10)             /* sched_rr_quantum_us default: 10000 us */
#define MAXV 8

static struct domain *dom[MAXV];
static struct vcpu *vc[MAXV];
static s_time_t created[MAXV];
static unsigned int nv;
static size_t heap_before;

static void setup(void)
{
    pv_sched_setup();
    heap_before = xmalloc_bytes_in_use();
    nv = 0;
}

static void teardown(void)
{
    for (unsigned int i = 0; i < nv; i++)
        if (dom[i])
            pv_domain_destroy(dom[i]);
    ck_assert_uint_eq(xmalloc_bytes_in_use(), heap_before);
    pv_sched_teardown();
}

/* A new vcpu (in its own domain, id i + 1), created now and paused. */
static struct vcpu *new_vcpu(void)
{
    ck_assert_uint_lt(nv, MAXV);
    dom[nv] = pv_domain_create((domid_t)(nv + 1), false, 1);
    created[nv] = host_now;
    vc[nv] = dom[nv]->vcpu[0];
    return vc[nv++];
}

static unsigned int idx(const struct vcpu *v)
{
    for (unsigned int i = 0; i < nv; i++)
        if (vc[i] == v)
            return i;
    return 99;                      /* the idle vcpu */
}

static const char *name(const struct vcpu *v)
{
    static char buf[4][16];
    static int n;
    char *b = buf[n++ % 4];
    if (is_idle_vcpu(v))
        return "idle";
    snprintf(b, 16, "%c", 'A' + idx(v));
    return b;
}

/* Let the current slice run out: jump to the slice timer and let it fire. */
static struct vcpu *end_slice(void)
{
    ck_assert_int_ne(host_timer_deadline, STIME_MAX);
    ck_assert_int_ge(host_timer_deadline, host_now);
    pv_timer_tick(host_timer_deadline);
    return current;
}

/* The runstate times a guest would read now (the current state counted so far). */
static s_time_t rs_time(const struct vcpu *v, int state)
{
    s_time_t t = v->runstate.time[state];
    if (v->runstate.state == state)
        t += host_now - v->runstate.state_entry_time;
    return t;
}

/* Running time according to switch_log: from each switch to v until the next away. */
static s_time_t logged_running(const struct vcpu *v)
{
    s_time_t total = 0, since = -1;
    ck_assert_uint_le(nr_switches, MAX_SWITCHES);
    for (unsigned int i = 0; i < nr_switches; i++) {
        if (switch_log[i].prev == v && since >= 0) {
            total += switch_log[i].at - since;
            since = -1;
        }
        if (switch_log[i].next == v)
            since = switch_log[i].at;
    }
    if (since >= 0)
        total += host_now - since;
    return total;
}

/* The accounting identities, for every vcpu. */
static void check_accounting(void)
{
    for (unsigned int i = 0; i < nv; i++) {
        const struct vcpu *v = vc[i];
        s_time_t sum = 0;
        for (int s = 0; s < 4; s++) {
            REQUIRE(rs_time(v, s) >= 0, "%s: negative time in state %d", name(v), s);
            sum += rs_time(v, s);
        }
        REQUIRE(sum == host_now - created[i], "%s: runstate times add up to %lld ns, "
                "but it was created %lld ns ago", name(v), (long long)sum,
                (long long)(host_now - created[i]));
        REQUIRE(rs_time(v, RUNSTATE_running) == logged_running(v),
                "%s: running %lld ns, but its slices add up to %lld ns", name(v),
                (long long)rs_time(v, RUNSTATE_running), (long long)logged_running(v));
        REQUIRE((v->runstate.state == RUNSTATE_running) == (current == v),
                "%s: runstate %d, current is %s", name(v), v->runstate.state, name(current));
    }
}

static void wake(struct vcpu *v)
{
    pv_vcpu_unpause(v);
}

/* v is not running: it blocks (as if it had been blocked by an event wait). */
static void block_other(struct vcpu *v)
{
    __atomic_fetch_or(&v->pause_flags, VPF_blocked, __ATOMIC_SEQ_CST);
    vcpu_sleep_nosync(v);
}

static void unblock(struct vcpu *v)
{
    __atomic_fetch_and(&v->pause_flags, ~VPF_blocked, __ATOMIC_SEQ_CST);
    vcpu_wake(v);
}

/* Check the sequence of vcpus that run over the next slices ("BCA": B, C, A). */
static void expect_order(const char *order)
{
    for (const char *c = order; *c; c++) {
        struct vcpu *prev = current;
        unsigned int before = nr_switches;
        struct vcpu *next = end_slice();
        REQUIRE(*name(next) == *c, "expected %c after %s, got %s (order %s)", *c,
                name(prev), name(next), order);
        if (next != prev)
            REQUIRE(nr_switches == before + 1 && switch_log[before].prev == prev &&
                    switch_log[before].next == next, "switch %s -> %s not recorded",
                    name(prev), name(next));
        else
            REQUIRE(nr_switches == before, "a switch from %s to itself", name(prev));
        REQUIRE(host_timer_deadline == host_now + Q, "slice timer at %lld, now %lld",
                (long long)host_timer_deadline, (long long)host_now);
    }
    check_accounting();
}

/* ===========================================================================
 * Tests
 */

START_TEST(test_init_runs_idle)
{
    ck_assert_str_eq(scheduler_name(), "rr");
    ck_assert_ptr_nonnull(current);
    ck_assert(is_idle_vcpu(current));
    ck_assert(current->is_running);
    ck_assert(!softirq_pending(0));
    ck_assert_int_eq(host_timer_deadline, STIME_MAX);   /* idle needs no slice timer */

    /* Nothing to run: schedule() keeps idle and arms nothing. */
    host_now = MILLISECS(3);
    ck_assert(!pv_schedule());
    ck_assert(is_idle_vcpu(current));
    ck_assert_int_eq(host_timer_deadline, STIME_MAX);

    /* The boot message names the module. */
    pv_sched_teardown();
    host_log_reset();
    scheduler_init_with(1, "rr");
    ck_assert_ptr_nonnull(strstr(host_log, "Round-robin"));
    ck_assert_ptr_nonnull(strstr(host_log, "sched=rr"));
}
END_TEST

START_TEST(test_new_vcpu_runs_only_when_woken)
{
    host_now = MILLISECS(5);
    struct vcpu *a = new_vcpu();
    ck_assert_int_eq(a->runstate.state, RUNSTATE_offline);
    ck_assert_int_eq(a->runstate.state_entry_time, MILLISECS(5));
    ck_assert(!softirq_pending(0));

    /* A wake-up while still paused does nothing. */
    host_now = MILLISECS(6);
    vcpu_wake(a);
    ck_assert_int_eq(a->runstate.state, RUNSTATE_offline);
    ck_assert(!softirq_pending(0));
    ck_assert(!pv_schedule());
    ck_assert(is_idle_vcpu(current));

    /* Unpaused and woken: runnable, and the idle pCPU is told at once. */
    host_now = MILLISECS(7);
    wake(a);
    ck_assert_int_eq(a->runstate.state, RUNSTATE_runnable);
    ck_assert_int_eq(a->runstate.time[RUNSTATE_offline], MILLISECS(2));
    ck_assert(softirq_pending(0));
    ck_assert_uint_eq(pv_run_softirqs(), 1);
    ck_assert_ptr_eq(current, a);
    ck_assert(a->is_running);
    ck_assert_int_eq(a->runstate.state, RUNSTATE_running);
    ck_assert_int_eq(a->runstate.state_entry_time, MILLISECS(7));
    ck_assert_uint_eq(nr_switches, 1);
    ck_assert(is_idle_vcpu(switch_log[0].prev));
    ck_assert(!switch_log[0].prev->is_running);
    ck_assert_ptr_eq(switch_log[0].next, a);
    ck_assert_int_eq(switch_log[0].at, MILLISECS(7));
    ck_assert_int_eq(host_timer_deadline, MILLISECS(7) + Q);    /* one quantum */
    check_accounting();
}
END_TEST

/* n new vcpus, woken in order at the current time; the first one gets the pCPU. */
static void start(unsigned int n)
{
    for (unsigned int i = 0; i < n; i++)
        new_vcpu();
    for (unsigned int i = nv - n; i < nv; i++)
        wake(vc[i]);
    ck_assert_uint_eq(pv_run_softirqs(), 1);
    ck_assert_ptr_eq(current, vc[nv - n]);
}

START_TEST(test_round_robin_order)
{
    start(4);
    ck_assert_int_eq(host_timer_deadline, Q);
    for (unsigned int i = 1; i < 4; i++)
        ck_assert_int_eq(vc[i]->runstate.state, RUNSTATE_runnable);
    expect_order("BCDABCDABCDA");
    ck_assert_uint_eq(nr_switches, 13);
    for (unsigned int i = 0; i < 4; i++)
        ck_assert_int_eq(rs_time(vc[i], RUNSTATE_running), 3 * Q);
}
END_TEST

START_TEST(test_wake_joins_the_tail)
{
    start(2);                                   /* A runs, B waits */
    host_now += Q / 3;
    struct vcpu *c = new_vcpu();
    wake(c);
    ck_assert_uint_eq(pv_run_softirqs(), 0);    /* no preemption */
    ck_assert_ptr_eq(current, vc[0]);
    ck_assert_int_eq(host_timer_deadline, Q);   /* A's slice is not extended either */
    pv_timer_tick(Q);
    ck_assert_ptr_eq(current, vc[1]);
    expect_order("CABCAB");
}
END_TEST

START_TEST(test_single_vcpu_keeps_running)
{
    start(1);
    struct vcpu *a = vc[0];
    for (int i = 1; i <= 20; i++) {
        ck_assert_ptr_eq(end_slice(), a);
        REQUIRE(host_timer_deadline == host_now + Q, "slice %d not re-armed", i);
        REQUIRE(rs_time(a, RUNSTATE_running) == i * Q, "slice %d: running %lld", i,
                (long long)rs_time(a, RUNSTATE_running));
    }
    ck_assert_uint_eq(nr_switches, 1);          /* only idle -> A */
    ck_assert_int_eq(a->runstate.state_entry_time, 0);
    check_accounting();
}
END_TEST

START_TEST(test_blocked_vcpu_is_skipped)
{
    start(3);                                   /* A runs; B, C wait */
    host_now += MILLISECS(4);
    struct vcpu *b = vc[1];
    block_other(b);
    ck_assert_int_eq(b->runstate.state, RUNSTATE_blocked);
    ck_assert_int_eq(b->runstate.state_entry_time, MILLISECS(4));
    ck_assert_int_eq(b->runstate.time[RUNSTATE_runnable], MILLISECS(4));
    ck_assert_uint_eq(pv_run_softirqs(), 0);    /* nothing to do now */
    pv_timer_tick(Q);
    ck_assert_ptr_eq(current, vc[2]);
    expect_order("ACAC");                       /* C runs now; A and C alternate */

    /* Woken during C's slice: behind A, which was already waiting. */
    host_now += MILLISECS(1);
    unblock(b);
    ck_assert_int_eq(b->runstate.state, RUNSTATE_runnable);
    ck_assert_int_eq(rs_time(b, RUNSTATE_blocked), 5 * Q + MILLISECS(1) - MILLISECS(4));
    pv_timer_tick(host_timer_deadline);
    ck_assert_ptr_eq(current, vc[0]);
    expect_order("BCABC");
}
END_TEST

START_TEST(test_running_vcpu_blocks)
{
    start(2);
    struct vcpu *a = vc[0], *b = vc[1];

    /* An event already waiting: vcpu_block returns, A keeps running. */
    vcpu_info(a)->evtchn_upcall_pending = 1;
    vcpu_block();
    ck_assert_uint_eq(a->pause_flags, 0);
    ck_assert(!softirq_pending(0));
    vcpu_info(a)->evtchn_upcall_pending = 0;

    host_now += MILLISECS(3);
    vcpu_block();
    ck_assert_uint_eq(a->pause_flags, VPF_blocked);
    ck_assert_ptr_eq(current, a);               /* until the softirq runs */
    ck_assert_uint_eq(pv_run_softirqs(), 1);
    ck_assert_ptr_eq(current, b);
    ck_assert_int_eq(a->runstate.state, RUNSTATE_blocked);
    ck_assert_int_eq(a->runstate.time[RUNSTATE_running], MILLISECS(3));
    ck_assert_int_eq(host_timer_deadline, MILLISECS(3) + Q);   /* B: a full quantum */
    expect_order("BB");

    host_now += MILLISECS(2);
    unblock(a);
    expect_order("ABAB");
}
END_TEST

START_TEST(test_idle_when_nothing_runnable)
{
    start(1);
    struct vcpu *a = vc[0];
    host_now = MILLISECS(2);
    vcpu_block();
    ck_assert_uint_eq(pv_run_softirqs(), 1);
    ck_assert(is_idle_vcpu(current));
    ck_assert(current->is_running);
    ck_assert(!a->is_running);
    ck_assert_int_eq(host_timer_deadline, STIME_MAX);  /* no slice timer for idle */
    ck_assert_int_eq(current->runstate.state, RUNSTATE_running);

    host_now = MILLISECS(50);
    ck_assert(!pv_schedule());                  /* still nothing to run */
    ck_assert(is_idle_vcpu(current));

    /* A wake-up ends idle at once, not at some later timer. */
    host_now = MILLISECS(51);
    unblock(a);
    ck_assert_uint_eq(pv_run_softirqs(), 1);
    ck_assert_ptr_eq(current, a);
    ck_assert_int_eq(host_timer_deadline, MILLISECS(51) + Q);
    ck_assert_int_eq(a->runstate.time[RUNSTATE_blocked], MILLISECS(49));
    check_accounting();
}
END_TEST

START_TEST(test_yield)
{
    start(3);
    host_now = MILLISECS(1);
    vcpu_yield();
    ck_assert_uint_eq(pv_run_softirqs(), 1);
    ck_assert_ptr_eq(current, vc[1]);
    ck_assert_int_eq(vc[0]->runstate.state, RUNSTATE_runnable);
    ck_assert_int_eq(host_timer_deadline, MILLISECS(1) + Q);
    host_now = MILLISECS(2);
    vcpu_yield();
    pv_run_softirqs();
    ck_assert_ptr_eq(current, vc[2]);
    host_now = MILLISECS(3);
    vcpu_yield();
    pv_run_softirqs();
    ck_assert_ptr_eq(current, vc[0]);
    check_accounting();
    ck_assert_int_eq(rs_time(vc[0], RUNSTATE_running), MILLISECS(1));
    ck_assert_int_eq(rs_time(vc[1], RUNSTATE_running), MILLISECS(1));
    ck_assert_int_eq(rs_time(vc[2], RUNSTATE_running), MILLISECS(1));

    /* Alone, a yield changes nothing but starts a fresh slice. */
    pv_vcpu_pause(vc[1]);
    pv_vcpu_pause(vc[2]);
    host_now = MILLISECS(4);
    vcpu_yield();
    ck_assert_uint_eq(pv_run_softirqs(), 0);
    ck_assert_ptr_eq(current, vc[0]);
    ck_assert_int_eq(host_timer_deadline, MILLISECS(4) + Q);
    check_accounting();
}
END_TEST

START_TEST(test_pause_running_and_waiting_vcpus)
{
    start(3);
    struct vcpu *a = vc[0], *c = vc[2];

    /* A waiting vcpu leaves the queue at once, offline (not blocked). */
    host_now = MILLISECS(1);
    pv_vcpu_pause(c);
    ck_assert_int_eq(c->runstate.state, RUNSTATE_offline);
    ck_assert(!softirq_pending(0));

    /* The running one stops at the next schedule, which is asked for now. */
    host_now = MILLISECS(2);
    pv_vcpu_pause(a);
    ck_assert_ptr_eq(current, a);
    ck_assert(softirq_pending(0));
    ck_assert_uint_eq(pv_run_softirqs(), 1);
    ck_assert_ptr_eq(current, vc[1]);
    ck_assert_int_eq(a->runstate.state, RUNSTATE_offline);
    expect_order("BB");

    /* Unpaused: to the tail, in the order they came back. */
    wake(c);
    wake(a);
    expect_order("CABCAB");
}
END_TEST

START_TEST(test_wake_twice_changes_nothing)
{
    start(3);
    host_now = MILLISECS(4);
    s_time_t entry = vc[1]->runstate.state_entry_time;
    vcpu_wake(vc[1]);
    vcpu_wake(vc[1]);
    vcpu_wake(vc[0]);                           /* the running one */
    ck_assert_int_eq(vc[1]->runstate.state_entry_time, entry);
    ck_assert_int_eq(vc[0]->runstate.state, RUNSTATE_running);
    ck_assert_uint_eq(pv_run_softirqs(), 0);
    pv_timer_tick(Q);
    expect_order("CABCAB");                     /* each once per round */
}
END_TEST

START_TEST(test_destroyed_vcpu_leaves_the_queue)
{
    start(3);
    struct vcpu *b = vc[1];
    size_t heap = xmalloc_bytes_in_use();
    sched_destroy_vcpu(b);
    ck_assert_ptr_null(b->sched_priv);
    ck_assert_uint_lt(xmalloc_bytes_in_use(), heap);
    expect_order("CACA");

    /* Back again, paused: it waits for its wake-up like a new vcpu. */
    b->pause_flags = VPF_paused;
    ck_assert_int_eq(sched_init_vcpu(b, 0), 0);
    created[1] = host_now;
    memset(b->runstate.time, 0, sizeof(b->runstate.time));
    expect_order("CA");
    wake(b);
    expect_order("CBACBA");
}
END_TEST

/* N vcpus, whole slices: equal shares, within one quantum of each other all along. */
START_TEST(test_equal_shares)
{
    unsigned int n = (unsigned int)_i;
    const unsigned int rounds = 50;
    start(n);
    for (unsigned int slice = 1; slice <= rounds * n; slice++) {
        end_slice();
        s_time_t lo = STIME_MAX, hi = 0;
        for (unsigned int i = 0; i < n; i++) {
            s_time_t r = rs_time(vc[i], RUNSTATE_running);
            lo = MIN(lo, r);
            hi = MAX(hi, r);
        }
        REQUIRE(hi - lo <= Q, "%u vcpus, after %u slices: shares %lld..%lld ns", n, slice,
                (long long)lo, (long long)hi);
    }
    for (unsigned int i = 0; i < n; i++) {
        REQUIRE(rs_time(vc[i], RUNSTATE_running) == rounds * Q, "%s ran %lld ns", name(vc[i]),
                (long long)rs_time(vc[i], RUNSTATE_running));
        REQUIRE(rs_time(vc[i], RUNSTATE_runnable) == rounds * (n - 1) * Q,
                "%s waited %lld ns", name(vc[i]), (long long)rs_time(vc[i], RUNSTATE_runnable));
    }
    check_accounting();
}
END_TEST

/* ---- a long pseudo-random run against a model of the runstates ------------- */

static uint64_t rng_state;
static unsigned int rnd(unsigned int n)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned int)(rng_state >> 33) % n;
}

static s_time_t model[MAXV][4];
static s_time_t model_now;

/* The state v is in, by the test's own rule. */
static int model_state(const struct vcpu *v)
{
    if (current == v)
        return RUNSTATE_running;
    if (v->pause_flags & VPF_blocked)
        return RUNSTATE_blocked;
    return v->pause_flags == 0 ? RUNSTATE_runnable : RUNSTATE_offline;
}

/* Charge the time up to `to` to each vcpu's state, then move the clock there. */
static void advance_to(s_time_t to)
{
    for (unsigned int i = 0; i < nv; i++)
        model[i][model_state(vc[i])] += to - model_now;
    model_now = to;
    host_now = to;
}

/* Move the clock forward by up to `max` ns, but not as far as the slice timer. */
static void advance_some(s_time_t max)
{
    s_time_t to = host_now + 1 + (s_time_t)rnd((unsigned int)max);
    if (host_timer_deadline != STIME_MAX && to >= host_timer_deadline)
        to = host_timer_deadline - 1;
    if (to > host_now)
        advance_to(to);
}

static struct vcpu *pick(unsigned long need_flag, bool running_ok)
{
    unsigned int start = rnd(nv);
    for (unsigned int k = 0; k < nv; k++) {
        struct vcpu *v = vc[(start + k) % nv];
        if ((need_flag ? (v->pause_flags & need_flag) != 0 : true) &&
            (running_ok || current != v))
            return v;
    }
    return NULL;
}

/*
 * 3000 random steps from seed: slices run out, the running vcpu blocks or yields,
 * waiting vcpus block, blocked ones are woken, vcpus are paused and unpaused, and
 * two more vcpus arrive on the way. After every step each runstate time must equal
 * the model's. With wake_paused, events also reach blocked vcpus that are paused
 * (see test_bug_wake_while_paused); without, they reach only unpaused ones.
 */
static void random_run(uint64_t seed, bool wake_paused)
{
    rng_state = 0x4865737469610000ULL + seed;
    model_now = host_now = 0;
    memset(model, 0, sizeof(model));
    start(3);

    for (unsigned int step = 0; step < 3000; step++) {
        if ((step == 700 || step == 1500) && nv < MAXV) {
            advance_to(host_now);
            struct vcpu *v = new_vcpu();
            memset(model[nv - 1], 0, sizeof(model[0]));
            if (rnd(2))
                wake(v);
        }
        struct vcpu *v;
        switch (rnd(10)) {
        case 0: case 1: case 2: case 3:         /* the slice runs out */
            if (host_timer_deadline == STIME_MAX) {
                advance_to(host_now + MILLISECS(1));
            } else {
                advance_to(host_timer_deadline);
                timer_softirq_action(0);
            }
            break;
        case 4:                                 /* the running vcpu blocks */
            advance_some(Q);
            if (!is_idle_vcpu(current))
                vcpu_block();
            break;
        case 5:                                 /* an event wakes a blocked vcpu */
            advance_some(Q);
            if ((v = pick(VPF_blocked, false)) && (wake_paused || !(v->pause_flags & VPF_paused)))
                unblock(v);
            break;
        case 6:                                 /* the running vcpu yields */
            advance_some(Q / 2);
            if (!is_idle_vcpu(current))
                vcpu_yield();
            break;
        case 7:                                 /* a vcpu is paused */
            advance_some(Q);
            if (rnd(3) == 0 && (v = pick(0, true)))
                pv_vcpu_pause(v);
            break;
        case 8:                                 /* and unpaused */
            advance_some(Q);
            if ((v = pick(VPF_paused, false))) {
                __atomic_fetch_and(&v->pause_flags, ~VPF_paused, __ATOMIC_SEQ_CST);
                vcpu_wake(v);
            }
            break;
        case 9:                                 /* a waiting vcpu blocks */
            advance_some(Q);
            if ((v = pick(0, false)) && v->pause_flags == 0)
                block_other(v);
            break;
        }
        pv_run_softirqs();

        /* Work-conserving: idle only when no vcpu can run. */
        if (is_idle_vcpu(current))
            for (unsigned int i = 0; i < nv; i++)
                REQUIRE(vc[i]->pause_flags != 0, "step %u: idle while %s is runnable",
                        step, name(vc[i]));
        advance_to(host_now);
        for (unsigned int i = 0; i < nv; i++)
            for (int s = 0; s < 4; s++)
                REQUIRE(rs_time(vc[i], s) == model[i][s], "step %u: %s time[%d] is %lld ns,"
                        " the model says %lld", step, name(vc[i]), s,
                        (long long)rs_time(vc[i], s), (long long)model[i][s]);
        check_accounting();
    }
    /* The run did exercise every state. */
    s_time_t total[4] = { 0 };
    for (unsigned int i = 0; i < nv; i++)
        for (int s = 0; s < 4; s++)
            total[s] += model[i][s];
    for (int s = 0; s < 4; s++)
        ck_assert_int_gt(total[s], 0);
    ck_assert_uint_gt(nr_switches, 500);
}

START_TEST(test_runstate_accounting_random)
{
    random_run((uint64_t)_i, false);
}
END_TEST

/* ===========================================================================
 * Bugs: these fail on the current sources.
 */

/*
 * A blocked vcpu of a paused domain gets its event: it is no longer blocked, but
 * still cannot run, so it is offline from then on (RUNSTATE_offline: "down, paused,
 * or held by the hypervisor"). Xen's vcpu_wake() does exactly that (blocked ->
 * offline when the vcpu is not runnable and no longer blocked). Hestia's vcpu_wake()
 * changes nothing, so the whole paused time is reported as blocked.
 */
START_TEST(test_bug_wake_while_paused)
{
    start(2);
    struct vcpu *b = vc[1];
    host_now = MILLISECS(1);
    block_other(b);                             /* blocked at 1 ms */
    host_now = MILLISECS(2);
    pv_vcpu_pause(b);                           /* its domain is paused at 2 ms */
    host_now = MILLISECS(4);
    unblock(b);                                 /* its event arrives at 4 ms */
    ck_assert_msg(b->runstate.state == RUNSTATE_offline,
                  "blocked vcpu woken while paused: runstate %d, expected offline (%d)",
                  b->runstate.state, RUNSTATE_offline);
    host_now = MILLISECS(9);
    wake(b);                                    /* unpaused at 9 ms */
    ck_assert_int_eq(b->runstate.time[RUNSTATE_blocked], MILLISECS(3));
    ck_assert_int_eq(b->runstate.time[RUNSTATE_offline], MILLISECS(5));
}
END_TEST

/* The random run again, with events that reach paused vcpus too. */
START_TEST(test_bug_runstate_accounting_random_with_pauses)
{
    random_run((uint64_t)_i, true);
}
END_TEST

Suite *sched_rr_suite(void)
{
    Suite *s = suite_create("sched_rr");
    TCase *tc = tcase_create("sched_rr");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_init_runs_idle);
    tcase_add_test(tc, test_new_vcpu_runs_only_when_woken);
    tcase_add_test(tc, test_round_robin_order);
    tcase_add_test(tc, test_wake_joins_the_tail);
    tcase_add_test(tc, test_single_vcpu_keeps_running);
    tcase_add_test(tc, test_blocked_vcpu_is_skipped);
    tcase_add_test(tc, test_running_vcpu_blocks);
    tcase_add_test(tc, test_idle_when_nothing_runnable);
    tcase_add_test(tc, test_yield);
    tcase_add_test(tc, test_pause_running_and_waiting_vcpus);
    tcase_add_test(tc, test_wake_twice_changes_nothing);
    tcase_add_test(tc, test_destroyed_vcpu_leaves_the_queue);
    tcase_add_loop_test(tc, test_equal_shares, 1, 7);
    tcase_add_loop_test(tc, test_runstate_accounting_random, 0, 4);
    suite_add_tcase(s, tc);

    TCase *bugs = tcase_create("sched_rr_bugs");
    tcase_add_checked_fixture(bugs, setup, teardown);
    tcase_add_test(bugs, test_bug_wake_while_paused);
    tcase_add_loop_test(bugs, test_bug_runstate_accounting_random_with_pauses, 0, 2);
    suite_add_tcase(s, bugs);
    return s;
}
