/*
 * vcpu_op.c - __HYPERVISOR_vcpu_op: a guest's questions and requests about its
 * vcpus: runstate times (as Xen: how long running, runnable, blocked, offline) and
 * the one-shot timer.
 */
#include <hestia/domain.h>
#include <hestia/errno.h>
#include <hestia/guest_access.h>
#include <hestia/hypercall.h>
#include <hestia/sched.h>

#include <public/vcpu.h>

static void fill_runstate(const struct vcpu *v, struct vcpu_runstate_info *ri)
{
    s_time_t now = NOW();
    ri->state = v->runstate.state;
    ri->state_entry_time = (uint64_t)v->runstate.state_entry_time;
    for (int i = 0; i < 4; i++)
        ri->time[i] = (uint64_t)v->runstate.time[i];
    /* Include the time spent in the current state so far. */
    ri->time[v->runstate.state] += (uint64_t)(now - v->runstate.state_entry_time);
}

static long set_singleshot(struct vcpu *v, unsigned long arg)
{
    struct vcpu_set_singleshot_timer t;

    if (v != current)
        return -EINVAL;             /* Xen allows only the calling vcpu too */
    if (copy_from_guest(&t, arg, sizeof(t)) != 0)
        return -EFAULT;
    if ((t.flags & VCPU_SSHOTTMR_future) && (s_time_t)t.timeout_abs_ns < NOW())
        return -ETIME;
    set_timer(&v->singleshot_timer, (s_time_t)t.timeout_abs_ns);
    return 0;
}

long do_vcpu_op(unsigned long cmd, unsigned long vcpuid, unsigned long arg)
{
    struct domain *d = current->domain;
    struct vcpu *v;

    if (vcpuid >= d->max_vcpus || !(v = d->vcpu[vcpuid]))
        return -ENOENT;

    switch (cmd) {
    case VCPUOP_get_runstate_info: {
        struct vcpu_runstate_info ri;
        fill_runstate(v, &ri);
        return copy_to_guest(arg, &ri, sizeof(ri)) ? -EFAULT : 0;
    }
    case VCPUOP_is_up:
        return !(v->pause_flags & VPF_down);
    case VCPUOP_set_singleshot_timer:
        return set_singleshot(v, arg);
    case VCPUOP_stop_singleshot_timer:
        if (v != current)
            return -EINVAL;
        stop_timer(&v->singleshot_timer);
        return 0;
    case VCPUOP_stop_periodic_timer:
        return 0;                   /* Hestia never starts a periodic timer */
    default:
        return -ENOSYS;
    }
}
