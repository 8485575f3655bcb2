/*
 * sched/heap.h - an intrusive binary min-heap for run queues (edf, rt).
 *
 * A scheduler keeps "the most urgent ready vcpu first": earliest deadline (edf),
 * highest priority (rt), earliest replenishment (both). A sorted list, as Xen's RTDS
 * uses, costs O(n) per insertion; this heap costs O(log n) for every change and O(1)
 * to look at the minimum.
 *
 * The heap is *intrusive*, like the kernel's lists: each element embeds a struct
 * heap_node, and the heap links those nodes into a complete binary tree with
 * pointers (parent, left, right) instead of keeping an array. So inserting never
 * allocates - a module may queue a vcpu inside a hook, with locks held - and there is
 * no capacity to size. A node knows its position in the tree (1 = root, 2k and
 * 2k+1 the children of k, as in the array layout students know); the path from the
 * root to position k is spelled by the bits of k below the leading one, which is how
 * insertion finds the first free leaf and removal the last one.
 *
 *   operation          cost
 *   heap_min           O(1)
 *   heap_insert        O(log n)
 *   heap_remove        O(log n)   any node, not only the minimum
 *   heap_pop           O(log n)
 *   heap_update        O(log n)   after the node's key changed
 *
 * The order is given by a "less" function on two nodes; it must be a strict weak
 * order that does not change while a node is in the heap (remove it, change the key,
 * insert it again - or call heap_update). Equal keys come out in no particular
 * order: a module that wants FIFO among equals puts a sequence number in the key.
 *
 * Not thread-safe: the caller's lock protects the heap. Portable (host-tested by
 * tests/unit/test_heap.c).
 */
#ifndef SCHED_HEAP_H
#define SCHED_HEAP_H

#include <hestia/types.h>

struct heap_node {
    struct heap_node *parent, *left, *right;
    unsigned int pos;               /* 1-based position in the tree; 0: not in a heap */
};

/* true if a must come out before b. */
typedef bool (*heap_less_fn)(const struct heap_node *a, const struct heap_node *b);

struct heap {
    struct heap_node *root;         /* the minimum */
    unsigned int nr;                /* nodes in the heap */
    heap_less_fn less;
};

#define heap_entry(node, type, member) container_of(node, type, member)

void heap_init(struct heap *h, heap_less_fn less);
/* A node that is in no heap (call once, before its first heap_insert). */
void heap_node_init(struct heap_node *n);

static inline bool heap_node_queued(const struct heap_node *n) { return n->pos != 0; }
static inline bool heap_empty(const struct heap *h) { return h->nr == 0; }
static inline unsigned int heap_size(const struct heap *h) { return h->nr; }
/* The minimum, or NULL when empty. */
static inline struct heap_node *heap_min(const struct heap *h) { return h->root; }

/* n must not be queued. */
void heap_insert(struct heap *h, struct heap_node *n);
/* n must be queued in h. */
void heap_remove(struct heap *h, struct heap_node *n);
/* Remove and return the minimum; NULL when empty. */
struct heap_node *heap_pop(struct heap *h);
/* n's key changed while queued in h: move it to its place. */
void heap_update(struct heap *h, struct heap_node *n);

/*
 * Check every invariant (shape, links, positions, order, count). For tests and
 * debugging: O(n).
 */
bool heap_check(const struct heap *h);

#endif /* SCHED_HEAP_H */
