/*
 * include/public/callback.h - HYPERVISOR_callback_op(cmd, arg): tell the
 * hypervisor where the guest kernel's entry points are.
 *
 * A PV kernel does not own the IDT or the SYSCALL MSRs; instead it registers
 * callbacks and the hypervisor "bounces" into them: the event upcall (an event
 * channel became pending), the failsafe callback (the hypervisor could not
 * reload the guest's segment registers on a return to it), the entry for
 * SYSCALL from the guest's user mode, and NMIs.
 *
 * Layout-identical to Xen's xen/include/public/callback.h (Xen 4.17). The text
 * is Hestia's own.
 *
 * Hestia runs 64-bit PV guests without 32-bit applications: registering
 * CALLBACKTYPE_sysenter, _sysenter_deprecated or _syscall32 returns -ENOSYS.
 */
#ifndef HESTIA_PUBLIC_CALLBACK_H
#define HESTIA_PUBLIC_CALLBACK_H

#include "xen.h"

#define CALLBACKTYPE_event                0  /* event-channel upcall */
#define CALLBACKTYPE_failsafe             1  /* segment reload failed */
#define CALLBACKTYPE_syscall              2  /* SYSCALL from 64-bit user mode */
#define CALLBACKTYPE_sysenter_deprecated  3  /* [ENOSYS] old 32-bit only */
#define CALLBACKTYPE_nmi                  4  /* NMI */
#define CALLBACKTYPE_sysenter             5  /* [ENOSYS] SYSENTER, 32-bit apps */
#define CALLBACKTYPE_syscall32            7  /* [ENOSYS] SYSCALL, 32-bit apps */

/*
 * Mask events (set evtchn_upcall_mask) on entry to the callback. Ignored for
 * the event and NMI callbacks, which always run with events masked.
 */
#define _CALLBACKF_mask_events  0
#define CALLBACKF_mask_events   (xen_mk_uint(1) << _CALLBACKF_mask_events)

/* CALLBACKOP_register (arg struct callback_register). */
#define CALLBACKOP_register     0

/*
 * CALLBACKOP_unregister (arg struct callback_unregister). Some callbacks
 * cannot be unregistered; asking gives -EINVAL.
 */
#define CALLBACKOP_unregister   1

#ifndef __ASSEMBLY__

struct callback_register {
    uint16_t type;              /* CALLBACKTYPE_* */
    uint16_t flags;             /* CALLBACKF_* */
    xen_callback_t address;     /* entry point (guest virtual address) */
};
typedef struct callback_register callback_register_t;
DEFINE_XEN_GUEST_HANDLE(callback_register_t);
XEN_ABI_OFFSET(struct callback_register, flags, 2);
XEN_ABI_OFFSET(struct callback_register, address, 8);
XEN_ABI_SIZE(struct callback_register, 16);

struct callback_unregister {
    uint16_t type;              /* CALLBACKTYPE_* */
    uint16_t _unused;
};
typedef struct callback_unregister callback_unregister_t;
DEFINE_XEN_GUEST_HANDLE(callback_unregister_t);
XEN_ABI_SIZE(struct callback_unregister, 4);

#endif /* !__ASSEMBLY__ */

#endif /* HESTIA_PUBLIC_CALLBACK_H */
