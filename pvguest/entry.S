/*
 * pvguest/entry.S - where the hypervisor enters the kernel: exception entry stubs,
 * the event upcall (hypervisor_callback), the failsafe callback and the syscall
 * callback (SYSCALL from guest user mode), and the one way back out, the iret
 * hypercall; also the switch into guest user mode and back (enter_user_mode,
 * leave_user_mode).
 *
 * How an exception reaches a 64-bit PV kernel. The CPU delivers every fault to the
 * hypervisor (the guest runs in ring 3 and has no real IDT). The hypervisor looks the
 * vector up in the guest's trap table (set_trap_table, traps.c) and "bounces" the
 * exception: it writes a frame on the guest kernel stack and resumes the guest at the
 * handler. The frame, lowest address first (%rsp points at RCX):
 *
 *     RCX, R11, [ERROR CODE], RIP, CS, RFLAGS, RSP, SS
 *
 * RIP..SS are what the CPU would have pushed for a ring-0 kernel. RCX and R11 come
 * first because the hypervisor returns to the guest with SYSRET, which overwrites
 * them; their interrupted values are saved here instead. Two fields carry extra
 * meaning:
 *   CS      bits 15:0 are the interrupted CS, with the RPL cleared to 0 if the
 *           guest was in kernel mode (a 64-bit PV kernel's CS is a ring-3 selector,
 *           0xe033, so RPL 0 is how the frame says "kernel"); bits 39:32 hold the
 *           event mask (vcpu_info.evtchn_upcall_mask) at the time of the exception;
 *   RFLAGS  IF is the inverse of that mask: the guest's virtual interrupt flag.
 * The event upcall uses the same frame without an error code.
 *
 * A handler cannot return with iretq: the frame may lead back to guest user mode,
 * which only the hypervisor can switch to, and the saved event mask has to be put
 * back in the same step as the return (see below). So it returns with the iret
 * hypercall. That call takes no arguments in registers; instead the stack must hold
 * struct iret_context (include/public/arch-x86/xen-x86_64.h), lowest first:
 *
 *     RAX, R11, RCX, FLAGS, RIP, CS, RFLAGS, RSP, SS
 *
 * The kernel leaves RIP..SS of the bounce frame where they are, pushes FLAGS (0:
 * "not returning from a SYSCALL"), and jumps, not calls, to the iret stub of the
 * hypercall page, which pushes RCX, R11 and RAX itself and makes the hypercall. The
 * hypervisor restores RAX, R11, RCX, RIP, CS, RFLAGS, RSP and SS from the frame, the
 * other registers as they are at the hypercall, and sets the event mask from
 * RFLAGS.IF. If an event arrived while the handler ran, the hypervisor delivers the
 * next upcall right then, on the restored stack; so there is no window in which the
 * kernel has unmasked events but not yet returned (the "critical section" older
 * 32-bit PV kernels had to patch up in their upcall handler).
 *
 * The stubs below turn the bounce frame into a struct trap_frame (traps.h): pop RCX
 * and R11 back into their registers, push an error code (0 where the CPU gives none)
 * and the vector, push the general registers, and call C with a pointer to it all.
 */
#include <public/xen.h>

#define EVENT_VECTOR    0x100
#define FAILSAFE_VECTOR 0x101
#define SYSCALL_VECTOR  0x102

        .section .text, "ax", @progbits

        .macro SAVE_ALL
        pushq   %rax
        pushq   %rbx
        pushq   %rcx
        pushq   %rdx
        pushq   %rsi
        pushq   %rdi
        pushq   %rbp
        pushq   %r8
        pushq   %r9
        pushq   %r10
        pushq   %r11
        pushq   %r12
        pushq   %r13
        pushq   %r14
        pushq   %r15
        .endm

        .macro RESTORE_ALL
        popq    %r15
        popq    %r14
        popq    %r13
        popq    %r12
        popq    %r11
        popq    %r10
        popq    %r9
        popq    %r8
        popq    %rbp
        popq    %rdi
        popq    %rsi
        popq    %rdx
        popq    %rcx
        popq    %rbx
        popq    %rax
        .endm

        /* An exception for which the CPU pushes no error code. */
        .macro TRAP_NOERRCODE name, vector
        .globl  \name
\name:
        popq    %rcx                    /* the interrupted %rcx and %r11 */
        popq    %r11
        pushq   $0                      /* fake error code */
        pushq   $\vector
        jmp     trap_common
        .endm

        /* An exception with an error code: it is already in place. */
        .macro TRAP_ERRCODE name, vector
        .globl  \name
\name:
        popq    %rcx
        popq    %r11
        pushq   $\vector
        jmp     trap_common
        .endm

        TRAP_NOERRCODE entry_divide_error,        0
        TRAP_NOERRCODE entry_debug,               1
        TRAP_NOERRCODE entry_int3,                3
        TRAP_NOERRCODE entry_overflow,            4
        TRAP_NOERRCODE entry_bounds,              5
        TRAP_NOERRCODE entry_invalid_op,          6
        TRAP_NOERRCODE entry_device_not_available, 7
        TRAP_ERRCODE   entry_double_fault,        8
        TRAP_NOERRCODE entry_coprocessor_segment_overrun, 9
        TRAP_ERRCODE   entry_invalid_tss,         10
        TRAP_ERRCODE   entry_segment_not_present, 11
        TRAP_ERRCODE   entry_stack_segment,       12
        TRAP_ERRCODE   entry_general_protection,  13
        TRAP_ERRCODE   entry_page_fault,          14
        TRAP_NOERRCODE entry_coprocessor_error,   16
        TRAP_ERRCODE   entry_alignment_check,     17
        TRAP_NOERRCODE entry_simd_error,          19
        TRAP_NOERRCODE entry_virtualisation,      20
        TRAP_ERRCODE   entry_control_protection,  21

trap_common:
        SAVE_ALL
        movq    %rsp, %rdi              /* struct trap_frame * */
        call    do_trap
        jmp     return_to_guest

/*
 * The event upcall: the hypervisor calls this (registered as CALLBACKTYPE_event,
 * events.c) when an unmasked event channel is pending for this vCPU. It has already
 * set evtchn_upcall_mask, so upcalls do not nest; the return through the iret
 * hypercall restores the mask from the frame's RFLAGS.IF.
 */
        .globl  hypervisor_callback
hypervisor_callback:
        popq    %rcx
        popq    %r11
        pushq   $0
        pushq   $EVENT_VECTOR
        SAVE_ALL
        movq    %rsp, %rdi
        call    do_hypervisor_callback
        /* fall through */

return_to_guest:
        RESTORE_ALL
        addq    $16, %rsp               /* vector, error code */
        /* Now %rsp points at RIP, CS, RFLAGS, RSP, SS: the top of an iret_context. */
        pushq   $0                      /* iret_context.flags */
        jmp     hypercall_page + __HYPERVISOR_iret * 32

/*
 * The failsafe callback: the hypervisor calls it when it cannot load the guest's
 * segment registers while returning to it (a bad selector). The frame carries the
 * four data selectors between R11 and RIP: RCX, R11, DS, ES, FS, GS, RIP, CS, RFLAGS,
 * RSP, SS. This kernel never changes its selectors, so this is fatal.
 */
        .globl  failsafe_callback
failsafe_callback:
        popq    %rcx
        popq    %r11
        addq    $32, %rsp               /* DS, ES, FS, GS */
        pushq   $0
        pushq   $FAILSAFE_VECTOR
        SAVE_ALL
        movq    %rsp, %rdi
        call    do_failsafe_callback
        jmp     return_to_guest

/*
 * The syscall callback (CALLBACKTYPE_syscall): where a SYSCALL executed in guest
 * USER mode arrives. (A SYSCALL in guest kernel mode is a hypercall.) The
 * hypervisor has switched to the kernel page tables and onto the stack registered
 * with stack_switch, and built the frame of an exception without error code:
 *
 *     RCX, R11, RIP, CS, RFLAGS, RSP, SS
 *
 * RIP..SS are the user context (CS has RPL 3: "from user mode"). RCX and R11 are
 * what SYSCALL left in them: the user's return RIP and its RFLAGS. The number and
 * arguments of the system call are in the other registers, as user code left them.
 * So the stub is an exception stub with vector SYSCALL_VECTOR; do_trap() hands it
 * to the workload that ran the user code (trap_hook). (With no syscall callback
 * registered, the hypervisor raises #UD at the SYSCALL instead, as a CPU with
 * SYSCALL disabled would.)
 *
 * The way back is a SYSRET-style return: iret_context.flags = VGCF_in_syscall
 * tells the hypervisor the frame came from SYSCALL, so it may return with SYSRET,
 * which loads RIP from RCX and RFLAGS from R11 (user code must expect both
 * clobbered, as after any SYSCALL). RAX carries the result. (Linux on Xen returns
 * from its system calls the same way.)
 */
        .globl  syscall_callback
syscall_callback:
        popq    %rcx
        popq    %r11
        pushq   $0
        pushq   $SYSCALL_VECTOR
        SAVE_ALL
        movq    %rsp, %rdi
        call    do_trap
        RESTORE_ALL
        addq    $16, %rsp
        pushq   $VGCF_in_syscall        /* iret_context.flags: a SYSCALL return */
        jmp     hypercall_page + __HYPERVISOR_iret * 32

/*
 * long enter_user_mode(unsigned long rip, unsigned long rsp)
 *
 * Run guest user code at rip, on the user stack rsp, until something the user code
 * does (a system call, an exception) reaches a handler that calls
 * leave_user_mode(value): then enter_user_mode returns value, as if the user code
 * had been a function call. This is setjmp/longjmp across the mode switch.
 *
 * Going down: save what the C caller expects a call to preserve (the callee-saved
 * registers and the stack pointer) in user_return_context, then build an
 * iret_context and make the iret hypercall. Its CS, FLAT_USER_CS (0xe033), has
 * RPL 3, which asks the hypervisor to switch to guest user mode: to the page tables
 * set with MMUEXT_NEW_USER_BASEPTR. RFLAGS has IF set: events stay enabled in user
 * mode, as interrupts do in a real kernel's user mode. Every other register is
 * cleared first, so nothing of the kernel leaks to user code.
 *
 * Coming back: leave_user_mode runs on the kernel stack the hypervisor bounced to
 * (stack_switch), in kernel mode. It abandons that stack, puts back the saved
 * registers and stack pointer, and "returns" from enter_user_mode. It must not be
 * called from anywhere but a handler of something user code did.
 */
        .globl  enter_user_mode
enter_user_mode:
        movq    %rbx, user_return_context +  0(%rip)
        movq    %rbp, user_return_context +  8(%rip)
        movq    %r12, user_return_context + 16(%rip)
        movq    %r13, user_return_context + 24(%rip)
        movq    %r14, user_return_context + 32(%rip)
        movq    %r15, user_return_context + 40(%rip)
        movq    %rsp, user_return_context + 48(%rip) /* at our return address */

        /* The iret_context, from SS down to flags; the stub pushes RCX, R11, RAX. */
        pushq   $FLAT_USER_SS
        pushq   %rsi                    /* RSP */
        pushq   $0x202                  /* RFLAGS: IF, and bit 1, which is always 1 */
        pushq   $FLAT_USER_CS           /* RPL 3: to user mode */
        pushq   %rdi                    /* RIP */
        pushq   $0                      /* flags: a full iret */

        xorl    %eax, %eax
        xorl    %ebx, %ebx
        xorl    %ecx, %ecx
        xorl    %edx, %edx
        xorl    %esi, %esi
        xorl    %edi, %edi
        xorl    %ebp, %ebp
        xorl    %r8d, %r8d
        xorl    %r9d, %r9d
        xorl    %r10d, %r10d
        xorl    %r11d, %r11d
        xorl    %r12d, %r12d
        xorl    %r13d, %r13d
        xorl    %r14d, %r14d
        xorl    %r15d, %r15d
        jmp     hypercall_page + __HYPERVISOR_iret * 32

        .globl  leave_user_mode
leave_user_mode:
        movq    user_return_context +  0(%rip), %rbx
        movq    user_return_context +  8(%rip), %rbp
        movq    user_return_context + 16(%rip), %r12
        movq    user_return_context + 24(%rip), %r13
        movq    user_return_context + 32(%rip), %r14
        movq    user_return_context + 40(%rip), %r15
        movq    user_return_context + 48(%rip), %rsp
        movq    %rdi, %rax              /* enter_user_mode's return value */
        ret

        .section .bss, "aw", @nobits
        .balign 8
user_return_context:
        .skip   7 * 8

        .section .note.GNU-stack, "", @progbits
