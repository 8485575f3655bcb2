/*
 * include/public/io/store.h - how a frontend finds its backend on Hestia: the
 * store page, a fixed-layout stand-in for XenStore.
 *
 * On Xen, split drivers meet in XenStore, a tree of keys served by a daemon in
 * dom0: the toolstack writes the backend's keys (device/vbd/51712/backend-id,
 * the disk's size...), the frontend writes ring-ref and event-channel, and both
 * sides step a `state` key through XenbusState. Hestia keeps the protocol and the
 * states but not the daemon: the page Xen uses for XenStore's ring (start_info
 * store_mfn, store_evtchn; grant reference GNTTAB_RESERVED_XENSTORE, granted to
 * dom0 by the builder) holds struct hestia_store directly. Each field has one
 * writer, so no locking is needed; a writer fills its fields, then (after a write
 * barrier) its `state`, then notifies the store event channel.
 *
 * The block device handshake (the same steps as Xen's blkfront/blkback):
 *   toolstack, before the guest runs:  magic, nr_vbds = 1, vbd[0]'s backend
 *       fields (backend_id, sectors, sector_size, info, vdev);
 *       backend_state = XenbusStateInitWait. (nr_vbds = 0: no disk.)
 *   frontend: allocates the ring page, SHARED_RING_INIT, grants it to backend_id,
 *       allocates an unbound port for backend_id; writes ring_ref and
 *       event_channel; frontend_state = XenbusStateInitialised; notifies.
 *   backend: binds the port, starts serving the ring;
 *       backend_state = XenbusStateConnected; notifies.
 *   frontend: sees Connected, sends requests (frontend_state = Connected).
 *   Closing: either side may set XenbusStateClosing/Closed; the toolstack
 *   tears the backend down when the domain dies.
 * A guest on real Xen has XenStore's ring in this page instead (no magic), so a
 * frontend that finds no HESTIA_STORE_MAGIC simply has no disk.
 */
#ifndef HESTIA_PUBLIC_IO_STORE_H
#define HESTIA_PUBLIC_IO_STORE_H

#include "../event_channel.h"
#include "../grant_table.h"

/* XenbusState (Xen's xen/include/public/io/xenbus.h), the same values. */
#define XenbusStateUnknown       0
#define XenbusStateInitialising  1
#define XenbusStateInitWait      2   /* backend: waiting for the frontend's details */
#define XenbusStateInitialised   3   /* frontend: ring-ref and event-channel written */
#define XenbusStateConnected     4
#define XenbusStateClosing       5
#define XenbusStateClosed        6

#define HESTIA_STORE_MAGIC       0x31545348u     /* "HST1" */
#define HESTIA_STORE_MAX_VBDS    1

#define VDISK_READONLY           0x4             /* vbd.info, as Xen's blkif.h */

#ifndef __ASSEMBLY__
struct hestia_store_vbd {
    uint32_t backend_state;         /* backend: XenbusState* */
    uint32_t frontend_state;        /* frontend: XenbusState* */
    uint64_t sectors;               /* backend: size in 512-byte sectors */
    uint32_t sector_size;           /* backend: 512 */
    uint16_t backend_id;            /* backend: the domain serving the disk */
    uint16_t info;                  /* backend: VDISK_* */
    grant_ref_t ring_ref;           /* frontend: the shared ring page */
    evtchn_port_t event_channel;    /* frontend: its port for backend_id */
    char vdev[16];                  /* backend: the name the config gave, "xvda" */
};
XEN_ABI_OFFSET(struct hestia_store_vbd, sectors, 8);
XEN_ABI_OFFSET(struct hestia_store_vbd, ring_ref, 24);
XEN_ABI_SIZE(struct hestia_store_vbd, 48);

struct hestia_store {
    uint32_t magic;                 /* toolstack: HESTIA_STORE_MAGIC once filled */
    uint32_t nr_vbds;               /* toolstack: 0 or 1 */
    struct hestia_store_vbd vbd[HESTIA_STORE_MAX_VBDS];
};
XEN_ABI_SIZE(struct hestia_store, 56);
#endif

#endif /* HESTIA_PUBLIC_IO_STORE_H */
