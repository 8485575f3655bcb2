/*
 * pv/syscall.c - how a guest's SYSCALL reaches the hypervisor.
 *
 * SYSCALL jumps to the address in MSR_LSTAR in ring 0 but leaves %rsp alone: it is
 * still the guest's stack, which we must not use. Xen's answer, copied here, is a
 * tiny per-pCPU "stub" whose code has this pCPU's stack address baked in:
 *
 *     movabs %rax, (entry_stack - 8)     ; free a register: park %rax on our stack
 *     mov    %rsp, %rax                  ; the guest's %rsp
 *     movabs $(entry_stack - 8), %rsp    ; our stack
 *     push   %rax                        ; keep the guest's %rsp there
 *     jmp    syscall_common              ; entry.S builds the full frame
 *
 * From a guest kernel, SYSCALL is a hypercall (the hypercall page issues it); from
 * guest user mode it is the guest's own system call, which we bounce to the guest
 * kernel's syscall callback, as Xen does.
 */
#include <hestia/config.h>
#include <hestia/printk.h>
#include <hestia/sched.h>

#include <asm/config.h>
#include <asm/current.h>
#include <asm/domain.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/smp.h>

#define MSR_STAR   0xc0000081
#define MSR_LSTAR  0xc0000082
#define MSR_CSTAR  0xc0000083
#define MSR_SFMASK 0xc0000084
#define EFER_SCE   (1UL << 0)

#define STUB_SIZE 64

extern char syscall_common[];
/* The stubs are data we write at boot and then execute: the image is mapped RWX
 * for now (see mm.c); W^X mappings are future work. */
static uint8_t syscall_stubs[NR_CPUS][STUB_SIZE] __section(".data.stubs") __aligned(64);

static uint8_t *emit(uint8_t *p, const void *bytes, size_t n)
{
    const uint8_t *b = bytes;
    for (size_t i = 0; i < n; i++)
        *p++ = b[i];
    return p;
}

static void write_stub(uint8_t *p, unsigned long entry_stack)
{
    uint64_t slot = entry_stack - 8;
    uint8_t *start = p;

    p = emit(p, "\x48\xa3", 2);                 /* movabs %rax, moffs64 */
    p = emit(p, &slot, 8);
    p = emit(p, "\x48\x89\xe0", 3);             /* mov %rsp, %rax */
    p = emit(p, "\x48\xbc", 2);                 /* movabs $imm64, %rsp */
    p = emit(p, &slot, 8);
    p = emit(p, "\x50", 1);                     /* push %rax */
    p = emit(p, "\xe9", 1);                     /* jmp rel32 */
    int32_t rel = (int32_t)((long)syscall_common - (long)(p + 4));
    p = emit(p, &rel, 4);
    BUG_ON(p - start > STUB_SIZE);
}

void pv_init_cpu(unsigned int cpu)
{
    write_stub(syscall_stubs[cpu], guest_entry_stack(cpu_stack_block[cpu]));
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
    /* SYSRET selectors (unused: we return with IRET) and SYSCALL's ring-0 CS/SS. */
    wrmsr(MSR_STAR, ((uint64_t)FLAT_RING3_CS32 << 48) | ((uint64_t)__HYPERVISOR_CS << 32));
    wrmsr(MSR_LSTAR, (uint64_t)syscall_stubs[cpu]);
    wrmsr(MSR_CSTAR, (uint64_t)syscall_stubs[cpu]);
    /* On entry clear IF (no interrupts until we are on our stack), TF, DF, NT, AC. */
    wrmsr(MSR_SFMASK, 0x00047700);
}

void do_syscall(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;

    if (v->arch->kernel_mode) {
        regs->rax = (uint64_t)do_hypercall(regs);
        return;
    }
    /* A system call of the guest's own applications: enter its kernel. */
    if (v->arch->syscall_callback_eip == 0) {
        /* As a real CPU without SYSCALL: #UD, at the SYSCALL instruction (as Xen). */
        regs->rip -= 2;
        pv_inject_exception(regs, 6, -1);
        return;
    }
    regs->cs = FLAT_USER_CS;
    regs->ss = FLAT_USER_SS;
    struct trap_bounce *tb = &v->arch->trap_bounce;
    tb->flags = TBF_EXCEPTION | (v->arch->syscall_disables_events ? TBF_INTERRUPT : 0);
    tb->eip = v->arch->syscall_callback_eip;
}
