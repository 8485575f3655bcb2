/*
 * pvguest/workloads/grant.c - sharing pages between two domains with grant
 * tables (version 1): one domain grants, the other copies through the grants.
 *
 * Parameters:
 *   role=granter peer=D   grant two pages to domain D: ref 8 read-only, ref 9
 *                         writable; fill them with known bytes; wait until D says
 *                         it is done (a marker it writes into ref 9), check what D
 *                         wrote, revoke both grants
 *   role=user peer=D      use D's refs 8 and 9 with GNTTABOP_copy and try the
 *                         things a grantee must not be able to do
 *
 * The rendezvous. On Xen the refs would travel through XenStore; Hestia has none,
 * so both sides use fixed refs (GREF_RO, GREF_RW). The user retries its first copy
 * every 10 ms for up to 10 s: until the granter has written its entries the
 * hypervisor answers GNTST_bad_domain (no such domain yet), GNTST_bad_gntref (no
 * table yet) or GNTST_permission_denied (entry not written yet).
 *
 * The granter writes its table through a mapping of the table frame: setup_table
 * returns the frame's MFN (a PV guest gets machine frames), and update_va_mapping
 * maps it over a page of our own image (`table_window`), as mm.c's frame_fill does
 * with its scratch page. An entry is written domid and frame first, then flags,
 * so the hypervisor never sees a half-written valid entry (gnttab.c's
 * gnttab_set_entry and gnttab_revoke_entry, which this file uses on its table).
 *
 * Output: one line per check, "grant: CHECK: ok" or "grant: CHECK: FAILED ...",
 * then "grant: user: N check(s) failed" / "grant: granter: N check(s) failed".
 */
#include <pvguest/gnttab.h>
#include <pvguest/hypercall.h>
#include <pvguest/kernel.h>
#include <pvguest/mm.h>
#include <pvguest/time.h>
#include <pvguest/workload.h>

#include <public/grant_table.h>

#define GREF_RO      8
#define GREF_RW      9
#define GREF_UNUSED  10
#define DONE_OFFSET  2048       /* where the user leaves its "done" marker (ref 9) */
#define WRITE_OFFSET 1024       /* where the user writes its greeting (ref 9) */
static const char done_marker[] = "grant-user-done";
static const char greeting[] = "written by the grantee";

static uint8_t table_window[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t ro_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t rw_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t buf[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static unsigned int failures;

static void check(const char *what, bool ok, long got)
{
    if (ok) {
        printk("grant: %s: ok\n", what);
    } else {
        printk("grant: %s: FAILED (got %ld)\n", what, got);
        failures++;
    }
}

/* The byte pattern of a granted page: different for the two pages. */
static uint8_t pattern(unsigned int page, unsigned int i)
{
    return (uint8_t)(i * 7 + page * 101 + 3);
}

/* ---- granter -------------------------------------------------------------------- */

static void granter(domid_t peer)
{
    xen_ulong_t frame = 0;
    struct gnttab_setup_table setup = { .dom = DOMID_SELF, .nr_frames = 1 };
    set_xen_guest_handle(setup.frame_list, &frame);
    long rc = HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &setup, 1);
    check("setup_table", rc == 0 && setup.status == GNTST_okay && frame != 0,
          rc ? rc : setup.status);
    if (rc || setup.status)
        return;

    struct gnttab_query_size query = { .dom = DOMID_SELF };
    rc = HYPERVISOR_grant_table_op(GNTTABOP_query_size, &query, 1);
    check("query_size", rc == 0 && query.status == GNTST_okay && query.nr_frames == 1 &&
          query.max_nr_frames >= 1, rc ? rc : query.nr_frames);

    unsigned long window_mfn = virt_to_mfn(table_window);
    rc = HYPERVISOR_update_va_mapping((unsigned long)table_window,
                                      make_pte(frame, 1), UVMF_INVLPG);
    check("map-own-table", rc == 0, rc);
    if (rc)
        return;
    volatile struct grant_entry_v1 *table = (volatile struct grant_entry_v1 *)table_window;

    for (unsigned int i = 0; i < PAGE_SIZE; i++) {
        ro_page[i] = pattern(0, i);
        rw_page[i] = pattern(1, i);
    }
    gnttab_set_entry(&table[GREF_RO], peer, virt_to_mfn(ro_page),
                GTF_permit_access | GTF_readonly);
    gnttab_set_entry(&table[GREF_RW], peer, virt_to_mfn(rw_page), GTF_permit_access);
    printk("grant: granter: ref %u (read-only) and ref %u (writable) granted to d%u\n",
           GREF_RO, GREF_RW, peer);

    uint64_t deadline = NOW() + 20 * NSEC_PER_SEC;
    volatile const char *done = (volatile const char *)rw_page + DONE_OFFSET;
    while (NOW() < deadline && done[0] != done_marker[0])
        sleep_ns(10 * NSEC_PER_MSEC);
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    check("peer-done", memcmp(rw_page + DONE_OFFSET, done_marker, sizeof(done_marker)) == 0, 0);
    check("peer-wrote-rw-page",
          memcmp(rw_page + WRITE_OFFSET, greeting, sizeof(greeting)) == 0, 0);
    bool ro_intact = true;
    for (unsigned int i = 0; i < PAGE_SIZE; i++)
        ro_intact &= ro_page[i] == pattern(0, i);
    check("ro-page-intact", ro_intact, 0);
    check("ref-flags-idle", (table[GREF_RO].flags & (GTF_reading | GTF_writing)) == 0 &&
          (table[GREF_RW].flags & (GTF_reading | GTF_writing)) == 0, table[GREF_RW].flags);
    check("revoke", gnttab_revoke_entry(&table[GREF_RO]) && gnttab_revoke_entry(&table[GREF_RW]), 0);

    rc = HYPERVISOR_update_va_mapping((unsigned long)table_window,
                                      make_pte(window_mfn, 1), UVMF_INVLPG);
    if (rc)
        panic("grant: restoring the window mapping failed: %ld", rc);
    printk("grant: granter: %u check(s) failed\n", failures);
}

/* ---- user ----------------------------------------------------------------------- */

/* Copy len bytes: src/dst are either (peer, gref) or our own page buf. */
static int16_t copy(domid_t dom, grant_ref_t ref, bool to_grant, uint16_t goff,
                    uint16_t boff, uint16_t len)
{
    struct gnttab_copy op = { .len = len };
    struct gnttab_copy_ptr *g = to_grant ? &op.dest : &op.source;
    struct gnttab_copy_ptr *mine = to_grant ? &op.source : &op.dest;

    g->u.ref = ref;
    g->domid = dom;
    g->offset = goff;
    mine->u.gmfn = virt_to_mfn(buf);
    mine->domid = DOMID_SELF;
    mine->offset = boff;
    op.flags = to_grant ? GNTCOPY_dest_gref : GNTCOPY_source_gref;
    op.status = 1;
    long rc = HYPERVISOR_grant_table_op(GNTTABOP_copy, &op, 1);
    if (rc)
        panic("grant: GNTTABOP_copy: %ld (%s)", rc, errno_name(rc));
    return op.status;
}

static bool page_matches(unsigned int page)
{
    for (unsigned int i = 0; i < PAGE_SIZE; i++)
        if (buf[i] != pattern(page, i))
            return false;
    return true;
}

static void user(domid_t peer)
{
    int16_t st = GNTST_general_error;
    uint64_t deadline = NOW() + 10 * NSEC_PER_SEC;

    while (NOW() < deadline && (st = copy(peer, GREF_RO, false, 0, 0, PAGE_SIZE)))
        sleep_ns(10 * NSEC_PER_MSEC);
    check("copy-from-ro-grant", st == GNTST_okay && page_matches(0), st);

    st = copy(peer, GREF_RW, false, 0, 0, PAGE_SIZE);
    check("copy-from-rw-grant", st == GNTST_okay && page_matches(1), st);

    memcpy(buf, greeting, sizeof(greeting));
    st = copy(peer, GREF_RW, true, WRITE_OFFSET, 0, sizeof(greeting));
    check("copy-into-rw-grant", st == GNTST_okay, st);

    st = copy(peer, GREF_RO, true, 0, 0, 16);
    check("copy-into-ro-grant denied", st == GNTST_permission_denied, st);
    st = copy(peer, GREF_UNUSED, false, 0, 0, 16);
    check("copy-ungranted-ref denied", st == GNTST_permission_denied, st);
    st = copy(peer, 100000, false, 0, 0, 16);
    check("copy-bad-ref", st == GNTST_bad_gntref, st);
    st = copy(77, GREF_RO, false, 0, 0, 16);
    check("copy-bad-domain", st == GNTST_bad_domain, st);
    st = copy(peer, GREF_RO, false, 4000, 0, 200);
    check("copy-bad-offset", st == GNTST_bad_copy_arg, st);

    /* A frame named by number must be our own: the peer's granted frame is not. */
    struct gnttab_map_grant_ref map = {
        .flags = GNTMAP_device_map | GNTMAP_readonly, .ref = GREF_RO, .dom = peer,
    };
    long rc = HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &map, 1);
    check("map-ro-grant (device_map)", rc == 0 && map.status == GNTST_okay,
          rc ? rc : map.status);
    struct gnttab_copy steal = {
        .source = { .u.gmfn = map.dev_bus_addr >> PAGE_SHIFT, .domid = DOMID_SELF },
        .dest = { .u.gmfn = virt_to_mfn(buf), .domid = DOMID_SELF },
        .len = 16,
    };
    rc = HYPERVISOR_grant_table_op(GNTTABOP_copy, &steal, 1);
    check("copy-foreign-frame-by-number", rc == 0 && steal.status == GNTST_bad_page,
          rc ? rc : steal.status);

    struct gnttab_map_grant_ref wmap = {
        .flags = GNTMAP_device_map, .ref = GREF_RO, .dom = peer,
    };
    rc = HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &wmap, 1);
    check("map-ro-grant-writable denied", rc == 0 && wmap.status == GNTST_permission_denied,
          rc ? rc : wmap.status);
    struct gnttab_map_grant_ref hmap = {
        .host_addr = (unsigned long)table_window, .flags = GNTMAP_host_map,
        .ref = GREF_RW, .dom = peer,
    };
    rc = HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &hmap, 1);
    check("map-host_map (not implemented)", rc == 0 && hmap.status == GNTST_general_error,
          rc ? rc : hmap.status);

    struct gnttab_unmap_grant_ref unmap = { .handle = map.handle };
    rc = HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &unmap, 1);
    check("unmap", rc == 0 && unmap.status == GNTST_okay, rc ? rc : unmap.status);
    rc = HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &unmap, 1);
    check("unmap-again bad handle", rc == 0 && unmap.status == GNTST_bad_handle,
          rc ? rc : unmap.status);
    rc = HYPERVISOR_grant_table_op(GNTTABOP_copy, (void *)0x10, 1);
    check("copy-bad-pointer", rc == -XEN_EFAULT, rc);

    memcpy(buf, done_marker, sizeof(done_marker));
    st = copy(peer, GREF_RW, true, DONE_OFFSET, 0, sizeof(done_marker));
    check("tell-granter-done", st == GNTST_okay, st);
    printk("grant: user: %u check(s) failed\n", failures);
}

void workload_grant(void)
{
    const char *role = cmdline_get("role");
    domid_t peer = (domid_t)cmdline_get_ulong("peer", 0);

    if (role && strcmp(role, "granter") == 0)
        granter(peer);
    else if (role && strcmp(role, "user") == 0)
        user(peer);
    else
        printk("grant: usage: role=granter|user peer=D\n");
}
