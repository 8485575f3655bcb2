/*
 * pvguest/blkfront.c - the block frontend: a virtual disk served by dom0's block
 * backend over a blkif ring (include/public/io/blkif.h).
 *
 * Connecting follows the store page's handshake (include/public/io/store.h, the
 * stand-in for XenStore): the toolstack has written the disk's size and
 * backend_state = InitWait; we make the ring page (SHARED_RING_INIT), grant it
 * and BLKIF_MAX_SEGMENTS_PER_REQUEST data pages to the backend, allocate a port
 * for it, write ring_ref and event_channel, set frontend_state = Initialised,
 * notify, and wait for the backend to say Connected.
 *
 * Each request and its response are logged into the hypervisor's trace
 * (hestia_trace_op; trace=io), so hvtrace can report the I/O latency next to the
 * scheduler's events. I/O is synchronous, one request at a time: the data pages stay granted for the
 * whole life of the device (Xen's "persistent grants"), so a request is a memcpy
 * into them, RING_PUSH_REQUESTS_AND_CHECK_NOTIFY, and a wait for the response with
 * RING_FINAL_CHECK_FOR_RESPONSES - blocking on the event channel, never spinning.
 */
#include <pvguest/blkfront.h>
#include <pvguest/events.h>
#include <pvguest/gnttab.h>
#include <pvguest/mm.h>
#include <pvguest/time.h>

#include <public/io/blkif.h>
#include <public/io/store.h>

#define SEGS          BLKIF_MAX_SEGMENTS_PER_REQUEST
#define CONNECT_NS    (5 * NSEC_PER_SEC)
#define RESPONSE_NS   (5 * NSEC_PER_SEC)

static uint8_t ring_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t data[SEGS][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static grant_ref_t data_ref[SEGS];
static struct blkif_front_ring front;
static evtchn_port_t port;
static volatile unsigned long event;
static uint64_t next_id;

static void blk_event(evtchn_port_t p, void *d)
{
    (void)p;
    (void)d;
    event = 1;
}

/* Our store page: in the bootstrap mapping, like the console ring. */
static volatile struct hestia_store *store_page(void)
{
    unsigned long pfn = start_info->store_mfn ? mfn_to_pfn(start_info->store_mfn) : ~0UL;
    if (pfn == ~0UL || pfn >= bootstrap_pfns)
        return NULL;
    return pfn_to_virt(pfn);
}

static long grant_all(domid_t backend)
{
    long rc = gnttab_init();
    if (rc)
        return rc;
    SHARED_RING_INIT((struct blkif_sring *)ring_page);
    FRONT_RING_INIT(&front, (struct blkif_sring *)ring_page, PAGE_SIZE);
    for (unsigned int i = 0; i < SEGS; i++) {
        if ((rc = gnttab_grant_access(backend, virt_to_mfn(data[i]), false)) < 0)
            return rc;
        data_ref[i] = (grant_ref_t)rc;
    }
    return gnttab_grant_access(backend, virt_to_mfn(ring_page), false);
}

long blkfront_init(struct blkfront_info *info)
{
    volatile struct hestia_store *st = store_page();
    if (!st || st->magic != HESTIA_STORE_MAGIC || st->nr_vbds == 0)
        return -XEN_ENODEV;
    volatile struct hestia_store_vbd *v = &st->vbd[0];
    if (v->backend_state != XenbusStateInitWait)
        return -XEN_EAGAIN;

    long ring_ref = grant_all(v->backend_id);
    long p = ring_ref < 0 ? ring_ref : evtchn_alloc_unbound(v->backend_id);
    if (p < 0)
        return p;
    port = (evtchn_port_t)p;
    bind_evtchn(port, blk_event, NULL);
    bind_evtchn(start_info->store_evtchn, blk_event, NULL);
    v->ring_ref = (grant_ref_t)ring_ref;
    v->event_channel = port;
    wmb();
    v->frontend_state = XenbusStateInitialised;
    notify_remote_via_evtchn(start_info->store_evtchn);

    uint64_t end = NOW() + CONNECT_NS;
    for (event = 0; v->backend_state != XenbusStateConnected && NOW() < end; event = 0)
        sleep_until_flag(NOW() + 10 * NSEC_PER_MSEC, &event);
    if (v->backend_state != XenbusStateConnected)
        return -XEN_ETIMEDOUT;
    v->frontend_state = XenbusStateConnected;
    info->sectors = v->sectors;
    info->readonly = v->info & VDISK_READONLY;
    strlcpy(info->vdev, (const char *)v->vdev, sizeof(info->vdev));
    return 0;
}

/* Wait for the response to request id; its status. */
static int wait_response(uint64_t id, uint64_t timeout_ns)
{
    uint64_t end = NOW() + timeout_ns;
    for (;;) {
        int more;
        event = 0;                      /* before looking: a response after this wakes us */
        RING_FINAL_CHECK_FOR_RESPONSES(&front, more);
        if (more) {
            struct blkif_response *rsp = RING_GET_RESPONSE(&front, front.rsp_cons);
            front.rsp_cons++;
            if (rsp->id == id)
                return rsp->status;
            continue;                   /* not ours (cannot happen: one at a time) */
        }
        if (NOW() >= end)
            return -XEN_ETIMEDOUT;
        sleep_until_flag(end, &event);
    }
}

/* Push the request in the next slot and wait for its status (or -ETIMEDOUT). */
static int submit(struct blkif_request *req, uint64_t timeout_ns)
{
    uint64_t id = req->id;              /* kept here: the slot becomes the response */
    front.req_prod_pvt++;
    int notify;
    /* Into the hypervisor's trace (trace=io), for hvtrace's I/O latency report. */
    _hypercall3(__HYPERVISOR_hestia_trace_op, HESTIA_TRACE_io_request, id, 0);
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&front, notify);
    if (notify)
        notify_remote_via_evtchn(port);
    int status = wait_response(id, timeout_ns);
    _hypercall3(__HYPERVISOR_hestia_trace_op, HESTIA_TRACE_io_response, id, 0);
    return status;
}

long blkfront_raw(const struct blkif_request *tmpl, uint64_t timeout_ns)
{
    struct blkif_request *req = RING_GET_REQUEST(&front, front.req_prod_pvt);
    *req = *tmpl;
    req->id = ++next_id;
    for (unsigned int i = 0; i < BLKIF_MAX_SEGMENTS_PER_REQUEST; i++)
        if (req->seg[i].gref == BLKFRONT_DATA_REF)
            req->seg[i].gref = data_ref[i];
    return submit(req, timeout_ns);
}

void blkfront_corrupt_producer(RING_IDX ahead)
{
    front.req_prod_pvt += ahead;        /* later pushes keep it ahead */
    ((struct blkif_sring *)ring_page)->req_prod = front.req_prod_pvt;
    notify_remote_via_evtchn(port);
}

long blkfront_rw(bool write, uint64_t sector, void *buf, size_t len)
{
    if (!len || len % BLKIF_SECTOR_SIZE || len > SEGS * PAGE_SIZE)
        return -XEN_EINVAL;
    struct blkif_request *req = RING_GET_REQUEST(&front, front.req_prod_pvt);
    unsigned int nseg = (unsigned int)((len + PAGE_SIZE - 1) / PAGE_SIZE);

    req->operation = write ? BLKIF_OP_WRITE : BLKIF_OP_READ;
    req->nr_segments = (uint8_t)nseg;
    req->handle = 0;
    req->id = ++next_id;
    req->sector_number = sector;
    for (unsigned int i = 0; i < nseg; i++) {
        size_t bytes = MIN(len - i * PAGE_SIZE, (size_t)PAGE_SIZE);
        req->seg[i].gref = data_ref[i];
        req->seg[i].first_sect = 0;
        req->seg[i].last_sect = (uint8_t)(bytes / BLKIF_SECTOR_SIZE - 1);
        if (write)
            memcpy(data[i], (uint8_t *)buf + i * PAGE_SIZE, bytes);
    }
    int status = submit(req, RESPONSE_NS);
    if (status != BLKIF_RSP_OKAY)
        return status == -XEN_ETIMEDOUT ? status : -XEN_EIO;
    for (unsigned int i = 0; !write && i < nseg; i++)
        memcpy((uint8_t *)buf + i * PAGE_SIZE, data[i],
               MIN(len - i * PAGE_SIZE, (size_t)PAGE_SIZE));
    return 0;
}
