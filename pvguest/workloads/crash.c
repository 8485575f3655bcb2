/*
 * pvguest/workloads/crash.c - die on purpose, to see what the hypervisor does with
 * a guest fault it cannot hand back to the guest.
 *
 * Parameters: mode=pf|ud|gp|de|badstack (default pf), handler=1:
 *   pf        write to an unmapped address (page fault)
 *   ud        execute ud2 (invalid opcode)
 *   gp        read a non-canonical address (general protection)
 *   de        divide by zero (divide error)
 *   badstack  point the stack at an unmapped address, then execute ud2 (below)
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
 *
 * mode=badstack keeps the trap table (handler= does not matter) and breaks the
 * other thing a bounce needs: a kernel stack to write the frame on. It masks
 * events (so that no upcall meets the bad stack first), moves %rsp to 0x1000,
 * which is not mapped, and executes ud2. The hypervisor finds the #UD handler but
 * faults writing its exception frame at 0x1000 - 8 and downwards; there is no
 * way left to tell the guest, so it must kill the domain (Xen: the write faults
 * inside create_bounce_frame and ends in domain_crash_sync, "domain_crash_sync
 * called from entry.S"; dom0 then "crashed"). A PV kernel on Xen avoids this by
 * keeping its stack valid at all times; 32-bit x86 had a double fault and a task
 * gate for the case, a PV guest has neither.
 */
#include <pvguest/events.h>
#include <pvguest/kernel.h>
#include <pvguest/traps.h>
#include <pvguest/workload.h>

void workload_crash(void)
{
    const char *mode = cmdline_get("mode");

    if (!mode || !*mode)
        mode = "pf";
    printk("crash: about to fault (mode=%s)\n", mode);

    if (!cmdline_get_ulong("handler", 0) && strcmp(mode, "badstack")) {
        long rc = traps_clear();
        printk("crash: trap table cleared (rc=%ld): no handler for any exception "
               "now\n", rc);
    } else if (!strcmp(mode, "badstack")) {
        printk("crash: trap table kept, but the fault's frame is to go on a stack "
               "at 0x1000, which is not mapped\n");
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
    } else if (!strcmp(mode, "badstack")) {
        local_irq_disable();
        /* %rbx keeps the good stack pointer, for the message below if we live. */
        __asm__ __volatile__("movq %%rsp, %%rbx\n\t"
                             "movq $0x1000, %%rsp\n\t"
                             "ud2\n\t"
                             "movq %%rbx, %%rsp" ::: "rbx", "memory");
        local_irq_enable();
    } else {
        printk("crash: unknown mode \"%s\" (pf, ud, gp, de or badstack)\n", mode);
        return;
    }

    printk("crash: still running after the fault: the hypervisor did not kill "
           "the domain\n");
    crash();
}
