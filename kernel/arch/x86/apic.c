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
