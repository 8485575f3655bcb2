/*
 * selftest_mm.c - in-hypervisor self-tests of the frame allocator and the heap.
 *
 * The host unit tests check the allocator's logic on fake frames; these check it on
 * the real machine's memory: every frame handed out is really mapped and really
 * distinct (each is stamped with its own number and checked when it comes back).
 */
#include <hestia/arch.h>
#include <hestia/lib.h>
#include <hestia/list.h>
#include <hestia/mm.h>
#include <hestia/selftest.h>
#include <hestia/xmalloc.h>

static bool same_stats(const struct heap_stats *a, const struct heap_stats *b)
{
    return memcmp(a, b, sizeof(*a)) == 0;
}

/* Allocate single frames until none is left, then free them all back. */
static int test_alloc(char *why, size_t len)
{
    struct heap_stats before, empty, after;
    LIST_HEAD(taken);
    unsigned long n = 0, bad = 0;
    struct page_info *pg;

    heap_get_stats(&before);
    while ((pg = alloc_heap_pages(0)) != NULL) {
        *(unsigned long *)maddr_to_virt(page_to_maddr(pg)) = page_to_mfn(pg);
        list_add(&pg->list, &taken);
        n++;
    }
    heap_get_stats(&empty);

    while (!list_empty(&taken)) {
        pg = list_first_entry(&taken, struct page_info, list);
        list_del(&pg->list);
        if (*(unsigned long *)maddr_to_virt(page_to_maddr(pg)) != page_to_mfn(pg))
            bad++;
        free_heap_pages(pg, 0);
    }
    heap_get_stats(&after);

    if (n != before.free_pages)
        return selftest_fail(why, len, "allocated %lu frames, expected %lu", n, before.free_pages);
    if (empty.free_pages != 0)
        return selftest_fail(why, len, "%lu frames free when empty", empty.free_pages);
    if (bad)
        return selftest_fail(why, len, "%lu frames were handed out twice", bad);
    if (!same_stats(&before, &after))
        return selftest_fail(why, len, "free lists differ after freeing (%lu free, %lu before)",
                             after.free_pages, before.free_pages);
    return 0;
}
SELFTEST("alloc", test_alloc, SELFTEST_IN_ALL);

/* Many heap objects of many sizes: distinct, intact, and all given back. */
static int test_heap(char *why, size_t len)
{
    enum { N = 200 };
    static unsigned char *obj[N];
    size_t used_before = xmalloc_bytes_in_use();
    unsigned long free_before = avail_heap_pages();

    for (unsigned int i = 0; i < N; i++) {
        size_t sz = 1 + (i * 37) % 3000;
        obj[i] = xmalloc_bytes(sz);
        if (!obj[i])
            return selftest_fail(why, len, "xmalloc(%zu) failed", sz);
        if ((unsigned long)obj[i] & 15)
            return selftest_fail(why, len, "xmalloc(%zu) = %p is not 16-byte aligned", sz, obj[i]);
        memset(obj[i], i & 0xff, sz);
    }
    for (unsigned int i = 0; i < N; i++) {
        size_t sz = 1 + (i * 37) % 3000;
        for (size_t b = 0; b < sz; b++)
            if (obj[i][b] != (i & 0xff))
                return selftest_fail(why, len, "object %u overwritten at byte %zu", i, b);
    }
    for (unsigned int i = 0; i < N; i += 2)      /* free out of order */
        xfree(obj[i]);
    for (unsigned int i = 1; i < N; i += 2)
        xfree(obj[i]);

    if (xmalloc_bytes_in_use() != used_before)
        return selftest_fail(why, len, "%zu bytes still in use", xmalloc_bytes_in_use() - used_before);
    if (avail_heap_pages() != free_before)
        return selftest_fail(why, len, "%ld frames not returned",
                             (long)(free_before - avail_heap_pages()));
    return 0;
}
SELFTEST("heap", test_heap, SELFTEST_IN_ALL);
