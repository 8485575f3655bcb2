/*
 * include/public/arch-x86/xen.h - the x86 part of the guest ABI: guest handles,
 * xen_pfn_t and xen_ulong_t, the virtual IDT entry (trap_info), the reserved
 * GDT entries, the vCPU context used to start a vCPU, and the arch part of the
 * shared-info page.
 *
 * Layout-identical to Xen's xen/include/public/arch-x86/xen.h (Xen 4.17) for a
 * 64-bit guest; the 32-bit variants are left out, since Hestia runs 64-bit PV
 * guests only. The text is Hestia's own. Normally reached through ../xen.h;
 * including this file first works too.
 *
 * Not carried over: the toolstack-only parts (domain configuration, CPUID and
 * MSR policy entries) and the forced-emulation prefix (Hestia does not emulate
 * Xen's "ud2; .ascii \"xen\"" CPUID trick).
 */
#include "../xen.h"

#ifndef HESTIA_PUBLIC_ARCH_X86_XEN_H
#define HESTIA_PUBLIC_ARCH_X86_XEN_H

#if !defined(__x86_64__) && !defined(__ASSEMBLY__)
#error "Hestia's public headers describe the 64-bit x86 ABI only"
#endif

/*
 * Guest handles: how a structure in guest memory names another piece of guest
 * memory. On 64-bit x86 a handle is just the guest's virtual address, eight
 * bytes. It is wrapped in a one-member struct so that hypervisor code cannot
 * dereference it by accident: guest memory must only be reached through the
 * copy-to/from-guest helpers, which survive a bad address. (Xen does the same;
 * the layout is that of a plain pointer.)
 *
 *   DEFINE_XEN_GUEST_HANDLE(foo_t);      declares handles to foo_t and const foo_t
 *   XEN_GUEST_HANDLE(foo_t) h;           a handle field (XEN_GUEST_HANDLE(const_foo_t)
 *                                        for the const one)
 *   set_xen_guest_handle(h, ptr);        guest side: point it at ptr
 *
 * XEN_GUEST_HANDLE_PARAM is the same type, used for hypercall arguments (on
 * other architectures the two differ).
 */
#define ___DEFINE_XEN_GUEST_HANDLE(name, type) \
    typedef struct { type *p; } __guest_handle_ ## name
#define __DEFINE_XEN_GUEST_HANDLE(name, type)   \
    ___DEFINE_XEN_GUEST_HANDLE(name, type);     \
    ___DEFINE_XEN_GUEST_HANDLE(const_ ## name, const type)
#define DEFINE_XEN_GUEST_HANDLE(name)   __DEFINE_XEN_GUEST_HANDLE(name, name)
#define __XEN_GUEST_HANDLE(name)        __guest_handle_ ## name
#define XEN_GUEST_HANDLE(name)          __XEN_GUEST_HANDLE(name)
#define XEN_GUEST_HANDLE_PARAM(name)    XEN_GUEST_HANDLE(name)
#define set_xen_guest_handle_raw(hnd, val) do { (hnd).p = (val); } while (0)
#define set_xen_guest_handle(hnd, val)  set_xen_guest_handle_raw(hnd, val)

#ifndef __ASSEMBLY__
/* A (pseudo-physical or machine) frame number. */
typedef unsigned long xen_pfn_t;
#define PRI_xen_pfn  "lx"
#define PRIu_xen_pfn "lu"

/* An unsigned machine word: what the event bitmaps and multicalls are made of. */
typedef unsigned long xen_ulong_t;
#define PRI_xen_ulong "lx"
#endif

/* Selectors, virtual-address layout, iret frame, cpu_user_regs, ... */
#include "xen-x86_64.h"

/* x86 guests get the PV entry (start_info) and the per-vCPU upcall mask. */
#define XEN_HAVE_PV_GUEST_ENTRY 1
#define XEN_HAVE_PV_UPCALL_MASK 1

/*
 * HYPERVISOR_set_gdt(frames, entries): the guest's GDT, as up to 16 machine
 * frames mapped read-only. The hypervisor keeps its own descriptors (including
 * the FLAT_* selectors of xen-x86_64.h) at the far end of every GDT, from page
 * 14 on, out of the way of the low selectors operating systems hard-code. A
 * guest GDT therefore has at most FIRST_RESERVED_GDT_ENTRY entries.
 */
#define FIRST_RESERVED_GDT_PAGE  14
#define FIRST_RESERVED_GDT_BYTE  (FIRST_RESERVED_GDT_PAGE * 4096)
#define FIRST_RESERVED_GDT_ENTRY (FIRST_RESERVED_GDT_BYTE / 8)

/* vCPUs whose vcpu_info lives in the shared-info page. */
#define XEN_LEGACY_MAX_VCPUS 32

/*
 * HYPERVISOR_set_trap_table(traps): the virtual IDT. An array of trap_info,
 * ended by an entry whose address is 0. flags bits 1:0 are the DPL (the least
 * privileged ring that may raise the vector with INT n); bit 2 set means "mask
 * events while the handler runs", like an interrupt gate clearing IF.
 */
#define TI_GET_DPL(_ti)       ((_ti)->flags & 3)
#define TI_GET_IF(_ti)        ((_ti)->flags & 4)
#define TI_SET_DPL(_ti, _dpl) ((_ti)->flags |= (_dpl))
#define TI_SET_IF(_ti, _if)   ((_ti)->flags |= ((!!(_if)) << 2))

/* vcpu_guest_context.flags */
#define _VGCF_i387_valid               0
#define VGCF_i387_valid                (1 << _VGCF_i387_valid)
#define VGCF_I387_VALID                VGCF_i387_valid
#define _VGCF_in_kernel                2
#define VGCF_in_kernel                 (1 << _VGCF_in_kernel)
#define VGCF_IN_KERNEL                 VGCF_in_kernel
#define _VGCF_failsafe_disables_events 3
#define VGCF_failsafe_disables_events  (1 << _VGCF_failsafe_disables_events)
#define _VGCF_syscall_disables_events  4
#define VGCF_syscall_disables_events   (1 << _VGCF_syscall_disables_events)
#define _VGCF_online                   5
#define VGCF_online                    (1 << _VGCF_online)

#ifndef __ASSEMBLY__

struct trap_info {
    uint8_t vector;          /* exception or interrupt vector */
    uint8_t flags;           /* DPL in bits 1:0, mask-events in bit 2 */
    uint16_t cs;             /* code selector of the handler */
    unsigned long address;   /* handler's address */
};
typedef struct trap_info trap_info_t;
DEFINE_XEN_GUEST_HANDLE(trap_info_t);
XEN_ABI_SIZE(struct trap_info, 16);
XEN_ABI_OFFSET(struct trap_info, flags, 1);
XEN_ABI_OFFSET(struct trap_info, cs, 2);
XEN_ABI_OFFSET(struct trap_info, address, 8);

typedef uint64_t tsc_timestamp_t;    /* a value read with RDTSC */

/*
 * The full state of a PV vCPU, as given to VCPUOP_initialise to start a
 * secondary vCPU (and as the toolstack saves and restores it). The FPU area
 * comes first so that it is 16-byte aligned for FXSAVE/FXRSTOR.
 */
struct vcpu_guest_context {
    struct { char x[512]; } fpu_ctxt;       /* FXSAVE image */
    unsigned long flags;                    /* VGCF_* */
    struct cpu_user_regs user_regs;         /* general registers */
    struct trap_info trap_ctxt[256];        /* virtual IDT */
    unsigned long ldt_base, ldt_ents;       /* LDT: linear address, entries */
    unsigned long gdt_frames[16], gdt_ents; /* GDT: machine frames, entries */
    unsigned long kernel_ss, kernel_sp;     /* stack for entering the kernel */
    unsigned long ctrlreg[8];               /* CR0-CR7; CR1 = user page table */
    unsigned long debugreg[8];              /* DR0-DR7 */
    unsigned long event_callback_eip;       /* CALLBACKTYPE_event */
    unsigned long failsafe_callback_eip;    /* CALLBACKTYPE_failsafe */
    unsigned long syscall_callback_eip;     /* CALLBACKTYPE_syscall */
    unsigned long vm_assist;                /* bitmap of VMASST_TYPE_* */
    uint64_t fs_base;                       /* segment bases */
    uint64_t gs_base_kernel;
    uint64_t gs_base_user;
};
typedef struct vcpu_guest_context vcpu_guest_context_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_guest_context_t);
XEN_ABI_OFFSET(struct vcpu_guest_context, flags, 512);
XEN_ABI_OFFSET(struct vcpu_guest_context, user_regs, 520);
XEN_ABI_OFFSET(struct vcpu_guest_context, trap_ctxt, 720);
XEN_ABI_OFFSET(struct vcpu_guest_context, ldt_base, 4816);
XEN_ABI_OFFSET(struct vcpu_guest_context, gdt_frames, 4832);
XEN_ABI_OFFSET(struct vcpu_guest_context, kernel_ss, 4968);
XEN_ABI_OFFSET(struct vcpu_guest_context, ctrlreg, 4984);
XEN_ABI_OFFSET(struct vcpu_guest_context, debugreg, 5048);
XEN_ABI_OFFSET(struct vcpu_guest_context, event_callback_eip, 5112);
XEN_ABI_OFFSET(struct vcpu_guest_context, vm_assist, 5136);
XEN_ABI_OFFSET(struct vcpu_guest_context, fs_base, 5144);
XEN_ABI_SIZE(struct vcpu_guest_context, 5168);

/*
 * The x86 part of the shared-info page: where other software (dom0's tools,
 * when saving or migrating the guest) finds the guest's p2m table.
 *
 * max_pfn counts the valid p2m entries. pfn_to_mfn_frame_list_list is the
 * frame at the top of a three-level tree of frame lists leading to the p2m
 * (0: not set up yet; ~0: unusable, use the linear list instead). The linear
 * list, if p2m_cr3 is non-zero, is mapped at p2m_vaddr in the address space
 * whose CR3 is p2m_cr3; p2m_generation is incremented by the guest before and
 * after each change to that mapping (odd: change in progress). nmi_reason
 * tells an NMI handler why the NMI came.
 */
struct arch_shared_info {
    unsigned long max_pfn;
    xen_pfn_t pfn_to_mfn_frame_list_list;
    unsigned long nmi_reason;
    unsigned long p2m_cr3;
    unsigned long p2m_vaddr;
    unsigned long p2m_generation;
};
typedef struct arch_shared_info arch_shared_info_t;
XEN_ABI_OFFSET(struct arch_shared_info, pfn_to_mfn_frame_list_list, 8);
XEN_ABI_OFFSET(struct arch_shared_info, nmi_reason, 16);
XEN_ABI_OFFSET(struct arch_shared_info, p2m_cr3, 24);
XEN_ABI_OFFSET(struct arch_shared_info, p2m_vaddr, 32);
XEN_ABI_OFFSET(struct arch_shared_info, p2m_generation, 40);
XEN_ABI_SIZE(struct arch_shared_info, 48);

#endif /* !__ASSEMBLY__ */

#endif /* HESTIA_PUBLIC_ARCH_X86_XEN_H */
