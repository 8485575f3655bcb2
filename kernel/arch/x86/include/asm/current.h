/*
 * asm/current.h - per-pCPU data at the top of each pCPU's stack (Xen's cpu_info).
 *
 * Each pCPU has one STACK_SIZE block, aligned to its size:
 *
 *   block + STACK_SIZE ->  +------------------------------+
 *                          | struct cpu_info              |  processor id, ...,
 *                          |   guest_cpu_user_regs        |  the interrupted guest
 *   TSS.rsp0 / SYSCALL ->  |     (es..gs unused)          |  registers
 *                          +------------------------------+
 *                          | hypervisor C frames ...      |  primary stack
 *   block + 3 pages    ->  +------------------------------+
 *                          | IST stacks: #MC, NMI, #DF    |  one page each
 *   block              ->  +------------------------------+
 *
 * So any code on any of this pCPU's stacks finds its cpu_info by rounding %rsp -
 * which is how smp_processor_id() works without a register of its own (the guest
 * owns FS and GS). Every entry from a guest builds its frame at the same place, so
 * the guest's saved registers are always at guest_cpu_user_regs(): the scheduler
 * saves and loads vcpus' registers there, and return_to_guest resumes them.
 */
#ifndef ASM_CURRENT_H
#define ASM_CURRENT_H

#include <asm/config.h>
#include <asm/regs.h>

#define STACK_ORDER 3
#define STACK_SIZE_BLOCK 0x8000          /* 32 KiB per pCPU (order STACK_ORDER) */
#define IST_PAGES 3

#ifndef __ASSEMBLY__
struct cpu_info {
    struct cpu_user_regs guest_cpu_user_regs;
    unsigned int processor_id;
    unsigned int apic_id;
    uint64_t _pad[5];
};
/* The hardware frame must end 16-byte aligned: see guest_entry_stack(). */
_Static_assert(sizeof(struct cpu_info) % 16 == 8, "cpu_info must be 8 mod 16");

static inline struct cpu_info *get_cpu_info(void)
{
    unsigned long sp;
    asm("mov %%rsp, %0" : "=r"(sp));
    return (struct cpu_info *)((sp & ~(STACK_SIZE_BLOCK - 1)) + STACK_SIZE_BLOCK) - 1;
}

static inline struct cpu_info *cpu_info_of_stack(void *block)
{
    return (struct cpu_info *)((char *)block + STACK_SIZE_BLOCK) - 1;
}

static inline struct cpu_user_regs *guest_cpu_user_regs(void)
{
    return &get_cpu_info()->guest_cpu_user_regs;
}

/* Where the CPU (TSS.rsp0) and the SYSCALL stub start pushing for this block. */
static inline unsigned long guest_entry_stack(void *block)
{
    return (unsigned long)&cpu_info_of_stack(block)->guest_cpu_user_regs +
           UREGS_kernel_sizeof;
}

/* The first byte above the primary stack's usable part (below cpu_info). */
static inline unsigned long primary_stack_top(void *block)
{
    return ((unsigned long)cpu_info_of_stack(block)) & ~15UL;
}
#endif

#endif /* ASM_CURRENT_H */
