/*
 * sim/shim.c - the "architecture" under the scheduler framework when it runs in the
 * simulator: everything sched/core.c, kernel/timer.c, softirq.c and trace.c ask of
 * kernel/arch/x86/ (see include/hestia/arch.h), answered on the host.
 *
 *   NOW()               the virtual clock (ns)          trace_tsc()  the same: 1 GHz TSC
 *   smp_processor_id()  the pCPU the engine is acting on
 *   reprogram_timer()   "interrupt this pCPU at T": each pCPU's one-shot timer (its APIC)
 *   arch_send_event_check()  nothing: the engine looks at every pCPU's softirqs anyway
 *   context_switch()    never returns: note who runs, let the framework know prev's
 *                       state is saved (sched_context_saved), and longjmp back to the
 *                       engine, which armed switch_jmp before running the softirqs
 *   vcpu_has_pending_events()  false: events are not simulated; workloads wake vcpus
 *   local_irq_*, printk, panic, the heap (xmalloc) and domain_list
 *
 * There is no concurrency: the engine runs one pCPU at a time, in pCPU order, so
 * spin locks are always free when taken (core.c's locking is still exercised for
 * balance: a lock left held would hang the next taker, which a test would notice).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hestia/arch.h>
#include <hestia/domain.h>
#include <hestia/list.h>
#include <hestia/printk.h>
#include <hestia/sched.h>
#include <hestia/timer.h>
#include <hestia/trace.h>
#include <hestia/xmalloc.h>

#include "sim_int.h"

/* The framework's own vsnprintf (kernel/vsprintf.c, renamed for the host build). */
int hst_vsnprintf(char *buf, size_t size, const char *fmt, va_list args);

struct sim *the_sim;

/* All domains: the simulated vcpus' one-vcpu domains (kernel/domain.c is not linked). */
LIST_HEAD(domain_list);

/* --- time and pCPUs --------------------------------------------------------------- */

s_time_t NOW(void)
{
    return the_sim ? the_sim->now : 0;
}

uint64_t trace_tsc(void)
{
    return (uint64_t)NOW();         /* SIM_TSC_HZ = 1 GHz: one tick per ns */
}

unsigned int smp_processor_id(void)
{
    return the_sim ? the_sim->cur_cpu : 0;
}

void reprogram_timer(s_time_t deadline)
{
    if (the_sim)
        the_sim->deadline[the_sim->cur_cpu] = deadline;
}

void arch_send_event_check(unsigned int cpu)
{
    (void)cpu;      /* the engine runs every pCPU's pending softirqs (engine_run_cpus) */
}

static unsigned long irq_enabled = 1;

unsigned long local_irq_save(void)
{
    unsigned long old = irq_enabled;
    irq_enabled = 0;
    return old;
}

void local_irq_restore(unsigned long flags) { irq_enabled = flags; }
void local_irq_enable(void) { irq_enabled = 1; }
void local_irq_disable(void) { irq_enabled = 0; }

/* --- scheduling hooks ------------------------------------------------------------- */

void context_switch(struct vcpu *prev, struct vcpu *next)
{
    struct sim *s = the_sim;

    if (!s || !s->jmp_armed)
        panic("context_switch outside the simulator's softirq loop");
    engine_switched(s, prev, next);
    sched_context_saved(prev);      /* as the arch does once prev's registers are saved */
    longjmp(s->switch_jmp, 1);
}

bool vcpu_has_pending_events(const struct vcpu *v)
{
    return false;
}

/* --- console ------------------------------------------------------------------------ */

static bool verbose;
static char *capture_buf;
static size_t capture_len;

void sim_set_verbose(bool on)
{
    verbose = on;
}

/* While buf is set, printk appends what the framework prints to it (for errors). */
void shim_capture(char *buf, size_t len)
{
    capture_buf = buf;
    capture_len = len;
    if (buf && len)
        buf[0] = '\0';
}

/* Drop a Xen-style level prefix ("<1>") and the trailing newline. */
static const char *strip_level(char *msg)
{
    size_t n = strlen(msg);
    while (n && msg[n - 1] == '\n')
        msg[--n] = '\0';
    if (msg[0] == '<' && msg[1] >= '0' && msg[1] <= '9' && msg[2] == '>')
        return msg + 3;
    return msg;
}

void printk(const char *fmt, ...)
{
    char line[512];
    va_list ap;

    va_start(ap, fmt);
    hst_vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    const char *msg = strip_level(line);
    if (capture_buf && capture_len && capture_buf[0] == '\0')
        snprintf(capture_buf, capture_len, "%s", msg);     /* keep the first one */
    if (verbose)
        fprintf(stderr, "(hestia) %s\n", msg);
}

void panic(const char *fmt, ...)
{
    char line[512];
    va_list ap;

    va_start(ap, fmt);
    hst_vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    fprintf(stderr, "hvsim: panic at t=%lld ns: %s\n", (long long)NOW(), line);
    abort();
}

/* --- the heap ------------------------------------------------------------------------ */

void *xmalloc_bytes(size_t size)
{
    return malloc(size ? size : 1);     /* glibc: 16-byte aligned, as xmalloc promises */
}

void *xzalloc_bytes(size_t size)
{
    return calloc(1, size ? size : 1);
}

void xfree(void *p)
{
    free(p);
}

/* kernel/string.c's, which glibc 2.36 lacks (kernel/params.c may use it). */
size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);
    if (size) {
        size_t n = len < size - 1 ? len : size - 1;
        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}
