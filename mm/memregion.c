/*
 * memregion.c - sets of machine address ranges, for carving up RAM at boot.
 *
 * Boot code adds every RAM range of the firmware's memory map to a set, removes what
 * is already taken (low memory, the hypervisor image, boot modules), uses
 * memregion_find() to place early structures such as the frame table (removing them
 * too), and finally hands each remaining range to the frame allocator.
 *
 * A set is a small array of ranges [start, end), kept sorted, disjoint and
 * non-adjacent: adding a range that overlaps or touches others merges them all into
 * one, and removing a range trims, deletes or splits the ranges it covers. The array
 * has room for MEMREGION_MAX ranges; an operation that would need more fails with
 * -ENOSPC and leaves the set as it was.
 *
 * Xen keeps the same kind of list as its e820 map plus boot-time "bootmem" regions.
 */
#include <hestia/errno.h>
#include <hestia/lib.h>
#include <hestia/memregion.h>
#include <hestia/printk.h>

void memregion_init(struct memregion_set *s)
{
    s->nr = 0;
}

/* Open a gap at index i and fill it with [start, end); the caller checked room. */
static void insert_at(struct memregion_set *s, unsigned int i, paddr_t start,
                      paddr_t end)
{
    memmove(&s->r[i + 1], &s->r[i], (s->nr - i) * sizeof(s->r[0]));
    s->r[i].start = start;
    s->r[i].end = end;
    s->nr++;
}

/* Delete the ranges at indexes [i, i + n). */
static void delete_at(struct memregion_set *s, unsigned int i, unsigned int n)
{
    memmove(&s->r[i], &s->r[i + n], (s->nr - i - n) * sizeof(s->r[0]));
    s->nr -= n;
}

/* An empty range (start == end) changes nothing; start > end is -EINVAL. */
int memregion_add(struct memregion_set *s, paddr_t start, paddr_t end)
{
    unsigned int i = 0, j;

    if (start > end)
        return -EINVAL;
    if (start == end)
        return 0;

    /* Ranges [i, j) overlap or touch [start, end): they all become one range. */
    while (i < s->nr && s->r[i].end < start)
        i++;
    for (j = i; j < s->nr && s->r[j].start <= end; j++)
        ;

    if (i == j) {                       /* touches nothing: a new range */
        if (s->nr == MEMREGION_MAX)
            return -ENOSPC;
        insert_at(s, i, start, end);
        return 0;
    }
    s->r[i].start = MIN(start, s->r[i].start);
    s->r[i].end = MAX(end, s->r[j - 1].end);
    delete_at(s, i + 1, j - i - 1);
    return 0;
}

/* An empty range changes nothing; start > end is -EINVAL. */
int memregion_remove(struct memregion_set *s, paddr_t start, paddr_t end)
{
    unsigned int i = 0;

    if (start > end)
        return -EINVAL;

    while (i < s->nr && start < end) {
        struct memregion *r = &s->r[i];

        if (r->end <= start) {                  /* wholly before: next */
            i++;
        } else if (r->start >= end) {           /* wholly after: done */
            break;
        } else if (r->start < start && r->end > end) {
            /* The hole is strictly inside r: split r in two. */
            if (s->nr == MEMREGION_MAX)
                return -ENOSPC;                 /* nothing was changed yet */
            insert_at(s, i + 1, end, r->end);
            r->end = start;
            break;
        } else if (r->start < start) {          /* cut r's tail */
            r->end = start;
            i++;
        } else if (r->end > end) {              /* cut r's head */
            r->start = end;
            break;
        } else {                                /* r is covered: drop it */
            delete_at(s, i, 1);
        }
    }
    return 0;
}

paddr_t memregion_total(const struct memregion_set *s)
{
    paddr_t total = 0;

    for (unsigned int i = 0; i < s->nr; i++)
        total += s->r[i].end - s->r[i].start;
    return total;
}

paddr_t memregion_find(const struct memregion_set *s, paddr_t size, paddr_t align,
                       paddr_t limit)
{
    if (align == 0)
        align = 1;
    ASSERT((align & (align - 1)) == 0);
    if (size > limit)
        return 0;

    for (unsigned int i = 0; i < s->nr; i++) {
        const struct memregion *r = &s->r[i];
        paddr_t a = ROUNDUP(r->start, align);

        if (a == 0)
            a = align;          /* 0 means "none", so never hand it out */
        if (a < r->start || a >= r->end)
            continue;           /* the rounding wrapped, or left the range */
        if (a > limit - size)
            break;              /* ranges are sorted: the rest are higher */
        if (r->end - a >= size)
            return a;
    }
    return 0;
}
