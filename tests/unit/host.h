/*
 * tests/unit/host.h - what the host stand-ins in stubs.c offer to tests.
 *
 * Portable hypervisor code calls printk, NOW, reprogram_timer, local_irq_* and
 * alloc_xenheap_pages; on the host these are the fakes below, which tests inspect.
 */
#ifndef TESTS_UNIT_HOST_H
#define TESTS_UNIT_HOST_H

#include <hestia/types.h>

/* Everything printk printed since the last host_log_reset(), NUL-terminated. */
extern char host_log[16384];
void host_log_reset(void);

/* The fake clock returned by NOW(), in ns; tests set it. */
extern s_time_t host_now;

/* The last deadline passed to reprogram_timer(), and how many calls there were. */
extern s_time_t host_timer_deadline;
extern unsigned int host_timer_reprograms;

/* Pages handed out by the fake alloc_xenheap_pages and not yet freed. */
extern long host_xenheap_pages;
/* When non-negative: how many more xenheap allocations succeed before failing. */
extern long host_xenheap_fail_after;

#endif /* TESTS_UNIT_HOST_H */
