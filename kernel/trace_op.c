/*
 * trace_op.c - __HYPERVISOR_hestia_trace_op: a guest logs its own events (an I/O
 * request leaving, its response arriving) into the hypervisor's trace, on the
 * hypervisor's clock, so they line up with the scheduler's events. The record's
 * first word, dom << 16 | vcpu, is filled in here: a guest cannot log for another.
 * Hestia's own hypercall; Xen answers it with -ENOSYS.
 */
#include <hestia/domain.h>
#include <hestia/errno.h>
#include <hestia/hypercall.h>
#include <hestia/sched.h>
#include <hestia/trace.h>

long do_hestia_trace_op(unsigned long cmd, unsigned long a, unsigned long b)
{
    const struct vcpu *v = current;
    const uint32_t w[3] = { (uint32_t)v->domain->domain_id << 16 | v->vcpu_id,
                            (uint32_t)a, (uint32_t)b };

    switch (cmd) {
    case HESTIA_TRACE_io_request:
        trace_var(TRC_HESTIA_IO_REQUEST, 2, w);
        return 0;
    case HESTIA_TRACE_io_response:
        trace_var(TRC_HESTIA_IO_RESPONSE, 2, w);
        return 0;
    case HESTIA_TRACE_event:
        trace_var(TRC_HESTIA_GUEST_EVENT, 3, w);
        return 0;
    default:
        return -EINVAL;
    }
}
