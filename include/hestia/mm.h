/*
 * mm.h - machine frames: the frame table and the buddy allocator.
 *
 * Every machine frame (4 KiB page of RAM) has one `struct page_info` in the frame
 * table, indexed by its machine frame number (mfn). Free frames live on the buddy
 * allocator's free lists; allocated frames record their owner, a reference count and
 * a type (later issues use these for guest page tables, as Xen does).
 *
 * This file is portable (DESIGN.md rule 2): the allocator never touches the memory of
 * the frames it manages, only their page_info, so host unit tests can drive it with
 * a frame table for frames that do not exist.
 */
#ifndef HESTIA_MM_H
#define HESTIA_MM_H

#include <hestia/list.h>
#include <hestia/types.h>

struct domain;

/* Largest block: 2^MAX_ORDER frames (order 18 = 1 GiB). */
#define MAX_ORDER 18

/* count_info: low bits are the reference count, high bits flags (Xen's PGC_*). */
#define PGC_count_mask  ((1UL << 32) - 1)
#define PGC_free        (1UL << 62)   /* on a buddy free list (head of a block) */
#define PGC_reserved    (1UL << 61)   /* never given to the allocator */

/* type_info: frame type and type count (used by PV page-table validation later). */
#define PGT_type_shift  60
#define PGT_type_mask   (15UL << PGT_type_shift)
#define PGT_none        (0UL << PGT_type_shift)
#define PGT_l1_page_table (1UL << PGT_type_shift)
#define PGT_l2_page_table (2UL << PGT_type_shift)
#define PGT_l3_page_table (3UL << PGT_type_shift)
#define PGT_l4_page_table (4UL << PGT_type_shift)
#define PGT_seg_desc_page (5UL << PGT_type_shift)
#define PGT_writable_page (7UL << PGT_type_shift)
#define PGT_pinned      (1UL << 59)   /* the guest pinned it (holds one type ref) */
#define PGT_validated   (1UL << 58)   /* contents checked for the current type */
#define PGT_count_mask  ((1UL << 32) - 1)

struct page_info {
    struct list_head list;      /* buddy free list, or the owner's page list */
    unsigned long count_info;   /* reference count | PGC_* flags */
    union {
        struct { unsigned long type_info; } inuse;  /* PGT_* type | type count */
        struct { unsigned int order; } free;        /* block order, on the head */
    } u;
    struct domain *owner;       /* NULL: the hypervisor or nobody */
};

/* The frame table: frame_table[mfn] for mfn in [0, max_page). */
extern struct page_info *frame_table;
extern unsigned long max_page;

#define mfn_to_page(mfn) (frame_table + (mfn))
#define page_to_mfn(pg)  ((unsigned long)((pg) - frame_table))
#define page_to_maddr(pg) ((paddr_t)page_to_mfn(pg) << PAGE_SHIFT)

/* Per-order statistics. */
struct heap_stats {
    unsigned long total_pages;              /* frames ever given to the heap */
    unsigned long free_pages;               /* frames free now */
    unsigned long free_blocks[MAX_ORDER + 1]; /* free blocks of each order */
};

/*
 * Set up an empty allocator over `table` (which must hold nr_frames entries): every
 * frame starts reserved; init_heap_pages() hands ranges of free RAM to the allocator.
 */
void page_alloc_init(struct page_info *table, unsigned long nr_frames);

/* Give frames [mfn, mfn + nr) to the allocator. Ranges may be unaligned. */
void init_heap_pages(unsigned long mfn, unsigned long nr);

/* Allocate 2^order contiguous frames, aligned to their size; NULL when none. */
struct page_info *alloc_heap_pages(unsigned int order);

/* Free a block from alloc_heap_pages(); it merges with free buddies. */
void free_heap_pages(struct page_info *pg, unsigned int order);

/* Number of free frames, and full statistics. */
unsigned long avail_heap_pages(void);
void heap_get_stats(struct heap_stats *st);

/* Print the statistics through printk. */
void heap_dump_stats(void);

#endif /* HESTIA_MM_H */
