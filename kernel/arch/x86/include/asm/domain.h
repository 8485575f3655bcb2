/*
 * asm/domain.h - the x86 part of a PV domain and vcpu (Xen's arch_domain/arch_vcpu,
 * pv_domain/pv_vcpu merged, since Hestia's x86 guests are all PV for now).
 */
#ifndef ASM_DOMAIN_H
#define ASM_DOMAIN_H

#include <hestia/domain.h>
#include <asm/config.h>
#include <asm/regs.h>
#include <public/xen.h>

/* How the hypervisor enters a guest handler (Xen's struct trap_bounce flags). */
#define TBF_EXCEPTION          1   /* deliver an exception */
#define TBF_EXCEPTION_ERRCODE  2   /* ... with an error code */
#define TBF_INTERRUPT          8   /* mask events (upcall mask) on entry */

struct trap_bounce {
    uint32_t error_code;
    uint8_t flags;                 /* TBF_* */
    uint64_t eip;                  /* handler address in the guest */
};

struct fpu_area;

struct arch_domain {
    unsigned long shared_info_mfn;     /* the frame of d->shared_info */
    unsigned long start_info_mfn;      /* PV: the builder's start_info, console */
    unsigned long console_mfn;         /*     ring and store page (pv_layout.h) */
    unsigned long store_mfn;
};

struct arch_vcpu {
    /* The guest's registers while it is not running. */
    struct cpu_user_regs user_regs;

    /* Guest kernel vs guest user mode: both ring 3, told apart by us. */
    bool kernel_mode;
    unsigned long guest_table;         /* kernel L4 mfn (0: none) */
    unsigned long guest_table_user;    /* user L4 mfn (0: none) */

    /* The virtual IDT from set_trap_table: 256 handlers. */
    struct trap_info trap_ctxt[256];
    /* Callbacks from callback_op / set_callbacks. */
    unsigned long event_callback_eip;
    unsigned long failsafe_callback_eip;
    unsigned long syscall_callback_eip;
    bool syscall_disables_events;
    /* stack_switch: the kernel stack to use when entering kernel mode from user. */
    unsigned long kernel_ss, kernel_sp;
    /* set_segment_base */
    unsigned long fs_base, gs_base_kernel, gs_base_user;
    /* fpu_taskswitch: the guest's virtual CR0.TS */
    bool fpu_ts;
    /* A trap waiting to be bounced to the guest on the exit path. */
    struct trap_bounce trap_bounce;
    /* Nested-fault detection: we are already bouncing a fault. */
    bool in_bounce;
    /* set_gdt: the guest's own descriptors (copied, after checking, into our GDT). */
    unsigned long gdt_frames[FIRST_RESERVED_GDT_PAGE];
    unsigned int gdt_ents;
    /* FPU/SSE registers while not running (FXSAVE image). */
    struct fpu_area *fpu;
};

/* Switch between guest kernel and guest user mode (page tables, GS base). */
void toggle_guest_mode(struct vcpu *v);
/* Load the vcpu's current page table base into CR3. */
void write_ptbase(struct vcpu *v);

#endif /* ASM_DOMAIN_H */
