/*
 * tests/unit/test_evtchn.c - host tests for event channels between domains and
 * vcpus (evtchn/event_channel.c): alloc_unbound, bind_interdomain, bind_ipi, send,
 * close from either end, status, bind_vcpu, unmask, and what evtchn_destroy does to
 * the other ends. (test_hypercalls.c covers bind_virq and the VIRQ paths.)
 *
 * The world: dom0 (privileged, one vcpu), d1 (two vcpus) and d2 (one vcpu), on the
 * real scheduler (sched/core.c + sched/rr.c) and the fakes of pv_host.c. d1's vcpu 0
 * is current; tests act as another domain with as(). Hostile-argument tests are
 * tables: before each row the test snapshots every domain's port table, shared_info
 * page and VIRQ bindings plus the guest's argument page, and requires them to be
 * unchanged afterwards ("every bad argument gets an errno, nothing changes").
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hestia/domain.h>
#include <hestia/errno.h>
#include <hestia/event.h>
#include <hestia/sched.h>
#include <hestia/xmalloc.h>
#include <public/event_channel.h>
#include "host.h"
#include "pv_host.h"

#define REQUIRE(cond, ...) do { if (!(cond)) ck_abort_msg(__VA_ARGS__); } while (0)

static struct domain *dom0, *d1, *d2;
static struct vcpu *v0, *v1;            /* d1's vcpus */
static size_t heap_before;

#define ARG (GUEST_RAM + 0x100)         /* where hypercall arguments live */

static void setup(void)
{
    pv_sched_setup();
    host_now = SECONDS(1);
    guest_mem_init();
    heap_before = xmalloc_bytes_in_use();
    dom0 = pv_domain_create(0, true, 1);
    d1 = pv_domain_create(1, false, 2);
    d2 = pv_domain_create(2, false, 1);
    v0 = d1->vcpu[0];
    v1 = d1->vcpu[1];
    pv_become(v0);
    pv_host_reset();
    host_log_reset();
}

static void teardown(void)
{
    pv_domain_destroy(d2);
    pv_domain_destroy(d1);
    pv_domain_destroy(dom0);
    ck_assert_uint_eq(xmalloc_bytes_in_use(), heap_before);     /* nothing leaked */
    guest_mem_free();
    pv_sched_teardown();
}

/* Run the following hypercalls as domain d (its vcpu 0). */
static void as(struct domain *d)
{
    pv_become(d->vcpu[0]);
}

/* ---------------------------------------------------------------------------
 * Snapshots: what a failed call must leave alone
 */

#define NR_SNAP 3
struct snap {
    struct evtchn chn[NR_SNAP][MAX_EVTCHNS];
    uint8_t shinfo[NR_SNAP][sizeof(struct shared_info)];
    evtchn_port_t virq[NR_SNAP][2][NR_VIRQS];
    unsigned long pause_flags[NR_SNAP][2];
    uint8_t arg_page[PAGE_SIZE];
};
static struct snap before, after;

static void snapshot(struct snap *s)
{
    struct domain *doms[NR_SNAP] = { dom0, d1, d2 };
    memset(s, 0, sizeof(*s));
    for (int i = 0; i < NR_SNAP; i++) {
        memcpy(s->chn[i], doms[i]->evtchn, sizeof(s->chn[i]));
        memcpy(s->shinfo[i], doms[i]->shared_info, sizeof(s->shinfo[i]));
        for (unsigned int v = 0; v < doms[i]->max_vcpus; v++) {
            memcpy(s->virq[i][v], doms[i]->vcpu[v]->virq_to_evtchn, sizeof(s->virq[i][v]));
            s->pause_flags[i][v] = doms[i]->vcpu[v]->pause_flags;
        }
    }
    memcpy(s->arg_page, guest_ptr(GUEST_RAM), PAGE_SIZE);
}

/*
 * Snapshot now; the helpers below snapshot again right after they write their
 * argument into guest memory, so that the argument itself does not count as a change.
 */
static bool remember_after_arg;
static void remember(void)
{
    snapshot(&before);
    remember_after_arg = true;
}

static const char *what_changed(void)
{
    remember_after_arg = false;
    snapshot(&after);
#define SAME(f, name) if (memcmp(&before.f, &after.f, sizeof(before.f))) return name
    SAME(chn, "port tables");
    SAME(shinfo, "shared_info pages");
    SAME(virq, "VIRQ bindings");
    SAME(pause_flags, "pause flags");
    SAME(arg_page, "the guest's argument page");
#undef SAME
    return NULL;
}

#define REQUIRE_UNCHANGED(...) REQUIRE_NOTHING_CHANGED(what_changed(), __VA_ARGS__)

/* ---------------------------------------------------------------------------
 * Hypercalls as a guest makes them (arguments in guest memory)
 */

static long evtchn_op(unsigned long cmd, void *arg, size_t len)
{
    memcpy(guest_ptr(ARG), arg, len);
    if (remember_after_arg)
        snapshot(&before);
    remember_after_arg = false;
    long rc = do_event_channel_op(cmd, ARG);
    memcpy(arg, guest_ptr(ARG), len);
    return rc;
}

static long try_alloc_unbound(domid_t dom, domid_t remote, evtchn_port_t *port)
{
    struct evtchn_alloc_unbound a = { .dom = dom, .remote_dom = remote, .port = 0xdead };
    long rc = evtchn_op(EVTCHNOP_alloc_unbound, &a, sizeof(a));
    if (port)
        *port = a.port;
    return rc;
}

static evtchn_port_t alloc_unbound(domid_t dom, domid_t remote)
{
    evtchn_port_t p;
    ck_assert_int_eq(try_alloc_unbound(dom, remote, &p), 0);
    return p;
}

static long try_bind_interdomain(domid_t rdom, evtchn_port_t rport, evtchn_port_t *lport)
{
    struct evtchn_bind_interdomain b = { .remote_dom = rdom, .remote_port = rport,
                                         .local_port = 0xdead };
    long rc = evtchn_op(EVTCHNOP_bind_interdomain, &b, sizeof(b));
    if (lport)
        *lport = b.local_port;
    return rc;
}

static evtchn_port_t bind_interdomain(domid_t rdom, evtchn_port_t rport)
{
    evtchn_port_t p;
    ck_assert_int_eq(try_bind_interdomain(rdom, rport, &p), 0);
    return p;
}

static long try_bind_ipi(uint32_t vcpu, evtchn_port_t *port)
{
    struct evtchn_bind_ipi b = { .vcpu = vcpu, .port = 0xdead };
    long rc = evtchn_op(EVTCHNOP_bind_ipi, &b, sizeof(b));
    if (port)
        *port = b.port;
    return rc;
}

static evtchn_port_t bind_virq(uint32_t virq, uint32_t vcpu)
{
    struct evtchn_bind_virq b = { .virq = virq, .vcpu = vcpu };
    ck_assert_int_eq(evtchn_op(EVTCHNOP_bind_virq, &b, sizeof(b)), 0);
    return b.port;
}

/* close, send and unmask take just the port. */
static long port_op(unsigned long cmd, evtchn_port_t port)
{
    uint32_t p = port;
    return evtchn_op(cmd, &p, sizeof(p));
}

static long bind_vcpu(evtchn_port_t port, uint32_t vcpu)
{
    struct evtchn_bind_vcpu b = { .port = port, .vcpu = vcpu };
    return evtchn_op(EVTCHNOP_bind_vcpu, &b, sizeof(b));
}

static long try_status(domid_t dom, evtchn_port_t port, struct evtchn_status *st)
{
    *st = (struct evtchn_status){ .dom = dom, .port = port };
    return evtchn_op(EVTCHNOP_status, st, sizeof(*st));
}

static struct evtchn_status status(evtchn_port_t port)
{
    struct evtchn_status st;
    ck_assert_int_eq(try_status(DOMID_SELF, port, &st), 0);
    return st;
}

/* ---- the 2-level bitmaps ---------------------------------------------------------- */

static bool pending(struct domain *d, evtchn_port_t p)
{
    return (d->shared_info->evtchn_pending[p / 64] >> (p % 64)) & 1;
}

static void set_mask(struct domain *d, evtchn_port_t p)
{
    d->shared_info->evtchn_mask[p / 64] |= 1UL << (p % 64);
}

/* Has vcpu v been told about port p (selector bit and upcall flag)? */
static bool upcall_for(struct vcpu *v, evtchn_port_t p)
{
    const struct vcpu_info *vi = vcpu_info(v);
    return vi->evtchn_upcall_pending && ((vi->evtchn_pending_sel >> (p / 64)) & 1);
}

/* Forget all delivered events of d, as the guest's upcall handler would. */
static void clear_events(struct domain *d)
{
    memset(d->shared_info->evtchn_pending, 0, sizeof(d->shared_info->evtchn_pending));
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        vcpu_info(d->vcpu[i])->evtchn_upcall_pending = 0;
        vcpu_info(d->vcpu[i])->evtchn_pending_sel = 0;
    }
}

/* Connect a port of `a` (allocated by a) with a new port of `b`; both returned. */
static void connect(struct domain *a, struct domain *b, evtchn_port_t *pa, evtchn_port_t *pb)
{
    as(a);
    *pa = alloc_unbound(DOMID_SELF, b->domain_id);
    as(b);
    *pb = bind_interdomain(a->domain_id, *pa);
    clear_events(a);
    clear_events(b);
}

/* ===========================================================================
 * alloc_unbound
 */

START_TEST(test_alloc_unbound)
{
    ck_assert_uint_eq(evtchn_ports_in_use(d1), 0);
    evtchn_port_t a = alloc_unbound(DOMID_SELF, 2);
    evtchn_port_t b = alloc_unbound(1, DOMID_SELF);     /* own id; loopback */
    ck_assert_uint_eq(a, 1);                            /* lowest free first */
    ck_assert_uint_eq(b, 2);
    ck_assert_uint_eq(evtchn_ports_in_use(d1), 2);

    struct evtchn_status st = status(a);
    ck_assert_uint_eq(st.status, EVTCHNSTAT_unbound);
    ck_assert_uint_eq(st.u.unbound.dom, 2);
    ck_assert_uint_eq(st.vcpu, 0);
    st = status(b);
    ck_assert_uint_eq(st.status, EVTCHNSTAT_unbound);
    ck_assert_uint_eq(st.u.unbound.dom, 1);             /* DOMID_SELF means the caller */

    /* The privileged dom0 may allocate in d1, for d2 (as a toolstack does). */
    as(dom0);
    evtchn_port_t c = alloc_unbound(1, 2);
    ck_assert_uint_eq(c, 3);
    ck_assert_int_eq(try_status(1, c, &st), 0);
    ck_assert_uint_eq(st.status, EVTCHNSTAT_unbound);
    ck_assert_uint_eq(st.u.unbound.dom, 2);
    /* ... and DOMID_SELF as remote means dom0, the caller, not d1. */
    evtchn_port_t e = alloc_unbound(1, DOMID_SELF);
    ck_assert_int_eq(try_status(1, e, &st), 0);
    ck_assert_uint_eq(st.u.unbound.dom, 0);
    ck_assert_uint_eq(evtchn_ports_in_use(d1), 4);
    ck_assert_uint_eq(evtchn_ports_in_use(dom0), 0);

    /* Close returns the port. */
    as(d1);
    ck_assert_int_eq(port_op(EVTCHNOP_close, a), 0);
    ck_assert_uint_eq(status(a).status, EVTCHNSTAT_closed);
    ck_assert_uint_eq(evtchn_ports_in_use(d1), 3);
    ck_assert_uint_eq(alloc_unbound(DOMID_SELF, 0), a);  /* reused */
}
END_TEST

START_TEST(test_alloc_unbound_errors)
{
    struct row {
        const char *what;
        struct domain *caller;
        domid_t dom, remote;
        long rc;
    } rows[] = {
        { "unprivileged, in another domain", d1, 2, DOMID_SELF, -EPERM },
        { "unprivileged, in dom0", d1, 0, 2, -EPERM },
        { "no such domain", d1, 7, DOMID_SELF, -ESRCH },
        { "DOMID_IDLE", d1, DOMID_IDLE, DOMID_SELF, -ESRCH },
        { "remote: no such domain", d1, DOMID_SELF, 7, -ESRCH },
        { "remote: DOMID_IDLE", d1, DOMID_SELF, DOMID_IDLE, -ESRCH },
        { "remote: DOMID_ANY-ish 0x7fff", d1, DOMID_SELF, 0x7fff, -ESRCH },
        { "privileged, no such domain", dom0, 9, 1, -ESRCH },
        { "privileged, remote no such domain", dom0, 1, 9, -ESRCH },
    };
    for (unsigned int i = 0; i < ARRAY_SIZE(rows); i++) {
        as(rows[i].caller);
        remember();
        long rc = try_alloc_unbound(rows[i].dom, rows[i].remote, NULL);
        REQUIRE(rc == rows[i].rc, "alloc_unbound %s: %ld, expected %ld", rows[i].what, rc,
                rows[i].rc);
        REQUIRE_UNCHANGED("alloc_unbound %s", rows[i].what);
    }

    /* A full table: -ENOSPC, nothing changes. */
    as(d1);
    for (unsigned int p = 1; p < MAX_EVTCHNS; p++)
        ck_assert_uint_eq(alloc_unbound(DOMID_SELF, 2), p);
    ck_assert_uint_eq(evtchn_ports_in_use(d1), MAX_EVTCHNS - 1);
    remember();
    ck_assert_int_eq(try_alloc_unbound(DOMID_SELF, 2, NULL), -ENOSPC);
    REQUIRE_UNCHANGED("alloc_unbound, table full");
    /* dom0 allocating in the full d1: the same. */
    as(dom0);
    ck_assert_int_eq(try_alloc_unbound(1, 0, NULL), -ENOSPC);
}
END_TEST

/* ===========================================================================
 * bind_interdomain, send, close
 */

START_TEST(test_interdomain_connect_and_send)
{
    evtchn_port_t a = alloc_unbound(DOMID_SELF, 2);     /* d1 */
    bind_virq(VIRQ_TIMER, 0);                           /* d1 port 2: d2 gets a different number */
    as(d2);
    bind_virq(VIRQ_TIMER, 0);                           /* d2 port 1 */
    evtchn_port_t b = bind_interdomain(1, a);
    ck_assert_uint_eq(b, 2);

    /* As Xen: the new local end starts out pending (sends to the unbound end were lost). */
    ck_assert(pending(d2, b));
    ck_assert(upcall_for(d2->vcpu[0], b));
    ck_assert(!pending(d1, a));

    struct evtchn_status st = status(b);
    ck_assert_uint_eq(st.status, EVTCHNSTAT_interdomain);
    ck_assert_uint_eq(st.u.interdomain.dom, 1);
    ck_assert_uint_eq(st.u.interdomain.port, a);
    as(d1);
    st = status(a);
    ck_assert_uint_eq(st.status, EVTCHNSTAT_interdomain);
    ck_assert_uint_eq(st.u.interdomain.dom, 2);
    ck_assert_uint_eq(st.u.interdomain.port, b);
    clear_events(d1);
    clear_events(d2);

    /* d1 sends: d2's port b, on d2v0. */
    ck_assert_int_eq(port_op(EVTCHNOP_send, a), 0);
    ck_assert(pending(d2, b));
    ck_assert(upcall_for(d2->vcpu[0], b));
    ck_assert(!pending(d1, a));
    ck_assert_uint_eq(vcpu_info(v0)->evtchn_upcall_pending, 0);

    /* d2 sends back: d1's port a, on its notify vcpu v0 (not v1). */
    as(d2);
    ck_assert_int_eq(port_op(EVTCHNOP_send, b), 0);
    ck_assert(pending(d1, a));
    ck_assert(upcall_for(v0, a));
    ck_assert_uint_eq(vcpu_info(v1)->evtchn_upcall_pending, 0);

    /* Sending again while pending: nothing more (the bit is already set). */
    vcpu_info(v0)->evtchn_upcall_pending = 0;
    ck_assert_int_eq(port_op(EVTCHNOP_send, b), 0);
    ck_assert_uint_eq(vcpu_info(v0)->evtchn_upcall_pending, 0);
    ck_assert_uint_eq(evtchn_ports_in_use(d1), 2);
    ck_assert_uint_eq(evtchn_ports_in_use(d2), 2);
}
END_TEST

START_TEST(test_send_wakes_blocked_vcpu)
{
    evtchn_port_t a, b;
    connect(d1, d2, &a, &b);
    /* d1v1 is blocked in SCHEDOP_block (paused flags aside) and gets the port. */
    as(d1);
    ck_assert_int_eq(bind_vcpu(a, 1), 0);
    __atomic_store_n(&v1->pause_flags, VPF_blocked, __ATOMIC_SEQ_CST);
    as(d2);
    ck_assert_int_eq(port_op(EVTCHNOP_send, b), 0);
    ck_assert(upcall_for(v1, a));
    ck_assert(!(v1->pause_flags & VPF_blocked));
}
END_TEST

START_TEST(test_close_from_either_end)
{
    evtchn_port_t a, b;
    connect(d1, d2, &a, &b);

    /* d2 closes its end: d1's port waits for d2 again; d2's port is free. */
    as(d2);
    ck_assert_int_eq(port_op(EVTCHNOP_close, b), 0);
    ck_assert_uint_eq(status(b).status, EVTCHNSTAT_closed);
    ck_assert_int_eq(port_op(EVTCHNOP_send, b), -EINVAL);
    as(d1);
    struct evtchn_status st = status(a);
    ck_assert_uint_eq(st.status, EVTCHNSTAT_unbound);
    ck_assert_uint_eq(st.u.unbound.dom, 2);
    /* Sending on an unbound port: dropped, as Xen (rc 0, nothing delivered). */
    remember();
    ck_assert_int_eq(port_op(EVTCHNOP_send, a), 0);
    REQUIRE_UNCHANGED("send on an unbound port");

    /* d2 reconnects to the same port; now d1 closes its end. */
    as(d2);
    b = bind_interdomain(1, a);
    as(d1);
    ck_assert_int_eq(port_op(EVTCHNOP_close, a), 0);
    ck_assert_uint_eq(status(a).status, EVTCHNSTAT_closed);
    as(d2);
    st = status(b);
    ck_assert_uint_eq(st.status, EVTCHNSTAT_unbound);
    ck_assert_uint_eq(st.u.unbound.dom, 1);              /* d1 may bind to it now */
    /* ... which d1 can: the roles are swapped. */
    as(d1);
    evtchn_port_t a2 = bind_interdomain(2, b);
    ck_assert_uint_eq(status(a2).status, EVTCHNSTAT_interdomain);
    ck_assert_int_eq(port_op(EVTCHNOP_close, a2), 0);
    ck_assert_int_eq(port_op(EVTCHNOP_close, a2), -EINVAL);   /* twice */
    as(d2);
    ck_assert_int_eq(port_op(EVTCHNOP_close, b), 0);
    ck_assert_uint_eq(evtchn_ports_in_use(d1), 0);
    ck_assert_uint_eq(evtchn_ports_in_use(d2), 0);
}
END_TEST

START_TEST(test_close_drops_pending)
{
    evtchn_port_t a, b;
    connect(d1, d2, &a, &b);
    as(d2);
    ck_assert_int_eq(port_op(EVTCHNOP_send, b), 0);
    ck_assert(pending(d1, a));
    as(d1);
    ck_assert_int_eq(port_op(EVTCHNOP_close, a), 0);
    ck_assert(!pending(d1, a));                 /* a re-bound port starts clean */
}
END_TEST

START_TEST(test_loopback)
{
    evtchn_port_t a = alloc_unbound(DOMID_SELF, DOMID_SELF);
    evtchn_port_t b = bind_interdomain(DOMID_SELF, a);
    ck_assert_uint_ne(a, b);
    struct evtchn_status st = status(a);
    ck_assert_uint_eq(st.status, EVTCHNSTAT_interdomain);
    ck_assert_uint_eq(st.u.interdomain.dom, 1);
    ck_assert_uint_eq(st.u.interdomain.port, b);
    clear_events(d1);
    ck_assert_int_eq(port_op(EVTCHNOP_send, a), 0);
    ck_assert(pending(d1, b));
    ck_assert(!pending(d1, a));
    ck_assert_int_eq(port_op(EVTCHNOP_send, b), 0);
    ck_assert(pending(d1, a));
    ck_assert_int_eq(port_op(EVTCHNOP_close, a), 0);
    st = status(b);
    ck_assert_uint_eq(st.status, EVTCHNSTAT_unbound);
    ck_assert_uint_eq(st.u.unbound.dom, 1);
}
END_TEST

START_TEST(test_bind_interdomain_errors)
{
    /* In d1: a port for dom0 (not d2), a VIRQ port, a port already connected to d2. */
    evtchn_port_t for_dom0 = alloc_unbound(DOMID_SELF, 0);
    evtchn_port_t virq = bind_virq(VIRQ_DEBUG, 0);
    evtchn_port_t a, b;
    connect(d1, d2, &a, &b);
    as(d1);
    evtchn_port_t ipi;
    ck_assert_int_eq(try_bind_ipi(0, &ipi), 0);
    as(d2);
    evtchn_port_t own = alloc_unbound(DOMID_SELF, 1);   /* d2's, for d1: not for d2 itself */

    struct row {
        const char *what;
        domid_t rdom;
        uint32_t rport;
        long rc;
    } rows[] = {
        { "port allocated for someone else", 1, for_dom0, -EINVAL },
        { "VIRQ port", 1, virq, -EINVAL },
        { "IPI port", 1, ipi, -EINVAL },
        { "port already connected", 1, a, -EINVAL },
        { "free port", 1, 60, -EINVAL },
        { "port 0", 1, 0, -EINVAL },
        { "port max_evtchns", 1, MAX_EVTCHNS, -EINVAL },
        { "port 4096", 1, 4096, -EINVAL },
        { "port 2^32-1", 1, 0xffffffffu, -EINVAL },
        { "own port allocated for d1", DOMID_SELF, own, -EINVAL },
        { "own connected port", 2, b, -EINVAL },
        { "no such domain", 7, 1, -ESRCH },
        { "DOMID_IDLE", DOMID_IDLE, 1, -ESRCH },
    };
    for (unsigned int i = 0; i < ARRAY_SIZE(rows); i++) {
        remember();
        long rc = try_bind_interdomain(rows[i].rdom, rows[i].rport, NULL);
        REQUIRE(rc == rows[i].rc, "bind_interdomain %s: %ld, expected %ld", rows[i].what,
                rc, rows[i].rc);
        REQUIRE_UNCHANGED("bind_interdomain %s", rows[i].what);
    }

    /* A port for d2 exists but d2's table is full: -ENOSPC, the remote stays unbound. */
    as(d1);
    evtchn_port_t want = alloc_unbound(DOMID_SELF, 2);
    as(d2);
    while (evtchn_ports_in_use(d2) < MAX_EVTCHNS - 1)
        ck_assert_int_eq(try_bind_ipi(0, NULL), 0);
    remember();
    ck_assert_int_eq(try_bind_interdomain(1, want, NULL), -ENOSPC);
    REQUIRE_UNCHANGED("bind_interdomain, local table full");
}
END_TEST

START_TEST(test_send_errors)
{
    evtchn_port_t virq = bind_virq(VIRQ_DEBUG, 0);
    evtchn_port_t unbound = alloc_unbound(DOMID_SELF, 2);
    struct row {
        const char *what;
        uint32_t port;
        long rc;
    } rows[] = {
        { "VIRQ port", virq, -EINVAL },
        { "free port", 50, -EINVAL },
        { "port 0", 0, -EINVAL },
        { "port max_evtchns", MAX_EVTCHNS, -EINVAL },
        { "port 2^32-1", 0xffffffffu, -EINVAL },
        { "unbound port (dropped, as Xen)", unbound, 0 },
    };
    for (unsigned int i = 0; i < ARRAY_SIZE(rows); i++) {
        remember();
        long rc = port_op(EVTCHNOP_send, rows[i].port);
        REQUIRE(rc == rows[i].rc, "send %s: %ld, expected %ld", rows[i].what, rc, rows[i].rc);
        REQUIRE_UNCHANGED("send %s", rows[i].what);
    }
}
END_TEST

/* ===========================================================================
 * Masks, bind_vcpu, IPIs
 */

START_TEST(test_masked_port)
{
    evtchn_port_t a, b;
    connect(d1, d2, &a, &b);
    as(d1);
    set_mask(d1, a);
    as(d2);
    ck_assert_int_eq(port_op(EVTCHNOP_send, b), 0);
    ck_assert(pending(d1, a));                          /* recorded ... */
    ck_assert_uint_eq(vcpu_info(v0)->evtchn_upcall_pending, 0);    /* ... not raised */
    ck_assert_uint_eq(vcpu_info(v0)->evtchn_pending_sel, 0);
    as(d1);
    ck_assert_int_eq(port_op(EVTCHNOP_unmask, a), 0);
    ck_assert(upcall_for(v0, a));                       /* raised on unmask */
    /* Unmasking a port that is not pending raises nothing. */
    clear_events(d1);
    set_mask(d1, a);
    ck_assert_int_eq(port_op(EVTCHNOP_unmask, a), 0);
    ck_assert_uint_eq(vcpu_info(v0)->evtchn_upcall_pending, 0);
    ck_assert_int_eq(port_op(EVTCHNOP_unmask, MAX_EVTCHNS), -EINVAL);
}
END_TEST

START_TEST(test_bind_vcpu)
{
    evtchn_port_t a, b;
    connect(d1, d2, &a, &b);
    as(d1);
    ck_assert_int_eq(bind_vcpu(a, 1), 0);
    ck_assert_uint_eq(status(a).vcpu, 1);
    as(d2);
    ck_assert_int_eq(port_op(EVTCHNOP_send, b), 0);
    ck_assert(upcall_for(v1, a));
    ck_assert_uint_eq(vcpu_info(v0)->evtchn_upcall_pending, 0);

    /* An unbound port keeps its vcpu when it is connected. */
    as(d1);
    evtchn_port_t u = alloc_unbound(DOMID_SELF, 2);
    ck_assert_int_eq(bind_vcpu(u, 1), 0);
    as(d2);
    evtchn_port_t ub = bind_interdomain(1, u);
    clear_events(d1);
    ck_assert_int_eq(port_op(EVTCHNOP_send, ub), 0);
    ck_assert(upcall_for(v1, u));
    ck_assert_uint_eq(vcpu_info(v0)->evtchn_upcall_pending, 0);

    /* A global VIRQ (bound on vcpu 0) may move, and is then raised on its new vcpu. */
    as(d1);
    evtchn_port_t g = bind_virq(VIRQ_CONSOLE, 0);
    ck_assert_int_eq(bind_vcpu(g, 1), 0);
    clear_events(d1);
    send_guest_vcpu_virq(v0, VIRQ_CONSOLE);
    ck_assert(upcall_for(v1, g));
    ck_assert_uint_eq(vcpu_info(v0)->evtchn_upcall_pending, 0);

    /* What may not move. */
    evtchn_port_t timer = bind_virq(VIRQ_TIMER, 0);
    evtchn_port_t ipi;
    ck_assert_int_eq(try_bind_ipi(0, &ipi), 0);
    struct row {
        const char *what;
        uint32_t port, vcpu;
        long rc;
    } rows[] = {
        { "per-vcpu VIRQ", timer, 1, -EINVAL },
        { "IPI port", ipi, 1, -EINVAL },
        { "free port", 70, 1, -EINVAL },
        { "port 0", 0, 1, -EINVAL },
        { "port max_evtchns", MAX_EVTCHNS, 1, -EINVAL },
        { "port 2^32-1", 0xffffffffu, 0, -EINVAL },
        { "vcpu == max_vcpus", a, 2, -ENOENT },
        { "vcpu MAX_VIRT_CPUS", a, MAX_VIRT_CPUS, -ENOENT },
        { "vcpu 2^32-1", a, 0xffffffffu, -ENOENT },
    };
    for (unsigned int i = 0; i < ARRAY_SIZE(rows); i++) {
        remember();
        long rc = bind_vcpu(rows[i].port, rows[i].vcpu);
        REQUIRE(rc == rows[i].rc, "bind_vcpu %s: %ld, expected %ld", rows[i].what, rc,
                rows[i].rc);
        REQUIRE_UNCHANGED("bind_vcpu %s", rows[i].what);
    }
}
END_TEST

START_TEST(test_ipi)
{
    evtchn_port_t p;
    ck_assert_int_eq(try_bind_ipi(1, &p), 0);
    struct evtchn_status st = status(p);
    ck_assert_uint_eq(st.status, EVTCHNSTAT_ipi);
    ck_assert_uint_eq(st.vcpu, 1);
    ck_assert_int_eq(port_op(EVTCHNOP_send, p), 0);     /* v0 sends to v1 */
    ck_assert(upcall_for(v1, p));
    ck_assert_uint_eq(vcpu_info(v0)->evtchn_upcall_pending, 0);
    ck_assert_uint_eq(evtchn_ports_in_use(d1), 1);
    ck_assert_int_eq(port_op(EVTCHNOP_close, p), 0);
    ck_assert_uint_eq(evtchn_ports_in_use(d1), 0);

    static const uint32_t bad[] = { 2, MAX_VIRT_CPUS, 0xffffffffu };
    for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
        remember();
        long rc = try_bind_ipi(bad[i], NULL);
        REQUIRE(rc == -ENOENT, "bind_ipi vcpu %u: %ld", bad[i], rc);
        REQUIRE_UNCHANGED("bind_ipi vcpu %u", bad[i]);
    }
}
END_TEST

/* ===========================================================================
 * status of other domains, bad pointers
 */

START_TEST(test_status_other_domains)
{
    evtchn_port_t a, b;
    connect(d1, d2, &a, &b);
    struct evtchn_status st;
    as(dom0);
    ck_assert_int_eq(try_status(2, b, &st), 0);
    ck_assert_uint_eq(st.status, EVTCHNSTAT_interdomain);
    ck_assert_uint_eq(st.u.interdomain.dom, 1);
    ck_assert_uint_eq(st.u.interdomain.port, a);
    ck_assert_int_eq(try_status(9, 1, &st), -ESRCH);
    as(d2);
    ck_assert_int_eq(try_status(1, a, &st), -EPERM);
    ck_assert_int_eq(try_status(2, b, &st), 0);          /* its own id */
}
END_TEST

START_TEST(test_bad_pointers)
{
    evtchn_port_t a, b;
    connect(d1, d2, &a, &b);
    as(d1);
    alloc_unbound(DOMID_SELF, 2);
    static const unsigned long cmds[] = {
        EVTCHNOP_alloc_unbound, EVTCHNOP_bind_interdomain, EVTCHNOP_bind_ipi,
        EVTCHNOP_send, EVTCHNOP_bind_vcpu, EVTCHNOP_status,
    };
    for (unsigned int c = 0; c < ARRAY_SIZE(cmds); c++) {
        for (unsigned int i = 0; i < nr_bad_ptrs; i++) {
            remember();
            long rc = do_event_channel_op(cmds[c], bad_ptrs[i].addr);
            REQUIRE(rc == -EFAULT, "op %lu, arg %s: %ld", cmds[c], bad_ptrs[i].what, rc);
            REQUIRE_UNCHANGED("op %lu, arg %s", cmds[c], bad_ptrs[i].what);
        }
    }
    /* A read-only argument that would be a good one: -EFAULT before anything binds. */
    struct evtchn_alloc_unbound au = { DOMID_SELF, 2, 0 };
    struct evtchn_bind_interdomain bi = { 2, 0, 0 };
    as(d2);
    bi.remote_port = alloc_unbound(DOMID_SELF, 1);
    as(d1);
    struct evtchn_bind_ipi ipi = { 0, 0 };
    struct { unsigned long cmd; const void *arg; size_t len; } ro[] = {
        { EVTCHNOP_alloc_unbound, &au, sizeof(au) },
        { EVTCHNOP_bind_interdomain, &bi, sizeof(bi) },
        { EVTCHNOP_bind_ipi, &ipi, sizeof(ipi) },
    };
    for (unsigned int i = 0; i < ARRAY_SIZE(ro); i++) {
        memcpy(guest_ptr(GUEST_RO_PAGE), ro[i].arg, ro[i].len);
        remember();
        long rc = do_event_channel_op(ro[i].cmd, GUEST_RO_PAGE);
        REQUIRE(rc == -EFAULT, "op %lu, read-only arg: %ld", ro[i].cmd, rc);
        REQUIRE_UNCHANGED("op %lu, read-only arg", ro[i].cmd);
    }
}
END_TEST

/* ===========================================================================
 * Destroying a domain
 */

START_TEST(test_destroy_returns_remote_ends)
{
    unsigned int before1 = evtchn_ports_in_use(d1);
    struct domain *d3 = pv_domain_create(3, false, 1);
    evtchn_port_t a, b, c, d;
    connect(d1, d3, &a, &b);            /* d1 allocated, d3 bound */
    connect(d3, d1, &c, &d);            /* d3 allocated, d1 bound */
    as(d3);
    evtchn_port_t waiting = alloc_unbound(DOMID_SELF, 1);   /* d3's, never bound */
    ck_assert_uint_eq(evtchn_ports_in_use(d3), 3);
    ck_assert_uint_ne(waiting, 0);
    as(d1);
    ck_assert_uint_eq(evtchn_ports_in_use(d1), before1 + 2);

    pv_domain_destroy(d3);

    /* Both of d1's ends wait for (a new) domain 3; nothing points at the old one. */
    struct evtchn_status st = status(a);
    ck_assert_uint_eq(st.status, EVTCHNSTAT_unbound);
    ck_assert_uint_eq(st.u.unbound.dom, 3);
    st = status(d);
    ck_assert_uint_eq(st.status, EVTCHNSTAT_unbound);
    ck_assert_uint_eq(st.u.unbound.dom, 3);
    evtchn_port_t ends[2] = { a, d };
    for (unsigned int i = 0; i < 2; i++) {
        remember();
        ck_assert_int_eq(port_op(EVTCHNOP_send, ends[i]), 0);   /* dropped */
        REQUIRE_UNCHANGED("send to a destroyed domain, port %u", ends[i]);
    }
    ck_assert_int_eq(try_bind_interdomain(3, c, NULL), -ESRCH);

    /* A new domain 3 can connect to them. */
    d3 = pv_domain_create(3, false, 1);
    as(d3);
    evtchn_port_t nb = bind_interdomain(1, a);
    as(d1);
    ck_assert_uint_eq(status(a).u.interdomain.port, nb);
    ck_assert_int_eq(port_op(EVTCHNOP_close, a), 0);
    ck_assert_int_eq(port_op(EVTCHNOP_close, d), 0);
    ck_assert_uint_eq(evtchn_ports_in_use(d1), before1);
    pv_domain_destroy(d3);
}
END_TEST

START_TEST(test_create_destroy_cycles)
{
    unsigned int start0 = evtchn_ports_in_use(dom0), start1 = evtchn_ports_in_use(d1);
    size_t heap = xmalloc_bytes_in_use();
    for (unsigned int i = 0; i < 200; i++) {
        struct domain *dn = pv_domain_create(10, false, 1);
        evtchn_port_t a, b, c, d;
        connect(dom0, dn, &a, &b);      /* a console-like channel, set up by dom0 */
        connect(dn, d1, &c, &d);        /* a channel to a peer */
        as(dn);
        ck_assert_int_eq(port_op(EVTCHNOP_send, b), 0);
        ck_assert_int_eq(port_op(EVTCHNOP_send, c), 0);
        as(d1);
        pv_domain_destroy(dn);
        /* The survivors close their (now unbound) ends, as a toolstack would. */
        ck_assert_uint_eq(status(d).status, EVTCHNSTAT_unbound);
        ck_assert_int_eq(port_op(EVTCHNOP_close, d), 0);
        as(dom0);
        ck_assert_uint_eq(status(a).status, EVTCHNSTAT_unbound);
        ck_assert_int_eq(port_op(EVTCHNOP_close, a), 0);
        as(d1);
        REQUIRE(evtchn_ports_in_use(dom0) == start0 && evtchn_ports_in_use(d1) == start1,
                "cycle %u: ports in use dom0 %u d1 %u", i, evtchn_ports_in_use(dom0),
                evtchn_ports_in_use(d1));
    }
    ck_assert_uint_eq(xmalloc_bytes_in_use(), heap);
}
END_TEST

Suite *evtchn_suite(void)
{
    Suite *s = suite_create("evtchn");
    TCase *tc = tcase_create("evtchn");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_alloc_unbound);
    tcase_add_test(tc, test_alloc_unbound_errors);
    tcase_add_test(tc, test_interdomain_connect_and_send);
    tcase_add_test(tc, test_send_wakes_blocked_vcpu);
    tcase_add_test(tc, test_close_from_either_end);
    tcase_add_test(tc, test_close_drops_pending);
    tcase_add_test(tc, test_loopback);
    tcase_add_test(tc, test_bind_interdomain_errors);
    tcase_add_test(tc, test_send_errors);
    tcase_add_test(tc, test_masked_port);
    tcase_add_test(tc, test_bind_vcpu);
    tcase_add_test(tc, test_ipi);
    tcase_add_test(tc, test_status_other_domains);
    tcase_add_test(tc, test_bad_pointers);
    tcase_add_test(tc, test_destroy_returns_remote_ends);
    tcase_add_test(tc, test_create_destroy_cycles);
    suite_add_tcase(s, tc);
    return s;
}
