/*
 * guest_access.h - the only way the hypervisor touches guest memory.
 *
 * Hypercall arguments that point into a guest are guest virtual addresses of the
 * calling vcpu. These helpers check that the range lies in the guest's part of the
 * address space (never the hypervisor's hole) and survive a fault: a bad pointer
 * gives -EFAULT, never a hypervisor crash. (DESIGN.md, principle 4.)
 */
#ifndef HESTIA_GUEST_ACCESS_H
#define HESTIA_GUEST_ACCESS_H

#include <hestia/types.h>

/* Copy len bytes from/to the current guest; 0 or -EFAULT. */
int copy_from_guest(void *dst, unsigned long guest_src, size_t len);
int copy_to_guest(unsigned long guest_dst, const void *src, size_t len);

/* Is [addr, addr + len) entirely guest-owned address space? */
bool guest_range_ok(unsigned long addr, size_t len);

#endif /* HESTIA_GUEST_ACCESS_H */
