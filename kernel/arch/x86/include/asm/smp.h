/*
 * asm/smp.h - the pCPUs: how many are up, their APIC ids and stacks (smp.c), and
 * bringing up the secondary ones (smpboot.c).
 */
#ifndef ASM_SMP_H
#define ASM_SMP_H

#include <hestia/config.h>
#include <hestia/types.h>

extern unsigned int nr_cpus_online;
extern uint32_t cpu_apic_id[NR_CPUS];
extern void *cpu_stack_block[NR_CPUS];

/* acpi.c: the local APIC ids of the enabled CPUs in the ACPI MADT. */
unsigned int acpi_find_cpus(uint32_t *apic_ids, unsigned int max);

/* smpboot.c: start every other CPU the firmware lists (up to maxcpus=); they
 * wait until smp_release_cpus() to enter their idle loops. */
void smp_boot_cpus(void);
void smp_release_cpus(void);

#endif /* ASM_SMP_H */
