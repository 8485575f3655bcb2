/*
 * tests/unit/test_page_alloc.c - host tests for the buddy allocator (mm/page_alloc.c).
 *
 * The allocator only ever looks at page_info, so each test builds a frame table for
 * frames that do not exist (filled with junk first, so page_alloc_init must set every
 * field), gives ranges of it to the heap and checks the exact shape of the free
 * lists through heap_get_stats() and the PGC_free heads in the table. check_heap()
 * re-derives the free lists from the table and also checks the buddy invariant: no
 * two free buddies of the same order may exist once a free has finished merging.
 */
#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <hestia/mm.h>
#include "host.h"

/*
 * ck_assert* records a checkpoint on every call (a write to a pipe), far too slow
 * for checks inside loops over thousands of frames; REQUIRE only acts on failure.
 */
#define REQUIRE(cond, ...) do { if (!(cond)) ck_abort_msg(__VA_ARGS__); } while (0)

static struct page_info *table;

/* A new frame table of nr junk-filled entries and an empty heap over it. */
static void fresh_heap(unsigned long nr)
{
    free(table);
    table = malloc(nr * sizeof(*table));
    ck_assert_ptr_nonnull(table);
    memset(table, 0x5a, nr * sizeof(*table));
    page_alloc_init(table, nr);
}

static void teardown(void)
{
    free(table);
    table = NULL;
}

/* A small deterministic generator (xorshift64), so failures reproduce. */
static uint64_t rng_state;
static unsigned long rng(unsigned long bound)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned long)(rng_state % bound);
}

static void shuffle(unsigned long *a, unsigned long n)
{
    for (unsigned long i = n; i > 1; i--) {
        unsigned long j = rng(i), t = a[i - 1];
        a[i - 1] = a[j];
        a[j] = t;
    }
}

static bool is_free_head(unsigned long mfn, unsigned int order)
{
    return (table[mfn].count_info & PGC_free) && table[mfn].u.free.order == order;
}

/*
 * Rebuild the statistics from the frame table alone and compare them with what the
 * allocator reports; check alignment, bounds, that no block covers a reserved frame
 * or another head, and that no two free buddies were left unmerged.
 */
static void check_heap(void)
{
    struct heap_stats st, seen = { 0 };

    heap_get_stats(&st);
    for (unsigned long mfn = 0; mfn < max_page; mfn++) {
        if (!(table[mfn].count_info & PGC_free))
            continue;
        unsigned int order = table[mfn].u.free.order;
        REQUIRE(order <= MAX_ORDER, "free block %lu has order %u", mfn, order);
        unsigned long size = 1UL << order;
        REQUIRE((mfn & (size - 1)) == 0, "free block %lu order %u unaligned", mfn, order);
        REQUIRE(mfn + size <= max_page, "free block %lu order %u past the end", mfn,
                order);
        for (unsigned long i = 0; i < size; i++) {
            REQUIRE(!(table[mfn + i].count_info & PGC_reserved),
                    "free block %lu covers reserved frame %lu", mfn, mfn + i);
            REQUIRE(i == 0 || !(table[mfn + i].count_info & PGC_free),
                    "free block %lu order %u overlaps head %lu", mfn, order, mfn + i);
        }
        unsigned long buddy = mfn ^ size;
        REQUIRE(order == MAX_ORDER || buddy >= max_page || !is_free_head(buddy, order),
                "free buddies %lu and %lu of order %u not merged", mfn, buddy, order);
        seen.free_blocks[order]++;
        seen.free_pages += size;
    }
    ck_assert_uint_eq(seen.free_pages, st.free_pages);
    ck_assert_uint_eq(avail_heap_pages(), st.free_pages);
    for (unsigned int o = 0; o <= MAX_ORDER; o++)
        REQUIRE(seen.free_blocks[o] == st.free_blocks[o],
                "order %u: %lu free heads in the table, stats say %lu", o,
                seen.free_blocks[o], st.free_blocks[o]);
}

/* Assert the free blocks per order: expect[o] for o < n, zero above. */
static void assert_blocks(const unsigned long *expect, unsigned int n)
{
    struct heap_stats st;

    heap_get_stats(&st);
    for (unsigned int o = 0; o <= MAX_ORDER; o++) {
        unsigned long want = o < n ? expect[o] : 0;
        ck_assert_msg(st.free_blocks[o] == want, "order %u: %lu free blocks, want %lu",
                      o, st.free_blocks[o], want);
    }
    check_heap();
}

static void assert_same_stats(const struct heap_stats *a, const struct heap_stats *b)
{
    ck_assert_uint_eq(a->total_pages, b->total_pages);
    ck_assert_uint_eq(a->free_pages, b->free_pages);
    for (unsigned int o = 0; o <= MAX_ORDER; o++)
        ck_assert_msg(a->free_blocks[o] == b->free_blocks[o],
                      "order %u: %lu free blocks, want %lu", o, a->free_blocks[o],
                      b->free_blocks[o]);
}

START_TEST(test_init_all_reserved)
{
    struct heap_stats st;

    fresh_heap(64);
    for (unsigned long mfn = 0; mfn < 64; mfn++) {
        ck_assert_uint_eq(table[mfn].count_info, PGC_reserved);
        ck_assert_ptr_null(table[mfn].owner);
    }
    heap_get_stats(&st);
    ck_assert_uint_eq(st.total_pages, 0);
    ck_assert_uint_eq(st.free_pages, 0);
    ck_assert_ptr_null(alloc_heap_pages(0));
    assert_blocks(NULL, 0);
    ck_assert_uint_eq(max_page, 64);
    ck_assert_ptr_eq(frame_table, table);
}
END_TEST

START_TEST(test_init_unaligned_decomposition)
{
    /* [3, 32) = 3 (order 0) + 4..7 (2) + 8..15 (3) + 16..31 (4). */
    fresh_heap(40);
    init_heap_pages(3, 29);
    assert_blocks((unsigned long[]){ 1, 0, 1, 1, 1 }, 5);
    ck_assert(is_free_head(3, 0));
    ck_assert(is_free_head(4, 2));
    ck_assert(is_free_head(8, 3));
    ck_assert(is_free_head(16, 4));
    ck_assert_uint_eq(table[2].count_info, PGC_reserved);   /* edges untouched */
    ck_assert_uint_eq(table[32].count_info, PGC_reserved);
    ck_assert_uint_eq(avail_heap_pages(), 29);

    /* [5, 23) = 5 (0) + 6..7 (1) + 8..15 (3) + 16..19 (2) + 20..21 (1) + 22 (0). */
    fresh_heap(40);
    init_heap_pages(5, 18);
    assert_blocks((unsigned long[]){ 2, 2, 1, 1 }, 4);
    ck_assert(is_free_head(5, 0) && is_free_head(6, 1) && is_free_head(8, 3));
    ck_assert(is_free_head(16, 2) && is_free_head(20, 1) && is_free_head(22, 0));
    ck_assert_uint_eq(table[23].count_info, PGC_reserved);

    /* A single frame, and an empty range. */
    fresh_heap(8);
    init_heap_pages(7, 1);
    init_heap_pages(2, 0);
    assert_blocks((unsigned long[]){ 1 }, 1);
    ck_assert_uint_eq(table[2].count_info, PGC_reserved);
}
END_TEST

START_TEST(test_init_caps_at_max_order)
{
    unsigned long big = 1UL << MAX_ORDER;
    struct heap_stats st;

    /* 2 * 2^MAX_ORDER + 5 frames: two maximal blocks, never one of order MAX+1. */
    fresh_heap(2 * big + 5);
    init_heap_pages(0, 2 * big + 5);
    unsigned long expect[MAX_ORDER + 1] = { [0] = 1, [2] = 1, [MAX_ORDER] = 2 };
    assert_blocks(expect, MAX_ORDER + 1);
    heap_get_stats(&st);
    ck_assert_uint_eq(st.total_pages, 2 * big + 5);

    struct page_info *a = alloc_heap_pages(MAX_ORDER);
    struct page_info *b = alloc_heap_pages(MAX_ORDER);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert_ptr_null(alloc_heap_pages(MAX_ORDER));
    ck_assert_uint_eq(page_to_mfn(a) % big, 0);
    ck_assert_uint_eq(page_to_mfn(b) % big, 0);
    free_heap_pages(a, MAX_ORDER);
    free_heap_pages(b, MAX_ORDER);
    assert_blocks(expect, MAX_ORDER + 1);   /* the two must not merge to MAX+1 */
}
END_TEST

START_TEST(test_adjacent_ranges_merge)
{
    fresh_heap(32);
    init_heap_pages(0, 8);
    init_heap_pages(8, 8);
    assert_blocks((unsigned long[]){ 0, 0, 0, 0, 1 }, 5);
    ck_assert(is_free_head(0, 4));

    /* Added high part first, frame by frame from the top: still one block. */
    fresh_heap(32);
    for (unsigned long mfn = 16; mfn-- > 0; )
        init_heap_pages(mfn, 1);
    assert_blocks((unsigned long[]){ 0, 0, 0, 0, 1 }, 5);

    /* [1, 3) then [0, 1) then [3, 4): one order-2 block. */
    fresh_heap(32);
    init_heap_pages(1, 2);
    assert_blocks((unsigned long[]){ 2 }, 1);
    init_heap_pages(0, 1);
    assert_blocks((unsigned long[]){ 1, 1 }, 2);
    init_heap_pages(3, 1);
    assert_blocks((unsigned long[]){ 0, 0, 1 }, 3);
    ck_assert_uint_eq(avail_heap_pages(), 4);
}
END_TEST

START_TEST(test_split_keeps_lower_half)
{
    fresh_heap(64);
    init_heap_pages(0, 64);

    struct page_info *pg = alloc_heap_pages(0);
    ck_assert_ptr_eq(pg, &table[0]);
    /* 64 = 1 + 1 + 2 + 4 + 8 + 16 + 32: one free block of each order 0..5. */
    assert_blocks((unsigned long[]){ 1, 1, 1, 1, 1, 1 }, 6);
    ck_assert(is_free_head(1, 0) && is_free_head(2, 1) && is_free_head(4, 2));
    ck_assert(is_free_head(8, 3) && is_free_head(16, 4) && is_free_head(32, 5));
    ck_assert_uint_eq(avail_heap_pages(), 63);

    free_heap_pages(pg, 0);
    assert_blocks((unsigned long[]){ 0, 0, 0, 0, 0, 0, 1 }, 7);
}
END_TEST

START_TEST(test_allocated_frames_are_clean)
{
    fresh_heap(16);
    init_heap_pages(0, 16);

    struct page_info *pg = alloc_heap_pages(2);
    ck_assert_ptr_nonnull(pg);
    for (int i = 0; i < 4; i++) {
        ck_assert_uint_eq(pg[i].count_info, 0);
        ck_assert_uint_eq(pg[i].u.inuse.type_info, 0);
        ck_assert_ptr_null(pg[i].owner);
        /* Dirty them as a user would. */
        pg[i].count_info = 3;
        pg[i].u.inuse.type_info = PGT_writable_page | 1;
        pg[i].owner = (struct domain *)&pg[i];
    }
    free_heap_pages(pg, 2);
    check_heap();

    /* Allocate everything at order 0: no frame may keep the old state. */
    for (int i = 0; i < 16; i++) {
        struct page_info *p = alloc_heap_pages(0);
        ck_assert_ptr_nonnull(p);
        ck_assert_uint_eq(p->count_info, 0);
        ck_assert_uint_eq(p->u.inuse.type_info, 0);
        ck_assert_ptr_null(p->owner);
    }
    ck_assert_ptr_null(alloc_heap_pages(0));
}
END_TEST

/* Allocate every frame at order 0; return how many; the mfns go into out[]. */
static unsigned long alloc_all_order0(unsigned long *out, unsigned long room)
{
    unsigned long n = 0;
    struct page_info *pg;

    while ((pg = alloc_heap_pages(0)) != NULL) {
        REQUIRE(n < room, "more frames than expected");
        out[n++] = page_to_mfn(pg);
    }
    return n;
}

static int cmp_ulong(const void *a, const void *b)
{
    unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;
    return x < y ? -1 : x > y;
}

/* Free orders for the frames of a full heap: by mfn up, down, alternate, random. */
enum free_pattern { FREE_ASCENDING, FREE_DESCENDING, FREE_ALTERNATE, FREE_RANDOM };

static void free_in_pattern(unsigned long *mfns, unsigned long n, int pattern)
{
    qsort(mfns, n, sizeof(*mfns), cmp_ulong);
    if (pattern == FREE_DESCENDING) {
        for (unsigned long i = 0; i < n / 2; i++) {
            unsigned long t = mfns[i];
            mfns[i] = mfns[n - 1 - i];
            mfns[n - 1 - i] = t;
        }
    } else if (pattern == FREE_RANDOM) {
        shuffle(mfns, n);
    }

    if (pattern == FREE_ALTERNATE) {
        /* Every other frame first: no two of them are buddies, nothing merges. */
        for (unsigned long i = 0; i < n; i += 2)
            free_heap_pages(mfn_to_page(mfns[i]), 0);
        assert_blocks((unsigned long[]){ (n + 1) / 2 }, 1);
        for (unsigned long i = 1; i < n; i += 2)
            free_heap_pages(mfn_to_page(mfns[i]), 0);
        return;
    }
    for (unsigned long i = 0; i < n; i++) {
        free_heap_pages(mfn_to_page(mfns[i]), 0);
        if (i % 97 == 0)
            check_heap();
    }
}

START_TEST(test_alloc_all_free_all)
{
    const unsigned long nr = 1000, first = 3, count = 990;   /* [3, 993) */
    unsigned long *mfns = calloc(nr, sizeof(*mfns));
    bool *seen = calloc(nr, sizeof(*seen));
    struct heap_stats before, after;

    ck_assert(mfns && seen);
    fresh_heap(nr);
    init_heap_pages(first, count);
    heap_get_stats(&before);
    ck_assert_uint_eq(before.total_pages, count);
    ck_assert_uint_eq(before.free_pages, count);
    rng_state = 0x9e3779b97f4a7c15ULL;

    for (int pattern = FREE_ASCENDING; pattern <= FREE_RANDOM; pattern++) {
        unsigned long n = alloc_all_order0(mfns, nr);
        ck_assert_uint_eq(n, count);
        ck_assert_uint_eq(avail_heap_pages(), 0);
        assert_blocks(NULL, 0);
        memset(seen, 0, nr * sizeof(*seen));
        for (unsigned long i = 0; i < n; i++) {
            REQUIRE(mfns[i] >= first && mfns[i] < first + count, "frame %lu is outside",
                    mfns[i]);
            REQUIRE(!seen[mfns[i]], "frame %lu handed out twice", mfns[i]);
            seen[mfns[i]] = true;
        }

        free_in_pattern(mfns, n, pattern);
        heap_get_stats(&after);
        assert_same_stats(&after, &before);   /* coalesced back exactly */
        check_heap();
    }
    free(mfns);
    free(seen);
}
END_TEST

START_TEST(test_random_orders)
{
    enum { NR = 2048, MAXLIVE = 4096 };
    struct { unsigned long mfn; unsigned int order; } live[MAXLIVE];
    unsigned char owner[NR] = { 0 };
    unsigned long nlive = 0, used = 0;
    struct heap_stats before, after;

    fresh_heap(NR);
    init_heap_pages(1, NR - 7);   /* unaligned at both ends */
    heap_get_stats(&before);
    rng_state = 12345;

    for (int round = 0; round < 3000; round++) {
        if (nlive > 0 && rng(3) == 0) {           /* free a random live block */
            unsigned long k = rng(nlive);
            for (unsigned long i = 0; i < (1UL << live[k].order); i++)
                owner[live[k].mfn + i] = 0;
            free_heap_pages(mfn_to_page(live[k].mfn), live[k].order);
            used -= 1UL << live[k].order;
            live[k] = live[--nlive];
            continue;
        }
        unsigned int order = (unsigned int)rng(6);
        struct page_info *pg = alloc_heap_pages(order);
        if (!pg) {
            /* Only legal when no free block of that order or above exists. */
            struct heap_stats st;
            heap_get_stats(&st);
            for (unsigned int o = order; o <= MAX_ORDER; o++)
                ck_assert_uint_eq(st.free_blocks[o], 0);
            continue;
        }
        unsigned long mfn = page_to_mfn(pg);
        ck_assert_msg(mfn % (1UL << order) == 0, "order %u block at %lu", order, mfn);
        ck_assert_uint_le(mfn + (1UL << order), NR - 6);
        ck_assert_uint_ge(mfn, 1);
        for (unsigned long i = 0; i < (1UL << order); i++) {
            REQUIRE(!owner[mfn + i], "frame %lu allocated twice", mfn + i);
            owner[mfn + i] = 1;
        }
        ck_assert_uint_lt(nlive, MAXLIVE);
        live[nlive].mfn = mfn;
        live[nlive++].order = order;
        used += 1UL << order;
        ck_assert_uint_eq(avail_heap_pages(), before.free_pages - used);
        if (round % 100 == 0)
            check_heap();
    }
    while (nlive > 0) {
        nlive--;
        free_heap_pages(mfn_to_page(live[nlive].mfn), live[nlive].order);
    }
    heap_get_stats(&after);
    assert_same_stats(&after, &before);
    check_heap();
}
END_TEST

START_TEST(test_no_merge_with_allocated_buddy)
{
    struct page_info *pg[4];

    fresh_heap(4);
    init_heap_pages(0, 4);
    for (int i = 0; i < 4; i++)
        pg[i] = alloc_heap_pages(0);
    for (int i = 0; i < 4; i++)   /* lower halves first: 0, 1, 2, 3 */
        ck_assert_ptr_eq(pg[i], &table[i]);

    /* 1 and 2 are neighbours but not buddies (1 ^ 1 = 0, 2 ^ 1 = 3). */
    free_heap_pages(pg[1], 0);
    free_heap_pages(pg[2], 0);
    assert_blocks((unsigned long[]){ 2 }, 1);
    free_heap_pages(pg[0], 0);                 /* 0 + 1 -> order 1 at 0 */
    assert_blocks((unsigned long[]){ 1, 1 }, 2);
    ck_assert(is_free_head(0, 1) && is_free_head(2, 0));
    free_heap_pages(pg[3], 0);                 /* 3 + 2 -> order 1, + 0 -> order 2 */
    assert_blocks((unsigned long[]){ 0, 0, 1 }, 3);
    ck_assert(is_free_head(0, 2));
}
END_TEST

START_TEST(test_no_merge_with_smaller_free_buddy)
{
    fresh_heap(8);
    init_heap_pages(0, 8);
    struct page_info *a = alloc_heap_pages(0);   /* 0 */
    struct page_info *b = alloc_heap_pages(1);   /* 2..3 */
    struct page_info *c = alloc_heap_pages(0);   /* 1 */
    ck_assert_ptr_eq(a, &table[0]);
    ck_assert_ptr_eq(b, &table[2]);
    ck_assert_ptr_eq(c, &table[1]);

    free_heap_pages(a, 0);
    /* 2..3's buddy at order 1 is frame 0: free, but only as an order-0 block. */
    free_heap_pages(b, 1);
    assert_blocks((unsigned long[]){ 1, 1, 1 }, 3);
    ck_assert(is_free_head(0, 0) && is_free_head(2, 1) && is_free_head(4, 2));
    free_heap_pages(c, 0);                       /* now everything merges */
    assert_blocks((unsigned long[]){ 0, 0, 0, 1 }, 4);
}
END_TEST

START_TEST(test_no_merge_with_reserved)
{
    /* Frames 7 and 8 stay reserved: 6's buddy is 7, 9's buddy is 8. */
    fresh_heap(16);
    init_heap_pages(0, 7);
    init_heap_pages(9, 7);
    /* [0,7) = 0..3 + 4..5 + 6; [9,16) = 9 + 10..11 + 12..15. */
    assert_blocks((unsigned long[]){ 2, 2, 2 }, 3);
    ck_assert(is_free_head(6, 0) && is_free_head(9, 0));
    ck_assert_uint_eq(table[7].count_info, PGC_reserved);
    ck_assert_uint_eq(table[8].count_info, PGC_reserved);

    unsigned long mfns[16];
    unsigned long n = alloc_all_order0(mfns, 16);
    ck_assert_uint_eq(n, 14);
    for (unsigned long i = 0; i < n; i++)
        ck_assert(mfns[i] != 7 && mfns[i] != 8);
    for (unsigned long i = 0; i < n; i++)
        free_heap_pages(mfn_to_page(mfns[i]), 0);
    assert_blocks((unsigned long[]){ 2, 2, 2 }, 3);
}
END_TEST

START_TEST(test_no_merge_beyond_table)
{
    /*
     * 5 frames: 0..3 and 4. Frame 4's buddy, 5, is past the end of the table, which
     * is exactly as long as max_page: reading it would be caught by ASan.
     */
    fresh_heap(5);
    init_heap_pages(0, 5);
    assert_blocks((unsigned long[]){ 1, 0, 1 }, 3);

    struct page_info *pg[5];
    for (int i = 0; i < 5; i++)
        pg[i] = alloc_heap_pages(0);
    ck_assert_ptr_null(alloc_heap_pages(0));
    for (int i = 4; i >= 0; i--)
        free_heap_pages(pg[i], 0);
    assert_blocks((unsigned long[]){ 1, 0, 1 }, 3);

    /* 6 frames: 0..3 and 4..5; 4..5's buddy at order 1 would be 6..7. */
    fresh_heap(6);
    init_heap_pages(0, 6);
    assert_blocks((unsigned long[]){ 0, 1, 1 }, 3);
    struct page_info *x = alloc_heap_pages(1);
    ck_assert_ptr_eq(x, &table[4]);
    free_heap_pages(x, 1);
    assert_blocks((unsigned long[]){ 0, 1, 1 }, 3);
}
END_TEST

START_TEST(test_exhaustion_and_bad_order)
{
    struct heap_stats before, after;

    fresh_heap(64);
    init_heap_pages(0, 12);   /* 0..7 + 8..11: nothing of order 4 */
    heap_get_stats(&before);

    ck_assert_ptr_null(alloc_heap_pages(MAX_ORDER + 1));
    ck_assert_ptr_null(alloc_heap_pages(~0U));
    ck_assert_ptr_null(alloc_heap_pages(4));
    heap_get_stats(&after);
    assert_same_stats(&after, &before);   /* failed attempts split nothing */

    ck_assert_ptr_eq(alloc_heap_pages(3), &table[0]);
    ck_assert_ptr_eq(alloc_heap_pages(2), &table[8]);
    ck_assert_ptr_null(alloc_heap_pages(0));
    ck_assert_uint_eq(avail_heap_pages(), 0);
}
END_TEST

START_TEST(test_dump_stats)
{
    fresh_heap(65024);
    init_heap_pages(0, 65024);   /* 0xfe00: one block of each order 9..15 */
    ck_assert_ptr_nonnull(alloc_heap_pages(10));

    host_log_reset();
    heap_dump_stats();
    ck_assert_str_eq(host_log,
                     "heap: 65024 frames (254 MiB), 64000 free, 1024 used\n"
                     "  order  9: 1 blocks\n"
                     "  order 11: 1 blocks\n"
                     "  order 12: 1 blocks\n"
                     "  order 13: 1 blocks\n"
                     "  order 14: 1 blocks\n"
                     "  order 15: 1 blocks\n");
}
END_TEST

/* Bad frees stop the system (panic -> abort on the host). */
START_TEST(test_double_free_panics)
{
    fresh_heap(8);
    init_heap_pages(0, 8);
    struct page_info *a = alloc_heap_pages(0);
    alloc_heap_pages(0);   /* keep 1 allocated so that 0 stays a free head */
    free_heap_pages(a, 0);
    free_heap_pages(a, 0);
}
END_TEST

START_TEST(test_free_reserved_panics)
{
    fresh_heap(8);
    init_heap_pages(0, 4);
    free_heap_pages(&table[4], 0);
}
END_TEST

START_TEST(test_free_overlapping_free_block_panics)
{
    fresh_heap(8);
    init_heap_pages(0, 8);
    struct page_info *a = alloc_heap_pages(1);   /* 0..1; 2..3 and 4..7 stay free */
    free_heap_pages(a, 2);                       /* 0..3 includes the free head 2 */
}
END_TEST

START_TEST(test_init_twice_panics)
{
    fresh_heap(8);
    init_heap_pages(0, 4);
    init_heap_pages(2, 4);
}
END_TEST

Suite *page_alloc_suite(void)
{
    Suite *s = suite_create("page_alloc");
    TCase *tc = tcase_create("buddy");

    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_init_all_reserved);
    tcase_add_test(tc, test_init_unaligned_decomposition);
    tcase_add_test(tc, test_init_caps_at_max_order);
    tcase_add_test(tc, test_adjacent_ranges_merge);
    tcase_add_test(tc, test_split_keeps_lower_half);
    tcase_add_test(tc, test_allocated_frames_are_clean);
    tcase_add_test(tc, test_alloc_all_free_all);
    tcase_add_test(tc, test_random_orders);
    tcase_add_test(tc, test_no_merge_with_allocated_buddy);
    tcase_add_test(tc, test_no_merge_with_smaller_free_buddy);
    tcase_add_test(tc, test_no_merge_with_reserved);
    tcase_add_test(tc, test_no_merge_beyond_table);
    tcase_add_test(tc, test_exhaustion_and_bad_order);
    tcase_add_test(tc, test_dump_stats);
    suite_add_tcase(s, tc);

    TCase *bad = tcase_create("bad_frees");
    tcase_add_checked_fixture(bad, NULL, teardown);
    tcase_add_test_raise_signal(bad, test_double_free_panics, SIGABRT);
    tcase_add_test_raise_signal(bad, test_free_reserved_panics, SIGABRT);
    tcase_add_test_raise_signal(bad, test_free_overlapping_free_block_panics, SIGABRT);
    tcase_add_test_raise_signal(bad, test_init_twice_panics, SIGABRT);
    suite_add_tcase(s, bad);
    return s;
}
