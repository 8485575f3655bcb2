/*
 * pvguest/mm.c - memory: the p2m and m2p, walking the page tables, mapping the
 * shared-info page, and building a new mapping out of fresh frames.
 *
 * A PV guest sees machine memory directly: its page tables hold machine frame
 * numbers (mfns), and the hardware walks them as they are. To give the guest a
 * contiguous "physical" memory all the same, the builder hands it the p2m list
 * (start_info.mfn_list): entry i is the mfn behind pseudo-physical frame (pfn) i.
 * The reverse map, machine-to-phys (m2p), is one table for the whole machine,
 * kept by the hypervisor and mapped read-only into every PV guest at
 * HYPERVISOR_VIRT_START; entry m is the pfn that frame m has in its owner.
 *
 * The guest's page tables are mapped read-only to it. It changes them only
 * through hypercalls, which the hypervisor checks (this is the heart of PV memory
 * isolation):
 *   mmu_update          write (ptr, val) pairs; ptr is the *machine* address of
 *                       the entry, val the new entry;
 *   update_va_mapping   write the L1 entry that maps one virtual address;
 *   mmuext_op           everything else: pin a frame as a page table of a given
 *                       level, switch page tables, flush TLBs.
 * The rules the hypervisor enforces: an entry may only map frames the guest owns
 * (or may otherwise access); a frame that is a page table may be mapped only
 * read-only; and the hypervisor's own slots (L4 entries 256-271) are off limits.
 * The isolation workload tries to break each rule.
 */
#include <pvguest/hypercall.h>
#include <pvguest/mm.h>

unsigned long *phys_to_machine_mapping;
unsigned long bootstrap_pfns;
static unsigned long next_free_pfn;

/* The m2p as the hypervisor reports it (XENMEM_machphys_mapping). */
static const unsigned long *m2p;
static unsigned long m2p_max_mfn;

/* Pages whose virtual addresses get other frames mapped over them. */
static uint8_t shared_info_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE),
                                                          section(".bss.page_aligned")));
static uint8_t scratch_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE),
                                                      section(".bss.page_aligned")));

/*
 * An entry mapping a frame for the kernel. _PAGE_USER is set although this is
 * kernel memory: a 64-bit PV kernel runs in ring 3, so it can only reach user
 * pages. (Xen would add the bit itself if it were missing, and note the page as
 * kernel-only; setting it here works on any hypervisor.) Accessed and Dirty are
 * preset so the CPU never needs to write them back.
 */
uint64_t make_pte(unsigned long mfn, int writable)
{
    return ((uint64_t)mfn << PAGE_SHIFT) | _PAGE_PRESENT | _PAGE_USER |
           _PAGE_ACCESSED | _PAGE_DIRTY | (writable ? _PAGE_RW : 0);
}

/* An entry of an upper-level table pointing at a lower-level table. */
uint64_t make_table_entry(unsigned long mfn)
{
    return ((uint64_t)mfn << PAGE_SHIFT) | _PAGE_PRESENT | _PAGE_RW | _PAGE_USER |
           _PAGE_ACCESSED;
}

/*
 * mfn -> pfn. With the m2p this is one lookup, but the m2p holds whatever pfn the
 * frame's owner last registered: for a frame that is not ours it is someone else's
 * pfn, or garbage. So the answer is checked against our own p2m. Without an m2p,
 * search the p2m.
 */
unsigned long mfn_to_pfn(unsigned long mfn)
{
    unsigned long nr = start_info->nr_pages;

    if (m2p) {
        if (mfn > m2p_max_mfn)
            return ~0UL;
        unsigned long pfn = m2p[mfn];
        return (pfn < nr && phys_to_machine_mapping[pfn] == mfn) ? pfn : ~0UL;
    }
    for (unsigned long pfn = 0; pfn < nr; pfn++)
        if (phys_to_machine_mapping[pfn] == mfn)
            return pfn;
    return ~0UL;
}

int mfn_is_ours(unsigned long mfn)
{
    return mfn_to_pfn(mfn) != ~0UL;
}

unsigned long pt_top_mfn(void)
{
    return virt_to_mfn((void *)start_info->pt_base);
}

/*
 * Walk from the top-level table (start_info.pt_base) down to the entry for va at
 * 'level'. Each table is found through the m2p: entry -> mfn -> pfn -> its address
 * in the bootstrap mapping (page tables built by the builder lie inside it). A
 * table we cannot read (a frame outside the bootstrap mapping, such as one we
 * built ourselves) still has a machine address, which is all mmu_update needs.
 */
int pt_lookup(unsigned long va, int level, struct pt_slot *slot)
{
    unsigned long mfn = pt_top_mfn();
    const volatile uint64_t *table = (const volatile uint64_t *)start_info->pt_base;

    for (int l = 4;; l--) {
        unsigned int idx = pt_index(va, l);

        slot->maddr = ((uint64_t)mfn << PAGE_SHIFT) + idx * sizeof(uint64_t);
        slot->entry = table ? (volatile uint64_t *)&table[idx] : NULL;
        if (l == level)
            return 0;
        if (!table)
            return -1;

        uint64_t e = table[idx];
        if (!(e & _PAGE_PRESENT) || (l < 4 && (e & _PAGE_PSE)))
            return -1;
        mfn = (e & PTE_ADDR_MASK) >> PAGE_SHIFT;
        unsigned long pfn = mfn_to_pfn(mfn);
        table = pfn < bootstrap_pfns ? pfn_to_virt(pfn) : NULL;
    }
}

static int va_is_mapped(unsigned long va)
{
    struct pt_slot s;

    return !pt_lookup(va, 1, &s) && s.entry && (*s.entry & _PAGE_PRESENT);
}

/*
 * How far does the builder's mapping reach? It maps pfn i at VIRT_BASE + i pages,
 * from pfn 0 on, without gaps, so find the first page that is not mapped. Every
 * pfn from there to nr_pages - 1 is mapped nowhere: free for us to use.
 */
static unsigned long find_bootstrap_end(void)
{
    unsigned long pfn = 0;

    bootstrap_pfns = start_info->nr_pages;   /* let pt_lookup read every table */
    while (pfn < start_info->nr_pages && va_is_mapped(VIRT_BASE + pfn * PAGE_SIZE))
        pfn++;
    return pfn;
}

unsigned long alloc_pfn(void)
{
    if (next_free_pfn >= start_info->nr_pages)
        return ~0UL;
    return next_free_pfn++;
}

void mm_init(void)
{
    struct xen_machphys_mapping mp;
    long rc;

    phys_to_machine_mapping = (unsigned long *)start_info->mfn_list;

    rc = HYPERVISOR_memory_op(XENMEM_machphys_mapping, &mp);
    if (!rc) {
        m2p = (const unsigned long *)mp.v_start;
        m2p_max_mfn = mp.max_mfn;
    } else if (!report_enosys("XENMEM_machphys_mapping", rc)) {
        printk("pvguest: XENMEM_machphys_mapping: %ld (%s)\n", rc, errno_name(rc));
    }

    bootstrap_pfns = find_bootstrap_end();
    next_free_pfn = bootstrap_pfns;

    /*
     * The shared-info page is a frame of the hypervisor's that it shares with us;
     * start_info gives its machine address, and we map it over a page of our own
     * bss. (The frame that was there stays ours, just unmapped.)
     */
    rc = HYPERVISOR_update_va_mapping((unsigned long)shared_info_page,
                                      make_pte(start_info->shared_info >> PAGE_SHIFT, 1),
                                      UVMF_INVLPG);
    if (rc)
        panic("cannot map shared_info: %ld (%s)", rc, errno_name(rc));
    HYPERVISOR_shared_info = (shared_info_t *)shared_info_page;

    printk("pvguest: %lu pages; p2m at %lx; page tables at %lx (%lu frames, "
           "L4 mfn %lx)\n", start_info->nr_pages, start_info->mfn_list,
           start_info->pt_base, start_info->nr_pt_frames, pt_top_mfn());
    printk("pvguest: bootstrap mapping: %lu pages (%lu KiB) from %lx; m2p %s "
           "at %lx (max mfn %lx)\n", bootstrap_pfns, bootstrap_pfns * 4, VIRT_BASE,
           m2p ? "mapped" : "not available", (unsigned long)m2p, m2p_max_mfn);
}

/*
 * Fill a frame that nobody maps (one from alloc_pfn()): copy len bytes from data
 * to its start and clear the rest. A frame with no virtual address is mapped for a
 * moment over the scratch page, as in step 1 below; afterwards no mapping of it is
 * left, so it may become a page table. Returns 0 or a negative errno.
 */
long frame_fill(unsigned long mfn, const void *data, size_t len)
{
    unsigned long scratch_mfn = virt_to_mfn(scratch_page);
    long rc = HYPERVISOR_update_va_mapping((unsigned long)scratch_page,
                                           make_pte(mfn, 1), UVMF_INVLPG);

    if (rc)
        return rc;
    memset(scratch_page, 0, PAGE_SIZE);
    if (len)
        memcpy(scratch_page, data, MIN(len, PAGE_SIZE));
    rc = HYPERVISOR_update_va_mapping((unsigned long)scratch_page,
                                      make_pte(scratch_mfn, 1), UVMF_INVLPG);
    if (rc)
        panic("mm: restoring the scratch mapping failed: %ld", rc);
    return 0;
}

/*
 * Build a new mapping from scratch: one fresh L1 page table filled with fresh data
 * frames, hooked into the existing L2, at the first free 2 MiB slot after the
 * bootstrap mapping. Every step is a hypercall the hypervisor validates:
 *
 *   1. take a free frame for the L1 and clear it. A frame nobody maps has no
 *      virtual address, so we map it for a moment over our scratch page
 *      (update_va_mapping), clear it, and put the scratch page's own frame back;
 *   2. pin it as an L1 table (MMUEXT_PIN_L1_TABLE): the hypervisor checks every
 *      entry, notes the frame's type as "L1 page table" and from then on refuses
 *      any writable mapping of it. This only works because step 1 removed ours;
 *   3. fill its entries with mmu_update, one request per data frame, in one batch;
 *   4. hook it in: mmu_update on the L2 entry, by its machine address;
 *   5. use it.
 */
int new_region_init(struct new_region *r)
{
    struct pt_slot l2;
    struct mmu_update req[REGION_PAGES];
    unsigned int done = 0;
    long rc;

    /* The first 2 MiB-aligned address past the bootstrap mapping with a free L2 slot. */
    r->va = (VIRT_BASE + bootstrap_pfns * PAGE_SIZE + (1UL << 21) - 1) & ~((1UL << 21) - 1);
    for (;; r->va += 1UL << 21) {
        if (pt_lookup(r->va, 2, &l2) || !l2.entry) {
            printk("mm: no L2 table for %lx\n", r->va);
            return -1;
        }
        if (!(*l2.entry & _PAGE_PRESENT))
            break;
    }
    r->l2_maddr = l2.maddr;

    /* 1. A fresh frame, cleared through a temporary mapping. */
    unsigned long l1_pfn = alloc_pfn();
    if (l1_pfn == ~0UL) {
        printk("mm: no free frames\n");
        return -1;
    }
    r->l1_mfn = pfn_to_mfn(l1_pfn);
    unsigned long scratch_mfn = virt_to_mfn(scratch_page);

    rc = HYPERVISOR_update_va_mapping((unsigned long)scratch_page,
                                      make_pte(r->l1_mfn, 1), UVMF_INVLPG);
    if (rc) {
        printk("mm: mapping the new L1 failed: %ld (%s)\n", rc, errno_name(rc));
        return -1;
    }
    memset(scratch_page, 0, PAGE_SIZE);
    rc = HYPERVISOR_update_va_mapping((unsigned long)scratch_page,
                                      make_pte(scratch_mfn, 1), UVMF_INVLPG);
    if (rc)
        panic("mm: restoring the scratch mapping failed: %ld", rc);

    /* 2. Pin it as an L1 page table. */
    struct mmuext_op pin = { .cmd = MMUEXT_PIN_L1_TABLE, .arg1.mfn = r->l1_mfn };
    rc = HYPERVISOR_mmuext_op(&pin, 1, NULL, DOMID_SELF);
    if (rc && !report_enosys("mmuext_op(PIN_L1_TABLE)", rc)) {
        printk("mm: pinning mfn %lx as L1 failed: %ld (%s)\n", r->l1_mfn, rc,
               errno_name(rc));
        return -1;
    }

    /* 3. Fill it: request i writes entry i of the new L1. */
    for (unsigned int i = 0; i < REGION_PAGES; i++) {
        unsigned long pfn = alloc_pfn();

        if (pfn == ~0UL) {
            printk("mm: no free frames\n");
            return -1;
        }
        r->data_mfn[i] = pfn_to_mfn(pfn);
        req[i].ptr = ((uint64_t)r->l1_mfn << PAGE_SHIFT) + i * sizeof(uint64_t) +
                     MMU_NORMAL_PT_UPDATE;
        req[i].val = make_pte(r->data_mfn[i], 1);
    }
    rc = HYPERVISOR_mmu_update(req, REGION_PAGES, &done, DOMID_SELF);
    if (rc || done != REGION_PAGES) {
        printk("mm: filling the L1 failed: %ld (%s), %u of %u done\n", rc,
               errno_name(rc), done, REGION_PAGES);
        return -1;
    }

    /* 4. Hook it into the L2. */
    req[0].ptr = r->l2_maddr + MMU_NORMAL_PT_UPDATE;
    req[0].val = make_table_entry(r->l1_mfn);
    rc = HYPERVISOR_mmu_update(req, 1, NULL, DOMID_SELF);
    if (rc) {
        printk("mm: hooking the L1 into the L2 failed: %ld (%s)\n", rc,
               errno_name(rc));
        return -1;
    }

    /* 5. Use it: write a pattern to every page and read it back. */
    for (unsigned int i = 0; i < REGION_PAGES; i++) {
        volatile uint64_t *p = (volatile uint64_t *)(r->va + i * PAGE_SIZE);

        for (unsigned int j = 0; j < PAGE_SIZE / 8; j++)
            p[j] = r->va + i * PAGE_SIZE + j;
    }
    for (unsigned int i = 0; i < REGION_PAGES; i++) {
        volatile uint64_t *p = (volatile uint64_t *)(r->va + i * PAGE_SIZE);

        for (unsigned int j = 0; j < PAGE_SIZE / 8; j++)
            if (p[j] != r->va + i * PAGE_SIZE + j) {
                printk("mm: new region: bad value at %lx\n", (unsigned long)&p[j]);
                return -1;
            }
    }

    printk("mm: new region at %lx: L1 mfn %lx pinned and hooked into L2 entry "
           "%lx, %u fresh pages written and read back\n", r->va, r->l1_mfn,
           (unsigned long)r->l2_maddr, REGION_PAGES);
    return 0;
}
