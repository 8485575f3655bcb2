/*
 * tests/unit/test_timer.c - host tests for kernel/timer.c.
 *
 * The queue tests drive timer_queue_* directly with explicit times; every timer
 * function records itself in fire_log, so a test can compare the order timers
 * fired in against the order they should have. The per-CPU tests go through
 * set_timer/stop_timer/timer_softirq_action and watch the fake hardware timer
 * (host_timer_deadline) and the fake clock (host_now) from stubs.c, where this
 * host is always pCPU 0.
 */
#include <check.h>
#include <string.h>

#include <hestia/timer.h>
#include <hestia/types.h>
#include "host.h"

/* ---- recording what fired -------------------------------------------------- */

#define MAX_FIRES 1024

static struct timer *fire_log[MAX_FIRES];
static unsigned int nr_fired;
static bool fired_while_active;     /* a timer was still marked active in its function */

static void record(void *data)
{
    struct timer *t = data;

    if (t->active)
        fired_while_active = true;
    ck_assert_uint_lt(nr_fired, MAX_FIRES);
    fire_log[nr_fired++] = t;
}

static void reset(void)
{
    nr_fired = 0;
    fired_while_active = false;
    host_log_reset();
    host_now = 0;
    host_timer_deadline = STIME_MAX;
    host_timer_reprograms = 0;
}

/* A queue-level timer: init_timer sets every field, which is all the queue needs. */
static void make_timer(struct timer *t, s_time_t expires, void (*fn)(void *))
{
    init_timer(t, fn, t, 0);
    t->expires = expires;
}

static void add_at(struct timer_queue *q, struct timer *t, s_time_t expires)
{
    make_timer(t, expires, record);
    timer_queue_add(q, t);
}

/* Walk the queue and check that it is sorted and that every member is active. */
static unsigned int assert_queue_sorted(const struct timer_queue *q)
{
    const struct list_head *pos;
    s_time_t last = INT64_MIN;
    unsigned int n = 0;

    list_for_each(pos, &q->head) {
        const struct timer *t = list_entry(pos, struct timer, list);
        ck_assert_int_le(last, t->expires);
        ck_assert(t->active);
        last = t->expires;
        n++;
    }
    return n;
}

/* ---- the queue ------------------------------------------------------------- */

START_TEST(test_empty_queue)
{
    struct timer_queue q;

    reset();
    timer_queue_init(&q);
    ck_assert_int_eq(timer_queue_next(&q), STIME_MAX);
    ck_assert_uint_eq(timer_queue_run(&q, STIME_MAX), 0);
    ck_assert_uint_eq(nr_fired, 0);
}
END_TEST

/* A fixed-seed generator, so a failure is reproducible on every host. */
static uint32_t lcg_state;
static uint32_t lcg_next(void)
{
    lcg_state = lcg_state * 1664525u + 1013904223u;
    return lcg_state >> 8;
}

/*
 * The test that would catch an out-of-order timer: 200 timers with random expiry
 * (only 40 distinct values, so many are equal) are added in random order, and must
 * fire sorted by expiry, equal ones in the order they were added. The reference
 * order is a stable insertion sort of the same timers.
 */
#define NR_RANDOM 200

START_TEST(test_random_order_fires_sorted)
{
    static struct timer timers[NR_RANDOM];
    struct timer *want[NR_RANDOM];
    struct timer_queue q;

    reset();
    timer_queue_init(&q);
    lcg_state = 12345;
    for (int i = 0; i < NR_RANDOM; i++) {
        add_at(&q, &timers[i], (s_time_t)(lcg_next() % 40) * 1000 + 1);
        ck_assert(timers[i].active);
    }
    ck_assert_uint_eq(assert_queue_sorted(&q), NR_RANDOM);

    /* Stable insertion sort by expiry = the order they must fire in. */
    for (int i = 0; i < NR_RANDOM; i++) {
        int j = i;
        while (j > 0 && want[j - 1]->expires > timers[i].expires) {
            want[j] = want[j - 1];
            j--;
        }
        want[j] = &timers[i];
    }
    ck_assert_int_eq(timer_queue_next(&q), want[0]->expires);

    ck_assert_uint_eq(timer_queue_run(&q, STIME_MAX), NR_RANDOM);
    ck_assert_uint_eq(nr_fired, NR_RANDOM);
    for (int i = 0; i < NR_RANDOM; i++) {
        ck_assert_msg(fire_log[i] == want[i],
                      "fire #%d: timer %td (expires %lld), want timer %td (expires %lld)",
                      i, fire_log[i] - timers, (long long)fire_log[i]->expires,
                      want[i] - timers, (long long)want[i]->expires);
        ck_assert(!timers[i].active);
    }
    ck_assert(!fired_while_active);
    ck_assert_int_eq(timer_queue_next(&q), STIME_MAX);
}
END_TEST

START_TEST(test_equal_expiry_fifo)
{
    struct timer a, b, c;
    struct timer_queue q;

    reset();
    timer_queue_init(&q);
    add_at(&q, &a, 100);
    add_at(&q, &b, 100);
    add_at(&q, &c, 100);
    /* Removed and added again, a goes behind the others. */
    timer_queue_remove(&q, &a);
    timer_queue_add(&q, &a);

    ck_assert_uint_eq(timer_queue_run(&q, 100), 3);
    ck_assert_ptr_eq(fire_log[0], &b);
    ck_assert_ptr_eq(fire_log[1], &c);
    ck_assert_ptr_eq(fire_log[2], &a);
}
END_TEST

START_TEST(test_run_fires_only_due)
{
    struct timer t[4];
    struct timer_queue q;

    reset();
    timer_queue_init(&q);
    add_at(&q, &t[2], 30);
    add_at(&q, &t[0], 10);
    add_at(&q, &t[3], 40);
    add_at(&q, &t[1], 20);

    ck_assert_uint_eq(timer_queue_run(&q, 5), 0);
    ck_assert_uint_eq(timer_queue_run(&q, 25), 2);
    ck_assert_ptr_eq(fire_log[0], &t[0]);
    ck_assert_ptr_eq(fire_log[1], &t[1]);
    ck_assert(!t[1].active);
    ck_assert(t[2].active && t[3].active);
    ck_assert_int_eq(timer_queue_next(&q), 30);

    ck_assert_uint_eq(timer_queue_run(&q, 25), 0);      /* nothing new is due */
    ck_assert_uint_eq(timer_queue_run(&q, 30), 1);      /* expires == now is due */
    ck_assert_ptr_eq(fire_log[2], &t[2]);
    ck_assert_int_eq(timer_queue_next(&q), 40);
    ck_assert_uint_eq(nr_fired, 3);
}
END_TEST

/* A periodic timer: its function sets it again one period later. */
static struct timer_queue *periodic_q;
#define PERIOD 10

static void periodic(void *data)
{
    struct timer *t = data;

    record(t);
    t->expires += PERIOD;
    timer_queue_add(periodic_q, t);
}

START_TEST(test_periodic_rearm)
{
    struct timer p, other;
    struct timer_queue q;

    reset();
    timer_queue_init(&q);
    periodic_q = &q;
    make_timer(&p, 10, periodic);
    timer_queue_add(&q, &p);
    add_at(&q, &other, 25);

    /* At 35 the periodic timer is due at 10, 20 and 30: all in this one call. */
    ck_assert_uint_eq(timer_queue_run(&q, 35), 4);
    ck_assert_ptr_eq(fire_log[0], &p);
    ck_assert_ptr_eq(fire_log[1], &p);
    ck_assert_ptr_eq(fire_log[2], &other);
    ck_assert_ptr_eq(fire_log[3], &p);
    ck_assert(!fired_while_active);
    ck_assert(p.active);
    ck_assert_int_eq(timer_queue_next(&q), 40);
}
END_TEST

/* Fires once more, set into the past: it must come back before later due timers. */
static struct timer_queue *past_q;

static void rearm_in_past_once(void *data)
{
    struct timer *t = data;

    record(t);
    if (nr_fired == 1) {
        t->expires = 5;
        timer_queue_add(past_q, t);
    }
}

START_TEST(test_rearm_into_past)
{
    struct timer a, b, c;
    struct timer_queue q;

    reset();
    timer_queue_init(&q);
    past_q = &q;
    make_timer(&a, 10, rearm_in_past_once);
    timer_queue_add(&q, &a);
    add_at(&q, &b, 20);
    add_at(&q, &c, 100);

    ck_assert_uint_eq(timer_queue_run(&q, 50), 3);
    ck_assert_ptr_eq(fire_log[0], &a);
    ck_assert_ptr_eq(fire_log[1], &a);
    ck_assert_ptr_eq(fire_log[2], &b);
    ck_assert(!a.active && !b.active && c.active);
    ck_assert_int_eq(timer_queue_next(&q), 100);
}
END_TEST

START_TEST(test_remove)
{
    struct timer t[5];
    struct timer_queue q;

    reset();
    timer_queue_init(&q);
    for (int i = 0; i < 5; i++)
        add_at(&q, &t[i], (i + 1) * 10);

    timer_queue_remove(&q, &t[2]);                      /* middle */
    ck_assert(!t[2].active);
    ck_assert_int_eq(timer_queue_next(&q), 10);
    timer_queue_remove(&q, &t[0]);                      /* head */
    ck_assert_int_eq(timer_queue_next(&q), 20);
    timer_queue_remove(&q, &t[4]);                      /* tail */
    ck_assert_int_eq(timer_queue_next(&q), 20);
    ck_assert_uint_eq(assert_queue_sorted(&q), 2);

    ck_assert_uint_eq(timer_queue_run(&q, 1000), 2);
    ck_assert_ptr_eq(fire_log[0], &t[1]);
    ck_assert_ptr_eq(fire_log[1], &t[3]);

    /* A removed timer can be added again. */
    timer_queue_add(&q, &t[0]);
    ck_assert_int_eq(timer_queue_next(&q), 10);
    timer_queue_remove(&q, &t[0]);
    ck_assert_int_eq(timer_queue_next(&q), STIME_MAX);
}
END_TEST

/* ---- per-CPU timers -------------------------------------------------------- */

START_TEST(test_set_timer_reprograms)
{
    struct timer a, b, c, remote;

    reset();
    timers_init(2);
    init_timer(&a, record, &a, 0);
    init_timer(&b, record, &b, 0);
    init_timer(&c, record, &c, 0);
    init_timer(&remote, record, &remote, 1);
    ck_assert(!timer_is_active(&a));

    set_timer(&a, 100);
    ck_assert(timer_is_active(&a));
    ck_assert_int_eq(host_timer_deadline, 100);

    /* A later timer does not move the hardware timer. */
    unsigned int calls = host_timer_reprograms;
    set_timer(&b, 200);
    ck_assert_int_eq(host_timer_deadline, 100);
    ck_assert_uint_eq(host_timer_reprograms, calls);

    /* An earlier one does. */
    set_timer(&c, 50);
    ck_assert_int_eq(host_timer_deadline, 50);

    /* Moving the earliest timer later moves the deadline to the new earliest. */
    set_timer(&c, 300);
    ck_assert_int_eq(host_timer_deadline, 100);

    /* Another pCPU's timer does not touch this pCPU's hardware timer. */
    calls = host_timer_reprograms;
    set_timer(&remote, 10);
    ck_assert(timer_is_active(&remote));
    ck_assert_int_eq(host_timer_deadline, 100);
    ck_assert_uint_eq(host_timer_reprograms, calls);

    /* Setting an active timer moves it rather than adding it twice. */
    set_timer(&b, 150);
    set_timer(&b, 250);
    host_now = 1000;
    timer_softirq_action(0);
    ck_assert_uint_eq(nr_fired, 3);
    ck_assert_ptr_eq(fire_log[0], &a);
    ck_assert_ptr_eq(fire_log[1], &b);
    ck_assert_ptr_eq(fire_log[2], &c);
}
END_TEST

START_TEST(test_stop_timer_reprograms)
{
    struct timer a, b, c, idle;

    reset();
    timers_init(1);
    init_timer(&a, record, &a, 0);
    init_timer(&b, record, &b, 0);
    init_timer(&c, record, &c, 0);
    init_timer(&idle, record, &idle, 0);
    set_timer(&a, 100);
    set_timer(&b, 200);
    set_timer(&c, 300);
    ck_assert_int_eq(host_timer_deadline, 100);

    /* Stopping a timer that is not the earliest changes nothing in hardware. */
    unsigned int calls = host_timer_reprograms;
    stop_timer(&b);
    ck_assert(!timer_is_active(&b));
    ck_assert_uint_eq(host_timer_reprograms, calls);
    stop_timer(&idle);                                  /* never set: a no-op */
    stop_timer(&b);                                     /* already stopped */
    ck_assert_uint_eq(host_timer_reprograms, calls);

    stop_timer(&a);                                     /* the head */
    ck_assert_int_eq(host_timer_deadline, 300);
    stop_timer(&c);                                     /* the last one */
    ck_assert_int_eq(host_timer_deadline, STIME_MAX);

    host_now = 1000;
    timer_softirq_action(0);
    ck_assert_uint_eq(nr_fired, 0);
}
END_TEST

/* A periodic per-CPU timer, re-armed with set_timer from its own function. */
static void tick(void *data)
{
    struct timer *t = data;

    record(t);
    set_timer(t, t->expires + 100);
}

START_TEST(test_softirq_action)
{
    struct timer a, b, p;

    reset();
    timers_init(1);
    init_timer(&a, record, &a, 0);
    init_timer(&b, record, &b, 0);
    init_timer(&p, tick, &p, 0);
    set_timer(&a, 100);
    set_timer(&b, 300);
    set_timer(&p, 150);

    /* The interrupt came at 200: a and the first tick are due, b is not. */
    host_now = 200;
    timer_softirq_action(0);
    ck_assert_uint_eq(nr_fired, 2);
    ck_assert_ptr_eq(fire_log[0], &a);
    ck_assert_ptr_eq(fire_log[1], &p);
    ck_assert(timer_is_active(&p));
    ck_assert_int_eq(host_timer_deadline, 250);          /* the tick's next period */

    /* At 300 the tick (250) fires, then b (300); the tick is next at 350. */
    host_now = 300;
    timer_softirq_action(0);
    ck_assert_uint_eq(nr_fired, 4);
    ck_assert_ptr_eq(fire_log[2], &p);
    ck_assert_ptr_eq(fire_log[3], &b);
    ck_assert_int_eq(host_timer_deadline, 350);

    /* A spurious early interrupt fires nothing and keeps the deadline. */
    host_now = 320;
    timer_softirq_action(0);
    ck_assert_uint_eq(nr_fired, 4);
    ck_assert_int_eq(host_timer_deadline, 350);

    stop_timer(&p);
    ck_assert_int_eq(host_timer_deadline, STIME_MAX);
    ck_assert(!fired_while_active);
}
END_TEST

Suite *timer_suite(void)
{
    Suite *s = suite_create("timer");
    TCase *queue = tcase_create("queue");
    TCase *percpu = tcase_create("percpu");

    tcase_add_test(queue, test_empty_queue);
    tcase_add_test(queue, test_random_order_fires_sorted);
    tcase_add_test(queue, test_equal_expiry_fifo);
    tcase_add_test(queue, test_run_fires_only_due);
    tcase_add_test(queue, test_periodic_rearm);
    tcase_add_test(queue, test_rearm_into_past);
    tcase_add_test(queue, test_remove);
    suite_add_tcase(s, queue);

    tcase_add_test(percpu, test_set_timer_reprograms);
    tcase_add_test(percpu, test_stop_timer_reprograms);
    tcase_add_test(percpu, test_softirq_action);
    suite_add_tcase(s, percpu);
    return s;
}
