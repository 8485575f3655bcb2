/*
 * time.c - system time from the TSC, and the local APIC timer.
 *
 * System time (NOW()) is nanoseconds since boot, as Xen's s_time_t. We read it from
 * the TSC, whose frequency we measure at boot against the one clock of known rate
 * every PC has: the 8254 PIT, which counts at 1.193182 MHz. PIT channel 2 counts
 * down CALIBRATE_MS milliseconds while we watch the TSC and the APIC timer; then
 *     tsc_hz   = TSC ticks in that time * 1000 / CALIBRATE_MS
 *     ns       = ticks * 10^9 / tsc_hz  computed as (ticks * scale) >> 32.
 * The APIC timer (divide by 1, one-shot mode) is calibrated the same way and
 * programmed by reprogram_timer() for the earliest hypervisor timer.
 *
 * Under QEMU with -icount the TSC advances one tick per guest instruction, so all
 * times are then instruction counts; under Bochs the TSC counts instructions too.
 */
#include <hestia/domain.h>
#include <hestia/printk.h>
#include <hestia/timer.h>
#include <hestia/trace.h>
#include <asm/apic.h>
#include <asm/config.h>
#include <asm/processor.h>
#include <asm/x86.h>

#define PIT_HZ        1193182
#define CALIBRATE_MS  50
#define PIT_CH2       0x42
#define PIT_MODE      0x43
#define PIT_GATE_PORT 0x61

static uint64_t tsc_at_boot;
static uint64_t tsc_hz, apic_hz;
static uint64_t tsc_to_ns_scale;      /* ns = (ticks * scale) >> 32 */
static uint64_t ns_to_apic_scale;     /* apic ticks = (ns * scale) >> 32 */

/* Count CALIBRATE_MS on PIT channel 2; return TSC and APIC-timer ticks elapsed. */
static void calibrate(uint64_t *tsc_ticks, uint32_t *apic_ticks)
{
    uint16_t count = PIT_HZ * CALIBRATE_MS / 1000;

    /* Gate channel 2 on, speaker off; mode 0 (interrupt on terminal count). */
    outb(PIT_GATE_PORT, (inb(PIT_GATE_PORT) & ~0x02) | 0x01);
    outb(PIT_MODE, 0xb0);
    outb(PIT_CH2, count & 0xff);
    outb(PIT_CH2, count >> 8);

    apic_write(APIC_TDCR, APIC_TDCR_DIV_1);
    apic_write(APIC_TMICT, 0xffffffff);
    uint64_t t0 = rdtsc();
    uint32_t a0 = apic_read(APIC_TMCCT);

    while (!(inb(PIT_GATE_PORT) & 0x20))   /* OUT2 goes high at terminal count */
        cpu_relax();

    *tsc_ticks = rdtsc() - t0;
    *apic_ticks = a0 - apic_read(APIC_TMCCT);
    apic_write(APIC_TMICT, 0);
}

/*
 * The guest's view of time (vcpu_time_info in vcpu_info), as on Xen:
 *     time = system_time + (((tsc - tsc_timestamp) << tsc_shift) * tsc_to_system_mul) >> 32
 * (a negative shift shifts right). The version is odd while we write, so a guest
 * reading at the same time retries.
 */
static uint32_t guest_mul;
static int8_t guest_shift;

static void compute_guest_scale(void)
{
    uint64_t mul = tsc_to_ns_scale;     /* ns per tick, as a 32.32 fixed-point number */
    int shift = 0;
    while (mul > 0xffffffffULL) {
        mul >>= 1;
        shift++;
    }
    guest_mul = (uint32_t)mul;
    guest_shift = (int8_t)shift;
}

s_time_t NOW(void)
{
    uint64_t ticks = rdtsc() - tsc_at_boot;
    return (s_time_t)(((unsigned __int128)ticks * tsc_to_ns_scale) >> 32);
}

void time_init(void)
{
    uint64_t tsc_ticks;
    uint32_t apic_ticks;

    calibrate(&tsc_ticks, &apic_ticks);
    tsc_hz = tsc_ticks * 1000 / CALIBRATE_MS;
    apic_hz = (uint64_t)apic_ticks * 1000 / CALIBRATE_MS;
    if (tsc_hz == 0 || apic_hz == 0)
        panic("time calibration failed (TSC %llu Hz, APIC timer %llu Hz)",
              (unsigned long long)tsc_hz, (unsigned long long)apic_hz);

    tsc_to_ns_scale = (1000000000ULL << 32) / tsc_hz;
    ns_to_apic_scale = (apic_hz << 32) / 1000000000ULL;
    tsc_at_boot = rdtsc();
    compute_guest_scale();

    printk("Time: TSC %llu.%03llu MHz, APIC timer %llu.%03llu MHz (calibrated over %d ms of PIT)\n",
           (unsigned long long)tsc_hz / 1000000, (unsigned long long)(tsc_hz / 1000) % 1000,
           (unsigned long long)apic_hz / 1000000, (unsigned long long)(apic_hz / 1000) % 1000,
           CALIBRATE_MS);
}

/* Arm the APIC timer to interrupt at `deadline` (or not at all). */
void reprogram_timer(s_time_t deadline)
{
    if (deadline == STIME_MAX) {
        apic_write(APIC_TMICT, 0);
        return;
    }
    s_time_t delta = deadline - NOW();
    uint64_t ticks = delta <= 0 ? 1 :
        (uint64_t)(((unsigned __int128)delta * ns_to_apic_scale) >> 32);
    if (ticks == 0)
        ticks = 1;
    if (ticks > 0xffffffff)
        ticks = 0xffffffff;     /* fires early; the queue then re-arms */
    apic_write(APIC_LVT_TIMER, LOCAL_TIMER_VECTOR);     /* one-shot, unmasked */
    apic_write(APIC_TMICT, (uint32_t)ticks);
}

void pv_update_vcpu_time(struct vcpu *v)
{
    struct vcpu_time_info *t = &vcpu_info(v)->time;

    t->version++;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    uint64_t tsc = rdtsc();
    t->tsc_timestamp = tsc;
    t->system_time = (uint64_t)(((unsigned __int128)(tsc - tsc_at_boot) * tsc_to_ns_scale) >> 32);
    t->tsc_to_system_mul = guest_mul;
    t->tsc_shift = guest_shift;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    t->version++;
}

void apic_timer_interrupt(void)
{
    apic_eoi();
    timer_softirq_action(smp_processor_id());
}

/* The trace facility's time stamps: the raw TSC (the trace header carries tsc_hz). */
uint64_t trace_tsc(void)
{
    return rdtsc();
}

uint64_t arch_tsc_hz(void)
{
    return tsc_hz;
}
