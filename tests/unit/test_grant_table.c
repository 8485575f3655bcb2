/*
 * tests/unit/test_grant_table.c - host tests for grant tables, version 1
 * (mm/grant_table.c), through do_grant_table_op as a guest calls it.
 *
 * The fake machine: 64 frames managed by the real buddy allocator, their contents
 * in one malloc'd array. mm/grant_table.c maps frames through
 * gnttab_test_map_frame() when built for the host (test_pv_pagetable.c owns the
 * fake map_domain_page of its own frames), defined here over that array; the test
 * counts open mappings and checks that every map was unmapped.
 *
 * Three fake domains (tests/unit/pv_host.c): d1 the granter, d2 the grantee, d3 a
 * bystander. Each owns a few data frames (owner set, allocation reference 1, as
 * alloc_domheap_pages leaves them). Ops are built in the fake guest RAM and passed
 * by guest address, so the copy-in/copy-out path is the real one. Every hostile
 * case checks its exact GNTST_* status, and every test ends by checking that all
 * reference counts are back where they started.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hestia/domain.h>
#include <hestia/errno.h>
#include <hestia/grant_table.h>
#include <hestia/mm.h>
#include <hestia/pv_pagetable.h>
#include <hestia/xmalloc.h>
#include "host.h"
#include "pv_host.h"

#define NR_FRAMES 64

static struct page_info *ft;
static uint8_t *mem;
static long maps_open;

void *gnttab_test_map_frame(unsigned long mfn)
{
    if (mfn >= NR_FRAMES)
        abort();
    maps_open++;
    return mem + mfn * PAGE_SIZE;
}

void gnttab_test_unmap_frame(const void *va)
{
    size_t off = (size_t)((const uint8_t *)va - mem);
    if (off >= NR_FRAMES * PAGE_SIZE || off % PAGE_SIZE || maps_open == 0)
        abort();
    maps_open--;
}

static struct domain *d1, *d2, *d3;
static unsigned long d1_data[2], d2_data, d3_data;     /* data frames */
static unsigned long heap_before, free_before;

static unsigned long give_frame(struct domain *d)
{
    struct page_info *pg = alloc_heap_pages(0);
    ck_assert_ptr_nonnull(pg);
    pg->owner = d;
    pg->count_info = 1;
    pg->u.inuse.type_info = 0;
    return page_to_mfn(pg);
}

static void take_frame(unsigned long mfn)
{
    struct page_info *pg = mfn_to_page(mfn);
    pg->owner = NULL;
    pg->count_info = 0;
    pg->u.inuse.type_info = 0;
    free_heap_pages(pg, 0);
}

static unsigned long count_of(unsigned long mfn)
{
    return ft[mfn].count_info & PGC_count_mask;
}

static unsigned long tcount_of(unsigned long mfn)
{
    return ft[mfn].u.inuse.type_info & PGT_count_mask;
}

static void setup(void)
{
    ft = calloc(NR_FRAMES, sizeof(*ft));
    mem = aligned_alloc(PAGE_SIZE, NR_FRAMES * PAGE_SIZE);
    ck_assert(ft && mem);
    memset(mem, 0xee, NR_FRAMES * PAGE_SIZE);
    page_alloc_init(ft, NR_FRAMES);
    init_heap_pages(1, NR_FRAMES - 1);
    maps_open = 0;

    pv_sched_setup();
    guest_mem_init();
    heap_before = xmalloc_bytes_in_use();
    d1 = pv_domain_create(1, false, 1);
    d2 = pv_domain_create(2, false, 1);
    d3 = pv_domain_create(3, false, 1);
    ck_assert_int_eq(grant_table_init(d1), 0);
    ck_assert_int_eq(grant_table_init(d2), 0);
    ck_assert_int_eq(grant_table_init(d3), 0);
    free_before = avail_heap_pages();
    d1_data[0] = give_frame(d1);
    d1_data[1] = give_frame(d1);
    d2_data = give_frame(d2);
    d3_data = give_frame(d3);
    for (unsigned int i = 0; i < PAGE_SIZE; i++) {
        mem[d1_data[0] * PAGE_SIZE + i] = (uint8_t)(i * 3);
        mem[d1_data[1] * PAGE_SIZE + i] = (uint8_t)(i * 5 + 1);
        mem[d2_data * PAGE_SIZE + i] = 0;
    }
    pv_become(d2->vcpu[0]);         /* the grantee calls, unless a test says otherwise */
    pv_host_reset();
}

static void teardown(void)
{
    take_frame(d1_data[0]);
    take_frame(d1_data[1]);
    take_frame(d2_data);
    take_frame(d3_data);
    grant_table_destroy(d3);
    grant_table_destroy(d2);
    grant_table_destroy(d1);
    ck_assert_uint_eq(avail_heap_pages(), free_before + 0);
    pv_domain_destroy(d3);
    pv_domain_destroy(d2);
    pv_domain_destroy(d1);
    ck_assert_uint_eq(xmalloc_bytes_in_use(), heap_before);     /* nothing leaked */
    pv_sched_teardown();
    guest_mem_free();
    ck_assert_int_eq(maps_open, 0);
    free(ft);
    free(mem);
}

/* ---- helpers: ops in guest memory --------------------------------------------- */

#define OP_VA   GUEST_RAM                  /* the op array */
#define LIST_VA (GUEST_RAM + PAGE_SIZE)    /* setup_table's frame list */

static long op(unsigned int cmd, void *arg, size_t size)
{
    memcpy(guest_ptr(OP_VA), arg, size);
    long rc = do_grant_table_op(cmd, OP_VA, 1);
    memcpy(arg, guest_ptr(OP_VA), size);
    return rc;
}

/* d sets up a one-frame table; returns its entries (a host pointer). */
static struct grant_entry_v1 *setup_table(struct domain *d)
{
    pv_become(d->vcpu[0]);
    struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 1 };
    set_xen_guest_handle(st.frame_list, (xen_ulong_t *)LIST_VA);
    ck_assert_int_eq(op(GNTTABOP_setup_table, &st, sizeof(st)), 0);
    ck_assert_int_eq(st.status, GNTST_okay);
    xen_ulong_t mfn = *(xen_ulong_t *)guest_ptr(LIST_VA);
    ck_assert_uint_eq(mfn, gnttab_frame_mfn(d, 0));
    ck_assert_ptr_eq(ft[mfn].owner, d);
    pv_become(d2->vcpu[0]);
    return (struct grant_entry_v1 *)(mem + mfn * PAGE_SIZE);
}

static void grant(struct grant_entry_v1 *e, domid_t to, unsigned long mfn, uint16_t flags)
{
    e->domid = to;
    e->frame = (uint32_t)mfn;
    e->flags = flags;
}

static int16_t copy_from_grant(domid_t dom, grant_ref_t ref, uint16_t off, uint16_t len)
{
    struct gnttab_copy c = {
        .source = { .u.ref = ref, .domid = dom, .offset = off },
        .dest = { .u.gmfn = d2_data, .domid = DOMID_SELF },
        .len = len, .flags = GNTCOPY_source_gref, .status = 99,
    };
    ck_assert_int_eq(op(GNTTABOP_copy, &c, sizeof(c)), 0);
    return c.status;
}

static int16_t copy_to_grant(domid_t dom, grant_ref_t ref, uint16_t off, uint16_t len)
{
    struct gnttab_copy c = {
        .source = { .u.gmfn = d2_data, .domid = DOMID_SELF },
        .dest = { .u.ref = ref, .domid = dom, .offset = off },
        .len = len, .flags = GNTCOPY_dest_gref, .status = 99,
    };
    ck_assert_int_eq(op(GNTTABOP_copy, &c, sizeof(c)), 0);
    return c.status;
}

static struct gnttab_map_grant_ref map(domid_t dom, grant_ref_t ref, uint32_t flags)
{
    struct gnttab_map_grant_ref m = { .flags = flags, .ref = ref, .dom = dom, .status = 99 };
    ck_assert_int_eq(op(GNTTABOP_map_grant_ref, &m, sizeof(m)), 0);
    return m;
}

static int16_t unmap(grant_handle_t h)
{
    struct gnttab_unmap_grant_ref u = { .handle = h, .status = 99 };
    ck_assert_int_eq(op(GNTTABOP_unmap_grant_ref, &u, sizeof(u)), 0);
    return u.status;
}

/* ---- tests ---------------------------------------------------------------------- */

START_TEST(test_setup_and_query)
{
    struct gnttab_query_size q = { .dom = DOMID_SELF, .status = 99 };
    ck_assert_int_eq(op(GNTTABOP_query_size, &q, sizeof(q)), 0);
    ck_assert_int_eq(q.status, GNTST_okay);
    ck_assert_uint_eq(q.nr_frames, 0);
    ck_assert_uint_eq(q.max_nr_frames, GNTTAB_MAX_FRAMES);

    setup_table(d2);
    ck_assert_int_eq(op(GNTTABOP_query_size, &q, sizeof(q)), 0);
    ck_assert_uint_eq(q.nr_frames, 1);

    struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = GNTTAB_MAX_FRAMES + 1 };
    set_xen_guest_handle(st.frame_list, (xen_ulong_t *)LIST_VA);
    ck_assert_int_eq(op(GNTTABOP_setup_table, &st, sizeof(st)), 0);
    ck_assert_int_eq(st.status, GNTST_general_error);
    st.nr_frames = 1;
    st.dom = 1;                                     /* not privileged */
    ck_assert_int_eq(op(GNTTABOP_setup_table, &st, sizeof(st)), 0);
    ck_assert_int_eq(st.status, GNTST_permission_denied);
    st.dom = DOMID_SELF;
    set_xen_guest_handle(st.frame_list, (xen_ulong_t *)GUEST_UNMAPPED);
    ck_assert_int_eq(op(GNTTABOP_setup_table, &st, sizeof(st)), 0);
    ck_assert_int_eq(st.status, GNTST_bad_virt_addr);
    q.dom = 3;
    ck_assert_int_eq(op(GNTTABOP_query_size, &q, sizeof(q)), 0);
    ck_assert_int_eq(q.status, GNTST_permission_denied);
}
END_TEST

START_TEST(test_copy_both_ways)
{
    struct grant_entry_v1 *t = setup_table(d1);
    grant(&t[8], 2, d1_data[0], GTF_permit_access | GTF_readonly);
    grant(&t[9], 2, d1_data[1], GTF_permit_access);
    unsigned long c0 = count_of(d1_data[0]), c1 = count_of(d1_data[1]);

    ck_assert_int_eq(copy_from_grant(1, 8, 0, PAGE_SIZE), GNTST_okay);
    ck_assert_mem_eq(mem + d2_data * PAGE_SIZE, mem + d1_data[0] * PAGE_SIZE, PAGE_SIZE);
    ck_assert_int_eq(copy_from_grant(1, 9, 100, 50), GNTST_okay);
    ck_assert_mem_eq(mem + d2_data * PAGE_SIZE, mem + d1_data[1] * PAGE_SIZE + 100, 50);

    memcpy(mem + d2_data * PAGE_SIZE, "hello granter", 13);
    ck_assert_int_eq(copy_to_grant(1, 9, 4000, 13), GNTST_okay);
    ck_assert_mem_eq(mem + d1_data[1] * PAGE_SIZE + 4000, "hello granter", 13);

    /* Nothing is left pinned: counts, types and entry flags are back. */
    ck_assert_uint_eq(count_of(d1_data[0]), c0);
    ck_assert_uint_eq(count_of(d1_data[1]), c1);
    ck_assert_uint_eq(tcount_of(d1_data[1]), 0);
    ck_assert_uint_eq(t[8].flags, GTF_permit_access | GTF_readonly);
    ck_assert_uint_eq(t[9].flags, GTF_permit_access);
}
END_TEST

START_TEST(test_copy_hostile)
{
    struct grant_entry_v1 *t = setup_table(d1);
    uint8_t before[PAGE_SIZE];
    grant(&t[8], 2, d1_data[0], GTF_permit_access | GTF_readonly);
    grant(&t[9], 3, d1_data[1], GTF_permit_access);     /* for d3, not d2 */
    grant(&t[10], 2, d3_data, GTF_permit_access);       /* a frame d1 does not own */
    memcpy(before, mem + d1_data[0] * PAGE_SIZE, PAGE_SIZE);

    ck_assert_int_eq(copy_to_grant(1, 8, 0, 16), GNTST_permission_denied);   /* ro */
    ck_assert_int_eq(copy_from_grant(1, 9, 0, 16), GNTST_permission_denied); /* not ours */
    ck_assert_int_eq(copy_from_grant(1, 11, 0, 16), GNTST_permission_denied);/* not given */
    ck_assert_int_eq(copy_from_grant(1, 512, 0, 16), GNTST_bad_gntref);      /* past table */
    ck_assert_int_eq(copy_from_grant(1, 0xffffffff, 0, 16), GNTST_bad_gntref);
    ck_assert_int_eq(copy_from_grant(77, 8, 0, 16), GNTST_bad_domain);
    ck_assert_int_eq(copy_from_grant(3, 8, 0, 16), GNTST_bad_gntref);        /* d3: no table */
    ck_assert_int_eq(copy_from_grant(1, 8, 4000, 97), GNTST_bad_copy_arg);
    ck_assert_int_eq(copy_from_grant(1, 8, 0, PAGE_SIZE + 1), GNTST_bad_copy_arg);
    ck_assert_int_eq(copy_from_grant(1, 10, 0, 16), GNTST_bad_page);
    ck_assert_uint_eq(t[10].flags, GTF_permit_access);       /* bits given back */

    /* By frame number: only the caller's own frames, and only as DOMID_SELF. */
    struct gnttab_copy c = {
        .source = { .u.gmfn = d1_data[0], .domid = DOMID_SELF },
        .dest = { .u.gmfn = d2_data, .domid = DOMID_SELF }, .len = 16,
    };
    ck_assert_int_eq(op(GNTTABOP_copy, &c, sizeof(c)), 0);
    ck_assert_int_eq(c.status, GNTST_bad_page);
    c.source.u.gmfn = d2_data;
    c.source.domid = 2;
    ck_assert_int_eq(op(GNTTABOP_copy, &c, sizeof(c)), 0);
    ck_assert_int_eq(c.status, GNTST_permission_denied);
    c.source.domid = DOMID_SELF;
    c.source.u.gmfn = ~0UL;
    ck_assert_int_eq(op(GNTTABOP_copy, &c, sizeof(c)), 0);
    ck_assert_int_eq(c.status, GNTST_bad_page);

    ck_assert_mem_eq(mem + d1_data[0] * PAGE_SIZE, before, PAGE_SIZE);
    ck_assert_uint_eq(count_of(d1_data[0]), 1);
    ck_assert_uint_eq(count_of(d2_data), 1);
}
END_TEST

START_TEST(test_copy_into_page_table_refused)
{
    /* The granted frame is in use as an L1 page table (as pinning leaves it). */
    struct grant_entry_v1 *t = setup_table(d1);
    grant(&t[9], 2, d1_data[1], GTF_permit_access);
    ft[d1_data[1]].count_info++;
    ft[d1_data[1]].u.inuse.type_info = PGT_l1_page_table | PGT_validated | PGT_pinned | 1;
    ck_assert_int_eq(copy_to_grant(1, 9, 0, 8), GNTST_bad_page);
    ck_assert_int_eq(map(1, 9, GNTMAP_device_map).status, GNTST_general_error);
    ck_assert_int_eq(copy_from_grant(1, 9, 0, 8), GNTST_okay);   /* reading is fine */
    ck_assert_uint_eq(t[9].flags, GTF_permit_access);
    ck_assert_uint_eq(count_of(d1_data[1]), 2);
    ck_assert_uint_eq(ft[d1_data[1]].u.inuse.type_info,
                      PGT_l1_page_table | PGT_validated | PGT_pinned | 1);
    ft[d1_data[1]].count_info--;
    ft[d1_data[1]].u.inuse.type_info = 0;
}
END_TEST

START_TEST(test_map_unmap_counts)
{
    struct grant_entry_v1 *t = setup_table(d1);
    grant(&t[8], 2, d1_data[0], GTF_permit_access | GTF_readonly);
    grant(&t[9], 2, d1_data[1], GTF_permit_access);
    unsigned long c0 = count_of(d1_data[0]), c1 = count_of(d1_data[1]);

    struct gnttab_map_grant_ref a = map(1, 8, GNTMAP_device_map | GNTMAP_readonly);
    ck_assert_int_eq(a.status, GNTST_okay);
    ck_assert_uint_eq(a.dev_bus_addr, (uint64_t)d1_data[0] << PAGE_SHIFT);
    ck_assert_uint_eq(count_of(d1_data[0]), c0 + 1);
    ck_assert_uint_eq(t[8].flags, GTF_permit_access | GTF_readonly | GTF_reading);
    ck_assert_ptr_eq(ft[d1_data[0]].owner, d1);              /* still the granter's */

    struct gnttab_map_grant_ref b = map(1, 9, GNTMAP_device_map);
    struct gnttab_map_grant_ref c = map(1, 9, GNTMAP_device_map | GNTMAP_readonly);
    ck_assert_int_eq(b.status, GNTST_okay);
    ck_assert_int_eq(c.status, GNTST_okay);
    ck_assert_uint_ne(b.handle, c.handle);
    ck_assert_uint_eq(count_of(d1_data[1]), c1 + 2);
    ck_assert_uint_eq(tcount_of(d1_data[1]), 1);
    ck_assert_uint_eq(t[9].flags, GTF_permit_access | GTF_reading | GTF_writing);
    ck_assert_uint_eq(gnttab_maptrack_in_use(d2), 3);

    ck_assert_int_eq(unmap(b.handle), GNTST_okay);          /* writer gone */
    ck_assert_uint_eq(t[9].flags, GTF_permit_access | GTF_reading);
    ck_assert_uint_eq(tcount_of(d1_data[1]), 0);
    ck_assert_int_eq(unmap(c.handle), GNTST_okay);
    ck_assert_uint_eq(t[9].flags, GTF_permit_access);
    ck_assert_int_eq(unmap(a.handle), GNTST_okay);
    ck_assert_uint_eq(t[8].flags, GTF_permit_access | GTF_readonly);
    ck_assert_uint_eq(count_of(d1_data[0]), c0);
    ck_assert_uint_eq(count_of(d1_data[1]), c1);
    ck_assert_uint_eq(gnttab_maptrack_in_use(d2), 0);
    ck_assert_int_eq(unmap(a.handle), GNTST_bad_handle);
    ck_assert_int_eq(unmap(GNTTAB_MAPTRACK_MAX), GNTST_bad_handle);
}
END_TEST

START_TEST(test_map_hostile)
{
    struct grant_entry_v1 *t = setup_table(d1);
    grant(&t[8], 2, d1_data[0], GTF_permit_access | GTF_readonly);
    grant(&t[9], 3, d1_data[1], GTF_permit_access);

    ck_assert_int_eq(map(1, 8, GNTMAP_device_map).status, GNTST_permission_denied);
    ck_assert_uint_eq(t[8].flags, GTF_permit_access | GTF_readonly);
    ck_assert_int_eq(map(1, 9, GNTMAP_device_map).status, GNTST_permission_denied);
    ck_assert_int_eq(map(1, 20, GNTMAP_device_map).status, GNTST_permission_denied);
    ck_assert_int_eq(map(1, 600, GNTMAP_device_map).status, GNTST_bad_gntref);
    ck_assert_int_eq(map(99, 8, GNTMAP_device_map).status, GNTST_bad_domain);
    ck_assert_int_eq(map(1, 8, GNTMAP_readonly).status, GNTST_bad_gntref);  /* no map type */
    ck_assert_int_eq(map(1, 8, GNTMAP_host_map | GNTMAP_readonly).status,
                     GNTST_general_error);                   /* not implemented */

    /* Mapping holds the frame: it is not the granter's to free while mapped. */
    struct gnttab_map_grant_ref m = map(1, 8, GNTMAP_device_map | GNTMAP_readonly);
    ck_assert_int_eq(m.status, GNTST_okay);
    ck_assert_uint_gt(count_of(d1_data[0]), 1);              /* above the allocation ref */
    /* A granter that rewrites the entry in use cannot move the grantee elsewhere. */
    t[8].frame = (uint32_t)d1_data[1];
    struct gnttab_map_grant_ref m2 = map(1, 8, GNTMAP_device_map | GNTMAP_readonly);
    ck_assert_uint_eq(m2.dev_bus_addr, (uint64_t)d1_data[0] << PAGE_SHIFT);
    ck_assert_int_eq(unmap(m2.handle), GNTST_okay);

    struct gnttab_unmap_grant_ref u = { .handle = m.handle, .dev_bus_addr = (uint64_t)(NR_FRAMES + 5) << PAGE_SHIFT };
    ck_assert_int_eq(op(GNTTABOP_unmap_grant_ref, &u, sizeof(u)), 0);
    ck_assert_int_eq(u.status, GNTST_bad_dev_addr);
    ck_assert_int_eq(unmap(m.handle), GNTST_okay);
    ck_assert_uint_eq(count_of(d1_data[0]), 1);
}
END_TEST

START_TEST(test_maptrack_full)
{
    struct grant_entry_v1 *t = setup_table(d1);
    grant(&t[8], 2, d1_data[0], GTF_permit_access | GTF_readonly);
    for (unsigned int i = 0; i < GNTTAB_MAPTRACK_MAX; i++)
        ck_assert_int_eq(map(1, 8, GNTMAP_device_map | GNTMAP_readonly).status, GNTST_okay);
    ck_assert_int_eq(map(1, 8, GNTMAP_device_map | GNTMAP_readonly).status, GNTST_no_space);
    ck_assert_uint_eq(count_of(d1_data[0]), 1 + GNTTAB_MAPTRACK_MAX);
    for (unsigned int i = 0; i < GNTTAB_MAPTRACK_MAX; i++)
        ck_assert_int_eq(unmap(i), GNTST_okay);
    ck_assert_uint_eq(count_of(d1_data[0]), 1);
    ck_assert_uint_eq(t[8].flags, GTF_permit_access | GTF_readonly);
}
END_TEST

START_TEST(test_dying_mapper_releases)
{
    struct grant_entry_v1 *t = setup_table(d1);
    grant(&t[9], 2, d1_data[1], GTF_permit_access);
    ck_assert_int_eq(map(1, 9, GNTMAP_device_map).status, GNTST_okay);
    ck_assert_int_eq(map(1, 9, GNTMAP_device_map | GNTMAP_readonly).status, GNTST_okay);
    grant_table_destroy(d2);
    ck_assert_uint_eq(count_of(d1_data[1]), 1);
    ck_assert_uint_eq(tcount_of(d1_data[1]), 0);
    ck_assert_uint_eq(t[9].flags, GTF_permit_access);
    ck_assert_int_eq(grant_table_init(d2), 0);      /* for the teardown */
}
END_TEST

START_TEST(test_dying_granter_revokes)
{
    struct grant_entry_v1 *t = setup_table(d1);
    grant(&t[8], 2, d1_data[0], GTF_permit_access | GTF_readonly);
    struct gnttab_map_grant_ref m = map(1, 8, GNTMAP_device_map | GNTMAP_readonly);
    ck_assert_int_eq(m.status, GNTST_okay);
    unsigned long table_mfn = gnttab_frame_mfn(d1, 0);
    unsigned long free_now = avail_heap_pages();

    grant_table_destroy(d1);
    ck_assert_uint_eq(count_of(d1_data[0]), 1);
    ck_assert_uint_eq(gnttab_maptrack_in_use(d2), 0);
    ck_assert_uint_eq(avail_heap_pages(), free_now + 1);     /* the table frame */
    ck_assert_ptr_null(ft[table_mfn].owner);
    ck_assert_int_eq(unmap(m.handle), GNTST_bad_handle);
    ck_assert_int_eq(copy_from_grant(1, 8, 0, 8), GNTST_bad_domain);
    ck_assert_int_eq(grant_table_init(d1), 0);      /* for the teardown */
}
END_TEST

START_TEST(test_hypercall_errors)
{
    setup_table(d1);
    ck_assert_int_eq(do_grant_table_op(GNTTABOP_copy, GUEST_UNMAPPED, 1), -EFAULT);
    ck_assert_int_eq(do_grant_table_op(GNTTABOP_copy, GUEST_HOLE_PAGE, 1), -EFAULT);
    ck_assert_int_eq(do_grant_table_op(GNTTABOP_map_grant_ref, GUEST_RO_PAGE, 1), -EFAULT);
    ck_assert_int_eq(do_grant_table_op(GNTTABOP_copy, OP_VA, GNTTAB_MAX_OPS + 1), -EINVAL);
    ck_assert_int_eq(do_grant_table_op(GNTTABOP_transfer, OP_VA, 1), -ENOSYS);
    ck_assert_int_eq(do_grant_table_op(GNTTABOP_set_version, OP_VA, 1), -ENOSYS);
    ck_assert_int_eq(do_grant_table_op(GNTTABOP_copy, OP_VA, 0), 0);
    ck_assert(guest_hole_intact());
}
END_TEST

START_TEST(test_batch)
{
    struct grant_entry_v1 *t = setup_table(d1);
    grant(&t[8], 2, d1_data[0], GTF_permit_access | GTF_readonly);
    struct gnttab_copy c[3] = {
        { .source = { .u.ref = 8, .domid = 1 }, .dest = { .u.gmfn = d2_data, .domid = DOMID_SELF },
          .len = 8, .flags = GNTCOPY_source_gref },
        { .source = { .u.ref = 9, .domid = 1 }, .dest = { .u.gmfn = d2_data, .domid = DOMID_SELF },
          .len = 8, .flags = GNTCOPY_source_gref },
        { .source = { .u.ref = 8, .domid = 1, .offset = 8 },
          .dest = { .u.gmfn = d2_data, .domid = DOMID_SELF, .offset = 8 },
          .len = 8, .flags = GNTCOPY_source_gref },
    };
    memcpy(guest_ptr(OP_VA), c, sizeof(c));
    ck_assert_int_eq(do_grant_table_op(GNTTABOP_copy, OP_VA, 3), 0);
    memcpy(c, guest_ptr(OP_VA), sizeof(c));
    ck_assert_int_eq(c[0].status, GNTST_okay);
    ck_assert_int_eq(c[1].status, GNTST_permission_denied);
    ck_assert_int_eq(c[2].status, GNTST_okay);
    ck_assert_mem_eq(mem + d2_data * PAGE_SIZE, mem + d1_data[0] * PAGE_SIZE, 16);
}
END_TEST

Suite *grant_table_suite(void)
{
    Suite *s = suite_create("grant_table");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_setup_and_query);
    tcase_add_test(tc, test_copy_both_ways);
    tcase_add_test(tc, test_copy_hostile);
    tcase_add_test(tc, test_copy_into_page_table_refused);
    tcase_add_test(tc, test_map_unmap_counts);
    tcase_add_test(tc, test_map_hostile);
    tcase_add_test(tc, test_maptrack_full);
    tcase_add_test(tc, test_dying_mapper_releases);
    tcase_add_test(tc, test_dying_granter_revokes);
    tcase_add_test(tc, test_hypercall_errors);
    tcase_add_test(tc, test_batch);
    suite_add_tcase(s, tc);
    return s;
}
