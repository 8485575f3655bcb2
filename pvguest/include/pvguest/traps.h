/*
 * pvguest/include/pvguest/traps.h - exceptions: the virtual IDT (trap table) and the
 * register frame the entry stubs in entry.S build for the C handlers.
 */
#ifndef PVGUEST_TRAPS_H
#define PVGUEST_TRAPS_H

#include <stdint.h>

/*
 * What entry.S pushes, lowest address first, so that the C code can see every
 * register of the interrupted context. The part from rip up is the hypervisor's
 * bounce frame (minus the %rcx/%r11 it also pushed, which the stub pops back into
 * their registers first); vector and error_code are pushed by the stub (a fake 0
 * error code for exceptions that have none, vector EVENT_VECTOR for the upcall).
 */
struct trap_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error_code;
    uint64_t rip;
    uint64_t cs;        /* bits 15:0 CS; bits 39:32 the saved upcall mask */
    uint64_t rflags;    /* IF = !(upcall mask at the time of the event) */
    uint64_t rsp, ss;
};

#define EVENT_VECTOR 0x100UL   /* not an x86 vector: marks the event upcall */
#define SYSCALL_VECTOR 0x102UL /* not an x86 vector: SYSCALL from user mode */

/* x86 exception vectors. */
enum {
    X86_EXC_DE = 0, X86_EXC_DB = 1, X86_EXC_NMI = 2, X86_EXC_BP = 3,
    X86_EXC_OF = 4, X86_EXC_BR = 5, X86_EXC_UD = 6, X86_EXC_NM = 7,
    X86_EXC_DF = 8, X86_EXC_CSO = 9, X86_EXC_TS = 10, X86_EXC_NP = 11,
    X86_EXC_SS = 12, X86_EXC_GP = 13, X86_EXC_PF = 14, X86_EXC_MF = 16,
    X86_EXC_AC = 17, X86_EXC_MC = 18, X86_EXC_XM = 19, X86_EXC_VE = 20,
    X86_EXC_CP = 21,
};

extern unsigned long breakpoints;    /* int3 traps handled */

/*
 * A workload may claim exceptions before the default handling: if trap_hook is set
 * and returns nonzero, do_trap() returns to the interrupted code at once.
 */
extern int (*trap_hook)(struct trap_frame *frame);

void traps_init(void);                 /* install the trap table */
long traps_clear(void);                /* remove it: every fault is then fatal */
void do_trap(struct trap_frame *frame);   /* called from entry.S */
void do_failsafe_callback(struct trap_frame *frame);
void show_registers(const struct trap_frame *frame);

/*
 * Guest user mode (entry.S). enter_user_mode() runs user code at rip on stack rsp
 * through the iret hypercall (the user page tables, the kernel stack for entries
 * from user mode and the syscall callback must be set up first); it returns when a
 * handler of a system call or exception from user mode calls leave_user_mode(),
 * with the value passed to it. syscall_callback is the entry point to register as
 * CALLBACKTYPE_syscall; it reaches do_trap() with vector SYSCALL_VECTOR.
 */
long enter_user_mode(unsigned long rip, unsigned long rsp);
__attribute__((noreturn)) void leave_user_mode(long value);
extern char syscall_callback[];

#endif /* PVGUEST_TRAPS_H */
