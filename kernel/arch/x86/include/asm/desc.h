/*
 * asm/desc.h - descriptor tables: the GDT and TSS (desc.c) and the IDT (traps.c).
 */
#ifndef ASM_DESC_H
#define ASM_DESC_H

#include <hestia/types.h>

/* The 64-bit task-state segment: stacks for ring 0 and the interrupt stack table. */
struct tss64 {
    uint32_t reserved0;
    uint64_t rsp0, rsp1, rsp2;
    uint64_t reserved1;
    uint64_t ist[7];           /* ist[n-1] is IST slot n */
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} __packed;

/* Allocate pCPU cpu's GDT and TSS; load them (stack_block: the pCPU's stack block). */
int alloc_cpu_desc(unsigned int cpu);
void load_gdt_and_tss(unsigned int cpu, void *stack_block);

/* Copy vcpu v's guest descriptors (set_gdt) into this pCPU's GDT; NULL clears them. */
struct vcpu;
void load_guest_gdt(const struct vcpu *v);

/* Build and load the IDT (boot CPU); load the same IDT on another pCPU. */
void traps_init(void);
void load_idt(void);

#endif /* ASM_DESC_H */
