/*
 * guest_access.c - copy_from_guest / copy_to_guest on x86-64 (see guest_access.h).
 *
 * A 64-bit PV guest owns every address outside the hypervisor's hole (PML4 slots
 * 256-271). The range check keeps guests from pointing us at our own memory; the
 * exception-table fixup in usercopy.S catches unmapped, read-only (CR0.WP is set, so
 * read-only guest pages fault for us too) and non-canonical addresses.
 */
#include <hestia/errno.h>
#include <hestia/guest_access.h>
#include <asm/config.h>

unsigned long raw_copy_guest(void *dst, const void *src, size_t n);

bool guest_range_ok(unsigned long addr, size_t len)
{
    unsigned long end = addr + len;
    if (end < addr)
        return false;                               /* wraps around */
    return end <= HYPERVISOR_VIRT_START || addr >= HYPERVISOR_VIRT_END;
}

int copy_from_guest(void *dst, unsigned long guest_src, size_t len)
{
    if (!guest_range_ok(guest_src, len))
        return -EFAULT;
    return raw_copy_guest(dst, (const void *)guest_src, len) ? -EFAULT : 0;
}

int copy_to_guest(unsigned long guest_dst, const void *src, size_t len)
{
    if (!guest_range_ok(guest_dst, len))
        return -EFAULT;
    return raw_copy_guest((void *)guest_dst, src, len) ? -EFAULT : 0;
}
