/*
 * pvguest/include/pvguest/time.h - system time and sleeping.
 *
 * System time is the hypervisor's clock: nanoseconds since it booted, computed by
 * the guest from the TSC and the vcpu_time_info the hypervisor keeps in vcpu_info
 * (time.c explains the formula). Timers take absolute system times.
 */
#ifndef PVGUEST_TIME_H
#define PVGUEST_TIME_H

#include <stdbool.h>
#include <stdint.h>

#define NSEC_PER_USEC 1000ULL
#define NSEC_PER_MSEC 1000000ULL
#define NSEC_PER_SEC  1000000000ULL

uint64_t NOW(void);                       /* system time, ns */
void time_init(void);                     /* bind VIRQ_TIMER, stop periodic ticks */
void sleep_until(uint64_t deadline_ns);   /* block until NOW() >= deadline */
/* Block until the deadline or until an event handler has set *flag (true). */
bool sleep_until_flag(uint64_t deadline_ns, volatile unsigned long *flag);
void sleep_ns(uint64_t ns);
void busy_wait_ns(uint64_t ns);           /* spin, measuring with NOW() */
extern volatile unsigned long timer_events; /* VIRQ_TIMER upcalls seen */

#endif /* PVGUEST_TIME_H */
