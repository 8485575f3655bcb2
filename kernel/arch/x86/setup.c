/*
 * setup.c - the x86 half of the boot flow: from head.S's 64-bit jump to hestia_main().
 *
 * The order matters and is the story of a kernel's first moments:
 *   1. a console, so that everything after can speak;
 *   2. our own GDT, TSS and IDT, so that a fault from here on is reported, not a
 *      silent triple fault and reboot;
 *   3. the boot loader's information, copied before we reuse the memory it lives in;
 *   4. the command line, so options take effect for what follows;
 *   5. memory: the frame table and the buddy allocator, the full direct map;
 *   6. time: calibrate the TSC and the local APIC timer, then enable interrupts.
 * Then generic code takes over (kernel/main.c).
 */
#include <hestia/arch.h>
#include <hestia/bootinfo.h>
#include <hestia/domain.h>
#include <hestia/sched.h>
#include <hestia/param.h>
#include <hestia/printk.h>
#include <hestia/setup.h>
#include <hestia/shutdown.h>
#include <hestia/timer.h>
#include <hestia/trace.h>

#include <asm/apic.h>
#include <asm/desc.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/smp.h>
#include <asm/x86.h>

#define HESTIA_VERSION "0.1"

void __start_hestia(uint32_t magic, paddr_t mbi);
extern char boot_stack[];

/* Let guests use the FPU and SSE (the hypervisor itself never does: -mgeneral-regs-only). */
void fpu_init(void)
{
    write_cr4(read_cr4() | (1UL << 9) | (1UL << 10));  /* OSFXSR, OSXMMEXCPT */
    asm volatile("clts; fninit");
}

void __start_hestia(uint32_t magic, paddr_t mbi)
{
    ns16550_init();
    printk("Hestia: entered 64-bit C (__start_hestia)\n");

    alloc_cpu_desc(0);
    load_gdt_and_tss(0, boot_stack);
    traps_init();

    if (multiboot2_parse(magic, mbi) != 0)
        panic("bad Multiboot2 information at 0x%llx", (unsigned long long)mbi);

    printk("Hestia %s (x86-64), a teaching hypervisor in Xen's image\n", HESTIA_VERSION);
    printk("Command line: %s\n", boot_info.cmdline);
    if (parse_params(boot_info.cmdline, __param_start, __param_end) != 0)
        printk(XENLOG_WARNING "Command line had errors (see above); continuing\n");

    bootinfo_print();
    memory_init();

    pic_disable();
    apic_init();
    time_init();
    printk_start_timestamps();
    smp_boot_cpus();
    timers_init(nr_cpus_online);
    fpu_init();
    pv_init_cpu(0);
    m2p_init();
    if (trace_init(nr_cpus_online, trace_buf_bytes()) != 0)
        panic("no memory for the trace buffers");
    trace_write_info(arch_tsc_hz(), nr_cpus_online);
    scheduler_init(nr_cpus_online);
    domain_init();
    smp_release_cpus();
    local_irq_enable();

    hestia_main();
}
