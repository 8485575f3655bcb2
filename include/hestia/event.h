/*
 * event.h - event channels, the hypervisor's virtual interrupts (Xen's xen/event.h).
 *
 * A port is a numbered channel in a domain. Sending on it sets the port's bit in
 * the domain's shared_info pending bitmap and, unless the port is masked, the
 * port's word in the target vcpu's selector and its upcall-pending flag; the vcpu
 * then takes an upcall (pv/traps.c) and is woken if it was blocked. This is Xen's
 * 2-level ABI.
 *
 * What a port can be bound to (struct evtchn.state, Xen's ECS_*):
 *   ECS_UNBOUND      allocated for a remote domain (alloc_unbound), waiting for it
 *                    to connect with bind_interdomain;
 *   ECS_INTERDOMAIN  one end of a channel between two domains (or a domain and
 *                    itself): sending on one end raises the other end;
 *   ECS_VIRQ         a virtual interrupt the hypervisor raises (VIRQ_TIMER, ...);
 *   ECS_IPI          a channel between the vcpus of one domain (bind_ipi).
 * Ports are allocated lowest-first; port 0 is never used (ECS_RESERVED).
 *
 * Locking: each domain's port table has one lock (Xen's d->event_lock). Operations
 * that touch two domains (bind_interdomain, close of an interdomain port) hold
 * both locks, taken in address order. evtchn_set_pending itself takes no lock: it
 * works on the shared_info bitmaps with atomic operations.
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
    union {
        struct {
            domid_t remote_domid;   /* ECS_UNBOUND: who may bind_interdomain to it */
        } unbound;
        struct {
            struct domain *remote_dom;      /* ECS_INTERDOMAIN: the other end */
            evtchn_port_t remote_port;
        } interdomain;
    } u;
};

int evtchn_init(struct domain *d);
/*
 * Close every port of a dying domain, then free its table. The remote end of each
 * interdomain channel goes back to ECS_UNBOUND (for this domain's id), as after
 * EVTCHNOP_close, so no other domain keeps a pointer to d. Touches neither d's vcpus
 * nor its shared_info page (domain_destroy may have freed them already).
 */
void evtchn_destroy(struct domain *d);

/* A new port of d, unbound, that `remote` may bind (the builder's console and
 * store channels, as Xen's toolstack makes them); the port or -ENOSPC. */
int evtchn_alloc_unbound_port(struct domain *d, domid_t remote);
/* Mark port pending for its vcpu (and raise the upcall if not masked). */
void evtchn_set_pending(struct vcpu *v, evtchn_port_t port);
/* Raise VIRQ `virq` on vcpu v, if the guest bound it to a port. */
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);
/* Make v take an upcall: set upcall_pending and wake it. */
void vcpu_mark_events_pending(struct vcpu *v);
/* EVTCHNOP_send from domain ld on its port lport (also for in-hypervisor users). */
long evtchn_send(struct domain *ld, evtchn_port_t lport);
/* How many of d's ports are in use (not ECS_FREE, not the reserved port 0). */
unsigned int evtchn_ports_in_use(struct domain *d);
/* __HYPERVISOR_event_channel_op */
long do_event_channel_op(unsigned long cmd, unsigned long arg);

#endif /* HESTIA_EVENT_H */
