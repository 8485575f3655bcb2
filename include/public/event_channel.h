/*
 * include/public/event_channel.h - HYPERVISOR_event_channel_op(cmd, arg):
 * creating, binding, signalling and closing event channels.
 *
 * An event channel is a port number in one domain; an event sets the port's
 * bit in the shared-info pending bitmap and, unless the port is masked, raises
 * an upcall on the vCPU the port is bound to (see struct shared_info in
 * xen.h). A port's other end is another domain's port (interdomain), a VIRQ,
 * a physical IRQ (PIRQ) or another vCPU of the same domain (IPI).
 *
 * Layout-identical to Xen's xen/include/public/event_channel.h (Xen 4.17). The
 * text is Hestia's own. Every structure is both input and output: the fields
 * marked OUT are filled in by the hypervisor.
 *
 * Hestia implements the 2-level ABI only (4096 ports, the bitmaps in
 * shared_info). Not implemented, returning -ENOSYS: bind_pirq (no physical
 * IRQs for guests), reset and reset_cont, and the FIFO ABI (init_control,
 * expand_array, set_priority), whose structures are therefore not defined here.
 */
#ifndef HESTIA_PUBLIC_EVENT_CHANNEL_H
#define HESTIA_PUBLIC_EVENT_CHANNEL_H

#include "xen.h"

#define EVTCHNOP_bind_interdomain  0
#define EVTCHNOP_bind_virq         1
#define EVTCHNOP_bind_pirq         2   /* [ENOSYS] */
#define EVTCHNOP_close             3
#define EVTCHNOP_send              4
#define EVTCHNOP_status            5
#define EVTCHNOP_alloc_unbound     6
#define EVTCHNOP_bind_ipi          7
#define EVTCHNOP_bind_vcpu         8
#define EVTCHNOP_unmask            9
#define EVTCHNOP_reset            10   /* [ENOSYS] */
#define EVTCHNOP_init_control     11   /* [ENOSYS] FIFO ABI */
#define EVTCHNOP_expand_array     12   /* [ENOSYS] FIFO ABI */
#define EVTCHNOP_set_priority     13   /* [ENOSYS] FIFO ABI */
#define EVTCHNOP_reset_cont       14   /* [ENOSYS] continuation of reset; Xen
                                          keeps this number internal */

/* Ports in the 2-level ABI: one bit per port in 64 words of 64 bits. */
#define EVTCHN_2L_NR_CHANNELS (sizeof(xen_ulong_t) * sizeof(xen_ulong_t) * 64)

/* evtchn_status.status */
#define EVTCHNSTAT_closed       0   /* port not in use */
#define EVTCHNSTAT_unbound      1   /* waiting for a remote domain to bind */
#define EVTCHNSTAT_interdomain  2   /* connected to a port of another domain */
#define EVTCHNSTAT_pirq         3   /* bound to a physical IRQ */
#define EVTCHNSTAT_virq         4   /* bound to a VIRQ */
#define EVTCHNSTAT_ipi          5   /* bound for IPIs within the domain */

/* evtchn_bind_pirq.flags */
#define BIND_PIRQ__WILL_SHARE   1

#ifndef __ASSEMBLY__

typedef uint32_t evtchn_port_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_port_t);

/*
 * EVTCHNOP_alloc_unbound: make a new port in domain 'dom' (DOMID_SELF, or
 * another domain if the caller is privileged) that 'remote_dom' may later
 * connect to with bind_interdomain.
 */
struct evtchn_alloc_unbound {
    domid_t dom, remote_dom;        /* IN */
    evtchn_port_t port;             /* OUT */
};
typedef struct evtchn_alloc_unbound evtchn_alloc_unbound_t;
XEN_ABI_OFFSET(struct evtchn_alloc_unbound, remote_dom, 2);
XEN_ABI_OFFSET(struct evtchn_alloc_unbound, port, 4);
XEN_ABI_SIZE(struct evtchn_alloc_unbound, 8);

/*
 * EVTCHNOP_bind_interdomain: connect a new local port to remote_port of
 * remote_dom, which must be an unbound port allocated for the caller.
 */
struct evtchn_bind_interdomain {
    domid_t remote_dom;             /* IN */
    evtchn_port_t remote_port;      /* IN */
    evtchn_port_t local_port;       /* OUT */
};
typedef struct evtchn_bind_interdomain evtchn_bind_interdomain_t;
XEN_ABI_OFFSET(struct evtchn_bind_interdomain, remote_port, 4);
XEN_ABI_OFFSET(struct evtchn_bind_interdomain, local_port, 8);
XEN_ABI_SIZE(struct evtchn_bind_interdomain, 12);

/*
 * EVTCHNOP_bind_virq: bind VIRQ 'virq' (VIRQ_* in xen.h) on vCPU 'vcpu' to a
 * new port. A per-vCPU VIRQ can be bound on each vCPU; a global one on vCPU 0.
 */
struct evtchn_bind_virq {
    uint32_t virq;                  /* IN */
    uint32_t vcpu;                  /* IN */
    evtchn_port_t port;             /* OUT */
};
typedef struct evtchn_bind_virq evtchn_bind_virq_t;
XEN_ABI_OFFSET(struct evtchn_bind_virq, vcpu, 4);
XEN_ABI_OFFSET(struct evtchn_bind_virq, port, 8);
XEN_ABI_SIZE(struct evtchn_bind_virq, 12);

/* EVTCHNOP_bind_pirq: bind a physical IRQ to a new port. [ENOSYS] */
struct evtchn_bind_pirq {
    uint32_t pirq;                  /* IN */
    uint32_t flags;                 /* IN: BIND_PIRQ__* */
    evtchn_port_t port;             /* OUT */
};
typedef struct evtchn_bind_pirq evtchn_bind_pirq_t;
XEN_ABI_SIZE(struct evtchn_bind_pirq, 12);

/* EVTCHNOP_bind_ipi: a new port for IPIs, delivered to vCPU 'vcpu'. */
struct evtchn_bind_ipi {
    uint32_t vcpu;                  /* IN */
    evtchn_port_t port;             /* OUT */
};
typedef struct evtchn_bind_ipi evtchn_bind_ipi_t;
XEN_ABI_OFFSET(struct evtchn_bind_ipi, port, 4);
XEN_ABI_SIZE(struct evtchn_bind_ipi, 8);

/*
 * EVTCHNOP_close: close a local port. If it was connected, the remote end
 * goes back to unbound.
 */
struct evtchn_close {
    evtchn_port_t port;             /* IN */
};
typedef struct evtchn_close evtchn_close_t;
XEN_ABI_SIZE(struct evtchn_close, 4);

/* EVTCHNOP_send: signal the other end of a local port. */
struct evtchn_send {
    evtchn_port_t port;             /* IN */
};
typedef struct evtchn_send evtchn_send_t;
XEN_ABI_SIZE(struct evtchn_send, 4);

/*
 * EVTCHNOP_status: what port 'port' of domain 'dom' is bound to. Only a
 * privileged caller may ask about a domain other than DOMID_SELF.
 */
struct evtchn_status {
    domid_t dom;                    /* IN */
    evtchn_port_t port;             /* IN */
    uint32_t status;                /* OUT: EVTCHNSTAT_* */
    uint32_t vcpu;                  /* OUT: vCPU that gets the upcall */
    union {                         /* OUT, depending on status: */
        struct {
            domid_t dom;            /*   who may bind to it */
        } unbound;
        struct {
            domid_t dom;            /*   the remote end */
            evtchn_port_t port;
        } interdomain;
        uint32_t pirq;
        uint32_t virq;
    } u;
};
typedef struct evtchn_status evtchn_status_t;
XEN_ABI_OFFSET(struct evtchn_status, port, 4);
XEN_ABI_OFFSET(struct evtchn_status, status, 8);
XEN_ABI_OFFSET(struct evtchn_status, vcpu, 12);
XEN_ABI_OFFSET(struct evtchn_status, u, 16);
XEN_ABI_OFFSET(struct evtchn_status, u.interdomain.port, 20);
XEN_ABI_SIZE(struct evtchn_status, 24);

/*
 * EVTCHNOP_bind_vcpu: deliver the port's upcalls to vCPU 'vcpu' from now on.
 * Allowed for interdomain, unbound and global-VIRQ ports.
 */
struct evtchn_bind_vcpu {
    evtchn_port_t port;             /* IN */
    uint32_t vcpu;                  /* IN */
};
typedef struct evtchn_bind_vcpu evtchn_bind_vcpu_t;
XEN_ABI_OFFSET(struct evtchn_bind_vcpu, vcpu, 4);
XEN_ABI_SIZE(struct evtchn_bind_vcpu, 8);

/*
 * EVTCHNOP_unmask: clear the port's mask bit and, if the port is pending,
 * raise the upcall the guest missed while it was masked. (A guest may also
 * clear the bit itself and check the pending bit.)
 */
struct evtchn_unmask {
    evtchn_port_t port;             /* IN */
};
typedef struct evtchn_unmask evtchn_unmask_t;
XEN_ABI_SIZE(struct evtchn_unmask, 4);

/* EVTCHNOP_reset: close every port of domain 'dom'. [ENOSYS] */
struct evtchn_reset {
    domid_t dom;                    /* IN */
};
typedef struct evtchn_reset evtchn_reset_t;
XEN_ABI_SIZE(struct evtchn_reset, 2);

#endif /* !__ASSEMBLY__ */

#endif /* HESTIA_PUBLIC_EVENT_CHANNEL_H */
