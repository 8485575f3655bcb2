/*
 * evtchn/event_channel.c - ports, VIRQ bindings and Xen's 2-level delivery.
 *
 * Delivery (evtchn_set_pending), as Xen's 2-level ABI defines it:
 *   1. set bit `port` in shared_info->evtchn_pending; if it was already set, stop;
 *   2. if bit `port` in evtchn_mask is set, stop (the guest will see it on unmask);
 *   3. set bit port / BITS_PER_LONG in the vcpu's evtchn_pending_sel;
 *   4. set the vcpu's evtchn_upcall_pending and wake the vcpu.
 * The guest's upcall handler scans sel, then pending & ~mask, clearing bits as it
 * handles them. Unmasking a port that is pending redoes steps 3-4.
 *
 * What is here: bind_virq, close, unmask, status, send (to self's unbound ports
 * not yet). Interdomain and IPI channels arrive with dom0 (issue: event channels).
 */
#include <hestia/errno.h>
#include <hestia/event.h>
#include <hestia/guest_access.h>
#include <hestia/lib.h>
#include <hestia/sched.h>
#include <hestia/xmalloc.h>

#define BITS_PER_XEN_ULONG (sizeof(xen_ulong_t) * 8)

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
    d->evtchn = xzalloc_array(struct evtchn, MAX_EVTCHNS);
    if (!d->evtchn)
        return -ENOMEM;
    d->max_evtchns = MAX_EVTCHNS;
    d->evtchn[0].state = ECS_RESERVED;
    return 0;
}

void evtchn_destroy(struct domain *d)
{
    xfree(d->evtchn);
    d->evtchn = NULL;
}

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

void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
    if (virq < NR_VIRQS && v->virq_to_evtchn[virq])
        evtchn_set_pending(v, v->virq_to_evtchn[virq]);
}

static int get_free_port(struct domain *d)
{
    for (unsigned int p = 1; p < d->max_evtchns; p++)
        if (d->evtchn[p].state == ECS_FREE)
            return (int)p;
    return -ENOSPC;
}

/* Per-vcpu VIRQs may be bound on every vcpu; the others (global) only on vcpu 0. */
static bool virq_is_global(unsigned int virq)
{
    return virq != VIRQ_TIMER && virq != VIRQ_DEBUG && virq != VIRQ_XENOPROF &&
           virq != VIRQ_XENPMU;
}

static long bind_virq(struct evtchn_bind_virq *bind)
{
    struct domain *d = current->domain;
    struct vcpu *v;

    if (bind->virq >= NR_VIRQS)
        return -EINVAL;
    if (virq_is_global(bind->virq) && bind->vcpu != 0)
        return -EINVAL;
    if (bind->vcpu >= d->max_vcpus || !(v = d->vcpu[bind->vcpu]))
        return -ENOENT;
    if (v->virq_to_evtchn[bind->virq])
        return -EEXIST;
    int port = get_free_port(d);
    if (port < 0)
        return port;
    d->evtchn[port] = (struct evtchn){ .state = ECS_VIRQ,
                                       .notify_vcpu_id = (uint8_t)bind->vcpu,
                                       .virq = (uint16_t)bind->virq };
    v->virq_to_evtchn[bind->virq] = (evtchn_port_t)port;
    bind->port = (evtchn_port_t)port;
    return 0;
}

static long evtchn_close(struct domain *d, evtchn_port_t port)
{
    if (port == 0 || port >= d->max_evtchns || d->evtchn[port].state == ECS_FREE)
        return -EINVAL;
    struct evtchn *chn = &d->evtchn[port];
    if (chn->state == ECS_VIRQ)
        d->vcpu[chn->notify_vcpu_id]->virq_to_evtchn[chn->virq] = 0;
    chn->state = ECS_FREE;
    clear_bit(d->shared_info->evtchn_pending, port);
    return 0;
}

static long evtchn_unmask(struct domain *d, evtchn_port_t port)
{
    if (port >= d->max_evtchns)
        return -EINVAL;
    struct shared_info *s = d->shared_info;
    struct vcpu *v = d->vcpu[d->evtchn[port].notify_vcpu_id];
    clear_bit(s->evtchn_mask, port);
    /* A port that became pending while masked is delivered now. */
    if (test_bit(s->evtchn_pending, port) &&
        !test_and_set(&vcpu_info(v)->evtchn_pending_sel, port / BITS_PER_XEN_ULONG))
        vcpu_mark_events_pending(v);
    return 0;
}

static long evtchn_status(struct evtchn_status *st)
{
    struct domain *d = current->domain;
    if (st->dom != DOMID_SELF && st->dom != d->domain_id)
        return -EPERM;
    if (st->port >= d->max_evtchns)
        return -EINVAL;
    const struct evtchn *chn = &d->evtchn[st->port];
    st->vcpu = chn->notify_vcpu_id;
    switch (chn->state) {
    case ECS_FREE: case ECS_RESERVED:
        st->status = EVTCHNSTAT_closed;
        break;
    case ECS_VIRQ:
        st->status = EVTCHNSTAT_virq;
        st->u.virq = chn->virq;
        break;
    default:
        st->status = EVTCHNSTAT_unbound;
        break;
    }
    return 0;
}

/* Copy the argument in, run op, copy it back out when op succeeded. */
#define EVTCHN_OP(type, arg, op)                                  \
    ({ type __a; long __rc = -EFAULT;                             \
       if (copy_from_guest(&__a, arg, sizeof(__a)) == 0) {        \
           __rc = op(&__a);                                       \
           if (__rc == 0 && copy_to_guest(arg, &__a, sizeof(__a))) \
               __rc = -EFAULT;                                    \
       }                                                          \
       __rc; })

/* The same for arguments that are only read (close, unmask): nothing is copied back. */
#define EVTCHN_OP_IN(type, arg, op)                               \
    ({ type __a;                                                  \
       copy_from_guest(&__a, arg, sizeof(__a)) ? -EFAULT : op(&__a); })

static long close_op(struct evtchn_close *c) { return evtchn_close(current->domain, c->port); }
static long unmask_op(struct evtchn_unmask *u) { return evtchn_unmask(current->domain, u->port); }

long do_event_channel_op(unsigned long cmd, unsigned long arg)
{
    switch (cmd) {
    case EVTCHNOP_bind_virq:
        return EVTCHN_OP(struct evtchn_bind_virq, arg, bind_virq);
    case EVTCHNOP_close:
        return EVTCHN_OP_IN(struct evtchn_close, arg, close_op);
    case EVTCHNOP_unmask:
        return EVTCHN_OP_IN(struct evtchn_unmask, arg, unmask_op);
    case EVTCHNOP_status:
        return EVTCHN_OP(struct evtchn_status, arg, evtchn_status);
    default:
        return -ENOSYS;   /* interdomain, IPI, send: with the event-channel issue */
    }
}
