/*
 * pvguest/main.c - start_kernel: the order in which the kernel sets itself up,
 * then the workload the command line asks for.
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
 *   6. run the workload; power off when it returns.
 */
#include <pvguest/events.h>
#include <pvguest/hypercall.h>
#include <pvguest/kernel.h>
#include <pvguest/mm.h>
#include <pvguest/time.h>
#include <pvguest/traps.h>
#include <pvguest/workload.h>

start_info_t *start_info;
shared_info_t *HYPERVISOR_shared_info;
int kernel_is_dom0;

static const struct workload *find_workload(const char *name)
{
    for (unsigned int i = 0; i < nr_workloads; i++)
        if (!strcmp(workloads[i].name, name))
            return &workloads[i];
    return NULL;
}

static void list_workloads(void)
{
    printk("pvguest: workloads (workload=NAME key=value ...):\n");
    for (unsigned int i = 0; i < nr_workloads; i++)
        printk("  %-10s %s\n", workloads[i].name, workloads[i].usage);
}

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
    const char *name = cmdline_get("workload");
    if (!name || !*name) {
        printk("pvguest: no workload= on the command line, running \"hello\"\n");
        list_workloads();
        name = "hello";
    }

    const struct workload *w = find_workload(name);
    if (!w) {
        printk("pvguest: unknown workload \"%s\"\n", name);
        list_workloads();
        poweroff();
    }

    printk("pvguest: running workload \"%s\"\n", w->name);
    w->run();
    printk("pvguest: workload \"%s\" finished\n", w->name);
    poweroff();
}
