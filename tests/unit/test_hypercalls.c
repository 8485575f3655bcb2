/*
 * tests/unit/test_hypercalls.c - host tests for the generic hypercall handlers:
 * sched_op and set_timer_op (kernel/sched_op.c), vcpu_op (kernel/vcpu_op.c),
 * multicall (kernel/multicall.c), console_io (kernel/console_io.c), xen_version
 * (kernel/version.c) and event_channel_op (evtchn/event_channel.c).
 *
 * "Guests are hostile" (DESIGN.md, principle 4): every bad argument must get the
 * right negative errno and change nothing. Each error test is a table of bad
 * arguments; before each row the test snapshots the whole fake world (both
 * domains' shared_info pages and event channels, every vcpu's pause flags,
 * runstate, timers and VIRQ bindings, the current vcpu, pending softirqs, all of
 * guest memory, the console log and the fakes' records) and afterwards requires it
 * to be bit for bit the same. Guest pointers come from pv_host.c's fake guest
 * memory: mapped RAM pages, a read-only page, an unmapped page, and a mapped page
 * inside the hypervisor's hole that only the range check protects.
 *
 * The world: dom0 (privileged, one vcpu) and d1 (unprivileged, two vcpus), built
 * on the real scheduler (sched/core.c + sched/rr.c) at system time 1 s; d1's
 * vcpu 0 is current, every other vcpu is paused. The handlers run as d1v0 unless a
 * test switches to dom0 with pv_become().
 *
 * The tcase "hypercalls_bugs" holds tests that fail on the current sources; each
 * says what is wrong and what Xen does.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hestia/domain.h>
#include <hestia/errno.h>
#include <hestia/event.h>
#include <hestia/hypercall.h>
#include <hestia/sched.h>
#include <hestia/softirq.h>
#include <hestia/xmalloc.h>
#include <public/features.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include <public/version.h>
#include "host.h"
#include "pv_host.h"

/* Like ck_assert_msg, without a (slow) checkpoint per call: for checks in loops. */
#define REQUIRE(cond, ...) do { if (!(cond)) ck_abort_msg(__VA_ARGS__); } while (0)

/* ---------------------------------------------------------------------------
 * The world and its snapshot
 */

static struct domain *dom0, *d1;
static struct vcpu *v0, *v1, *dom0v;    /* d1v0 (current), d1v1, dom0v0 */
static size_t heap_before;

/* Guest addresses for arguments (in mapped RAM). */
#define ARG      (GUEST_RAM + 0x100)        /* a hypercall's argument struct */
#define ARG2     (GUEST_RAM + 0x800)        /* a second buffer */
#define LIST     (GUEST_RAM + PAGE_SIZE)    /* arrays: multicall lists, port lists */

static void setup(void)
{
    pv_sched_setup();
    host_now = SECONDS(1);
    guest_mem_init();
    heap_before = xmalloc_bytes_in_use();
    dom0 = pv_domain_create(0, true, 1);
    d1 = pv_domain_create(1, false, 2);
    dom0v = dom0->vcpu[0];
    v0 = d1->vcpu[0];
    v1 = d1->vcpu[1];
    pv_become(v0);
    pv_host_reset();
    host_log_reset();
}

static void teardown(void)
{
    pv_domain_destroy(d1);
    pv_domain_destroy(dom0);
    ck_assert_uint_eq(xmalloc_bytes_in_use(), heap_before);     /* nothing leaked */
    guest_mem_free();
    pv_sched_teardown();
}

#define NR_WVCPUS 3
struct timer_state {
    bool active;
    s_time_t expires;
};
struct world {
    uint8_t shinfo[2][sizeof(struct shared_info)];
    struct evtchn evtchn[2][MAX_EVTCHNS];
    unsigned int max_evtchns[2];
    enum domain_state state[2];
    unsigned long pause_flags[NR_WVCPUS];
    struct runstate runstate[NR_WVCPUS];
    struct timer_state singleshot[NR_WVCPUS], poll[NR_WVCPUS];
    bool poll_timed_out[NR_WVCPUS];
    evtchn_port_t virq[NR_WVCPUS][NR_VIRQS];
    struct vcpu *curr;
    bool softirq;
    s_time_t timer_deadline;
    uint8_t ram[GUEST_RAM_PAGES * PAGE_SIZE];
    uint8_t ro[PAGE_SIZE];
    bool hole_intact;
    char log[sizeof(host_log)];
    unsigned int shutdowns, crashes, dispatched, switches;
    size_t input_left;
};
static struct world before_row, after_row;

static void snapshot(struct world *w)
{
    struct domain *doms[2] = { dom0, d1 };
    struct vcpu *vs[NR_WVCPUS] = { v0, v1, dom0v };

    memset(w, 0, sizeof(*w));
    for (int i = 0; i < 2; i++) {
        memcpy(w->shinfo[i], doms[i]->shared_info, sizeof(struct shared_info));
        memcpy(w->evtchn[i], doms[i]->evtchn, sizeof(w->evtchn[i]));
        w->max_evtchns[i] = doms[i]->max_evtchns;
        w->state[i] = doms[i]->state;
    }
    for (int i = 0; i < NR_WVCPUS; i++) {
        w->pause_flags[i] = vs[i]->pause_flags;
        w->runstate[i] = vs[i]->runstate;
        w->singleshot[i] = (struct timer_state){ vs[i]->singleshot_timer.active,
                                                 vs[i]->singleshot_timer.expires };
        w->poll[i] = (struct timer_state){ vs[i]->poll_timer.active,
                                           vs[i]->poll_timer.expires };
        w->poll_timed_out[i] = vs[i]->poll_timed_out;
        memcpy(w->virq[i], vs[i]->virq_to_evtchn, sizeof(w->virq[i]));
    }
    w->curr = current;
    w->softirq = softirq_pending(0);
    w->timer_deadline = host_timer_deadline;
    for (unsigned int p = 0; p < GUEST_RAM_PAGES; p++)
        memcpy(w->ram + p * PAGE_SIZE, guest_ptr(GUEST_RAM + p * PAGE_SIZE), PAGE_SIZE);
    memcpy(w->ro, guest_ptr(GUEST_RO_PAGE), PAGE_SIZE);
    w->hole_intact = guest_hole_intact();
    strcpy(w->log, host_log);
    w->shutdowns = nr_shutdowns;
    w->crashes = nr_crashes;
    w->dispatched = nr_dispatched;
    w->switches = nr_switches;
    w->input_left = console_input_left();
}

static void remember(void)
{
    snapshot(&before_row);
}

/* Name the first part of the world that changed since remember(), or NULL. */
static const char *world_change(void)
{
    struct world *a = &before_row, *b = &after_row;
    snapshot(b);
#define SAME(field, name) if (memcmp(&a->field, &b->field, sizeof(a->field))) return name
    SAME(shinfo[0], "dom0's shared_info");
    SAME(shinfo[1], "d1's shared_info");
    SAME(evtchn, "event channels");
    SAME(max_evtchns, "max_evtchns");
    SAME(state, "domain state");
    SAME(pause_flags, "pause flags");
    SAME(runstate, "runstates");
    SAME(singleshot, "singleshot timers");
    SAME(poll, "poll timers");
    SAME(poll_timed_out, "poll_timed_out");
    SAME(virq, "VIRQ bindings");
    SAME(curr, "current vcpu");
    SAME(softirq, "pending softirqs");
    SAME(timer_deadline, "hardware timer deadline");
    SAME(ram, "guest RAM");
    SAME(ro, "read-only guest page");
    SAME(hole_intact, "the hypervisor page in the hole");
    SAME(log, "console output");
    SAME(shutdowns, "domain_shutdown calls");
    SAME(crashes, "domain_crash calls");
    SAME(dispatched, "hypercall_dispatch calls");
    SAME(switches, "context switches");
    SAME(input_left, "console input");
#undef SAME
    return NULL;
}

#define REQUIRE_UNCHANGED(...) REQUIRE_NOTHING_CHANGED(world_change(), __VA_ARGS__)

/* Copy a value into guest memory at gva (any mapped page, read-only ones too). */
static unsigned long put(unsigned long gva, const void *src, size_t len)
{
    for (size_t i = 0; i < len; i++)
        *(uint8_t *)guest_ptr(gva + i) = ((const uint8_t *)src)[i];
    return gva;
}

static void get(void *dst, unsigned long gva, size_t len)
{
    for (size_t i = 0; i < len; i++)
        ((uint8_t *)dst)[i] = *(const uint8_t *)guest_ptr(gva + i);
}

static bool port_bit(const xen_ulong_t *bitmap, evtchn_port_t port)
{
    return (bitmap[port / 64] >> (port % 64)) & 1;
}

static void set_port_bit(xen_ulong_t *bitmap, evtchn_port_t port)
{
    bitmap[port / 64] |= 1UL << (port % 64);
}

/* EVTCHNOP_bind_virq through the hypercall, as the current vcpu's guest would. */
static evtchn_port_t bind_virq(unsigned int virq, unsigned int vcpu)
{
    struct evtchn_bind_virq b = { .virq = virq, .vcpu = vcpu, .port = 0xdead };
    long rc = do_event_channel_op(EVTCHNOP_bind_virq, put(ARG2, &b, sizeof(b)));
    ck_assert_int_eq(rc, 0);
    get(&b, ARG2, sizeof(b));
    return b.port;
}

static long evtchn_op_port(unsigned long cmd, evtchn_port_t port)
{
    uint32_t p = port;      /* evtchn_close and evtchn_unmask are just the port */
    return do_event_channel_op(cmd, put(ARG2, &p, sizeof(p)));
}

static struct evtchn_status port_status(evtchn_port_t port)
{
    struct evtchn_status st = { .dom = DOMID_SELF, .port = port };
    ck_assert_int_eq(do_event_channel_op(EVTCHNOP_status, put(ARG2, &st, sizeof(st))), 0);
    get(&st, ARG2, sizeof(st));
    return st;
}

/* ===========================================================================
 * sched_op
 */

START_TEST(test_sched_op_unknown_cmd)
{
    static const unsigned long cmds[] = {
        SCHEDOP_shutdown_code, SCHEDOP_watchdog, SCHEDOP_pin_override, 8, 255,
        0x100000000UL | SCHEDOP_shutdown, ~0UL,
    };
    struct sched_shutdown s = { SHUTDOWN_poweroff };
    unsigned long arg = put(ARG, &s, sizeof(s));   /* a shutdown by mistake would work */

    for (unsigned int i = 0; i < ARRAY_SIZE(cmds); i++) {
        remember();
        long rc = do_sched_op(cmds[i], arg);
        REQUIRE(rc == -ENOSYS, "sched_op cmd %#lx: %ld, expected -ENOSYS", cmds[i], rc);
        REQUIRE_UNCHANGED("sched_op cmd %#lx", cmds[i]);
    }
}
END_TEST

START_TEST(test_sched_shutdown_bad_pointer)
{
    struct sched_shutdown s = { SHUTDOWN_poweroff };
    put(GUEST_CROSSING(sizeof(s)), &s, sizeof(s) / 2);

    for (unsigned int i = 0; i <= nr_bad_ptrs; i++) {
        const char *what = i < nr_bad_ptrs ? bad_ptrs[i].what : "crossing into unmapped";
        unsigned long arg = i < nr_bad_ptrs ? bad_ptrs[i].addr : GUEST_CROSSING(sizeof(s));
        remember();
        long rc = do_sched_op(SCHEDOP_shutdown, arg);
        REQUIRE(rc == -EFAULT, "shutdown, arg %s: %ld, expected -EFAULT", what, rc);
        REQUIRE_UNCHANGED("shutdown, arg %s", what);
    }
}
END_TEST

START_TEST(test_sched_shutdown_bad_reason)
{
    static const unsigned int reasons[] = {
        SHUTDOWN_MAX + 1, 6, 100, 0x7fffffff, 0x80000000u, 0xffffffffu,
    };
    for (unsigned int i = 0; i < ARRAY_SIZE(reasons); i++) {
        struct sched_shutdown s = { reasons[i] };
        unsigned long arg = put(ARG, &s, sizeof(s));
        remember();
        long rc = do_sched_op(SCHEDOP_shutdown, arg);
        REQUIRE(rc == -EINVAL, "shutdown reason %u: %ld, expected -EINVAL", reasons[i], rc);
        REQUIRE_UNCHANGED("shutdown reason %u", reasons[i]);
    }
}
END_TEST

START_TEST(test_sched_shutdown_reasons)
{
    for (unsigned int reason = 0; reason <= SHUTDOWN_MAX; reason++) {
        struct sched_shutdown s = { reason };
        d1->state = DOMSTATE_running;
        nr_shutdowns = 0;
        shutdown_domain = NULL;
        long rc = do_sched_op(SCHEDOP_shutdown, put(ARG, &s, sizeof(s)));
        REQUIRE(rc == 0, "shutdown reason %u: %ld", reason, rc);
        REQUIRE(nr_shutdowns == 1 && shutdown_domain == d1 && shutdown_reason == (int)reason,
                "shutdown reason %u: domain_shutdown called %u times, for d%d, reason %d",
                reason, nr_shutdowns, shutdown_domain ? shutdown_domain->domain_id : -1,
                shutdown_reason);
    }
    /* Always the caller's own domain. */
    d1->state = DOMSTATE_running;
    pv_become(dom0v);
    struct sched_shutdown s = { SHUTDOWN_reboot };
    ck_assert_int_eq(do_sched_op(SCHEDOP_shutdown, put(ARG, &s, sizeof(s))), 0);
    ck_assert_ptr_eq(shutdown_domain, dom0);
    ck_assert_int_eq(shutdown_reason, SHUTDOWN_reboot);
    ck_assert_int_eq(dom0->state, DOMSTATE_shutdown);
}
END_TEST

START_TEST(test_sched_remote_shutdown)
{
    /* Only a privileged caller (dom0) may shut down another domain. */
    struct sched_remote_shutdown rs = { .domain_id = 1, .reason = SHUTDOWN_poweroff };
    nr_shutdowns = 0;
    ck_assert_int_eq(do_sched_op(SCHEDOP_remote_shutdown, put(ARG, &rs, sizeof(rs))), -EPERM);
    ck_assert_uint_eq(nr_shutdowns, 0);

    pv_become(dom0v);
    rs.domain_id = 77;
    ck_assert_int_eq(do_sched_op(SCHEDOP_remote_shutdown, put(ARG, &rs, sizeof(rs))), -ESRCH);
    rs.domain_id = 1;
    rs.reason = SHUTDOWN_MAX + 1;
    ck_assert_int_eq(do_sched_op(SCHEDOP_remote_shutdown, put(ARG, &rs, sizeof(rs))), -EINVAL);
    for (unsigned int i = 0; i < nr_bad_ptrs; i++)
        REQUIRE(do_sched_op(SCHEDOP_remote_shutdown, bad_ptrs[i].addr) == -EFAULT,
                "remote_shutdown from %s", bad_ptrs[i].what);
    ck_assert_uint_eq(nr_shutdowns, 0);

    rs.reason = SHUTDOWN_crash;
    ck_assert_int_eq(do_sched_op(SCHEDOP_remote_shutdown, put(ARG, &rs, sizeof(rs))), 0);
    ck_assert_uint_eq(nr_shutdowns, 1);
    ck_assert_ptr_eq(shutdown_domain, d1);
    ck_assert_int_eq(shutdown_reason, SHUTDOWN_crash);
}
END_TEST

START_TEST(test_sched_poll_bad_args)
{
    evtchn_port_t port = bind_virq(VIRQ_TIMER, 0);
    evtchn_port_t good[3] = { port, port, port };
    put(LIST, good, sizeof(good));

    struct row {
        const char *what;
        bool raw;                   /* arg is the argument; else a sched_poll at ARG */
        unsigned long arg;
        unsigned long ports;
        unsigned int nr_ports;
        evtchn_port_t bad_port;     /* written into ports[bad_index] when non-zero */
        unsigned int bad_index;
        long rc;
    };
    struct row rows[64];
    unsigned int n = 0;

    rows[n++] = (struct row){ "9 ports", false, 0, LIST, 9, 0, 0, -EINVAL };
    rows[n++] = (struct row){ "2^31 ports", false, 0, LIST, 0x80000000u, 0, 0, -EINVAL };
    rows[n++] = (struct row){ "2^32-1 ports", false, 0, LIST, 0xffffffffu, 0, 0, -EINVAL };
    rows[n++] = (struct row){ "port == max_evtchns", false, 0, LIST, 1, MAX_EVTCHNS, 0, -EINVAL };
    rows[n++] = (struct row){ "port 4095", false, 0, LIST, 2, 4095, 1, -EINVAL };
    rows[n++] = (struct row){ "port 2^32-1", false, 0, LIST, 3, 0xffffffffu, 2, -EINVAL };
    rows[n++] = (struct row){ "ports crossing into unmapped", false, 0,
                              GUEST_CROSSING(3 * sizeof(evtchn_port_t)), 3, 0, 0, -EFAULT };
    for (unsigned int i = 0; i < nr_bad_ptrs; i++) {
        rows[n++] = (struct row){ bad_ptrs[i].what, true, bad_ptrs[i].addr, 0, 0, 0, 0, -EFAULT };
        rows[n++] = (struct row){ bad_ptrs[i].what, false, 0, bad_ptrs[i].addr, 2, 0, 0, -EFAULT };
    }

    for (unsigned int i = 0; i < n; i++) {
        const struct row *r = &rows[i];
        unsigned long arg = r->arg;
        put(LIST, good, sizeof(good));
        if (r->bad_port)
            put(LIST + r->bad_index * sizeof(evtchn_port_t), &r->bad_port,
                sizeof(evtchn_port_t));
        if (!r->raw) {
            struct sched_poll sp = { .nr_ports = r->nr_ports, .timeout = (uint64_t)SECONDS(2) };
            sp.ports.p = (evtchn_port_t *)r->ports;
            arg = put(ARG, &sp, sizeof(sp));
        }
        remember();
        long rc = do_sched_op(SCHEDOP_poll, arg);
        REQUIRE(rc == r->rc, "poll row %u (%s%s): %ld, expected %ld", i, r->what,
                r->raw ? " as arg" : " as ports", rc, r->rc);
        REQUIRE_UNCHANGED("poll row %u (%s)", i, r->what);
    }
}
END_TEST

START_TEST(test_sched_poll_pending_port_returns_at_once)
{
    evtchn_port_t timer_port = bind_virq(VIRQ_TIMER, 0);
    evtchn_port_t debug_port = bind_virq(VIRQ_DEBUG, 0);
    set_port_bit(d1->shared_info->evtchn_pending, debug_port);
    evtchn_port_t ports[2] = { timer_port, debug_port };
    struct sched_poll sp = { .nr_ports = 2, .timeout = (uint64_t)SECONDS(5) };
    sp.ports.p = (evtchn_port_t *)put(LIST, ports, sizeof(ports));

    unsigned long arg = put(ARG, &sp, sizeof(sp));
    remember();
    ck_assert_int_eq(do_sched_op(SCHEDOP_poll, arg), 0);
    REQUIRE_UNCHANGED("at line %d", __LINE__);     /* no block, no timer */
}
END_TEST

START_TEST(test_sched_poll_blocks_until_timeout)
{
    evtchn_port_t port = bind_virq(VIRQ_TIMER, 0);
    s_time_t timeout = host_now + MILLISECS(3);
    struct sched_poll sp = { .nr_ports = 1, .timeout = (uint64_t)timeout };
    sp.ports.p = (evtchn_port_t *)put(LIST, &port, sizeof(port));

    ck_assert_int_eq(do_sched_op(SCHEDOP_poll, put(ARG, &sp, sizeof(sp))), 0);
    ck_assert_uint_eq(v0->pause_flags, VPF_blocked);
    ck_assert(v0->poll_timer.active);
    ck_assert_int_eq(v0->poll_timer.expires, timeout);
    ck_assert_int_eq(host_timer_deadline, timeout);
    ck_assert_uint_eq(pv_run_softirqs(), 1);
    ck_assert(is_idle_vcpu(current));
    ck_assert_int_eq(v0->runstate.state, RUNSTATE_blocked);

    ck_assert_uint_eq(pv_timer_tick(timeout), 1);
    ck_assert(v0->poll_timed_out);
    ck_assert_uint_eq(v0->pause_flags, 0);
    ck_assert_ptr_eq(current, v0);
    ck_assert(!port_bit(d1->shared_info->evtchn_pending, port));
}
END_TEST

START_TEST(test_sched_poll_woken_by_event)
{
    evtchn_port_t port = bind_virq(VIRQ_TIMER, 0);
    struct sched_poll sp = { .nr_ports = 1, .timeout = 0 };
    sp.ports.p = (evtchn_port_t *)put(LIST, &port, sizeof(port));

    ck_assert_int_eq(do_sched_op(SCHEDOP_poll, put(ARG, &sp, sizeof(sp))), 0);
    ck_assert(!v0->poll_timer.active);      /* timeout 0: none */
    pv_run_softirqs();
    ck_assert(is_idle_vcpu(current));

    host_now += MILLISECS(1);
    send_guest_vcpu_virq(v0, VIRQ_TIMER);
    ck_assert_uint_eq(v0->pause_flags, 0);
    ck_assert_int_eq(v0->runstate.state, RUNSTATE_runnable);
    ck_assert_uint_eq(pv_run_softirqs(), 1);
    ck_assert_ptr_eq(current, v0);
    ck_assert(!v0->poll_timed_out);
}
END_TEST

START_TEST(test_sched_block_unmasks_and_blocks)
{
    vcpu_info(v0)->evtchn_upcall_mask = 1;
    host_now += MILLISECS(2);
    ck_assert_int_eq(do_sched_op(SCHEDOP_block, 0), 0);
    ck_assert_uint_eq(vcpu_info(v0)->evtchn_upcall_mask, 0);
    ck_assert_uint_eq(v0->pause_flags, VPF_blocked);
    ck_assert(softirq_pending(0));

    ck_assert_uint_eq(pv_run_softirqs(), 1);
    ck_assert_ptr_eq(switch_log[0].prev, v0);
    ck_assert(is_idle_vcpu(switch_log[0].next));
    ck_assert(is_idle_vcpu(current));
    ck_assert_int_eq(v0->runstate.state, RUNSTATE_blocked);
    ck_assert_int_eq(v0->runstate.state_entry_time, host_now);
    ck_assert_int_eq(v0->runstate.time[RUNSTATE_running], MILLISECS(2));
}
END_TEST

START_TEST(test_sched_block_with_event_pending_returns)
{
    vcpu_info(v0)->evtchn_upcall_mask = 1;
    vcpu_info(v0)->evtchn_upcall_pending = 1;
    ck_assert_int_eq(do_sched_op(SCHEDOP_block, 0), 0);
    ck_assert_uint_eq(vcpu_info(v0)->evtchn_upcall_mask, 0);
    ck_assert_uint_eq(v0->pause_flags, 0);
    ck_assert_uint_eq(pv_run_softirqs(), 0);
    ck_assert_ptr_eq(current, v0);
}
END_TEST

START_TEST(test_sched_yield)
{
    /* Alone: yielding keeps the pCPU. */
    ck_assert_int_eq(do_sched_op(SCHEDOP_yield, 0), 0);
    ck_assert_uint_eq(pv_run_softirqs(), 0);
    ck_assert_ptr_eq(current, v0);

    pv_vcpu_unpause(v1);
    ck_assert_ptr_eq(current, v0);          /* a woken vcpu waits for the slice to end */
    ck_assert_int_eq(do_sched_op(SCHEDOP_yield, 0), 0);
    ck_assert_uint_eq(pv_run_softirqs(), 1);
    ck_assert_ptr_eq(current, v1);
    ck_assert_int_eq(v0->runstate.state, RUNSTATE_runnable);
    ck_assert_int_eq(do_sched_op(SCHEDOP_yield, 0), 0);
    ck_assert_uint_eq(pv_run_softirqs(), 1);
    ck_assert_ptr_eq(current, v0);
    ck_assert_int_eq(v1->runstate.state, RUNSTATE_runnable);
    pv_vcpu_pause(v1);
}
END_TEST

/* ===========================================================================
 * set_timer_op
 */

START_TEST(test_set_timer_op)
{
    s_time_t slice_end = host_timer_deadline;
    ck_assert_int_eq(slice_end, SECONDS(1) + MILLISECS(10));

    /* 0 with no timer set: nothing to stop. */
    remember();
    ck_assert_int_eq(do_set_timer_op(0), 0);
    REQUIRE_UNCHANGED("at line %d", __LINE__);

    s_time_t when = host_now + MILLISECS(1);
    ck_assert_int_eq(do_set_timer_op((unsigned long)when), 0);
    ck_assert(v0->singleshot_timer.active);
    ck_assert_int_eq(v0->singleshot_timer.expires, when);
    ck_assert_int_eq(host_timer_deadline, when);

    static const unsigned long negative[] = { 1UL << 63, ~0UL, (unsigned long)-5L,
                                              (unsigned long)INT64_MIN + 1 };
    for (unsigned int i = 0; i < ARRAY_SIZE(negative); i++) {
        remember();
        long rc = do_set_timer_op(negative[i]);
        REQUIRE(rc == -EINVAL, "set_timer_op(%#lx): %ld, expected -EINVAL", negative[i], rc);
        REQUIRE_UNCHANGED("set_timer_op(%#lx)", negative[i]);
    }

    /* Re-arming moves it; 0 stops it and the hardware timer goes back to the slice. */
    ck_assert_int_eq(do_set_timer_op((unsigned long)(when + 5)), 0);
    ck_assert_int_eq(v0->singleshot_timer.expires, when + 5);
    ck_assert_int_eq(do_set_timer_op(0), 0);
    ck_assert(!v0->singleshot_timer.active);
    ck_assert_int_eq(host_timer_deadline, slice_end);
}
END_TEST

START_TEST(test_set_timer_op_fires_virq_timer)
{
    evtchn_port_t port = bind_virq(VIRQ_TIMER, 0);
    s_time_t when = host_now + MILLISECS(2);

    ck_assert_int_eq(do_set_timer_op((unsigned long)when), 0);
    pv_timer_tick(when - 1);
    ck_assert(!port_bit(d1->shared_info->evtchn_pending, port));
    pv_timer_tick(when);
    ck_assert(!v0->singleshot_timer.active);
    ck_assert(port_bit(d1->shared_info->evtchn_pending, port));
    ck_assert_uint_eq(vcpu_info(v0)->evtchn_upcall_pending, 1);

    /* A time in the past fires at the next timer interrupt. */
    d1->shared_info->evtchn_pending[0] = 0;
    vcpu_info(v0)->evtchn_upcall_pending = 0;
    vcpu_info(v0)->evtchn_pending_sel = 0;
    ck_assert_int_eq(do_set_timer_op((unsigned long)(host_now - 100)), 0);
    ck_assert(v0->singleshot_timer.active);
    pv_timer_tick(host_now);
    ck_assert(port_bit(d1->shared_info->evtchn_pending, port));
}
END_TEST

/* ===========================================================================
 * vcpu_op
 */

START_TEST(test_vcpu_op_bad_vcpuid)
{
    static const unsigned long cmds[] = {
        VCPUOP_get_runstate_info, VCPUOP_is_up, VCPUOP_set_singleshot_timer,
        VCPUOP_stop_singleshot_timer, VCPUOP_stop_periodic_timer, 999,
    };
    static const unsigned long ids[] = { 2, 3, MAX_VIRT_CPUS, 1UL << 32, ~0UL };
    struct vcpu_set_singleshot_timer t = { (uint64_t)(host_now + MILLISECS(1)), 0 };
    unsigned long arg = put(ARG, &t, sizeof(t));

    for (unsigned int c = 0; c < ARRAY_SIZE(cmds); c++)
        for (unsigned int i = 0; i <= ARRAY_SIZE(ids); i++) {
            unsigned long id = i < ARRAY_SIZE(ids) ? ids[i] : 1;
            if (i == ARRAY_SIZE(ids))
                d1->vcpu[1] = NULL;         /* an id below max_vcpus with no vcpu */
            remember();
            long rc = do_vcpu_op(cmds[c], id, arg);
            d1->vcpu[1] = v1;
            REQUIRE(rc == -ENOENT, "vcpu_op(%lu, vcpu %#lx%s): %ld, expected -ENOENT",
                    cmds[c], id, i == ARRAY_SIZE(ids) ? " (NULL)" : "", rc);
            REQUIRE_UNCHANGED("vcpu_op(%lu, vcpu %#lx)", cmds[c], id);
        }
}
END_TEST

/* A domain with every vcpu slot used: an id one past the array must not be read. */
START_TEST(test_vcpu_op_bad_vcpuid_full_domain)
{
    struct domain *full = pv_domain_create(2, false, MAX_VIRT_CPUS);
    pv_become(full->vcpu[0]);
    static const unsigned long ids[] = { MAX_VIRT_CPUS, MAX_VIRT_CPUS + 1, ~0UL };
    for (unsigned int i = 0; i < ARRAY_SIZE(ids); i++) {
        long rc = do_vcpu_op(VCPUOP_get_runstate_info, ids[i], ARG);
        REQUIRE(rc == -ENOENT, "vcpu_op(get_runstate_info, vcpu %#lx): %ld", ids[i], rc);
        struct evtchn_bind_virq b = { VIRQ_TIMER, (uint32_t)ids[i], 0 };
        rc = do_event_channel_op(EVTCHNOP_bind_virq, put(ARG, &b, sizeof(b)));
        REQUIRE(rc == -ENOENT, "bind_virq on vcpu %#lx: %ld", ids[i], rc);
    }
    ck_assert_int_eq(do_vcpu_op(VCPUOP_is_up, MAX_VIRT_CPUS - 1, 0), 1);
    pv_become(v0);
    pv_domain_destroy(full);
}
END_TEST

START_TEST(test_vcpu_op_runstate_bad_pointer)
{
    struct vcpu_runstate_info ri;
    for (unsigned int i = 0; i <= nr_bad_ptrs; i++) {
        const char *what = i < nr_bad_ptrs ? bad_ptrs[i].what : "read-only page";
        unsigned long arg = i < nr_bad_ptrs ? bad_ptrs[i].addr : GUEST_RO_PAGE + 16;
        remember();
        long rc = do_vcpu_op(VCPUOP_get_runstate_info, 0, arg);
        REQUIRE(rc == -EFAULT, "get_runstate_info to %s: %ld, expected -EFAULT", what, rc);
        REQUIRE_UNCHANGED("get_runstate_info to %s", what);
    }
    /* Running into the unmapped page: -EFAULT, and nothing past the mapping written. */
    ck_assert_int_eq(do_vcpu_op(VCPUOP_get_runstate_info, 0, GUEST_CROSSING(sizeof(ri))),
                     -EFAULT);
    ck_assert(guest_hole_intact());
}
END_TEST

/* Check a runstate the guest read: sane, and its times add up to the time since t0. */
static void check_runstate(const struct vcpu_runstate_info *ri, s_time_t t0,
                           const s_time_t expect[4], int state)
{
    uint64_t sum = 0;
    ck_assert_int_eq(ri->state, state);
    ck_assert_uint_le(ri->state_entry_time, (uint64_t)host_now);
    ck_assert_uint_ge(ri->state_entry_time, (uint64_t)t0);
    for (int i = 0; i < 4; i++) {
        REQUIRE(ri->time[i] == (uint64_t)expect[i], "runstate time[%d] %llu, expected %lld",
                i, (unsigned long long)ri->time[i], (long long)expect[i]);
        sum += ri->time[i];
    }
    ck_assert_uint_eq(sum, (uint64_t)(host_now - t0));
}

START_TEST(test_vcpu_op_runstate_times)
{
    struct vcpu_runstate_info ri;
    const s_time_t t0 = SECONDS(1);         /* both vcpus were created, v0 started */

    /* v0 runs 3 ms. */
    host_now += MILLISECS(3);
    ck_assert_int_eq(do_vcpu_op(VCPUOP_get_runstate_info, 0, ARG), 0);
    get(&ri, ARG, sizeof(ri));
    check_runstate(&ri, t0, (s_time_t[4]){ MILLISECS(3), 0, 0, 0 }, RUNSTATE_running);
    ck_assert_uint_eq(ri.state_entry_time, (uint64_t)t0);

    /* v0 blocks for 4 ms; then its VIRQ wakes it and v1 comes up at the same time. */
    bind_virq(VIRQ_DEBUG, 0);
    ck_assert_int_eq(do_sched_op(SCHEDOP_block, 0), 0);
    pv_run_softirqs();
    host_now += MILLISECS(4);
    send_guest_vcpu_virq(v0, VIRQ_DEBUG);
    pv_vcpu_unpause(v1);
    pv_run_softirqs();
    ck_assert_ptr_eq(current, v0);
    host_now += MILLISECS(2);

    ck_assert_int_eq(do_vcpu_op(VCPUOP_get_runstate_info, 0, ARG), 0);
    get(&ri, ARG, sizeof(ri));
    check_runstate(&ri, t0, (s_time_t[4]){ MILLISECS(5), 0, MILLISECS(4), 0 },
                   RUNSTATE_running);
    ck_assert_uint_eq(ri.state_entry_time, (uint64_t)(t0 + MILLISECS(7)));

    /* Another vcpu's: offline until it came up, runnable since. */
    ck_assert_int_eq(do_vcpu_op(VCPUOP_get_runstate_info, 1, ARG2), 0);
    get(&ri, ARG2, sizeof(ri));
    check_runstate(&ri, t0, (s_time_t[4]){ 0, MILLISECS(2), 0, MILLISECS(7) },
                   RUNSTATE_runnable);

    /* Asking does not change the accounting. */
    ck_assert_int_eq(v1->runstate.time[RUNSTATE_runnable], 0);
    pv_vcpu_pause(v1);
}
END_TEST

START_TEST(test_vcpu_op_singleshot_timer)
{
    struct vcpu_set_singleshot_timer t;
    struct row {
        const char *what;
        s_time_t timeout;
        uint32_t flags;
        unsigned long vcpuid;
        long rc;
    } rows[] = {
        { "future flag, 1 ns ago", host_now - 1, VCPU_SSHOTTMR_future, 0, -ETIME },
        { "future flag, at 0", 0, VCPU_SSHOTTMR_future, 0, -ETIME },
        { "future flag, 1 s ago", host_now - SECONDS(1), VCPU_SSHOTTMR_future, 0, -ETIME },
        { "another vcpu's timer", host_now + 100, 0, 1, -EINVAL },
        { "another vcpu's, future flag", host_now + 100, VCPU_SSHOTTMR_future, 1, -EINVAL },
    };
    for (unsigned int i = 0; i < ARRAY_SIZE(rows); i++) {
        t = (struct vcpu_set_singleshot_timer){ (uint64_t)rows[i].timeout, rows[i].flags };
        unsigned long arg = put(ARG, &t, sizeof(t));
        remember();
        long rc = do_vcpu_op(VCPUOP_set_singleshot_timer, rows[i].vcpuid, arg);
        REQUIRE(rc == rows[i].rc, "singleshot %s: %ld, expected %ld", rows[i].what, rc,
                rows[i].rc);
        REQUIRE_UNCHANGED("singleshot %s", rows[i].what);
    }
    for (unsigned int i = 0; i < nr_bad_ptrs; i++) {
        remember();
        long rc = do_vcpu_op(VCPUOP_set_singleshot_timer, 0, bad_ptrs[i].addr);
        REQUIRE(rc == -EFAULT, "singleshot arg %s: %ld", bad_ptrs[i].what, rc);
        REQUIRE_UNCHANGED("singleshot arg %s", bad_ptrs[i].what);
    }

    /* Now (not before now) with the future flag is fine; so is the past without it. */
    t = (struct vcpu_set_singleshot_timer){ (uint64_t)host_now, VCPU_SSHOTTMR_future };
    ck_assert_int_eq(do_vcpu_op(VCPUOP_set_singleshot_timer, 0, put(ARG, &t, sizeof(t))), 0);
    ck_assert(v0->singleshot_timer.active);
    ck_assert_int_eq(v0->singleshot_timer.expires, host_now);
    t = (struct vcpu_set_singleshot_timer){ (uint64_t)(host_now - 10), 0 };
    ck_assert_int_eq(do_vcpu_op(VCPUOP_set_singleshot_timer, 0, put(ARG, &t, sizeof(t))), 0);
    ck_assert_int_eq(v0->singleshot_timer.expires, host_now - 10);
    t = (struct vcpu_set_singleshot_timer){ (uint64_t)(host_now + MILLISECS(4)),
                                            VCPU_SSHOTTMR_future };
    ck_assert_int_eq(do_vcpu_op(VCPUOP_set_singleshot_timer, 0, put(ARG, &t, sizeof(t))), 0);
    ck_assert_int_eq(v0->singleshot_timer.expires, host_now + MILLISECS(4));
    ck_assert_int_eq(host_timer_deadline, host_now + MILLISECS(4));

    /* Stopping: only one's own. */
    remember();
    ck_assert_int_eq(do_vcpu_op(VCPUOP_stop_singleshot_timer, 1, 0), -EINVAL);
    REQUIRE_UNCHANGED("at line %d", __LINE__);
    ck_assert_int_eq(do_vcpu_op(VCPUOP_stop_singleshot_timer, 0, 0), 0);
    ck_assert(!v0->singleshot_timer.active);
    ck_assert_int_eq(do_vcpu_op(VCPUOP_stop_periodic_timer, 0, 0), 0);
}
END_TEST

START_TEST(test_vcpu_op_is_up_and_unknown)
{
    ck_assert_int_eq(do_vcpu_op(VCPUOP_is_up, 0, 0), 1);
    ck_assert_int_eq(do_vcpu_op(VCPUOP_is_up, 1, 0), 1);  /* paused, but up */
    v1->pause_flags |= VPF_down;
    ck_assert_int_eq(do_vcpu_op(VCPUOP_is_up, 1, 0), 0);
    v1->pause_flags &= ~VPF_down;

    /* Documented as not implemented (public/vcpu.h), and numbers that do not exist. */
    static const unsigned long cmds[] = {
        VCPUOP_send_nmi, VCPUOP_get_physid, VCPUOP_register_vcpu_time_memory_area,
        14, 1000, 1UL << 32, ~0UL,
    };
    for (unsigned int i = 0; i < ARRAY_SIZE(cmds); i++) {
        remember();
        long rc = do_vcpu_op(cmds[i], 0, ARG);
        REQUIRE(rc == -ENOSYS, "vcpu_op cmd %#lx: %ld, expected -ENOSYS", cmds[i], rc);
        REQUIRE_UNCHANGED("vcpu_op cmd %#lx", cmds[i]);
    }
}
END_TEST

/* ===========================================================================
 * multicall
 */

static void fill_entry(struct multicall_entry *e, unsigned long op, unsigned int seed)
{
    e->op = op;
    e->result = 0xabababababababab;
    for (int a = 0; a < 6; a++)
        e->args[a] = 0x1000UL * seed + 0x11UL * (unsigned long)(a + 1);
}

START_TEST(test_multicall_too_many)
{
    struct multicall_entry e[65];
    for (unsigned int i = 0; i < 65; i++)
        fill_entry(&e[i], __HYPERVISOR_xen_version, i);
    put(LIST, e, sizeof(e));

    static const unsigned long nrs[] = { 65, 100, 1UL << 32, ~0UL };
    for (unsigned int i = 0; i < ARRAY_SIZE(nrs); i++) {
        remember();
        long rc = do_multicall(LIST, nrs[i]);
        REQUIRE(rc == -EINVAL, "multicall of %#lx: %ld, expected -EINVAL", nrs[i], rc);
        REQUIRE_UNCHANGED("multicall of %#lx", nrs[i]);
    }

    /* 64 is the limit, not over it. */
    ck_assert_int_eq(do_multicall(LIST, 64), 0);
    ck_assert_uint_eq(nr_dispatched, 64);
}
END_TEST

START_TEST(test_multicall_bad_list)
{
    for (unsigned int i = 0; i < nr_bad_ptrs; i++) {
        remember();
        long rc = do_multicall(bad_ptrs[i].addr, 2);
        REQUIRE(rc == -EFAULT, "multicall list %s: %ld, expected -EFAULT", bad_ptrs[i].what, rc);
        REQUIRE_UNCHANGED("multicall list %s", bad_ptrs[i].what);
    }

    /* The second entry runs into the unmapped page: the first ran, and has its result. */
    struct multicall_entry e[2];
    fill_entry(&e[0], __HYPERVISOR_console_io, 1);
    fill_entry(&e[1], __HYPERVISOR_console_io, 2);
    unsigned long list = GUEST_RAM_END - sizeof(e[0]) - sizeof(e[0]) / 2;
    put(list, e, sizeof(e[0]) + sizeof(e[0]) / 2);
    ck_assert_int_eq(do_multicall(list, 2), -EFAULT);
    ck_assert_uint_eq(nr_dispatched, 1);
    struct multicall_entry back;
    get(&back, list, sizeof(back));
    ck_assert_uint_eq(back.result, (xen_ulong_t)DISPATCH_RESULT(e[0].op, e[0].args));

    /* A read-only list: the call runs, its result cannot be written back (as Xen). */
    put(GUEST_RO_PAGE, e, sizeof(e[0]));
    nr_dispatched = 0;
    ck_assert_int_eq(do_multicall(GUEST_RO_PAGE, 1), -EFAULT);
    ck_assert_uint_eq(nr_dispatched, 1);
}
END_TEST

START_TEST(test_multicall_results_and_nesting)
{
    struct multicall_entry e[6], back[6];
    fill_entry(&e[0], __HYPERVISOR_xen_version, 1);
    fill_entry(&e[1], __HYPERVISOR_multicall, 2);
    e[1].args[0] = LIST;                    /* would recurse into this very list */
    e[1].args[1] = 6;
    fill_entry(&e[2], __HYPERVISOR_iret, 3);
    fill_entry(&e[3], __HYPERVISOR_mmu_update, 4);
    fill_entry(&e[4], 0, 0);                /* result DISPATCH_RESULT(0, ...) < 0 */
    e[4].args[0] = 0;
    fill_entry(&e[5], __HYPERVISOR_sched_op, 5);
    put(LIST, e, sizeof(e));

    ck_assert_int_eq(do_multicall(LIST, 6), 0);
    get(back, LIST, sizeof(back));

    ck_assert_uint_eq(nr_dispatched, 4);
    const unsigned int good[4] = { 0, 3, 4, 5 };
    for (unsigned int i = 0; i < 4; i++) {
        const struct multicall_entry *want = &e[good[i]];
        REQUIRE(dispatch_log[i].op == want->op, "dispatch %u: op %lu, expected %lu", i,
                dispatch_log[i].op, (unsigned long)want->op);
        REQUIRE(memcmp(dispatch_log[i].args, want->args, sizeof(want->args)) == 0,
                "dispatch %u: arguments not passed through", i);
        REQUIRE(back[good[i]].result == (xen_ulong_t)DISPATCH_RESULT(want->op, want->args),
                "entry %u: result %#lx", good[i], (unsigned long)back[good[i]].result);
    }
    ck_assert_uint_eq(back[4].result, (xen_ulong_t)-7L);
    ck_assert_uint_eq(back[1].result, (xen_ulong_t)-EINVAL);
    ck_assert_uint_eq(back[2].result, (xen_ulong_t)-EINVAL);
    /* Only the result fields were written. */
    for (unsigned int i = 0; i < 6; i++) {
        REQUIRE(back[i].op == e[i].op, "entry %u: op changed", i);
        REQUIRE(memcmp(back[i].args, e[i].args, sizeof(e[i].args)) == 0,
                "entry %u: args changed", i);
    }
    ck_assert_int_eq(do_multicall(0, 0), 0);     /* an empty batch, even with NULL */
}
END_TEST

/* ===========================================================================
 * console_io
 */

START_TEST(test_console_write_bad_buffer)
{
    for (unsigned int i = 0; i < nr_bad_ptrs; i++) {
        remember();
        long rc = do_console_io(CONSOLEIO_write, 16, bad_ptrs[i].addr);
        REQUIRE(rc == -EFAULT, "console write from %s: %ld", bad_ptrs[i].what, rc);
        REQUIRE_UNCHANGED("console write from %s", bad_ptrs[i].what);
        REQUIRE(host_log[0] == '\0', "console write from %s printed \"%s\"",
                bad_ptrs[i].what, host_log);
    }
    /* From the hole: the hypervisor's bytes must never reach the console. */
    ck_assert_ptr_null(strchr(host_log, HOLE_SECRET_BYTE));
}
END_TEST

START_TEST(test_console_write_crossing_unmapped)
{
    /* Crossing within the first chunk: -EFAULT, nothing printed. */
    memset(guest_ptr(GUEST_RAM_END - 64), 'A', 64);
    remember();
    ck_assert_int_eq(do_console_io(CONSOLEIO_write, 20, GUEST_CROSSING(20)), -EFAULT);
    REQUIRE_UNCHANGED("at line %d", __LINE__);
    ck_assert_str_eq(host_log, "");

    /* A long write that faults later: -EFAULT, and no byte from beyond the fault. */
    memset(guest_ptr(GUEST_RAM_END - 200), 'B', 200);
    ck_assert_int_eq(do_console_io(CONSOLEIO_write, 400, GUEST_RAM_END - 200), -EFAULT);
    size_t bs = 0;
    for (const char *p = host_log; *p; p++) {
        if (*p == 'B')
            bs++;
        else
            ck_assert_msg(p < host_log + 5, "unexpected byte %#x in the console output", *p);
    }
    ck_assert_uint_le(bs, 200);
    do_console_io(CONSOLEIO_write, 1, put(ARG, "\n", 1));   /* end the line */
}
END_TEST

START_TEST(test_console_write_sanitises)
{
    static const char in[] = "a\x1b[31mb\rc\td\x7f" "e\x01\x80\xff\x07\n";
    ck_assert_int_eq(do_console_io(CONSOLEIO_write, sizeof(in) - 1, put(ARG, in, sizeof(in) - 1)),
                     0);
    ck_assert_str_eq(host_log, "(d1) a?[31mbc\td?e????\n");

    /* Each line gets the prefix; a NUL byte is not the end. */
    host_log_reset();
    static const char two[] = "one\ntwo\0!\n";
    ck_assert_int_eq(do_console_io(CONSOLEIO_write, sizeof(two) - 1,
                                   put(ARG, two, sizeof(two) - 1)), 0);
    ck_assert_str_eq(host_log, "(d1) one\n(d1) two?!\n");

    /* Nothing to write. */
    host_log_reset();
    remember();
    ck_assert_int_eq(do_console_io(CONSOLEIO_write, 0, 0), 0);
    REQUIRE_UNCHANGED("at line %d", __LINE__);
}
END_TEST

START_TEST(test_console_write_long_and_interleaved)
{
    /*
     * A 299-character line arrives whole and in order, in pieces of the line
     * buffer's size (160), each with the prefix.
     */
    char text[301], want[400];
    for (int i = 0; i < 300; i++)
        text[i] = (char)('a' + i % 26);
    text[299] = '\n';
    text[300] = '\0';
    ck_assert_int_eq(do_console_io(CONSOLEIO_write, 300, put(LIST, text, 300)), 0);
    snprintf(want, sizeof(want), "(d1) %.160s\n(d1) %.139s\n", text, text + 160);
    ck_assert_str_eq(host_log, want);

    /*
     * Lines never interleave: a partial line waits in its domain's buffer while
     * another domain prints, and comes out whole.
     */
    host_log_reset();
    ck_assert_int_eq(do_console_io(CONSOLEIO_write, 3, put(ARG, "abc", 3)), 0);
    ck_assert_str_eq(host_log, "");
    pv_become(dom0v);
    ck_assert_int_eq(do_console_io(CONSOLEIO_write, 2, put(ARG, "x\n", 2)), 0);
    pv_become(v0);
    ck_assert_int_eq(do_console_io(CONSOLEIO_write, 4, put(ARG, "def\n", 4)), 0);
    ck_assert_str_eq(host_log, "(d0) x\n(d1) abcdef\n");
}
END_TEST

START_TEST(test_console_read)
{
    char buf[8];

    /* Not for an unprivileged domain: -EPERM, and the input stays. */
    console_input_set("hi");
    memset(guest_ptr(ARG), 0x77, 16);
    remember();
    ck_assert_int_eq(do_console_io(CONSOLEIO_read, 8, ARG), -EPERM);
    REQUIRE_UNCHANGED("at line %d", __LINE__);

    pv_become(dom0v);
    ck_assert_int_eq(do_console_io(CONSOLEIO_read, 8, ARG), 2);
    get(buf, ARG, 3);
    ck_assert_int_eq(memcmp(buf, "hi\x77", 3), 0);
    ck_assert_int_eq(do_console_io(CONSOLEIO_read, 8, ARG), 0);    /* nothing waiting */

    console_input_set("xyz");
    ck_assert_int_eq(do_console_io(CONSOLEIO_read, 1, ARG), 1);
    ck_assert_uint_eq(console_input_left(), 2);
    ck_assert_int_eq(do_console_io(CONSOLEIO_read, 0, 0), 0);
    ck_assert_uint_eq(console_input_left(), 2);

    /* Nothing waiting: even a bad buffer is not touched. */
    console_input_set(NULL);
    ck_assert_int_eq(do_console_io(CONSOLEIO_read, 8, 0), 0);
    console_input_set("q");
    ck_assert_int_eq(do_console_io(CONSOLEIO_read, 8, GUEST_HOLE_PAGE), -EFAULT);
    ck_assert(guest_hole_intact());
    do_console_io(CONSOLEIO_read, 8, ARG);  /* whatever the failed read left behind */
}
END_TEST

START_TEST(test_console_unknown_cmd)
{
    static const unsigned long cmds[] = { 2, 3, 100, 1UL << 32, ~0UL };
    memcpy(guest_ptr(ARG), "hello\n", 6);
    for (unsigned int i = 0; i < ARRAY_SIZE(cmds); i++) {
        remember();
        long rc = do_console_io(cmds[i], 6, ARG);
        REQUIRE(rc == -ENOSYS, "console_io cmd %#lx: %ld", cmds[i], rc);
        REQUIRE_UNCHANGED("console_io cmd %#lx", cmds[i]);
    }
}
END_TEST

/* ===========================================================================
 * xen_version
 */

START_TEST(test_version_number_and_pagesize)
{
    ck_assert_int_eq(do_xen_version(XENVER_version, 0), (4 << 16) | 17);
    ck_assert_int_eq(do_xen_version(XENVER_version, 0), 0x40011);
    ck_assert_int_eq(do_xen_version(XENVER_pagesize, 0), 4096);
    ck_assert_uint_eq(guest_copies_to + guest_copies_from, 0);
}
END_TEST

/* Fill the stack below us with junk, so that uninitialised bytes are not zero. */
static void __attribute__((noinline)) dirty_stack(void)
{
    volatile char junk[4096];
    for (size_t i = 0; i < sizeof(junk); i++)
        junk[i] = (char)0xee;
}

START_TEST(test_version_strings)
{
    xen_extraversion_t ev;
    memset(guest_ptr(ARG), 0xee, sizeof(ev) + 8);
    dirty_stack();
    ck_assert_int_eq(do_xen_version(XENVER_extraversion, ARG), 0);
    get(ev, ARG, sizeof(ev));
    ck_assert_str_eq(ev, "-hestia");
    for (size_t i = strlen("-hestia"); i < sizeof(ev); i++)
        ck_assert_int_eq(ev[i], 0);                 /* no stale bytes leak out */
    ck_assert_uint_eq(*(uint8_t *)guest_ptr(ARG + sizeof(ev)), 0xee);   /* nor past it */

    static xen_capabilities_info_t caps;
    memset(guest_ptr(LIST), 0xee, sizeof(caps) + 1);
    dirty_stack();
    ck_assert_int_eq(do_xen_version(XENVER_capabilities, LIST), 0);
    get(caps, LIST, sizeof(caps));
    ck_assert_str_eq(caps, "xen-3.0-x86_64");
    for (size_t i = strlen(caps); i < sizeof(caps); i++)
        REQUIRE(caps[i] == 0, "capabilities byte %zu is %#x, not 0", i, caps[i]);
    ck_assert_uint_eq(*(uint8_t *)guest_ptr(LIST + sizeof(caps)), 0xee);

    struct xen_platform_parameters pp = { 0 };
    ck_assert_int_eq(do_xen_version(XENVER_platform_parameters, ARG), 0);
    get(&pp, ARG, sizeof(pp));
    ck_assert_uint_eq(pp.virt_start, 0xffff800000000000UL);
}
END_TEST

START_TEST(test_version_bad_pointers)
{
    static const unsigned long cmds[] = {
        XENVER_extraversion, XENVER_capabilities, XENVER_platform_parameters,
        XENVER_get_features,
    };
    struct xen_feature_info fi = { 0, 0 };
    put(GUEST_RO_PAGE, &fi, sizeof(fi));
    for (unsigned int c = 0; c < ARRAY_SIZE(cmds); c++)
        for (unsigned int i = 0; i <= nr_bad_ptrs; i++) {
            const char *what = i < nr_bad_ptrs ? bad_ptrs[i].what : "read-only page";
            unsigned long arg = i < nr_bad_ptrs ? bad_ptrs[i].addr : GUEST_RO_PAGE;
            remember();
            long rc = do_xen_version(cmds[c], arg);
            REQUIRE(rc == -EFAULT, "xen_version %lu to %s: %ld", cmds[c], what, rc);
            REQUIRE_UNCHANGED("xen_version %lu to %s", cmds[c], what);
        }
}
END_TEST

START_TEST(test_version_get_features)
{
    struct xen_feature_info fi;
    struct row {
        struct vcpu *who;
        unsigned int idx;
        uint32_t submap;
    } rows[] = {
        { NULL, 0, 1u << XENFEAT_dom0 },            /* dom0 */
        { NULL, 1, 0 },
        { NULL, 0xffffffffu, 0 },
        { NULL, 0, 0 },                             /* d1 from here on */
        { NULL, 1, 0 },
    };
    rows[0].who = rows[1].who = rows[2].who = dom0v;
    rows[3].who = rows[4].who = v0;

    for (unsigned int i = 0; i < ARRAY_SIZE(rows); i++) {
        pv_become(rows[i].who);
        fi = (struct xen_feature_info){ rows[i].idx, 0xdeadbeef };
        ck_assert_int_eq(do_xen_version(XENVER_get_features, put(ARG, &fi, sizeof(fi))), 0);
        get(&fi, ARG, sizeof(fi));
        REQUIRE(fi.submap_idx == rows[i].idx, "row %u: submap_idx changed", i);
        /* Only the dom0 bit is asserted exactly; others Hestia may add later. */
        REQUIRE(((fi.submap >> XENFEAT_dom0) & 1) == ((rows[i].submap >> XENFEAT_dom0) & 1),
                "row %u (d%u, idx %u): submap %#x", i, rows[i].who->domain->domain_id,
                rows[i].idx, fi.submap);
        if (rows[i].idx >= XENFEAT_NR_SUBMAPS)
            REQUIRE(fi.submap == 0, "row %u: submap %#x beyond the bitmap", i, fi.submap);
        /* Features Hestia does not have must not be claimed. */
        REQUIRE(!(fi.submap & (1u << XENFEAT_auto_translated_physmap)) || rows[i].idx,
                "row %u: claims auto_translated_physmap", i);
    }
}
END_TEST

START_TEST(test_version_unknown_cmd)
{
    static const unsigned long cmds[] = {
        XENVER_commandline, XENVER_build_id, 11, 64, 1UL << 32, ~0UL,
    };
    for (unsigned int i = 0; i < ARRAY_SIZE(cmds); i++) {
        remember();
        long rc = do_xen_version(cmds[i], ARG);
        REQUIRE(rc == -ENOSYS, "xen_version cmd %#lx: %ld", cmds[i], rc);
        REQUIRE_UNCHANGED("xen_version cmd %#lx", cmds[i]);
    }
}
END_TEST

/* ===========================================================================
 * event_channel_op
 */

START_TEST(test_evtchn_bind_virq_errors)
{
    evtchn_port_t bound = bind_virq(VIRQ_TIMER, 0);
    ck_assert_uint_eq(bound, 1);
    struct row {
        const char *what;
        uint32_t virq, vcpu;
        long rc;
    } rows[] = {
        { "virq NR_VIRQS", NR_VIRQS, 0, -EINVAL },
        { "virq 255", 255, 0, -EINVAL },
        { "virq 2^32-1", 0xffffffffu, 0, -EINVAL },
        { "virq bad and vcpu bad", NR_VIRQS, 7, -EINVAL },
        { "vcpu == max_vcpus", VIRQ_DEBUG, 2, -ENOENT },
        { "vcpu MAX_VIRT_CPUS", VIRQ_DEBUG, MAX_VIRT_CPUS, -ENOENT },
        { "vcpu 2^32-1", VIRQ_DEBUG, 0xffffffffu, -ENOENT },
        { "bound twice", VIRQ_TIMER, 0, -EEXIST },
    };
    for (unsigned int i = 0; i < ARRAY_SIZE(rows); i++) {
        struct evtchn_bind_virq b = { rows[i].virq, rows[i].vcpu, 0x5555 };
        unsigned long arg = put(ARG, &b, sizeof(b));
        remember();
        long rc = do_event_channel_op(EVTCHNOP_bind_virq, arg);
        REQUIRE(rc == rows[i].rc, "bind_virq %s: %ld, expected %ld", rows[i].what, rc,
                rows[i].rc);
        REQUIRE_UNCHANGED("bind_virq %s", rows[i].what);   /* port field too */
    }
}
END_TEST

START_TEST(test_evtchn_bind_virq_and_status)
{
    evtchn_port_t p1 = bind_virq(VIRQ_TIMER, 0);
    evtchn_port_t p2 = bind_virq(VIRQ_DEBUG, 0);
    evtchn_port_t p3 = bind_virq(VIRQ_TIMER, 1);    /* per-vcpu: once on each vcpu */
    ck_assert_uint_eq(p1, 1);
    ck_assert_uint_eq(p2, 2);
    ck_assert_uint_eq(p3, 3);
    ck_assert_uint_eq(v0->virq_to_evtchn[VIRQ_TIMER], p1);
    ck_assert_uint_eq(v1->virq_to_evtchn[VIRQ_TIMER], p3);

    struct evtchn_status st = port_status(p3);
    ck_assert_uint_eq(st.status, EVTCHNSTAT_virq);
    ck_assert_uint_eq(st.u.virq, VIRQ_TIMER);
    ck_assert_uint_eq(st.vcpu, 1);
    st = port_status(p2);
    ck_assert_uint_eq(st.status, EVTCHNSTAT_virq);
    ck_assert_uint_eq(st.u.virq, VIRQ_DEBUG);
    ck_assert_uint_eq(st.vcpu, 0);
    ck_assert_uint_eq(port_status(0).status, EVTCHNSTAT_closed);
    ck_assert_uint_eq(port_status(4).status, EVTCHNSTAT_closed);
    ck_assert_uint_eq(port_status(MAX_EVTCHNS - 1).status, EVTCHNSTAT_closed);

    /* By the domain's own id too; dom0's ports are its own. */
    struct evtchn_status mine = { .dom = 1, .port = p1 };
    ck_assert_int_eq(do_event_channel_op(EVTCHNOP_status, put(ARG, &mine, sizeof(mine))), 0);
    pv_become(dom0v);
    ck_assert_uint_eq(port_status(p1).status, EVTCHNSTAT_closed);
    ck_assert_uint_eq(bind_virq(VIRQ_TIMER, 0), 1);
}
END_TEST

START_TEST(test_evtchn_status_errors)
{
    bind_virq(VIRQ_TIMER, 0);
    struct row {
        const char *what;
        domid_t dom;
        uint32_t port;
        long rc;
    } rows[] = {
        { "port max_evtchns", DOMID_SELF, MAX_EVTCHNS, -EINVAL },
        { "port 4096", DOMID_SELF, 4096, -EINVAL },
        { "port 2^32-1", DOMID_SELF, 0xffffffffu, -EINVAL },
        { "dom0's port", 0, 1, -EPERM },
        { "DOMID_IDLE", DOMID_IDLE, 1, -EPERM },
        { "domain 2", 2, 1, -EPERM },
    };
    for (unsigned int i = 0; i < ARRAY_SIZE(rows); i++) {
        struct evtchn_status st = { .dom = rows[i].dom, .port = rows[i].port,
                                    .status = 0x77, .vcpu = 0x77 };
        unsigned long arg = put(ARG, &st, sizeof(st));
        remember();
        long rc = do_event_channel_op(EVTCHNOP_status, arg);
        REQUIRE(rc == rows[i].rc, "status %s: %ld, expected %ld", rows[i].what, rc,
                rows[i].rc);
        REQUIRE_UNCHANGED("status %s", rows[i].what);
    }
}
END_TEST

START_TEST(test_evtchn_close)
{
    evtchn_port_t p = bind_virq(VIRQ_TIMER, 0);
    static const uint32_t bad[] = { 0, 2, MAX_EVTCHNS - 1, MAX_EVTCHNS, 4095, 0xffffffffu };
    for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
        uint32_t port = bad[i];
        unsigned long arg = put(ARG, &port, sizeof(port));
        remember();
        long rc = do_event_channel_op(EVTCHNOP_close, arg);
        REQUIRE(rc == -EINVAL, "close port %u: %ld, expected -EINVAL", bad[i], rc);
        REQUIRE_UNCHANGED("close port %u", bad[i]);
    }

    /* Closing a pending VIRQ port unbinds it and drops the pending bit. */
    send_guest_vcpu_virq(v0, VIRQ_TIMER);
    ck_assert(port_bit(d1->shared_info->evtchn_pending, p));
    ck_assert_int_eq(evtchn_op_port(EVTCHNOP_close, p), 0);
    ck_assert(!port_bit(d1->shared_info->evtchn_pending, p));
    ck_assert_uint_eq(v0->virq_to_evtchn[VIRQ_TIMER], 0);
    ck_assert_uint_eq(port_status(p).status, EVTCHNSTAT_closed);
    ck_assert_int_eq(evtchn_op_port(EVTCHNOP_close, p), -EINVAL);   /* closed twice */

    /* The VIRQ goes nowhere now, and can be bound again (to the same, free port). */
    d1->shared_info->evtchn_pending[0] = 0;
    send_guest_vcpu_virq(v0, VIRQ_TIMER);
    ck_assert_uint_eq(d1->shared_info->evtchn_pending[0], 0);
    ck_assert_uint_eq(bind_virq(VIRQ_TIMER, 0), p);
}
END_TEST

START_TEST(test_evtchn_send_virq_sets_pending)
{
    evtchn_port_t p = bind_virq(VIRQ_DEBUG, 1);     /* on v1: not the current vcpu */
    struct vcpu_info *vi = vcpu_info(v1);

    /* A VIRQ nobody bound, or out of range: nothing happens. */
    remember();
    send_guest_vcpu_virq(v1, VIRQ_TIMER);
    send_guest_vcpu_virq(v0, VIRQ_DEBUG);
    send_guest_vcpu_virq(v1, NR_VIRQS);
    send_guest_vcpu_virq(v1, 0xffffffffu);
    REQUIRE_UNCHANGED("at line %d", __LINE__);

    send_guest_vcpu_virq(v1, VIRQ_DEBUG);
    ck_assert(port_bit(d1->shared_info->evtchn_pending, p));
    ck_assert_uint_eq(vi->evtchn_pending_sel, 1UL << (p / 64));
    ck_assert_uint_eq(vi->evtchn_upcall_pending, 1);
    ck_assert_uint_eq(vcpu_info(v0)->evtchn_upcall_pending, 0);
    ck_assert_uint_eq(vcpu_info(v0)->evtchn_pending_sel, 0);

    /* Again: already pending, nothing more. */
    remember();
    send_guest_vcpu_virq(v1, VIRQ_DEBUG);
    REQUIRE_UNCHANGED("at line %d", __LINE__);
}
END_TEST

START_TEST(test_evtchn_send_wakes_blocked_vcpu)
{
    evtchn_port_t p = bind_virq(VIRQ_TIMER, 0);
    ck_assert_int_eq(do_sched_op(SCHEDOP_block, 0), 0);
    pv_run_softirqs();
    ck_assert(is_idle_vcpu(current));
    ck_assert_int_eq(v0->runstate.state, RUNSTATE_blocked);

    host_now += MILLISECS(1);
    send_guest_vcpu_virq(v0, VIRQ_TIMER);
    ck_assert(port_bit(d1->shared_info->evtchn_pending, p));
    ck_assert_uint_eq(vcpu_info(v0)->evtchn_upcall_pending, 1);
    ck_assert_uint_eq(v0->pause_flags, 0);
    ck_assert_int_eq(v0->runstate.state, RUNSTATE_runnable);
    ck_assert_int_eq(v0->runstate.time[RUNSTATE_blocked], MILLISECS(1));
    ck_assert(softirq_pending(0));              /* the idle pCPU is told at once */
    ck_assert_uint_eq(pv_run_softirqs(), 1);
    ck_assert_ptr_eq(current, v0);
}
END_TEST

START_TEST(test_evtchn_masked_port)
{
    evtchn_port_t p = bind_virq(VIRQ_TIMER, 0);
    struct shared_info *s = d1->shared_info;
    set_port_bit(s->evtchn_mask, p);
    ck_assert_int_eq(do_sched_op(SCHEDOP_block, 0), 0);
    pv_run_softirqs();

    /* Masked: pending, but no selector bit, no upcall, no wake-up. */
    send_guest_vcpu_virq(v0, VIRQ_TIMER);
    ck_assert(port_bit(s->evtchn_pending, p));
    ck_assert_uint_eq(vcpu_info(v0)->evtchn_pending_sel, 0);
    ck_assert_uint_eq(vcpu_info(v0)->evtchn_upcall_pending, 0);
    ck_assert_uint_eq(v0->pause_flags, VPF_blocked);
    ck_assert_uint_eq(pv_run_softirqs(), 0);
    ck_assert(is_idle_vcpu(current));

    /* Unmasking, through the hypercall from d1's other vcpu, delivers it to v0. */
    pv_vcpu_unpause(v1);
    pv_run_softirqs();
    ck_assert_ptr_eq(current, v1);
    ck_assert_int_eq(evtchn_op_port(EVTCHNOP_unmask, p), 0);
    ck_assert(!port_bit(s->evtchn_mask, p));
    ck_assert_uint_eq(vcpu_info(v0)->evtchn_pending_sel, 1UL << (p / 64));
    ck_assert_uint_eq(vcpu_info(v0)->evtchn_upcall_pending, 1);
    ck_assert_uint_eq(v0->pause_flags, 0);
    ck_assert_int_eq(v0->runstate.state, RUNSTATE_runnable);
    ck_assert_uint_eq(vcpu_info(v1)->evtchn_upcall_pending, 0);
    pv_vcpu_pause(v1);
}
END_TEST

START_TEST(test_evtchn_unmask)
{
    evtchn_port_t p = bind_virq(VIRQ_TIMER, 0);
    struct shared_info *s = d1->shared_info;
    static const uint32_t bad[] = { MAX_EVTCHNS, 4095, 4096, 0xffffffffu };
    for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
        uint32_t port = bad[i];
        unsigned long arg = put(ARG, &port, sizeof(port));
        remember();
        long rc = do_event_channel_op(EVTCHNOP_unmask, arg);
        REQUIRE(rc == -EINVAL, "unmask port %u: %ld, expected -EINVAL", bad[i], rc);
        REQUIRE_UNCHANGED("unmask port %u", bad[i]);
    }

    /* Not pending: the mask goes, nothing is raised. */
    set_port_bit(s->evtchn_mask, p);
    ck_assert_int_eq(evtchn_op_port(EVTCHNOP_unmask, p), 0);
    ck_assert(!port_bit(s->evtchn_mask, p));
    ck_assert_uint_eq(vcpu_info(v0)->evtchn_upcall_pending, 0);
    ck_assert_uint_eq(vcpu_info(v0)->evtchn_pending_sel, 0);

    /* Pending while masked: unmasking raises the upcall on the bound vcpu. */
    set_port_bit(s->evtchn_mask, p);
    send_guest_vcpu_virq(v0, VIRQ_TIMER);
    ck_assert_uint_eq(vcpu_info(v0)->evtchn_upcall_pending, 0);
    ck_assert_int_eq(evtchn_op_port(EVTCHNOP_unmask, p), 0);
    ck_assert_uint_eq(vcpu_info(v0)->evtchn_upcall_pending, 1);
    ck_assert_uint_eq(vcpu_info(v0)->evtchn_pending_sel, 1UL << (p / 64));
}
END_TEST

START_TEST(test_evtchn_unknown_cmd)
{
    static const unsigned long cmds[] = {
        EVTCHNOP_bind_pirq, EVTCHNOP_reset, EVTCHNOP_init_control, EVTCHNOP_expand_array,
        EVTCHNOP_set_priority, EVTCHNOP_reset_cont, 15, 100, 1UL << 32, ~0UL,
    };
    uint32_t zeros[8] = { 0 };
    unsigned long arg = put(ARG, zeros, sizeof(zeros));
    for (unsigned int i = 0; i < ARRAY_SIZE(cmds); i++) {
        remember();
        long rc = do_event_channel_op(cmds[i], arg);
        REQUIRE(rc == -ENOSYS, "event_channel_op cmd %#lx: %ld", cmds[i], rc);
        REQUIRE_UNCHANGED("event_channel_op cmd %#lx", cmds[i]);
    }
}
END_TEST

START_TEST(test_evtchn_bad_pointers)
{
    evtchn_port_t p = bind_virq(VIRQ_DEBUG, 0);
    set_port_bit(d1->shared_info->evtchn_mask, p);
    send_guest_vcpu_virq(v0, VIRQ_DEBUG);           /* unmask would raise an upcall */
    static const unsigned long cmds[] = {
        EVTCHNOP_bind_virq, EVTCHNOP_close, EVTCHNOP_unmask, EVTCHNOP_status,
    };
    for (unsigned int c = 0; c < ARRAY_SIZE(cmds); c++)
        for (unsigned int i = 0; i < nr_bad_ptrs; i++) {
            remember();
            long rc = do_event_channel_op(cmds[c], bad_ptrs[i].addr);
            REQUIRE(rc == -EFAULT, "event_channel_op %lu, arg %s: %ld", cmds[c],
                    bad_ptrs[i].what, rc);
            REQUIRE_UNCHANGED("event_channel_op %lu, arg %s", cmds[c], bad_ptrs[i].what);
        }
}
END_TEST

/* ===========================================================================
 * Bugs: these fail on the current sources.
 */

/*
 * SCHEDOP_poll must return when a polled port becomes pending even if the port is
 * masked: public/sched.h says a guest may poll with events masked, and Linux's PV
 * spinlocks poll a masked per-cpu port. Xen wakes pollers in evtchn_set_pending
 * (evtchn_check_pollers) before looking at the mask. Hestia only wakes through the
 * upcall, which a masked port never raises, so the vcpu sleeps until its timeout.
 */
START_TEST(test_bug_poll_woken_by_masked_port)
{
    evtchn_port_t p = bind_virq(VIRQ_TIMER, 0);
    set_port_bit(d1->shared_info->evtchn_mask, p);
    struct sched_poll sp = { .nr_ports = 1, .timeout = 0 };
    sp.ports.p = (evtchn_port_t *)put(LIST, &p, sizeof(p));
    ck_assert_int_eq(do_sched_op(SCHEDOP_poll, put(ARG, &sp, sizeof(sp))), 0);
    pv_run_softirqs();
    ck_assert(is_idle_vcpu(current));

    send_guest_vcpu_virq(v0, VIRQ_TIMER);
    ck_assert(port_bit(d1->shared_info->evtchn_pending, p));
    ck_assert_msg(!(v0->pause_flags & VPF_blocked),
                  "a vcpu polling a masked port was not woken when the port became pending");
    pv_run_softirqs();
    ck_assert_ptr_eq(current, v0);
}
END_TEST

/*
 * A global VIRQ (VIRQ_CONSOLE, VIRQ_DOM_EXC, ...) may only be bound on vcpu 0
 * (public/xen.h, public/event_channel.h); Xen's evtchn_bind_virq returns -EINVAL
 * for a global VIRQ on any other vcpu. Hestia binds it.
 */
START_TEST(test_bug_global_virq_only_on_vcpu0)
{
    static const uint32_t global[] = { VIRQ_CONSOLE, VIRQ_DOM_EXC, VIRQ_TBUF, VIRQ_ENOMEM };
    for (unsigned int i = 0; i < ARRAY_SIZE(global); i++) {
        struct evtchn_bind_virq b = { global[i], 1, 0 };
        unsigned long arg = put(ARG, &b, sizeof(b));
        remember();
        long rc = do_event_channel_op(EVTCHNOP_bind_virq, arg);
        REQUIRE(rc == -EINVAL, "global VIRQ %u bound on vcpu 1: %ld, expected -EINVAL",
                global[i], rc);
        REQUIRE_UNCHANGED("global VIRQ %u on vcpu 1", global[i]);
    }
}
END_TEST

/*
 * EVTCHNOP_close and EVTCHNOP_unmask only read their argument, but EVTCHN_OP copies
 * it back: with the argument in read-only guest memory the port is closed (or
 * unmasked) and the guest is told -EFAULT, i.e. "failed". Xen never copies these
 * back, so the same call succeeds there.
 */
START_TEST(test_bug_close_unmask_arg_read_only)
{
    evtchn_port_t p = bind_virq(VIRQ_TIMER, 0);
    uint32_t port = p;
    unsigned long arg = put(GUEST_RO_PAGE, &port, sizeof(port));

    set_port_bit(d1->shared_info->evtchn_mask, p);
    long rc = do_event_channel_op(EVTCHNOP_unmask, arg);
    ck_assert_msg(rc == 0, "unmask with a read-only argument: %ld (the port %s unmasked)",
                  rc, port_bit(d1->shared_info->evtchn_mask, p) ? "was not" : "was");
    rc = do_event_channel_op(EVTCHNOP_close, arg);
    ck_assert_msg(rc == 0, "close with a read-only argument: %ld (the port is %s)", rc,
                  d1->evtchn[p].state == ECS_FREE ? "closed anyway" : "still open");
}
END_TEST

/*
 * CONSOLEIO_read takes a byte from the console before it knows it can store it: a
 * bad buffer gets -EFAULT but the byte is gone, and the next (good) read misses it.
 * Xen advances its receive ring only after a successful copy.
 */
START_TEST(test_bug_console_read_fault_loses_input)
{
    char c = 0;
    pv_become(dom0v);
    console_input_set("q");
    ck_assert_int_eq(do_console_io(CONSOLEIO_read, 8, GUEST_RO_PAGE), -EFAULT);
    long rc = do_console_io(CONSOLEIO_read, 8, ARG);
    get(&c, ARG, 1);
    ck_assert_msg(rc == 1 && c == 'q', "after a failed CONSOLEIO_read, the next read "
                  "returned %ld (byte %#x): the input byte was lost", rc, c);
}
END_TEST

Suite *hypercalls_suite(void)
{
    Suite *s = suite_create("hypercalls");

    TCase *tc = tcase_create("hypercalls");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_sched_op_unknown_cmd);
    tcase_add_test(tc, test_sched_shutdown_bad_pointer);
    tcase_add_test(tc, test_sched_shutdown_bad_reason);
    tcase_add_test(tc, test_sched_shutdown_reasons);
    tcase_add_test(tc, test_sched_remote_shutdown);
    tcase_add_test(tc, test_sched_poll_bad_args);
    tcase_add_test(tc, test_sched_poll_pending_port_returns_at_once);
    tcase_add_test(tc, test_sched_poll_blocks_until_timeout);
    tcase_add_test(tc, test_sched_poll_woken_by_event);
    tcase_add_test(tc, test_sched_block_unmasks_and_blocks);
    tcase_add_test(tc, test_sched_block_with_event_pending_returns);
    tcase_add_test(tc, test_sched_yield);
    tcase_add_test(tc, test_set_timer_op);
    tcase_add_test(tc, test_set_timer_op_fires_virq_timer);
    tcase_add_test(tc, test_vcpu_op_bad_vcpuid);
    tcase_add_test(tc, test_vcpu_op_bad_vcpuid_full_domain);
    tcase_add_test(tc, test_vcpu_op_runstate_bad_pointer);
    tcase_add_test(tc, test_vcpu_op_runstate_times);
    tcase_add_test(tc, test_vcpu_op_singleshot_timer);
    tcase_add_test(tc, test_vcpu_op_is_up_and_unknown);
    tcase_add_test(tc, test_multicall_too_many);
    tcase_add_test(tc, test_multicall_bad_list);
    tcase_add_test(tc, test_multicall_results_and_nesting);
    tcase_add_test(tc, test_console_write_bad_buffer);
    tcase_add_test(tc, test_console_write_crossing_unmapped);
    tcase_add_test(tc, test_console_write_sanitises);
    tcase_add_test(tc, test_console_write_long_and_interleaved);
    tcase_add_test(tc, test_console_read);
    tcase_add_test(tc, test_console_unknown_cmd);
    tcase_add_test(tc, test_version_number_and_pagesize);
    tcase_add_test(tc, test_version_strings);
    tcase_add_test(tc, test_version_bad_pointers);
    tcase_add_test(tc, test_version_get_features);
    tcase_add_test(tc, test_version_unknown_cmd);
    tcase_add_test(tc, test_evtchn_bind_virq_errors);
    tcase_add_test(tc, test_evtchn_bind_virq_and_status);
    tcase_add_test(tc, test_evtchn_status_errors);
    tcase_add_test(tc, test_evtchn_close);
    tcase_add_test(tc, test_evtchn_send_virq_sets_pending);
    tcase_add_test(tc, test_evtchn_send_wakes_blocked_vcpu);
    tcase_add_test(tc, test_evtchn_masked_port);
    tcase_add_test(tc, test_evtchn_unmask);
    tcase_add_test(tc, test_evtchn_unknown_cmd);
    tcase_add_test(tc, test_evtchn_bad_pointers);
    suite_add_tcase(s, tc);

    TCase *bugs = tcase_create("hypercalls_bugs");
    tcase_add_checked_fixture(bugs, setup, teardown);
    tcase_add_test(bugs, test_bug_poll_woken_by_masked_port);
    tcase_add_test(bugs, test_bug_global_virq_only_on_vcpu0);
    tcase_add_test(bugs, test_bug_close_unmask_arg_read_only);
    tcase_add_test(bugs, test_bug_console_read_fault_loses_input);
    suite_add_tcase(s, bugs);
    return s;
}
