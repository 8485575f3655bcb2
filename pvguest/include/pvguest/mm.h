/*
 * pvguest/include/pvguest/mm.h - memory: the p2m (pseudo-physical to machine) list,
 * the machine-to-phys table, walking the page tables, and building new mappings
 * through the hypervisor (mmu_update, update_va_mapping, mmuext_op).
 *
 * Three kinds of address in a PV guest:
 *   virtual  what the CPU uses;
 *   pfn      pseudo-physical frame number: 0 .. nr_pages-1, the guest's own
 *            contiguous view of its memory;
 *   mfn      machine frame number: the real frame. Page-table entries hold mfns,
 *            because the hardware walks them (there is no second translation for PV).
 */
#ifndef PVGUEST_MM_H
#define PVGUEST_MM_H

#include <stdint.h>
#include <pvguest/kernel.h>

extern unsigned long *phys_to_machine_mapping;   /* start_info.mfn_list */
extern unsigned long bootstrap_pfns;   /* pfns 0..this-1 are mapped at VIRT_BASE */

static inline unsigned long pfn_to_mfn(unsigned long pfn)
{
    return phys_to_machine_mapping[pfn];
}

static inline unsigned long virt_to_pfn(const void *va)
{
    return ((unsigned long)va - VIRT_BASE) >> PAGE_SHIFT;
}

static inline unsigned long virt_to_mfn(const void *va)
{
    return pfn_to_mfn(virt_to_pfn(va));
}

static inline void *pfn_to_virt(unsigned long pfn)
{
    return (void *)(VIRT_BASE + (pfn << PAGE_SHIFT));
}

/* A page-table entry mapping mfn: present, writable or not, kernel use. */
uint64_t make_pte(unsigned long mfn, int writable);
/* An entry of an L2, L3 or L4 pointing at the next-level table in frame mfn. */
uint64_t make_table_entry(unsigned long mfn);

unsigned long mfn_to_pfn(unsigned long mfn);   /* ~0UL if not ours */
int mfn_is_ours(unsigned long mfn);

void mm_init(void);                        /* map shared_info, find the free pfns */
unsigned long alloc_pfn(void);             /* a frame nobody maps yet, or ~0UL */
/* Copy len bytes into a frame nobody maps, zero the rest (0 or -errno). */
long frame_fill(unsigned long mfn, const void *data, size_t len);

/*
 * The page-table entry for va at a level (4 = top .. 1 = the PTE). Returns the
 * entry's virtual address (read-only: page tables are mapped read-only to a PV
 * guest) and its machine address (what mmu_update takes), or 0 if a higher level is
 * not present.
 */
struct pt_slot {
    volatile uint64_t *entry;     /* where to read it */
    uint64_t maddr;               /* where the hypervisor should write it */
};
int pt_lookup(unsigned long va, int level, struct pt_slot *slot);
unsigned long pt_top_mfn(void);    /* the L4 the builder gave us (pt_base) */

/*
 * A region of fresh memory mapped by a page table this kernel built itself
 * (mm.c: new_region_init shows every step). Used by the mm benchmark and the
 * isolation tests.
 */
#define REGION_PAGES 8
struct new_region {
    unsigned long va;                   /* first virtual address */
    unsigned long l1_mfn;               /* the L1 table we built */
    unsigned long data_mfn[REGION_PAGES];
    unsigned long l2_maddr;             /* the L2 entry that points at the L1 */
};
int new_region_init(struct new_region *r);

#endif /* PVGUEST_MM_H */
