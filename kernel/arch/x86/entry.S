/*
 * entry.S - the way into the hypervisor from an exception or interrupt.
 *
 * Every one of the 256 vectors has a tiny stub. The CPU has pushed SS, RSP, RFLAGS,
 * CS, RIP and, for some exceptions, an error code. The stub makes every frame look
 * the same - it pushes a 0 where the CPU pushed no error code, and records its
 * vector number in the upper half of that slot - then jumps to common_entry, which
 * saves the general registers as a struct cpu_user_regs (asm/regs.h) and calls
 * do_trap(regs) in C. On return the registers are restored and `iretq` resumes
 * the interrupted code.
 */
#include <asm/config.h>

/* Exceptions for which the CPU pushes an error code. */
#define HAS_ERRCODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || \
                        (v) == 21 || (v) == 29 || (v) == 30)

        .section .text.entry, "ax", @progbits

        .globl  common_entry
common_entry:
        /* Push in reverse order of struct cpu_user_regs. */
        push    %rdi
        push    %rsi
        push    %rdx
        push    %rcx
        push    %rax
        push    %r8
        push    %r9
        push    %r10
        push    %r11
        push    %rbx
        push    %rbp
        push    %r12
        push    %r13
        push    %r14
        push    %r15
        cld
        mov     %rsp, %rdi
        /* The CPU aligned RSP to 16 before its pushes; 21 words later we are 8 off. */
        sub     $8, %rsp
        call    do_trap
        add     $8, %rsp
        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %rbp
        pop     %rbx
        pop     %r11
        pop     %r10
        pop     %r9
        pop     %r8
        pop     %rax
        pop     %rcx
        pop     %rdx
        pop     %rsi
        pop     %rdi
        add     $8, %rsp                /* error code and vector */
        iretq

/* The stubs, and a table of their addresses (entry_stubs[]) for the IDT. */
        .pushsection .rodata
        .balign 8
        .globl  entry_stubs
entry_stubs:
        .popsection

        .set    vec, 0
        .rept   256
        .balign 16
1:
        .if     HAS_ERRCODE(vec) == 0
        push    $0
        .endif
        movl    $vec, 4(%rsp)
        jmp     common_entry
        .pushsection .rodata
        .quad   1b
        .popsection
        .set    vec, vec + 1
        .endr
