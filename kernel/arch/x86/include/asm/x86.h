/*
 * asm/x86.h - functions the x86 files call on each other during boot.
 * (Generic code never includes this; it uses include/hestia/arch.h.)
 */
#ifndef ASM_X86_H
#define ASM_X86_H

#include <hestia/types.h>

struct cpu_user_regs;

/* ns16550.c: the COM1 UART. */
void ns16550_init(void);
void ns16550_putc(char c);
void ns16550_flush(void);
int ns16550_getc(void);

/* multiboot2.c: copy the loader's information into boot_info. */
int multiboot2_parse(uint32_t magic, paddr_t mbi);
void bootinfo_print(void);

/* setup.c: let guests use the FPU and SSE on this pCPU. */
void fpu_init(void);

/* irq.c: the legacy 8259 PICs, remapped and masked (the local APIC is used). */
void pic_disable(void);

/* time.c: calibrate the TSC and the APIC timer; NOW() works afterwards. */
void time_init(void);
void apic_timer_interrupt(void);

/* mm.c: page tables of the hypervisor. */
void drop_identity_map(void);
int map_directmap(paddr_t start, paddr_t end);

/* backtrace.c */
void show_backtrace(uint64_t rip, uint64_t rbp);

/* traps.c: called by entry.S for every exception and interrupt. */
bool do_trap(struct cpu_user_regs *regs);

/* entry.S: leave to the guest whose registers are at the top of the stack. */
void return_to_guest(void);
/* domain.c: the idle loop of a pCPU with nothing to run. */
void idle_loop(void) __noreturn;

/* mm.c: the machine-to-phys table every PV guest may read. */
void set_gpfn_from_mfn(unsigned long mfn, unsigned long pfn);
void m2p_init(void);

/*
 * Abandon the current call chain: put the stack pointer at this pCPU's guest frame
 * and jump to fn (which never returns). Used by context_switch().
 */
#define reset_stack_and_jump(fn)                                            \
    do {                                                                    \
        asm volatile("mov %0, %%rsp; jmp " #fn                              \
                     :: "r"(guest_cpu_user_regs()) : "memory");             \
        __builtin_unreachable();                                            \
    } while (0)

#endif /* ASM_X86_H */
