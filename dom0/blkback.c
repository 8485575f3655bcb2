/*
 * dom0/blkback.c - the block backend: a RAM disk served over a blkif ring
 * (include/public/io/blkif.h), found through the store page (io/store.h).
 *
 * The disk. A config's `disk = [ "NAME" ]` names a boot module; attaching copies
 * it into frames of dom0's own memory that dom0 never maps (each guest gets a
 * private copy: writes reach neither the module nor other guests). Data then moves
 * between those frames and the guest's granted pages by GNTTABOP_copy, so a
 * request never passes through dom0's address space.
 *
 * The ring. dom0 does not map the guest's ring page either: it copies the few
 * bytes it needs, in the order ring.h's macros would touch them:
 *   read req_prod; copy each request out; answer it into a response slot;
 *   publish rsp_prod; read rsp_event and notify only if the guest asked
 *   (RING_PUSH_RESPONSES_AND_CHECK_NOTIFY); set req_event = req_cons + 1 and look
 *   at req_prod again (RING_FINAL_CHECK_FOR_REQUESTS), so a request queued in
 *   between is never left waiting.
 * Everything read from the ring is the guest's and is checked: a producer more
 * than a ring ahead disconnects the device; a request with a bad operation,
 * segment count, sector range or grant gets BLKIF_RSP_ERROR, and dom0 goes on.
 */
#include <pvguest/gnttab.h>
#include <pvguest/mm.h>
#include "dom0.h"

#include <public/io/blkif.h>
#include <public/io/store.h>

#define RING_SLOTS      __CONST_RING_SIZE(blkif, PAGE_SIZE)
#define SLOT_OFFSET(i)  (offsetof(struct blkif_sring, ring) + \
                         ((i) % RING_SLOTS) * sizeof(union blkif_sring_entry))
#define MAX_DISK_PAGES  8192            /* 32 MiB of disks at once */
#define SECTORS_PER_PAGE (PAGE_SIZE / BLKIF_SECTOR_SIZE)

struct blkback {
    uint64_t sectors;
    unsigned long *mfns;                /* the disk's frames, in order */
    unsigned int nr_pages;
    bool readonly, connected;
    grant_ref_t ring_ref;
    evtchn_port_t port;                 /* our end of the ring's channel */
    RING_IDX req_cons, rsp_prod_pvt;
    unsigned long requests, errors;
};

static struct blkback backs[MAX_GUESTS];
static unsigned long disk_frames[MAX_DISK_PAGES];   /* slices handed to backs[] */
static unsigned int disk_frames_used;
static unsigned long spare[MAX_DISK_PAGES];         /* frames of detached disks */
static unsigned int nr_spare;

static unsigned long get_frame(void)
{
    if (nr_spare)
        return spare[--nr_spare];
    unsigned long pfn = alloc_pfn();
    return pfn == ~0UL ? 0 : pfn_to_mfn(pfn);
}

/* ---- the store page ---------------------------------------------------------------- */

static long store_write(struct guest *g, size_t offset, const void *v, unsigned int len)
{
    return gnttab_write(g->domid, GNTTAB_RESERVED_XENSTORE, (unsigned int)offset, v, len);
}

#define VBD_FIELD(f) (offsetof(struct hestia_store, vbd) + offsetof(struct hestia_store_vbd, f))

void blkback_store_init(struct guest *g)
{
    struct hestia_store st = { .magic = HESTIA_STORE_MAGIC, .nr_vbds = 0 };
    store_write(g, 0, &st, sizeof(st));
}

static long publish_vbd(struct guest *g, const struct dom_config *cfg)
{
    struct hestia_store st = { .magic = HESTIA_STORE_MAGIC, .nr_vbds = 1 };
    struct hestia_store_vbd *v = &st.vbd[0];

    v->backend_state = XenbusStateInitWait;
    v->sectors = g->blk->sectors;
    v->sector_size = BLKIF_SECTOR_SIZE;
    v->backend_id = 0;
    v->info = g->blk->readonly ? VDISK_READONLY : 0;
    strlcpy(v->vdev, cfg->disk_vdev, sizeof(v->vdev));
    return store_write(g, 0, &st, sizeof(st));
}

/* ---- attaching a RAM disk ----------------------------------------------------------- */

static long load_disk(struct blkback *b, long module, uint64_t size)
{
    static uint8_t bounce[PAGE_SIZE];

    b->nr_pages = (unsigned int)((size + PAGE_SIZE - 1) / PAGE_SIZE);
    if (disk_frames_used + b->nr_pages > MAX_DISK_PAGES && !b->mfns)
        return -XEN_ENOSPC;
    if (!b->mfns) {                     /* a slice of the table, kept for reuse */
        b->mfns = &disk_frames[disk_frames_used];
        disk_frames_used += b->nr_pages;
    }
    for (unsigned int i = 0; i < b->nr_pages; i++) {
        long got = module_read((unsigned int)module, (uint64_t)i * PAGE_SIZE, bounce,
                               PAGE_SIZE);
        if (got < 0 || !(b->mfns[i] = get_frame()))
            return got < 0 ? got : -XEN_ENOMEM;
        long rc = frame_fill(b->mfns[i], bounce, (size_t)got);
        if (rc)
            return rc;
    }
    return 0;
}

long blkback_attach(struct guest *g, const struct dom_config *cfg)
{
    struct blkback *b = &backs[g - guests];
    uint64_t size;
    long module = module_find(cfg->disk, &size);

    if (module < 0) {
        printk("create: disk: no boot module named '%s'\n", cfg->disk);
        return module;
    }
    if (size == 0 || size % BLKIF_SECTOR_SIZE || size > (uint64_t)MAX_DISK_PAGES * PAGE_SIZE) {
        printk("create: disk '%s': %lu bytes is not a whole number of 512-byte sectors "
               "(at most %u MiB)\n", cfg->disk, (unsigned long)size,
               MAX_DISK_PAGES / 256);
        return -XEN_EINVAL;
    }
    if (b->mfns && b->nr_pages < (size + PAGE_SIZE - 1) / PAGE_SIZE)
        b->mfns = NULL;                 /* the old slice is too small */
    unsigned long *keep = b->mfns;
    memset(b, 0, sizeof(*b));
    b->mfns = keep;
    g->blk = b;
    b->sectors = size / BLKIF_SECTOR_SIZE;
    b->readonly = !cfg->disk_writable;
    long rc = load_disk(b, module, size);
    if (!rc)
        rc = publish_vbd(g, cfg);
    if (rc) {
        printk("create: disk '%s': could not set it up (%s)\n", cfg->disk, errno_name(rc));
        blkback_detach(g);
    }
    return rc;
}

void blkback_detach(struct guest *g)
{
    struct blkback *b = g->blk;
    if (!b)
        return;
    for (unsigned int i = 0; i < b->nr_pages; i++)
        if (b->mfns[i])
            spare[nr_spare++] = b->mfns[i];
    memset(b->mfns, 0, b->nr_pages * sizeof(b->mfns[0]));
    if (b->connected) {
        evtchn_close(b->port);
        printk("dom0: %s (d%u): disk: %lu requests, %lu failed\n", g->name, g->domid,
               b->requests, b->errors);
    }
    b->connected = false;
    g->blk = NULL;
}

/* ---- connecting: the frontend has written its ring and port ------------------------ */

static void try_connect(struct guest *g, struct blkback *b)
{
    struct hestia_store_vbd v;
    uint32_t state = XenbusStateConnected;

    if (gnttab_read(g->domid, GNTTAB_RESERVED_XENSTORE, VBD_FIELD(backend_state), &v,
                    sizeof(v)) || v.frontend_state != XenbusStateInitialised)
        return;
    local_irq_disable();                /* a bind raises the port: handler first */
    long port = evtchn_bind_interdomain(g->domid, v.event_channel);
    if (port < 0) {
        printk("dom0: %s (d%u): disk: cannot bind its port %u (%s)\n", g->name,
               g->domid, v.event_channel, errno_name(port));
        state = XenbusStateClosed;
    } else {
        b->port = (evtchn_port_t)port;
        b->ring_ref = v.ring_ref;
        b->connected = true;
        bind_evtchn(b->port, dom0_event, g);
    }
    local_irq_enable();
    store_write(g, VBD_FIELD(backend_state), &state, sizeof(state));
    notify_remote_via_evtchn(g->store_port);
}

/* ---- serving requests --------------------------------------------------------------- */

/* The copy ops for one segment; how many (0 if the segment is bad). */
static unsigned int segment_ops(struct guest *g, const struct blkif_request *req,
                                const struct blkif_request_segment *seg, uint64_t sector,
                                struct gnttab_copy *op)
{
    struct blkback *b = g->blk;
    unsigned int n = 0, off = seg->first_sect * BLKIF_SECTOR_SIZE;
    unsigned int len = (seg->last_sect - seg->first_sect + 1u) * BLKIF_SECTOR_SIZE;
    bool write = req->operation == BLKIF_OP_WRITE;

    while (len) {                       /* may straddle two frames of the disk */
        uint64_t pos = sector * BLKIF_SECTOR_SIZE;
        unsigned int in_page = (unsigned int)(pos % PAGE_SIZE);
        unsigned int chunk = MIN(len, (unsigned int)PAGE_SIZE - in_page);
        struct gnttab_copy_ptr disk = { .u.gmfn = b->mfns[pos / PAGE_SIZE],
                                        .domid = DOMID_SELF, .offset = (uint16_t)in_page };
        struct gnttab_copy_ptr guest = { .u.ref = seg->gref, .domid = g->domid,
                                         .offset = (uint16_t)off };
        memset(&op[n], 0, sizeof(op[n]));
        op[n].source = write ? guest : disk;
        op[n].dest = write ? disk : guest;
        op[n].flags = write ? GNTCOPY_source_gref : GNTCOPY_dest_gref;
        op[n].len = (uint16_t)chunk;
        n++;
        off += chunk;
        len -= chunk;
        sector += chunk / BLKIF_SECTOR_SIZE;
    }
    return n;
}

static int16_t do_request(struct guest *g, const struct blkif_request *req)
{
    static struct gnttab_copy ops[2 * BLKIF_MAX_SEGMENTS_PER_REQUEST];
    struct blkback *b = g->blk;
    uint64_t sector = req->sector_number;
    unsigned int n = 0;

    if (req->operation != BLKIF_OP_READ && req->operation != BLKIF_OP_WRITE)
        return BLKIF_RSP_EOPNOTSUPP;
    if ((req->operation == BLKIF_OP_WRITE && b->readonly) || req->nr_segments == 0 ||
        req->nr_segments > BLKIF_MAX_SEGMENTS_PER_REQUEST)
        return BLKIF_RSP_ERROR;
    for (unsigned int i = 0; i < req->nr_segments; i++) {
        const struct blkif_request_segment *seg = &req->seg[i];
        unsigned int count = seg->last_sect - seg->first_sect + 1u;
        if (seg->last_sect >= SECTORS_PER_PAGE || seg->first_sect > seg->last_sect ||
            sector > b->sectors || b->sectors - sector < count)
            return BLKIF_RSP_ERROR;
        n += segment_ops(g, req, seg, sector, &ops[n]);
        sector += count;
    }
    return gnttab_copy(ops, n) ? BLKIF_RSP_ERROR : BLKIF_RSP_OKAY;
}

static long ring_read(struct guest *g, size_t offset, void *v, unsigned int len)
{
    return gnttab_read(g->domid, g->blk->ring_ref, (unsigned int)offset, v, len);
}

static long ring_write(struct guest *g, size_t offset, const void *v, unsigned int len)
{
    return gnttab_write(g->domid, g->blk->ring_ref, (unsigned int)offset, v, len);
}

/* Answer every request up to the guest's req_prod; false if the ring is broken. */
static bool serve_requests(struct guest *g, struct blkback *b, RING_IDX prod)
{
    struct blkif_request req;

    if (prod - b->req_cons > RING_SLOTS) {
        printk("dom0: %s (d%u): disk: ring producer %u is more than a ring ahead of "
               "%u; disconnecting\n", g->name, g->domid, prod, b->req_cons);
        return false;
    }
    for (; b->req_cons != prod; b->req_cons++) {
        if (ring_read(g, SLOT_OFFSET(b->req_cons), &req, sizeof(req)))
            return false;
        struct blkif_response rsp = { .id = req.id, .operation = req.operation,
                                      .status = do_request(g, &req) };
        b->requests++;
        b->errors += rsp.status != BLKIF_RSP_OKAY;
        if (ring_write(g, SLOT_OFFSET(b->rsp_prod_pvt), &rsp, sizeof(rsp)))
            return false;
        b->rsp_prod_pvt++;
    }
    return true;
}

/* RING_PUSH_RESPONSES_AND_CHECK_NOTIFY, one copy at a time. */
static void push_responses(struct guest *g, struct blkback *b, RING_IDX old)
{
    RING_IDX event, new = b->rsp_prod_pvt;

    __atomic_thread_fence(__ATOMIC_SEQ_CST);    /* responses before the index */
    ring_write(g, offsetof(struct blkif_sring, rsp_prod), &new, sizeof(new));
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (!ring_read(g, offsetof(struct blkif_sring, rsp_event), &event, sizeof(event)) &&
        (RING_IDX)(new - event) < (RING_IDX)(new - old))
        notify_remote_via_evtchn(b->port);
}

void blkback_service(struct guest *g)
{
    struct blkback *b = g->blk;
    RING_IDX prod;

    if (!b)
        return;
    if (!b->connected) {
        try_connect(g, b);
        if (!b->connected)
            return;
    }
    for (;;) {
        RING_IDX old = b->rsp_prod_pvt;
        if (ring_read(g, offsetof(struct blkif_sring, req_prod), &prod, sizeof(prod)))
            return;
        __atomic_thread_fence(__ATOMIC_SEQ_CST);  /* the index before the requests */
        if (!serve_requests(g, b, prod)) {
            printk("dom0: %s (d%u): disk: the ring is broken or no longer granted; "
                   "disconnected\n", g->name, g->domid);
            evtchn_close(b->port);
            b->connected = false;
            return;
        }
        if (b->rsp_prod_pvt != old)
            push_responses(g, b, old);
        /* RING_FINAL_CHECK_FOR_REQUESTS: ask to be told, then look once more. */
        RING_IDX ask = b->req_cons + 1;
        ring_write(g, offsetof(struct blkif_sring, req_event), &ask, sizeof(ask));
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        if (ring_read(g, offsetof(struct blkif_sring, req_prod), &prod, sizeof(prod)) ||
            prod == b->req_cons)
            return;
    }
}
