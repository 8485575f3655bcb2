/*
 * tests/unit/test_memregion.c - host tests for sets of address ranges (mm/memregion.c).
 *
 * Each test builds a set and compares it with the exact list of ranges it must hold;
 * check_set() also verifies the invariant every operation must keep: sorted,
 * non-empty, disjoint and non-adjacent ranges.
 */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include <hestia/errno.h>
#include <hestia/memregion.h>

static struct memregion_set set;

static void setup(void)
{
    memset(&set, 0xa5, sizeof(set));   /* memregion_init must not rely on zeroes */
    memregion_init(&set);
}

static void check_set(void)
{
    ck_assert_uint_le(set.nr, MEMREGION_MAX);
    for (unsigned int i = 0; i < set.nr; i++) {
        ck_assert_msg(set.r[i].start < set.r[i].end, "range %u is empty", i);
        ck_assert_msg(i == 0 || set.r[i - 1].end < set.r[i].start,
                      "ranges %u and %u overlap, touch or are unsorted", i - 1, i);
    }
}

/* The set must be exactly these ranges (pairs start, end). */
static void expect(const paddr_t *ranges, unsigned int nr)
{
    check_set();
    ck_assert_uint_eq(set.nr, nr);
    for (unsigned int i = 0; i < nr; i++) {
        ck_assert_msg(set.r[i].start == ranges[2 * i] && set.r[i].end == ranges[2 * i + 1],
                      "range %u is [%#llx, %#llx), want [%#llx, %#llx)", i,
                      (unsigned long long)set.r[i].start, (unsigned long long)set.r[i].end,
                      (unsigned long long)ranges[2 * i],
                      (unsigned long long)ranges[2 * i + 1]);
    }
}

#define EXPECT(...) do { \
    static const paddr_t want_[] = { __VA_ARGS__ }; \
    expect(want_, ARRAY_SIZE(want_) / 2); \
} while (0)

START_TEST(test_add_sorted)
{
    ck_assert_int_eq(memregion_add(&set, 0x5000, 0x6000), 0);
    ck_assert_int_eq(memregion_add(&set, 0x1000, 0x2000), 0);
    ck_assert_int_eq(memregion_add(&set, 0x9000, 0xa000), 0);
    ck_assert_int_eq(memregion_add(&set, 0x3000, 0x4000), 0);
    EXPECT(0x1000, 0x2000, 0x3000, 0x4000, 0x5000, 0x6000, 0x9000, 0xa000);
    ck_assert_uint_eq(memregion_total(&set), 0x4000);
}
END_TEST

START_TEST(test_add_overlapping_merges)
{
    memregion_add(&set, 0x1000, 0x3000);
    memregion_add(&set, 0x2000, 0x4000);          /* overlaps the tail */
    EXPECT(0x1000, 0x4000);
    memregion_add(&set, 0x0800, 0x1800);          /* overlaps the head */
    EXPECT(0x0800, 0x4000);
    memregion_add(&set, 0x2000, 0x3000);          /* inside: nothing changes */
    EXPECT(0x0800, 0x4000);

    memregion_add(&set, 0x10000, 0x11000);
    memregion_add(&set, 0x12000, 0x13000);
    memregion_add(&set, 0x14000, 0x15000);
    memregion_add(&set, 0x20000, 0x21000);
    /* Swallow three ranges; the fourth lies beyond a gap and stays separate. */
    ck_assert_int_eq(memregion_add(&set, 0x0f000, 0x1f000), 0);
    EXPECT(0x0800, 0x4000, 0x0f000, 0x1f000, 0x20000, 0x21000);
    /* One big range covering everything. */
    ck_assert_int_eq(memregion_add(&set, 0, 0x100000), 0);
    EXPECT(0, 0x100000);
}
END_TEST

START_TEST(test_add_touching_merges)
{
    memregion_add(&set, 0x1000, 0x2000);
    memregion_add(&set, 0x2000, 0x3000);          /* touches the end */
    EXPECT(0x1000, 0x3000);
    memregion_add(&set, 0x0000, 0x1000);          /* touches the start */
    EXPECT(0x0000, 0x3000);

    /* A range filling the gap between two merges all three. */
    memregion_add(&set, 0x5000, 0x6000);
    memregion_add(&set, 0x7000, 0x8000);
    memregion_add(&set, 0x6000, 0x7000);
    EXPECT(0x0000, 0x3000, 0x5000, 0x8000);

    /* One byte apart: not touching, stays separate. */
    memregion_add(&set, 0x8001, 0x9000);
    EXPECT(0x0000, 0x3000, 0x5000, 0x8000, 0x8001, 0x9000);
}
END_TEST

START_TEST(test_add_empty_and_invalid)
{
    memregion_add(&set, 0x1000, 0x2000);
    ck_assert_int_eq(memregion_add(&set, 0x5000, 0x5000), 0);      /* empty */
    ck_assert_int_eq(memregion_add(&set, 0x2000, 0x2000), 0);      /* empty, touching */
    ck_assert_int_eq(memregion_add(&set, 0x6000, 0x5000), -EINVAL);
    ck_assert_int_eq(memregion_remove(&set, 0x1800, 0x1000), -EINVAL);
    ck_assert_int_eq(memregion_remove(&set, 0x1800, 0x1800), 0);
    EXPECT(0x1000, 0x2000);
}
END_TEST

START_TEST(test_remove_split)
{
    memregion_add(&set, 0x1000, 0x10000);
    ck_assert_int_eq(memregion_remove(&set, 0x3000, 0x4000), 0);
    EXPECT(0x1000, 0x3000, 0x4000, 0x10000);
    ck_assert_uint_eq(memregion_total(&set), 0xe000);
    /* Split the second part again. */
    ck_assert_int_eq(memregion_remove(&set, 0x8000, 0x8001), 0);
    EXPECT(0x1000, 0x3000, 0x4000, 0x8000, 0x8001, 0x10000);
}
END_TEST

START_TEST(test_remove_trims_and_spans)
{
    memregion_add(&set, 0, 10);
    memregion_add(&set, 20, 30);
    memregion_add(&set, 40, 50);
    memregion_add(&set, 60, 70);

    ck_assert_int_eq(memregion_remove(&set, 5, 45), 0);   /* tail, all, head */
    EXPECT(0, 5, 45, 50, 60, 70);
    ck_assert_int_eq(memregion_remove(&set, 0, 1), 0);    /* head exactly */
    EXPECT(1, 5, 45, 50, 60, 70);
    ck_assert_int_eq(memregion_remove(&set, 69, 100), 0); /* tail and beyond */
    EXPECT(1, 5, 45, 50, 60, 69);
    ck_assert_int_eq(memregion_remove(&set, 45, 50), 0);  /* a whole range */
    EXPECT(1, 5, 60, 69);
    ck_assert_int_eq(memregion_remove(&set, 5, 60), 0);   /* only the gap */
    EXPECT(1, 5, 60, 69);
    ck_assert_int_eq(memregion_remove(&set, 100, 200), 0);
    EXPECT(1, 5, 60, 69);
}
END_TEST

START_TEST(test_remove_all)
{
    for (paddr_t a = 0x1000; a < 0x40000; a += 0x2000)
        memregion_add(&set, a, a + 0x1000);
    ck_assert_uint_eq(set.nr, 0x20);
    ck_assert_int_eq(memregion_remove(&set, 0, UINT64_MAX), 0);
    ck_assert_uint_eq(set.nr, 0);
    ck_assert_uint_eq(memregion_total(&set), 0);
    ck_assert_uint_eq(memregion_find(&set, 1, 1, UINT64_MAX), 0);

    /* The set works again afterwards. */
    memregion_add(&set, 0x1000, 0x2000);
    EXPECT(0x1000, 0x2000);
}
END_TEST

START_TEST(test_full_array)
{
    /* MEMREGION_MAX ranges [0x2000 i + 0x1000, 0x2000 i + 0x2000). */
    for (unsigned int i = 0; i < MEMREGION_MAX; i++)
        ck_assert_int_eq(memregion_add(&set, 0x2000ULL * i + 0x1000, 0x2000ULL * i + 0x2000),
                         0);
    ck_assert_uint_eq(set.nr, MEMREGION_MAX);
    struct memregion_set saved = set;

    /* A new separate range does not fit, anywhere; the set is unchanged. */
    ck_assert_int_eq(memregion_add(&set, 0x100, 0x200), -ENOSPC);
    ck_assert_int_eq(memregion_add(&set, 0x10000000, 0x10001000), -ENOSPC);
    ck_assert_int_eq(memregion_add(&set, 0x1100 + 0x2000 * 5, 0x1200 + 0x2000 * 5), 0);
    /* Splitting a range needs a slot too. */
    ck_assert_int_eq(memregion_remove(&set, 0x1400, 0x1800), -ENOSPC);
    ck_assert_mem_eq(&set, &saved, sizeof(set));

    /* Merging and trimming need no slot. */
    ck_assert_int_eq(memregion_add(&set, 0x2000, 0x3000), 0);   /* joins 0 and 1 */
    ck_assert_uint_eq(set.nr, MEMREGION_MAX - 1);
    ck_assert_int_eq(memregion_remove(&set, 0x1000, 0x1800), 0);
    ck_assert_uint_eq(set.nr, MEMREGION_MAX - 1);
    ck_assert_uint_eq(set.r[0].start, 0x1800);
    ck_assert_uint_eq(set.r[0].end, 0x4000);
    check_set();

    /* Now there is room for one more. */
    ck_assert_int_eq(memregion_add(&set, 0x100, 0x200), 0);
    ck_assert_uint_eq(set.nr, MEMREGION_MAX);
    ck_assert_uint_eq(set.r[0].start, 0x100);
    check_set();
}
END_TEST

START_TEST(test_find_lowest_fit)
{
    memregion_add(&set, 0x1000, 0x5000);
    memregion_add(&set, 0x10000, 0x20000);

    ck_assert_uint_eq(memregion_find(&set, 0x1000, 0x1000, UINT64_MAX), 0x1000);
    ck_assert_uint_eq(memregion_find(&set, 0x4000, 0x1000, UINT64_MAX), 0x1000);  /* exact */
    ck_assert_uint_eq(memregion_find(&set, 0x4001, 1, UINT64_MAX), 0x10000);      /* too big */
    ck_assert_uint_eq(memregion_find(&set, 0x10000, 1, UINT64_MAX), 0x10000);
    ck_assert_uint_eq(memregion_find(&set, 0x10001, 1, UINT64_MAX), 0);           /* nowhere */
    ck_assert_uint_eq(memregion_find(&set, 1, 1, UINT64_MAX), 0x1000);
    /* find does not take anything out of the set. */
    ck_assert_uint_eq(memregion_total(&set), 0x14000);
}
END_TEST

START_TEST(test_find_alignment)
{
    memregion_add(&set, 0x1000, 0x5000);
    memregion_add(&set, 0x10000, 0x20000);

    /* 0x4000-aligned in [0x1000, 0x5000): only 0x4000, with 0x1000 bytes left. */
    ck_assert_uint_eq(memregion_find(&set, 0x1000, 0x4000, UINT64_MAX), 0x4000);
    ck_assert_uint_eq(memregion_find(&set, 0x1001, 0x4000, UINT64_MAX), 0x10000);
    ck_assert_uint_eq(memregion_find(&set, 0x1000, 0x8000, UINT64_MAX), 0x10000);
    ck_assert_uint_eq(memregion_find(&set, 0x1000, 0x20000, UINT64_MAX), 0);
    ck_assert_uint_eq(memregion_find(&set, 0x1000, 1ULL << 40, UINT64_MAX), 0);
    /* Alignment 0 is taken as 1. */
    ck_assert_uint_eq(memregion_find(&set, 0x100, 0, UINT64_MAX), 0x1000);
    ck_assert_uint_eq((memregion_find(&set, 0x10, 0x10000, UINT64_MAX)) % 0x10000, 0);
}
END_TEST

START_TEST(test_find_limit)
{
    memregion_add(&set, 0x1000, 0x5000);
    memregion_add(&set, 0x10000, 0x20000);

    /* Entirely below the limit: end == limit is fine, one byte over is not. */
    ck_assert_uint_eq(memregion_find(&set, 0x2000, 0x1000, 0x3000), 0x1000);
    ck_assert_uint_eq(memregion_find(&set, 0x2000, 0x1000, 0x2fff), 0);
    ck_assert_uint_eq(memregion_find(&set, 0x8000, 0x1000, 0x18000), 0x10000);
    ck_assert_uint_eq(memregion_find(&set, 0x8000, 0x1000, 0x17fff), 0);
    ck_assert_uint_eq(memregion_find(&set, 0x1000, 0x1000, 0x1000), 0);
    ck_assert_uint_eq(memregion_find(&set, 0x2000, 1, 0x1000), 0);   /* size > limit */
}
END_TEST

START_TEST(test_find_edges)
{
    /* A range at address 0: 0 means "none", so the first fit is above it. */
    memregion_add(&set, 0, 0x3000);
    ck_assert_uint_eq(memregion_find(&set, 0x1000, 0x1000, UINT64_MAX), 0x1000);
    ck_assert_uint_eq(memregion_find(&set, 0x3000, 0x1000, UINT64_MAX), 0);

    /* A range at the very top: rounding up must not wrap to a low address. */
    memregion_init(&set);
    memregion_add(&set, UINT64_MAX - 0x2fff, UINT64_MAX);
    ck_assert_uint_eq(memregion_find(&set, 0x1000, 0x1000, UINT64_MAX),
                      UINT64_MAX - 0x2fff);
    ck_assert_uint_eq(memregion_find(&set, 0x1000, 1ULL << 63, UINT64_MAX), 0);
    ck_assert_uint_eq(memregion_find(&set, 0x4000, 1, UINT64_MAX), 0);
}
END_TEST

Suite *memregion_suite(void)
{
    Suite *s = suite_create("memregion");
    TCase *tc = tcase_create("ranges");

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_add_sorted);
    tcase_add_test(tc, test_add_overlapping_merges);
    tcase_add_test(tc, test_add_touching_merges);
    tcase_add_test(tc, test_add_empty_and_invalid);
    tcase_add_test(tc, test_remove_split);
    tcase_add_test(tc, test_remove_trims_and_spans);
    tcase_add_test(tc, test_remove_all);
    tcase_add_test(tc, test_full_array);
    tcase_add_test(tc, test_find_lowest_fit);
    tcase_add_test(tc, test_find_alignment);
    tcase_add_test(tc, test_find_limit);
    tcase_add_test(tc, test_find_edges);
    suite_add_tcase(s, tc);
    return s;
}
