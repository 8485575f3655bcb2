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

#endif /* PVGUEST_BLKFRONT_H */
