/*
 * pvguest/workloads/hog.c - a CPU hog: spin for a while, never blocking, and show
 * that time passes.
 *
 * Parameters: seconds=S (default 1). Prints "hog: progress N" every 100 ms of
 * system time (the hypervisor's clock, read with NOW(); time.c), 10 * S lines in
 * all, the last one S seconds after the start, then returns.
 * On a shared CPU the gaps between lines show when the hog was not running; with
 * a scheduler that caps or shares the CPU, that is what you are looking at.
 */
#include <pvguest/kernel.h>
#include <pvguest/time.h>
#include <pvguest/workload.h>

#define STEP_NS (100 * NSEC_PER_MSEC)

void workload_hog(void)
{
    unsigned long seconds = cmdline_get_ulong("seconds", 1);
    unsigned long steps = seconds * (NSEC_PER_SEC / STEP_NS);
    uint64_t start = NOW();
    uint64_t next = start + STEP_NS, now = start;
    unsigned long lines = 0, loops = 0;

    printk("hog: spinning for %lu s of system time\n", seconds);
    while (lines < steps) {
        now = NOW();
        loops++;
        if (now >= next) {
            printk("hog: progress %lu\n", ++lines);
            /* If we were held up for more than a step, do not print a burst:
             * the next line is due at the next 100 ms mark. */
            while (next <= now)
                next += STEP_NS;
        }
    }
    printk("hog: done: %lu progress lines, %lu clock reads in %lu ms\n", lines,
           loops, (unsigned long)((now - start) / NSEC_PER_MSEC));
}
