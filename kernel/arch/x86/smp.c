/*
 * smp.c - which pCPU am I, who are the others, and how to poke them.
 *
 * smp_processor_id() reads the number from this pCPU's cpu_info at the top of its
 * stack (asm/current.h). The tables below map pCPU numbers to local APIC ids and
 * stack blocks; smpboot.c fills them as it brings the secondary pCPUs up.
 */
#include <hestia/arch.h>
#include <hestia/config.h>
#include <hestia/timer.h>
#include <asm/apic.h>
#include <asm/config.h>
#include <asm/current.h>
#include <asm/smp.h>

unsigned int nr_cpus_online = 1;
uint32_t cpu_apic_id[NR_CPUS];
void *cpu_stack_block[NR_CPUS];

unsigned int smp_processor_id(void)
{
    return get_cpu_info()->processor_id;
}

void arch_send_event_check(unsigned int cpu)
{
    if (cpu < nr_cpus_online)
        apic_send_ipi(cpu_apic_id[cpu], EVENT_CHECK_VECTOR);
}
