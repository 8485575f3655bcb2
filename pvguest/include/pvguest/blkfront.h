/*
 * pvguest/include/pvguest/blkfront.h - the virtual disk (blkfront.c).
 */
#ifndef PVGUEST_BLKFRONT_H
#define PVGUEST_BLKFRONT_H

#include <pvguest/kernel.h>

struct blkfront_info {
    uint64_t sectors;           /* 512-byte sectors */
    bool readonly;
    char vdev[16];
};

/* Connect to the backend: 0, -ENODEV (no disk), -ETIMEDOUT, or another -errno. */
long blkfront_init(struct blkfront_info *info);
/* Read or write len bytes (a multiple of 512, at most 44 KiB) at sector; 0 or -errno. */
long blkfront_rw(bool write, uint64_t sector, void *buf, size_t len);

/*
 * For tests of the backend's defences (workloads/blkhostile.c): submit any request
 * (a segment gref of BLKFRONT_DATA_REF becomes the grant of data page i) and return
 * its BLKIF_RSP_* status or -ETIMEDOUT; move the shared producer index `ahead`.
 */
#include <public/io/blkif.h>
#define BLKFRONT_DATA_REF 0xffffffffu
long blkfront_raw(const struct blkif_request *req, uint64_t timeout_ns);
void blkfront_corrupt_producer(RING_IDX ahead);

#endif /* PVGUEST_BLKFRONT_H */
