/*
 * entry.S - the way into the hypervisor from an exception or interrupt.
 *
 * Every one of the 256 vectors has a tiny stub. The CPU has pushed SS, RSP, RFLAGS,
 * CS, RIP and, for some exceptions, an error code. The stub makes every frame look
 * the same - it pushes a 0 where the CPU pushed no error code, and records its
 * vector number in the upper half of that slot - then jumps to common_entry, which
 * saves the general registers as a struct cpu_user_regs (asm/regs.h) and calls
 * do_trap(regs) in C. On return the registers are restored and `iretq` resumes
 * the interrupted code - unless it was a guest, in which case we leave through
 * return_to_guest, which first runs pending softirqs (perhaps the scheduler) and
 * delivers pending events and traps to the guest.
 *
 * A guest's SYSCALL (a hypercall from the guest kernel, or a system call from
 * guest user mode) arrives through this pCPU's syscall stub (pv/syscall.c), which
 * switches to the hypervisor stack and jumps to syscall_common; there we build the
 * same frame an interrupt would have and call do_syscall(regs).
 */
#include <asm/config.h>
#include <asm/regs.h>

#define TRAP_syscall 256      /* entry_vector of a SYSCALL frame, as Xen */

/* Offsets in struct cpu_user_regs (checked against the C struct in asm/regs.h). */
#define UREGS_cs 136

.macro SAVE_ALL
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
.endm

.macro RESTORE_ALL
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
.endm

/* Exceptions for which the CPU pushes an error code. */
#define HAS_ERRCODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || \
                        (v) == 21 || (v) == 29 || (v) == 30)

        .section .text.entry, "ax", @progbits

        .globl  common_entry
common_entry:
        SAVE_ALL                        /* reverse order of struct cpu_user_regs */
        cld
        mov     %rsp, %rdi
        /* The CPU aligned RSP to 16 before its pushes; 21 words later we are 8 off. */
        sub     $8, %rsp
        call    do_trap
        add     $8, %rsp
        test    %al, %al                /* back to a guest, through the exit path? */
        jnz     return_to_guest
        RESTORE_ALL
        add     $8, %rsp                /* error code and vector */
        iretq

/*
 * Entered from the syscall stub with %rsp = entry stack - 16:
 *   0(%rsp) = the guest's %rsp,  8(%rsp) = the guest's %rax (saved by the stub).
 * SYSCALL put the guest's RIP in %rcx and RFLAGS in %r11, and disabled interrupts.
 */
        .globl  syscall_common
syscall_common:
        xchg    8(%rsp), %rax           /* guest %rax back; the slot becomes SS */
        movq    $FLAT_KERNEL_SS, 8(%rsp)
        push    %r11                    /* RFLAGS */
        push    $FLAT_KERNEL_CS
        push    %rcx                    /* RIP */
        push    $0
        movl    $TRAP_syscall, 4(%rsp)
        SAVE_ALL
        cld
        mov     %rsp, %rdi
        sub     $8, %rsp
        sti
        call    do_syscall
        add     $8, %rsp
        /* fall through */

/*
 * Leave to the guest whose registers are at %rsp (the top of this pCPU's stack).
 * exit_to_guest() runs softirqs and delivers events with interrupts off; it may
 * instead switch to another vcpu and come back here with a reset stack.
 */
        .globl  return_to_guest
return_to_guest:
        cli
        mov     %rsp, %rdi
        sub     $8, %rsp
        call    exit_to_guest
        add     $8, %rsp
        RESTORE_ALL
        add     $8, %rsp
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
