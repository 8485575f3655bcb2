/*
 * pvguest/main.c - start_kernel: the order in which the kernel sets itself up,
 * then kernel_main: the workload the command line asks for (run.c), or dom0's
 * toolstack (dom0/main.c) - the same start of day for both.
 *
 * Start of day (head.S has cleared the bss and switched stacks): events are
 * masked, no trap table and no callbacks are registered, and the only things
 * known are start_info and the bootstrap mapping. The order matters:
 *
 *   1. console: console_io needs nothing but the hypercall page, so messages work
 *      from the first line;
 *   2. memory: find the p2m and map the shared-info page, which holds vcpu_info
 *      (event flags, time) that everything after this uses;
 *   3. traps: from here on a fault prints a register dump instead of killing the
 *      domain silently;
 *   4. events: register the upcall; bind the timer's VIRQ;
 *   5. unmask events: only now, with a handler in place, may upcalls arrive;
 *   6. a domU given a console ring (start_info.console.domU) writes its console
 *      there from now on (xencons.c);
 *   7. kernel_main; power off when it returns.
 */
#include <pvguest/events.h>
#include <pvguest/hypercall.h>
#include <pvguest/kernel.h>
#include <pvguest/mm.h>
#include <pvguest/time.h>
#include <pvguest/traps.h>

start_info_t *start_info;
shared_info_t *HYPERVISOR_shared_info;
int kernel_is_dom0;

void start_kernel(start_info_t *si)
{
    start_info = si;

    printk("\npvguest: Hestia PV teaching kernel, image %lx-%lx, entry stack "
           "switched\n", (unsigned long)_text, (unsigned long)_end);
    if (strncmp(si->magic, "xen-3.0-x86_64", 14))
        panic("start_info magic is \"%.32s\", not xen-3.0-x86_64", si->magic);

    kernel_is_dom0 = !!(si->flags & SIF_INITDOMAIN);
    printk("pvguest: start_info at %lx: magic \"%s\", flags %x (%s), "
           "shared_info at machine address %lx\n", (unsigned long)si, si->magic,
           si->flags, kernel_is_dom0 ? "dom0" : "domU", si->shared_info);
    printk("pvguest: command line \"%s\"\n", (const char *)si->cmd_line);

    mm_init();
    traps_init();
    events_init();
    time_init();
    local_irq_enable();
    printk("pvguest: trap table, callbacks and timer set up; events enabled\n");

    cmdline_init((const char *)si->cmd_line);
    xencons_init();
    kernel_main();
    poweroff();
}
