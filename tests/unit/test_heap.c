/*
 * tests/unit/test_heap.c - the intrusive binary min-heap of sched/heap.c, which the
 * edf and rt run queues are built on.
 *
 * What is checked: an empty heap; pops come out sorted (many sizes, keys with many
 * duplicates, and a sequence number as tie-break gives FIFO among equal keys);
 * removing any node (root, inner node, the last leaf, a parent of the last leaf);
 * changing a key in place (heap_update up and down); and a long random mix of
 * insert/remove/pop/update against a reference model (a plain array scanned for its
 * minimum), with every invariant (heap_check: shape, links, positions, order,
 * count) verified after every operation. heap_check itself is shown to catch a
 * broken order, a broken link and a wrong count, so a silent corruption cannot pass.
 */
#include <check.h>
#include <stdlib.h>

#include "../../sched/heap.h"

#define REQUIRE(cond, ...) do { if (!(cond)) ck_abort_msg(__VA_ARGS__); } while (0)

struct item {
    long key;
    unsigned long seq;          /* tie-break: FIFO among equal keys */
    struct heap_node node;
};

static bool item_less(const struct heap_node *a, const struct heap_node *b)
{
    const struct item *x = heap_entry(a, struct item, node);
    const struct item *y = heap_entry(b, struct item, node);
    if (x->key != y->key)
        return x->key < y->key;
    return x->seq < y->seq;
}

static struct item *min_item(const struct heap *h)
{
    struct heap_node *n = heap_min(h);
    return n ? heap_entry(n, struct item, node) : NULL;
}

/* A small deterministic generator (splitmix64), so failures reproduce. */
static uint64_t rng_state;
static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

START_TEST(empty_heap)
{
    struct heap h;
    heap_init(&h, item_less);
    ck_assert(heap_empty(&h));
    ck_assert_ptr_null(heap_min(&h));
    ck_assert_ptr_null(heap_pop(&h));
    ck_assert(heap_check(&h));

    struct item a = { .key = 5 };
    heap_node_init(&a.node);
    ck_assert(!heap_node_queued(&a.node));
    heap_insert(&h, &a.node);
    ck_assert(heap_node_queued(&a.node));
    ck_assert_uint_eq(heap_size(&h), 1);
    ck_assert_ptr_eq(heap_pop(&h), &a.node);
    ck_assert(!heap_node_queued(&a.node));
    ck_assert(heap_empty(&h) && heap_check(&h));
}
END_TEST

/* n items with keys in [0, range): pops come out by (key, seq). */
static void sorted_pops(unsigned int n, long range)
{
    struct item *it = calloc(n, sizeof(*it));
    struct heap h;
    heap_init(&h, item_less);
    for (unsigned int i = 0; i < n; i++) {
        it[i].key = (long)(rnd() % (uint64_t)range);
        it[i].seq = i;
        heap_node_init(&it[i].node);
        heap_insert(&h, &it[i].node);
        REQUIRE(heap_check(&h), "n=%u: invariant broken after insert %u", n, i);
    }
    const struct item *prev = NULL;
    for (unsigned int i = 0; i < n; i++) {
        struct heap_node *node = heap_pop(&h);
        REQUIRE(node, "n=%u: heap empty after %u pops", n, i);
        const struct item *x = heap_entry(node, struct item, node);
        REQUIRE(!prev || item_less(&prev->node, &x->node),
                "n=%u: pop %u out of order (key %ld seq %lu after key %ld seq %lu)",
                n, i, x->key, x->seq, prev->key, prev->seq);
        REQUIRE(heap_check(&h), "n=%u: invariant broken after pop %u", n, i);
        prev = x;
    }
    ck_assert(heap_empty(&h));
    free(it);
}

START_TEST(pops_are_sorted)
{
    rng_state = 1;
    for (unsigned int n = 1; n <= 70; n++) {
        sorted_pops(n, 1000);
        sorted_pops(n, 3);          /* many equal keys: FIFO by seq */
    }
    sorted_pops(5000, 100000);
}
END_TEST

START_TEST(remove_any_node)
{
    /* For each size and each position: build, remove the node at that position. */
    for (unsigned int n = 1; n <= 40; n++)
        for (unsigned int victim = 0; victim < n; victim++) {
            struct item it[40];
            struct heap h;
            heap_init(&h, item_less);
            for (unsigned int i = 0; i < n; i++) {
                it[i] = (struct item){ .key = (long)((i * 7919) % 31), .seq = i };
                heap_node_init(&it[i].node);
                heap_insert(&h, &it[i].node);
            }
            heap_remove(&h, &it[victim].node);
            REQUIRE(!heap_node_queued(&it[victim].node), "n=%u v=%u still queued", n, victim);
            REQUIRE(heap_size(&h) == n - 1, "n=%u v=%u: size %u", n, victim, heap_size(&h));
            REQUIRE(heap_check(&h), "n=%u: invariant broken removing item %u", n, victim);
            const struct item *prev = NULL;
            for (unsigned int i = 0; i + 1 < n; i++) {
                const struct item *x = heap_entry(heap_pop(&h), struct item, node);
                REQUIRE(x != &it[victim], "n=%u: removed item %u popped", n, victim);
                REQUIRE(!prev || item_less(&prev->node, &x->node), "n=%u v=%u: order", n, victim);
                prev = x;
            }
        }
}
END_TEST

START_TEST(update_moves_a_node)
{
    struct item it[20];
    struct heap h;
    heap_init(&h, item_less);
    for (unsigned int i = 0; i < 20; i++) {
        it[i] = (struct item){ .key = 100 + 10 * (long)i, .seq = i };
        heap_node_init(&it[i].node);
        heap_insert(&h, &it[i].node);
    }
    it[17].key = 1;                     /* up: becomes the minimum */
    heap_update(&h, &it[17].node);
    ck_assert(heap_check(&h));
    ck_assert_ptr_eq(min_item(&h), &it[17]);
    it[17].key = 1000;                  /* down: becomes the maximum */
    heap_update(&h, &it[17].node);
    ck_assert(heap_check(&h));
    ck_assert_ptr_eq(min_item(&h), &it[0]);
    it[0].key = 500;                    /* the root sinks */
    heap_update(&h, &it[0].node);
    ck_assert(heap_check(&h));
    ck_assert_ptr_eq(min_item(&h), &it[1]);
}
END_TEST

/*
 * A long random mix of operations against a reference model: the model is the set
 * of queued items, and its minimum (a linear scan) must be the heap's minimum.
 */
#define POOL 300
START_TEST(random_against_model)
{
    static struct item it[POOL];
    struct heap h;
    unsigned long seq = 0;
    rng_state = 42;
    heap_init(&h, item_less);
    for (unsigned int i = 0; i < POOL; i++)
        heap_node_init(&it[i].node);

    for (unsigned int step = 0; step < 200000; step++) {
        struct item *x = &it[rnd() % POOL];
        switch (rnd() % 4) {
        case 0:                                     /* insert (or re-key) */
        case 1:
            x->key = (long)(rnd() % 50);
            x->seq = seq++;
            if (heap_node_queued(&x->node))
                heap_update(&h, &x->node);
            else
                heap_insert(&h, &x->node);
            break;
        case 2:                                     /* remove an arbitrary one */
            if (heap_node_queued(&x->node))
                heap_remove(&h, &x->node);
            break;
        case 3: {                                   /* pop the minimum */
            struct item *m = min_item(&h);
            struct heap_node *n = heap_pop(&h);
            REQUIRE(n == (m ? &m->node : NULL), "step %u: pop is not the minimum", step);
            break;
        }
        }
        /* The model: which items are queued, and which is the smallest. */
        unsigned int queued = 0;
        struct item *best = NULL;
        for (unsigned int i = 0; i < POOL; i++)
            if (heap_node_queued(&it[i].node)) {
                queued++;
                if (!best || item_less(&it[i].node, &best->node))
                    best = &it[i];
            }
        REQUIRE(queued == heap_size(&h), "step %u: %u queued, heap says %u", step,
                queued, heap_size(&h));
        REQUIRE(min_item(&h) == best, "step %u: heap minimum is not the model's", step);
        if (step % 16 == 0 || heap_size(&h) < 8)
            REQUIRE(heap_check(&h), "step %u: invariant broken", step);
    }
}
END_TEST

/* The checker is not vacuous: it notices broken order, links and counts. */
START_TEST(check_catches_corruption)
{
    struct item it[7];
    struct heap h;
    heap_init(&h, item_less);
    for (unsigned int i = 0; i < 7; i++) {
        it[i] = (struct item){ .key = (long)i, .seq = i };
        heap_node_init(&it[i].node);
        heap_insert(&h, &it[i].node);
    }
    ck_assert(heap_check(&h));

    it[5].key = -1;                         /* order: a leaf smaller than the root */
    ck_assert(!heap_check(&h));
    it[5].key = 5;
    ck_assert(heap_check(&h));

    struct heap_node *saved = it[3].node.parent;
    it[3].node.parent = &it[6].node;        /* a wrong parent link */
    ck_assert(!heap_check(&h));
    it[3].node.parent = saved;

    h.nr = 8;                               /* a wrong count */
    ck_assert(!heap_check(&h));
    h.nr = 7;
    ck_assert(heap_check(&h));
}
END_TEST

Suite *heap_suite(void)
{
    Suite *s = suite_create("heap");
    TCase *tc = tcase_create("heap");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, empty_heap);
    tcase_add_test(tc, pops_are_sorted);
    tcase_add_test(tc, remove_any_node);
    tcase_add_test(tc, update_moves_a_node);
    tcase_add_test(tc, random_against_model);
    tcase_add_test(tc, check_catches_corruption);
    suite_add_tcase(s, tc);
    return s;
}
