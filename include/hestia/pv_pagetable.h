/*
 * pv_pagetable.h - reference counts, frame types and page-table validation for PV
 * guests that use direct paging (mm/pv_pagetable.c).
 *
 * A PV guest builds its own x86-64 page tables out of its own frames, and the CPU
 * walks them directly: there is no shadow copy. The hypervisor stays safe because a
 * guest never writes a page-table frame itself. It asks by hypercall (mmu_update,
 * mmuext_op, update_va_mapping), and the hypervisor checks each change with the
 * functions here first. Xen calls this "direct paging" (xen/arch/x86/mm.c); the
 * names below are Xen's.
 *
 * Every frame carries two counts in its page_info (see mm.h):
 *  - count_info: the general reference count. Every mapping of the frame, every pin
 *    and every CR3 that points at it holds one. get_page() takes a reference only on
 *    a frame the domain owns.
 *  - u.inuse.type_info: what the frame is used as (writable page, L1..L4 table), plus
 *    a type count. A frame may change type only while its type count is 0. Turning
 *    it into a page table validates its contents first.
 * Every writable mapping holds a PGT_writable_page type reference, and every use as a
 * table holds a PGT_lN_page_table one. A frame can hold only one type at a time, so a
 * guest can never have a writable mapping of one of its own page tables, and it
 * cannot edit a table behind the hypervisor's back.
 *
 * Only the interface and the page-table bit layout are portable. Why keep the x86
 * bits in a portable header: a PV guest's page tables are part of the guest ABI
 * (DESIGN.md "Guest ABI"), and the hypervisor reads them as data. Loading CR3 and
 * flushing TLBs stays in kernel/arch/x86/.
 *
 * Locking: one global lock (for now) serialises every function below. They take it
 * themselves, so callers hold nothing. Validation recurses through the unlocked
 * internals and never takes the lock again.
 *
 * Error codes (negative errno, returned to the guest unchanged):
 *   -EPERM   "not your frame": an entry, the table passed to pv_mod_entry, or the
 *            frame being pinned names a frame that is beyond max_page, free,
 *            reserved, not owned by the domain (another domain's table included), or
 *            whose reference count would overflow. Xen returns -EINVAL for some of
 *            these. Hestia uses one code for all of them, which tells them apart
 *            from a bad entry.
 *   -EBUSY   type conflict: the frame's type count is held as another type. This
 *            covers a writable mapping of a page table, a page table made from a
 *            frame that is mapped writable, and an entry that points at a table of
 *            the wrong level that is in use (an L2 entry at an L4, or at itself). It
 *            also covers an entry that leads back to a table still being validated
 *            (a loop).
 *   -EINVAL  bad entry bits: reserved bits 52-62, or PSE in an L2, L3 or L4 entry.
 *            Also: an update of one of the L4's hypervisor slots, an index above
 *            511, pv_mod_entry on a frame that is not a validated page table,
 *            pinning a pinned frame, unpinning an unpinned one, a bad level or
 *            type, or a type count that would overflow.
 * Whatever the entry points at, it takes the type the entry needs. A frame nobody
 * uses (type count 0) simply becomes that type; an L2 entry at an unused frame makes
 * it an L1 and validates its contents as one. So "not a page table" is an error only
 * through what validation then finds.
 * If a call fails, no count has changed and no table has been written. When
 * validation fails halfway, it gives back the references it took, in reverse order.
 */
#ifndef HESTIA_PV_PAGETABLE_H
#define HESTIA_PV_PAGETABLE_H

#include <hestia/mm.h>
#include <hestia/types.h>

struct domain;

/*
 * x86-64 page-table entry bits (4-level paging). These are guest ABI: a PV guest writes
 * entries in exactly this format.
 */
#define _PAGE_PRESENT   0x001UL
#define _PAGE_RW        0x002UL
#define _PAGE_USER      0x004UL
#define _PAGE_PWT       0x008UL
#define _PAGE_PCD       0x010UL
#define _PAGE_ACCESSED  0x020UL
#define _PAGE_DIRTY     0x040UL
#define _PAGE_PSE       0x080UL   /* L2/L3: superpage (refused for PV guests) */
#define _PAGE_PAT       0x080UL   /* L1: the same bit selects a PAT entry */
#define _PAGE_GLOBAL    0x100UL
#define _PAGE_NX        (1UL << 63)

/* Bits 12-51: the frame's machine address. (Xen's PADDR_MASK also keeps bits 0-11.) */
#define PADDR_MASK      0x000ffffffffff000UL

/*
 * Bits 52-62 are available to software or used for protection keys on hardware. A PV
 * guest may not set them, which keeps them free for the hypervisor, as in Xen.
 */
#define _PAGE_RESERVED_HIGH 0x7ff0000000000000UL

/* Entries per table, at every level (Xen: L1_PAGETABLE_ENTRIES ... L4_...). */
#define PAGETABLE_ENTRIES 512

/* The L4 slots that belong to the hypervisor (Xen's names). Guests never own them. */
#define ROOT_PAGETABLE_FIRST_XEN_SLOT 256
#define ROOT_PAGETABLE_LAST_XEN_SLOT  271

static inline bool is_guest_l4_slot(unsigned int index)
{
    return index < ROOT_PAGETABLE_FIRST_XEN_SLOT ||
           index > ROOT_PAGETABLE_LAST_XEN_SLOT;
}

/* The machine frame an entry points at. */
static inline unsigned long pte_get_mfn(uint64_t e)
{
    return (unsigned long)((e & PADDR_MASK) >> PAGE_SHIFT);
}

/* An entry that maps frame mfn with the given flag bits. */
static inline uint64_t pte_from_mfn(unsigned long mfn, uint64_t flags)
{
    return ((uint64_t)mfn << PAGE_SHIFT) | flags;
}

/* PGT_lN_page_table for level 1..4; PGT_none (0) for anything else. */
unsigned long pgt_type_of_level(unsigned int level);

/* The level 1..4 of a PGT_lN_page_table type (other bits of type_info are ignored);
 * 0 when it is not a page-table type. */
unsigned int pgt_level_of_type(unsigned long type_info);

/*
 * Take a general reference on pg for domain d. Fails (false) unless d owns the frame,
 * the frame is inside the frame table and neither free nor reserved, and the count
 * would not overflow.
 */
bool get_page(struct page_info *pg, const struct domain *d);

/* Drop a general reference. Dropping one that is not held is a bug (BUG_ON). */
void put_page(struct page_info *pg);

/*
 * Take a type reference of `type` (PGT_writable_page, PGT_seg_desc_page or
 * PGT_l1..l4_page_table). When the type count is 0 the frame takes on the new type.
 * A page-table type is validated first, which takes references for every present
 * entry and may validate lower-level tables in turn. 0, or -EBUSY (the frame holds
 * another type, or is being validated), -EINVAL (bad type, count overflow), or the
 * error that validation of the contents found (-EPERM, -EBUSY, -EINVAL). The caller
 * must already hold a general reference.
 */
int get_page_type(struct page_info *pg, unsigned long type);

/*
 * Drop a type reference. Dropping the last reference of a page-table type
 * devalidates the table: every present entry gives back its references, and lower
 * tables may be devalidated in turn. The frame then has no type (type_info 0).
 *
 * The caller flushes TLBs. After a writable mapping has gone, another CPU may still
 * hold the translation in its TLB, and the frame must not become a page table until
 * that TLB has been flushed. Hestia's hypercall glue flushes before it returns to
 * the guest. Xen records a TLB-flush timestamp in the page instead.
 */
void put_page_type(struct page_info *pg);

/*
 * get_page() and then get_page_type() on frame mfn. If the type fails, the general
 * reference is given back. -EPERM if the frame is out of range or not d's;
 * otherwise as get_page_type().
 */
int get_page_and_type(unsigned long mfn, const struct domain *d, unsigned long type);

/* put_page_type(), then put_page(). */
void put_page_and_type(struct page_info *pg);

/*
 * Change entry `index` (0..511) of page table `table_mfn`, which d owns and which
 * is in use as a validated page table. Its level comes from the frame's type. The
 * new entry is validated and takes its references before the old entry gives its
 * own back. So replacing an entry with itself, or moving a mapping, never drops a
 * count to zero in between. The entry is written (in one 64-bit store) only if
 * validation succeeds. 0 or -errno (see the top of this file). Hestia does not
 * adjust the guest's bits; Xen's adjust_guest_l*e forces _PAGE_USER for 64-bit PV
 * kernels.
 */
int pv_mod_entry(const struct domain *d, unsigned long table_mfn, unsigned int index,
                 uint64_t new_entry);

/*
 * MMUEXT_PIN_L{1,2,3,4}_TABLE: take a general reference and a type reference of
 * level `level` (1..4) on d's frame mfn, validating it if needed, and mark it
 * PGT_pinned. The table then stays valid while nothing else references it. Pinning
 * a pinned frame is -EINVAL (as in Xen). A bad level is -EINVAL. A frame in use as
 * another type is -EBUSY.
 */
int pv_pin_table(const struct domain *d, unsigned long mfn, unsigned int level);

/*
 * MMUEXT_UNPIN_TABLE: drop what pv_pin_table took. If that was the last reference,
 * the whole tree below is devalidated. -EPERM if the frame is not d's, -EINVAL if
 * it is not pinned.
 */
int pv_unpin_table(const struct domain *d, unsigned long mfn);

#endif /* HESTIA_PV_PAGETABLE_H */
