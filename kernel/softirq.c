/*
 * softirq.c - per-pCPU pending bits for deferred work (see softirq.h).
 *
 * A handler may not return (the scheduler switching to a guest), so a pending bit
 * is cleared before its handler runs.
 */
#include <hestia/arch.h>
#include <hestia/config.h>
#include <hestia/printk.h>
#include <hestia/softirq.h>
#include <hestia/timer.h>

static softirq_handler handlers[NR_SOFTIRQS];
static unsigned long pending[NR_CPUS];

void open_softirq(unsigned int nr, softirq_handler h)
{
    BUG_ON(nr >= NR_SOFTIRQS);
    handlers[nr] = h;
}

void cpu_raise_softirq(unsigned int cpu, unsigned int nr)
{
    unsigned long old = __atomic_fetch_or(&pending[cpu], 1UL << nr, __ATOMIC_SEQ_CST);
    /* Another pCPU learns of it by an IPI (once: while bits are pending it will look). */
    if (cpu != smp_processor_id() && !(old & (1UL << nr)))
        arch_send_event_check(cpu);
}

void raise_softirq(unsigned int nr)
{
    cpu_raise_softirq(smp_processor_id(), nr);
}

bool softirq_pending(unsigned int cpu)
{
    return __atomic_load_n(&pending[cpu], __ATOMIC_SEQ_CST) != 0;
}

void do_softirq(void)
{
    unsigned int cpu = smp_processor_id();

    for (;;) {
        unsigned long bits = __atomic_load_n(&pending[cpu], __ATOMIC_SEQ_CST);
        if (!bits)
            return;
        unsigned int nr = (unsigned int)__builtin_ctzl(bits);
        __atomic_fetch_and(&pending[cpu], ~(1UL << nr), __ATOMIC_SEQ_CST);
        if (handlers[nr])
            handlers[nr]();
    }
}
