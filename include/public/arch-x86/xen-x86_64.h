/*
 * include/public/arch-x86/xen-x86_64.h - the 64-bit x86 specifics of the guest
 * ABI: hypercall registers, the flat segment selectors the hypervisor provides,
 * the virtual-address split, set_segment_base, the iret hypercall frame, the
 * guest-visible register frame and the arch part of vcpu_info.
 *
 * Layout-identical to Xen's xen/include/public/arch-x86/xen-x86_64.h (Xen 4.17).
 * The text is Hestia's own. Normally reached through ../xen.h.
 *
 * Hypercalls. A 64-bit PV guest calls into the hypercall page the hypervisor
 * wrote for it (its address is the XEN_ELFNOTE_HYPERCALL_PAGE note):
 *
 *     call hypercall_page + __HYPERVISOR_<name> * 32
 *
 * Arguments go in %rdi, %rsi, %rdx, %r10, %r8 (then %r9); the result comes back
 * in %rax, a negative errno on failure. Each 32-byte stub saves %rcx and %r11
 * (which SYSCALL overwrites), puts the number in %eax, executes SYSCALL, and
 * restores them; only the argument registers a call uses may be clobbered.
 * HVM guests use VMCALL with the same numbers and registers.
 *
 * Rings. A 64-bit PV kernel runs in ring 3, like its applications; the
 * hypervisor keeps the two apart with separate page tables (see
 * MMUEXT_NEW_USER_BASEPTR) and tracks which one is running. That is why the
 * "kernel" selectors below are ring-3 selectors.
 */
#include "../xen.h"

#ifndef HESTIA_PUBLIC_ARCH_X86_XEN_X86_64_H
#define HESTIA_PUBLIC_ARCH_X86_XEN_X86_64_H

/*
 * Flat (base 0, no limit) segments in the hypervisor's part of every GDT: the
 * entries FIRST_RESERVED_GDT_ENTRY + 4, 5 and 6 (7172-7174), with RPL 3. A
 * guest can use them without installing a GDT of its own. The 64-bit data
 * selector is the null selector: in long mode DS/ES need no descriptor.
 * (Xen's header still calls them entries 260-262, their numbers in an older
 * GDT layout; the selector values are what count.)
 */
#define FLAT_RING3_CS32 0xe023  /* reserved entry + 4: 32-bit code, DPL 3 */
#define FLAT_RING3_CS64 0xe033  /* reserved entry + 6: 64-bit code, DPL 3 */
#define FLAT_RING3_DS32 0xe02b  /* reserved entry + 5: data, DPL 3 */
#define FLAT_RING3_DS64 0x0000  /* null selector */
#define FLAT_RING3_SS32 0xe02b  /* reserved entry + 5 */
#define FLAT_RING3_SS64 0xe02b  /* reserved entry + 5 */

#define FLAT_KERNEL_DS64 FLAT_RING3_DS64
#define FLAT_KERNEL_DS32 FLAT_RING3_DS32
#define FLAT_KERNEL_DS   FLAT_KERNEL_DS64
#define FLAT_KERNEL_CS64 FLAT_RING3_CS64
#define FLAT_KERNEL_CS32 FLAT_RING3_CS32
#define FLAT_KERNEL_CS   FLAT_KERNEL_CS64
#define FLAT_KERNEL_SS64 FLAT_RING3_SS64
#define FLAT_KERNEL_SS32 FLAT_RING3_SS32
#define FLAT_KERNEL_SS   FLAT_KERNEL_SS64

#define FLAT_USER_DS64   FLAT_RING3_DS64
#define FLAT_USER_DS32   FLAT_RING3_DS32
#define FLAT_USER_DS     FLAT_USER_DS64
#define FLAT_USER_CS64   FLAT_RING3_CS64
#define FLAT_USER_CS32   FLAT_RING3_CS32
#define FLAT_USER_CS     FLAT_USER_CS64
#define FLAT_USER_SS64   FLAT_RING3_SS64
#define FLAT_USER_SS32   FLAT_RING3_SS32
#define FLAT_USER_SS     FLAT_USER_SS64

/*
 * The hypervisor's hole in every guest address space: PML4 slots 256-271. Its
 * first 256 GiB hold the read-only machine-to-phys table (one 8-byte PFN per
 * machine frame), which every PV guest may read.
 */
#define __HYPERVISOR_VIRT_START 0xFFFF800000000000
#define __HYPERVISOR_VIRT_END   0xFFFF880000000000
#define __MACH2PHYS_VIRT_START  0xFFFF800000000000
#define __MACH2PHYS_VIRT_END    0xFFFF804000000000

#ifndef HYPERVISOR_VIRT_START
#define HYPERVISOR_VIRT_START   xen_mk_ulong(__HYPERVISOR_VIRT_START)
#define HYPERVISOR_VIRT_END     xen_mk_ulong(__HYPERVISOR_VIRT_END)
#endif
#define MACH2PHYS_VIRT_START    xen_mk_ulong(__MACH2PHYS_VIRT_START)
#define MACH2PHYS_VIRT_END      xen_mk_ulong(__MACH2PHYS_VIRT_END)
#define MACH2PHYS_NR_ENTRIES    ((MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START) >> 3)
#ifndef machine_to_phys_mapping
#define machine_to_phys_mapping ((unsigned long *)HYPERVISOR_VIRT_START)
#endif

/*
 * HYPERVISOR_set_segment_base(which, base): load a segment base the guest may
 * not write itself (it runs in ring 3, where WRMSR faults). Returns 0 or a
 * negative errno.
 */
#define SEGBASE_FS          0   /* FS base */
#define SEGBASE_GS_USER     1   /* GS base while in guest user mode */
#define SEGBASE_GS_KERNEL   2   /* GS base while in guest kernel mode */
#define SEGBASE_GS_USER_SEL 3   /* load user %gs with the selector in base[15:0] */

/*
 * HYPERVISOR_iret: return from an event or exception the hypervisor bounced to
 * the guest kernel (which, in ring 3, cannot use iretq to change mode). It
 * takes no arguments: when the hypercall is made the kernel stack holds a
 * struct iret_context, lowest field at %rsp. The guest pushes the part from
 * flags up (ss first) and jumps, not calls, to the iret stub of the hypercall
 * page, which pushes rcx, r11 and rax itself. It does not return; the saved
 * context is resumed.
 *
 * The saved CS says where to: a ring-3 CS returns to guest user mode, a ring
 * 0-2 CS to guest kernel mode (the RPL is raised to 3). If flags has
 * VGCF_in_syscall, the frame came from a SYSCALL: only RAX, RIP, RFLAGS and RSP
 * are restored (R11, RCX, CS and SS are not), so the return can use SYSRET.
 * Otherwise RAX, R11, RCX, CS:RIP, RFLAGS and SS:RSP are all restored. The
 * other registers are those at the time of the hypercall.
 */
#define _VGCF_in_syscall 8
#define VGCF_in_syscall  (1 << _VGCF_in_syscall)
#define VGCF_IN_SYSCALL  VGCF_in_syscall

#ifndef __ASSEMBLY__

struct iret_context {
    uint64_t rax, r11, rcx, flags, rip, cs, rflags, rsp, ss;
};
XEN_ABI_OFFSET(struct iret_context, r11, 8);
XEN_ABI_OFFSET(struct iret_context, rcx, 16);
XEN_ABI_OFFSET(struct iret_context, flags, 24);
XEN_ABI_OFFSET(struct iret_context, rip, 32);
XEN_ABI_OFFSET(struct iret_context, cs, 40);
XEN_ABI_OFFSET(struct iret_context, rflags, 48);
XEN_ABI_OFFSET(struct iret_context, rsp, 56);
XEN_ABI_OFFSET(struct iret_context, ss, 64);
XEN_ABI_SIZE(struct iret_context, 72);

/*
 * The guest's registers, as the hypervisor saves them on entry and as a
 * vcpu_guest_context carries them. Xen's header gives each slot a union of all
 * its names (rax/eax/ax/al); Hestia uses the 64-bit names only, which leaves
 * the layout unchanged. error_code and entry_vector are the hypervisor's own
 * bookkeeping. saved_upcall_mask is the guest's event mask at the time of the
 * save; the guest's virtual RFLAGS.IF is its inverse.
 */
struct cpu_user_regs {
    uint64_t r15;
    uint64_t r14;
    uint64_t r13;
    uint64_t r12;
    uint64_t rbp;
    uint64_t rbx;
    uint64_t r11;
    uint64_t r10;
    uint64_t r9;
    uint64_t r8;
    uint64_t rax;
    uint64_t rcx;
    uint64_t rdx;
    uint64_t rsi;
    uint64_t rdi;
    uint32_t error_code;        /* private to the hypervisor */
    uint32_t entry_vector;      /* private to the hypervisor */
    uint64_t rip;
    uint16_t cs, _pad0[1];
    uint8_t  saved_upcall_mask;
    uint8_t  _pad1[3];
    uint64_t rflags;
    uint64_t rsp;
    uint16_t ss, _pad2[3];
    uint16_t es, _pad3[3];
    uint16_t ds, _pad4[3];
    uint16_t fs, _pad5[3];
    uint16_t gs, _pad6[3];
};
typedef struct cpu_user_regs cpu_user_regs_t;
DEFINE_XEN_GUEST_HANDLE(cpu_user_regs_t);
XEN_ABI_OFFSET(struct cpu_user_regs, rbp, 32);
XEN_ABI_OFFSET(struct cpu_user_regs, rax, 80);
XEN_ABI_OFFSET(struct cpu_user_regs, rdi, 112);
XEN_ABI_OFFSET(struct cpu_user_regs, error_code, 120);
XEN_ABI_OFFSET(struct cpu_user_regs, entry_vector, 124);
XEN_ABI_OFFSET(struct cpu_user_regs, rip, 128);
XEN_ABI_OFFSET(struct cpu_user_regs, cs, 136);
XEN_ABI_OFFSET(struct cpu_user_regs, saved_upcall_mask, 140);
XEN_ABI_OFFSET(struct cpu_user_regs, rflags, 144);
XEN_ABI_OFFSET(struct cpu_user_regs, rsp, 152);
XEN_ABI_OFFSET(struct cpu_user_regs, ss, 160);
XEN_ABI_OFFSET(struct cpu_user_regs, es, 168);
XEN_ABI_OFFSET(struct cpu_user_regs, ds, 176);
XEN_ABI_OFFSET(struct cpu_user_regs, fs, 184);
XEN_ABI_OFFSET(struct cpu_user_regs, gs, 192);
XEN_ABI_SIZE(struct cpu_user_regs, 200);

/* CR3 <-> frame number, for p2m_cr3 and the vCPU context's ctrlreg[3]. */
#define xen_pfn_to_cr3(pfn) ((unsigned long)(pfn) << 12)
#define xen_cr3_to_pfn(cr3) ((unsigned long)(cr3) >> 12)

/* The x86-64 part of vcpu_info: the guest's virtual CR2 (set on a page fault). */
struct arch_vcpu_info {
    unsigned long cr2;
    unsigned long pad;          /* keeps sizeof(struct vcpu_info) at 64 */
};
typedef struct arch_vcpu_info arch_vcpu_info_t;
XEN_ABI_SIZE(struct arch_vcpu_info, 16);

/* A callback address (callback.h): on x86-64 just the virtual address. */
typedef unsigned long xen_callback_t;

#endif /* !__ASSEMBLY__ */

#endif /* HESTIA_PUBLIC_ARCH_X86_XEN_X86_64_H */
