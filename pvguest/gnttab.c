/*
 * pvguest/gnttab.c - this kernel's grant table (version 1): granting frames to
 * another domain, and GNTTABOP_copy for using other domains' grants.
 *
 * GNTTABOP_setup_table gives the table's machine frame; we map it over a page of
 * our own image (table_window), as mm.c's frame_fill does with its scratch page.
 * A domain built with devices already has a one-frame table whose entries 0 and 1
 * (GNTTAB_RESERVED_CONSOLE, _XENSTORE) the builder filled; setup_table returns that
 * same frame. References below GNTTAB_NR_RESERVED_ENTRIES are never handed out.
 *
 * An entry is written domid and frame first, then flags, so the hypervisor never
 * sees a half-written valid entry; it is revoked with a compare-and-swap that fails
 * while the hypervisor has it in use (GTF_reading/GTF_writing).
 */
#include <pvguest/gnttab.h>
#include <pvguest/kernel.h>
#include <pvguest/mm.h>

#define NR_REFS (PAGE_SIZE / sizeof(struct grant_entry_v1))

static uint8_t table_window[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static volatile struct grant_entry_v1 *table;
static uint8_t ref_used[NR_REFS];

long HYPERVISOR_grant_table_op(unsigned int cmd, void *uop, unsigned int count)
{
    return _hypercall3(__HYPERVISOR_grant_table_op, cmd, uop, count);
}

long gnttab_init(void)
{
    xen_ulong_t frame = 0;
    struct gnttab_setup_table setup = { .dom = DOMID_SELF, .nr_frames = 1 };

    if (table)
        return 0;
    set_xen_guest_handle(setup.frame_list, &frame);
    long rc = HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &setup, 1);
    if (rc || setup.status)
        return rc ? rc : -XEN_EINVAL;
    rc = HYPERVISOR_update_va_mapping((unsigned long)table_window, make_pte(frame, 1),
                                      UVMF_INVLPG);
    if (rc)
        return rc;
    table = (volatile struct grant_entry_v1 *)table_window;
    return 0;
}

void gnttab_set_entry(volatile struct grant_entry_v1 *e, domid_t domid, unsigned long mfn,
                      uint16_t flags)
{
    e->domid = domid;
    e->frame = (uint32_t)mfn;
    __atomic_thread_fence(__ATOMIC_RELEASE);    /* domid and frame before flags */
    e->flags = flags;
}

bool gnttab_revoke_entry(volatile struct grant_entry_v1 *e)
{
    uint16_t old = e->flags;
    if (old & (GTF_reading | GTF_writing))
        return false;
    return __atomic_compare_exchange_n(&e->flags, &old, 0, false,
                                       __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

long gnttab_grant_access(domid_t domid, unsigned long mfn, bool readonly)
{
    if (!table)
        return -XEN_EINVAL;
    for (grant_ref_t ref = GNTTAB_NR_RESERVED_ENTRIES; ref < NR_REFS; ref++) {
        if (ref_used[ref])
            continue;
        ref_used[ref] = 1;
        gnttab_set_entry(&table[ref], domid, mfn,
                         GTF_permit_access | (readonly ? GTF_readonly : 0));
        return (long)ref;
    }
    return -XEN_ENOSPC;
}

long gnttab_end_access(grant_ref_t ref)
{
    if (!table || ref < GNTTAB_NR_RESERVED_ENTRIES || ref >= NR_REFS || !ref_used[ref])
        return -XEN_EINVAL;
    if (!gnttab_revoke_entry(&table[ref]))
        return -XEN_EBUSY;
    ref_used[ref] = 0;
    return 0;
}

long gnttab_copy(struct gnttab_copy *ops, unsigned int n)
{
    long rc = HYPERVISOR_grant_table_op(GNTTABOP_copy, ops, n);
    for (unsigned int i = 0; rc == 0 && i < n; i++)
        if (ops[i].status != GNTST_okay)
            rc = -XEN_EIO;
    return rc;
}

/* One copy op between (dom, ref) at offset and a buffer of ours. */
static void copy_op(struct gnttab_copy *op, domid_t dom, grant_ref_t ref,
                    unsigned int offset, void *local, unsigned int len, bool to_local)
{
    struct gnttab_copy_ptr remote = { .u.ref = ref, .domid = dom, .offset = (uint16_t)offset };
    struct gnttab_copy_ptr mine = { .u.gmfn = virt_to_mfn(local), .domid = DOMID_SELF,
                                    .offset = (uint16_t)((unsigned long)local & (PAGE_SIZE - 1)) };
    memset(op, 0, sizeof(*op));
    op->source = to_local ? remote : mine;
    op->dest = to_local ? mine : remote;
    op->flags = to_local ? GNTCOPY_source_gref : GNTCOPY_dest_gref;
    op->len = (uint16_t)len;
}

long gnttab_read(domid_t dom, grant_ref_t ref, unsigned int offset, void *buf,
                 unsigned int len)
{
    struct gnttab_copy op;
    copy_op(&op, dom, ref, offset, buf, len, true);
    return gnttab_copy(&op, 1);
}

long gnttab_write(domid_t dom, grant_ref_t ref, unsigned int offset, const void *buf,
                  unsigned int len)
{
    struct gnttab_copy op;
    copy_op(&op, dom, ref, offset, (void *)buf, len, false);
    return gnttab_copy(&op, 1);
}
