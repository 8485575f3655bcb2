/*
 * pvguest/include/pvguest/events.h - event channels and the event upcall.
 *
 * An event channel is the PV guest's interrupt line: a port number with a pending
 * bit and a mask bit in shared_info. The hypervisor raises the port and, unless it
 * is masked, calls the guest's registered event callback (the "upcall").
 * Delivery to the whole vCPU is gated by vcpu_info.evtchn_upcall_mask, the
 * virtual equivalent of EFLAGS.IF; local_irq_disable()/enable() below set and clear
 * it (a ring-3 kernel cannot execute cli/sti).
 */
#ifndef PVGUEST_EVENTS_H
#define PVGUEST_EVENTS_H

#include <public/event_channel.h>
#include <pvguest/hypercall.h>
#include <pvguest/kernel.h>

typedef void (*evtchn_handler_t)(evtchn_port_t port, void *data);

void events_init(void);                   /* register the callbacks */
int bind_virq(unsigned int virq, evtchn_handler_t handler, void *data);
void unmask_evtchn(evtchn_port_t port);
void mask_evtchn(evtchn_port_t port);

/* Channels between domains (events.c): the split drivers' doorbells. */
void bind_evtchn(evtchn_port_t port, evtchn_handler_t handler, void *data);
long evtchn_close(evtchn_port_t port);
long evtchn_alloc_unbound(domid_t remote);           /* our new port, or -errno */
long evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port);
long notify_remote_via_evtchn(evtchn_port_t port);

/* The C half of the event upcall (entry.S: hypervisor_callback). */
struct trap_frame;
void do_hypervisor_callback(struct trap_frame *frame);

extern volatile unsigned long upcall_count;

/*
 * Virtual interrupt flag. Masking is a plain store: only this vCPU (and the
 * hypervisor, on this vCPU's behalf) touches its own mask.
 */
static inline void local_irq_disable(void)
{
    this_vcpu()->evtchn_upcall_mask = 1;
    barrier();
}

/*
 * Unmasking has a catch: an event may have arrived while masked. The hypervisor
 * then set evtchn_upcall_pending but could not deliver. Nothing will re-deliver it by
 * itself, so after unmasking the guest checks the flag and, if set, makes any
 * hypercall: on the way back to the guest the hypervisor notices the pending,
 * unmasked upcall and delivers it. (Xen's Linux calls this force_evtchn_callback.)
 */
static inline void local_irq_enable(void)
{
    barrier();
    this_vcpu()->evtchn_upcall_mask = 0;
    mb();   /* the unmask must be visible before we look at pending */
    if (this_vcpu()->evtchn_upcall_pending)
        (void)HYPERVISOR_xen_version(XENVER_version, 0);
}

static inline int local_irq_is_enabled(void)
{
    return !this_vcpu()->evtchn_upcall_mask;
}

#endif /* PVGUEST_EVENTS_H */
