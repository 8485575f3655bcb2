/*
 * include/public/vcpu.h - HYPERVISOR_vcpu_op(cmd, vcpuid, arg): starting and
 * stopping a domain's vCPUs, their timers, and where the hypervisor publishes
 * their run-state accounting and vcpu_info.
 *
 * Layout-identical to Xen's xen/include/public/vcpu.h (Xen 4.17). The text is
 * Hestia's own.
 *
 * Implemented on Hestia: is_up, get_runstate_info, set/stop_singleshot_timer, and
 * stop_periodic_timer (a no-op: Hestia never starts a periodic timer). The others -
 * initialise, up, down, register_runstate_memory_area, set_periodic_timer,
 * register_vcpu_info, send_nmi, get_physid, register_vcpu_time_memory_area -
 * return -ENOSYS (they arrive with SMP guests).
 */
#ifndef HESTIA_PUBLIC_VCPU_H
#define HESTIA_PUBLIC_VCPU_H

#include "xen.h"

/*
 * VCPUOP_initialise (arg struct vcpu_guest_context, arch-x86/xen.h): give a
 * vCPU its first register state. Once per vCPU; it runs only after
 * VCPUOP_up.
 */
#define VCPUOP_initialise            0

/* VCPUOP_up (arg NULL): make an initialised vCPU runnable. */
#define VCPUOP_up                    1

/*
 * VCPUOP_down (arg NULL): make a vCPU not runnable. Asynchronous unless a
 * vCPU takes itself down: the call may return before the target has stopped.
 */
#define VCPUOP_down                  2

/* VCPUOP_is_up (arg NULL): returns 1 if the vCPU is up, 0 if not. */
#define VCPUOP_is_up                 3

/* VCPUOP_get_runstate_info (arg struct vcpu_runstate_info): copy it out. */
#define VCPUOP_get_runstate_info     4

/*
 * VCPUOP_register_runstate_memory_area (arg struct
 * vcpu_register_runstate_memory_area): ask the hypervisor to keep a copy of
 * the vCPU's vcpu_runstate_info at a guest virtual address, updated each time
 * the vCPU is scheduled (so the copy the vCPU itself reads always says
 * RUNSTATE_running). One area per vCPU.
 */
#define VCPUOP_register_runstate_memory_area 5

/*
 * VCPUOP_set_periodic_timer (arg struct vcpu_set_periodic_timer) and
 * VCPUOP_stop_periodic_timer (arg NULL): a timer that raises VIRQ_TIMER every
 * period_ns. Periods below 1 ms may be refused.
 */
#define VCPUOP_set_periodic_timer    6
#define VCPUOP_stop_periodic_timer   7

/*
 * VCPUOP_set_singleshot_timer (arg struct vcpu_set_singleshot_timer) and
 * VCPUOP_stop_singleshot_timer (arg NULL): one VIRQ_TIMER at an absolute
 * system time.
 */
#define VCPUOP_set_singleshot_timer  8
#define VCPUOP_stop_singleshot_timer 9

/*
 * VCPUOP_register_vcpu_info (arg struct vcpu_register_vcpu_info): move the
 * vCPU's vcpu_info out of the shared-info page to (mfn, offset), which must not
 * cross a page boundary. Once per vCPU. This is how vCPUs beyond
 * XEN_LEGACY_MAX_VCPUS get a vcpu_info at all.
 */
#define VCPUOP_register_vcpu_info   10

/* VCPUOP_send_nmi (arg NULL): raise an NMI in the vCPU. [ENOSYS] */
#define VCPUOP_send_nmi             11

/*
 * VCPUOP_get_physid (arg struct vcpu_get_physid): APIC and ACPI ids of the
 * physical CPU a pinned vCPU runs on. [ENOSYS]
 */
#define VCPUOP_get_physid           12

/*
 * VCPUOP_register_vcpu_time_memory_area (arg struct
 * vcpu_register_time_memory_area): keep a second copy of the vCPU's
 * vcpu_time_info at a guest address (for a user-space clock). [ENOSYS]
 */
#define VCPUOP_register_vcpu_time_memory_area 13

/* vcpu_runstate_info.state: where the vCPU's time goes. */
#define RUNSTATE_running   0    /* running on a physical CPU */
#define RUNSTATE_runnable  1    /* ready, waiting for a physical CPU */
#define RUNSTATE_blocked   2    /* waiting for an event (idle) */
#define RUNSTATE_offline   3    /* neither: down, paused, or held by the
                                   hypervisor (blocked wins if both apply) */

/*
 * Set in state_entry_time while the hypervisor updates the guest's copy of
 * the run-state area, if the guest enabled VMASST_TYPE_runstate_update_flag.
 */
#define XEN_RUNSTATE_UPDATE (xen_mk_ullong(1) << 63)

/* vcpu_set_singleshot_timer.flags */
#define _VCPU_SSHOTTMR_future 0
/* Fail with -ETIME if the timeout has already passed (the hypervisor may
 * ignore this). */
#define VCPU_SSHOTTMR_future  (xen_mk_uint(1) << _VCPU_SSHOTTMR_future)

#ifndef __ASSEMBLY__

/*
 * Run-state accounting: the current state, when it was entered (system time,
 * ns), and the total time spent in each state (ns). The times are charged at
 * each state change, so their sum advances exactly with system time, without
 * drift.
 */
struct vcpu_runstate_info {
    int state;                  /* RUNSTATE_* */
    uint64_t state_entry_time;
    uint64_t time[4];           /* indexed by RUNSTATE_* */
};
typedef struct vcpu_runstate_info vcpu_runstate_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_runstate_info_t);
XEN_ABI_OFFSET(struct vcpu_runstate_info, state_entry_time, 8);
XEN_ABI_OFFSET(struct vcpu_runstate_info, time, 16);
XEN_ABI_SIZE(struct vcpu_runstate_info, 48);

/* On x86 the area is given by its guest virtual address (h, v or p). */
struct vcpu_register_runstate_memory_area {
    union {
        XEN_GUEST_HANDLE(vcpu_runstate_info_t) h;
        struct vcpu_runstate_info *v;
        uint64_t p;
    } addr;
};
typedef struct vcpu_register_runstate_memory_area
        vcpu_register_runstate_memory_area_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_runstate_memory_area_t);
XEN_ABI_SIZE(struct vcpu_register_runstate_memory_area, 8);

struct vcpu_set_periodic_timer {
    uint64_t period_ns;
};
typedef struct vcpu_set_periodic_timer vcpu_set_periodic_timer_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_set_periodic_timer_t);
XEN_ABI_SIZE(struct vcpu_set_periodic_timer, 8);

struct vcpu_set_singleshot_timer {
    uint64_t timeout_abs_ns;    /* absolute system time, ns */
    uint32_t flags;             /* VCPU_SSHOTTMR_* */
};
typedef struct vcpu_set_singleshot_timer vcpu_set_singleshot_timer_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_set_singleshot_timer_t);
XEN_ABI_OFFSET(struct vcpu_set_singleshot_timer, flags, 8);
XEN_ABI_SIZE(struct vcpu_set_singleshot_timer, 16);

struct vcpu_register_vcpu_info {
    uint64_t mfn;               /* machine frame of the page */
    uint32_t offset;            /* byte offset of vcpu_info in it */
    uint32_t rsvd;              /* must be zero */
};
typedef struct vcpu_register_vcpu_info vcpu_register_vcpu_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_vcpu_info_t);
XEN_ABI_OFFSET(struct vcpu_register_vcpu_info, offset, 8);
XEN_ABI_SIZE(struct vcpu_register_vcpu_info, 16);

/* x86: bits 31:0 are the APIC id, bits 63:32 the ACPI id. */
struct vcpu_get_physid {
    uint64_t phys_id;
};
typedef struct vcpu_get_physid vcpu_get_physid_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_get_physid_t);
XEN_ABI_SIZE(struct vcpu_get_physid, 8);
#define xen_vcpu_physid_to_x86_apicid(physid) ((uint32_t)(physid))
#define xen_vcpu_physid_to_x86_acpiid(physid) ((uint32_t)((physid) >> 32))

DEFINE_XEN_GUEST_HANDLE(vcpu_time_info_t);
struct vcpu_register_time_memory_area {
    union {
        XEN_GUEST_HANDLE(vcpu_time_info_t) h;
        struct vcpu_time_info *v;
        uint64_t p;
    } addr;
};
typedef struct vcpu_register_time_memory_area vcpu_register_time_memory_area_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_time_memory_area_t);
XEN_ABI_SIZE(struct vcpu_register_time_memory_area, 8);

#endif /* !__ASSEMBLY__ */

#endif /* HESTIA_PUBLIC_VCPU_H */
