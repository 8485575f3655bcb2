/*
 * xmalloc.c - the hypervisor heap: small allocations for hypervisor structures.
 *
 * The frame allocator deals in whole pages; domains, vcpus, timers and event
 * channels want a few dozen bytes each. xmalloc_bytes() sits in between, built on
 * alloc_xenheap_pages() (pages the hypervisor can address directly):
 *
 *  - Small requests (up to 1024 bytes) are rounded up to a power-of-two size class,
 *    16, 32, ... 1024 bytes. Each class carves whole pages ("slab pages") into equal
 *    chunks. A 64-byte header at the start of the page records the class, the
 *    number of free chunks and a list of them (each free chunk holds a pointer to
 *    the next). Pages of a class with free chunks sit on that class's list.
 *    (There is no 2048-byte class: beside the header only one such chunk would fit
 *    in a page, no better than the whole page a large allocation takes.)
 *
 *  - Larger requests get a block of 2^order whole pages with the same 64-byte header
 *    at its start, recording the order; the caller's bytes follow the header.
 *
 * So every pointer handed out lies in the first page of its slab page or block, and
 * xfree() finds the header by rounding the pointer down to a page boundary; the
 * header's magic number says which kind it is. Every pointer is 16-byte aligned.
 * A slab page whose chunks are all free again goes straight back to the frame
 * allocator.
 *
 * xmalloc_bytes(0) returns a 16-byte chunk (as glibc's malloc(0) does), so that NULL
 * always means "out of memory", also for xzalloc_array(type, 0).
 *
 * xmalloc_bytes_in_use() counts rounded sizes, i.e. the memory actually set aside
 * for callers: the size class of a small allocation, and the whole block of pages
 * (header included) of a large one. It returns to 0 when everything is freed.
 *
 * Xen's xmalloc (xen/common/xmalloc_tlsf.c) uses a TLSF pool instead of size classes;
 * the interface is the same.
 */
#include <hestia/lib.h>
#include <hestia/list.h>
#include <hestia/mm.h>
#include <hestia/printk.h>
#include <hestia/spinlock.h>
#include <hestia/xmalloc.h>

#define XM_ALIGN        16
#define XM_HDR_SIZE     64              /* header at the start of each page/block */
#define XM_MIN_SHIFT    4               /* smallest class: 16 bytes */
#define XM_MAX_SHIFT    10              /* largest class: 1024 bytes */
#define XM_NR_CLASSES   (XM_MAX_SHIFT - XM_MIN_SHIFT + 1)
#define XM_MAX_SMALL    (1UL << XM_MAX_SHIFT)
#define XM_MAX_LARGE    ((PAGE_SIZE << MAX_ORDER) - XM_HDR_SIZE)

#define XM_MAGIC_SLAB   0x584d534cU     /* "XMSL" */
#define XM_MAGIC_LARGE  0x584d4c47U     /* "XMLG" */

/* A free chunk of a slab page: its first bytes point at the next free chunk. */
struct xm_chunk {
    struct xm_chunk *next;
};

/* The header at the start of every slab page and every large block. */
struct xm_header {
    uint32_t magic;             /* XM_MAGIC_SLAB or XM_MAGIC_LARGE */
    uint16_t cls;               /* slab: size-class index */
    uint16_t nr_free;           /* slab: free chunks in this page */
    unsigned int order;         /* large: the block is 2^order pages */
    struct xm_chunk *free_list; /* slab: the free chunks */
    struct list_head link;      /* slab: on its class's list while it has free chunks */
};
BUILD_BUG_ON(sizeof(struct xm_header) > XM_HDR_SIZE);
BUILD_BUG_ON(XM_HDR_SIZE % XM_ALIGN != 0);

/* Per class: slab pages with at least one free chunk. Protected by xm_lock. */
static struct list_head xm_partial[XM_NR_CLASSES] = {
    LIST_HEAD_INIT(xm_partial[0]), LIST_HEAD_INIT(xm_partial[1]),
    LIST_HEAD_INIT(xm_partial[2]), LIST_HEAD_INIT(xm_partial[3]),
    LIST_HEAD_INIT(xm_partial[4]), LIST_HEAD_INIT(xm_partial[5]),
    LIST_HEAD_INIT(xm_partial[6]),
};
BUILD_BUG_ON(XM_NR_CLASSES != 7);   /* one initializer per class above */

static size_t xm_in_use;        /* bytes handed out, rounded (see the top) */

/*
 * Lock order: xm_lock, then the frame allocator's lock (inside
 * alloc_xenheap_pages); the frame allocator never calls xmalloc.
 */
static DEFINE_SPINLOCK(xm_lock);

static inline size_t class_size(unsigned int cls)
{
    return 1UL << (cls + XM_MIN_SHIFT);
}

static inline unsigned int chunks_per_page(unsigned int cls)
{
    return (unsigned int)((PAGE_SIZE - XM_HDR_SIZE) / class_size(cls));
}

/* The smallest class whose chunks hold `size` bytes (size <= XM_MAX_SMALL). */
static unsigned int size_to_class(size_t size)
{
    unsigned int cls = 0;

    while (class_size(cls) < size)
        cls++;
    return cls;
}

/* A fresh slab page for class cls, all chunks on its free list; NULL if no memory. */
static struct xm_header *new_slab_page(unsigned int cls)
{
    struct xm_header *h = alloc_xenheap_pages(0);

    if (!h)
        return NULL;
    h->magic = XM_MAGIC_SLAB;
    h->cls = (uint16_t)cls;
    h->order = 0;
    h->nr_free = 0;
    h->free_list = NULL;

    /* Thread the chunks last to first, so the list hands out low addresses first. */
    char *base = (char *)h + XM_HDR_SIZE;
    for (unsigned int i = chunks_per_page(cls); i-- > 0; ) {
        struct xm_chunk *c = (struct xm_chunk *)(base + i * class_size(cls));
        c->next = h->free_list;
        h->free_list = c;
        h->nr_free++;
    }
    list_add(&h->link, &xm_partial[cls]);
    return h;
}

static void *alloc_small(size_t size)
{
    unsigned int cls = size_to_class(size);
    struct xm_header *h;

    if (list_empty(&xm_partial[cls]))
        new_slab_page(cls);
    if (list_empty(&xm_partial[cls]))
        return NULL;

    h = list_first_entry(&xm_partial[cls], struct xm_header, link);
    struct xm_chunk *c = h->free_list;
    h->free_list = c->next;
    if (--h->nr_free == 0)
        list_del(&h->link);     /* full: off the list until a chunk comes back */
    xm_in_use += class_size(cls);
    return c;
}

static void *alloc_large(size_t size)
{
    unsigned int order = 0;

    while ((PAGE_SIZE << order) - XM_HDR_SIZE < size)
        order++;

    struct xm_header *h = alloc_xenheap_pages(order);
    if (!h)
        return NULL;
    h->magic = XM_MAGIC_LARGE;
    h->order = order;
    xm_in_use += PAGE_SIZE << order;
    return (char *)h + XM_HDR_SIZE;
}

void *xmalloc_bytes(size_t size)
{
    unsigned long flags;
    void *p;

    if (size > XM_MAX_LARGE)
        return NULL;

    spin_lock_irqsave(&xm_lock, flags);
    p = size <= XM_MAX_SMALL ? alloc_small(size) : alloc_large(size);
    spin_unlock_irqrestore(&xm_lock, flags);
    return p;
}

void *xzalloc_bytes(size_t size)
{
    void *p = xmalloc_bytes(size);

    if (p)
        memset(p, 0, size);
    return p;
}

/* Is chunk c already on its page's free list? (Catches double frees.) */
static bool chunk_is_free(const struct xm_header *h, const struct xm_chunk *c)
{
    for (const struct xm_chunk *f = h->free_list; f; f = f->next)
        if (f == c)
            return true;
    return false;
}

static void free_small(struct xm_header *h, void *p)
{
    unsigned int cls = h->cls;
    struct xm_chunk *c = p;

    BUG_ON(cls >= XM_NR_CLASSES);
    BUG_ON((char *)p < (char *)h + XM_HDR_SIZE);           /* inside the header */
    size_t offset = (size_t)((char *)p - (char *)h) - XM_HDR_SIZE;
    BUG_ON(offset % class_size(cls) != 0);                  /* not a chunk start */
    BUG_ON(offset / class_size(cls) >= chunks_per_page(cls));
    BUG_ON(chunk_is_free(h, c));                            /* double free */

    c->next = h->free_list;
    h->free_list = c;
    if (h->nr_free++ == 0)
        list_add(&h->link, &xm_partial[cls]);   /* was full: usable again */
    xm_in_use -= class_size(cls);

    if (h->nr_free == chunks_per_page(cls)) {   /* all free: back to the frames */
        list_del(&h->link);
        h->magic = 0;
        free_xenheap_pages(h, 0);
    }
}

static void free_large(struct xm_header *h, void *p)
{
    unsigned int order = h->order;

    BUG_ON(p != (char *)h + XM_HDR_SIZE);
    BUG_ON(order > MAX_ORDER);
    h->magic = 0;
    xm_in_use -= PAGE_SIZE << order;
    free_xenheap_pages(h, order);
}

void xfree(void *p)
{
    unsigned long flags;

    if (!p)
        return;

    struct xm_header *h = (struct xm_header *)((uintptr_t)p & PAGE_MASK);
    spin_lock_irqsave(&xm_lock, flags);
    BUG_ON(h->magic != XM_MAGIC_SLAB && h->magic != XM_MAGIC_LARGE);
    if (h->magic == XM_MAGIC_SLAB)
        free_small(h, p);
    else
        free_large(h, p);
    spin_unlock_irqrestore(&xm_lock, flags);
}

size_t xmalloc_bytes_in_use(void)
{
    unsigned long flags;
    size_t n;

    spin_lock_irqsave(&xm_lock, flags);
    n = xm_in_use;
    spin_unlock_irqrestore(&xm_lock, flags);
    return n;
}
