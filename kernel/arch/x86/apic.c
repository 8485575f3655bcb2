/*
 * apic.c - the local APIC: each pCPU's interrupt controller and timer.
 *
 * We use the xAPIC's memory-mapped registers (at the address in the APIC_BASE MSR,
 * normally 0xfee00000), reached through the direct map. Setting the spurious-vector
 * register's enable bit turns the APIC on; the timer is configured by time.c.
 */
#include <hestia/arch.h>
#include <hestia/printk.h>
#include <asm/apic.h>
#include <asm/config.h>
#include <asm/processor.h>

#define APIC_BASE_ENABLE (1UL << 11)
#define APIC_BASE_ADDR_MASK 0xffffff000UL

static volatile uint32_t *apic_regs;

uint32_t apic_read(unsigned int reg)
{
    return apic_regs[reg / 4];
}

void apic_write(unsigned int reg, uint32_t val)
{
    apic_regs[reg / 4] = val;
}

void apic_eoi(void)
{
    apic_write(APIC_EOI, 0);
}

void apic_init(void)
{
    uint64_t base = rdmsr(MSR_APIC_BASE);
    uint32_t a, b, c, d;

    cpuid(1, 0, &a, &b, &c, &d);
    if (!(d & (1u << 9)))
        panic("this CPU has no local APIC");

    wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
    apic_regs = maddr_to_virt(base & APIC_BASE_ADDR_MASK);

    apic_write(APIC_TPR, 0);                         /* accept every priority */
    apic_write(APIC_LVT_LINT0, APIC_LVT_MASKED);
    apic_write(APIC_LVT_LINT1, APIC_LVT_MASKED);
    apic_write(APIC_LVT_ERROR, APIC_LVT_MASKED);
    apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
    apic_write(APIC_SVR, APIC_SVR_ENABLE | SPURIOUS_APIC_VECTOR);

    printk("APIC: local APIC id %u, version 0x%x, at 0x%llx\n", apic_read(APIC_ID) >> 24,
           apic_read(APIC_LVR) & 0xff, (unsigned long long)(base & APIC_BASE_ADDR_MASK));
}

#define APIC_ICR_LOW   0x300
#define APIC_ICR_HIGH  0x310
#define ICR_BUSY       (1u << 12)
#define ICR_ASSERT     (1u << 14)

/* Send an inter-processor interrupt (icr: delivery mode and vector) to an APIC. */
static void apic_icr(uint32_t apic_id, uint32_t icr)
{
    unsigned long flags = local_irq_save();
    while (apic_read(APIC_ICR_LOW) & ICR_BUSY)
        cpu_relax();
    apic_write(APIC_ICR_HIGH, apic_id << 24);
    apic_write(APIC_ICR_LOW, icr);
    while (apic_read(APIC_ICR_LOW) & ICR_BUSY)
        cpu_relax();
    local_irq_restore(flags);
}

void apic_send_ipi(uint32_t apic_id, unsigned int vector)
{
    apic_icr(apic_id, ICR_ASSERT | vector);
}

/* INIT, then the startup IPI that starts the CPU in real mode at page_addr. */
void apic_send_init(uint32_t apic_id)
{
    apic_icr(apic_id, ICR_ASSERT | (5u << 8));
}

void apic_send_startup(uint32_t apic_id, paddr_t page_addr)
{
    apic_icr(apic_id, (6u << 8) | (uint32_t)(page_addr >> 12));
}

uint32_t apic_current_id(void)
{
    return apic_read(APIC_ID) >> 24;
}

/* A secondary pCPU's APIC: the same set-up as the boot CPU's, quietly. */
void apic_init_secondary(void)
{
    wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE);
    apic_write(APIC_TPR, 0);
    apic_write(APIC_LVT_LINT0, APIC_LVT_MASKED);
    apic_write(APIC_LVT_LINT1, APIC_LVT_MASKED);
    apic_write(APIC_LVT_ERROR, APIC_LVT_MASKED);
    apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
    apic_write(APIC_TDCR, APIC_TDCR_DIV_1);
    apic_write(APIC_SVR, APIC_SVR_ENABLE | SPURIOUS_APIC_VECTOR);
}
