/*
 * memregion.h - sets of machine address ranges.
 *
 * Boot code collects the RAM ranges from the firmware's memory map, then cuts out
 * what is already in use (low memory, the hypervisor image, boot modules, the frame
 * table) before handing the rest to the frame allocator. Portable and host-tested.
 */
#ifndef HESTIA_MEMREGION_H
#define HESTIA_MEMREGION_H

#include <hestia/types.h>

#define MEMREGION_MAX 128

struct memregion {
    paddr_t start;   /* inclusive */
    paddr_t end;     /* exclusive */
};

struct memregion_set {
    unsigned int nr;
    struct memregion r[MEMREGION_MAX];   /* sorted, disjoint, non-adjacent */
};

void memregion_init(struct memregion_set *s);
/* Add [start, end): merges with overlapping or touching ranges. -ENOSPC when full. */
int memregion_add(struct memregion_set *s, paddr_t start, paddr_t end);
/* Remove [start, end) from the set (may split a range). -ENOSPC when full. */
int memregion_remove(struct memregion_set *s, paddr_t start, paddr_t end);
/* Total bytes in the set. */
paddr_t memregion_total(const struct memregion_set *s);
/*
 * Find `size` bytes aligned to `align` (a power of two) inside the set, entirely
 * below `limit`, lowest address first. Returns the address, or 0 when none fits
 * (address 0 is never handed out: low memory is always removed first).
 */
paddr_t memregion_find(const struct memregion_set *s, paddr_t size, paddr_t align,
                       paddr_t limit);

#endif /* HESTIA_MEMREGION_H */
