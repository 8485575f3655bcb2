/*
 * tests/unit/stubs.c - host stand-ins for what portable code asks of the hypervisor
 * (include/hestia/arch.h, printk, NOW, the timer hardware, xenheap pages).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hestia/printk.h>
#include <hestia/timer.h>
#include <hestia/xmalloc.h>
#include "host.h"

char host_log[16384];
static size_t host_log_len;

void host_log_reset(void)
{
    host_log_len = 0;
    host_log[0] = '\0';
}

void printk(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t room = sizeof(host_log) - host_log_len;
    /* vsnprintf is renamed to Hestia's own by the unit build (-Dvsnprintf=...). */
    int n = vsnprintf(host_log + host_log_len, room, fmt, ap);
    va_end(ap);
    if (n > 0)
        host_log_len += (size_t)n < room ? (size_t)n : room - 1;
}

void panic(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "panic: ");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    abort();
}

s_time_t host_now;
s_time_t NOW(void) { return host_now; }

s_time_t host_timer_deadline = STIME_MAX;
unsigned int host_timer_reprograms;
void reprogram_timer(s_time_t deadline)
{
    host_timer_deadline = deadline;
    host_timer_reprograms++;
}

unsigned int smp_processor_id(void) { return 0; }

static unsigned long host_irq_flag = 1;
unsigned long local_irq_save(void)
{
    unsigned long old = host_irq_flag;
    host_irq_flag = 0;
    return old;
}
void local_irq_restore(unsigned long flags) { host_irq_flag = flags; }
void local_irq_enable(void) { host_irq_flag = 1; }
void local_irq_disable(void) { host_irq_flag = 0; }

long host_xenheap_pages;
long host_xenheap_fail_after = -1;

void *alloc_xenheap_pages(unsigned int order)
{
    if (host_xenheap_fail_after == 0)
        return NULL;
    if (host_xenheap_fail_after > 0)
        host_xenheap_fail_after--;
    void *p = aligned_alloc(PAGE_SIZE << order, PAGE_SIZE << order);
    if (p) {
        memset(p, 0xa5, PAGE_SIZE << order);   /* not zeroed, as on the hypervisor */
        host_xenheap_pages += 1L << order;
    }
    return p;
}

void free_xenheap_pages(void *v, unsigned int order)
{
    if (!v)
        return;
    host_xenheap_pages -= 1L << order;
    free(v);
}

/* One pCPU on the host: nobody else to interrupt. */
void arch_send_event_check(unsigned int cpu) { (void)cpu; }
