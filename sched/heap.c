/*
 * sched/heap.c - the intrusive binary min-heap (see heap.h for what and why).
 *
 * The tree is always complete: positions 1..nr are occupied, filled level by level
 * from the left. Every change is one of two moves:
 *
 *   - a new node goes into position nr+1 (the first free leaf) and sifts up;
 *   - a node leaves by having the last node (position nr) take its place, which then
 *     sifts up or down.
 *
 * Sifting swaps a node with its parent. In an array that is an exchange of two
 * slots; here the two nodes exchange their links (parent, children, and the
 * grandparent's child pointer), which is the only fiddly part of the file.
 */
#include <hestia/printk.h>

#include "heap.h"

void heap_init(struct heap *h, heap_less_fn less)
{
    h->root = NULL;
    h->nr = 0;
    h->less = less;
}

void heap_node_init(struct heap_node *n)
{
    n->parent = n->left = n->right = NULL;
    n->pos = 0;
}

/* Index of the highest set bit of pos (pos > 0). */
static unsigned int top_bit(unsigned int pos)
{
    return 31 - (unsigned int)__builtin_clz(pos);
}

/*
 * The node at position pos (1 <= pos <= nr): below the leading 1, each bit of pos,
 * from the most significant, says left (0) or right (1).
 */
static struct heap_node *node_at(const struct heap *h, unsigned int pos)
{
    struct heap_node *n = h->root;

    for (int bit = (int)top_bit(pos) - 1; bit >= 0; bit--)
        n = (pos >> bit) & 1 ? n->right : n->left;
    return n;
}

/* Point whatever pointed at `from` (its parent's child link, or the root) at `to`. */
static void replace_link(struct heap *h, struct heap_node *parent,
                         struct heap_node *from, struct heap_node *to)
{
    if (!parent)
        h->root = to;
    else if (parent->left == from)
        parent->left = to;
    else
        parent->right = to;
}

/* x and its parent p change places. */
static void swap_with_parent(struct heap *h, struct heap_node *x)
{
    struct heap_node *p = x->parent;
    struct heap_node *xl = x->left, *xr = x->right;
    unsigned int pos = x->pos;

    replace_link(h, p->parent, p, x);
    x->parent = p->parent;
    if (p->left == x) {
        x->left = p;
        x->right = p->right;
        if (x->right)
            x->right->parent = x;
    } else {
        x->right = p;
        x->left = p->left;
        if (x->left)
            x->left->parent = x;
    }
    p->parent = x;
    p->left = xl;
    if (xl)
        xl->parent = p;
    p->right = xr;
    if (xr)
        xr->parent = p;
    x->pos = p->pos;
    p->pos = pos;
}

static void sift_up(struct heap *h, struct heap_node *n)
{
    while (n->parent && h->less(n, n->parent))
        swap_with_parent(h, n);
}

static void sift_down(struct heap *h, struct heap_node *n)
{
    for (;;) {
        struct heap_node *c = n->left;
        if (!c)
            return;
        if (n->right && h->less(n->right, c))
            c = n->right;
        if (!h->less(c, n))
            return;
        swap_with_parent(h, c);
    }
}

void heap_insert(struct heap *h, struct heap_node *n)
{
    ASSERT(!heap_node_queued(n));
    unsigned int pos = ++h->nr;

    n->left = n->right = NULL;
    n->pos = pos;
    if (pos == 1) {
        n->parent = NULL;
        h->root = n;
        return;
    }
    struct heap_node *parent = node_at(h, pos / 2);
    n->parent = parent;
    if (pos & 1)
        parent->right = n;
    else
        parent->left = n;
    sift_up(h, n);
}

void heap_remove(struct heap *h, struct heap_node *n)
{
    ASSERT(heap_node_queued(n) && h->nr > 0);
    struct heap_node *last = node_at(h, h->nr);

    /* The last leaf leaves the tree... */
    replace_link(h, last->parent, last, NULL);
    h->nr--;
    /* ... and, unless it is n, takes n's place, then finds its own. */
    if (last != n) {
        last->parent = n->parent;
        last->left = n->left;
        last->right = n->right;
        last->pos = n->pos;
        replace_link(h, n->parent, n, last);
        if (last->left)
            last->left->parent = last;
        if (last->right)
            last->right->parent = last;
        heap_update(h, last);
    }
    heap_node_init(n);
}

struct heap_node *heap_pop(struct heap *h)
{
    struct heap_node *n = h->root;
    if (n)
        heap_remove(h, n);
    return n;
}

void heap_update(struct heap *h, struct heap_node *n)
{
    ASSERT(heap_node_queued(n));
    if (n->parent && h->less(n, n->parent))
        sift_up(h, n);
    else
        sift_down(h, n);
}

/* Check the subtree at n (which sits at position pos); count its nodes. */
static bool check_subtree(const struct heap *h, const struct heap_node *n,
                          unsigned int pos, unsigned int *count)
{
    if (!n)
        return true;
    if (n->pos != pos || pos > h->nr || ++*count > h->nr)
        return false;
    const struct heap_node *kids[2] = { n->left, n->right };
    for (unsigned int i = 0; i < 2; i++) {
        const struct heap_node *c = kids[i];
        if (!c)
            continue;
        if (c->parent != n || h->less(c, n))
            return false;
        if (!check_subtree(h, c, 2 * pos + i, count))
            return false;
    }
    return true;
}

bool heap_check(const struct heap *h)
{
    unsigned int count = 0;

    if (h->root && h->root->parent)
        return false;
    if (!check_subtree(h, h->root, 1, &count))
        return false;
    /* nr nodes, all at distinct positions <= nr: exactly positions 1..nr. */
    return count == h->nr;
}
