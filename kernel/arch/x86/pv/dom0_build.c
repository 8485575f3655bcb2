/*
 * pv/dom0_build.c - the PV domain builder: from an ELF boot module to a vcpu ready
 * to enter the guest, following Xen's start-of-day contract for 64-bit PV guests.
 *
 *   1. read the ELF image and its Xen notes (kernel/elf.c);
 *   2. lay out the guest's initial address space (kernel/pv_layout.c);
 *   3. give the domain its memory: nr_pages frames, all zeroed, recorded in the
 *      phys-to-machine (p2m) list and the machine-to-phys (m2p) table;
 *   4. load the segments, write the hypercall page, the p2m list and start_info;
 *   5. build the initial page tables mapping [v_start, v_end), with the page-table
 *      frames themselves mapped read-only, and have them validated like any guest
 *      page table (the L4 gets the hypervisor's slots);
 *   6. set the vcpu's registers: RIP = entry, RSP = top of the boot stack, RSI =
 *      start_info, ring 3 (FLAT_KERNEL_CS/SS), events masked.
 *
 * The first boot module becomes dom0 (SIF_PRIVILEGED | SIF_INITDOMAIN), as on Xen.
 */
#include <hestia/arch.h>
#include <hestia/bootinfo.h>
#include <hestia/elf.h>
#include <hestia/errno.h>
#include <hestia/event.h>
#include <hestia/grant_table.h>
#include <hestia/lib.h>
#include <hestia/mm.h>
#include <hestia/printk.h>
#include <hestia/pv_layout.h>
#include <hestia/pv_pagetable.h>
#include <hestia/sched.h>
#include <hestia/xmalloc.h>

#include <asm/domain.h>
#include <asm/pv.h>
#include <asm/x86.h>

struct builder {
    struct domain *d;
    struct pv_layout l;
    unsigned long *p2m;         /* pfn -> mfn, nr_pages entries */
};

/* The hypervisor-side address of guest virtual address va (inside the layout). */
static uint8_t *guest_va(const struct builder *b, uint64_t va)
{
    unsigned long pfn = pv_layout_pfn(&b->l, va);
    return (uint8_t *)map_domain_page(b->p2m[pfn]) + (va & (PAGE_SIZE - 1));
}

/* elf_load's writer: copy (or zero) len bytes at guest virtual address va. */
static int builder_write(void *ctx, uint64_t va, const void *src, size_t len)
{
    const struct builder *b = ctx;

    if (va < b->l.v_kstart || va + len > b->l.v_kend)
        return -EINVAL;
    while (len) {
        size_t n = MIN(len, PAGE_SIZE - (va & (PAGE_SIZE - 1)));
        if (src)
            memcpy(guest_va(b, va), src, n);
        else
            memset(guest_va(b, va), 0, n);
        va += n;
        len -= n;
        if (src)
            src = (const uint8_t *)src + n;
    }
    return 0;
}

/* Step 3: nr_pages zeroed frames, in the p2m and the m2p. */
static int populate(struct builder *b)
{
    b->p2m = xmalloc_bytes(b->l.nr_pages * sizeof(unsigned long));
    if (!b->p2m)
        return -ENOMEM;
    for (unsigned long pfn = 0; pfn < b->l.nr_pages; pfn++) {
        struct page_info *pg = alloc_domheap_pages(b->d, 0);
        if (!pg)
            return -ENOMEM;
        b->p2m[pfn] = page_to_mfn(pg);
        memset(map_domain_page(b->p2m[pfn]), 0, PAGE_SIZE);
        set_gpfn_from_mfn(b->p2m[pfn], pfn);
    }
    return 0;
}

static int setup_shared_info(struct domain *d)
{
    struct page_info *pg = alloc_domheap_pages(d, 0);
    if (!pg)
        return -ENOMEM;
    d->shared_info = map_domain_page(page_to_mfn(pg));
    memset(d->shared_info, 0, PAGE_SIZE);
    d->arch->shared_info_mfn = page_to_mfn(pg);
    set_gpfn_from_mfn(page_to_mfn(pg), ~0UL);       /* not in the guest's p2m */
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        d->shared_info->vcpu_info[i].evtchn_upcall_mask = 1;
    return 0;
}

/* The guest-virtual address of page-table frame `index` (L4 first, then L3s, L2s, L1s). */
static uint64_t *table(const struct builder *b, unsigned int index)
{
    return (uint64_t *)guest_va(b, b->l.pt + (uint64_t)index * PAGE_SIZE);
}

static unsigned long table_mfn(const struct builder *b, unsigned int index)
{
    return b->p2m[pv_layout_pfn(&b->l, b->l.pt + (uint64_t)index * PAGE_SIZE)];
}

/* Step 5: map every page of [v_start, v_end); page-table frames read-only. */
static void build_page_tables(const struct builder *b)
{
    const struct pv_layout *l = &b->l;
    const uint64_t upper = _PAGE_PRESENT | _PAGE_RW | _PAGE_USER;
    unsigned int first_l3 = 1, first_l2 = first_l3 + l->nr_l3, first_l1 = first_l2 + l->nr_l2;
    uint64_t pt_end = l->pt + (uint64_t)l->nr_pt_frames * PAGE_SIZE;

    for (uint64_t va = l->v_start; va < l->v_end; va += PAGE_SIZE) {
        unsigned int i3 = first_l3 + (unsigned int)((va >> 39) - (l->v_start >> 39));
        unsigned int i2 = first_l2 + (unsigned int)((va >> 30) - (l->v_start >> 30));
        unsigned int i1 = first_l1 + (unsigned int)((va >> 21) - (l->v_start >> 21));
        bool is_pt = va >= l->pt && va < pt_end;
        uint64_t pte = ((uint64_t)b->p2m[pv_layout_pfn(l, va)] << PAGE_SHIFT) |
                       _PAGE_PRESENT | _PAGE_USER | (is_pt ? 0 : _PAGE_RW);

        table(b, 0)[(va >> 39) & 511] = ((uint64_t)table_mfn(b, i3) << PAGE_SHIFT) | upper;
        table(b, i3)[(va >> 30) & 511] = ((uint64_t)table_mfn(b, i2) << PAGE_SHIFT) | upper;
        table(b, i2)[(va >> 21) & 511] = ((uint64_t)table_mfn(b, i1) << PAGE_SHIFT) | upper;
        table(b, i1)[(va >> 12) & 511] = pte;
    }
}

static void write_start_info(const struct builder *b, const char *cmdline)
{
    struct start_info *si = (struct start_info *)guest_va(b, b->l.start_info);
    struct domain *d = b->d;

    memset(si, 0, sizeof(*si));
    strlcpy(si->magic, "xen-3.0-x86_64", sizeof(si->magic));
    si->nr_pages = b->l.nr_pages;
    si->shared_info = (unsigned long)d->arch->shared_info_mfn << PAGE_SHIFT;
    si->flags = d->is_privileged ? (SIF_PRIVILEGED | SIF_INITDOMAIN) : 0;
    si->pt_base = b->l.pt;
    si->nr_pt_frames = b->l.nr_pt_frames;
    si->mfn_list = b->l.p2m;
    strlcpy((char *)si->cmd_line, cmdline ? cmdline : "", sizeof(si->cmd_line));
}

static void write_p2m(const struct builder *b)
{
    for (unsigned long pfn = 0; pfn < b->l.nr_pages; pfn++)
        *(unsigned long *)guest_va(b, b->l.p2m + pfn * 8) = b->p2m[pfn];
}

/* Step 6. */
static void init_vcpu0(const struct builder *b, const struct elf_info *info)
{
    struct vcpu *v = b->d->vcpu[0];
    struct cpu_user_regs *r = &v->arch->user_regs;

    memset(r, 0, sizeof(*r));
    r->rip = info->entry;
    r->rsp = b->l.stack + PAGE_SIZE;
    r->rsi = b->l.start_info;
    r->cs = FLAT_KERNEL_CS;
    r->ss = FLAT_KERNEL_SS;
    r->rflags = 0x200;
    v->arch->kernel_mode = true;
    v->arch->guest_table = table_mfn(b, 0);
    v->pause_flags &= ~VPF_down;
}

static int build(struct builder *b, const struct elf_info *info, const char *cmdline)
{
    int rc;

    if ((rc = evtchn_init(b->d)) || (rc = grant_table_init(b->d)) ||
        (rc = setup_shared_info(b->d)) || (rc = populate(b)))
        return rc;
    if ((rc = elf_load(info, builder_write, b)))
        return rc;
    if (info->hypercall_page)
        write_hypercall_page(guest_va(b, info->hypercall_page));
    write_p2m(b);
    write_start_info(b, cmdline);
    b->d->arch->start_info_mfn = b->p2m[pv_layout_pfn(&b->l, b->l.start_info)];
    b->d->arch->console_mfn = b->p2m[pv_layout_pfn(&b->l, b->l.console)];
    b->d->arch->store_mfn = b->p2m[pv_layout_pfn(&b->l, b->l.store)];
    build_page_tables(b);
    rc = get_page_and_type(table_mfn(b, 0), b->d, PGT_l4_page_table);
    if (rc)
        return rc;
    init_vcpu0(b, info);
    return 0;
}

struct domain *arch_build_domain(const struct boot_module *mod, uint16_t id,
                               const char *name, bool privileged,
                               unsigned long mem_kb, const char *cmdline)
{
    struct elf_info info;
    struct builder b = { 0 };
    const char *why = "";
    int rc;

    if (elf_parse(maddr_to_virt(mod->start), mod->end - mod->start, &info, &why) != 0) {
        printk(XENLOG_ERR "d%u: bad kernel image: %s\n", id, why);
        return NULL;
    }
    if (!info.has_xen_notes)
        printk(XENLOG_WARNING "d%u: the kernel has no Xen ELF notes\n", id);
    rc = pv_compute_layout(&b.l, info.virt_base & ~(uint64_t)(PAGE_SIZE - 1),
                           info.virt_kstart, info.virt_kend, mem_kb / 4);
    if (rc) {
        printk(XENLOG_ERR "d%u: %lu KiB is too little for this kernel (rc %d)\n", id,
               mem_kb, rc);
        return NULL;
    }
    b.d = domain_create(id, name, privileged, 1, b.l.nr_pages + 1);
    if (!b.d)
        return NULL;

    rc = build(&b, &info, cmdline);
    xfree(b.p2m);
    if (rc) {
        printk(XENLOG_ERR "d%u: building the domain failed (rc %d)\n", id, rc);
        domain_shutdown(b.d, 3);
        domain_destroy(b.d);
        return NULL;
    }
    printk("d%u (%s): %s kernel '%s', %lu KiB, entry %lx, %u page-table frames\n", id,
           name, privileged ? "privileged" : "unprivileged",
           info.guest_os[0] ? info.guest_os : "?", mem_kb, (unsigned long)info.entry,
           b.l.nr_pt_frames);
    return b.d;
}

/*
 * Give d a console ring and a store page shared with `backend` (dom0), as Xen's
 * toolstack does before a domU first runs: an unbound event channel for each
 * that the backend may bind, grant references GNTTAB_RESERVED_CONSOLE and
 * GNTTAB_RESERVED_XENSTORE for the two pages (granted to the backend, writable),
 * and start_info's console.domU and store_mfn/store_evtchn fields, so the guest
 * finds them exactly where a Xen guest does. The ports are d's.
 */
int arch_share_devices(struct domain *d, uint16_t backend, uint32_t *console_port,
                       uint32_t *store_port)
{
    int cport = evtchn_alloc_unbound_port(d, backend);
    int sport = cport < 0 ? cport : evtchn_alloc_unbound_port(d, backend);
    int rc = sport < 0 ? sport : 0;

    if (!rc)
        rc = gnttab_seed_entry(d, GNTTAB_RESERVED_CONSOLE, backend, d->arch->console_mfn);
    if (!rc)
        rc = gnttab_seed_entry(d, GNTTAB_RESERVED_XENSTORE, backend, d->arch->store_mfn);
    if (rc)
        return rc;
    struct start_info *si = map_domain_page(d->arch->start_info_mfn);
    si->console.domU.mfn = d->arch->console_mfn;
    si->console.domU.evtchn = (uint32_t)cport;
    si->store_mfn = d->arch->store_mfn;
    si->store_evtchn = (uint32_t)sport;
    unmap_domain_page(si);
    *console_port = (uint32_t)cport;
    *store_port = (uint32_t)sport;
    return 0;
}
