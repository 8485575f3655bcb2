/*
 * shutdown.c - ending a run: poweroff() and panic().
 *
 * Every run of Hestia under test ends here, never by a timeout. poweroff() prints a
 * final result line, which the boot-test runner reads:
 *
 *     Hestia result: PASS
 *     Hestia result: FAIL (status 3)
 *
 * and then asks the machine to stop (arch_poweroff: QEMU's isa-debug-exit device,
 * Bochs' shutdown port). QEMU turns the status into its exit code; Bochs always
 * exits with 1, which is why the result line exists.
 */
#include <stdarg.h>

#include <hestia/arch.h>
#include <hestia/lib.h>
#include <hestia/printk.h>
#include <hestia/shutdown.h>

void poweroff(int status)
{
    local_irq_disable();
    /* At error level, so that loglvl= never hides it (except loglvl=none). */
    if (status == 0)
        printk(XENLOG_ERR "Hestia result: PASS\n");
    else
        printk(XENLOG_ERR "Hestia result: FAIL (status %d)\n", status);
    arch_poweroff(status);
}

void panic(const char *fmt, ...)
{
    static bool in_panic;
    char buf[256];
    va_list ap;

    local_irq_disable();
    console_force_unlock();
    if (in_panic)                   /* a panic while panicking: just stop */
        arch_poweroff(SHUTDOWN_PANIC);
    in_panic = true;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);

    printk(XENLOG_ERR "\n****************************************\n");
    printk(XENLOG_ERR "Panic: %s\n", buf);
    printk(XENLOG_ERR "****************************************\n");
    arch_dump_backtrace();
    poweroff(SHUTDOWN_PANIC);
}
