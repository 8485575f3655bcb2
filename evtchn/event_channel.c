/*
 * evtchn/event_channel.c - event channels: ports, bindings, 2-level delivery, and
 * __HYPERVISOR_event_channel_op (Xen's xen/common/event_channel.c).
 *
 * Delivery (evtchn_set_pending), as Xen's 2-level ABI defines it:
 *   1. set bit `port` in shared_info->evtchn_pending; if it was already set, stop;
 *   2. if bit `port` in evtchn_mask is set, stop (the guest will see it on unmask);
 *   3. set bit port / BITS_PER_LONG in the vcpu's evtchn_pending_sel;
 *   4. set the vcpu's evtchn_upcall_pending and wake the vcpu.
 * The guest's upcall handler scans sel, then pending & ~mask, clearing bits as it
 * handles them. Unmasking a port that is pending redoes steps 3-4.
 *
 * Connecting two domains (the split-driver handshake, without XenStore):
 *
 *   domain A: alloc_unbound(dom=SELF, remote_dom=B) -> port a    a: UNBOUND(for B)
 *   (A tells B the number a, on Xen through XenStore)
 *   domain B: bind_interdomain(remote_dom=A, remote_port=a) -> b a: INTERDOMAIN(B,b)
 *                                                                b: INTERDOMAIN(A,a)
 *   send(b) raises a in A; send(a) raises b in B.
 *   close(b): a goes back to UNBOUND(for B), so B (or its successor) can reconnect.
 *
 * Locking. Each domain's port table has a lock (Xen's d->event_lock; here it sits in
 * front of the port array, struct evtchn_table). Operations on two domains take both
 * locks, the lower address first. Closing an interdomain port only learns the remote
 * domain after taking its own lock: if the remote's lock comes first in the order it
 * tries that lock and, failing, drops its own and starts again (Xen drops and re-takes
 * in order, holding a reference on the remote domain; Hestia has no domain references,
 * and while we hold our lock the remote cannot finish evtchn_destroy, which needs our
 * lock to reset our end). Delivery takes no lock of the receiving domain: the bitmaps
 * are updated atomically.
 *
 * What Hestia leaves out: PIRQs, EVTCHNOP_reset, the FIFO ABI (all -ENOSYS), XSM
 * checks (the only policy is "unprivileged domains act on themselves"), and RCU
 * protection of domain lookups (see the note at lookup_domain).
 */
#include <hestia/errno.h>
#include <hestia/event.h>
#include <hestia/guest_access.h>
#include <hestia/lib.h>
#include <hestia/sched.h>
#include <hestia/trace.h>
#include <hestia/xmalloc.h>

#define BITS_PER_XEN_ULONG (sizeof(xen_ulong_t) * 8)

/* A domain's ports and the lock that guards them; d->evtchn points at port[0]. */
struct evtchn_table {
    spinlock_t lock;
    bool dying;                     /* evtchn_destroy has begun: no new ports */
    struct evtchn port[MAX_EVTCHNS];
};

static struct evtchn_table *table_of(const struct domain *d)
{
    return container_of(d->evtchn, struct evtchn_table, port[0]);
}

static spinlock_t *event_lock(const struct domain *d)
{
    return &table_of(d)->lock;
}

static bool test_and_set(xen_ulong_t *words, unsigned int bit)
{
    xen_ulong_t m = (xen_ulong_t)1 << (bit % BITS_PER_XEN_ULONG);
    return __atomic_fetch_or(&words[bit / BITS_PER_XEN_ULONG], m, __ATOMIC_SEQ_CST) & m;
}

static bool test_bit(const xen_ulong_t *words, unsigned int bit)
{
    return (__atomic_load_n(&words[bit / BITS_PER_XEN_ULONG], __ATOMIC_SEQ_CST) >>
            (bit % BITS_PER_XEN_ULONG)) & 1;
}

static void clear_bit(xen_ulong_t *words, unsigned int bit)
{
    xen_ulong_t m = (xen_ulong_t)1 << (bit % BITS_PER_XEN_ULONG);
    __atomic_fetch_and(&words[bit / BITS_PER_XEN_ULONG], ~m, __ATOMIC_SEQ_CST);
}

int evtchn_init(struct domain *d)
{
    struct evtchn_table *t = xzalloc(struct evtchn_table);
    if (!t)
        return -ENOMEM;
    spin_lock_init(&t->lock);
    d->evtchn = t->port;
    d->max_evtchns = MAX_EVTCHNS;
    d->evtchn[0].state = ECS_RESERVED;
    return 0;
}

/* ---- delivery --------------------------------------------------------------------- */

void vcpu_mark_events_pending(struct vcpu *v)
{
    struct vcpu_info *vi = vcpu_info(v);
    if (__atomic_exchange_n(&vi->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST))
        return;
    if (v->pause_flags & VPF_blocked) {
        __atomic_fetch_and(&v->pause_flags, ~VPF_blocked, __ATOMIC_SEQ_CST);
        vcpu_wake(v);
    }
}

/* A port became pending: wake the domain's vcpus in SCHEDOP_poll (masked or not). */
static void wake_pollers(struct domain *d)
{
    struct vcpu *w;
    for_each_vcpu(d, w) {
        if (!w->is_polling)
            continue;
        w->is_polling = false;
        stop_timer(&w->poll_timer);
        __atomic_fetch_and(&w->pause_flags, ~VPF_blocked, __ATOMIC_SEQ_CST);
        vcpu_wake(w);
    }
}

void evtchn_set_pending(struct vcpu *v, evtchn_port_t port)
{
    struct shared_info *s = v->domain->shared_info;

    if (test_and_set(s->evtchn_pending, port))
        return;
    wake_pollers(v->domain);
    if (test_bit(s->evtchn_mask, port))
        return;
    test_and_set(&vcpu_info(v)->evtchn_pending_sel, port / BITS_PER_XEN_ULONG);
    vcpu_mark_events_pending(v);
}

/* Raise d's port on the vcpu it notifies (Xen's evtchn_port_set_pending). */
static void port_set_pending(struct domain *d, evtchn_port_t port)
{
    evtchn_set_pending(d->vcpu[d->evtchn[port].notify_vcpu_id], port);
}

/*
 * A per-vcpu VIRQ goes to the vcpu it was bound on; a global one was bound on vcpu 0
 * and goes to whichever vcpu bind_vcpu chose since.
 */
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
    if (virq < NR_VIRQS && v->virq_to_evtchn[virq])
        port_set_pending(v->domain, v->virq_to_evtchn[virq]);
}

/* ---- ports ------------------------------------------------------------------------ */

static int get_free_port(struct domain *d)
{
    if (table_of(d)->dying)
        return -EINVAL;                 /* as Xen for a dying domain */
    for (unsigned int p = 1; p < d->max_evtchns; p++)
        if (d->evtchn[p].state == ECS_FREE)
            return (int)p;
    return -ENOSPC;
}

static bool port_is_valid(const struct domain *d, evtchn_port_t port)
{
    return port < d->max_evtchns;
}

/*
 * The domain a guest names: DOMID_SELF or its own id is the caller's domain; any
 * other id must be a live domain with event channels (-ESRCH otherwise).
 * Note: Hestia has no RCU or domain references, so a domain found here must not be
 * destroyed while the hypercall runs. Today domains are destroyed from the reaper
 * softirq after they shut down; on SMP a narrow race remains (Xen closes it with
 * rcu_lock_domain_by_id).
 */
static struct domain *lookup_domain(domid_t id)
{
    struct domain *self = current->domain;
    if (id == DOMID_SELF || id == self->domain_id)
        return self;
    struct domain *d = domain_by_id(id);
    if (!d || !d->evtchn || d->state == DOMSTATE_dying)
        return NULL;
    return d;
}

/* Take the locks of a and b (possibly the same domain) in address order. */
static void double_lock(struct domain *a, struct domain *b)
{
    if (a == b) {
        spin_lock(event_lock(a));
    } else if (a < b) {
        spin_lock(event_lock(a));
        spin_lock(event_lock(b));
    } else {
        spin_lock(event_lock(b));
        spin_lock(event_lock(a));
    }
}

static void double_unlock(struct domain *a, struct domain *b)
{
    spin_unlock(event_lock(a));
    if (a != b)
        spin_unlock(event_lock(b));
}

/* ---- EVTCHNOP_alloc_unbound, bind_interdomain, bind_virq, bind_ipi ---------------- */

int evtchn_alloc_unbound_port(struct domain *d, domid_t remote)
{
    spin_lock(event_lock(d));
    int port = get_free_port(d);
    if (port >= 0)
        d->evtchn[port] = (struct evtchn){ .state = ECS_UNBOUND,
                                           .u.unbound.remote_domid = remote };
    spin_unlock(event_lock(d));
    return port;
}

static long evtchn_alloc_unbound(struct evtchn_alloc_unbound *alloc)
{
    struct domain *self = current->domain;
    struct domain *d = lookup_domain(alloc->dom);
    domid_t remote = alloc->remote_dom == DOMID_SELF ? self->domain_id : alloc->remote_dom;

    if (!d)
        return -ESRCH;
    if (d != self && !self->is_privileged)
        return -EPERM;                  /* Xen's XSM_TARGET check */
    if (!lookup_domain(remote))
        return -ESRCH;                  /* Hestia: the remote must exist (Xen does not check) */

    int port = evtchn_alloc_unbound_port(d, remote);
    if (port < 0)
        return port;
    alloc->port = (evtchn_port_t)port;
    return 0;
}

static long evtchn_bind_interdomain(struct evtchn_bind_interdomain *bind)
{
    struct domain *ld = current->domain;
    struct domain *rd = lookup_domain(bind->remote_dom);
    evtchn_port_t rport = bind->remote_port;
    long rc = -EINVAL;

    if (!rd)
        return -ESRCH;
    double_lock(ld, rd);
    if (!port_is_valid(rd, rport))
        goto out;
    struct evtchn *rchn = &rd->evtchn[rport];
    /* Only an unbound port that was allocated for us: anything else is -EINVAL. */
    if (rchn->state != ECS_UNBOUND || rchn->u.unbound.remote_domid != ld->domain_id)
        goto out;
    int lport = get_free_port(ld);
    if (lport < 0) {
        rc = lport;
        goto out;
    }
    ld->evtchn[lport] = (struct evtchn){
        .state = ECS_INTERDOMAIN,
        .u.interdomain = { .remote_dom = rd, .remote_port = rport } };
    rchn->state = ECS_INTERDOMAIN;      /* keeps its notify_vcpu_id */
    rchn->u.interdomain.remote_dom = ld;
    rchn->u.interdomain.remote_port = (evtchn_port_t)lport;
    /*
     * As Xen: the remote end may have sent while it was unbound (those sends were
     * dropped), so the new local port starts out pending.
     */
    port_set_pending(ld, (evtchn_port_t)lport);
    bind->local_port = (evtchn_port_t)lport;
    rc = 0;
out:
    double_unlock(ld, rd);
    return rc;
}

/* Per-vcpu VIRQs may be bound on every vcpu; the others (global) only on vcpu 0. */
static bool virq_is_global(unsigned int virq)
{
    return virq != VIRQ_TIMER && virq != VIRQ_DEBUG && virq != VIRQ_XENOPROF &&
           virq != VIRQ_XENPMU;
}

static long evtchn_bind_virq(struct evtchn_bind_virq *bind)
{
    struct domain *d = current->domain;
    struct vcpu *v;

    if (bind->virq >= NR_VIRQS)
        return -EINVAL;
    if (virq_is_global(bind->virq) && bind->vcpu != 0)
        return -EINVAL;
    if (bind->vcpu >= d->max_vcpus || !(v = d->vcpu[bind->vcpu]))
        return -ENOENT;
    spin_lock(event_lock(d));
    int port = -EEXIST;
    if (!v->virq_to_evtchn[bind->virq] && (port = get_free_port(d)) >= 0) {
        d->evtchn[port] = (struct evtchn){ .state = ECS_VIRQ,
                                           .notify_vcpu_id = (uint8_t)bind->vcpu,
                                           .virq = (uint16_t)bind->virq };
        v->virq_to_evtchn[bind->virq] = (evtchn_port_t)port;
        bind->port = (evtchn_port_t)port;
    }
    spin_unlock(event_lock(d));
    return port < 0 ? port : 0;
}

static long evtchn_bind_ipi(struct evtchn_bind_ipi *bind)
{
    struct domain *d = current->domain;

    if (bind->vcpu >= d->max_vcpus || !d->vcpu[bind->vcpu])
        return -ENOENT;
    spin_lock(event_lock(d));
    int port = get_free_port(d);
    if (port >= 0) {
        d->evtchn[port] = (struct evtchn){ .state = ECS_IPI,
                                           .notify_vcpu_id = (uint8_t)bind->vcpu };
        bind->port = (evtchn_port_t)port;
    }
    spin_unlock(event_lock(d));
    return port < 0 ? port : 0;
}

/* ---- EVTCHNOP_close, and closing everything when a domain dies -------------------- */

/*
 * Lock d1 and, if port1 is one end of a channel to another domain, that domain too.
 * Returns the second domain locked (NULL if none). See "Locking" at the top.
 */
static struct domain *lock_port_and_remote(struct domain *d1, evtchn_port_t port1)
{
    for (;;) {
        spin_lock(event_lock(d1));
        if (!port_is_valid(d1, port1) || d1->evtchn[port1].state != ECS_INTERDOMAIN)
            return NULL;
        struct domain *d2 = d1->evtchn[port1].u.interdomain.remote_dom;
        if (d2 == d1)
            return NULL;                /* loopback: one table, one lock */
        if (d1 < d2) {
            spin_lock(event_lock(d2));
            return d2;
        }
        if (spin_trylock(event_lock(d2)))
            return d2;
        spin_unlock(event_lock(d1));    /* out of order: back off and retry */
        __builtin_ia32_pause();
    }
}

/*
 * Close port1 of d1. `dying`: d1 is being destroyed and its vcpus and shared_info
 * may be gone already, so leave them alone (nothing will read them again).
 */
static long close_port(struct domain *d1, evtchn_port_t port1, bool dying)
{
    struct domain *d2 = lock_port_and_remote(d1, port1);
    long rc = 0;

    if (!port_is_valid(d1, port1)) {
        rc = -EINVAL;
        goto out;
    }
    struct evtchn *chn = &d1->evtchn[port1];
    switch (chn->state) {
    case ECS_FREE:
    case ECS_RESERVED:
        rc = -EINVAL;
        goto out;
    case ECS_UNBOUND:
    case ECS_IPI:
        break;
    case ECS_VIRQ: {
        struct vcpu *v;
        if (dying)
            break;
        for_each_vcpu(d1, v)
            if (v->virq_to_evtchn[chn->virq] == port1)
                v->virq_to_evtchn[chn->virq] = 0;
        break;
    }
    case ECS_INTERDOMAIN: {
        /* The other end goes back to waiting for us (d1), as on Xen. */
        struct domain *rd = chn->u.interdomain.remote_dom;
        struct evtchn *rchn = &rd->evtchn[chn->u.interdomain.remote_port];
        rchn->state = ECS_UNBOUND;
        rchn->u.unbound.remote_domid = d1->domain_id;
        break;
    }
    }
    /* Free it: notifications go to vcpu 0 again, a stale pending bit is dropped. */
    *chn = (struct evtchn){ .state = ECS_FREE };
    if (!dying)
        clear_bit(d1->shared_info->evtchn_pending, port1);
out:
    if (d2)
        spin_unlock(event_lock(d2));
    spin_unlock(event_lock(d1));
    return rc;
}

void evtchn_destroy(struct domain *d)
{
    if (!d->evtchn)
        return;
    spin_lock(event_lock(d));
    table_of(d)->dying = true;          /* no new ports from here on */
    spin_unlock(event_lock(d));
    for (evtchn_port_t p = 1; p < d->max_evtchns; p++)
        close_port(d, p, true);         /* -EINVAL for free ports: fine */
    xfree(table_of(d));
    d->evtchn = NULL;
    d->max_evtchns = 0;
}

unsigned int evtchn_ports_in_use(struct domain *d)
{
    unsigned int n = 0;
    if (!d->evtchn)
        return 0;
    spin_lock(event_lock(d));
    for (unsigned int p = 1; p < d->max_evtchns; p++)
        n += d->evtchn[p].state != ECS_FREE;
    spin_unlock(event_lock(d));
    return n;
}

/* ---- EVTCHNOP_send, bind_vcpu, unmask, status ------------------------------------- */

long evtchn_send(struct domain *ld, evtchn_port_t lport)
{
    long rc = 0;

    spin_lock(event_lock(ld));
    if (!port_is_valid(ld, lport)) {
        rc = -EINVAL;
        goto out;
    }
    struct evtchn *chn = &ld->evtchn[lport];
    switch (chn->state) {
    case ECS_INTERDOMAIN: {
        /*
         * The remote end cannot be closed under us (closing it needs our lock too);
         * a domain already being torn down gets nothing.
         */
        struct domain *rd = chn->u.interdomain.remote_dom;
        const uint32_t w[2] = { (uint32_t)ld->domain_id << 16 | lport,
                                (uint32_t)rd->domain_id << 16 | chn->u.interdomain.remote_port };
        trace_var(TRC_HESTIA_EVTCHN_SEND, 2, w);
        if (rd->state != DOMSTATE_dying)
            port_set_pending(rd, chn->u.interdomain.remote_port);
        break;
    }
    case ECS_IPI:
        port_set_pending(ld, lport);
        break;
    case ECS_UNBOUND:
        break;              /* as Xen: nobody is connected yet, the event is dropped */
    default:
        rc = -EINVAL;       /* free, reserved, VIRQ: there is nothing to send to */
        break;
    }
out:
    spin_unlock(event_lock(ld));
    return rc;
}

/* Deliver the port's events to another vcpu (Xen allows it for these bindings). */
static long evtchn_bind_vcpu(struct evtchn_bind_vcpu *b)
{
    struct domain *d = current->domain;
    long rc = 0;

    if (b->vcpu >= d->max_vcpus || !d->vcpu[b->vcpu])
        return -ENOENT;
    spin_lock(event_lock(d));
    if (!port_is_valid(d, b->port)) {
        rc = -EINVAL;
        goto out;
    }
    struct evtchn *chn = &d->evtchn[b->port];
    switch (chn->state) {
    case ECS_VIRQ:
        if (!virq_is_global(chn->virq)) {
            rc = -EINVAL;       /* a per-vcpu VIRQ belongs to its vcpu */
            break;
        }
        /* fall through */
    case ECS_UNBOUND:
    case ECS_INTERDOMAIN:
        chn->notify_vcpu_id = (uint8_t)b->vcpu;
        break;
    default:
        rc = -EINVAL;           /* free, reserved, IPI (bind a new IPI port instead) */
        break;
    }
out:
    spin_unlock(event_lock(d));
    return rc;
}

static long evtchn_unmask(struct domain *d, evtchn_port_t port)
{
    if (!port_is_valid(d, port))
        return -EINVAL;
    spin_lock(event_lock(d));
    struct shared_info *s = d->shared_info;
    struct vcpu *v = d->vcpu[d->evtchn[port].notify_vcpu_id];
    clear_bit(s->evtchn_mask, port);
    /* A port that became pending while masked is delivered now. */
    if (test_bit(s->evtchn_pending, port) &&
        !test_and_set(&vcpu_info(v)->evtchn_pending_sel, port / BITS_PER_XEN_ULONG))
        vcpu_mark_events_pending(v);
    spin_unlock(event_lock(d));
    return 0;
}

static long evtchn_status(struct evtchn_status *st)
{
    struct domain *self = current->domain;
    struct domain *d = self;

    if (st->dom != DOMID_SELF && st->dom != self->domain_id) {
        if (!self->is_privileged)
            return -EPERM;
        if (!(d = lookup_domain(st->dom)))
            return -ESRCH;
    }
    if (!port_is_valid(d, st->port))
        return -EINVAL;
    spin_lock(event_lock(d));
    const struct evtchn *chn = &d->evtchn[st->port];
    st->vcpu = chn->notify_vcpu_id;
    switch (chn->state) {
    case ECS_FREE:
    case ECS_RESERVED:
        st->status = EVTCHNSTAT_closed;
        break;
    case ECS_UNBOUND:
        st->status = EVTCHNSTAT_unbound;
        st->u.unbound.dom = chn->u.unbound.remote_domid;
        break;
    case ECS_INTERDOMAIN:
        st->status = EVTCHNSTAT_interdomain;
        st->u.interdomain.dom = chn->u.interdomain.remote_dom->domain_id;
        st->u.interdomain.port = chn->u.interdomain.remote_port;
        break;
    case ECS_VIRQ:
        st->status = EVTCHNSTAT_virq;
        st->u.virq = chn->virq;
        break;
    case ECS_IPI:
        st->status = EVTCHNSTAT_ipi;
        break;
    }
    spin_unlock(event_lock(d));
    return 0;
}

/* ---- the hypercall ---------------------------------------------------------------- */

/*
 * Copy the argument in, run op, copy it back out when op succeeded. The argument is
 * first written back unchanged, so that a read-only argument fails with -EFAULT
 * before anything happens (Xen finds out only after binding, and leaves the new
 * port allocated: "cleaning up here would be a mess").
 */
#define EVTCHN_OP(type, arg, op)                                  \
    ({ type __a; long __rc = -EFAULT;                             \
       if (copy_from_guest(&__a, arg, sizeof(__a)) == 0 &&        \
           copy_to_guest(arg, &__a, sizeof(__a)) == 0) {          \
           __rc = op(&__a);                                       \
           if (__rc == 0 && copy_to_guest(arg, &__a, sizeof(__a))) \
               __rc = -EFAULT;                                    \
       }                                                          \
       __rc; })

/* The same for arguments that are only read: nothing is copied back. */
#define EVTCHN_OP_IN(type, arg, op)                               \
    ({ type __a;                                                  \
       copy_from_guest(&__a, arg, sizeof(__a)) ? -EFAULT : op(&__a); })

static long close_op(struct evtchn_close *c) { return close_port(current->domain, c->port, false); }
static long send_op(struct evtchn_send *s) { return evtchn_send(current->domain, s->port); }
static long unmask_op(struct evtchn_unmask *u) { return evtchn_unmask(current->domain, u->port); }

long do_event_channel_op(unsigned long cmd, unsigned long arg)
{
    switch (cmd) {
    case EVTCHNOP_alloc_unbound:
        return EVTCHN_OP(struct evtchn_alloc_unbound, arg, evtchn_alloc_unbound);
    case EVTCHNOP_bind_interdomain:
        return EVTCHN_OP(struct evtchn_bind_interdomain, arg, evtchn_bind_interdomain);
    case EVTCHNOP_bind_virq:
        return EVTCHN_OP(struct evtchn_bind_virq, arg, evtchn_bind_virq);
    case EVTCHNOP_bind_ipi:
        return EVTCHN_OP(struct evtchn_bind_ipi, arg, evtchn_bind_ipi);
    case EVTCHNOP_close:
        return EVTCHN_OP_IN(struct evtchn_close, arg, close_op);
    case EVTCHNOP_send:
        return EVTCHN_OP_IN(struct evtchn_send, arg, send_op);
    case EVTCHNOP_status:
        return EVTCHN_OP(struct evtchn_status, arg, evtchn_status);
    case EVTCHNOP_bind_vcpu:
        return EVTCHN_OP_IN(struct evtchn_bind_vcpu, arg, evtchn_bind_vcpu);
    case EVTCHNOP_unmask:
        return EVTCHN_OP_IN(struct evtchn_unmask, arg, unmask_op);
    default:
        return -ENOSYS;     /* bind_pirq, reset, the FIFO ABI: not in Hestia */
    }
}
