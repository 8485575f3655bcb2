/*
 * pvguest/workloads/mmbench.c - the cost of changing one page-table entry.
 *
 * Parameter: n=N (default 1000). Builds a fresh region (mm.c: new_region_init),
 * then flips the mapping of its first page between two frames X and Y, N times,
 * two ways:
 *   update_va_mapping(va, pte, UVMF_INVLPG)  by virtual address; the hypervisor
 *       finds the L1 entry, validates the new one, writes it and flushes that
 *       one TLB entry;
 *   mmu_update({L1 machine address, pte})     by machine address of the entry;
 *       no TLB flush (nothing touches the page in between).
 * Each call is timed with RDTSC; min and median in TSC ticks are printed
 * (instruction counts under QEMU -icount). Afterwards it checks that the page
 * really maps the frame it was last switched to.
 */
#include <pvguest/hypercall.h>
#include <pvguest/kernel.h>
#include <pvguest/mm.h>
#include <pvguest/workload.h>

static struct samples samples;

/* The frame va maps, identified by the marker written in each frame. */
static int check_maps(unsigned long va, uint64_t marker)
{
    return *(volatile uint64_t *)va == marker;
}

void workload_mmbench(void)
{
    unsigned long n = cmdline_get_ulong("n", 1000);
    struct new_region r;
    long rc;

    if (new_region_init(&r)) {
        printk("mmbench: could not build a region to work on\n");
        return;
    }

    unsigned long va = r.va, va_y = r.va + PAGE_SIZE;
    unsigned long x = r.data_mfn[0], y = r.data_mfn[1];
    *(volatile uint64_t *)va = 0x1111;      /* frame X */
    *(volatile uint64_t *)va_y = 0x2222;    /* frame Y */

    /* update_va_mapping, by virtual address. */
    samples_init(&samples, n);
    for (unsigned long i = 0; i < n; i++) {
        uint64_t pte = make_pte((i & 1) ? x : y, 1);
        uint64_t t0 = rdtsc_ordered();
        rc = HYPERVISOR_update_va_mapping(va, pte, UVMF_INVLPG);
        uint64_t t1 = rdtsc_ordered();
        if (rc) {
            printk("mmbench: update_va_mapping failed: %ld (%s)\n", rc,
                   errno_name(rc));
            return;
        }
        samples_add(&samples, t1 - t0);
    }
    samples_report(&samples, "mmbench: update_va_mapping");
    printk("mmbench: update_va_mapping: page now maps frame %s: %s\n",
           (n & 1) ? "Y" : "X",
           check_maps(va, (n & 1) ? 0x2222 : 0x1111) ? "ok" : "WRONG");

    /* mmu_update, by machine address of the L1 entry. */
    struct mmu_update req = {
        .ptr = ((uint64_t)r.l1_mfn << PAGE_SHIFT) + MMU_NORMAL_PT_UPDATE,
    };
    samples_init(&samples, n);
    for (unsigned long i = 0; i < n; i++) {
        req.val = make_pte((i & 1) ? y : x, 1);
        uint64_t t0 = rdtsc_ordered();
        rc = HYPERVISOR_mmu_update(&req, 1, NULL, DOMID_SELF);
        uint64_t t1 = rdtsc_ordered();
        if (rc) {
            printk("mmbench: mmu_update failed: %ld (%s)\n", rc, errno_name(rc));
            return;
        }
        samples_add(&samples, t1 - t0);
    }
    /* mmu_update does not flush the TLB: do it before looking at the page. */
    struct mmuext_op flush = { .cmd = MMUEXT_INVLPG_LOCAL, .arg1.linear_addr = va };
    rc = HYPERVISOR_mmuext_op(&flush, 1, NULL, DOMID_SELF);
    if (rc)
        report_enosys("mmuext_op(INVLPG_LOCAL)", rc);
    samples_report(&samples, "mmbench: mmu_update");
    printk("mmbench: mmu_update: page now maps frame %s: %s\n",
           (n & 1) ? "X" : "Y",
           check_maps(va, (n & 1) ? 0x1111 : 0x2222) ? "ok" : "WRONG");
}
