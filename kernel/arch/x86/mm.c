/*
 * mm.c - the hypervisor's own memory on x86: the direct map, and handing the
 * machine's free RAM to the frame allocator.
 *
 * head.S mapped the first 4 GiB at DIRECTMAP_VIRT_START with 2 MiB pages. Here we
 *   1. collect RAM from the boot memory map and cut out what is in use (low memory
 *      and the first 2 MiB, the hypervisor image, the boot modules);
 *   2. place the frame table (one struct page_info per frame) in RAM below 4 GiB;
 *   3. give RAM below 4 GiB to the buddy allocator;
 *   4. map RAM above 4 GiB into the direct map (page tables come from the
 *      allocator), then give that RAM to the allocator too;
 *   5. remove the identity map of low memory: every address below the hypervisor's
 *      hole will belong to PV guests.
 */
#include <hestia/arch.h>
#include <hestia/bootinfo.h>
#include <hestia/lib.h>
#include <hestia/memregion.h>
#include <hestia/mm.h>
#include <hestia/printk.h>
#include <hestia/setup.h>

#include <asm/config.h>
#include <asm/processor.h>
#include <asm/x86.h>

#define PTE_P  0x001UL
#define PTE_RW 0x002UL
#define PTE_US 0x004UL
#define PTE_PS 0x080UL
#define PTE_ADDR_MASK 0x000ffffffffff000UL

#define GB(x) ((paddr_t)(x) << 30)
#define MB(x) ((paddr_t)(x) << 20)

extern uint64_t boot_l4[512];
extern char _start[], _end[];

void *maddr_to_virt(paddr_t ma)
{
    return (void *)(DIRECTMAP_VIRT_START + ma);
}

paddr_t virt_to_maddr(const void *va)
{
    uint64_t v = (uint64_t)va;
    if (v >= DIRECTMAP_VIRT_START && v < DIRECTMAP_VIRT_END)
        return v - DIRECTMAP_VIRT_START;
    return v - XEN_VIRT_START;           /* an address in the image */
}

static struct memregion_set ram;

/* Collect RAM from the memory map; returns how much there is, in bytes. */
static paddr_t collect_ram(void)
{
    paddr_t total;

    memregion_init(&ram);
    for (unsigned int i = 0; i < boot_info.nr_mmap; i++) {
        const struct boot_mmap_entry *e = &boot_info.mmap[i];
        if (e->type == BOOT_MEM_RAM && e->len)
            memregion_add(&ram, ROUNDUP(e->addr, PAGE_SIZE),
                          (e->addr + e->len) & PAGE_MASK);
    }
    total = memregion_total(&ram);
    memregion_remove(&ram, 0, XEN_PHYS_LOAD);
    memregion_remove(&ram, virt_to_maddr(_start), ROUNDUP(virt_to_maddr(_end), PAGE_SIZE));
    for (unsigned int i = 0; i < boot_info.nr_modules; i++)
        memregion_remove(&ram, boot_info.modules[i].start & PAGE_MASK,
                         ROUNDUP(boot_info.modules[i].end, PAGE_SIZE));
    return total;
}

static unsigned long highest_ram_frame(void)
{
    paddr_t top = 0;
    for (unsigned int i = 0; i < boot_info.nr_mmap; i++)
        if (boot_info.mmap[i].type == BOOT_MEM_RAM)
            top = MAX(top, boot_info.mmap[i].addr + boot_info.mmap[i].len);
    return PFN_DOWN(top);
}

static void setup_frame_table(unsigned long nr_frames)
{
    paddr_t size = ROUNDUP((paddr_t)nr_frames * sizeof(struct page_info), PAGE_SIZE);
    paddr_t at = memregion_find(&ram, size, PAGE_SIZE, GB(4));

    if (!at)
        panic("no room below 4 GiB for a %llu KiB frame table",
              (unsigned long long)size >> 10);
    memregion_remove(&ram, at, at + size);
    memset(maddr_to_virt(at), 0, size);
    page_alloc_init(maddr_to_virt(at), nr_frames);
    printk("Frame table: %lu frames, %llu KiB at 0x%llx\n", nr_frames,
           (unsigned long long)size >> 10, (unsigned long long)at);
}

/* Give the parts of `ram` inside [lo, hi) to the allocator. */
static void add_ram_between(paddr_t lo, paddr_t hi)
{
    for (unsigned int i = 0; i < ram.nr; i++) {
        paddr_t s = MAX(ram.r[i].start, lo), e = MIN(ram.r[i].end, hi);
        if (s < e)
            init_heap_pages(PFN_DOWN(s), PFN_DOWN(e - s));
    }
}

/*
 * The table an entry points to, allocating (and zeroing) a new one when the entry is
 * empty. NULL when out of memory.
 */
static uint64_t *next_level(uint64_t *entry)
{
    if (!(*entry & PTE_P)) {
        struct page_info *pg = alloc_heap_pages(0);
        if (!pg)
            return NULL;
        memset(maddr_to_virt(page_to_maddr(pg)), 0, PAGE_SIZE);
        *entry = page_to_maddr(pg) | PTE_P | PTE_RW;
    }
    return maddr_to_virt(*entry & PTE_ADDR_MASK);
}

/* Map [start, end) of machine memory into the direct map with 2 MiB pages. */
int map_directmap(paddr_t start, paddr_t end)
{
    start &= ~(MB(2) - 1);
    for (paddr_t pa = start; pa < end; pa += MB(2)) {
        uint64_t va = DIRECTMAP_VIRT_START + pa;
        uint64_t *l3 = next_level(&boot_l4[(va >> 39) & 511]);
        uint64_t *l2 = l3 ? next_level(&l3[(va >> 30) & 511]) : NULL;
        if (!l2)
            return -1;
        l2[(va >> 21) & 511] = pa | PTE_P | PTE_RW | PTE_PS;
    }
    return 0;
}

/*
 * The machine-to-phys table (m2p): for every machine frame, the guest frame number
 * its owner uses for it. Xen maps it read-only at MACH2PHYS_VIRT_START
 * (0xffff800000000000, PML4 slot 256) in every PV guest, so guests can turn the
 * machine addresses in their page tables back into their own frame numbers. We do
 * the same, with 2 MiB pages marked user-accessible but not writable.
 */
static unsigned long *m2p;

void set_gpfn_from_mfn(unsigned long mfn, unsigned long pfn)
{
    if (m2p && mfn < max_page)
        m2p[mfn] = pfn;
}

void m2p_init(void)
{
    paddr_t bytes = ROUNDUP((paddr_t)max_page * sizeof(unsigned long), MB(2));
    unsigned int order = 9;
    while ((PAGE_SIZE << order) < bytes)
        order++;
    struct page_info *pg = alloc_heap_pages(order);
    if (!pg)
        panic("no memory for the machine-to-phys table (%llu KiB)",
              (unsigned long long)bytes >> 10);
    m2p = maddr_to_virt(page_to_maddr(pg));
    memset(m2p, 0xff, bytes);           /* every entry invalid (~0) until assigned */

    uint64_t *l4e = &boot_l4[256];
    for (paddr_t off = 0; off < bytes; off += MB(2)) {
        uint64_t va = 0xffff800000000000UL + off;
        uint64_t *l3 = next_level(l4e);
        uint64_t *l2 = l3 ? next_level(&l3[(va >> 30) & 511]) : NULL;
        if (!l2)
            panic("no memory for the machine-to-phys mappings");
        l3[(va >> 30) & 511] |= PTE_US;
        l2[(va >> 21) & 511] = (page_to_maddr(pg) + off) | PTE_P | PTE_US | PTE_PS;
    }
    *l4e |= PTE_US;
    write_cr3(read_cr3());
    printk("M2P: %llu KiB at 0x%llx, mapped read-only for guests at 0xffff800000000000\n",
           (unsigned long long)bytes >> 10, (unsigned long long)page_to_maddr(pg));
}

void drop_identity_map(void)
{
    boot_l4[0] = 0;
    write_cr3(read_cr3());          /* flush the TLB */
}

void memory_init(void)
{
    unsigned long nr_frames = highest_ram_frame();

    if (PFN_DOWN(DIRECTMAP_SIZE) < nr_frames)
        panic("%lu MiB of RAM is more than the direct map can hold", nr_frames >> 8);

    paddr_t total = collect_ram();
    setup_frame_table(nr_frames);
    add_ram_between(0, GB(4));
    for (unsigned int i = 0; i < ram.nr; i++) {
        if (ram.r[i].end > GB(4) &&
            map_directmap(MAX(ram.r[i].start, GB(4)), ram.r[i].end) != 0)
            panic("out of memory while mapping RAM above 4 GiB");
    }
    add_ram_between(GB(4), ~(paddr_t)0);
    drop_identity_map();
    printk("Memory: %lu MiB free for the allocator (of %llu MiB RAM)\n",
           avail_heap_pages() >> 8, (unsigned long long)total >> 20);
}
