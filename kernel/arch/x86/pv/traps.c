/*
 * pv/traps.c - delivering exceptions and events to a PV guest, and coming back.
 *
 * A PV guest kernel cannot own the IDT: it runs in ring 3. Instead it registers a
 * virtual IDT (set_trap_table) and callbacks (callback_op). When something happens
 * that the guest must handle - an exception in guest code, or a pending event
 * (upcall) - the hypervisor "bounces" it: it builds on the guest kernel's stack the
 * frame the guest's handler expects and resumes the guest at the handler. Xen's
 * 64-bit frame, lowest address first (the guest's new %rsp points at RCX):
 *
 *     RCX, R11, [error code], RIP, CS | saved_upcall_mask << 32, RFLAGS, RSP, SS
 *
 * RFLAGS.IF in the frame is the inverse of the event mask the guest had; CS has RPL
 * 0 if the interrupted code was the guest kernel ("kernel context"), RPL 3 if it was
 * guest user code. The handler pops RCX and R11 and returns with the iret hypercall
 * (HYPERVISOR_iret), which reads back an iret_context from the same stack.
 *
 * If the frame cannot be written (bad guest stack) or there is no handler, the
 * domain is crashed, with a log line naming the domain, vector and RIP; the rest of
 * the system goes on.
 */
#include <hestia/errno.h>
#include <hestia/guest_access.h>
#include <hestia/lib.h>
#include <hestia/printk.h>
#include <hestia/sched.h>
#include <hestia/softirq.h>
#include <hestia/trace.h>

#include <asm/current.h>
#include <asm/domain.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/x86.h>

#include <public/callback.h>

#define X86_EFLAGS_TF   0x00000100UL
#define X86_EFLAGS_IF   0x00000200UL
#define X86_EFLAGS_IOPL 0x00003000UL
#define X86_EFLAGS_NT   0x00004000UL
#define X86_EFLAGS_RF   0x00010000UL
#define X86_EFLAGS_VM   0x00020000UL
#define X86_EFLAGS_AC   0x00040000UL

static const char *const vector_names[32] = {
    "#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "#09", "#TS",
    "#NP", "#SS", "#GP", "#PF", "#15", "#MF", "#AC", "#MC", "#XM", "#VE", "#CP",
    "#22", "#23", "#24", "#25", "#26", "#27", "#HV", "#VC", "#SX", "#31",
};

/* Kill the current domain because of something its vcpu did at regs->rip. */
static void crash_current(const struct cpu_user_regs *regs, const char *what,
                          unsigned int vector)
{
    char why[128];
    snprintf(why, sizeof(why), "%s (vector %u %s) at RIP %016llx, error code %x",
             what, vector, vector < 32 ? vector_names[vector] : "", (unsigned long long)regs->rip,
             regs->error_code);
    domain_crash(current->domain, why);
}

/* Write the bounce frame for tb on the guest kernel stack; false if we could not. */
static bool create_bounce_frame(struct vcpu *v, struct cpu_user_regs *regs,
                                const struct trap_bounce *tb)
{
    struct vcpu_info *vi = vcpu_info(v);
    uint64_t frame[8], *f = frame + 8;
    unsigned long sp, cs = regs->cs;
    uint8_t saved_mask = vi->evtchn_upcall_mask;

    if (!v->arch->kernel_mode) {
        toggle_guest_mode(v);           /* from user: onto the registered kernel stack */
        sp = v->arch->kernel_sp;
    } else {
        sp = regs->rsp;
        cs &= ~3UL;                     /* tell the guest: interrupted kernel context */
    }
    sp &= ~0xfUL;                       /* 16-byte aligned frames */

    *--f = regs->ss;
    *--f = regs->rsp;
    *--f = (regs->rflags & ~X86_EFLAGS_IF) | (saved_mask ? 0 : X86_EFLAGS_IF);
    *--f = cs | ((uint64_t)saved_mask << 32);
    *--f = regs->rip;
    if (tb->flags & TBF_EXCEPTION_ERRCODE)
        *--f = tb->error_code;
    *--f = regs->r11;
    *--f = regs->rcx;

    size_t len = (size_t)((frame + 8) - f) * sizeof(uint64_t);
    sp -= len;
    if (copy_to_guest(sp, f, len) != 0)
        return false;

    if (tb->flags & TBF_INTERRUPT)
        vi->evtchn_upcall_mask = 1;
    regs->entry_vector &= ~0xffffU;     /* no longer an exception frame */
    regs->rflags &= ~(X86_EFLAGS_AC | X86_EFLAGS_VM | X86_EFLAGS_RF | X86_EFLAGS_NT |
                      X86_EFLAGS_TF);
    regs->ss = FLAT_KERNEL_SS;
    regs->rsp = sp;
    regs->cs = FLAT_KERNEL_CS;
    regs->rip = tb->eip;
    return true;
}

/* Queue exception `vector` for the current vcpu; it is bounced on the exit path. */
void pv_inject_exception(struct cpu_user_regs *regs, unsigned int vector,
                         int error_code)
{
    struct vcpu *v = current;
    const struct trap_info *ti = &v->arch->trap_ctxt[vector];
    struct trap_bounce *tb = &v->arch->trap_bounce;

    if (ti->address == 0) {
        crash_current(regs, "unhandled exception", vector);
        return;
    }
    tb->flags = TBF_EXCEPTION;
    if (error_code >= 0) {
        tb->flags |= TBF_EXCEPTION_ERRCODE;
        tb->error_code = (uint32_t)error_code;
    }
    if (TI_GET_IF(ti))
        tb->flags |= TBF_INTERRUPT;
    tb->eip = ti->address;
}

/* Does this exception push an error code? */
static bool has_error_code(unsigned int v)
{
    return v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21 || v == 29 || v == 30;
}

/*
 * A software interrupt (`int $n`) from the guest to a vector whose gate is not DPL 3
 * in our IDT arrives as #GP with error code (n << 3) | 2. If the guest's own trap
 * table allows ring 3 to use that vector, deliver it as the guest expects, as Xen
 * does; the saved RIP must then point past the 2-byte instruction.
 */
static bool guest_soft_interrupt(struct cpu_user_regs *regs)
{
    if ((regs->error_code & 7) != 2)
        return false;
    unsigned int n = regs->error_code >> 3;
    if (n >= 256)
        return false;
    const struct trap_info *ti = &current->arch->trap_ctxt[n];
    if (ti->address == 0 || TI_GET_DPL(ti) < 3)
        return false;
    regs->rip += 2;
    pv_inject_exception(regs, n, -1);
    return true;
}

/* An exception while a guest ran: emulate, bounce, or crash the guest. */
void do_guest_trap(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;
    unsigned int vector = regs->entry_vector & 0xff;

    if (v->arch->in_bounce) {
        crash_current(regs, "fault while delivering a fault", vector);
        return;
    }
    switch (vector) {
    case 6:                             /* #UD: maybe Xen's forced-emulation prefix */
        if (pv_emulate_forced_cpuid(regs))
            return;
        break;
    case 7:                             /* #NM: the guest set TS with fpu_taskswitch */
        if (v->arch->fpu_ts) {
            v->arch->fpu_ts = false;
            asm volatile("clts");
        }
        break;
    case 13:
        if (guest_soft_interrupt(regs))
            return;
        break;
    case 14:
        vcpu_info(v)->arch.cr2 = read_cr2();
        break;
    }
    pv_inject_exception(regs, vector, has_error_code(vector) ? (int)regs->error_code : -1);
}

/* Deliver a pending event upcall to the guest's event callback. */
static void deliver_upcall(struct vcpu *v, struct cpu_user_regs *regs)
{
    struct trap_bounce tb = { .flags = TBF_INTERRUPT, .eip = v->arch->event_callback_eip };

    if (tb.eip == 0)
        return;                         /* no callback yet: the event stays pending */
    uint32_t w = (uint32_t)v->domain->domain_id << 16 | v->vcpu_id;
    trace_var(TRC_HESTIA_EVTCHN_UPCALL, 1, &w);
    if (!create_bounce_frame(v, regs, &tb))
        crash_current(regs, "bad kernel stack while delivering an event", 0);
}

static void sanitise_guest_frame(struct cpu_user_regs *regs)
{
    regs->cs |= 3;
    regs->ss |= 3;
    regs->rflags = (regs->rflags & ~(X86_EFLAGS_IOPL | X86_EFLAGS_VM | X86_EFLAGS_NT)) |
                   X86_EFLAGS_IF;
}

/*
 * Last stop before a guest runs again (entry.S: return_to_guest), with interrupts
 * off: run softirqs (which may switch to another vcpu and never come back), then
 * bounce a pending exception or event.
 */
void exit_to_guest(struct cpu_user_regs *regs)
{
    for (;;) {
        if (softirq_pending(smp_processor_id())) {
            local_irq_enable();
            do_softirq();
            local_irq_disable();
            continue;
        }
        struct vcpu *v = current;
        struct trap_bounce *tb = &v->arch->trap_bounce;
        if (tb->flags & TBF_EXCEPTION) {
            struct trap_bounce copy = *tb;
            tb->flags = 0;
            v->arch->in_bounce = true;
            bool ok = create_bounce_frame(v, regs, &copy);
            v->arch->in_bounce = false;
            if (!ok) {
                crash_current(regs, "bad kernel stack while delivering an exception",
                              regs->entry_vector & 0xff);
                continue;               /* the scheduler takes the vcpu off */
            }
        } else if (vcpu_has_pending_events(v)) {
            deliver_upcall(v, regs);
        }
        if (v->domain->state == DOMSTATE_shutdown) {
            raise_softirq(SCHEDULE_SOFTIRQ);
            continue;
        }
        break;
    }
    sanitise_guest_frame(regs);
}

/* __HYPERVISOR_iret: resume the context saved by a bounce (see the top of file). */
long do_iret(void)
{
    struct vcpu *v = current;
    struct cpu_user_regs *regs = guest_cpu_user_regs();
    struct iret_context ic;

    if (copy_from_guest(&ic, regs->rsp, sizeof(ic)) != 0) {
        domain_crash(v->domain, "iret: unreadable iret frame on the guest stack");
        return -EFAULT;
    }
    if ((ic.cs & 3) == 3) {             /* back to guest user mode */
        if (v->arch->guest_table_user == 0) {
            domain_crash(v->domain, "iret to user mode with no user page tables");
            return -EINVAL;
        }
        toggle_guest_mode(v);
    }
    regs->rip = ic.rip;
    regs->cs = ic.cs | 3;
    regs->rflags = (ic.rflags & ~(X86_EFLAGS_IOPL | X86_EFLAGS_VM)) | X86_EFLAGS_IF;
    regs->rsp = ic.rsp;
    regs->ss = ic.ss | 3;
    if (!(ic.flags & VGCF_in_syscall)) {
        regs->r11 = ic.r11;
        regs->rcx = ic.rcx;
    }
    vcpu_info(v)->evtchn_upcall_mask = !(ic.rflags & X86_EFLAGS_IF);
    return (long)ic.rax;                /* the dispatcher writes it to regs->rax */
}

/* __HYPERVISOR_set_trap_table: install the guest's virtual IDT (0-terminated list). */
long do_set_trap_table(unsigned long list)
{
    struct vcpu *v = current;
    struct trap_info ti;

    if (list == 0) {
        memset(v->arch->trap_ctxt, 0, sizeof(v->arch->trap_ctxt));
        return 0;
    }
    for (unsigned int i = 0; i < 256; i++, list += sizeof(ti)) {
        if (copy_from_guest(&ti, list, sizeof(ti)) != 0)
            return -EFAULT;
        if (ti.address == 0)
            return 0;                   /* end of list */
        if (!guest_range_ok(ti.address, 1))
            return -EINVAL;
        v->arch->trap_ctxt[ti.vector] = ti;
    }
    return 0;
}

static long register_callback(const struct callback_register *cb)
{
    struct arch_vcpu *a = current->arch;

    if (!guest_range_ok(cb->address, 1))
        return -EINVAL;
    switch (cb->type) {
    case CALLBACKTYPE_event:
        a->event_callback_eip = cb->address;
        return 0;
    case CALLBACKTYPE_failsafe:
        a->failsafe_callback_eip = cb->address;
        return 0;
    case CALLBACKTYPE_syscall:
        a->syscall_callback_eip = cb->address;
        a->syscall_disables_events = !!(cb->flags & CALLBACKF_mask_events);
        return 0;
    default:
        return -ENOSYS;                 /* syscall32, sysenter, nmi: not in Hestia */
    }
}

/* __HYPERVISOR_callback_op: register or unregister a callback. */
long do_callback_op(unsigned long cmd, unsigned long arg)
{
    switch (cmd) {
    case CALLBACKOP_register: {
        struct callback_register cb;
        if (copy_from_guest(&cb, arg, sizeof(cb)) != 0)
            return -EFAULT;
        return register_callback(&cb);
    }
    case CALLBACKOP_unregister: {
        struct callback_unregister cb;
        if (copy_from_guest(&cb, arg, sizeof(cb)) != 0)
            return -EFAULT;
        struct callback_register zero = { .type = cb.type, .address = 0 };
        return register_callback(&zero);
    }
    default:
        return -ENOSYS;
    }
}

/* __HYPERVISOR_set_callbacks (the older interface): event, failsafe, syscall. */
long do_set_callbacks(unsigned long event, unsigned long failsafe, unsigned long syscall)
{
    struct callback_register cb[3] = {
        { .type = CALLBACKTYPE_event, .address = event },
        { .type = CALLBACKTYPE_failsafe, .address = failsafe },
        { .type = CALLBACKTYPE_syscall, .address = syscall },
    };
    for (unsigned int i = 0; i < 3; i++) {
        long rc = register_callback(&cb[i]);
        if (rc)
            return rc;
    }
    return 0;
}

/* __HYPERVISOR_stack_switch: the kernel stack for entries from guest user mode. */
long do_stack_switch(unsigned long ss, unsigned long esp)
{
    if (!guest_range_ok(esp, 0))
        return -EINVAL;
    current->arch->kernel_ss = ss;
    current->arch->kernel_sp = esp;
    return 0;
}

/* __HYPERVISOR_fpu_taskswitch: set (1) or clear (0) the guest's virtual CR0.TS. */
long do_fpu_taskswitch(unsigned long set)
{
    current->arch->fpu_ts = !!set;
    if (set)
        asm volatile("mov %%cr0, %%rax; or $8, %%rax; mov %%rax, %%cr0" ::: "rax");
    else
        asm volatile("clts");
    return 0;
}

/* __HYPERVISOR_set_segment_base: FS and GS bases a ring-3 kernel cannot write. */
long do_set_segment_base(unsigned long which, unsigned long base)
{
    struct arch_vcpu *a = current->arch;

    if (which != SEGBASE_GS_USER_SEL && !guest_range_ok(base, 0))
        return -EINVAL;
    switch (which) {
    case SEGBASE_FS:
        a->fs_base = base;
        wrmsr(MSR_FS_BASE, base);
        return 0;
    case SEGBASE_GS_USER:
        a->gs_base_user = base;
        if (!a->kernel_mode)
            wrmsr(MSR_GS_BASE, base);
        return 0;
    case SEGBASE_GS_KERNEL:
        a->gs_base_kernel = base;
        if (a->kernel_mode)
            wrmsr(MSR_GS_BASE, base);
        return 0;
    default:
        return -EINVAL;                 /* SEGBASE_GS_USER_SEL: not in Hestia */
    }
}
