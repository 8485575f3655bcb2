/*
 * mm/grant_table.c - grant tables, version 1 (Xen's xen/common/grant_table.c).
 *
 * A grant lets one domain (the granter) share one of its frames with another
 * (the grantee) without giving it away. The granter writes an entry
 *     { flags = GTF_permit_access [| GTF_readonly], domid = grantee, frame = MFN }
 * into its grant table, a few frames it owns and maps (GNTTABOP_setup_table
 * tells it their MFNs), and sends the entry's index, the grant reference, to the
 * grantee by some channel of their own. The grantee then asks the hypervisor to
 * use (granter, ref):
 *  - GNTTABOP_copy copies bytes between a granted frame and a frame of its own
 *    (or between two granted frames), in either direction;
 *  - GNTTABOP_map_grant_ref pins the granted frame for the grantee and returns a
 *    handle, which GNTTABOP_unmap_grant_ref gives back.
 * Whatever the grantee does, the hypervisor re-reads the entry first: the domid
 * must be the grantee's, the type GTF_permit_access, and a write needs an entry
 * without GTF_readonly. While a grant is in use the hypervisor sets GTF_reading
 * (and GTF_writing for a writable use) in the entry, with a compare-and-swap
 * because the granter may be changing the entry at the same moment; a granter
 * may only reuse an entry once both bits are clear again.
 *
 * Bookkeeping, in Xen's terms:
 *  - the active entries (struct active_grant_entry, one per grant reference of
 *    the granter): how many read and write pins the entry has, the grantee, and
 *    the frame read from the entry at the first pin. Later pins use that frame,
 *    so a granter that rewrites an entry in use cannot move the grantee elsewhere;
 *  - the maptrack table of the grantee: one record per mapping, indexed by the
 *    handle it returned.
 * Every pin holds a general reference on the frame (get_page, owner = granter),
 * and a writable pin also a PGT_writable_page type reference, so the frame can be
 * neither freed nor turned into a page table while it is in use. The frame stays
 * the granter's.
 *
 * Statuses: each op gets its own GNTST_* in its `status`; the hypercall returns 0,
 * or -EFAULT if an op cannot be read or written back, -ENOSYS for a command Hestia
 * does not implement, -EINVAL for more than GNTTAB_MAX_OPS ops (Xen preempts long
 * batches with a continuation instead).
 *
 * Where Hestia departs from Xen (to keep it small):
 *  - GNTMAP_host_map is not implemented (GNTST_general_error): it needs an L1
 *    entry of the grantee pointing at a frame of another domain, which the PV
 *    page-table code (mm/pv_pagetable.c) refuses. GNTMAP_device_map works as on a
 *    Xen PV domain without an IOMMU: it pins the frame and returns its machine
 *    address in dev_bus_addr. So a grantee reaches a granted frame's bytes only
 *    through GNTTABOP_copy for now.
 *  - The table frames are hypervisor pages shared with the guest, as on Xen
 *    (share_xen_page_with_guest): owned by the domain, not counted in its
 *    tot_pages/max_pages and not on its page_list. They are allocated by
 *    setup_table (up to GNTTAB_MAX_FRAMES, Xen's default is 64) and freed by
 *    grant_table_destroy.
 *  - When a granter dies while another domain still has its frame mapped, Xen
 *    keeps the frame (and the dead domain's structure) until the mapper unmaps.
 *    Hestia has no host mappings, so nothing can still touch the frame: it revokes
 *    the mapper's maptrack records instead (a later unmap gets
 *    GNTST_bad_handle).
 *  - One global lock serialises every grant operation (Xen locks per table and
 *    per active entry). The caller of do_grant_table_op holds nothing.
 *  - Version 2 entries, transfer, dump_table, unmap_and_replace, the v2 commands,
 *    cache_flush: -ENOSYS.
 */
#include <hestia/arch.h>
#include <hestia/domain.h>
#include <hestia/errno.h>
#include <hestia/grant_table.h>
#include <hestia/guest_access.h>
#include <hestia/lib.h>
#include <hestia/mm.h>
#include <hestia/printk.h>
#include <hestia/pv_pagetable.h>
#include <hestia/spinlock.h>
#include <hestia/xmalloc.h>

#ifdef HESTIA_HOST_TEST
/*
 * The host unit tests give table and data frames memory of their own
 * (tests/unit/test_grant_table.c), apart from the fake frames of other tests.
 */
void *gnttab_test_map_frame(unsigned long mfn);
void gnttab_test_unmap_frame(const void *va);
#define map_domain_page   gnttab_test_map_frame
#define unmap_domain_page gnttab_test_unmap_frame
#endif

struct active_grant_entry {
    uint32_t rd_pins;           /* read-only uses (maps and copies) */
    uint32_t wr_pins;           /* writable uses */
    domid_t domid;              /* the grantee, while pinned */
    unsigned long mfn;          /* the frame, read from the entry at the first pin */
};

struct grant_mapping {
    bool in_use;
    bool readonly;
    domid_t dom;                /* the granter */
    grant_ref_t ref;
    unsigned long mfn;
};

struct grant_table {
    unsigned int nr_frames;
    struct page_info *frames[GNTTAB_MAX_FRAMES];
    struct active_grant_entry *active[GNTTAB_MAX_FRAMES];   /* 512 per frame */
    struct grant_mapping maptrack[GNTTAB_MAPTRACK_MAX];
};

static DEFINE_SPINLOCK(gnttab_lock);

/* ---- the table ---------------------------------------------------------------- */

int grant_table_init(struct domain *d)
{
    d->grant_table = xzalloc(struct grant_table);
    return d->grant_table ? 0 : -ENOMEM;
}

/* Grow d's table to nr frames of zeroed entries; false when out of memory. */
static bool gnttab_grow(struct domain *d, unsigned int nr)
{
    struct grant_table *gt = d->grant_table;

    while (gt->nr_frames < nr) {
        unsigned int i = gt->nr_frames;
        struct active_grant_entry *act =
            xzalloc_array(struct active_grant_entry, GNTTAB_ENTRIES_PER_FRAME);
        struct page_info *pg = act ? alloc_heap_pages(0) : NULL;
        if (!pg) {
            xfree(act);
            return false;
        }
        pg->owner = d;                  /* shared with the guest, as Xen's */
        pg->count_info = 1;             /* the table's own reference */
        pg->u.inuse.type_info = 0;
        void *va = map_domain_page(page_to_mfn(pg));
        memset(va, 0, PAGE_SIZE);
        unmap_domain_page(va);
        gt->frames[i] = pg;
        gt->active[i] = act;
        gt->nr_frames = i + 1;
    }
    return true;
}

static unsigned int nr_entries(const struct grant_table *gt)
{
    return gt->nr_frames * GNTTAB_ENTRIES_PER_FRAME;
}

static struct grant_entry_v1 *map_entry(struct grant_table *gt, grant_ref_t ref);
static void unmap_entry(struct grant_entry_v1 *e);

/*
 * The builder's grants (Xen's xc_dom_gnttab_seed): entry ref of d's table grants
 * frame mfn to `grantee`, writable. Used for the reserved references
 * GNTTAB_RESERVED_CONSOLE and GNTTAB_RESERVED_XENSTORE before d first runs.
 */
int gnttab_seed_entry(struct domain *d, grant_ref_t ref, domid_t grantee,
                      unsigned long mfn)
{
    spin_lock(&gnttab_lock);
    bool ok = gnttab_grow(d, ref / GNTTAB_ENTRIES_PER_FRAME + 1);
    if (ok) {
        struct grant_entry_v1 *e = map_entry(d->grant_table, ref);
        e->domid = grantee;
        e->frame = (uint32_t)mfn;
        e->flags = GTF_permit_access;
        unmap_entry(e);
    }
    spin_unlock(&gnttab_lock);
    return ok ? 0 : -ENOMEM;
}

static struct active_grant_entry *active_entry(struct grant_table *gt, grant_ref_t ref)
{
    return &gt->active[ref / GNTTAB_ENTRIES_PER_FRAME][ref % GNTTAB_ENTRIES_PER_FRAME];
}

/* Map the frame holding entry ref; the caller unmaps (the entry's page). */
static struct grant_entry_v1 *map_entry(struct grant_table *gt, grant_ref_t ref)
{
    struct grant_entry_v1 *e =
        map_domain_page(page_to_mfn(gt->frames[ref / GNTTAB_ENTRIES_PER_FRAME]));
    return e + ref % GNTTAB_ENTRIES_PER_FRAME;
}

static void unmap_entry(struct grant_entry_v1 *e)
{
    unmap_domain_page((const void *)((unsigned long)e & ~(PAGE_SIZE - 1)));
}

/* ---- frames --------------------------------------------------------------------- */

/*
 * Take what a use of frame mfn of domain `owner` needs: a general reference, and
 * a writable type reference when `write`. GNTST_okay or GNTST_bad_page (not
 * owner's frame, or in use as a page table / descriptor table).
 */
static int16_t get_frame(unsigned long mfn, const struct domain *owner, bool write)
{
    if (mfn >= max_page)
        return GNTST_bad_page;
    if (write)
        return get_page_and_type(mfn, owner, PGT_writable_page) ? GNTST_bad_page
                                                                : GNTST_okay;
    return get_page(mfn_to_page(mfn), owner) ? GNTST_okay : GNTST_bad_page;
}

static void put_frame(unsigned long mfn, bool write)
{
    if (write)
        put_page_and_type(mfn_to_page(mfn));
    else
        put_page(mfn_to_page(mfn));
}

/* ---- pins ------------------------------------------------------------------------ */

/*
 * Xen's _set_status_v1: check that entry e lets domain `ld` use it (read-only if
 * `readonly`) and set GTF_reading (and GTF_writing) in it. flags and domid are
 * read and updated together as one 32-bit word with compare-and-swap, so the
 * check and the update see the same entry even while the granter writes it.
 */
static int16_t set_status(struct grant_entry_v1 *e, domid_t ld, bool readonly)
{
    uint32_t *word = (uint32_t *)e;     /* flags (low half), domid (high half) */

    for (unsigned int tries = 0; tries < 4; tries++) {
        uint32_t old = __atomic_load_n(word, __ATOMIC_ACQUIRE);
        uint16_t flags = (uint16_t)old;
        domid_t domid = (domid_t)(old >> 16);

        if ((flags & GTF_type_mask) != GTF_permit_access || domid != ld)
            return GNTST_permission_denied;
        if (!readonly && (flags & GTF_readonly))
            return GNTST_permission_denied;
        uint32_t new = old | GTF_reading | (readonly ? 0 : GTF_writing);
        if (__atomic_compare_exchange_n(word, &old, new, false,
                                        __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
            return GNTST_okay;
    }
    return GNTST_general_error;         /* the granter keeps changing it (as Xen) */
}

/*
 * Pin rd's grant `ref` for a use by ld, writable unless `readonly`: check the
 * entry, update its status bits, take the frame's references. On success *mfn is
 * the granted frame.
 */
static int16_t acquire_grant(struct domain *rd, struct domain *ld, grant_ref_t ref,
                             bool readonly, unsigned long *mfn)
{
    struct grant_table *gt = rd->grant_table;

    if (ref >= nr_entries(gt))
        return GNTST_bad_gntref;

    struct active_grant_entry *act = active_entry(gt, ref);
    struct grant_entry_v1 *e = map_entry(gt, ref);
    bool first = act->rd_pins + act->wr_pins == 0;
    int16_t rc = GNTST_okay;

    if (!first && act->domid != ld->domain_id)
        rc = GNTST_permission_denied;
    if (rc == GNTST_okay)
        rc = set_status(e, ld->domain_id, readonly);
    if (rc == GNTST_okay) {
        unsigned long frame = first ? e->frame : act->mfn;
        rc = get_frame(frame, rd, !readonly);
        if (rc == GNTST_okay) {
            act->domid = ld->domain_id;
            act->mfn = frame;
            if (readonly)
                act->rd_pins++;
            else
                act->wr_pins++;
            *mfn = frame;
        } else if (first) {
            /* Nothing else uses the entry: take back the status bits we set. */
            __atomic_fetch_and(&e->flags, (uint16_t)~(GTF_reading | GTF_writing),
                               __ATOMIC_RELEASE);
        } else if (!readonly && act->wr_pins == 0) {
            __atomic_fetch_and(&e->flags, (uint16_t)~GTF_writing, __ATOMIC_RELEASE);
        }
    }
    unmap_entry(e);
    return rc;
}

/* Undo one acquire_grant(): drop the references, clear bits nobody needs now. */
static void release_grant(struct domain *rd, grant_ref_t ref, bool readonly)
{
    struct grant_table *gt = rd->grant_table;
    struct active_grant_entry *act = active_entry(gt, ref);

    put_frame(act->mfn, !readonly);
    if (readonly)
        act->rd_pins--;
    else
        act->wr_pins--;

    uint16_t clear = 0;
    if (act->wr_pins == 0)
        clear |= GTF_writing;
    if (act->rd_pins + act->wr_pins == 0)
        clear |= GTF_reading;
    struct grant_entry_v1 *e = map_entry(gt, ref);
    __atomic_fetch_and(&e->flags, (uint16_t)~clear, __ATOMIC_RELEASE);
    unmap_entry(e);
}

/* The domain an op names: DOMID_SELF is the caller. NULL if none (or no table). */
static struct domain *gnttab_domain(struct domain *ld, domid_t dom)
{
    struct domain *d = dom == DOMID_SELF ? ld : domain_by_id(dom);
    if (!d || !d->grant_table || d->state == DOMSTATE_dying)
        return NULL;
    return d;
}

/* ---- the ops --------------------------------------------------------------------- */

static int16_t map_grant_ref(struct domain *ld, struct gnttab_map_grant_ref *op)
{
    struct grant_table *lgt = ld->grant_table;
    bool readonly = op->flags & GNTMAP_readonly;

    op->handle = 0;
    if (!(op->flags & (GNTMAP_device_map | GNTMAP_host_map)))
        return GNTST_bad_gntref;        /* as Xen: "bad flags" */
    if (op->flags & GNTMAP_host_map)
        return GNTST_general_error;     /* not implemented (see the top) */

    struct domain *rd = gnttab_domain(ld, op->dom);
    if (!rd)
        return GNTST_bad_domain;

    unsigned int h;
    for (h = 0; h < GNTTAB_MAPTRACK_MAX && lgt->maptrack[h].in_use; h++)
        ;
    if (h == GNTTAB_MAPTRACK_MAX)
        return GNTST_no_space;

    unsigned long mfn;
    int16_t rc = acquire_grant(rd, ld, op->ref, readonly, &mfn);
    if (rc == GNTST_bad_page)
        rc = GNTST_general_error;       /* Xen: "could not pin the grant frame" */
    if (rc != GNTST_okay)
        return rc;

    lgt->maptrack[h] = (struct grant_mapping){
        .in_use = true, .readonly = readonly, .dom = rd->domain_id,
        .ref = op->ref, .mfn = mfn,
    };
    op->handle = h;
    op->dev_bus_addr = (uint64_t)mfn << PAGE_SHIFT;
    return GNTST_okay;
}

static int16_t unmap_grant_ref(struct domain *ld, struct gnttab_unmap_grant_ref *op)
{
    struct grant_table *lgt = ld->grant_table;

    if (op->handle >= GNTTAB_MAPTRACK_MAX || !lgt->maptrack[op->handle].in_use)
        return GNTST_bad_handle;
    struct grant_mapping *m = &lgt->maptrack[op->handle];
    if (op->dev_bus_addr && op->dev_bus_addr != (uint64_t)m->mfn << PAGE_SHIFT)
        return GNTST_bad_dev_addr;

    /* The granter is alive: a dying one revokes our record (grant_table_destroy). */
    struct domain *rd = domain_by_id(m->dom);
    if (rd && rd->grant_table)
        release_grant(rd, m->ref, m->readonly);
    m->in_use = false;
    return GNTST_okay;
}

static int16_t setup_table(struct domain *ld, struct gnttab_setup_table *op)
{
    if (op->dom != DOMID_SELF && op->dom != ld->domain_id && !ld->is_privileged)
        return GNTST_permission_denied;
    struct domain *d = gnttab_domain(ld, op->dom);
    if (!d)
        return GNTST_bad_domain;
    if (op->nr_frames > GNTTAB_MAX_FRAMES)
        return GNTST_general_error;
    if (!gnttab_grow(d, op->nr_frames))
        return GNTST_general_error;

    unsigned long list = (unsigned long)op->frame_list.p;
    for (unsigned int i = 0; i < op->nr_frames; i++) {
        xen_ulong_t mfn = page_to_mfn(d->grant_table->frames[i]);
        if (copy_to_guest(list + i * sizeof(mfn), &mfn, sizeof(mfn)))
            return GNTST_bad_virt_addr;
    }
    return GNTST_okay;
}

static int16_t query_size(struct domain *ld, struct gnttab_query_size *op)
{
    if (op->dom != DOMID_SELF && op->dom != ld->domain_id && !ld->is_privileged)
        return GNTST_permission_denied;
    struct domain *d = gnttab_domain(ld, op->dom);
    if (!d)
        return GNTST_bad_domain;
    op->nr_frames = d->grant_table->nr_frames;
    op->max_nr_frames = GNTTAB_MAX_FRAMES;
    return GNTST_okay;
}

/* One side of a copy, once its frame is held. */
struct copy_buf {
    struct domain *rd;          /* the granter, when by grant reference */
    grant_ref_t ref;
    unsigned long mfn;
    bool write;
};

/* Resolve and hold one side of a copy (the destination when `write`). */
static int16_t copy_claim(struct domain *ld, const struct gnttab_copy_ptr *p,
                          bool is_gref, bool write, struct copy_buf *buf)
{
    buf->write = write;
    buf->rd = NULL;
    if (!is_gref) {
        /* By frame: only the caller's own (Xen: "only DOMID_SELF"). */
        if (p->domid != DOMID_SELF)
            return GNTST_permission_denied;
        buf->mfn = p->u.gmfn;
        return get_frame(buf->mfn, ld, write);
    }
    struct domain *rd = gnttab_domain(ld, p->domid);
    if (!rd)
        return GNTST_bad_domain;
    int16_t rc = acquire_grant(rd, ld, p->u.ref, !write, &buf->mfn);
    if (rc == GNTST_okay) {
        buf->rd = rd;
        buf->ref = p->u.ref;
    }
    return rc;
}

static void copy_release(struct copy_buf *buf)
{
    if (buf->rd)
        release_grant(buf->rd, buf->ref, !buf->write);
    else
        put_frame(buf->mfn, buf->write);
}

static int16_t gnttab_copy(struct domain *ld, struct gnttab_copy *op)
{
    if (op->source.offset + op->len > PAGE_SIZE || op->dest.offset + op->len > PAGE_SIZE)
        return GNTST_bad_copy_arg;

    struct copy_buf src, dst;
    int16_t rc = copy_claim(ld, &op->source, op->flags & GNTCOPY_source_gref, false, &src);
    if (rc != GNTST_okay)
        return rc;
    rc = copy_claim(ld, &op->dest, op->flags & GNTCOPY_dest_gref, true, &dst);
    if (rc != GNTST_okay) {
        copy_release(&src);
        return rc;
    }

    const uint8_t *s = map_domain_page(src.mfn);
    uint8_t *d = map_domain_page(dst.mfn);
    memmove(d + op->dest.offset, s + op->source.offset, op->len);
    unmap_domain_page(d);
    unmap_domain_page(s);

    copy_release(&dst);
    copy_release(&src);
    return GNTST_okay;
}

/* ---- the hypercall ----------------------------------------------------------------- */

union gnttab_op {
    struct gnttab_map_grant_ref map;
    struct gnttab_unmap_grant_ref unmap;
    struct gnttab_setup_table setup;
    struct gnttab_copy copy;
    struct gnttab_query_size query;
};

/* Run `count` ops of `size` bytes from uop through one(); write each back. */
static long gnttab_batch(struct domain *ld, unsigned long uop, unsigned long count,
                         size_t size, int16_t (*one)(struct domain *, union gnttab_op *),
                         size_t status_offset)
{
    union gnttab_op op;

    for (unsigned long i = 0; i < count; i++) {
        unsigned long addr = uop + i * size;
        if (copy_from_guest(&op, addr, size))
            return -EFAULT;
        spin_lock(&gnttab_lock);
        int16_t status = one(ld, &op);
        spin_unlock(&gnttab_lock);
        memcpy((uint8_t *)&op + status_offset, &status, sizeof(status));
        if (copy_to_guest(addr, &op, size))
            return -EFAULT;
    }
    return 0;
}

/* Adapters from the union to each op (keeps the ops' own types readable). */
static int16_t op_map(struct domain *ld, union gnttab_op *op)   { return map_grant_ref(ld, &op->map); }
static int16_t op_unmap(struct domain *ld, union gnttab_op *op) { return unmap_grant_ref(ld, &op->unmap); }
static int16_t op_setup(struct domain *ld, union gnttab_op *op) { return setup_table(ld, &op->setup); }
static int16_t op_copy(struct domain *ld, union gnttab_op *op)  { return gnttab_copy(ld, &op->copy); }
static int16_t op_query(struct domain *ld, union gnttab_op *op) { return query_size(ld, &op->query); }

#define BATCH(type, fn) \
    gnttab_batch(ld, uop, count, sizeof(type), fn, __builtin_offsetof(type, status))

long do_grant_table_op(unsigned long cmd, unsigned long uop, unsigned long count)
{
    struct domain *ld = current->domain;

    if (!ld->grant_table)
        return -ENOSYS;
    if (count > GNTTAB_MAX_OPS)
        return -EINVAL;
    switch (cmd) {
    case GNTTABOP_map_grant_ref:   return BATCH(struct gnttab_map_grant_ref, op_map);
    case GNTTABOP_unmap_grant_ref: return BATCH(struct gnttab_unmap_grant_ref, op_unmap);
    case GNTTABOP_setup_table:     return BATCH(struct gnttab_setup_table, op_setup);
    case GNTTABOP_copy:            return BATCH(struct gnttab_copy, op_copy);
    case GNTTABOP_query_size:      return BATCH(struct gnttab_query_size, op_query);
    default:                       return -ENOSYS;
    }
}

/* ---- teardown ------------------------------------------------------------------------ */

/* Drop every record of mt that names granter `only` (all of them if NULL). */
static void release_maptrack(struct grant_table *mt, const struct domain *only)
{
    for (unsigned int h = 0; h < GNTTAB_MAPTRACK_MAX; h++) {
        struct grant_mapping *m = &mt->maptrack[h];
        if (!m->in_use || (only && m->dom != only->domain_id))
            continue;
        struct domain *rd = domain_by_id(m->dom);
        if (rd && rd->grant_table)
            release_grant(rd, m->ref, m->readonly);
        m->in_use = false;
    }
}

void grant_table_destroy(struct domain *d)
{
    struct grant_table *gt = d->grant_table;
    struct domain *o;

    if (!gt)
        return;
    spin_lock(&gnttab_lock);
    release_maptrack(gt, NULL);                 /* d as a grantee */
    for_each_domain(o)                          /* d as a granter */
        if (o != d && o->grant_table)
            release_maptrack(o->grant_table, d);

    for (unsigned int i = 0; i < gt->nr_frames; i++) {
        struct page_info *pg = gt->frames[i];
        if (pg->u.inuse.type_info & PGT_pinned)     /* a guest that pinned its table */
            pv_unpin_table(d, page_to_mfn(pg));
        if ((pg->count_info & PGC_count_mask) != 1 || (pg->u.inuse.type_info & PGT_count_mask)) {
            printk(XENLOG_WARNING "d%u: grant frame %lx still referenced: leaked\n",
                   d->domain_id, page_to_mfn(pg));
        } else {
            pg->owner = NULL;
            pg->count_info = 0;
            pg->u.inuse.type_info = 0;
            free_heap_pages(pg, 0);
        }
        xfree(gt->active[i]);
    }
    d->grant_table = NULL;
    spin_unlock(&gnttab_lock);
    xfree(gt);
}

/* ---- for tests -------------------------------------------------------------------------- */

unsigned long gnttab_frame_mfn(const struct domain *d, unsigned int i)
{
    if (!d->grant_table || i >= d->grant_table->nr_frames)
        return 0;
    return page_to_mfn(d->grant_table->frames[i]);
}

unsigned int gnttab_maptrack_in_use(const struct domain *d)
{
    unsigned int n = 0;
    for (unsigned int h = 0; d->grant_table && h < GNTTAB_MAPTRACK_MAX; h++)
        n += d->grant_table->maptrack[h].in_use;
    return n;
}
