/*
 * domain.c - x86 domains and vcpus: their state, and switching between them.
 *
 * A pCPU runs one vcpu at a time. Its registers live in the frame at the top of the
 * pCPU's stack (asm/current.h) while it runs, and in v->arch->user_regs while it
 * does not. context_switch() moves them between the two, loads the next vcpu's page
 * tables, segment bases and FPU state, then abandons the current C call chain:
 * "reset the stack and jump" to the exit path of the next vcpu (return_to_guest) or
 * to the idle loop. This is how Xen does it, and why schedule() does not return
 * when it switches.
 */
#include <hestia/arch.h>
#include <hestia/errno.h>
#include <hestia/lib.h>
#include <hestia/mm.h>
#include <hestia/printk.h>
#include <hestia/pv_pagetable.h>
#include <hestia/sched.h>
#include <hestia/softirq.h>
#include <hestia/xmalloc.h>

#include <asm/current.h>
#include <asm/desc.h>
#include <asm/domain.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/x86.h>

extern uint64_t boot_l4[512];

/* The FPU/SSE state of each vcpu (FXSAVE image, 512 bytes, 16-byte aligned). */
struct fpu_area {
    uint8_t fxsave[512];
} __aligned(16);

int arch_domain_create(struct domain *d)
{
    d->arch = xzalloc(struct arch_domain);
    return d->arch ? 0 : -ENOMEM;
}

void arch_domain_destroy(struct domain *d)
{
    xfree(d->arch);
    d->arch = NULL;
}

int arch_vcpu_create(struct vcpu *v)
{
    v->arch = xzalloc(struct arch_vcpu);
    if (!v->arch)
        return -ENOMEM;
    v->arch->kernel_mode = true;
    v->arch->fpu = xzalloc(struct fpu_area);
    if (!v->arch->fpu) {
        xfree(v->arch);
        return -ENOMEM;
    }
    /* A clean FPU: FXSAVE of the reset state has MXCSR = 0x1f80 (all masked). */
    *(uint32_t *)&v->arch->fpu->fxsave[24] = 0x1f80;
    *(uint16_t *)&v->arch->fpu->fxsave[0] = 0x037f;   /* FCW */
    return 0;
}

void arch_vcpu_destroy(struct vcpu *v)
{
    xfree(v->arch->fpu);
    xfree(v->arch);
    v->arch = NULL;
}

/* Drop the type references a vcpu's base pointers and pinned tables hold. */
void arch_domain_relinquish_memory(struct domain *d)
{
    struct vcpu *v;
    struct page_info *pg;

    for_each_vcpu(d, v) {
        if (v->arch->guest_table)
            put_page_and_type(mfn_to_page(v->arch->guest_table));
        if (v->arch->guest_table_user)
            put_page_and_type(mfn_to_page(v->arch->guest_table_user));
        v->arch->guest_table = v->arch->guest_table_user = 0;
    }
    list_for_each_entry(pg, &d->page_list, list)
        if (pg->u.inuse.type_info & PGT_pinned)
            pv_unpin_table(d, page_to_mfn(pg));
}

void arch_init_guest_l4_slots(uint64_t *l4)
{
    for (unsigned int i = 256; i < 272; i++)
        l4[i] = boot_l4[i];
}

void *map_domain_page(unsigned long mfn)
{
    return maddr_to_virt((paddr_t)mfn << PAGE_SHIFT);
}

void unmap_domain_page(const void *va)
{
    (void)va;               /* everything is in the direct map on x86-64 */
}

void write_ptbase(struct vcpu *v)
{
    unsigned long mfn = v->arch->kernel_mode ? v->arch->guest_table
                                             : v->arch->guest_table_user;
    write_cr3((paddr_t)mfn << PAGE_SHIFT);
}

/*
 * A 64-bit PV kernel and its applications both run in ring 3; the hypervisor tells
 * them apart and gives each its own page tables and GS base (Xen's
 * toggle_guest_mode). Called on SYSCALL from user mode, on a trap from user mode,
 * and on an iret hypercall that returns to user mode.
 */
void toggle_guest_mode(struct vcpu *v)
{
    v->arch->kernel_mode = !v->arch->kernel_mode;
    wrmsr(MSR_GS_BASE, v->arch->kernel_mode ? v->arch->gs_base_kernel
                                            : v->arch->gs_base_user);
    write_ptbase(v);
}

static void save_guest_state(struct vcpu *v)
{
    v->arch->user_regs = *guest_cpu_user_regs();
    asm volatile("clts; fxsave64 (%0)" :: "r"(v->arch->fpu->fxsave) : "memory");
}

static void load_guest_state(struct vcpu *v)
{
    memcpy(guest_cpu_user_regs(), &v->arch->user_regs, UREGS_kernel_sizeof);
    asm volatile("clts; fxrstor64 (%0)" :: "r"(v->arch->fpu->fxsave) : "memory");
    if (v->arch->fpu_ts)
        asm volatile("mov %%cr0, %%rax; or $8, %%rax; mov %%rax, %%cr0" ::: "rax");
    wrmsr(MSR_FS_BASE, v->arch->fs_base);
    wrmsr(MSR_GS_BASE, v->arch->kernel_mode ? v->arch->gs_base_kernel
                                            : v->arch->gs_base_user);
    write_ptbase(v);
    pv_update_vcpu_time(v);
}

void context_switch(struct vcpu *prev, struct vcpu *next)
{
    if (!is_idle_vcpu(prev)) {
        save_guest_state(prev);
        sched_context_saved(prev);      /* from here on another pCPU may run prev */
    }
    if (is_idle_vcpu(next)) {
        /* The idle vcpu runs on the hypervisor's own page tables. */
        load_guest_gdt(NULL);
        write_cr3(virt_to_maddr(boot_l4));
        reset_stack_and_jump(idle_loop);
    }
    load_guest_gdt(next);
    load_guest_state(next);
    reset_stack_and_jump(return_to_guest);
}

bool vcpu_has_pending_events(const struct vcpu *v)
{
    const struct vcpu_info *vi = vcpu_info(v);
    return vi->evtchn_upcall_pending && !vi->evtchn_upcall_mask;
}

/*
 * The idle loop: run pending softirqs (the scheduler among them), otherwise sleep
 * until an interrupt. Each pCPU ends up here when it has nothing to run.
 */
void idle_loop(void)
{
    for (;;) {
        local_irq_disable();
        if (softirq_pending(smp_processor_id())) {
            local_irq_enable();
            do_softirq();
            continue;
        }
        arch_wait_for_interrupt();
    }
}

void arch_start_scheduling(void)
{
    raise_softirq(SCHEDULE_SOFTIRQ);
    reset_stack_and_jump(idle_loop);
}
