/*
 * selftest_timer.c - hypervisor timers fire in order, and on time.
 *
 * Timers are set out of order (two with the same expiry), then the CPU sleeps in
 * `hlt` until the local APIC timer interrupt runs them. Each records when it ran.
 * Pass: every timer ran once, in expiry order (equal expiries in the order they
 * were set), none early, and none later than TIMER_TOLERANCE.
 */
#include <hestia/arch.h>
#include <hestia/types.h>
#include <hestia/lib.h>
#include <hestia/printk.h>
#include <hestia/selftest.h>
#include <hestia/timer.h>

/*
 * Allowed lateness. Under QEMU without -icount the emulated APIC timer follows the
 * host clock and interrupts arrive 0.1-0.5 ms late, more on a busy host, so this
 * is generous on purpose. Deterministic runs (QEMU -icount, Bochs) are late by a few
 * microseconds at most; the boot tests check that tighter bound from the printed
 * worst lateness.
 */
#define TIMER_TOLERANCE MILLISECS(10)

static const unsigned int offsets_ms[] = { 5, 1, 4, 2, 8, 3, 3, 6 };
#define NR_TEST_TIMERS ARRAY_SIZE(offsets_ms)

struct probe {
    struct timer timer;
    unsigned int index;          /* order in which it was set */
    s_time_t fired_at;
};

static struct probe probes[NR_TEST_TIMERS];
static unsigned int fire_order[NR_TEST_TIMERS];
static volatile unsigned int nr_fired;

static void probe_fn(void *data)
{
    struct probe *p = data;
    p->fired_at = NOW();
    if (nr_fired < NR_TEST_TIMERS)
        fire_order[nr_fired] = p->index;
    nr_fired++;
}

/* Expected position: by expiry, then by the order the timers were set. */
static bool fires_before(unsigned int a, unsigned int b)
{
    if (probes[a].timer.expires != probes[b].timer.expires)
        return probes[a].timer.expires < probes[b].timer.expires;
    return a < b;
}

static void arm_all(void)
{
    s_time_t base = NOW();
    nr_fired = 0;
    for (unsigned int i = 0; i < NR_TEST_TIMERS; i++) {
        probes[i].index = i;
        probes[i].fired_at = 0;
        init_timer(&probes[i].timer, probe_fn, &probes[i], smp_processor_id());
        set_timer(&probes[i].timer, base + MILLISECS(offsets_ms[i]));
    }
}

static void wait_all(s_time_t limit)
{
    local_irq_disable();
    while (nr_fired < NR_TEST_TIMERS && NOW() < limit)
        arch_wait_for_interrupt();      /* sti; hlt; cli */
    local_irq_enable();
}

static int test_timer(char *why, size_t len)
{
    s_time_t worst = 0;

    arm_all();
    wait_all(NOW() + SECONDS(1));

    if (nr_fired != NR_TEST_TIMERS)
        return selftest_fail(why, len, "%u of %u timers fired within 1 s",
                             nr_fired, (unsigned int)NR_TEST_TIMERS);
    for (unsigned int k = 1; k < NR_TEST_TIMERS; k++)
        if (!fires_before(fire_order[k - 1], fire_order[k]))
            return selftest_fail(why, len, "timer %u fired before timer %u",
                                 fire_order[k - 1], fire_order[k]);
    for (unsigned int i = 0; i < NR_TEST_TIMERS; i++) {
        s_time_t late = probes[i].fired_at - probes[i].timer.expires;
        if (late < 0)
            return selftest_fail(why, len, "timer %u fired %lld ns early", i, (long long)-late);
        if (late > TIMER_TOLERANCE)
            return selftest_fail(why, len, "timer %u fired %lld us late (tolerance %lld us)",
                                 i, (long long)late / 1000,
                                 (long long)TIMER_TOLERANCE / 1000);
        worst = MAX(worst, late);
    }
    printk("timer: %u timers in order, worst lateness %lld us (tolerance %lld us)\n",
           (unsigned int)NR_TEST_TIMERS, (long long)worst / 1000,
           (long long)TIMER_TOLERANCE / 1000);
    return 0;
}
SELFTEST("timer", test_timer, SELFTEST_IN_ALL);
