/*
 * asm/apic.h - the local APIC (xAPIC, memory-mapped): interrupt acknowledge and the
 * one-shot timer. QEMU TCG has no TSC-deadline mode, so Hestia uses one-shot mode.
 */
#ifndef ASM_APIC_H
#define ASM_APIC_H

#include <hestia/types.h>

#define APIC_ID       0x020
#define APIC_LVR      0x030
#define APIC_TPR      0x080
#define APIC_EOI      0x0b0
#define APIC_SVR      0x0f0
#define APIC_ESR      0x280
#define APIC_LVT_TIMER 0x320
#define APIC_LVT_LINT0 0x350
#define APIC_LVT_LINT1 0x360
#define APIC_LVT_ERROR 0x370
#define APIC_TMICT    0x380   /* timer initial count */
#define APIC_TMCCT    0x390   /* timer current count */
#define APIC_TDCR     0x3e0   /* timer divide configuration */

#define APIC_SVR_ENABLE  (1u << 8)
#define APIC_LVT_MASKED  (1u << 16)
#define APIC_TDCR_DIV_1  0xb

void apic_init(void);
uint32_t apic_read(unsigned int reg);
void apic_write(unsigned int reg, uint32_t val);
void apic_eoi(void);
void apic_init_secondary(void);
uint32_t apic_current_id(void);
void apic_send_ipi(uint32_t apic_id, unsigned int vector);
void apic_send_init(uint32_t apic_id);
void apic_send_startup(uint32_t apic_id, paddr_t page_addr);

#endif /* ASM_APIC_H */
