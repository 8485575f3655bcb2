/*
 * pvguest/shutdown.c - ending the domain.
 *
 * A PV guest cannot switch the machine off; it asks the hypervisor to end the
 * domain with SCHEDOP_shutdown and a reason. SHUTDOWN_poweroff means "finished";
 * SHUTDOWN_crash tells the hypervisor (and, on Xen, the toolstack) that the guest
 * died. For dom0 on Xen, poweroff halts the machine ("Hardware Dom0 halted") and
 * crash reboots it.
 *
 * The hypercall does not return. If a hypervisor ever let it return, the loop keeps
 * the vCPU blocked rather than running on.
 */
#include <pvguest/hypercall.h>
#include <pvguest/lib.h>

static __noreturn void shutdown(unsigned int reason)
{
    struct sched_shutdown arg = { .reason = reason };

    for (;;) {
        long rc = HYPERVISOR_sched_op(SCHEDOP_shutdown, &arg);
        printk("pvguest: SCHEDOP_shutdown(%u) returned %ld (%s)\n", reason, rc,
               errno_name(rc));
        HYPERVISOR_sched_op(SCHEDOP_block, NULL);
    }
}

__noreturn void poweroff(void)
{
    printk("pvguest: powering off\n");
    shutdown(SHUTDOWN_poweroff);
}

__noreturn void crash(void)
{
    printk("pvguest: crashing the domain (SHUTDOWN_crash)\n");
    shutdown(SHUTDOWN_crash);
}

__noreturn void panic(const char *fmt, ...)
{
    char buf[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    printk("pvguest: PANIC: %s\n", buf);
    crash();
}
