/*
 * page_alloc.c - the frame table and the buddy allocator for machine frames.
 *
 * Every machine frame has a `struct page_info` in the frame table (mm.h). Boot code
 * sets up the table with page_alloc_init(), in which every frame is reserved, and
 * then hands each range of free RAM to init_heap_pages(). From then on frames are
 * handed out and taken back in blocks of 2^order contiguous frames, each aligned to
 * its own size: the classic buddy system, with Xen's names.
 *
 * Free blocks wait on one list per order, linked through page_info.list of the
 * block's first frame (its "head"). A free head carries PGC_free in count_info and
 * its order in u.free.order; the other frames of a free block carry no flags.
 *
 * The buddy of the block at mfn of size 2^order is the block at mfn ^ 2^order: the
 * other half of the aligned block of size 2^(order+1) containing both. Freeing a
 * block merges it with its buddy whenever the buddy is free as a whole (a free head
 * of the same order), then tries again one order up, so the heap never holds two
 * free buddies. Allocating takes the smallest free block big enough and splits off
 * halves, putting each unused half back on the list one order down.
 *
 * The allocator never reads or writes the frames themselves, only their page_info,
 * so the host unit tests can run it over a frame table for frames that do not exist.
 * Xen's version (xen/common/page_alloc.c) is the same idea with NUMA nodes and zones.
 */
#include <hestia/mm.h>
#include <hestia/printk.h>
#include <hestia/spinlock.h>

struct page_info *frame_table;
unsigned long max_page;

/* Everything below is protected by heap_lock. */
static DEFINE_SPINLOCK(heap_lock);
static struct list_head heap_free[MAX_ORDER + 1];   /* free block heads, per order */
static struct heap_stats heap_stats;

void page_alloc_init(struct page_info *table, unsigned long nr_frames)
{
    frame_table = table;
    max_page = nr_frames;

    for (unsigned long mfn = 0; mfn < nr_frames; mfn++) {
        struct page_info *pg = mfn_to_page(mfn);
        INIT_LIST_HEAD(&pg->list);
        pg->count_info = PGC_reserved;
        pg->u.inuse.type_info = 0;
        pg->owner = NULL;
    }

    spin_lock_init(&heap_lock);
    for (unsigned int order = 0; order <= MAX_ORDER; order++)
        INIT_LIST_HEAD(&heap_free[order]);
    heap_stats = (struct heap_stats){ 0 };
}

/* Put a free block on its list (no merging). */
static void add_free_block(unsigned long mfn, unsigned int order)
{
    struct page_info *pg = mfn_to_page(mfn);

    pg->count_info = PGC_free;
    pg->u.free.order = order;
    list_add(&pg->list, &heap_free[order]);
    heap_stats.free_blocks[order]++;
}

/* Take a free block off its list; its head becomes an ordinary frame again. */
static void del_free_block(struct page_info *pg, unsigned int order)
{
    list_del(&pg->list);
    pg->count_info = 0;
    pg->u.inuse.type_info = 0;
    heap_stats.free_blocks[order]--;
}

/* Is the block of 2^order frames at mfn free as a whole, ready to merge? */
static bool buddy_is_free(unsigned long mfn, unsigned int order)
{
    if (mfn >= max_page)
        return false;   /* beyond the frame table */
    struct page_info *pg = mfn_to_page(mfn);
    return (pg->count_info & PGC_free) && pg->u.free.order == order;
}

/*
 * Give the block of 2^order frames at mfn back to the free lists, merging it with
 * its buddy as long as the buddy is free. Its frames must already look allocated
 * (no flags). Called with heap_lock held.
 */
static void merge_and_free(unsigned long mfn, unsigned int order)
{
    heap_stats.free_pages += 1UL << order;

    while (order < MAX_ORDER) {
        unsigned long buddy = mfn ^ (1UL << order);
        if (!buddy_is_free(buddy, order))
            break;
        del_free_block(mfn_to_page(buddy), order);
        mfn &= ~(1UL << order);   /* the merged block starts at the lower half */
        order++;
    }
    add_free_block(mfn, order);
}

/* The largest order for a block at mfn that is aligned and no longer than nr. */
static unsigned int max_order_at(unsigned long mfn, unsigned long nr)
{
    unsigned int order = 0;

    while (order < MAX_ORDER && !(mfn & (1UL << order)) && (2UL << order) <= nr)
        order++;
    return order;
}

void init_heap_pages(unsigned long mfn, unsigned long nr)
{
    unsigned long flags;

    BUG_ON(mfn > max_page || nr > max_page - mfn);

    spin_lock_irqsave(&heap_lock, flags);
    heap_stats.total_pages += nr;
    while (nr > 0) {
        unsigned int order = max_order_at(mfn, nr);
        for (unsigned long i = 0; i < (1UL << order); i++) {
            struct page_info *pg = mfn_to_page(mfn + i);
            BUG_ON(!(pg->count_info & PGC_reserved));   /* given to the heap twice */
            pg->count_info = 0;
        }
        merge_and_free(mfn, order);
        mfn += 1UL << order;
        nr -= 1UL << order;
    }
    spin_unlock_irqrestore(&heap_lock, flags);
}

/* Find the smallest free block of at least 2^order frames; -1 when none. */
static int smallest_free_order(unsigned int order)
{
    for (unsigned int o = order; o <= MAX_ORDER; o++)
        if (!list_empty(&heap_free[o]))
            return (int)o;
    return -1;
}

struct page_info *alloc_heap_pages(unsigned int order)
{
    unsigned long flags;
    struct page_info *pg = NULL;

    if (order > MAX_ORDER)
        return NULL;

    spin_lock_irqsave(&heap_lock, flags);
    int found = smallest_free_order(order);
    if (found >= 0) {
        unsigned int o = (unsigned int)found;
        pg = list_first_entry(&heap_free[o], struct page_info, list);
        del_free_block(pg, o);

        /* Split: keep the lower half, put the upper half back, until small enough. */
        while (o > order) {
            o--;
            add_free_block(page_to_mfn(pg) + (1UL << o), o);
        }
        heap_stats.free_pages -= 1UL << order;

        for (unsigned long i = 0; i < (1UL << order); i++) {
            pg[i].count_info = 0;
            pg[i].u.inuse.type_info = 0;
            pg[i].owner = NULL;
        }
    }
    spin_unlock_irqrestore(&heap_lock, flags);
    return pg;
}

void free_heap_pages(struct page_info *pg, unsigned int order)
{
    unsigned long flags;
    unsigned long mfn = page_to_mfn(pg);

    BUG_ON(order > MAX_ORDER);
    BUG_ON(mfn >= max_page || (1UL << order) > max_page - mfn);   /* not ours */
    BUG_ON(mfn & ((1UL << order) - 1));   /* not aligned to its size */

    spin_lock_irqsave(&heap_lock, flags);
    for (unsigned long i = 0; i < (1UL << order); i++) {
        /*
         * A frame that is a free head means a double free; a reserved frame was
         * never the heap's. (A frame swallowed into a larger free block carries no
         * flag, so freeing it twice goes unnoticed here: the check is cheap, not
         * complete.)
         */
        BUG_ON(pg[i].count_info & PGC_free);
        BUG_ON(pg[i].count_info & PGC_reserved);
        pg[i].count_info = 0;
        pg[i].u.inuse.type_info = 0;
        pg[i].owner = NULL;
    }
    merge_and_free(mfn, order);
    spin_unlock_irqrestore(&heap_lock, flags);
}

unsigned long avail_heap_pages(void)
{
    unsigned long flags, free;

    spin_lock_irqsave(&heap_lock, flags);
    free = heap_stats.free_pages;
    spin_unlock_irqrestore(&heap_lock, flags);
    return free;
}

void heap_get_stats(struct heap_stats *st)
{
    unsigned long flags;

    spin_lock_irqsave(&heap_lock, flags);
    *st = heap_stats;
    spin_unlock_irqrestore(&heap_lock, flags);
}

void heap_dump_stats(void)
{
    struct heap_stats st;

    heap_get_stats(&st);   /* a snapshot: print without holding the lock */
    printk("heap: %lu frames (%lu MiB), %lu free, %lu used\n",
           st.total_pages, st.total_pages >> (20 - PAGE_SHIFT),
           st.free_pages, st.total_pages - st.free_pages);
    for (unsigned int order = 0; order <= MAX_ORDER; order++)
        if (st.free_blocks[order])
            printk("  order %2u: %lu blocks\n", order, st.free_blocks[order]);
}
