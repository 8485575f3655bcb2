/*
 * selftest_fault.c - the exception path: `selftest=fault` takes a deliberate page
 * fault inside the hypervisor. The expected outcome is the fatal-exception dump
 * (vector, error code, CR2, registers, a backtrace naming fault_trigger and
 * test_fault) and a non-zero exit status; so this test "passes" by ending the run,
 * and the boot test checks the dump. It is never part of selftest=all.
 */
#include <hestia/printk.h>
#include <hestia/selftest.h>

/* An address in the lower half, which the hypervisor never maps for itself. */
#define UNMAPPED_ADDRESS 0xdead000UL

static __attribute__((noinline, noclone)) void fault_trigger(unsigned long addr)
{
    printk("fault: writing to 0x%lx, which is not mapped\n", addr);
    *(volatile unsigned long *)addr = 0x1234;
}

static __attribute__((noinline, noclone)) int test_fault(char *why, size_t len)
{
    fault_trigger(UNMAPPED_ADDRESS);
    /* Not reached: the page fault is fatal. */
    return selftest_fail(why, len, "the write to 0x%lx did not fault", UNMAPPED_ADDRESS);
}
SELFTEST("fault", test_fault, SELFTEST_BY_NAME);
