/*
 * include/public/version.h - HYPERVISOR_xen_version(cmd, arg): what hypervisor
 * the guest runs on, and which optional features (features.h) it offers.
 *
 * Layout-identical to Xen's xen/include/public/version.h (Xen 4.17). The text
 * is Hestia's own.
 *
 * Each sub-op returns 0 on success or a negative errno, except XENVER_version
 * and XENVER_pagesize, which return the value itself, and XENVER_build_id.
 * Implemented on Hestia: version, extraversion, capabilities,
 * platform_parameters, get_features, pagesize. The others (compile_info,
 * changeset, guest_handle, commandline, build_id) return -ENOSYS.
 */
#ifndef HESTIA_PUBLIC_VERSION_H
#define HESTIA_PUBLIC_VERSION_H

#include "xen.h"

/* arg NULL; returns the version as (major << 16) | minor. */
#define XENVER_version          0

/* arg xen_extraversion_t: the rest of the version string, e.g. ".0". */
#define XENVER_extraversion     1

/* arg struct xen_compile_info: who built the hypervisor, with what, when. */
#define XENVER_compile_info     2

/*
 * arg xen_capabilities_info_t: the guest types the hypervisor can run, as a
 * space-separated list such as "xen-3.0-x86_64 hvm-3.0-x86_64".
 */
#define XENVER_capabilities     3

/* arg xen_changeset_info_t: the source revision. */
#define XENVER_changeset        4

/* arg struct xen_platform_parameters: where the hypervisor hole starts. */
#define XENVER_platform_parameters 5

/* arg struct xen_feature_info: one 32-bit word of the XENFEAT_* bitmap. */
#define XENVER_get_features     6

/* arg NULL; returns the page size in bytes. */
#define XENVER_pagesize         7

/* arg xen_domain_handle_t: the domain's handle (UUID) set by the toolstack. */
#define XENVER_guest_handle     8

/* arg xen_commandline_t: the hypervisor's command line. [ENOSYS] */
#define XENVER_commandline      9

/*
 * arg struct xen_build_id: the hypervisor's build id; returns the number of
 * bytes written (with len 0: the size needed). [ENOSYS]
 */
#define XENVER_build_id         10

#ifndef __ASSEMBLY__

typedef char xen_extraversion_t[16];
#define XEN_EXTRAVERSION_LEN (sizeof(xen_extraversion_t))

struct xen_compile_info {
    char compiler[64];
    char compile_by[16];
    char compile_domain[32];
    char compile_date[32];
};
typedef struct xen_compile_info xen_compile_info_t;
XEN_ABI_OFFSET(struct xen_compile_info, compile_by, 64);
XEN_ABI_OFFSET(struct xen_compile_info, compile_domain, 80);
XEN_ABI_OFFSET(struct xen_compile_info, compile_date, 112);
XEN_ABI_SIZE(struct xen_compile_info, 144);

typedef char xen_capabilities_info_t[1024];
#define XEN_CAPABILITIES_INFO_LEN (sizeof(xen_capabilities_info_t))

typedef char xen_changeset_info_t[64];
#define XEN_CHANGESET_INFO_LEN (sizeof(xen_changeset_info_t))

struct xen_platform_parameters {
    xen_ulong_t virt_start;     /* lowest virtual address of the hypervisor */
};
typedef struct xen_platform_parameters xen_platform_parameters_t;
XEN_ABI_SIZE(struct xen_platform_parameters, 8);

struct xen_feature_info {
    unsigned int submap_idx;    /* IN: which word: bits 32*idx .. 32*idx+31 */
    uint32_t submap;            /* OUT: bit n = feature 32*idx + n */
};
typedef struct xen_feature_info xen_feature_info_t;
XEN_ABI_OFFSET(struct xen_feature_info, submap, 4);
XEN_ABI_SIZE(struct xen_feature_info, 8);

typedef char xen_commandline_t[1024];

struct xen_build_id {
    uint32_t len;               /* IN: size of buf */
    unsigned char buf[];        /* OUT: the build id */
};
typedef struct xen_build_id xen_build_id_t;
XEN_ABI_SIZE(struct xen_build_id, 4);

#endif /* !__ASSEMBLY__ */

/* The XENFEAT_* numbers XENVER_get_features reports. */
#include "features.h"

#endif /* HESTIA_PUBLIC_VERSION_H */
