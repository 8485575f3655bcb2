/*
 * include/public/xen.h - the core of the guest ABI: hypercall numbers, VIRQs,
 * page-table update requests, and the structures a PV guest shares with the
 * hypervisor (start_info, shared_info, vcpu_info, vcpu_time_info).
 *
 * Hestia's PV interface is binary-compatible with Xen's 64-bit x86 PV ABI. This
 * file is layout-identical to Xen's xen/include/public/xen.h (interface as of Xen
 * 4.17): the same names, numbers and byte offsets, so a kernel built for Xen boots
 * on Hestia and Hestia's pvguest boots on Xen. The text is Hestia's own; read Xen's
 * header beside it for the history, the 32-bit variants and the older interface
 * versions, none of which are carried here (Hestia runs 64-bit guests only).
 *
 * Who includes it: the hypervisor, pvguest and dom0, from C and from assembly.
 * With __ASSEMBLY__ defined only the constants remain. The one outside header is
 * <stdint.h>. After each structure come static checks of its size and of the
 * offsets that matter, so a layout slip breaks every build that includes it.
 *
 * Hestia implements a subset of the hypercalls listed here. The ones marked
 * "[ENOSYS]" are not implemented: they return -ENOSYS (XEN_ENOSYS, errno.h), as
 * Xen does for a hypercall it was built without.
 */
#ifndef HESTIA_PUBLIC_XEN_H
#define HESTIA_PUBLIC_XEN_H

#ifndef __ASSEMBLY__
#include <stdint.h>
#endif

/*
 * Numeric constants that both C and the assembler can read. C wants a suffix
 * (so that 0xFFFF800000000000 is an unsigned long, not a surprise); gas rejects
 * suffixes. Xen uses these names too.
 */
#ifndef __ASSEMBLY__
#define __xen_mk_uint(x)   x ## U
#define __xen_mk_ulong(x)  x ## UL
#define __xen_mk_ullong(x) x ## ULL
#define xen_mk_uint(x)     __xen_mk_uint(x)
#define xen_mk_ulong(x)    __xen_mk_ulong(x)
#define xen_mk_ullong(x)   __xen_mk_ullong(x)
#else
#define xen_mk_uint(x)     x
#define xen_mk_ulong(x)    x
#define xen_mk_ullong(x)   x
#endif

#ifndef __ASSEMBLY__
/*
 * Layout checks, used after every structure in include/public/. The expected
 * numbers were worked out from Xen's definitions for x86-64 (LP64, natural
 * alignment) and cross-checked against Xen's own headers.
 */
#define XEN_ABI_SIZE(type, size) \
    _Static_assert(sizeof(type) == (size), "ABI: sizeof(" #type ")")
#define XEN_ABI_OFFSET(type, field, off) \
    _Static_assert(__builtin_offsetof(type, field) == (off), \
                   "ABI: offsetof(" #type ", " #field ")")
#endif

/* Guest handles, xen_pfn_t, xen_ulong_t, trap_info, cpu_user_regs, ... */
#include "arch-x86/xen.h"

#ifndef __ASSEMBLY__
/* Handles for the plain C types that hypercall arguments point to. */
DEFINE_XEN_GUEST_HANDLE(char);
__DEFINE_XEN_GUEST_HANDLE(uchar, unsigned char);
DEFINE_XEN_GUEST_HANDLE(int);
__DEFINE_XEN_GUEST_HANDLE(uint, unsigned int);
DEFINE_XEN_GUEST_HANDLE(void);
DEFINE_XEN_GUEST_HANDLE(uint64_t);
DEFINE_XEN_GUEST_HANDLE(xen_pfn_t);
DEFINE_XEN_GUEST_HANDLE(xen_ulong_t);
__DEFINE_XEN_GUEST_HANDLE(uint8, uint8_t);
__DEFINE_XEN_GUEST_HANDLE(uint16, uint16_t);
__DEFINE_XEN_GUEST_HANDLE(uint32, uint32_t);
__DEFINE_XEN_GUEST_HANDLE(uint64, uint64_t);
#endif

/*
 * ------------------------------------------------------------------------
 * Hypercall numbers
 *
 * A 64-bit PV guest calls hypercall_page + 32 * number (see
 * arch-x86/xen-x86_64.h for the registers). The numbering has gaps (11, 43-47)
 * that Xen never filled; they are not used here either.
 * ------------------------------------------------------------------------
 */
#define __HYPERVISOR_set_trap_table        0  /* virtual IDT (trap_info[]) */
#define __HYPERVISOR_mmu_update            1  /* mmu_update[] batch */
#define __HYPERVISOR_set_gdt               2  /* guest GDT frames */
#define __HYPERVISOR_stack_switch          3  /* kernel stack for ring changes */
#define __HYPERVISOR_set_callbacks         4  /* old form of callback_op */
#define __HYPERVISOR_fpu_taskswitch        5  /* set/clear virtual CR0.TS */
#define __HYPERVISOR_sched_op_compat       6  /* [ENOSYS] pre-3.0.1 sched_op */
#define __HYPERVISOR_platform_op           7  /* [ENOSYS] dom0 platform control */
#define __HYPERVISOR_set_debugreg          8  /* [ENOSYS] */
#define __HYPERVISOR_get_debugreg          9  /* [ENOSYS] */
#define __HYPERVISOR_update_descriptor    10  /* one GDT/LDT entry */
#define __HYPERVISOR_memory_op            12  /* XENMEM_* (memory.h) */
#define __HYPERVISOR_multicall            13  /* multicall_entry[] batch */
#define __HYPERVISOR_update_va_mapping    14  /* one PTE by virtual address */
#define __HYPERVISOR_set_timer_op         15  /* one-shot timer, absolute ns */
#define __HYPERVISOR_event_channel_op_compat 16 /* [ENOSYS] pre-3.2.2 form */
#define __HYPERVISOR_xen_version          17  /* XENVER_* (version.h) */
#define __HYPERVISOR_console_io           18  /* CONSOLEIO_* */
#define __HYPERVISOR_physdev_op_compat    19  /* [ENOSYS] pre-3.2.2 form */
#define __HYPERVISOR_grant_table_op       20  /* grant tables (version 1) */
#define __HYPERVISOR_vm_assist            21  /* VMASST_* */
#define __HYPERVISOR_update_va_mapping_otherdomain 22 /* [ENOSYS] */
#define __HYPERVISOR_iret                 23  /* return from a bounced event */
#define __HYPERVISOR_vcpu_op              24  /* VCPUOP_* (vcpu.h) */
#define __HYPERVISOR_set_segment_base     25  /* SEGBASE_* (64-bit only) */
#define __HYPERVISOR_mmuext_op            26  /* mmuext_op[] batch */
#define __HYPERVISOR_xsm_op               27  /* [ENOSYS] security modules */
#define __HYPERVISOR_nmi_op               28  /* [ENOSYS] */
#define __HYPERVISOR_sched_op             29  /* SCHEDOP_* (sched.h) */
#define __HYPERVISOR_callback_op          30  /* CALLBACKOP_* (callback.h) */
#define __HYPERVISOR_xenoprof_op          31  /* [ENOSYS] */
#define __HYPERVISOR_event_channel_op     32  /* EVTCHNOP_* (event_channel.h) */
#define __HYPERVISOR_physdev_op           33  /* [ENOSYS] physical devices */
#define __HYPERVISOR_hvm_op               34  /* HVM guest control */
#define __HYPERVISOR_sysctl               35  /* dom0: whole-system control */
#define __HYPERVISOR_domctl               36  /* dom0: per-domain control */
#define __HYPERVISOR_kexec_op             37  /* [ENOSYS] */
#define __HYPERVISOR_tmem_op              38  /* [ENOSYS] (removed from Xen too) */
#define __HYPERVISOR_argo_op              39  /* [ENOSYS] */
#define __HYPERVISOR_xenpmu_op            40  /* [ENOSYS] */
#define __HYPERVISOR_dm_op                41  /* [ENOSYS] device-model ops */
#define __HYPERVISOR_hypfs_op             42  /* [ENOSYS] */

/* Eight numbers each architecture may use as it likes. [ENOSYS] on Hestia. */
#define __HYPERVISOR_arch_0               48
#define __HYPERVISOR_arch_1               49
#define __HYPERVISOR_arch_2               50
#define __HYPERVISOR_arch_3               51
#define __HYPERVISOR_arch_4               52
#define __HYPERVISOR_arch_5               53
#define __HYPERVISOR_arch_6               54
#define __HYPERVISOR_arch_7               55

/*
 * Hestia's own (Xen has no such call; there it returns -ENOSYS):
 * hestia_trace_op(cmd, a, b) logs a guest's event into the hypervisor's trace, on
 * the hypervisor's clock: HESTIA_TRACE_io_request / _io_response (a = request id),
 * HESTIA_TRACE_event (a = code, b = value). Returns 0 (also when tracing is off),
 * or -EINVAL for an unknown cmd.
 */
#define __HYPERVISOR_hestia_trace_op      56
#define HESTIA_TRACE_io_request            1
#define HESTIA_TRACE_io_response           2
#define HESTIA_TRACE_event                 3

/*
 * ------------------------------------------------------------------------
 * Virtual interrupts (VIRQs)
 *
 * Sources of events inside the hypervisor that a guest binds to an event
 * channel (EVTCHNOP_bind_virq). A per-vCPU VIRQ is bound once on each vCPU; a
 * global one is bound once per domain, on vCPU 0, and may then be moved.
 * ------------------------------------------------------------------------
 */
#define VIRQ_TIMER       0  /* per vCPU: timer fired / time values updated */
#define VIRQ_DEBUG       1  /* per vCPU: please dump debug state */
#define VIRQ_CONSOLE     2  /* global, dom0: input on the hypervisor console */
#define VIRQ_DOM_EXC     3  /* global, dom0: some domain crashed or shut down */
#define VIRQ_TBUF        4  /* global, dom0: trace buffers need draining */
#define VIRQ_DEBUGGER    6  /* global, dom0: a domain paused for a debugger */
#define VIRQ_XENOPROF    7  /* per vCPU: profiling sample ready */
#define VIRQ_CON_RING    8  /* global, dom0: console ring has new bytes */
#define VIRQ_PCPU_STATE  9  /* global, dom0: a physical CPU changed state */
#define VIRQ_MEM_EVENT  10  /* global, dom0: memory event */
#define VIRQ_ARGO       11  /* global: Argo message arrived */
#define VIRQ_ENOMEM     12  /* global, dom0: hypervisor heap running low */
#define VIRQ_XENPMU     13  /* per vCPU: performance counter interrupt */

#define VIRQ_ARCH_0     16  /* eight architecture-specific VIRQs */
#define VIRQ_ARCH_1     17
#define VIRQ_ARCH_2     18
#define VIRQ_ARCH_3     19
#define VIRQ_ARCH_4     20
#define VIRQ_ARCH_5     21
#define VIRQ_ARCH_6     22
#define VIRQ_ARCH_7     23

#define NR_VIRQS        24

/*
 * ------------------------------------------------------------------------
 * mmu_update: HYPERVISOR_mmu_update(reqs, count, done_out, foreigndom)
 *
 * A PV guest may not write its page tables directly (they are mapped read-only
 * to it); it asks the hypervisor, which validates every entry. Each request is
 * a (ptr, val) pair; the low two bits of ptr say what kind of request it is,
 * the rest is a machine address:
 *   MMU_NORMAL_PT_UPDATE       ptr = machine address of a PTE; write val there
 *                              after checking that the mapping is allowed.
 *   MMU_MACHPHYS_UPDATE        ptr = a machine address inside a frame; set that
 *                              frame's machine-to-phys entry to val (a PFN).
 *   MMU_PT_UPDATE_PRESERVE_AD  as NORMAL, but keep the Accessed/Dirty bits the
 *                              hardware has already set in the old entry.
 *   MMU_PT_UPDATE_NO_TRANSLATE as NORMAL, val is never translated.
 * foreigndom[15:0] names the domain that owns the frames being mapped (or
 * DOMID_SELF); foreigndom[31:16], if non-zero, is 1 + the domain that owns the
 * page tables.
 * ------------------------------------------------------------------------
 */
#define MMU_NORMAL_PT_UPDATE       0
#define MMU_MACHPHYS_UPDATE        1
#define MMU_PT_UPDATE_PRESERVE_AD  2
#define MMU_PT_UPDATE_NO_TRANSLATE 3

/*
 * ------------------------------------------------------------------------
 * mmuext_op: HYPERVISOR_mmuext_op(ops, count, done_out, foreigndom)
 *
 * Page-table operations other than writing an entry. Which argument each
 * command reads:
 *   PIN_L1..L4_TABLE, UNPIN_TABLE   arg1.mfn: validate the frame as a page
 *                                   table of that level (pin) or release it
 *   NEW_BASEPTR                     arg1.mfn: new (kernel) CR3
 *   NEW_USER_BASEPTR                arg1.mfn: page table used in guest user
 *                                   mode (64-bit guests run kernel and user in
 *                                   separate address spaces)
 *   TLB_FLUSH_LOCAL / _ALL          no arguments
 *   INVLPG_LOCAL / _ALL             arg1.linear_addr
 *   TLB_FLUSH_MULTI                 arg2.vcpumask: bitmap of vCPUs
 *   INVLPG_MULTI                    arg1.linear_addr, arg2.vcpumask
 *   FLUSH_CACHE, FLUSH_CACHE_GLOBAL no arguments (WBINVD here / everywhere)
 *   SET_LDT                         arg1.linear_addr (page aligned),
 *                                   arg2.nr_ents
 *   CLEAR_PAGE                      arg1.mfn
 *   COPY_PAGE                       arg1.mfn (destination), arg2.src_mfn
 *   MARK_SUPER / UNMARK_SUPER       arg1.mfn
 * Number 14 was never assigned.
 * ------------------------------------------------------------------------
 */
#define MMUEXT_PIN_L1_TABLE        0
#define MMUEXT_PIN_L2_TABLE        1
#define MMUEXT_PIN_L3_TABLE        2
#define MMUEXT_PIN_L4_TABLE        3
#define MMUEXT_UNPIN_TABLE         4
#define MMUEXT_NEW_BASEPTR         5
#define MMUEXT_TLB_FLUSH_LOCAL     6
#define MMUEXT_INVLPG_LOCAL        7
#define MMUEXT_TLB_FLUSH_MULTI     8
#define MMUEXT_INVLPG_MULTI        9
#define MMUEXT_TLB_FLUSH_ALL      10
#define MMUEXT_INVLPG_ALL         11
#define MMUEXT_FLUSH_CACHE        12
#define MMUEXT_SET_LDT            13
#define MMUEXT_NEW_USER_BASEPTR   15
#define MMUEXT_CLEAR_PAGE         16
#define MMUEXT_COPY_PAGE          17
#define MMUEXT_FLUSH_CACHE_GLOBAL 18
#define MMUEXT_MARK_SUPER         19
#define MMUEXT_UNMARK_SUPER       20

#ifndef __ASSEMBLY__
struct mmuext_op {
    unsigned int cmd;                   /* MMUEXT_* */
    union {
        xen_pfn_t mfn;                  /* pin/unpin, baseptrs, pages, super */
        unsigned long linear_addr;      /* INVLPG_*, SET_LDT */
    } arg1;
    union {
        unsigned int nr_ents;           /* SET_LDT */
        XEN_GUEST_HANDLE(const_void) vcpumask; /* *_MULTI */
        xen_pfn_t src_mfn;              /* COPY_PAGE */
    } arg2;
};
typedef struct mmuext_op mmuext_op_t;
DEFINE_XEN_GUEST_HANDLE(mmuext_op_t);
XEN_ABI_SIZE(struct mmuext_op, 24);
XEN_ABI_OFFSET(struct mmuext_op, arg1, 8);
XEN_ABI_OFFSET(struct mmuext_op, arg2, 16);
#endif

/*
 * Flags for update_va_mapping (its third argument). One flush type, optionally
 * ORed with a scope. For UVMF_MULTI the guest also ORs in the address of a vCPU
 * bitmap (it is aligned, so the low bits are free); UVMF_LOCAL is UVMF_MULTI
 * with no bitmap, i.e. only the calling vCPU.
 */
#define UVMF_NONE           (xen_mk_ulong(0) << 0) /* no flush */
#define UVMF_TLB_FLUSH      (xen_mk_ulong(1) << 0) /* flush whole TLB(s) */
#define UVMF_INVLPG         (xen_mk_ulong(2) << 0) /* flush that one address */
#define UVMF_FLUSHTYPE_MASK (xen_mk_ulong(3) << 0)
#define UVMF_MULTI          (xen_mk_ulong(0) << 2) /* vCPUs in a bitmap */
#define UVMF_LOCAL          (xen_mk_ulong(0) << 2) /* this vCPU only */
#define UVMF_ALL            (xen_mk_ulong(1) << 2) /* every vCPU of the guest */

/* console_io(cmd, count, buffer): the hypervisor's own console. */
#define CONSOLEIO_write     0
#define CONSOLEIO_read      1

/* vm_assist(cmd, type): turn on or off an optional hypervisor behaviour. */
#define VMASST_CMD_enable                0
#define VMASST_CMD_disable               1
#define VMASST_TYPE_4gb_segments         0   /* 32-bit guests only */
#define VMASST_TYPE_4gb_segments_notify  1   /* 32-bit guests only */
#define VMASST_TYPE_writable_pagetables  2   /* trap-and-emulate PTE writes */
#define VMASST_TYPE_pae_extended_cr3     3   /* 32-bit PAE guests only */
#define VMASST_TYPE_architectural_iopl   4
#define VMASST_TYPE_runstate_update_flag 5   /* see XEN_RUNSTATE_UPDATE */
#define VMASST_TYPE_m2p_strict           32

/*
 * Domain ids. Ordinary domains are 0 .. DOMID_FIRST_RESERVED-1; the values
 * from there on are names with a special meaning in hypercall arguments.
 */
#define DOMID_FIRST_RESERVED xen_mk_uint(0x7FF0)
#define DOMID_SELF           xen_mk_uint(0x7FF0) /* the calling domain */
#define DOMID_IO             xen_mk_uint(0x7FF1) /* owner of I/O memory */
#define DOMID_XEN            xen_mk_uint(0x7FF2) /* the hypervisor's pages */
#define DOMID_COW            xen_mk_uint(0x7FF3) /* shared copy-on-write pages */
#define DOMID_INVALID        xen_mk_uint(0x7FF4) /* owner unknown */
#define DOMID_IDLE           xen_mk_uint(0x7FFF) /* the idle domain */
#define DOMID_MASK           xen_mk_uint(0x7FFF) /* bits of a valid id */

/*
 * Flags in start_info.flags.
 */
#define SIF_PRIVILEGED      (1 << 0)  /* the domain is privileged */
#define SIF_INITDOMAIN      (1 << 1)  /* it is the initial domain (dom0) */
#define SIF_MULTIBOOT_MOD   (1 << 2)  /* mod_start is a list of modules */
#define SIF_MOD_START_PFN   (1 << 3)  /* mod_start is a PFN, not an address */
#define SIF_VIRT_P2M_4TOOLS (1 << 4)  /* tools read the linear p2m list */
#define SIF_PM_MASK         (0xFF << 8) /* reserved for power management */

/* Size of start_info.cmd_line, including the terminating NUL. */
#define MAX_GUEST_CMDLINE   1024

/* vcpu_time_info.flags */
#define XEN_PVCLOCK_TSC_STABLE_BIT (1 << 0) /* TSC is the same on all CPUs */
#define XEN_PVCLOCK_GUEST_STOPPED  (1 << 1) /* guest was paused meanwhile */

#ifndef __ASSEMBLY__

typedef uint16_t domid_t;

/* One request to HYPERVISOR_mmu_update (see MMU_* above). */
struct mmu_update {
    uint64_t ptr;       /* machine address, request type in bits 1:0 */
    uint64_t val;       /* new contents */
};
typedef struct mmu_update mmu_update_t;
DEFINE_XEN_GUEST_HANDLE(mmu_update_t);
XEN_ABI_SIZE(struct mmu_update, 16);
XEN_ABI_OFFSET(struct mmu_update, val, 8);

/*
 * One hypercall in a HYPERVISOR_multicall batch: the number, up to six
 * arguments, and a slot the hypervisor fills with that call's result.
 */
struct multicall_entry {
    xen_ulong_t op;
    xen_ulong_t result;
    xen_ulong_t args[6];
};
typedef struct multicall_entry multicall_entry_t;
DEFINE_XEN_GUEST_HANDLE(multicall_entry_t);
XEN_ABI_SIZE(struct multicall_entry, 64);
XEN_ABI_OFFSET(struct multicall_entry, result, 8);
XEN_ABI_OFFSET(struct multicall_entry, args, 16);

/*
 * Per-vCPU time, kept up to date by the hypervisor. The guest computes the
 * current system time (ns since boot) from the TSC:
 *
 *     delta = rdtsc() - tsc_timestamp;
 *     delta = tsc_shift >= 0 ? delta << tsc_shift : delta >> -tsc_shift;
 *     now   = system_time + ((delta * tsc_to_system_mul) >> 32);
 *
 * The hypervisor increments 'version' before and after each update, so it is
 * odd while an update is under way. A reader loops, like a seqlock reader: read
 * version (retry while odd), read the fields, read version again, retry if it
 * changed.
 */
struct vcpu_time_info {
    uint32_t version;
    uint32_t pad0;
    uint64_t tsc_timestamp;     /* TSC when the values below were taken */
    uint64_t system_time;       /* ns since boot at tsc_timestamp */
    uint32_t tsc_to_system_mul; /* TSC ticks -> ns, 32.32 fixed point */
    int8_t   tsc_shift;         /* applied to the TSC delta first */
    uint8_t  flags;             /* XEN_PVCLOCK_* */
    uint8_t  pad1[2];
};
typedef struct vcpu_time_info vcpu_time_info_t;
XEN_ABI_SIZE(struct vcpu_time_info, 32);
XEN_ABI_OFFSET(struct vcpu_time_info, tsc_timestamp, 8);
XEN_ABI_OFFSET(struct vcpu_time_info, system_time, 16);
XEN_ABI_OFFSET(struct vcpu_time_info, tsc_to_system_mul, 24);
XEN_ABI_OFFSET(struct vcpu_time_info, tsc_shift, 28);
XEN_ABI_OFFSET(struct vcpu_time_info, flags, 29);

/*
 * What one vCPU shares with the hypervisor: the event upcall flags, the
 * arch-specific part and the time values.
 *
 * evtchn_upcall_pending is set by the hypervisor when an event is waiting for
 * this vCPU; the guest clears it *before* scanning for work, so an event that
 * arrives during the scan is not lost. evtchn_upcall_mask is the guest's
 * virtual interrupt flag: while it is non-zero no upcall is delivered (it plays
 * the role of EFLAGS.IF for a kernel that cannot use cli/sti). Only the vCPU
 * itself and the hypervisor on that vCPU's behalf touch the mask, so no locked
 * instructions are needed. evtchn_pending_sel has one bit per word of
 * shared_info.evtchn_pending: bit i says "look in word i".
 */
struct vcpu_info {
    uint8_t evtchn_upcall_pending;
    uint8_t evtchn_upcall_mask;
    xen_ulong_t evtchn_pending_sel;
    struct arch_vcpu_info arch;
    struct vcpu_time_info time;
};
typedef struct vcpu_info vcpu_info_t;
XEN_ABI_SIZE(struct vcpu_info, 64);
XEN_ABI_OFFSET(struct vcpu_info, evtchn_upcall_mask, 1);
XEN_ABI_OFFSET(struct vcpu_info, evtchn_pending_sel, 8);
XEN_ABI_OFFSET(struct vcpu_info, arch, 16);
XEN_ABI_OFFSET(struct vcpu_info, time, 32);

/*
 * The shared-info page: one per domain, mapped by the guest at the machine
 * address start_info.shared_info. It fits in a page.
 *
 * vcpu_info[] holds the first XEN_LEGACY_MAX_VCPUS vCPUs (a guest may move its
 * vcpu_info elsewhere with VCPUOP_register_vcpu_info).
 *
 * evtchn_pending and evtchn_mask are the 2-level event-channel bitmaps: bit p
 * is port p. The hypervisor sets a pending bit; if the port is not masked and
 * the bit was clear, it also sets the word's bit in the target vCPU's
 * evtchn_pending_sel and then evtchn_upcall_pending. The guest clears pending
 * bits and owns the mask bits (a port that becomes pending while masked raises
 * no upcall; the guest must look for it after unmasking). 64 words of 64 bits
 * give 4096 ports.
 *
 * wc_* is the wall-clock time (seconds and ns since the Unix epoch) at system
 * time 0, versioned like vcpu_time_info. wc_sec_hi holds bits 63:32 of the
 * seconds.
 */
struct shared_info {
    struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
    xen_ulong_t evtchn_pending[sizeof(xen_ulong_t) * 8];
    xen_ulong_t evtchn_mask[sizeof(xen_ulong_t) * 8];
    uint32_t wc_version;
    uint32_t wc_sec;
    uint32_t wc_nsec;
    uint32_t wc_sec_hi;
#define xen_wc_sec_hi wc_sec_hi   /* the name portable guest code uses */
    struct arch_shared_info arch;
};
typedef struct shared_info shared_info_t;
XEN_ABI_OFFSET(struct shared_info, vcpu_info[1], 64);
XEN_ABI_OFFSET(struct shared_info, evtchn_pending, 2048);
XEN_ABI_OFFSET(struct shared_info, evtchn_mask, 2560);
XEN_ABI_OFFSET(struct shared_info, wc_version, 3072);
XEN_ABI_OFFSET(struct shared_info, wc_sec, 3076);
XEN_ABI_OFFSET(struct shared_info, wc_nsec, 3080);
XEN_ABI_OFFSET(struct shared_info, wc_sec_hi, 3084);
XEN_ABI_OFFSET(struct shared_info, arch, 3088);
XEN_ABI_SIZE(struct shared_info, 3136);

/*
 * start_info: what the domain builder tells a PV kernel at boot. Its virtual
 * address is in %rsi at the kernel's entry point.
 *
 * The initial virtual region, from the kernel's load address upwards, holds
 * (each part page aligned): the kernel image; the initial ramdisk, if any
 * [mod_start, mod_len]; the list of the domain's frames [mfn_list, nr_pages];
 * this structure; for a domU the xenstore and console ring pages; the bootstrap
 * page tables [pt_base, nr_pt_frames], mapped read-only; the bootstrap stack.
 * At least 512 KiB of mapped space follows. Pseudo-physical frame i is
 * mfn_list[i], and the initial region maps the first frames in order.
 *
 * magic is "xen-3.0-x86_64" (the version in it has not changed since 3.0).
 * The first block is filled in on every boot and resume; the second only on
 * the first boot.
 */
struct start_info {
    char magic[32];              /* "xen-3.0-x86_64", NUL-terminated */
    unsigned long nr_pages;      /* pages the domain owns */
    unsigned long shared_info;   /* machine address of the shared-info page */
    uint32_t flags;              /* SIF_* */
    xen_pfn_t store_mfn;         /* machine frame of the xenstore ring */
    uint32_t store_evtchn;       /* its event channel */
    union {
        struct {                 /* a domU: */
            xen_pfn_t mfn;       /*   machine frame of the console ring */
            uint32_t evtchn;     /*   its event channel */
        } domU;
        struct {                 /* dom0: */
            uint32_t info_off;   /*   offset of the console info (in this page) */
            uint32_t info_size;  /*   and its size */
        } dom0;
    } console;
    /* Only on the first boot: */
    unsigned long pt_base;       /* virtual address of the top page table */
    unsigned long nr_pt_frames;  /* frames of bootstrap page tables */
    unsigned long mfn_list;      /* virtual address of the frame list (p2m) */
    unsigned long mod_start;     /* virtual address (or PFN if SIF_MOD_START_PFN)
                                    of the initial ramdisk/module */
    unsigned long mod_len;       /* its size in bytes */
    int8_t cmd_line[MAX_GUEST_CMDLINE]; /* the guest's command line */
    unsigned long first_p2m_pfn; /* first PFN of the initial p2m table ... */
    unsigned long nr_p2m_frames; /* ... and how many frames it has */
};
typedef struct start_info start_info_t;
XEN_ABI_OFFSET(struct start_info, nr_pages, 32);
XEN_ABI_OFFSET(struct start_info, shared_info, 40);
XEN_ABI_OFFSET(struct start_info, flags, 48);
XEN_ABI_OFFSET(struct start_info, store_mfn, 56);
XEN_ABI_OFFSET(struct start_info, store_evtchn, 64);
XEN_ABI_OFFSET(struct start_info, console, 72);
XEN_ABI_OFFSET(struct start_info, console.domU.evtchn, 80);
XEN_ABI_OFFSET(struct start_info, console.dom0.info_size, 76);
XEN_ABI_OFFSET(struct start_info, pt_base, 88);
XEN_ABI_OFFSET(struct start_info, nr_pt_frames, 96);
XEN_ABI_OFFSET(struct start_info, mfn_list, 104);
XEN_ABI_OFFSET(struct start_info, mod_start, 112);
XEN_ABI_OFFSET(struct start_info, mod_len, 120);
XEN_ABI_OFFSET(struct start_info, cmd_line, 128);
XEN_ABI_OFFSET(struct start_info, first_p2m_pfn, 1152);
XEN_ABI_OFFSET(struct start_info, nr_p2m_frames, 1160);
XEN_ABI_SIZE(struct start_info, 1168);

/* The 16-byte handle that names a domain to the toolstack (XENVER_guest_handle). */
typedef uint8_t xen_domain_handle_t[16];

#endif /* !__ASSEMBLY__ */

#endif /* HESTIA_PUBLIC_XEN_H */
