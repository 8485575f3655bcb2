/*
 * smp.c - which pCPU am I? Until secondary CPUs are brought up (the scheduler issue
 * adds SMP), the boot CPU is the only one and it is CPU 0.
 */
#include <hestia/timer.h>

unsigned int smp_processor_id(void)
{
    return 0;
}
