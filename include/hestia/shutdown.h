/*
 * shutdown.h - ending a run with a status (kernel/shutdown.c).
 */
#ifndef HESTIA_SHUTDOWN_H
#define HESTIA_SHUTDOWN_H

#include <hestia/types.h>

/* Exit statuses. QEMU exits with (status << 1) | 1. */
#define SHUTDOWN_SUCCESS    0
#define SHUTDOWN_TESTFAIL   1   /* a self-test failed */
#define SHUTDOWN_PANIC      2   /* panic() or a fatal exception */

/* Print the result line and stop the machine. */
void poweroff(int status) __noreturn;

#endif /* HESTIA_SHUTDOWN_H */
