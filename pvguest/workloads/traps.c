/*
 * pvguest/workloads/traps.c - the two ways into the kernel that come back out:
 * an exception the kernel handles (int3), and an event upcall (the timer). Both
 * return through the iret hypercall (entry.S); this checks that the interrupted
 * code carries on with its registers intact and events in the state they were.
 *
 * The check on registers: values are held in callee-saved registers across the
 * int3 (the asm says they must survive); if the entry or the return path lost one,
 * the sum comes out wrong.
 */
#include <pvguest/events.h>
#include <pvguest/kernel.h>
#include <pvguest/time.h>
#include <pvguest/traps.h>
#include <pvguest/workload.h>

static int int3_preserves_registers(void)
{
    register unsigned long a __asm__("rbx") = 0x1111;
    register unsigned long b __asm__("r12") = 0x2222;
    register unsigned long c __asm__("r13") = 0x4444;
    register unsigned long d __asm__("r14") = 0x8888;
    register unsigned long e __asm__("r15") = 0x10000;

    __asm__ __volatile__("int3" : "+r"(a), "+r"(b), "+r"(c), "+r"(d), "+r"(e)
                         :: "memory");
    return a + b + c + d + e == 0x1ffff;
}

void workload_traps(void)
{
    unsigned long before = breakpoints;
    int ok = int3_preserves_registers();

    printk("traps: int3 with events enabled: handled %lu, registers %s, events "
           "now %s\n", breakpoints - before, ok ? "intact" : "CORRUPTED",
           local_irq_is_enabled() ? "enabled" : "MASKED");

    local_irq_disable();
    ok = int3_preserves_registers();
    printk("traps: int3 with events masked: handled %lu, registers %s, events "
           "now %s\n", breakpoints - before, ok ? "intact" : "CORRUPTED",
           local_irq_is_enabled() ? "ENABLED" : "masked");
    local_irq_enable();

    unsigned long upcalls = upcall_count, ticks = timer_events;
    sleep_ns(10 * NSEC_PER_MSEC);
    printk("traps: slept 10 ms: %lu upcall(s), %lu timer event(s)\n",
           upcall_count - upcalls, timer_events - ticks);
    printk("traps: %s\n", breakpoints - before == 2 && ok ? "ok" : "FAILED");
}
