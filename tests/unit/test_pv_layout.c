/*
 * test_pv_layout.c - the PV domain builder's start-of-day layout (pv_layout.c).
 */
#include <check.h>

#include <hestia/errno.h>
#include <hestia/pv_layout.h>

#define VBASE 0xffffffff80000000ULL
#define MB(x) ((uint64_t)(x) << 20)

START_TEST(test_order_and_alignment)
{
    struct pv_layout l;
    ck_assert_int_eq(pv_compute_layout(&l, VBASE, VBASE, VBASE + 0x5123, 1024), 0);
    ck_assert_uint_eq(l.v_start, VBASE);
    ck_assert_uint_eq(l.v_kend, VBASE + 0x6000);          /* rounded up to a page */
    ck_assert_uint_eq(l.p2m, l.v_kend);
    ck_assert_uint_eq(l.start_info, l.p2m + 0x2000);      /* 1024 * 8 bytes = 2 pages */
    ck_assert_uint_eq(l.console, l.start_info + 0x1000);
    ck_assert_uint_eq(l.store, l.console + 0x1000);
    ck_assert_uint_eq(l.pt, l.store + 0x1000);
    ck_assert_uint_eq(l.stack, l.pt + (uint64_t)l.nr_pt_frames * 0x1000);
    ck_assert_uint_eq(l.v_end % MB(4), 0);
    ck_assert_uint_ge(l.v_end - (l.stack + 0x1000), 512 * 1024);
}
END_TEST

START_TEST(test_table_counts_small)
{
    /* 4 MiB mapped from a 1 GiB-aligned base: one L3, one L2, two L1s, plus the L4. */
    struct pv_layout l;
    ck_assert_int_eq(pv_compute_layout(&l, VBASE, VBASE, VBASE + 0x10000, 1024), 0);
    ck_assert_uint_eq(l.v_end, VBASE + MB(4));
    ck_assert_uint_eq(l.nr_l3, 1);
    ck_assert_uint_eq(l.nr_l2, 1);
    ck_assert_uint_eq(l.nr_l1, 2);
    ck_assert_uint_eq(l.nr_pt_frames, 5);
}
END_TEST

START_TEST(test_tables_cover_themselves)
{
    /*
     * A kernel ending just below a 2 MiB boundary: the extra L1 needed to map the
     * tables and stack pushes things on; the iteration must settle so that every
     * page up to v_end has a table.
     */
    for (uint64_t kend = MB(1); kend < MB(12); kend += 0x1000 * 37) {
        struct pv_layout l;
        ck_assert_int_eq(pv_compute_layout(&l, VBASE, VBASE, VBASE + kend, 8192), 0);
        unsigned int l1 = (unsigned int)(((l.v_end - 1) >> 21) - (l.v_start >> 21) + 1);
        ck_assert_uint_eq(l.nr_l1, l1);
        ck_assert_uint_eq(l.nr_pt_frames, 1 + l.nr_l3 + l.nr_l2 + l.nr_l1);
        ck_assert_uint_eq(l.stack, l.pt + (uint64_t)l.nr_pt_frames * 0x1000);
        ck_assert_uint_ge(l.v_end, l.stack + 0x1000 + 512 * 1024);
    }
}
END_TEST

START_TEST(test_crossing_a_gib)
{
    /*
     * A base 256 KiB below a 1 GiB boundary: the mapping must run at least 512 KiB
     * past the stack, so it crosses into the next GiB and needs two L2 tables.
     */
    uint64_t base = VBASE + MB(1024) - 0x40000;
    struct pv_layout l;
    ck_assert_int_eq(pv_compute_layout(&l, base, base, base + 0x10000, 2048), 0);
    ck_assert_uint_eq(l.nr_l2, 2);
}
END_TEST

START_TEST(test_too_little_memory)
{
    struct pv_layout l;
    /* 4 MiB must be mapped, but only 512 pages (2 MiB) were given. */
    ck_assert_int_eq(pv_compute_layout(&l, VBASE, VBASE, VBASE + 0x10000, 512), -ENOMEM);
    ck_assert_int_eq(pv_compute_layout(&l, VBASE, VBASE, VBASE + 0x10000, 1024), 0);
}
END_TEST

START_TEST(test_bad_input)
{
    struct pv_layout l;
    ck_assert_int_eq(pv_compute_layout(&l, VBASE + 1, VBASE + 1, VBASE + 0x1000, 1024), -EINVAL);
    ck_assert_int_eq(pv_compute_layout(&l, VBASE, VBASE - 0x1000, VBASE + 0x1000, 1024), -EINVAL);
    ck_assert_int_eq(pv_compute_layout(&l, VBASE, VBASE, VBASE, 1024), -EINVAL);
    ck_assert_int_eq(pv_compute_layout(&l, VBASE, VBASE, VBASE + 0x1000, 0), -EINVAL);
    /* So close to the top of the address space that the mapping would wrap. */
    uint64_t top = 0xfffffffffff00000ULL;
    ck_assert_int_eq(pv_compute_layout(&l, top, top, top + 0x1000, 1024), -EINVAL);
}
END_TEST

START_TEST(test_pfn_of)
{
    struct pv_layout l;
    ck_assert_int_eq(pv_compute_layout(&l, VBASE, VBASE, VBASE + 0x10000, 1024), 0);
    ck_assert_uint_eq(pv_layout_pfn(&l, VBASE), 0);
    ck_assert_uint_eq(pv_layout_pfn(&l, l.start_info), (l.start_info - VBASE) >> 12);
    ck_assert_uint_eq(pv_layout_pfn(&l, VBASE + 0x1fff), 1);
}
END_TEST

Suite *pv_layout_suite(void)
{
    Suite *s = suite_create("pv_layout");
    TCase *tc = tcase_create("layout");
    tcase_add_test(tc, test_order_and_alignment);
    tcase_add_test(tc, test_table_counts_small);
    tcase_add_test(tc, test_tables_cover_themselves);
    tcase_add_test(tc, test_crossing_a_gib);
    tcase_add_test(tc, test_too_little_memory);
    tcase_add_test(tc, test_bad_input);
    tcase_add_test(tc, test_pfn_of);
    suite_add_tcase(s, tc);
    return s;
}
