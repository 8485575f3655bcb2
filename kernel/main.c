/*
 * main.c - the generic half of the boot flow.
 *
 * By the time hestia_main() runs, the architecture code (kernel/arch/x86/setup.c)
 * has given us a console, exception handling, the frame allocator, calibrated time
 * and a timer interrupt. What follows here is the same on any architecture: show
 * the memory we manage, run self-tests if the command line asked for them, and
 * (in later issues) build dom0 and start scheduling.
 */
#include <hestia/mm.h>
#include <hestia/printk.h>
#include <hestia/selftest.h>
#include <hestia/setup.h>
#include <hestia/shutdown.h>
#include <hestia/xmalloc.h>

void hestia_main(void)
{
    heap_dump_stats();

    if (selftests_requested()) {
        unsigned int failed = run_selftests();
        poweroff(failed ? SHUTDOWN_TESTFAIL : SHUTDOWN_SUCCESS);
    }

    printk("Hestia: no domains to run yet (dom0 arrives with the PV guest work); "
           "powering off\n");
    poweroff(SHUTDOWN_SUCCESS);
}
