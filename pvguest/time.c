/*
 * pvguest/time.c - system time from vcpu_time_info, and sleeping on the timer.
 *
 * Reading the time. The hypervisor does not tick the guest's clock for it; it
 * publishes, in vcpu_info.time, a snapshot taken at some moment: the TSC then
 * (tsc_timestamp), the system time then (system_time, ns since the hypervisor
 * booted), and the scale from TSC ticks to ns (tsc_to_system_mul, tsc_shift). The
 * guest extrapolates from the snapshot with its own RDTSC:
 *
 *     delta = rdtsc() - tsc_timestamp
 *     delta = tsc_shift >= 0 ? delta << tsc_shift : delta >> -tsc_shift
 *     now   = system_time + (delta * tsc_to_system_mul) >> 32
 *
 * tsc_to_system_mul is a 32.32 fixed-point factor (ns per tick, times 2^32); the
 * product needs 96 bits, hence the 128-bit multiply. The hypervisor refreshes the
 * snapshot from time to time (when it schedules the vCPU, for example), and might
 * do so while we read it. It brackets each update with two increments of
 * 'version', so an odd version means "being written", and a version that changed
 * between our first and last read means "torn": either way, read again. This is a
 * seqlock, with the hypervisor as the only writer.
 *
 * Sleeping. The one-shot timer (set_timer_op, taking an absolute system time)
 * raises VIRQ_TIMER, bound to an event channel in time_init(). SCHEDOP_block
 * blocks the vCPU until an event is pending, and unmasks events as it blocks:
 * checking "is the deadline past?" with events masked and then blocking is
 * race-free, because an event that arrives in between leaves the vCPU runnable and
 * the block returns at once. The loop goes round until the deadline is really past,
 * since other events (or an early timer) may wake the vCPU first.
 */
#include <pvguest/events.h>
#include <pvguest/hypercall.h>
#include <pvguest/time.h>

volatile unsigned long timer_events;

/* How this hypervisor lets us set a timer; see set_timer(). */
static enum { TIMER_SET_TIMER_OP, TIMER_VCPUOP, TIMER_NONE } timer_method;

static uint64_t scale_delta(uint64_t delta, uint32_t mul, int shift)
{
    if (shift >= 0)
        delta <<= shift;
    else
        delta >>= -shift;
    return (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

uint64_t NOW(void)
{
    const volatile struct vcpu_time_info *t = &this_vcpu()->time;
    uint32_t version, mul;
    uint64_t tsc_timestamp, system_time, tsc;
    int shift;

    do {
        version = t->version;
        rmb();      /* read the version before the fields */
        tsc_timestamp = t->tsc_timestamp;
        system_time = t->system_time;
        mul = t->tsc_to_system_mul;
        shift = t->tsc_shift;
        tsc = rdtsc_ordered();
        rmb();      /* and the fields before the version again */
    } while ((version & 1) || version != t->version);

    return system_time + scale_delta(tsc - tsc_timestamp, mul, shift);
}

static void timer_handler(evtchn_port_t port, void *data)
{
    (void)port;
    (void)data;
    timer_events++;
}

void time_init(void)
{
    int port = bind_virq(VIRQ_TIMER, timer_handler, NULL);

    if (port < 0 && !report_enosys("EVTCHNOP_bind_virq", port))
        panic("binding VIRQ_TIMER failed: %d (%s)", port, errno_name(port));

    /*
     * Xen gives every PV vCPU a 100 Hz periodic timer on VIRQ_TIMER unless told
     * otherwise. This kernel sets one-shot timers when it needs them, so it turns
     * the periodic one off: fewer interruptions and more repeatable runs.
     */
    long rc = HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
    if (rc && !report_enosys("VCPUOP_stop_periodic_timer", rc))
        printk("pvguest: VCPUOP_stop_periodic_timer: %ld (%s)\n", rc,
               errno_name(rc));

    timer_method = port < 0 ? TIMER_NONE : TIMER_SET_TIMER_OP;
    printk("pvguest: timer on event channel %d, system time %lu ns\n", port,
           (unsigned long)NOW());
}

/*
 * Arm the one-shot timer for an absolute system time. set_timer_op is the
 * original interface, VCPUOP_set_singleshot_timer the per-vCPU one; use whichever
 * the hypervisor has, and busy-wait if it has neither.
 */
static void set_timer(uint64_t deadline)
{
    long rc;

    if (timer_method == TIMER_SET_TIMER_OP) {
        rc = HYPERVISOR_set_timer_op(deadline);
        if (!rc)
            return;
        report_enosys("set_timer_op", rc);
        timer_method = TIMER_VCPUOP;
    }
    if (timer_method == TIMER_VCPUOP) {
        struct vcpu_set_singleshot_timer t = { .timeout_abs_ns = deadline };

        rc = HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &t);
        if (!rc)
            return;
        report_enosys("VCPUOP_set_singleshot_timer", rc);
        printk("pvguest: no timer; sleeping will busy-wait\n");
        timer_method = TIMER_NONE;
    }
}

void sleep_until(uint64_t deadline)
{
    sleep_until_flag(deadline, NULL);
}

bool sleep_until_flag(uint64_t deadline, volatile unsigned long *flag)
{
    int was_enabled = local_irq_is_enabled();

    while (NOW() < deadline && !(flag && *flag)) {
        set_timer(deadline);
        if (timer_method == TIMER_NONE) {
            cpu_relax();
            continue;
        }
        local_irq_disable();
        if (NOW() >= deadline || (flag && *flag))
            break;
        /*
         * Blocks with events unmasked. When the timer's event arrives the vCPU
         * wakes, the upcall runs (timer_handler), and only then does the
         * hypercall return here, with events enabled.
         */
        HYPERVISOR_sched_op(SCHEDOP_block, NULL);
    }

    if (was_enabled)
        local_irq_enable();
    else
        local_irq_disable();
    return flag && *flag;
}

void sleep_ns(uint64_t ns)
{
    sleep_until(NOW() + ns);
}

void busy_wait_ns(uint64_t ns)
{
    uint64_t end = NOW() + ns;

    while (NOW() < end)
        cpu_relax();
}
