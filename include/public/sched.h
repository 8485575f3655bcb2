/*
 * include/public/sched.h - HYPERVISOR_sched_op(cmd, arg): a vCPU's requests to
 * the scheduler (give up the CPU, sleep until an event, shut the domain down).
 *
 * Layout-identical to Xen's xen/include/public/sched.h (Xen 4.17). The text is
 * Hestia's own.
 *
 * Hestia implements yield, block, shutdown, poll and (for dom0) remote_shutdown.
 * shutdown_code, watchdog and pin_override are not implemented and return
 * -ENOSYS.
 */
#ifndef HESTIA_PUBLIC_SCHED_H
#define HESTIA_PUBLIC_SCHED_H

#include "event_channel.h"

/*
 * SCHEDOP_yield (arg NULL): let another runnable vCPU run; the caller stays
 * runnable.
 */
#define SCHEDOP_yield            0

/*
 * SCHEDOP_block (arg NULL): sleep until an event is pending for this vCPU.
 * Blocking also clears the vCPU's evtchn_upcall_mask, so that the wake-up
 * event is delivered; a guest checks for work with events masked, then
 * blocks, and so cannot miss a wake-up.
 */
#define SCHEDOP_block            1

/*
 * SCHEDOP_shutdown (arg struct sched_shutdown): stop this domain (all its
 * vCPUs) and tell the toolstack why. For SHUTDOWN_suspend a PV guest also
 * passes the machine frame of its start_info page as the third argument (%rdx);
 * the call then returns 0 when resumed in a new domain, 1 when the suspend was
 * cancelled.
 */
#define SCHEDOP_shutdown         2

/*
 * SCHEDOP_poll (arg struct sched_poll): sleep until one of the listed ports of
 * the caller is pending, or until 'timeout' (absolute system time in ns; 0 =
 * none). Returns at once if one already is. Upcalls stay as they are, so the
 * guest may poll with events masked.
 */
#define SCHEDOP_poll             3

/*
 * SCHEDOP_remote_shutdown (arg struct sched_remote_shutdown): shut down another
 * domain, as if it had called SCHEDOP_shutdown. Privileged callers only.
 */
#define SCHEDOP_remote_shutdown  4

/*
 * SCHEDOP_shutdown_code (arg struct sched_shutdown): record the reason to
 * report when the domain next shuts down, without shutting it down. [ENOSYS]
 */
#define SCHEDOP_shutdown_code    5

/*
 * SCHEDOP_watchdog (arg struct sched_watchdog): create, pet or destroy a
 * domain watchdog. [ENOSYS]
 */
#define SCHEDOP_watchdog         6

/*
 * SCHEDOP_pin_override (arg struct sched_pin_override): temporarily pin the
 * calling vCPU to a physical CPU (dom0 only, for firmware calls). [ENOSYS]
 */
#define SCHEDOP_pin_override     7

/* Why a domain shut down (sched_shutdown.reason). */
#define SHUTDOWN_poweroff    0  /* it is finished: destroy it */
#define SHUTDOWN_reboot      1  /* destroy it and start it again */
#define SHUTDOWN_suspend     2  /* save its state (for resume or migration) */
#define SHUTDOWN_crash       3  /* it crashed */
#define SHUTDOWN_watchdog    4  /* its watchdog expired: restart it */
#define SHUTDOWN_soft_reset  5  /* reset its state, keep its memory (kexec) */
#define SHUTDOWN_MAX         5  /* highest valid reason */

#ifndef __ASSEMBLY__

struct sched_shutdown {
    unsigned int reason;        /* SHUTDOWN_* */
};
typedef struct sched_shutdown sched_shutdown_t;
DEFINE_XEN_GUEST_HANDLE(sched_shutdown_t);
XEN_ABI_SIZE(struct sched_shutdown, 4);

struct sched_poll {
    XEN_GUEST_HANDLE(evtchn_port_t) ports;  /* array of ports to wait for */
    unsigned int nr_ports;
    uint64_t timeout;           /* absolute system time (ns), 0 = none */
};
typedef struct sched_poll sched_poll_t;
DEFINE_XEN_GUEST_HANDLE(sched_poll_t);
XEN_ABI_OFFSET(struct sched_poll, nr_ports, 8);
XEN_ABI_OFFSET(struct sched_poll, timeout, 16);
XEN_ABI_SIZE(struct sched_poll, 24);

struct sched_remote_shutdown {
    domid_t domain_id;          /* the domain to shut down */
    unsigned int reason;        /* SHUTDOWN_* */
};
typedef struct sched_remote_shutdown sched_remote_shutdown_t;
DEFINE_XEN_GUEST_HANDLE(sched_remote_shutdown_t);
XEN_ABI_OFFSET(struct sched_remote_shutdown, reason, 4);
XEN_ABI_SIZE(struct sched_remote_shutdown, 8);

/*
 * id 0 creates a watchdog (its id is the hypercall's result); a non-zero id
 * pets that watchdog, or destroys it if timeout is 0. timeout is in seconds.
 */
struct sched_watchdog {
    uint32_t id;
    uint32_t timeout;
};
typedef struct sched_watchdog sched_watchdog_t;
DEFINE_XEN_GUEST_HANDLE(sched_watchdog_t);
XEN_ABI_SIZE(struct sched_watchdog, 8);

struct sched_pin_override {
    int32_t pcpu;               /* physical CPU; negative ends the override */
};
typedef struct sched_pin_override sched_pin_override_t;
DEFINE_XEN_GUEST_HANDLE(sched_pin_override_t);
XEN_ABI_SIZE(struct sched_pin_override, 4);

#endif /* !__ASSEMBLY__ */

#endif /* HESTIA_PUBLIC_SCHED_H */
