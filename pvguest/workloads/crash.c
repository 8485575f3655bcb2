/*
 * pvguest/workloads/crash.c - die on purpose, to see what the hypervisor does with
 * a guest fault it cannot hand back to the guest.
 *
 * Parameters: mode=pf|ud|gp|de (default pf), handler=1:
 *   pf  write to an unmapped address (page fault)
 *   ud  execute ud2 (invalid opcode)
 *   gp  read a non-canonical address (general protection)
 *   de  divide by zero (divide error)
 *
 * First the trap table is emptied (set_trap_table(NULL)), so the hypervisor has no
 * guest handler to bounce the exception to. It must then kill the domain: Xen logs
 * the unhandled fault and crashes the domain (for dom0: "Hardware Dom0 crashed").
 * If the kernel is still alive after the fault, that is a bug in the hypervisor,
 * and it says so.
 *
 * With handler=1 the trap table stays: the hypervisor bounces the fault to the
 * kernel's own handler (traps.c), which prints the registers (and, for a page
 * fault, the address from vcpu_info.arch.cr2) and ends the domain itself with
 * SHUTDOWN_crash.
 */
#include <pvguest/kernel.h>
#include <pvguest/traps.h>
#include <pvguest/workload.h>

void workload_crash(void)
{
    const char *mode = cmdline_get("mode");

    if (!mode || !*mode)
        mode = "pf";
    printk("crash: about to fault (mode=%s)\n", mode);

    if (!cmdline_get_ulong("handler", 0)) {
        long rc = traps_clear();
        printk("crash: trap table cleared (rc=%ld): no handler for any exception "
               "now\n", rc);
    } else {
        printk("crash: trap table kept: the kernel's handler will see the fault\n");
    }

    if (!strcmp(mode, "pf")) {
        *(volatile uint64_t *)0x1000UL = 0x2a;
    } else if (!strcmp(mode, "ud")) {
        __asm__ __volatile__("ud2");
    } else if (!strcmp(mode, "gp")) {
        (void)*(volatile uint64_t *)0x8000000000000000UL;
    } else if (!strcmp(mode, "de")) {
        unsigned int zero = 0;
        __asm__ __volatile__("" : "+r"(zero));   /* hide the 0 from the compiler */
        __asm__ __volatile__("xorl %%edx, %%edx; movl $1, %%eax; divl %0"
                             :: "r"(zero) : "eax", "edx");
    } else {
        printk("crash: unknown mode \"%s\" (pf, ud, gp or de)\n", mode);
        return;
    }

    printk("crash: still running after the fault: the hypervisor did not kill "
           "the domain\n");
    crash();
}
