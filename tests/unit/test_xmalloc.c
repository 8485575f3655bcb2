/*
 * tests/unit/test_xmalloc.c - host tests for the hypervisor heap (mm/xmalloc.c).
 *
 * The pages come from the fake alloc_xenheap_pages in stubs.c, which fills them with
 * 0xa5, counts them in host_xenheap_pages and can be told to fail
 * (host_xenheap_fail_after). Every test frees all it allocates and checks that both
 * xmalloc_bytes_in_use() and host_xenheap_pages are back to 0: no leaked bytes, no
 * leaked pages.
 */
#include <check.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hestia/mm.h>
#include <hestia/xmalloc.h>
#include "host.h"

/* Like ck_assert_msg, without a (slow) checkpoint per call: for checks in loops. */
#define REQUIRE(cond, ...) do { if (!(cond)) ck_abort_msg(__VA_ARGS__); } while (0)

static void setup(void)
{
    host_xenheap_fail_after = -1;
    ck_assert_uint_eq(xmalloc_bytes_in_use(), 0);
    ck_assert_int_eq(host_xenheap_pages, 0);
}

static void assert_all_returned(void)
{
    ck_assert_uint_eq(xmalloc_bytes_in_use(), 0);
    ck_assert_int_eq(host_xenheap_pages, 0);
}

static bool aligned16(const void *p)
{
    return ((uintptr_t)p & 15) == 0;
}

/* Fill an object with a pattern derived from its index, and check it later. */
static void fill(void *p, size_t size, unsigned int id)
{
    unsigned char *b = p;
    for (size_t i = 0; i < size; i++)
        b[i] = (unsigned char)(id * 31 + i * 7 + 1);
}

static void verify(const void *p, size_t size, unsigned int id)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < size; i++)
        REQUIRE(b[i] == (unsigned char)(id * 31 + i * 7 + 1),
                "object %u (%zu bytes) corrupted at byte %zu", id, size, i);
}

static uint64_t rng_state;
static unsigned long rng(unsigned long bound)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned long)(rng_state % bound);
}

START_TEST(test_many_sizes_aligned_disjoint)
{
    enum { N = 400 };
    static const size_t big[] = { 511, 512, 513, 1000, 1023, 1024, 1025, 2047, 2048,
                                  2049, 4000, 4032, 4033, 4096, 8192, 20000, 100000 };
    static void *p[N];
    static size_t size[N];
    unsigned int n = 0;

    for (size_t s = 1; s <= 300; s++)
        size[n++] = s;
    for (size_t i = 0; i < ARRAY_SIZE(big); i++)
        for (int copies = 0; copies < 3; copies++)
            size[n++] = big[i];
    ck_assert_uint_le(n, N);

    for (unsigned int i = 0; i < n; i++) {
        p[i] = xmalloc_bytes(size[i]);
        ck_assert_ptr_nonnull(p[i]);
        ck_assert_msg(aligned16(p[i]), "xmalloc(%zu) = %p unaligned", size[i], p[i]);
        fill(p[i], size[i], i);
    }
    for (unsigned int i = 0; i < n; i++)   /* any overlap corrupted someone */
        verify(p[i], size[i], i);

    /* Free odd ones upwards, then even ones downwards, checking the rest each time. */
    for (unsigned int i = 1; i < n; i += 2)
        xfree(p[i]);
    for (unsigned int i = 0; i < n; i += 2)
        verify(p[i], size[i], i);
    for (unsigned int i = (n - 1) & ~1U; ; i -= 2) {
        xfree(p[i]);
        if (i == 0)
            break;
    }
    assert_all_returned();
}
END_TEST

START_TEST(test_bytes_in_use_rounded)
{
    struct { size_t ask, counted; } cases[] = {
        { 1, 16 }, { 16, 16 }, { 17, 32 }, { 100, 128 }, { 1024, 1024 },
        { 1025, PAGE_SIZE }, { PAGE_SIZE, 2 * PAGE_SIZE }, { 20000, 8 * PAGE_SIZE },
    };
    void *p[ARRAY_SIZE(cases)];
    size_t total = 0;

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        p[i] = xmalloc_bytes(cases[i].ask);
        ck_assert_ptr_nonnull(p[i]);
        total += cases[i].counted;
        ck_assert_msg(xmalloc_bytes_in_use() == total, "after xmalloc(%zu): %zu, want %zu",
                      cases[i].ask, xmalloc_bytes_in_use(), total);
    }
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        xfree(p[i]);
        total -= cases[i].counted;
        ck_assert_uint_eq(xmalloc_bytes_in_use(), total);
    }
    assert_all_returned();
}
END_TEST

START_TEST(test_large_uses_whole_pages)
{
    /* A large allocation is one block of pages: the fake counts its pages. */
    void *a = xmalloc_bytes(3000);
    ck_assert_int_eq(host_xenheap_pages, 1);
    void *b = xmalloc_bytes(3 * PAGE_SIZE);   /* plus the header: 4 pages */
    ck_assert_int_eq(host_xenheap_pages, 5);
    memset(a, 1, 3000);
    memset(b, 2, 3 * PAGE_SIZE);              /* ASan checks the block is that big */
    xfree(b);
    ck_assert_int_eq(host_xenheap_pages, 1);
    xfree(a);
    assert_all_returned();
}
END_TEST

/* Fill one slab page of 16-byte chunks; return how many it holds. */
static unsigned int fill_one_page(void **p, unsigned int room)
{
    unsigned int n = 0;

    for (;;) {
        ck_assert_uint_lt(n, room);
        p[n] = xmalloc_bytes(16);
        ck_assert_ptr_nonnull(p[n]);
        if (host_xenheap_pages == 2)
            return n;   /* p[n] opened a second page */
        n++;
    }
}

START_TEST(test_slab_pages_shared_and_returned)
{
    enum { ROOM = 512 };
    static void *p[ROOM];

    unsigned int n = fill_one_page(p, ROOM);
    ck_assert_uint_ge(n, 200);   /* 16-byte chunks pack densely */
    uintptr_t page = (uintptr_t)p[0] & PAGE_MASK;
    for (unsigned int i = 0; i < n; i++)
        ck_assert_uint_eq((uintptr_t)p[i] & PAGE_MASK, page);
    ck_assert_uint_ne((uintptr_t)p[n] & PAGE_MASK, page);

    /* Emptying the second page returns it; the first stays. */
    xfree(p[n]);
    ck_assert_int_eq(host_xenheap_pages, 1);

    /* The first page is full: freeing one chunk must make it usable again. */
    void *hole = p[n / 2];
    xfree(hole);
    void *again = xmalloc_bytes(16);
    ck_assert_ptr_eq(again, hole);
    ck_assert_int_eq(host_xenheap_pages, 1);
    p[n / 2] = again;

    /* Other classes get pages of their own. */
    void *q = xmalloc_bytes(100);
    ck_assert_int_eq(host_xenheap_pages, 2);
    xfree(q);
    ck_assert_int_eq(host_xenheap_pages, 1);

    for (unsigned int i = 0; i < n; i++)
        xfree(p[i]);
    assert_all_returned();
}
END_TEST

START_TEST(test_xzalloc_zeroes)
{
    static const size_t sizes[] = { 1, 16, 100, 1024, 3000, 10000 };

    for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
        unsigned char *p = xzalloc_bytes(sizes[i]);
        ck_assert_ptr_nonnull(p);
        for (size_t j = 0; j < sizes[i]; j++)
            REQUIRE(p[j] == 0, "xzalloc(%zu)[%zu] = %#x", sizes[i], j, p[j]);
        xfree(p);
    }

    /* A reused, dirty chunk is zeroed too (keep the page alive with a neighbour). */
    void *keep = xmalloc_bytes(64);
    unsigned char *dirty = xmalloc_bytes(64);
    memset(dirty, 0xff, 64);
    xfree(dirty);
    unsigned char *z = xzalloc_bytes(64);
    ck_assert_ptr_eq(z, dirty);
    for (int j = 0; j < 64; j++)
        ck_assert_uint_eq(z[j], 0);
    xfree(z);
    xfree(keep);
    assert_all_returned();
}
END_TEST

START_TEST(test_zero_size_and_null)
{
    void *a = xmalloc_bytes(0);
    void *b = xmalloc_bytes(0);

    /* Documented: a minimal 16-byte chunk, so NULL only ever means out of memory. */
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert_ptr_ne(a, b);
    ck_assert(aligned16(a) && aligned16(b));
    ck_assert_uint_eq(xmalloc_bytes_in_use(), 32);
    xfree(a);
    xfree(b);
    xfree(NULL);
    assert_all_returned();
}
END_TEST

START_TEST(test_out_of_memory)
{
    host_xenheap_fail_after = 0;
    ck_assert_ptr_null(xmalloc_bytes(16));
    ck_assert_ptr_null(xmalloc_bytes(5000));
    ck_assert_ptr_null(xzalloc_bytes(100));
    assert_all_returned();

    /* One page left: a small class gets it, the rest of that page still works. */
    host_xenheap_fail_after = 1;
    void *a = xmalloc_bytes(32);
    ck_assert_ptr_nonnull(a);
    void *b = xmalloc_bytes(32);
    ck_assert_ptr_nonnull(b);
    ck_assert_ptr_null(xmalloc_bytes(64));     /* needs a new page */
    ck_assert_ptr_null(xmalloc_bytes(2000));   /* so does a large one */
    ck_assert_uint_eq(xmalloc_bytes_in_use(), 64);
    xfree(a);
    xfree(b);
    host_xenheap_fail_after = -1;
    assert_all_returned();
}
END_TEST

START_TEST(test_too_large)
{
    ck_assert_ptr_null(xmalloc_bytes(SIZE_MAX));
    ck_assert_ptr_null(xmalloc_bytes(SIZE_MAX - 8));
    ck_assert_ptr_null(xmalloc_bytes(PAGE_SIZE << MAX_ORDER));   /* no room for header */
    assert_all_returned();
}
END_TEST

START_TEST(test_random_stress)
{
    enum { LIVE = 256 };
    static void *p[LIVE];
    static size_t size[LIVE];
    static unsigned int id[LIVE];

    rng_state = 0xdeadbeefcafef00dULL;
    for (unsigned int round = 0; round < 5000; round++) {
        unsigned int k = (unsigned int)rng(LIVE);
        if (p[k]) {
            verify(p[k], size[k], id[k]);
            xfree(p[k]);
            p[k] = NULL;
            continue;
        }
        size[k] = rng(4) ? 1 + rng(1024) : 1 + rng(20000);
        id[k] = round;
        p[k] = xmalloc_bytes(size[k]);
        ck_assert_ptr_nonnull(p[k]);
        ck_assert(aligned16(p[k]));
        fill(p[k], size[k], id[k]);
    }
    for (unsigned int k = 0; k < LIVE; k++) {
        if (p[k]) {
            verify(p[k], size[k], id[k]);
            xfree(p[k]);
        }
    }
    assert_all_returned();
}
END_TEST

/* Frees of pointers xmalloc never handed out stop the system. */
START_TEST(test_free_foreign_pointer_panics)
{
    unsigned char *page = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
    memset(page, 0, PAGE_SIZE);
    xfree(page + 128);   /* no magic at the page start */
}
END_TEST

START_TEST(test_double_free_panics)
{
    void *keep = xmalloc_bytes(48);   /* keeps the page alive after the first free */
    void *p = xmalloc_bytes(48);
    (void)keep;
    xfree(p);
    xfree(p);
}
END_TEST

START_TEST(test_free_inside_chunk_panics)
{
    char *p = xmalloc_bytes(64);
    xfree(p + 16);
}
END_TEST

Suite *xmalloc_suite(void)
{
    Suite *s = suite_create("xmalloc");
    TCase *tc = tcase_create("heap");

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_many_sizes_aligned_disjoint);
    tcase_add_test(tc, test_bytes_in_use_rounded);
    tcase_add_test(tc, test_large_uses_whole_pages);
    tcase_add_test(tc, test_slab_pages_shared_and_returned);
    tcase_add_test(tc, test_xzalloc_zeroes);
    tcase_add_test(tc, test_zero_size_and_null);
    tcase_add_test(tc, test_out_of_memory);
    tcase_add_test(tc, test_too_large);
    tcase_add_test(tc, test_random_stress);
    suite_add_tcase(s, tc);

    TCase *bad = tcase_create("bad_frees");
    tcase_add_test_raise_signal(bad, test_free_foreign_pointer_panics, SIGABRT);
    tcase_add_test_raise_signal(bad, test_double_free_panics, SIGABRT);
    tcase_add_test_raise_signal(bad, test_free_inside_chunk_panics, SIGABRT);
    suite_add_tcase(s, bad);
    return s;
}
