/*
 * version.c - __HYPERVISOR_xen_version: what hypervisor is this?
 *
 * Hestia implements (part of) Xen 4.17's guest ABI, so it reports interface
 * version 4.17 - guests written for Xen use the version to decide what they may
 * call - with the extra version "-hestia" so a guest can tell where it runs.
 */
#include <hestia/config.h>
#include <hestia/domain.h>
#include <hestia/errno.h>
#include <hestia/guest_access.h>
#include <hestia/hypercall.h>
#include <hestia/lib.h>
#include <hestia/sched.h>

#include <public/features.h>
#include <public/version.h>

#define XEN_ABI_MAJOR 4
#define XEN_ABI_MINOR 17

static long copy_string(unsigned long arg, const char *s, size_t size)
{
    char buf[1024];
    memset(buf, 0, size);
    strlcpy(buf, s, size);
    return copy_to_guest(arg, buf, size) ? -EFAULT : 0;
}

static long get_features(unsigned long arg)
{
    struct xen_feature_info fi;
    if (copy_from_guest(&fi, arg, sizeof(fi)) != 0)
        return -EFAULT;
    if (fi.submap_idx != 0)
        fi.submap = 0;
    else
        fi.submap = (1U << XENFEAT_mmu_pt_update_preserve_ad) |
                    (current->domain->is_privileged ? (1U << XENFEAT_dom0) : 0);
    return copy_to_guest(arg, &fi, sizeof(fi)) ? -EFAULT : 0;
}

long do_xen_version(unsigned long cmd, unsigned long arg)
{
    switch (cmd) {
    case XENVER_version:
        return (XEN_ABI_MAJOR << 16) | XEN_ABI_MINOR;
    case XENVER_extraversion:
        return copy_string(arg, "-hestia", sizeof(xen_extraversion_t));
    case XENVER_capabilities:
        return copy_string(arg, "xen-3.0-x86_64", sizeof(xen_capabilities_info_t));
    case XENVER_platform_parameters: {
        struct xen_platform_parameters p = { .virt_start = HYPERVISOR_VIRT_START };
        return copy_to_guest(arg, &p, sizeof(p)) ? -EFAULT : 0;
    }
    case XENVER_get_features:
        return get_features(arg);
    case XENVER_pagesize:
        return PAGE_SIZE;
    default:
        return -ENOSYS;
    }
}
