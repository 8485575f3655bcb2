/*
 * asm/current.h - where a pCPU keeps the interrupted guest's registers.
 *
 * Every entry from a guest (interrupt, exception, SYSCALL) starts at the same place
 * on this pCPU's hypervisor stack, so the guest's saved registers are always at a
 * fixed address near the stack top: guest_cpu_user_regs(). The scheduler saves and
 * loads vcpus' registers there, and the exit path (return_to_guest) resumes
 * whatever it finds there.
 *
 *   stack top  ->  +------------------------------+
 *                  | es/ds/fs/gs (unused, 32 B)   |  <- TSS.rsp0 / SYSCALL stack
 *                  | SS RSP RFLAGS CS RIP         |     pushed by the CPU / stub
 *                  | error code, vector           |
 *                  | rdi ... r15                  |  <- guest_cpu_user_regs()
 *                  | hypervisor C frames ...      |
 */
#ifndef ASM_CURRENT_H
#define ASM_CURRENT_H

#include <asm/config.h>
#include <asm/regs.h>

extern char boot_stack_top[];

static inline unsigned long cpu_stack_top(unsigned int cpu)
{
    (void)cpu;                      /* one pCPU until SMP bring-up */
    return (unsigned long)boot_stack_top;
}

static inline struct cpu_user_regs *guest_cpu_user_regs(void)
{
    return (struct cpu_user_regs *)(cpu_stack_top(0) - sizeof(struct cpu_user_regs));
}

/* Where the CPU (TSS.rsp0) and the SYSCALL stub start pushing. */
static inline unsigned long guest_entry_stack(unsigned int cpu)
{
    return cpu_stack_top(cpu) - (sizeof(struct cpu_user_regs) - UREGS_kernel_sizeof);
}

#endif /* ASM_CURRENT_H */
