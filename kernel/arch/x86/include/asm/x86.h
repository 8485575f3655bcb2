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

/* multiboot2.c: copy the loader's information into boot_info. */
int multiboot2_parse(uint32_t magic, paddr_t mbi);
void bootinfo_print(void);

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
void do_trap(struct cpu_user_regs *regs);

#endif /* ASM_X86_H */
