/*
 * selftest_domain.c - `selftest=domains`: build and destroy a PV domain 100 times
 * from boot module 0 and check that nothing leaks: free frames, heap bytes, live
 * domain and vcpu counts all return to their starting values. (By name only: it
 * needs a PV kernel as the first boot module.)
 */
#include <hestia/arch.h>
#include <hestia/bootinfo.h>
#include <hestia/domain.h>
#include <hestia/mm.h>
#include <hestia/printk.h>
#include <hestia/selftest.h>
#include <hestia/xmalloc.h>

#include <public/sched.h>

#define CYCLES 100

static int test_domains(char *why, size_t len)
{
    if (boot_info.nr_modules == 0)
        return selftest_fail(why, len, "needs a PV kernel as boot module 0");

    unsigned long free_before = avail_heap_pages();
    size_t heap_before = xmalloc_bytes_in_use();
    struct domain_counters before = domain_counters;

    for (unsigned int i = 0; i < CYCLES; i++) {
        struct domain *d = arch_build_domain(&boot_info.modules[0], 100, "cycle", false,
                                             4096, "workload=hello");
        if (!d)
            return selftest_fail(why, len, "building domain %u of %u failed", i + 1, CYCLES);
        domain_shutdown(d, SHUTDOWN_poweroff);
        if (domain_destroy(d) != 0)
            return selftest_fail(why, len, "destroying domain %u failed", i + 1);
    }

    if (avail_heap_pages() != free_before)
        return selftest_fail(why, len, "%ld frames lost after %u cycles",
                             (long)(free_before - avail_heap_pages()), CYCLES);
    if (xmalloc_bytes_in_use() != heap_before)
        return selftest_fail(why, len, "%ld heap bytes lost after %u cycles",
                             (long)(xmalloc_bytes_in_use() - heap_before), CYCLES);
    if (domain_counters.domains_live != before.domains_live ||
        domain_counters.vcpus_live != before.vcpus_live)
        return selftest_fail(why, len, "%lu domains / %lu vcpus still live",
                             domain_counters.domains_live, domain_counters.vcpus_live);
    if (domain_counters.domains_destroyed - before.domains_destroyed != CYCLES)
        return selftest_fail(why, len, "only %lu domains were destroyed",
                             domain_counters.domains_destroyed - before.domains_destroyed);
    printk("domains: %u create/destroy cycles, free frames back to %lu\n", CYCLES,
           free_before);
    return 0;
}
SELFTEST("domains", test_domains, SELFTEST_BY_NAME);
