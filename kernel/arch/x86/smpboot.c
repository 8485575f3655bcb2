/*
 * smpboot.c - bringing up the secondary CPUs.
 *
 * The boot CPU finds the others in the ACPI MADT, gives each a stack block (with its
 * cpu_info), a GDT and a TSS, then wakes it with the classic INIT - SIPI - SIPI
 * sequence (Intel SDM vol. 3, 9.4 "Multiple-processor initialization"). The woken
 * CPU runs boot/trampoline.S, reaches start_secondary() below, sets up its own
 * descriptor tables, local APIC and SYSCALL entry, says it is alive, and waits until
 * the boot CPU has finished setting up the scheduler for everyone. Then it enters
 * its idle loop, and the scheduler may give it vcpus.
 *
 *   maxcpus=N   use at most N pCPUs (default: all the MADT lists)
 */
#include <hestia/arch.h>
#include <hestia/lib.h>
#include <hestia/param.h>
#include <hestia/printk.h>
#include <hestia/timer.h>
#include <hestia/xmalloc.h>

#include <asm/apic.h>
#include <asm/config.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/smp.h>
#include <asm/x86.h>

extern char trampoline_start[], trampoline_end[], tramp_cr3[], tramp_efer[];
extern uint64_t boot_l4[512], boot_l3_ident[512];
extern char boot_stack[];

static unsigned long opt_maxcpus = NR_CPUS;
integer_param("maxcpus", opt_maxcpus);

/* Page tables for the switch to long mode: the hypervisor's, plus low memory 1:1. */
static uint64_t ap_l4[512] __aligned(4096);

unsigned long ap_boot_rsp;              /* read by ap_start64 */
static volatile bool ap_alive;
static volatile bool smp_go;

static void busy_wait(s_time_t ns)
{
    s_time_t end = NOW() + ns;
    while (NOW() < end)
        cpu_relax();
}

static void prepare_trampoline(void)
{
    size_t len = (size_t)(trampoline_end - trampoline_start);
    uint8_t *copy = maddr_to_virt(TRAMPOLINE_PHYS);
    uint32_t cr3, efer = 1u << 8;                       /* EFER.LME */

    memcpy(ap_l4, boot_l4, sizeof(ap_l4));
    ap_l4[0] = virt_to_maddr(boot_l3_ident) | 3;        /* present, writable */
    cr3 = (uint32_t)virt_to_maddr(ap_l4);
    efer |= (uint32_t)rdmsr(MSR_EFER) & (1u << 11);     /* NXE, if the boot CPU has it */

    memcpy(copy, trampoline_start, len);
    memcpy(copy + (tramp_cr3 - trampoline_start), &cr3, 4);
    memcpy(copy + (tramp_efer - trampoline_start), &efer, 4);
}

/* Give pCPU `cpu` a stack block and descriptor tables. */
static bool prepare_cpu(unsigned int cpu, uint32_t apic_id)
{
    void *block = alloc_xenheap_pages(STACK_ORDER);
    if (!block || alloc_cpu_desc(cpu) != 0)
        return false;
    struct cpu_info *ci = cpu_info_of_stack(block);
    memset(ci, 0, sizeof(*ci));
    ci->processor_id = cpu;
    ci->apic_id = apic_id;
    cpu_stack_block[cpu] = block;
    cpu_apic_id[cpu] = apic_id;
    ap_boot_rsp = primary_stack_top(block) - 16;
    return true;
}

/* INIT, then up to two startup IPIs; true once the CPU says it is alive. */
static bool wake_cpu(uint32_t apic_id)
{
    ap_alive = false;
    apic_send_init(apic_id);
    busy_wait(MILLISECS(10));
    for (int attempt = 0; attempt < 2 && !ap_alive; attempt++) {
        apic_send_startup(apic_id, TRAMPOLINE_PHYS);
        busy_wait(MICROSECS(200));
    }
    s_time_t deadline = NOW() + SECONDS(1);
    while (!ap_alive && NOW() < deadline)
        cpu_relax();
    return ap_alive;
}

void smp_boot_cpus(void)
{
    uint32_t ids[NR_CPUS];
    unsigned int n = acpi_find_cpus(ids, NR_CPUS);
    uint32_t me = apic_current_id();

    cpu_apic_id[0] = me;
    cpu_stack_block[0] = boot_stack;
    cpu_info_of_stack(boot_stack)->apic_id = me;
    if (n > 1)
        prepare_trampoline();
    for (unsigned int i = 0; i < n && nr_cpus_online < opt_maxcpus; i++) {
        if (ids[i] == me)
            continue;
        unsigned int cpu = nr_cpus_online;
        if (!prepare_cpu(cpu, ids[i])) {
            printk(XENLOG_ERR "smp: no memory for CPU %u\n", cpu);
            break;
        }
        if (!wake_cpu(ids[i])) {
            printk(XENLOG_ERR "smp: CPU with APIC id %u did not start\n", ids[i]);
            continue;
        }
        nr_cpus_online++;
    }
    printk("smp: %u CPU%s online (the MADT lists %u)\n", nr_cpus_online,
           nr_cpus_online == 1 ? "" : "s", n ? n : 1);
}

/* Let the secondary CPUs into their idle loops (the scheduler is ready). */
void smp_release_cpus(void)
{
    __atomic_store_n(&smp_go, true, __ATOMIC_RELEASE);
}

void start_secondary(void);

void start_secondary(void)
{
    unsigned int cpu = smp_processor_id();

    write_cr3(virt_to_maddr(boot_l4));          /* leave the trampoline's tables */
    load_gdt_and_tss(cpu, cpu_stack_block[cpu]);
    load_idt();
    fpu_init();
    apic_init_secondary();
    pv_init_cpu(cpu);
    __atomic_store_n(&ap_alive, true, __ATOMIC_RELEASE);

    while (!__atomic_load_n(&smp_go, __ATOMIC_ACQUIRE))
        cpu_relax();
    reset_stack_and_jump(idle_loop);
}
