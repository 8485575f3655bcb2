/*
 * tests/unit/test_pv_pagetable.c - host tests for reference counts, frame types and
 * PV page-table validation (mm/pv_pagetable.c).
 *
 * The fake machine has 64 frames. The frame table is managed by the real buddy
 * allocator, and the frames' contents live in one malloc'd array. The fake
 * map_domain_page() returns &mem[mfn * 4096] and counts the mappings that are still
 * open, so every test can check that each map was unmapped and that validation never
 * held more than four mappings at once (one per level). The fake
 * arch_init_guest_l4_slots() writes a recognizable pattern into slots 256-271.
 *
 * Domain A is the guest under test; domain B is "another domain". struct domain is
 * opaque to this code, so the two are just distinct addresses. Tests build a small
 * 4-level tree by writing raw entries into frames (as a guest would before pinning),
 * pin it, and then drive pv_mod_entry() through a table of good and bad updates.
 * Every row states its expected return code and its exact effect on reference
 * counts. Four checks back the rows up:
 *  - a snapshot of every frame's count_info and type_info and of all memory, taken
 *    before each step, so a failed step must leave everything bit for bit the same;
 *  - check_refs(), which recounts every reference from the validated tables and the
 *    pins and compares the result with the frame table, so no count is leaked or
 *    missing anywhere;
 *  - the "no page table is mapped writable" rule, checked over all validated tables;
 *  - undoing every successful row, which must give back the snapshot exactly.
 */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hestia/arch.h>
#include <hestia/errno.h>
#include <hestia/mm.h>
#include <hestia/pv_pagetable.h>
#include "host.h"

/* Like ck_assert_msg, without a (slow) checkpoint per call: for checks in loops. */
#define REQUIRE(cond, ...) do { if (!(cond)) ck_abort_msg(__VA_ARGS__); } while (0)

/* ---------------------------------------------------------------------------
 * The fake machine
 */

#define NR_FRAMES 64

static struct page_info *ft;   /* the frame table */
static uint8_t *mem;           /* the frames' contents */
static long maps_open, maps_max;
static unsigned int l4_inits;

void *map_domain_page(unsigned long mfn)
{
    if (mfn >= NR_FRAMES) {
        fprintf(stderr, "map_domain_page(%#lx): no such frame\n", mfn);
        abort();
    }
    if (++maps_open > maps_max)
        maps_max = maps_open;
    return mem + mfn * PAGE_SIZE;
}

void unmap_domain_page(const void *va)
{
    size_t off = (size_t)((const uint8_t *)va - mem);
    if (off >= NR_FRAMES * PAGE_SIZE || off % PAGE_SIZE || maps_open == 0) {
        fprintf(stderr, "unmap_domain_page(%p): not mapped\n", va);
        abort();
    }
    maps_open--;
}

/* What the hypervisor's own L4 slots look like: recognizable and per slot. */
#define HYP_SLOT_ENTRY(i) (0x0000abc000000000ULL | ((uint64_t)(i) << 12) | 0x63)

void arch_init_guest_l4_slots(uint64_t *l4)
{
    for (unsigned int i = ROOT_PAGETABLE_FIRST_XEN_SLOT;
         i <= ROOT_PAGETABLE_LAST_XEN_SLOT; i++)
        l4[i] = HYP_SLOT_ENTRY(i);
    l4_inits++;
}

static char dom_a_obj, dom_b_obj;
#define DOM_A ((const struct domain *)&dom_a_obj)
#define DOM_B ((const struct domain *)&dom_b_obj)

/* The frames, by job. Everything not listed is A's and unused. */
enum {
    RESERVED = 0,   /* never given to the heap (owner field says A, on purpose) */
    L4 = 10, L3 = 11, L2 = 12, L1 = 13, L1B = 14,          /* A's tree */
    SPARE_L1 = 15, SPARE_L2 = 16, SPARE_L3 = 17,           /* A's, zeroed */
    D0 = 20, D1, D2, D3, D4, D5, D6, D7,                   /* A's data frames */
    GOOD_L1 = 30,   /* contents: a valid L1 (D4 RW, D5 RO) */
    BAD_L1 = 31,    /* contents: ten good entries, then a foreign frame */
    RWL2_L1 = 32,   /* contents: an RW mapping of the L2 */
    LOOP_L3 = 33,   /* contents: entry 0 points back at the L4 */
    B_L1 = 40, B_D0 = 41, B_D1 = 42,                       /* domain B's */
    UNOWNED = 61,   /* allocated, no owner */
    FREE = 62,      /* back on the free list (owner field says A, on purpose) */
};

#define P   _PAGE_PRESENT
#define RW  _PAGE_RW
#define US  _PAGE_USER

static uint64_t *frame(unsigned long mfn)
{
    return (uint64_t *)(mem + mfn * PAGE_SIZE);
}

/* An entry mapping mfn (a macro, for the static tables below). */
#define PTE(mfn, flags) (((uint64_t)(mfn) << PAGE_SHIFT) | (uint64_t)(flags))

static unsigned long count_of(unsigned long mfn)
{
    return ft[mfn].count_info & PGC_count_mask;
}

static unsigned long tcount_of(unsigned long mfn)
{
    return ft[mfn].u.inuse.type_info & PGT_count_mask;
}

/*
 * Every frame allocated through the real allocator, owners assigned. Data frames
 * hold garbage that would fail validation as a table (present entries that map B's
 * frame), so nothing becomes a table by accident.
 */
static void setup(void)
{
    ft = calloc(NR_FRAMES, sizeof(*ft));
    mem = aligned_alloc(PAGE_SIZE, NR_FRAMES * PAGE_SIZE);
    ck_assert_ptr_nonnull(ft);
    ck_assert_ptr_nonnull(mem);
    memset(mem, 0, NR_FRAMES * PAGE_SIZE);
    maps_open = maps_max = 0;
    l4_inits = 0;

    page_alloc_init(ft, NR_FRAMES);
    init_heap_pages(1, NR_FRAMES - 1);
    for (unsigned long n = 1; n < NR_FRAMES; n++)
        ck_assert_ptr_nonnull(alloc_heap_pages(0));
    for (unsigned long mfn = 0; mfn < NR_FRAMES; mfn++)
        ft[mfn].owner = (struct domain *)(mfn >= B_L1 && mfn < 48 ? DOM_B :
                                          mfn >= 48 ? NULL : DOM_A);
    free_heap_pages(&ft[FREE], 0);
    ck_assert(ft[FREE].count_info & PGC_free);
    ft[FREE].owner = (struct domain *)DOM_A;   /* a stale owner: PGC_free must win */
    ck_assert(ft[RESERVED].count_info & PGC_reserved);

    for (unsigned long mfn = D0; mfn <= D7; mfn++)
        for (unsigned int i = 0; i < PAGETABLE_ENTRIES; i++)
            frame(mfn)[i] = PTE(B_D0, P | RW);
}

static void teardown(void)
{
    free(ft);
    free(mem);
    ft = NULL;
    mem = NULL;
}

/*
 * A's tree, written raw as a guest would before pinning:
 *   L4[0] -> L3[0] -> L2[0] -> L1 -> D0 RW (twice), D1 RO, D2 RW, D3 RO (PAT),
 *                                    itself RO, the L4 RO, plus non-present garbage
 *                     L2[1] -> L1B (empty; the L2 entry itself is read-only)
 * The L4's hypervisor slots hold guest garbage that would fail validation.
 * Also the contents of the "trap" frames used by some rows, and B's own L1.
 */
static void build_tree(void)
{
    uint64_t *l4 = frame(L4), *l3 = frame(L3), *l2 = frame(L2), *l1 = frame(L1);

    l4[0] = PTE(L3, P | RW | US);
    l4[511] = 0xfffffffffffffffeULL;   /* not present: every other bit is ignored */
    for (unsigned int i = ROOT_PAGETABLE_FIRST_XEN_SLOT;
         i <= ROOT_PAGETABLE_LAST_XEN_SLOT; i++)
        l4[i] = (i & 1) ? PTE(B_D0, P | RW) | (1ULL << 52) : PTE(D7, P | RW);
    l3[0] = PTE(L2, P | RW | US);
    l2[0] = PTE(L1, P | RW | US);
    l2[1] = PTE(L1B, P | US);
    l1[0] = PTE(D0, P | RW | US);
    l1[1] = PTE(D1, P | US);
    l1[2] = PTE(D2, P | RW | US | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_NX);
    l1[3] = PTE(D3, P | US | _PAGE_PAT);
    l1[4] = PTE(L1, P);
    l1[5] = PTE(L4, P);
    l1[6] = 0x7ff0000000000ffeULL;
    l1[7] = PTE(D0, P | RW);

    frame(GOOD_L1)[0] = PTE(D4, P | RW);
    frame(GOOD_L1)[1] = PTE(D5, P);
    for (unsigned int i = 0; i < 10; i++)
        frame(BAD_L1)[i] = PTE(D4 + i % 2, P | RW);
    frame(BAD_L1)[10] = PTE(B_D0, P);
    frame(RWL2_L1)[0] = PTE(D5, P);
    frame(RWL2_L1)[1] = PTE(L2, P | RW);
    frame(LOOP_L3)[0] = PTE(L4, P);

    frame(B_L1)[0] = PTE(B_D0, P | RW);
}

/* ---------------------------------------------------------------------------
 * Snapshots, recounting, invariants
 */

struct snap {
    unsigned long count[NR_FRAMES];
    unsigned long type[NR_FRAMES];
    uint8_t mem[NR_FRAMES * PAGE_SIZE];
};

static struct snap snap_a, snap_b;

static void snap_take(struct snap *s)
{
    for (unsigned long mfn = 0; mfn < NR_FRAMES; mfn++) {
        s->count[mfn] = ft[mfn].count_info;
        s->type[mfn] = ft[mfn].u.inuse.type_info;
    }
    memcpy(s->mem, mem, sizeof(s->mem));
}

/* Every frame's count_info and type_info are exactly as in s. */
static void expect_counts(const struct snap *s, const char *where)
{
    for (unsigned long mfn = 0; mfn < NR_FRAMES; mfn++) {
        REQUIRE(ft[mfn].count_info == s->count[mfn],
                "%s: frame %lu count_info %#lx, expected %#lx", where, mfn,
                ft[mfn].count_info, s->count[mfn]);
        REQUIRE(ft[mfn].u.inuse.type_info == s->type[mfn],
                "%s: frame %lu type_info %#lx, expected %#lx", where, mfn,
                ft[mfn].u.inuse.type_info, s->type[mfn]);
    }
}

/* All memory as in s, except (when skip_mfn < NR_FRAMES) one entry. */
static void expect_memory_except(const struct snap *s, const char *where,
                                 unsigned long skip_mfn, unsigned int skip_index)
{
    const uint64_t *now = (const uint64_t *)mem, *then = (const uint64_t *)s->mem;
    for (size_t k = 0; k < NR_FRAMES * PAGETABLE_ENTRIES; k++) {
        if (k == skip_mfn * PAGETABLE_ENTRIES + skip_index)
            continue;
        REQUIRE(now[k] == then[k], "%s: frame %zu entry %zu is %#llx, was %#llx",
                where, k / PAGETABLE_ENTRIES, k % PAGETABLE_ENTRIES,
                (unsigned long long)now[k], (unsigned long long)then[k]);
    }
}

static void expect_unchanged(const struct snap *s, const char *where)
{
    expect_counts(s, where);
    expect_memory_except(s, where, NR_FRAMES, 0);
}

/*
 * Recount every reference from scratch and compare with the frame table. Each
 * present guest entry of a validated table holds a general reference on its target.
 * An L2-L4 entry also holds a type reference of the next level, and an RW L1 entry a
 * writable one. Each pin holds one of each. Also check the rules that make direct
 * paging safe: types match what the entries need (so no page table is mapped
 * writable), a frame without type references has no type at all, and no mapping of
 * a frame is left open.
 */
static void check_refs(const char *where)
{
    static unsigned long cnt[NR_FRAMES], tcnt[NR_FRAMES];

    memset(cnt, 0, sizeof(cnt));
    memset(tcnt, 0, sizeof(tcnt));
    REQUIRE(maps_open == 0, "%s: %ld mappings left open", where, maps_open);

    for (unsigned long mfn = 0; mfn < NR_FRAMES; mfn++) {
        unsigned long t = ft[mfn].u.inuse.type_info;
        if (t & PGT_pinned) {
            cnt[mfn]++;
            tcnt[mfn]++;
        }
        unsigned int level = pgt_level_of_type(t);
        if (!level || !(t & PGT_count_mask))
            continue;
        for (unsigned int i = 0; i < PAGETABLE_ENTRIES; i++) {
            uint64_t e = frame(mfn)[i];
            if (!(e & P) || (level == 4 && !is_guest_l4_slot(i)))
                continue;
            unsigned long target = pte_get_mfn(e);
            REQUIRE(target < NR_FRAMES, "%s: L%u %lu[%u] maps frame %#lx", where,
                    level, mfn, i, target);
            REQUIRE(ft[target].owner == ft[mfn].owner, "%s: L%u %lu[%u] maps a "
                    "frame of another domain", where, level, mfn, i);
            cnt[target]++;
            unsigned long need = level > 1 ? pgt_type_of_level(level - 1) :
                                 (e & RW) ? PGT_writable_page : PGT_none;
            if (need == PGT_none)
                continue;
            tcnt[target]++;
            REQUIRE((ft[target].u.inuse.type_info & PGT_type_mask) == need,
                    "%s: L%u %lu[%u] needs type %#lx of frame %lu, which has %#lx",
                    where, level, mfn, i, need, target, ft[target].u.inuse.type_info);
        }
    }

    for (unsigned long mfn = 0; mfn < NR_FRAMES; mfn++) {
        unsigned long t = ft[mfn].u.inuse.type_info;
        if (ft[mfn].count_info & PGC_free)
            continue;   /* u.free.order overlays type_info */
        REQUIRE(count_of(mfn) == cnt[mfn], "%s: frame %lu has %lu references, "
                "the tables and pins hold %lu", where, mfn, count_of(mfn), cnt[mfn]);
        REQUIRE(tcount_of(mfn) == tcnt[mfn], "%s: frame %lu has %lu type references, "
                "the tables and pins hold %lu", where, mfn, tcount_of(mfn), tcnt[mfn]);
        if (tcnt[mfn] == 0)
            REQUIRE(t == 0, "%s: frame %lu has no type references but type_info %#lx",
                    where, mfn, t);
        else
            REQUIRE(t & PGT_validated, "%s: frame %lu in use but not validated", where,
                    mfn);
    }
}

/* build_tree(), pin the L4 for A and B's L1 for B; both must work. */
static void pinned_tree(void)
{
    build_tree();
    ck_assert_int_eq(pv_pin_table(DOM_A, L4, 4), 0);
    ck_assert_int_eq(pv_pin_table(DOM_B, B_L1, 1), 0);
    check_refs("pinned tree");
}

/* ---------------------------------------------------------------------------
 * Pinning a tree
 */

START_TEST(test_pin_validates_tree)
{
    static const struct {
        unsigned long mfn, count, type_info;
    } expect[] = {
        { L4,  2, PGT_l4_page_table | PGT_pinned | PGT_validated | 1 },  /* pin, L1[5] */
        { L3,  1, PGT_l3_page_table | PGT_validated | 1 },
        { L2,  1, PGT_l2_page_table | PGT_validated | 1 },
        { L1,  2, PGT_l1_page_table | PGT_validated | 1 },   /* L2[0], its own L1[4] */
        { L1B, 1, PGT_l1_page_table | PGT_validated | 1 },
        { D0,  2, PGT_writable_page | PGT_validated | 2 },
        { D1,  1, 0 },
        { D2,  1, PGT_writable_page | PGT_validated | 1 },
        { D3,  1, 0 },
        { D7,  0, 0 },       /* mapped only from the L4's hypervisor slots: ignored */
        { B_D0, 0, 0 },
    };

    build_tree();
    snap_take(&snap_a);
    ck_assert_int_eq(pv_pin_table(DOM_A, L4, 4), 0);

    for (unsigned int r = 0; r < ARRAY_SIZE(expect); r++) {
        unsigned long mfn = expect[r].mfn;
        ck_assert_msg(count_of(mfn) == expect[r].count,
                      "row %u: frame %lu count %lu, expected %lu", r, mfn,
                      count_of(mfn), expect[r].count);
        ck_assert_msg(ft[mfn].u.inuse.type_info == expect[r].type_info,
                      "row %u: frame %lu type_info %#lx, expected %#lx", r, mfn,
                      ft[mfn].u.inuse.type_info, expect[r].type_info);
    }

    /* The hypervisor slots were filled once; the guest's own slots are untouched. */
    ck_assert_uint_eq(l4_inits, 1);
    for (unsigned int i = 0; i < PAGETABLE_ENTRIES; i++) {
        uint64_t want = is_guest_l4_slot(i) ? ((uint64_t *)snap_a.mem)[L4 * 512 + i] :
                        HYP_SLOT_ENTRY(i);
        ck_assert_msg(frame(L4)[i] == want, "L4[%u] %#llx, expected %#llx", i,
                      (unsigned long long)frame(L4)[i], (unsigned long long)want);
    }
    for (unsigned int i = ROOT_PAGETABLE_FIRST_XEN_SLOT;
         i <= ROOT_PAGETABLE_LAST_XEN_SLOT; i++)
        ((uint64_t *)snap_a.mem)[L4 * PAGETABLE_ENTRIES + i] = HYP_SLOT_ENTRY(i);
    expect_memory_except(&snap_a, "after pin", NR_FRAMES, 0);   /* nothing else */

    /* Untouched frames kept their counts; recursion never held > 1 map per level. */
    for (unsigned long mfn = 0; mfn < NR_FRAMES; mfn++) {
        if (mfn == L4 || mfn == L3 || mfn == L2 || mfn == L1 || mfn == L1B ||
            (mfn >= D0 && mfn <= D3))
            continue;
        ck_assert_msg(ft[mfn].count_info == snap_a.count[mfn] &&
                      ft[mfn].u.inuse.type_info == snap_a.type[mfn],
                      "frame %lu changed", mfn);
    }
    ck_assert_int_le(maps_max, 4);
    check_refs("after pin");
}
END_TEST

/* ---------------------------------------------------------------------------
 * Table-driven updates
 */

struct delta {
    unsigned long mfn;   /* 0 ends the list (frame 0 is reserved, never changes) */
    long count;          /* change of the general reference count */
    long types;          /* change of the type count */
};

struct mod_row {
    const char *what;
    const struct domain *dom;   /* who asks */
    unsigned long table;
    unsigned int index;
    uint64_t entry;
    int rc;
    struct delta d[10];
};

/* The subtree under L2[0], as deltas when the L1 loses its last type reference. */
#define L1_SUBTREE_GONE \
    { L1, -2, -1 }, { D0, -2, -2 }, { D1, -1, 0 }, { D2, -1, -1 }, \
    { D3, -1, 0 }, { L4, -1, 0 }

static const struct mod_row mod_rows[] = {
    /* L1 entries */
    { "L1: own frame RO", DOM_A, L1, 10, PTE(D4, P | US), 0, { { D4, 1, 0 } } },
    { "L1: own frame RW", DOM_A, L1, 10, PTE(D4, P | RW | US), 0, { { D4, 1, 1 } } },
    { "L1: second RW map of an RW-mapped frame", DOM_A, L1, 10, PTE(D0, P | RW), 0,
      { { D0, 1, 1 } } },
    { "L1: RW map of a frame mapped RO elsewhere", DOM_A, L1, 10, PTE(D1, P | RW), 0,
      { { D1, 1, 1 } } },
    { "L1: PAT bit", DOM_A, L1, 10, PTE(D4, P | _PAGE_PAT), 0, { { D4, 1, 0 } } },
    { "L1: NX bit", DOM_A, L1, 10, PTE(D4, P | RW | _PAGE_NX), 0, { { D4, 1, 1 } } },
    { "L1: A, D, G, PCD, PWT, available bits", DOM_A, L1, 10,
      PTE(D4, P | 0x100 | 0x18 | 0x60 | 0xe00), 0, { { D4, 1, 0 } } },
    { "L1: not present, all other bits set", DOM_A, L1, 10, ~(uint64_t)P, 0, { { 0 } } },
    { "L1: another domain's frame RO", DOM_A, L1, 10, PTE(B_D0, P), -EPERM, { { 0 } } },
    { "L1: another domain's frame RW", DOM_A, L1, 10, PTE(B_D0, P | RW), -EPERM,
      { { 0 } } },
    { "L1: frame just beyond max_page", DOM_A, L1, 10, PTE(NR_FRAMES, P), -EPERM,
      { { 0 } } },
    { "L1: highest frame number", DOM_A, L1, 10, PADDR_MASK | P, -EPERM, { { 0 } } },
    { "L1: free frame", DOM_A, L1, 10, PTE(FREE, P), -EPERM, { { 0 } } },
    { "L1: reserved frame", DOM_A, L1, 10, PTE(RESERVED, P), -EPERM, { { 0 } } },
    { "L1: frame with no owner", DOM_A, L1, 10, PTE(UNOWNED, P), -EPERM, { { 0 } } },
    { "L1: the L1 itself RW", DOM_A, L1, 10, PTE(L1, P | RW), -EBUSY, { { 0 } } },
    { "L1: the L1 itself RO", DOM_A, L1, 10, PTE(L1, P), 0, { { L1, 1, 0 } } },
    { "L1: another L1 RW", DOM_A, L1, 10, PTE(L1B, P | RW), -EBUSY, { { 0 } } },
    { "L1: the L2 RW", DOM_A, L1, 10, PTE(L2, P | RW), -EBUSY, { { 0 } } },
    { "L1: the L3 RW", DOM_A, L1, 10, PTE(L3, P | RW), -EBUSY, { { 0 } } },
    { "L1: the L4 RW", DOM_A, L1, 10, PTE(L4, P | RW), -EBUSY, { { 0 } } },
    { "L1: the L4 RO", DOM_A, L1, 10, PTE(L4, P), 0, { { L4, 1, 0 } } },
    { "L1: reserved bit 52", DOM_A, L1, 10, PTE(D4, P) | (1ULL << 52), -EINVAL,
      { { 0 } } },
    { "L1: reserved bit 62", DOM_A, L1, 10, PTE(D4, P) | (1ULL << 62), -EINVAL,
      { { 0 } } },
    { "L1: index 512", DOM_A, L1, 512, PTE(D4, P), -EINVAL, { { 0 } } },
    { "L1: replace D0 RW by D4 RO", DOM_A, L1, 0, PTE(D4, P), 0,
      { { D0, -1, -1 }, { D4, 1, 0 } } },
    { "L1: same frame, RW to RO", DOM_A, L1, 0, PTE(D0, P), 0, { { D0, 0, -1 } } },
    { "L1: same frame, RO to RW", DOM_A, L1, 1, PTE(D1, P | RW), 0, { { D1, 0, 1 } } },
    { "L1: rewrite an entry unchanged", DOM_A, L1, 0, PTE(D0, P | RW | US), 0,
      { { 0 } } },
    { "L1: clear an RW entry", DOM_A, L1, 0, 0, 0, { { D0, -1, -1 } } },
    { "L1: clear the only RW map of D2", DOM_A, L1, 2, 0, 0, { { D2, -1, -1 } } },
    { "L1: clear an RO entry, leaving other bits", DOM_A, L1, 1, PTE(D1, RW | US), 0,
      { { D1, -1, 0 } } },
    { "L1: replace by a bad entry", DOM_A, L1, 0, PTE(B_D0, P | RW), -EPERM, { { 0 } } },

    /* L2 entries */
    { "L2: zeroed frame becomes an L1", DOM_A, L2, 5, PTE(SPARE_L1, P | RW | US), 0,
      { { SPARE_L1, 1, 1 } } },
    { "L2: RO entry still makes an L1", DOM_A, L2, 5, PTE(SPARE_L1, P), 0,
      { { SPARE_L1, 1, 1 } } },
    { "L2: second entry for an L1 in use", DOM_A, L2, 5, PTE(L1, P | RW), 0,
      { { L1, 1, 1 } } },
    { "L2: frame holding a valid L1", DOM_A, L2, 5, PTE(GOOD_L1, P | RW), 0,
      { { GOOD_L1, 1, 1 }, { D4, 1, 1 }, { D5, 1, 0 } } },
    { "L2: L1 contents map a foreign frame", DOM_A, L2, 5, PTE(BAD_L1, P), -EPERM,
      { { 0 } } },
    { "L2: L1 contents map the L2 RW", DOM_A, L2, 5, PTE(RWL2_L1, P), -EBUSY, { { 0 } } },
    { "L2: PSE", DOM_A, L2, 5, PTE(D4, P | RW | _PAGE_PSE), -EINVAL, { { 0 } } },
    { "L2: PSE at a valid L1", DOM_A, L2, 5, PTE(SPARE_L1, P | _PAGE_PSE), -EINVAL,
      { { 0 } } },
    { "L2: frame mapped writable", DOM_A, L2, 5, PTE(D0, P | RW), -EBUSY, { { 0 } } },
    { "L2: the L4", DOM_A, L2, 5, PTE(L4, P | RW), -EBUSY, { { 0 } } },
    { "L2: the L3", DOM_A, L2, 5, PTE(L3, P), -EBUSY, { { 0 } } },
    { "L2: itself", DOM_A, L2, 5, PTE(L2, P), -EBUSY, { { 0 } } },
    { "L2: another domain's L1", DOM_A, L2, 5, PTE(B_L1, P), -EPERM, { { 0 } } },
    { "L2: reserved bit 55", DOM_A, L2, 5, PTE(SPARE_L1, P) | (1ULL << 55), -EINVAL,
      { { 0 } } },
    { "L2: replace the L1 by L1B: subtree released", DOM_A, L2, 0, PTE(L1B, P | RW), 0,
      { { L1B, 1, 1 }, L1_SUBTREE_GONE } },
    { "L2: clear L1B's only entry", DOM_A, L2, 1, 0, 0, { { L1B, -1, -1 } } },

    /* L3 entries */
    { "L3: zeroed frame becomes an L2", DOM_A, L3, 7, PTE(SPARE_L2, P | RW), 0,
      { { SPARE_L2, 1, 1 } } },
    { "L3: second entry for the L2 in use", DOM_A, L3, 7, PTE(L2, P), 0,
      { { L2, 1, 1 } } },
    { "L3: PSE (1 GiB page)", DOM_A, L3, 7, PTE(SPARE_L2, P | _PAGE_PSE), -EINVAL,
      { { 0 } } },
    { "L3: an L1", DOM_A, L3, 7, PTE(L1, P), -EBUSY, { { 0 } } },
    { "L3: itself", DOM_A, L3, 7, PTE(L3, P), -EBUSY, { { 0 } } },
    { "L3: the L4 above it", DOM_A, L3, 7, PTE(L4, P), -EBUSY, { { 0 } } },
    { "L3: frame mapped writable", DOM_A, L3, 7, PTE(D2, P), -EBUSY, { { 0 } } },
    { "L3: clear the only L2 entry: whole subtree released", DOM_A, L3, 0, 0, 0,
      { { L2, -1, -1 }, { L1B, -1, -1 }, L1_SUBTREE_GONE } },

    /* L4 entries */
    { "L4: zeroed frame becomes an L3", DOM_A, L4, 3, PTE(SPARE_L3, P | RW), 0,
      { { SPARE_L3, 1, 1 } } },
    { "L4: second entry for the L3 in use", DOM_A, L4, 3, PTE(L3, P), 0,
      { { L3, 1, 1 } } },
    { "L4: slot 255 is the guest's", DOM_A, L4, 255, PTE(SPARE_L3, P), 0,
      { { SPARE_L3, 1, 1 } } },
    { "L4: slot 272 is the guest's", DOM_A, L4, 272, PTE(SPARE_L3, P), 0,
      { { SPARE_L3, 1, 1 } } },
    { "L4: hypervisor slot 256", DOM_A, L4, 256, PTE(SPARE_L3, P), -EINVAL, { { 0 } } },
    { "L4: hypervisor slot 271", DOM_A, L4, 271, PTE(SPARE_L3, P), -EINVAL, { { 0 } } },
    { "L4: hypervisor slot 263, not present", DOM_A, L4, 263, 0, -EINVAL, { { 0 } } },
    { "L4: itself", DOM_A, L4, 3, PTE(L4, P | RW), -EBUSY, { { 0 } } },
    { "L4: an L3 pointing back at this L4", DOM_A, L4, 3, PTE(LOOP_L3, P), -EBUSY,
      { { 0 } } },
    { "L4: an L2", DOM_A, L4, 3, PTE(L2, P), -EBUSY, { { 0 } } },
    { "L4: PSE (reserved)", DOM_A, L4, 3, PTE(SPARE_L3, P | _PAGE_PSE), -EINVAL,
      { { 0 } } },
    { "L4: reserved bit 60", DOM_A, L4, 3, PTE(SPARE_L3, P) | (1ULL << 60), -EINVAL,
      { { 0 } } },

    /* The table itself */
    { "table: data frame, no type", DOM_A, D4, 0, PTE(D5, P), -EINVAL, { { 0 } } },
    { "table: frame mapped writable", DOM_A, D0, 0, PTE(D5, P), -EINVAL, { { 0 } } },
    { "table: zeroed frame, never validated", DOM_A, SPARE_L1, 0, PTE(D5, P), -EINVAL,
      { { 0 } } },
    { "table: beyond max_page", DOM_A, NR_FRAMES, 0, PTE(D5, P), -EPERM, { { 0 } } },
    { "table: free frame", DOM_A, FREE, 0, PTE(D5, P), -EPERM, { { 0 } } },
    { "table: another domain's L1", DOM_A, B_L1, 1, PTE(D4, P), -EPERM, { { 0 } } },
    { "table: B maps its own frame in its L1", DOM_B, B_L1, 1, PTE(B_D1, P | RW), 0,
      { { B_D1, 1, 1 } } },
    { "table: B maps A's frame in its L1", DOM_B, B_L1, 1, PTE(D4, P), -EPERM,
      { { 0 } } },
    { "table: B writes A's L1", DOM_B, L1, 10, PTE(B_D1, P), -EPERM, { { 0 } } },
};

/* After a good row: every frame's counts moved by exactly the row's deltas. */
static void expect_deltas(const struct snap *s, unsigned int r, const struct mod_row *row)
{
    static long dc[NR_FRAMES], dt[NR_FRAMES];

    memset(dc, 0, sizeof(dc));
    memset(dt, 0, sizeof(dt));
    for (unsigned int k = 0; k < ARRAY_SIZE(row->d) && row->d[k].mfn; k++) {
        dc[row->d[k].mfn] += row->d[k].count;
        dt[row->d[k].mfn] += row->d[k].types;
    }
    for (unsigned long mfn = 0; mfn < NR_FRAMES; mfn++) {
        long c = (long)count_of(mfn) - (long)(s->count[mfn] & PGC_count_mask);
        long t = (long)tcount_of(mfn) - (long)(s->type[mfn] & PGT_count_mask);
        REQUIRE(c == dc[mfn] && t == dt[mfn], "row %u (%s): frame %lu count %+ld "
                "type count %+ld, expected %+ld %+ld", r, row->what, mfn, c, t,
                dc[mfn], dt[mfn]);
    }
}

START_TEST(test_mod_entry_rows)
{
    char where[160];

    pinned_tree();
    for (unsigned int r = 0; r < ARRAY_SIZE(mod_rows); r++) {
        const struct mod_row *row = &mod_rows[r];
        const struct domain *d = row->dom;
        bool in_range = row->table < NR_FRAMES && row->index < PAGETABLE_ENTRIES;
        uint64_t old = in_range ? frame(row->table)[row->index] : 0;

        snprintf(where, sizeof(where), "row %u (%s)", r, row->what);
        snap_take(&snap_a);
        int rc = pv_mod_entry(d, row->table, row->index, row->entry);
        REQUIRE(rc == row->rc, "%s: returned %d, expected %d", where, rc, row->rc);
        check_refs(where);
        if (rc != 0) {
            expect_unchanged(&snap_a, where);
            continue;
        }

        REQUIRE(in_range && frame(row->table)[row->index] == row->entry,
                "%s: entry not written", where);
        expect_memory_except(&snap_a, where, row->table, row->index);
        expect_deltas(&snap_a, r, row);

        /* Undo: writing the old entry back gives back exactly what the row took. */
        rc = pv_mod_entry(d, row->table, row->index, old);
        REQUIRE(rc == 0, "%s: undo returned %d", where, rc);
        expect_unchanged(&snap_a, where);
        check_refs(where);
    }
}
END_TEST

/* ---------------------------------------------------------------------------
 * Pin and unpin
 */

START_TEST(test_pin_twice)
{
    pinned_tree();
    snap_take(&snap_a);
    ck_assert_int_eq(pv_pin_table(DOM_A, L4, 4), -EINVAL);
    expect_unchanged(&snap_a, "second pin");
    ck_assert_int_eq(pv_pin_table(DOM_A, L4, 3), -EBUSY);   /* as another level */
    expect_unchanged(&snap_a, "pin as L3");
    ck_assert_int_eq(pv_pin_table(DOM_B, B_L1, 1), -EINVAL);
    expect_unchanged(&snap_a, "B's second pin");
    ck_assert_uint_eq(l4_inits, 1);
}
END_TEST

START_TEST(test_pin_errors)
{
    static const struct {
        const struct domain *d;
        unsigned long mfn;
        unsigned int level;
        int rc;
    } rows[] = {
        { DOM_A, SPARE_L1, 0, -EINVAL },       /* no level 0 */
        { DOM_A, SPARE_L1, 5, -EINVAL },       /* nor 5 */
        { DOM_B, L4, 4, -EPERM },              /* A's table */
        { DOM_A, B_L1, 1, -EPERM },            /* B's table */
        { DOM_A, NR_FRAMES, 1, -EPERM },       /* beyond max_page */
        { DOM_A, FREE, 1, -EPERM },
        { DOM_A, RESERVED, 1, -EPERM },
        { DOM_A, UNOWNED, 1, -EPERM },
        { DOM_A, D0, 1, -EBUSY },              /* mapped writable */
        { DOM_A, L1, 2, -EBUSY },              /* an L1 in use, pinned as an L2 */
        { DOM_A, BAD_L1, 1, -EPERM },          /* contents map a foreign frame */
        { DOM_A, RWL2_L1, 1, -EBUSY },         /* contents map the L2 RW */
        { DOM_A, LOOP_L3, 3, -EBUSY },         /* entry 0 points at a live L4 */
    };

    pinned_tree();
    for (unsigned int r = 0; r < ARRAY_SIZE(rows); r++) {
        char where[64];
        snprintf(where, sizeof(where), "row %u", r);
        snap_take(&snap_a);
        int rc = pv_pin_table(rows[r].d, rows[r].mfn, rows[r].level);
        ck_assert_msg(rc == rows[r].rc, "row %u: returned %d, expected %d", r, rc,
                      rows[r].rc);
        expect_unchanged(&snap_a, where);
        check_refs(where);
    }
}
END_TEST

START_TEST(test_pin_subtable_keeps_it_alive)
{
    pinned_tree();
    snap_take(&snap_a);

    /* Pin an L1 that is already in use: one more reference of each kind. */
    ck_assert_int_eq(pv_pin_table(DOM_A, L1, 1), 0);
    ck_assert_uint_eq(count_of(L1), 3);
    ck_assert_uint_eq(ft[L1].u.inuse.type_info,
                      PGT_l1_page_table | PGT_pinned | PGT_validated | 2);
    check_refs("L1 pinned");

    /* Unpin the L4: the tree goes, but the pinned L1 and what it maps stay. */
    ck_assert_int_eq(pv_unpin_table(DOM_A, L4), 0);
    check_refs("L4 unpinned");
    ck_assert_uint_eq(ft[L4].u.inuse.type_info, 0);
    ck_assert_uint_eq(ft[L2].u.inuse.type_info, 0);
    ck_assert_uint_eq(ft[L1].u.inuse.type_info,
                      PGT_l1_page_table | PGT_pinned | PGT_validated | 1);
    ck_assert_uint_eq(count_of(D0), 2);
    ck_assert_uint_eq(count_of(L4), 1);   /* the L1's read-only mapping of it */

    /* An L1 pinned on its own still takes updates. */
    ck_assert_int_eq(pv_mod_entry(DOM_A, L1, 10, PTE(D4, P | RW)), 0);
    ck_assert_int_eq(pv_mod_entry(DOM_A, L1, 10, 0), 0);

    ck_assert_int_eq(pv_unpin_table(DOM_A, L1), 0);
    check_refs("L1 unpinned");
    for (unsigned long mfn = 0; mfn < NR_FRAMES; mfn++)
        if (mfn != B_L1 && mfn != B_D0)
            ck_assert_msg(count_of(mfn) == 0 && tcount_of(mfn) == 0,
                          "frame %lu still referenced", mfn);
}
END_TEST

START_TEST(test_unpin_errors)
{
    pinned_tree();
    snap_take(&snap_a);
    ck_assert_int_eq(pv_unpin_table(DOM_A, L1), -EINVAL);         /* in use, not pinned */
    ck_assert_int_eq(pv_unpin_table(DOM_A, SPARE_L1), -EINVAL);   /* no type at all */
    ck_assert_int_eq(pv_unpin_table(DOM_A, D0), -EINVAL);         /* writable */
    ck_assert_int_eq(pv_unpin_table(DOM_B, L4), -EPERM);          /* A's */
    ck_assert_int_eq(pv_unpin_table(DOM_A, B_L1), -EPERM);        /* B's */
    ck_assert_int_eq(pv_unpin_table(DOM_A, NR_FRAMES), -EPERM);
    ck_assert_int_eq(pv_unpin_table(DOM_A, FREE), -EPERM);
    expect_unchanged(&snap_a, "failed unpins");

    ck_assert_int_eq(pv_unpin_table(DOM_A, L4), 0);
    ck_assert_int_eq(pv_unpin_table(DOM_A, L4), -EINVAL);         /* already unpinned */
    check_refs("after unpins");
}
END_TEST

/* Pin, update, unpin: every frame's count_info and type_info as before the pin. */
START_TEST(test_unpin_releases_everything)
{
    build_tree();
    snap_take(&snap_a);
    ck_assert_int_eq(pv_pin_table(DOM_A, L4, 4), 0);

    /* Grow the tree by hypercall. */
    ck_assert_int_eq(pv_mod_entry(DOM_A, L4, 3, PTE(SPARE_L3, P)), 0);
    ck_assert_int_eq(pv_mod_entry(DOM_A, SPARE_L3, 0, PTE(SPARE_L2, P)), 0);
    ck_assert_int_eq(pv_mod_entry(DOM_A, SPARE_L2, 9, PTE(GOOD_L1, P)), 0);
    ck_assert_int_eq(pv_mod_entry(DOM_A, SPARE_L2, 10, PTE(SPARE_L1, P)), 0);
    ck_assert_int_eq(pv_mod_entry(DOM_A, SPARE_L1, 0, PTE(D6, P | RW)), 0);
    ck_assert_int_eq(pv_mod_entry(DOM_A, L1, 300, PTE(D4, P | RW)), 0);
    ck_assert_int_eq(pv_mod_entry(DOM_A, L1B, 1, PTE(L3, P)), 0);
    ck_assert_int_eq(pv_mod_entry(DOM_A, L2, 2, PTE(GOOD_L1, P)), 0);   /* shared L1 */
    check_refs("grown");
    ck_assert_uint_eq(tcount_of(GOOD_L1), 2);
    ck_assert_uint_eq(tcount_of(D4), 2);   /* GOOD_L1[0] and L1[300] */

    ck_assert_int_eq(pv_unpin_table(DOM_A, L4), 0);
    expect_counts(&snap_a, "after unpin");
    check_refs("after unpin");
}
END_TEST

/* Without a pin: what the glue does for CR3 (a general and an L4 type reference). */
START_TEST(test_cr3_style_reference)
{
    build_tree();
    snap_take(&snap_a);
    ck_assert_int_eq(get_page_and_type(L4, DOM_A, PGT_l4_page_table), 0);
    ck_assert_uint_eq(ft[L4].u.inuse.type_info, PGT_l4_page_table | PGT_validated | 1);
    ck_assert_uint_eq(count_of(L4), 2);   /* ours and the L1's read-only mapping */
    ck_assert_uint_eq(ft[L1].u.inuse.type_info, PGT_l1_page_table | PGT_validated | 1);
    ck_assert_uint_eq(tcount_of(D0), 2);

    /* A second CR3 (another vcpu) on the same L4: no second validation. */
    ck_assert_int_eq(get_page_and_type(L4, DOM_A, PGT_l4_page_table), 0);
    ck_assert_uint_eq(l4_inits, 1);
    put_page_and_type(&ft[L4]);

    /* Dropping the last reference takes the whole tree down. */
    put_page_and_type(&ft[L4]);
    expect_counts(&snap_a, "CR3 reference dropped");
    check_refs("CR3 reference dropped");
}
END_TEST

/* ---------------------------------------------------------------------------
 * Validation that fails part-way, and loops
 */

static const struct {
    const char *what;
    unsigned long mfn;
    unsigned int index;
    uint64_t entry;
    int rc;
} bad_trees[] = {
    { "300th L1 entry maps a foreign frame", L1, 299, PTE(B_D0, P), -EPERM },
    { "last L1 entry RW-maps the L2", L1, 511, PTE(L2, P | RW), -EBUSY },
    { "L1 maps itself RW", L1, 200, PTE(L1, P | RW), -EBUSY },
    { "4th L2 entry is a superpage", L2, 3, PTE(D6, P | _PAGE_PSE), -EINVAL },
    { "L2 entry points at its own L2", L2, 400, PTE(L2, P), -EBUSY },
    { "L2 entry at a frame the L1 maps RW", L2, 2, PTE(D0, P), -EBUSY },
    { "2nd L3 entry is a 1 GiB page", L3, 1, PTE(SPARE_L2, P | _PAGE_PSE), -EINVAL },
    { "L3 entry points back at the L4", L3, 9, PTE(L4, P), -EBUSY },
    { "L4 entry points at itself", L4, 1, PTE(L4, P | RW), -EBUSY },
    { "L4 entry points at the L4 and is the first", L4, 0, PTE(L4, P), -EBUSY },
    { "L4 entry 200 at an L1 of entry 0's subtree", L4, 200, PTE(L1, P), -EBUSY },
    { "last L4 entry has reserved bits", L4, 510, PTE(SPARE_L3, P) | (1ULL << 58),
      -EINVAL },
};

static void fill_l1_with_300_mappings(void)
{
    for (unsigned int i = 8; i < 299; i++)
        frame(L1)[i] = PTE(D4 + i % 4, (i % 3) ? P : P | RW);
}

START_TEST(test_partial_validation_rolls_back)
{
    unsigned int r = (unsigned int)_i;
    char where[128];

    build_tree();
    fill_l1_with_300_mappings();
    snap_take(&snap_b);   /* the good tree */
    frame(bad_trees[r].mfn)[bad_trees[r].index] = bad_trees[r].entry;
    snap_take(&snap_a);   /* the bad tree */

    snprintf(where, sizeof(where), "bad tree %u (%s)", r, bad_trees[r].what);
    int rc = pv_pin_table(DOM_A, L4, 4);
    ck_assert_msg(rc == bad_trees[r].rc, "%s: returned %d, expected %d", where, rc,
                  bad_trees[r].rc);
    expect_unchanged(&snap_a, where);   /* counts, types and every byte */
    ck_assert_msg(l4_inits == 0, "%s: hypervisor slots filled", where);
    check_refs(where);

    /* The same tree without the bad entry pins, and unpins back to the start. */
    memcpy(mem, snap_b.mem, sizeof(snap_b.mem));
    ck_assert_int_eq(pv_pin_table(DOM_A, L4, 4), 0);
    ck_assert_uint_eq(count_of(D4), 73);    /* i % 4 == 0 for i in 8..298 */
    ck_assert_uint_eq(tcount_of(D4), 24);   /* RW too: i % 12 == 0 */
    check_refs(where);
    ck_assert_int_eq(pv_unpin_table(DOM_A, L4), 0);
    expect_counts(&snap_b, where);
}
END_TEST

/* ---------------------------------------------------------------------------
 * The reference and type primitives on their own
 */

START_TEST(test_get_page_rules)
{
    ck_assert(get_page(&ft[D4], DOM_A));
    ck_assert_uint_eq(ft[D4].count_info, 1);
    put_page(&ft[D4]);
    ck_assert_uint_eq(ft[D4].count_info, 0);

    ck_assert(!get_page(&ft[D4], DOM_B));              /* not B's */
    ck_assert(!get_page(&ft[D4], NULL));               /* no domain */
    ck_assert(!get_page(&ft[UNOWNED], DOM_A));         /* nobody's */
    ck_assert(!get_page(&ft[FREE], DOM_A));
    ck_assert(!get_page(&ft[RESERVED], DOM_A));        /* owner says A: flag wins */
    ck_assert(!get_page(mfn_to_page(max_page), DOM_A)); /* one past the table */

    ft[D4].count_info = PGC_count_mask;                 /* about to overflow */
    ck_assert(!get_page(&ft[D4], DOM_A));
    ck_assert_uint_eq(ft[D4].count_info, PGC_count_mask);
    ft[D4].count_info = PGC_count_mask - 1;
    ck_assert(get_page(&ft[D4], DOM_A));
    ck_assert_uint_eq(ft[D4].count_info, PGC_count_mask);
}
END_TEST

START_TEST(test_get_page_type_rules)
{
    struct page_info *pg = &ft[SPARE_L1];

    ck_assert_int_eq(get_page_and_type(SPARE_L1, DOM_A, PGT_writable_page), 0);
    ck_assert_uint_eq(pg->u.inuse.type_info, PGT_writable_page | PGT_validated | 1);
    ck_assert_int_eq(get_page_type(pg, PGT_l1_page_table), -EBUSY);
    ck_assert_int_eq(get_page_type(pg, PGT_writable_page), 0);
    ck_assert_uint_eq(pg->u.inuse.type_info, PGT_writable_page | PGT_validated | 2);
    put_page_type(pg);
    put_page_and_type(pg);
    ck_assert_uint_eq(pg->count_info, 0);
    ck_assert_uint_eq(pg->u.inuse.type_info, 0);   /* no type left at all */

    /* Now free to become a table (zeroed contents validate). */
    ck_assert_int_eq(get_page_and_type(SPARE_L1, DOM_A, PGT_l1_page_table), 0);
    ck_assert_uint_eq(pg->u.inuse.type_info, PGT_l1_page_table | PGT_validated | 1);
    ck_assert_int_eq(get_page_type(pg, PGT_writable_page), -EBUSY);
    ck_assert_int_eq(get_page_type(pg, PGT_l2_page_table), -EBUSY);
    put_page_and_type(pg);

    /* A data frame's garbage fails validation; nothing changes. */
    snap_take(&snap_a);
    ck_assert_int_eq(get_page_and_type(D4, DOM_A, PGT_l1_page_table), -EPERM);
    expect_unchanged(&snap_a, "garbage as L1");

    /* get_page_and_type gives the general reference back when the type fails. */
    ck_assert_int_eq(get_page_and_type(SPARE_L2, DOM_A, PGT_writable_page), 0);
    ck_assert_int_eq(get_page_and_type(SPARE_L2, DOM_A, PGT_l2_page_table), -EBUSY);
    ck_assert_uint_eq(ft[SPARE_L2].count_info, 1);
    put_page_and_type(&ft[SPARE_L2]);

    ck_assert_int_eq(get_page_and_type(B_D0, DOM_A, PGT_writable_page), -EPERM);
    ck_assert_int_eq(get_page_and_type(NR_FRAMES, DOM_A, PGT_writable_page), -EPERM);
    ck_assert_int_eq(get_page_and_type(FREE, DOM_A, PGT_writable_page), -EPERM);

    /* Only real types, without flag or count bits. */
    ck_assert_int_eq(get_page_and_type(SPARE_L1, DOM_A, PGT_none), -EINVAL);
    ck_assert_int_eq(get_page_and_type(SPARE_L1, DOM_A, 6UL << PGT_type_shift), -EINVAL);
    ck_assert_int_eq(get_page_and_type(SPARE_L1, DOM_A,
                                       PGT_l1_page_table | PGT_pinned), -EINVAL);
    ck_assert_int_eq(get_page_and_type(SPARE_L1, DOM_A, PGT_writable_page | 1), -EINVAL);
    ck_assert_uint_eq(pg->count_info, 0);
    ck_assert_uint_eq(pg->u.inuse.type_info, 0);

    /* A descriptor page is a type of its own. */
    ck_assert_int_eq(get_page_and_type(SPARE_L1, DOM_A, PGT_seg_desc_page), 0);
    ck_assert_int_eq(get_page_type(pg, PGT_writable_page), -EBUSY);
    put_page_and_type(pg);

    /*
     * Caught mid-validation: count 1, not yet validated. Only an entry reached
     * while the frame is being validated can see this state. The level structure
     * already turns every such loop into a type conflict, so this is the backstop.
     */
    pg->u.inuse.type_info = PGT_l1_page_table | 1;
    ck_assert_int_eq(get_page_type(pg, PGT_l1_page_table), -EBUSY);
    ck_assert_uint_eq(pg->u.inuse.type_info, PGT_l1_page_table | 1);

    /* Type count overflow. */
    pg->u.inuse.type_info = PGT_writable_page | PGT_validated | PGT_count_mask;
    ck_assert_int_eq(get_page_type(pg, PGT_writable_page), -EINVAL);
    ck_assert_uint_eq(pg->u.inuse.type_info,
                      PGT_writable_page | PGT_validated | PGT_count_mask);
}
END_TEST

START_TEST(test_level_helpers)
{
    static const unsigned long types[] = {
        PGT_l1_page_table, PGT_l2_page_table, PGT_l3_page_table, PGT_l4_page_table,
    };
    for (unsigned int level = 1; level <= 4; level++) {
        ck_assert_uint_eq(pgt_type_of_level(level), types[level - 1]);
        ck_assert_uint_eq(pgt_level_of_type(types[level - 1] | PGT_validated | 7), level);
    }
    ck_assert_uint_eq(pgt_type_of_level(0), PGT_none);
    ck_assert_uint_eq(pgt_type_of_level(5), PGT_none);
    ck_assert_uint_eq(pgt_level_of_type(PGT_none), 0);
    ck_assert_uint_eq(pgt_level_of_type(PGT_writable_page | 1), 0);
    ck_assert_uint_eq(pgt_level_of_type(PGT_seg_desc_page), 0);

    uint64_t e = pte_from_mfn(0xffffffffffUL, P | RW | _PAGE_NX);
    ck_assert_uint_eq(e, 0x800ffffffffff003ULL);   /* the highest frame */
    ck_assert_uint_eq(pte_get_mfn(e), 0xffffffffffUL);
    ck_assert_uint_eq(pte_get_mfn(HYP_SLOT_ENTRY(300) | (1ULL << 52)), 0xabc00012cUL);
}
END_TEST

START_TEST(test_put_page_underflow_panics)
{
    put_page(&ft[D4]);
}
END_TEST

START_TEST(test_put_page_type_underflow_panics)
{
    ck_assert(get_page(&ft[D4], DOM_A));
    put_page_type(&ft[D4]);
}
END_TEST

Suite *pv_pagetable_suite(void)
{
    Suite *s = suite_create("pv_pagetable");

    TCase *tc = tcase_create("pv_pagetable");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_pin_validates_tree);
    tcase_add_test(tc, test_mod_entry_rows);
    tcase_add_test(tc, test_pin_twice);
    tcase_add_test(tc, test_pin_errors);
    tcase_add_test(tc, test_pin_subtable_keeps_it_alive);
    tcase_add_test(tc, test_unpin_errors);
    tcase_add_test(tc, test_unpin_releases_everything);
    tcase_add_test(tc, test_cr3_style_reference);
    tcase_add_loop_test(tc, test_partial_validation_rolls_back, 0,
                        (int)ARRAY_SIZE(bad_trees));
    tcase_add_test(tc, test_get_page_rules);
    tcase_add_test(tc, test_get_page_type_rules);
    tcase_add_test(tc, test_level_helpers);
    suite_add_tcase(s, tc);

    TCase *bugs = tcase_create("pv_pagetable_bugs");
    tcase_add_checked_fixture(bugs, setup, teardown);
    tcase_add_test_raise_signal(bugs, test_put_page_underflow_panics, SIGABRT);
    tcase_add_test_raise_signal(bugs, test_put_page_type_underflow_panics, SIGABRT);
    suite_add_tcase(s, bugs);
    return s;
}
