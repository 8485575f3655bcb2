/*
 * event.h - event channels, the hypervisor's virtual interrupts (Xen's xen/event.h).
 *
 * A port is a numbered channel in a domain. Sending on it sets the port's bit in
 * the domain's shared_info pending bitmap and, unless the port is masked, the
 * port's word in the target vcpu's selector and its upcall-pending flag; the vcpu
 * then takes an upcall (pv/traps.c) and is woken if it was blocked. This is Xen's
 * 2-level ABI. Ports can be bound to a VIRQ (a virtual interrupt the hypervisor
 * raises: VIRQ_TIMER, ...); interdomain and IPI ports come with dom0.
 */
#ifndef HESTIA_EVENT_H
#define HESTIA_EVENT_H

#include <hestia/domain.h>

#define MAX_EVTCHNS 128             /* ports per domain, for now */

enum evtchn_state {
    ECS_FREE,
    ECS_RESERVED,                   /* port 0 */
    ECS_UNBOUND,
    ECS_INTERDOMAIN,
    ECS_VIRQ,
    ECS_IPI,
};

struct evtchn {
    uint8_t state;                  /* ECS_* */
    uint8_t notify_vcpu_id;         /* the vcpu that gets the upcall */
    uint16_t virq;                  /* ECS_VIRQ */
};

int evtchn_init(struct domain *d);
void evtchn_destroy(struct domain *d);
/* Mark port pending for its vcpu (and raise the upcall if not masked). */
void evtchn_set_pending(struct vcpu *v, evtchn_port_t port);
/* Raise VIRQ `virq` on vcpu v, if the guest bound it to a port. */
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);
/* Make v take an upcall: set upcall_pending and wake it. */
void vcpu_mark_events_pending(struct vcpu *v);
/* __HYPERVISOR_event_channel_op */
long do_event_channel_op(unsigned long cmd, unsigned long arg);

#endif /* HESTIA_EVENT_H */
