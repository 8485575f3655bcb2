/*
 * main.c - the generic half of the boot flow.
 *
 * By the time hestia_main() runs, the architecture code (kernel/arch/x86/setup.c)
 * has given us a console, exception handling, the frame allocator, calibrated time
 * and a timer interrupt. What follows here is the same on any architecture: show
 * the memory we manage, run self-tests if the command line asked for them, and
 * (in later issues) build dom0 and start scheduling.
 */
#include <hestia/bootinfo.h>
#include <hestia/mm.h>
#include <hestia/printk.h>
#include <hestia/selftest.h>
#include <hestia/setup.h>
#include <hestia/shutdown.h>
#include <hestia/xmalloc.h>

void hestia_main(void)
{
    heap_dump_stats();

    if (selftests_requested() && run_selftests() != 0)
        poweroff(SHUTDOWN_TESTFAIL);

    if (boot_info.nr_modules == 0) {
        printk("Hestia: no boot modules, so no dom0 to start; powering off\n");
        poweroff(SHUTDOWN_SUCCESS);
    }
    start_boot_domains();
}
