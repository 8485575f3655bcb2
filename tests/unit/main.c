/*
 * tests/unit/main.c - runs every host unit-test suite with Check.
 *
 * The portable parts of Hestia (frame allocator, heap, memory ranges, printf-style
 * formatting, command-line options, timer queue, symbol lookup) are compiled for the
 * host together with these tests, under AddressSanitizer and UBSan. Each test file
 * defines one suite; add yours to the list below.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

Suite *page_alloc_suite(void);
Suite *xmalloc_suite(void);
Suite *memregion_suite(void);
Suite *vsprintf_suite(void);
Suite *params_suite(void);
Suite *timer_suite(void);
Suite *symbols_suite(void);
Suite *abi_suite(void);
Suite *elf_suite(void);
Suite *pv_layout_suite(void);
Suite *pv_pagetable_suite(void);
Suite *hypercalls_suite(void);
Suite *sched_rr_suite(void);
Suite *sim_suite(void);
Suite *heap_suite(void);
Suite *edf_suite(void);
Suite *rt_suite(void);
Suite *credit_suite(void);
Suite *hvtrace_suite(void);
Suite *grant_table_suite(void);
Suite *evtchn_suite(void);
Suite *dom0_config_suite(void);
Suite *ring_suite(void);

int main(void)
{
    SRunner *sr = srunner_create(page_alloc_suite());
    srunner_add_suite(sr, xmalloc_suite());
    srunner_add_suite(sr, memregion_suite());
    srunner_add_suite(sr, vsprintf_suite());
    srunner_add_suite(sr, params_suite());
    srunner_add_suite(sr, timer_suite());
    srunner_add_suite(sr, symbols_suite());
    srunner_add_suite(sr, abi_suite());
    srunner_add_suite(sr, elf_suite());
    srunner_add_suite(sr, pv_layout_suite());
    srunner_add_suite(sr, pv_pagetable_suite());
    srunner_add_suite(sr, hypercalls_suite());
    srunner_add_suite(sr, sched_rr_suite());
    srunner_add_suite(sr, sim_suite());
    srunner_add_suite(sr, heap_suite());
    srunner_add_suite(sr, edf_suite());
    srunner_add_suite(sr, rt_suite());
    srunner_add_suite(sr, credit_suite());
    srunner_add_suite(sr, hvtrace_suite());
    srunner_add_suite(sr, grant_table_suite());
    srunner_add_suite(sr, evtchn_suite());
    srunner_add_suite(sr, dom0_config_suite());
    srunner_add_suite(sr, ring_suite());

    srunner_run_all(sr, CK_VERBOSE);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
