/*
 * pvguest/workloads/isolation.c - try to escape: each step asks the hypervisor
 * for something a guest must never get, and prints the answer as
 *
 *     isolation: <case>: rc=<n> ...
 *
 * so that a test can compare it with the reference (Xen's answers). A negative
 * errno is the right answer in every case but the one marked "allowed". If a step
 * succeeds where it should not, the kernel undoes what it can and says
 * "ISOLATION BROKEN".
 *
 * The cases:
 *   1. map a machine frame this domain does not own (a frame not in its p2m);
 *   2. map one of its own page-table frames writable (the new L1 itself, and the
 *      top-level L4): with a writable mapping the guest could write page-table
 *      entries unchecked. (Mapping the L1 read-only is allowed and shown too.)
 *   3. put a mapping in the hypervisor's part of the address space (the L4 slots
 *      256-271), by virtual address and by writing the L4 entry;
 *   4. hand the hypervisor bad pointers: into its own area, and to an unmapped
 *      guest address. It must answer -EFAULT rather than fault or read its own
 *      memory on the guest's behalf;
 *   5. finally, read hypervisor memory directly, with no trap table: the page
 *      fault must kill the domain.
 */
#include <pvguest/hypercall.h>
#include <pvguest/kernel.h>
#include <pvguest/mm.h>
#include <pvguest/traps.h>
#include <pvguest/workload.h>

#define HOLE_VA        0xffff830000000000UL  /* Xen's direct map, in slot 262 */
#define HOLE_BAD_PTR   0xffff800000001000UL  /* inside the m2p area, slot 256 */
#define UNMAPPED_PTR   0x1000UL              /* a lower-half address nobody maps */

static struct new_region r;
static unsigned int broken;

static void report(const char *name, long rc, int allowed, const char *detail)
{
    int bad = allowed ? rc != 0 : rc >= 0;

    printk("isolation: %s: rc=%ld (%s)%s%s%s\n", name, rc, errno_name(rc),
           detail ? " " : "", detail ? detail : "",
           bad ? (allowed ? " UNEXPECTED" : " ISOLATION BROKEN") : "");
    if (bad && !allowed)
        broken++;
}

/* Write entry 'slot' of our own L1 with mmu_update. */
static long set_l1_entry(unsigned int slot, uint64_t val)
{
    struct mmu_update req = {
        .ptr = ((uint64_t)r.l1_mfn << PAGE_SHIFT) + slot * sizeof(uint64_t) +
               MMU_NORMAL_PT_UPDATE,
        .val = val,
    };
    return HYPERVISOR_mmu_update(&req, 1, NULL, DOMID_SELF);
}

/* The first RAM frame above the first MiB that is not ours. */
static unsigned long find_foreign_mfn(void)
{
    for (unsigned long mfn = 0x100; mfn < 0x100000; mfn++)
        if (!mfn_is_ours(mfn))
            return mfn;
    return ~0UL;
}

void workload_isolation(void)
{
    char detail[96];
    long rc;

    if (new_region_init(&r)) {
        printk("isolation: could not build a region to work on\n");
        return;
    }
    const unsigned int slot = REGION_PAGES;     /* a free entry of our L1 */
    const unsigned long slot_va = r.va + slot * PAGE_SIZE;
    const unsigned long l4_mfn = pt_top_mfn();

    /* 1. A frame we do not own. */
    unsigned long foreign = find_foreign_mfn();
    snprintf(detail, sizeof(detail), "(mfn %lx)", foreign);
    rc = set_l1_entry(slot, make_pte(foreign, 1));
    report("map-foreign-frame mmu_update", rc, 0, detail);
    if (!rc)
        set_l1_entry(slot, 0);
    rc = HYPERVISOR_update_va_mapping(slot_va, make_pte(foreign, 0), UVMF_INVLPG);
    report("map-foreign-frame update_va_mapping", rc, 0, detail);
    if (!rc)
        HYPERVISOR_update_va_mapping(slot_va, 0, UVMF_INVLPG);

    /* 2. Our own page tables, writable (and, for contrast, read-only). */
    snprintf(detail, sizeof(detail), "(L1 mfn %lx)", r.l1_mfn);
    rc = set_l1_entry(slot, make_pte(r.l1_mfn, 1));
    report("pt-writable-own-l1", rc, 0, detail);
    if (!rc)
        set_l1_entry(slot, 0);
    snprintf(detail, sizeof(detail), "(L4 mfn %lx)", l4_mfn);
    rc = set_l1_entry(slot, make_pte(l4_mfn, 1));
    report("pt-writable-l4", rc, 0, detail);
    if (!rc)
        set_l1_entry(slot, 0);
    rc = set_l1_entry(slot, make_pte(r.l1_mfn, 0));
    report("pt-readonly-own-l1", rc, 1, "(allowed)");
    if (!rc)
        set_l1_entry(slot, 0);

    /* 3. The hypervisor's slots. */
    snprintf(detail, sizeof(detail), "(va %lx)", HOLE_VA);
    rc = HYPERVISOR_update_va_mapping(HOLE_VA, make_pte(r.data_mfn[0], 1),
                                      UVMF_INVLPG);
    report("hole-update_va_mapping", rc, 0, detail);

    struct pt_slot l3;
    pt_lookup(VIRT_BASE, 3, &l3);       /* an L3 table of ours: a valid L4 value */
    struct mmu_update req = {
        .ptr = ((uint64_t)l4_mfn << PAGE_SHIFT) + 256 * sizeof(uint64_t) +
               MMU_NORMAL_PT_UPDATE,
        .val = ((uint64_t)(l3.maddr & PTE_ADDR_MASK)) | _PAGE_PRESENT | _PAGE_RW |
               _PAGE_USER | _PAGE_ACCESSED,
    };
    rc = HYPERVISOR_mmu_update(&req, 1, NULL, DOMID_SELF);
    report("hole-l4-slot256 mmu_update", rc, 0, "(L4 entry 256 -> our L3)");

    /* 4. Bad pointers. */
    snprintf(detail, sizeof(detail), "(buffer %lx)", HOLE_BAD_PTR);
    rc = HYPERVISOR_console_io(CONSOLEIO_write, 16, (const char *)HOLE_BAD_PTR);
    report("badptr-console_io-hole", rc, 0, detail);
    snprintf(detail, sizeof(detail), "(buffer %lx)", UNMAPPED_PTR);
    rc = HYPERVISOR_console_io(CONSOLEIO_write, 16, (const char *)UNMAPPED_PTR);
    report("badptr-console_io-unmapped", rc, 0, detail);
    snprintf(detail, sizeof(detail), "(table %lx)", UNMAPPED_PTR);
    rc = HYPERVISOR_set_trap_table((const struct trap_info *)UNMAPPED_PTR);
    report("badptr-set_trap_table-unmapped", rc, 0, detail);
    snprintf(detail, sizeof(detail), "(table %lx)", HOLE_BAD_PTR);
    rc = HYPERVISOR_set_trap_table((const struct trap_info *)HOLE_BAD_PTR);
    report("badptr-set_trap_table-hole", rc, 0, detail);
    snprintf(detail, sizeof(detail), "(buffer %lx)", HOLE_VA);
    rc = HYPERVISOR_xen_version(XENVER_extraversion, (void *)HOLE_VA);
    report("badptr-xen_version-hole", rc, 0, detail);
    snprintf(detail, sizeof(detail), "(requests %lx)", UNMAPPED_PTR);
    rc = HYPERVISOR_mmu_update((const struct mmu_update *)UNMAPPED_PTR, 1, NULL,
                               DOMID_SELF);
    report("badptr-mmu_update-unmapped", rc, 0, detail);

    printk("isolation: %u case(s) broke isolation\n", broken);

    /* 5. Read the hypervisor's memory, with nothing to catch the fault. */
    rc = traps_clear();
    printk("isolation: trap table cleared (rc=%ld)\n", rc);
    printk("isolation: reading hypervisor memory at %lx\n", HOLE_VA);
    uint64_t v = *(volatile uint64_t *)HOLE_VA;
    printk("isolation: read %lx from hypervisor memory: ISOLATION BROKEN\n",
           (unsigned long)v);
    crash();
}
