/*
 * include/public/io/blkif.h - the Xen virtual block device protocol
 * (blkfront in the guest, blkback in the domain that owns the disk).
 *
 * Layout-identical to Xen's xen/include/public/io/blkif.h (Xen 4.17) for
 * x86-64, the plain read/write request format. The text is Hestia's own.
 * Not carried here: the xenstore handshake (the keys are documented in
 * Xen's header), the discard and indirect request formats (their operation
 * numbers are listed so that a backend can refuse them by name), and the
 * 32-bit-guest variants of the structures.
 *
 * One request moves data between the disk and up to
 * BLKIF_MAX_SEGMENTS_PER_REQUEST granted frames of the frontend. The disk
 * range is contiguous: it starts at sector_number (in 512-byte sectors,
 * whatever the physical sector size of the disk) and runs through the
 * segments in order. A segment names one 4 KiB frame by grant reference
 * and, within it, the sectors first_sect..last_sect inclusive (0..7). So a
 * segment of a whole frame is first_sect = 0, last_sect = 7, and a request
 * carries at most 11 * 8 sectors = 44 KiB. For a READ the backend writes
 * the frames (the grant must be writable), for a WRITE it reads them.
 *
 * Requests and responses travel in a ring made by DEFINE_RING_TYPES (see
 * ring.h) over one shared page: 32 slots of 112 bytes. The backend answers
 * each request with a response carrying the request's id, operation and a
 * status (BLKIF_RSP_*); answers may come in any order. Notifications follow
 * the event-index rule of ring.h in both directions: the frontend uses
 * RING_PUSH_REQUESTS_AND_CHECK_NOTIFY and RING_FINAL_CHECK_FOR_RESPONSES,
 * the backend RING_PUSH_RESPONSES_AND_CHECK_NOTIFY and
 * RING_FINAL_CHECK_FOR_REQUESTS.
 */
#ifndef HESTIA_PUBLIC_IO_BLKIF_H
#define HESTIA_PUBLIC_IO_BLKIF_H

#include "ring.h"
#include "../grant_table.h"

/* request.operation */
#define BLKIF_OP_READ              0   /* disk -> frames */
#define BLKIF_OP_WRITE             1   /* frames -> disk */
#define BLKIF_OP_WRITE_BARRIER     2   /* write, ordered after all earlier ones */
#define BLKIF_OP_FLUSH_DISKCACHE   3   /* write (or nothing), then flush */
#define BLKIF_OP_RESERVED_1        4   /* was used by a derived protocol */
#define BLKIF_OP_DISCARD           5   /* struct blkif_request_discard in Xen */
#define BLKIF_OP_INDIRECT          6   /* struct blkif_request_indirect in Xen */

/* Segments carried directly in one request. */
#define BLKIF_MAX_SEGMENTS_PER_REQUEST 11

/* Indirect requests: at most this many frames of segment lists. */
#define BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST 8

/* The unit of sector_number, first_sect and last_sect. */
#define BLKIF_SECTOR_SHIFT         9
#define BLKIF_SECTOR_SIZE          (1U << BLKIF_SECTOR_SHIFT)      /* 512 */

/* response.status */
#define BLKIF_RSP_EOPNOTSUPP      -2   /* operation not supported */
#define BLKIF_RSP_ERROR           -1   /* operation failed (an I/O error) */
#define BLKIF_RSP_OKAY             0

/* The "info" node's bits, which the backend writes to xenstore. */
#define VDISK_CDROM        0x1
#define VDISK_REMOVABLE    0x2
#define VDISK_READONLY     0x4

#ifndef __ASSEMBLY__

typedef uint16_t blkif_vdev_t;      /* virtual device number */
typedef uint64_t blkif_sector_t;    /* a 512-byte sector number */

/* One granted frame, or part of it. */
struct blkif_request_segment {
    grant_ref_t gref;               /* the frame */
    uint8_t     first_sect;         /* first sector in it (0..7) */
    uint8_t     last_sect;          /* last sector in it, inclusive */
    uint16_t    pad;                /* implicit in Xen's header */
};
XEN_ABI_OFFSET(struct blkif_request_segment, gref, 0);
XEN_ABI_OFFSET(struct blkif_request_segment, first_sect, 4);
XEN_ABI_OFFSET(struct blkif_request_segment, last_sect, 5);
XEN_ABI_SIZE(struct blkif_request_segment, 8);

struct blkif_request {
    uint8_t        operation;       /* BLKIF_OP_* */
    uint8_t        nr_segments;     /* 1..BLKIF_MAX_SEGMENTS_PER_REQUEST */
    blkif_vdev_t   handle;          /* the device (read/write only) */
    uint32_t       pad;             /* implicit in Xen's header */
    uint64_t       id;              /* the frontend's own tag, echoed back */
    blkif_sector_t sector_number;   /* first sector on the disk */
    struct blkif_request_segment seg[BLKIF_MAX_SEGMENTS_PER_REQUEST];
};
typedef struct blkif_request blkif_request_t;
XEN_ABI_OFFSET(struct blkif_request, operation, 0);
XEN_ABI_OFFSET(struct blkif_request, nr_segments, 1);
XEN_ABI_OFFSET(struct blkif_request, handle, 2);
XEN_ABI_OFFSET(struct blkif_request, id, 8);
XEN_ABI_OFFSET(struct blkif_request, sector_number, 16);
XEN_ABI_OFFSET(struct blkif_request, seg, 24);
XEN_ABI_SIZE(struct blkif_request, 112);

struct blkif_response {
    uint64_t id;                    /* from the request */
    uint8_t  operation;             /* from the request */
    uint8_t  pad;                   /* implicit in Xen's header */
    int16_t  status;                /* BLKIF_RSP_* */
};
typedef struct blkif_response blkif_response_t;
XEN_ABI_OFFSET(struct blkif_response, id, 0);
XEN_ABI_OFFSET(struct blkif_response, operation, 8);
XEN_ABI_OFFSET(struct blkif_response, status, 10);
XEN_ABI_SIZE(struct blkif_response, 16);   /* 12 bytes of data, 8-aligned */

/* struct blkif_sring, blkif_front_ring, blkif_back_ring. */
DEFINE_RING_TYPES(blkif, struct blkif_request, struct blkif_response);

/* Slots in a one-page blkif ring: (4096 - 64) / 112 = 36, rounded down. */
#define BLKIF_RING_SIZE __CONST_RING_SIZE(blkif, 4096)
_Static_assert(BLKIF_RING_SIZE == 32, "ABI: blkif ring of 32 slots");

#endif /* !__ASSEMBLY__ */

#endif /* HESTIA_PUBLIC_IO_BLKIF_H */
