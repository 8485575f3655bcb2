/*
 * pv_pagetable.c - frame reference and type counts, and PV page-table validation.
 *
 * Direct paging lets a PV guest's own page tables be the ones the CPU walks, so the
 * hypervisor must be sure of two things at all times:
 *   1. every frame a guest table points at belongs to that guest, and
 *   2. the guest has no writable mapping of any of its page tables, since it could
 *      otherwise write an entry that maps the hypervisor or another guest.
 * General reference counts give (1): every present entry holds a reference on the
 * frame it points at, so that frame cannot be freed or given away while it is mapped.
 * Type counts give (2): a frame is either "writable" (every RW mapping holds a
 * writable type reference) or an Ln page table (every table entry pointing at it, and
 * every pin, holds an Ln type reference), never both at once. A frame changes type
 * only when its type count is 0. When it becomes a page table, its contents are
 * checked ("validated") first. When it stops being one, its entries give back what
 * they held ("devalidated"). The guest changes a validated table only by hypercall,
 * through pv_mod_entry().
 *
 * Validation recurses downwards: an L4 entry needs its target to be an L3, which may
 * have to be validated now, which needs L2s, and so on down to L1s, whose entries
 * need only general references (plus a writable type reference when RW). A table's
 * entries always point one level down, so the recursion is at most four deep. A loop
 * (an L4 entry pointing back at its own L4, an L3 pointing at the L4 above it) always
 * asks a frame that is being validated as one level for a type of another level. The
 * type-conflict rule refuses that (-EBUSY), so validation cannot run forever.
 *
 * This is Xen's scheme (xen/arch/x86/mm.c) with fewer corners. Hestia has one global
 * lock instead of lock-free cmpxchg loops, and a frame whose type count reaches 0
 * forgets its type. It has no superpages, no linear page tables, no grant mappings
 * and no preemptible validation.
 */
#include <hestia/arch.h>
#include <hestia/errno.h>
#include <hestia/mm.h>
#include <hestia/printk.h>
#include <hestia/pv_pagetable.h>
#include <hestia/spinlock.h>

/*
 * One lock for all of it (SMP work will make it finer). The exported functions take
 * it. The static ones whose names start with "__" expect it held, and they are what
 * the recursion uses.
 */
static DEFINE_SPINLOCK(pv_pt_lock);

/*
 * Bits a present entry may not have, per level (Xen: L1_DISALLOW_MASK and friends).
 * Bit 7 is PAT in an L1 entry, which is fine. In an L2 or L3 entry it would make a
 * superpage, which PV guests may not have, since every 4 KiB frame of it would need
 * its own reference. In an L4 entry it is reserved. Xen also refuses a few cache and
 * global bits in upper levels; those don't affect isolation, so Hestia allows them.
 * (NX is fine: the hypervisor runs with EFER.NXE set.)
 */
static const uint64_t disallow_mask[5] = {
    [1] = _PAGE_RESERVED_HIGH,
    [2] = _PAGE_RESERVED_HIGH | _PAGE_PSE,
    [3] = _PAGE_RESERVED_HIGH | _PAGE_PSE,
    [4] = _PAGE_RESERVED_HIGH | _PAGE_PSE,
};

static int __get_page_type(struct page_info *pg, unsigned long type);
static void __put_page_type(struct page_info *pg);

/* ---------------------------------------------------------------------------
 * Levels and types
 */

unsigned long pgt_type_of_level(unsigned int level)
{
    switch (level) {
    case 1: return PGT_l1_page_table;
    case 2: return PGT_l2_page_table;
    case 3: return PGT_l3_page_table;
    case 4: return PGT_l4_page_table;
    default: return PGT_none;
    }
}

unsigned int pgt_level_of_type(unsigned long type_info)
{
    switch (type_info & PGT_type_mask) {
    case PGT_l1_page_table: return 1;
    case PGT_l2_page_table: return 2;
    case PGT_l3_page_table: return 3;
    case PGT_l4_page_table: return 4;
    default: return 0;
    }
}

/*
 * Types a frame may take: the page-table levels, writable pages, descriptor pages.
 * Only the type: no flag or count bits.
 */
static bool is_known_type(unsigned long type)
{
    if (type & ~PGT_type_mask)
        return false;
    return pgt_level_of_type(type) != 0 ||
           type == PGT_writable_page || type == PGT_seg_desc_page;
}

/* Does slot `index` of a level-`level` table belong to the guest? */
static bool is_guest_slot(unsigned int level, unsigned int index)
{
    return level != 4 || is_guest_l4_slot(index);
}

/* ---------------------------------------------------------------------------
 * General references
 */

static bool __get_page(struct page_info *pg, const struct domain *d)
{
    if (page_to_mfn(pg) >= max_page)
        return false;   /* (not even a page_info to look at) */

    unsigned long x = pg->count_info;
    if (d == NULL || pg->owner != d)
        return false;   /* not this domain's frame (NULL owner: hypervisor, nobody) */
    if (x & (PGC_free | PGC_reserved))
        return false;
    if ((x & PGC_count_mask) == PGC_count_mask)
        return false;   /* would overflow into the flags */
    pg->count_info = x + 1;
    return true;
}

static void __put_page(struct page_info *pg)
{
    BUG_ON((pg->count_info & PGC_count_mask) == 0);
    pg->count_info--;
}

/* ---------------------------------------------------------------------------
 * What one entry holds
 */

/*
 * Take the references that present entry `e` of a level-`level` table of domain d
 * needs: a general reference on the target, plus a type reference on it. The type is
 * writable for an RW L1 entry, none for a read-only L1 entry, and the next level down
 * for an L2-L4 entry. The last case may validate the target now.
 */
static int get_page_from_entry(const struct domain *d, unsigned int level, uint64_t e)
{
    if (!(e & _PAGE_PRESENT))
        return 0;   /* the CPU ignores every other bit, and so do we */
    if (e & disallow_mask[level])
        return -EINVAL;

    unsigned long mfn = pte_get_mfn(e);
    if (mfn >= max_page)
        return -EPERM;   /* no MMIO or foreign mappings for PV guests, yet */
    struct page_info *pg = mfn_to_page(mfn);
    if (!__get_page(pg, d))
        return -EPERM;

    unsigned long type;
    if (level == 1)
        type = (e & _PAGE_RW) ? PGT_writable_page : PGT_none;
    else
        type = pgt_type_of_level(level - 1);
    if (type == PGT_none)
        return 0;   /* a read-only mapping needs no type: any frame may be read */

    int rc = __get_page_type(pg, type);
    if (rc)
        __put_page(pg);
    return rc;
}

/* Give back what get_page_from_entry() took for entry `e`. */
static void put_page_from_entry(unsigned int level, uint64_t e)
{
    if (!(e & _PAGE_PRESENT))
        return;

    unsigned long mfn = pte_get_mfn(e);
    BUG_ON(mfn >= max_page);   /* it was validated, so it is in range */
    struct page_info *pg = mfn_to_page(mfn);

    if (level > 1 || (e & _PAGE_RW))
        __put_page_type(pg);
    __put_page(pg);
}

/* ---------------------------------------------------------------------------
 * Validating and devalidating a whole table (Xen: alloc_page_type/free_page_type)
 */

/*
 * Validate frame pg as a level-`level` table of its owner. Each guest slot's entry
 * takes its references. If one fails, the entries before it give theirs back,
 * newest first, and the table is left as it was. An L4 that passes gets the
 * hypervisor's own entries in slots 256-271, whatever the guest left there. Those
 * entries hold no references.
 */
static int alloc_page_type(struct page_info *pg, unsigned int level)
{
    uint64_t *tab = map_domain_page(page_to_mfn(pg));
    unsigned int i;
    int rc = 0;

    for (i = 0; i < PAGETABLE_ENTRIES; i++) {
        if (!is_guest_slot(level, i))
            continue;
        rc = get_page_from_entry(pg->owner, level, tab[i]);
        if (rc)
            break;
    }

    if (rc) {
        while (i-- > 0)
            if (is_guest_slot(level, i))
                put_page_from_entry(level, tab[i]);
    } else if (level == 4) {
        arch_init_guest_l4_slots(tab);
    }

    unmap_domain_page(tab);
    return rc;
}

/* Devalidate: every guest slot's entry gives back its references, last slot first. */
static void free_page_type(struct page_info *pg, unsigned int level)
{
    uint64_t *tab = map_domain_page(page_to_mfn(pg));

    for (unsigned int i = PAGETABLE_ENTRIES; i-- > 0; )
        if (is_guest_slot(level, i))
            put_page_from_entry(level, tab[i]);

    unmap_domain_page(tab);
}

/* ---------------------------------------------------------------------------
 * Type references
 */

static int __get_page_type(struct page_info *pg, unsigned long type)
{
    unsigned long x = pg->u.inuse.type_info;
    unsigned long count = x & PGT_count_mask;

    if (!is_known_type(type))
        return -EINVAL;

    if (count == 0) {
        /*
         * Nobody uses the frame as anything: it may become `type`. It holds one type
         * reference but is not yet PGT_validated while its contents are checked.
         * During that time, any entry reached from it that needs this frame as
         * another type gets -EBUSY. That is how loops end.
         */
        unsigned int level = pgt_level_of_type(type);
        pg->u.inuse.type_info = type | 1;
        if (level) {
            int rc = alloc_page_type(pg, level);
            if (rc) {
                pg->u.inuse.type_info = x;   /* exactly as before */
                return rc;
            }
        }
        pg->u.inuse.type_info |= PGT_validated;
        return 0;
    }

    if ((x & PGT_type_mask) != type)
        return -EBUSY;   /* in use as something else */
    if (!(x & PGT_validated))
        return -EBUSY;   /* being validated further up this very recursion: a loop */
    if (count == PGT_count_mask)
        return -EINVAL;  /* the count would overflow (Xen says -EINVAL too) */
    pg->u.inuse.type_info = x + 1;
    return 0;
}

static void __put_page_type(struct page_info *pg)
{
    unsigned long x = pg->u.inuse.type_info;
    unsigned long count = x & PGT_count_mask;

    BUG_ON(count == 0);
    if (count > 1) {
        pg->u.inuse.type_info = x - 1;
        return;
    }

    /*
     * The last user is gone. A pin holds a type reference, so a pinned frame cannot
     * get here: unpinning clears PGT_pinned before it drops its reference. A page
     * table is no longer in use, so its entries give back their references. It
     * drops PGT_validated first, so that nothing the teardown reaches can treat it as
     * a live table.
     */
    BUG_ON(x & PGT_pinned);
    unsigned int level = pgt_level_of_type(x);
    if (level && (x & PGT_validated)) {
        pg->u.inuse.type_info = x & ~PGT_validated;
        free_page_type(pg, level);
    }
    pg->u.inuse.type_info = 0;   /* no type at all until the next user picks one */
}

static int __get_page_and_type(unsigned long mfn, const struct domain *d,
                               unsigned long type)
{
    if (mfn >= max_page)
        return -EPERM;
    struct page_info *pg = mfn_to_page(mfn);
    if (!__get_page(pg, d))
        return -EPERM;
    int rc = __get_page_type(pg, type);
    if (rc)
        __put_page(pg);
    return rc;
}

static void __put_page_and_type(struct page_info *pg)
{
    __put_page_type(pg);
    __put_page(pg);
}

/* ---------------------------------------------------------------------------
 * Exported, locked entry points
 */

bool get_page(struct page_info *pg, const struct domain *d)
{
    spin_lock(&pv_pt_lock);
    bool ok = __get_page(pg, d);
    spin_unlock(&pv_pt_lock);
    return ok;
}

void put_page(struct page_info *pg)
{
    spin_lock(&pv_pt_lock);
    __put_page(pg);
    spin_unlock(&pv_pt_lock);
}

int get_page_type(struct page_info *pg, unsigned long type)
{
    spin_lock(&pv_pt_lock);
    int rc = __get_page_type(pg, type);
    spin_unlock(&pv_pt_lock);
    return rc;
}

void put_page_type(struct page_info *pg)
{
    spin_lock(&pv_pt_lock);
    __put_page_type(pg);
    spin_unlock(&pv_pt_lock);
}

int get_page_and_type(unsigned long mfn, const struct domain *d, unsigned long type)
{
    spin_lock(&pv_pt_lock);
    int rc = __get_page_and_type(mfn, d, type);
    spin_unlock(&pv_pt_lock);
    return rc;
}

void put_page_and_type(struct page_info *pg)
{
    spin_lock(&pv_pt_lock);
    __put_page_and_type(pg);
    spin_unlock(&pv_pt_lock);
}

/*
 * The body of pv_mod_entry(). A general reference on the table keeps it alive for the
 * duration (Xen does the same; with one lock it is belt and braces).
 */
static int __pv_mod_entry(const struct domain *d, unsigned long table_mfn,
                          unsigned int index, uint64_t new_entry)
{
    if (index >= PAGETABLE_ENTRIES)
        return -EINVAL;
    if (table_mfn >= max_page)
        return -EPERM;
    struct page_info *pg = mfn_to_page(table_mfn);
    if (!__get_page(pg, d))
        return -EPERM;

    unsigned long x = pg->u.inuse.type_info;
    unsigned int level = pgt_level_of_type(x);
    int rc = -EINVAL;
    if (level == 0 || !(x & PGT_count_mask) || !(x & PGT_validated))
        goto out;   /* not a page table in use: the guest may write it directly */
    if (!is_guest_slot(level, index))
        goto out;   /* the hypervisor's L4 slots */

    /* The new entry's references first, so a shared target never hits zero... */
    rc = get_page_from_entry(d, level, new_entry);
    if (rc)
        goto out;

    /*
     * ...then the write. One aligned 64-bit store, so the CPU's page walker (which
     * may be using this table right now on this or another pCPU) sees the old entry
     * or the new one, never half of each. The old value may carry Accessed and Dirty
     * bits the walker set; only its address, P and RW matter below.
     */
    uint64_t *tab = map_domain_page(table_mfn);
    uint64_t old_entry = tab[index];
    __atomic_store_n(&tab[index], new_entry, __ATOMIC_RELAXED);
    unmap_domain_page(tab);

    /* ...and only then give back the old entry's references. */
    put_page_from_entry(level, old_entry);

out:
    __put_page(pg);
    return rc;
}

int pv_mod_entry(const struct domain *d, unsigned long table_mfn, unsigned int index,
                 uint64_t new_entry)
{
    spin_lock(&pv_pt_lock);
    int rc = __pv_mod_entry(d, table_mfn, index, new_entry);
    spin_unlock(&pv_pt_lock);
    return rc;
}

static int __pv_pin_table(const struct domain *d, unsigned long mfn, unsigned int level)
{
    unsigned long type = pgt_type_of_level(level);
    if (type == PGT_none)
        return -EINVAL;

    int rc = __get_page_and_type(mfn, d, type);
    if (rc)
        return rc;

    struct page_info *pg = mfn_to_page(mfn);
    if (pg->u.inuse.type_info & PGT_pinned) {
        __put_page_and_type(pg);   /* not the last reference: the pin holds one */
        return -EINVAL;
    }
    pg->u.inuse.type_info |= PGT_pinned;
    return 0;
}

int pv_pin_table(const struct domain *d, unsigned long mfn, unsigned int level)
{
    spin_lock(&pv_pt_lock);
    int rc = __pv_pin_table(d, mfn, level);
    spin_unlock(&pv_pt_lock);
    return rc;
}

static int __pv_unpin_table(const struct domain *d, unsigned long mfn)
{
    if (mfn >= max_page)
        return -EPERM;
    struct page_info *pg = mfn_to_page(mfn);
    if (!__get_page(pg, d))
        return -EPERM;

    int rc = -EINVAL;
    if (pg->u.inuse.type_info & PGT_pinned) {
        pg->u.inuse.type_info &= ~PGT_pinned;
        __put_page_and_type(pg);   /* the pin's references; may devalidate the tree */
        rc = 0;
    }
    __put_page(pg);
    return rc;
}

int pv_unpin_table(const struct domain *d, unsigned long mfn)
{
    spin_lock(&pv_pt_lock);
    int rc = __pv_unpin_table(d, mfn);
    spin_unlock(&pv_pt_lock);
    return rc;
}
