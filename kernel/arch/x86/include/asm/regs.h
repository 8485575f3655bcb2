/*
 * asm/regs.h - struct cpu_user_regs: the registers saved on every entry to the
 * hypervisor (exception, interrupt), in the layout Xen uses, lowest address first.
 * entry.S builds it on the stack; its order must match the pushes there.
 */
#ifndef ASM_REGS_H
#define ASM_REGS_H

#include <hestia/types.h>

struct cpu_user_regs {
    uint64_t r15, r14, r13, r12, rbp, rbx;
    uint64_t r11, r10, r9, r8, rax, rcx, rdx, rsi, rdi;
    uint32_t error_code;     /* pushed by the CPU, or 0 by the entry stub */
    uint32_t entry_vector;   /* written by the entry stub */
    /* The hardware interrupt frame. */
    uint64_t rip;
    uint16_t cs, _pad0[3];
    uint64_t rflags;
    uint64_t rsp;
    uint16_t ss, _pad1[3];
};

#endif /* ASM_REGS_H */
