/*
 * sched_op.c - the scheduling hypercalls a guest makes about itself:
 * sched_op (yield, block, poll, shutdown) and set_timer_op.
 *
 * A vcpu's timer (set_timer_op, or VCPUOP_set_singleshot_timer) raises VIRQ_TIMER
 * when it fires; a guest that wants to sleep sets the timer and blocks, and the
 * VIRQ's upcall wakes it. This is how pvguest's sleep() works on Hestia and on Xen.
 */
#include <hestia/domain.h>
#include <hestia/errno.h>
#include <hestia/event.h>
#include <hestia/guest_access.h>
#include <hestia/hypercall.h>
#include <hestia/printk.h>
#include <hestia/sched.h>
#include <hestia/softirq.h>

#include <public/sched.h>

/* The vcpu timer fired: tell the guest (VIRQ_TIMER). Runs in interrupt context. */
static void vcpu_singleshot_timer_fn(void *data)
{
    send_guest_vcpu_virq(data, VIRQ_TIMER);
}

static void poll_timer_fn(void *data)
{
    struct vcpu *v = data;
    if (!v->is_polling)
        return;                     /* already woken by an event */
    v->is_polling = false;
    v->poll_timed_out = true;
    if (v->pause_flags & VPF_blocked) {
        __atomic_fetch_and(&v->pause_flags, ~VPF_blocked, __ATOMIC_SEQ_CST);
        vcpu_wake(v);
    }
}

void vcpu_timers_init(struct vcpu *v)
{
    init_timer(&v->singleshot_timer, vcpu_singleshot_timer_fn, v, v->processor);
    init_timer(&v->poll_timer, poll_timer_fn, v, v->processor);
}

/* Arm (or, with timeout 0, stop) the current vcpu's one-shot timer. */
long do_set_timer_op(unsigned long timeout)
{
    struct vcpu *v = current;
    s_time_t when = (s_time_t)timeout;

    if (timeout == 0) {
        stop_timer(&v->singleshot_timer);
        return 0;
    }
    if (when < 0)
        return -EINVAL;
    set_timer(&v->singleshot_timer, when);  /* a time in the past fires at once */
    return 0;
}

static bool any_port_pending(struct domain *d, const evtchn_port_t *ports, unsigned int n)
{
    for (unsigned int i = 0; i < n; i++) {
        evtchn_port_t p = ports[i];
        if ((d->shared_info->evtchn_pending[p / 64] >> (p % 64)) & 1)
            return true;
    }
    return false;
}

/* SCHEDOP_poll: block until one of the ports is pending, or the timeout. */
static long sched_poll(unsigned long arg)
{
    struct vcpu *v = current;
    struct sched_poll sp;
    evtchn_port_t ports[8];

    if (copy_from_guest(&sp, arg, sizeof(sp)) != 0)
        return -EFAULT;
    if (sp.nr_ports > 8)
        return -EINVAL;
    if (copy_from_guest(ports, (unsigned long)sp.ports.p, sp.nr_ports * sizeof(ports[0])))
        return -EFAULT;
    for (unsigned int i = 0; i < sp.nr_ports; i++)
        if (ports[i] >= v->domain->max_evtchns)
            return -EINVAL;
    /*
     * Mark ourselves polling and blocked *before* looking at the ports: an event (or
     * the timeout) that comes after the look then finds us blocked and wakes us; one
     * that came before is seen by the look. Either way nothing is lost.
     */
    v->poll_timed_out = false;
    v->is_polling = true;
    __atomic_fetch_or(&v->pause_flags, VPF_blocked, __ATOMIC_SEQ_CST);
    if (any_port_pending(v->domain, ports, sp.nr_ports) ||
        (sp.timeout != 0 && (s_time_t)sp.timeout <= NOW())) {
        v->is_polling = false;
        __atomic_fetch_and(&v->pause_flags, ~VPF_blocked, __ATOMIC_SEQ_CST);
        return 0;
    }
    if (sp.timeout != 0)
        set_timer(&v->poll_timer, (s_time_t)sp.timeout);
    raise_softirq(SCHEDULE_SOFTIRQ);
    return 0;
}

long do_sched_op(unsigned long cmd, unsigned long arg)
{
    switch (cmd) {
    case SCHEDOP_yield:
        vcpu_yield();
        return 0;
    case SCHEDOP_block:
        /* As on Xen, blocking also unmasks events: the wake-up must be deliverable. */
        vcpu_info(current)->evtchn_upcall_mask = 0;
        vcpu_block();
        return 0;
    case SCHEDOP_poll:
        return sched_poll(arg);
    case SCHEDOP_shutdown: {
        struct sched_shutdown s;
        if (copy_from_guest(&s, arg, sizeof(s)) != 0)
            return -EFAULT;
        if (s.reason > SHUTDOWN_MAX)
            return -EINVAL;
        domain_shutdown(current->domain, (int)s.reason);
        return 0;
    }
    case SCHEDOP_remote_shutdown: {
        struct sched_remote_shutdown rs;
        struct domain *target;
        if (!current->domain->is_privileged)
            return -EPERM;
        if (copy_from_guest(&rs, arg, sizeof(rs)) != 0)
            return -EFAULT;
        if (rs.reason > SHUTDOWN_MAX)
            return -EINVAL;
        if (!(target = domain_by_id(rs.domain_id)))
            return -ESRCH;
        domain_shutdown(target, (int)rs.reason);
        return 0;
    }
    default:
        return -ENOSYS;
    }
}
