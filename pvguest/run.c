/*
 * pvguest/run.c - kernel_main of the teaching kernel: run the workload named by
 * workload= on the command line (workloads/table.c lists them), then return to
 * start_kernel, which powers off.
 */
#include <pvguest/kernel.h>
#include <pvguest/workload.h>

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

void kernel_main(void)
{
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
        return;
    }

    printk("pvguest: running workload \"%s\"\n", w->name);
    w->run();
    printk("pvguest: workload \"%s\" finished\n", w->name);
}
