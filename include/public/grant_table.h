/*
 * include/public/grant_table.h - HYPERVISOR_grant_table_op(cmd, uop, count):
 * sharing frames between domains by grant reference, version 1 entries.
 *
 * A domain (the granter) lists, in a table of entries that lives in frames it
 * can map, which of its frames another domain (the grantee) may use. The
 * index of an entry is a grant reference (grant_ref_t). The grantee names
 * (granter domid, ref) in a hypercall; the hypervisor checks the entry and
 * then maps the frame for the grantee, or copies bytes to or from it
 * (GNTTABOP_copy). Split drivers (netfront/netback, blkfront/blkback) move
 * all their data this way.
 *
 * Writing an entry, granter side: first domid and frame, then a write
 * barrier, then flags (with the type GTF_permit_access last to appear, so the
 * hypervisor never sees a half-written entry as valid). Revoking an entry:
 * compare-and-swap flags to 0, and only if neither GTF_reading nor
 * GTF_writing is set (someone is still using the frame otherwise).
 *
 * Layout-identical to Xen's xen/include/public/grant_table.h (Xen 4.17),
 * version-1 entries only. The text is Hestia's own. For a PV guest the
 * `frame` of an entry and the frame numbers GNTTABOP_setup_table returns are
 * machine frame numbers (MFNs), as on Xen.
 *
 * Each op takes an array of `count` structures; the hypercall returns 0 once
 * every op has been tried and writes each op's own result into its `status`
 * field (GNTST_*), or a negative errno if the array itself cannot be read
 * (-EFAULT) or the command is unknown (-ENOSYS). What Hestia implements is
 * listed in mm/grant_table.c.
 */
#ifndef HESTIA_PUBLIC_GRANT_TABLE_H
#define HESTIA_PUBLIC_GRANT_TABLE_H

#include "xen.h"

/* Commands (the first hypercall argument). */
#define GNTTABOP_map_grant_ref         0
#define GNTTABOP_unmap_grant_ref       1
#define GNTTABOP_setup_table           2
#define GNTTABOP_dump_table            3
#define GNTTABOP_transfer              4
#define GNTTABOP_copy                  5
#define GNTTABOP_query_size            6
#define GNTTABOP_unmap_and_replace     7
#define GNTTABOP_set_version           8    /* v2 interface */
#define GNTTABOP_get_status_frames     9    /* v2 interface */
#define GNTTABOP_get_version          10    /* v2 interface */
#define GNTTABOP_swap_grant_ref       11    /* v2 interface */
#define GNTTABOP_cache_flush          12

/* grant_entry_v1.flags: bits 0-1 are the entry's type. */
/* References the toolstack fills before a domU runs (Xen's xc_dom_gnttab_seed):
 * its console ring and xenstore page, granted to the backend domain. */
#define GNTTAB_NR_RESERVED_ENTRIES     8
#define GNTTAB_RESERVED_CONSOLE        0
#define GNTTAB_RESERVED_XENSTORE       1

#define GTF_invalid          (0U << 0)   /* grants nothing */
#define GTF_permit_access    (1U << 0)   /* domid may map / copy `frame` */
#define GTF_accept_transfer  (2U << 0)   /* domid may give us a frame */
#define GTF_transitive       (3U << 0)   /* v2 only */
#define GTF_type_mask        (3U << 0)

/* Sub-flags of GTF_permit_access. [GST] written by the granter, [HYP] by the
 * hypervisor. */
#define _GTF_readonly        2
#define GTF_readonly         (1U << _GTF_readonly)   /* [GST] no writes by domid */
#define _GTF_reading         3
#define GTF_reading          (1U << _GTF_reading)    /* [HYP] in use for reading */
#define _GTF_writing         4
#define GTF_writing          (1U << _GTF_writing)    /* [HYP] in use for writing */
#define _GTF_PWT             5
#define GTF_PWT              (1U << _GTF_PWT)        /* [GST] x86 cache attributes */
#define _GTF_PCD             6
#define GTF_PCD              (1U << _GTF_PCD)
#define _GTF_PAT             7
#define GTF_PAT              (1U << _GTF_PAT)
#define _GTF_sub_page        8
#define GTF_sub_page         (1U << _GTF_sub_page)   /* v2 only */

/* Sub-flags of GTF_accept_transfer (written by the hypervisor). */
#define _GTF_transfer_committed 2
#define GTF_transfer_committed  (1U << _GTF_transfer_committed)
#define _GTF_transfer_completed 3
#define GTF_transfer_completed  (1U << _GTF_transfer_completed)

/* gnttab_map_grant_ref.flags */
#define _GNTMAP_device_map      0
#define GNTMAP_device_map       (1U << _GNTMAP_device_map)  /* for I/O devices */
#define _GNTMAP_host_map        1
#define GNTMAP_host_map         (1U << _GNTMAP_host_map)    /* in the CPU's page tables */
#define _GNTMAP_readonly        2
#define GNTMAP_readonly         (1U << _GNTMAP_readonly)
#define _GNTMAP_application_map 3
#define GNTMAP_application_map  (1U << _GNTMAP_application_map) /* user mode too */
#define _GNTMAP_contains_pte    4
#define GNTMAP_contains_pte     (1U << _GNTMAP_contains_pte) /* host_addr is a PTE's
                                                                machine address */
#define _GNTMAP_can_fail        5
#define GNTMAP_can_fail         (1U << _GNTMAP_can_fail)

/* gnttab_copy.flags: which side is named by grant reference (else by frame). */
#define _GNTCOPY_source_gref    0
#define GNTCOPY_source_gref     (1U << _GNTCOPY_source_gref)
#define _GNTCOPY_dest_gref      1
#define GNTCOPY_dest_gref       (1U << _GNTCOPY_dest_gref)
#define _GNTCOPY_can_fail       2
#define GNTCOPY_can_fail        (1U << _GNTCOPY_can_fail)

/* Per-op status codes (the `status` fields). Errors are negative. */
#define GNTST_okay               0
#define GNTST_general_error     (-1)
#define GNTST_bad_domain        (-2)    /* no such domain */
#define GNTST_bad_gntref        (-3)    /* no such grant reference, or bad flags */
#define GNTST_bad_handle        (-4)    /* no such mapping handle */
#define GNTST_bad_virt_addr     (-5)
#define GNTST_bad_dev_addr      (-6)
#define GNTST_no_device_space   (-7)
#define GNTST_permission_denied (-8)    /* the entry does not allow this */
#define GNTST_bad_page          (-9)    /* a frame that is not the domain's */
#define GNTST_bad_copy_arg      (-10)   /* offset + len beyond the page */
#define GNTST_address_too_big   (-11)
#define GNTST_eagain            (-12)
#define GNTST_no_space          (-13)   /* out of mapping handles */

#ifndef __ASSEMBLY__

typedef uint32_t grant_ref_t;       /* index into a grant table */
typedef uint32_t grant_handle_t;    /* a mapping, as returned by map_grant_ref */

/* One version-1 grant entry: 512 of them fill a 4 KiB frame. */
struct grant_entry_v1 {
    uint16_t flags;     /* GTF_*: type and sub-flags  [GST, HYP] */
    domid_t  domid;     /* the domain being granted   [GST] */
    uint32_t frame;     /* the frame (an MFN for PV)  [GST] */
};
typedef struct grant_entry_v1 grant_entry_v1_t;
XEN_ABI_OFFSET(struct grant_entry_v1, domid, 2);
XEN_ABI_OFFSET(struct grant_entry_v1, frame, 4);
XEN_ABI_SIZE(struct grant_entry_v1, 8);

/*
 * GNTTABOP_map_grant_ref: map (dom, ref) for the caller. GNTMAP_host_map
 * maps it at host_addr in the caller's page tables; GNTMAP_device_map makes
 * it usable by devices and returns its bus address in dev_bus_addr. On
 * success `handle` names the mapping for unmap_grant_ref.
 */
struct gnttab_map_grant_ref {
    uint64_t host_addr;         /* IN */
    uint32_t flags;             /* IN: GNTMAP_* */
    grant_ref_t ref;            /* IN */
    domid_t dom;                /* IN: the granter */
    int16_t status;             /* OUT: GNTST_* */
    grant_handle_t handle;      /* OUT */
    uint64_t dev_bus_addr;      /* OUT */
};
typedef struct gnttab_map_grant_ref gnttab_map_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_map_grant_ref_t);
XEN_ABI_OFFSET(struct gnttab_map_grant_ref, flags, 8);
XEN_ABI_OFFSET(struct gnttab_map_grant_ref, ref, 12);
XEN_ABI_OFFSET(struct gnttab_map_grant_ref, dom, 16);
XEN_ABI_OFFSET(struct gnttab_map_grant_ref, status, 18);
XEN_ABI_OFFSET(struct gnttab_map_grant_ref, handle, 20);
XEN_ABI_OFFSET(struct gnttab_map_grant_ref, dev_bus_addr, 24);
XEN_ABI_SIZE(struct gnttab_map_grant_ref, 32);

/* GNTTABOP_unmap_grant_ref: undo the mapping `handle` (0 addresses: ignored). */
struct gnttab_unmap_grant_ref {
    uint64_t host_addr;         /* IN */
    uint64_t dev_bus_addr;      /* IN */
    grant_handle_t handle;      /* IN */
    int16_t status;             /* OUT: GNTST_* */
};
typedef struct gnttab_unmap_grant_ref gnttab_unmap_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_unmap_grant_ref_t);
XEN_ABI_OFFSET(struct gnttab_unmap_grant_ref, dev_bus_addr, 8);
XEN_ABI_OFFSET(struct gnttab_unmap_grant_ref, handle, 16);
XEN_ABI_OFFSET(struct gnttab_unmap_grant_ref, status, 20);
XEN_ABI_SIZE(struct gnttab_unmap_grant_ref, 24);

/*
 * GNTTABOP_setup_table: make dom's table (DOMID_SELF, or another domain for a
 * privileged caller) at least nr_frames frames long and write the first
 * nr_frames frame numbers to frame_list.
 */
struct gnttab_setup_table {
    domid_t dom;                            /* IN */
    uint32_t nr_frames;                     /* IN */
    int16_t status;                         /* OUT: GNTST_* */
    XEN_GUEST_HANDLE(xen_ulong_t) frame_list;   /* OUT: nr_frames frame numbers */
};
typedef struct gnttab_setup_table gnttab_setup_table_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_setup_table_t);
XEN_ABI_OFFSET(struct gnttab_setup_table, nr_frames, 4);
XEN_ABI_OFFSET(struct gnttab_setup_table, status, 8);
XEN_ABI_OFFSET(struct gnttab_setup_table, frame_list, 16);
XEN_ABI_SIZE(struct gnttab_setup_table, 24);

/* GNTTABOP_dump_table: print dom's table on the hypervisor console (debug). */
struct gnttab_dump_table {
    domid_t dom;                /* IN */
    int16_t status;             /* OUT */
};
typedef struct gnttab_dump_table gnttab_dump_table_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_dump_table_t);
XEN_ABI_OFFSET(struct gnttab_dump_table, status, 2);
XEN_ABI_SIZE(struct gnttab_dump_table, 4);

/* GNTTABOP_transfer: give frame mfn to domid, into its accept_transfer entry ref. */
struct gnttab_transfer {
    xen_pfn_t mfn;              /* IN */
    domid_t domid;              /* IN */
    grant_ref_t ref;            /* IN */
    int16_t status;             /* OUT */
};
typedef struct gnttab_transfer gnttab_transfer_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_transfer_t);
XEN_ABI_OFFSET(struct gnttab_transfer, domid, 8);
XEN_ABI_OFFSET(struct gnttab_transfer, ref, 12);
XEN_ABI_OFFSET(struct gnttab_transfer, status, 16);
XEN_ABI_SIZE(struct gnttab_transfer, 24);

/*
 * GNTTABOP_copy: the hypervisor copies len bytes from source to dest. Each
 * side is either a grant reference of domain `domid` (GNTCOPY_*_gref set:
 * that domain must have granted the caller access; a destination needs a
 * writable grant) or a frame of the caller (domid must be DOMID_SELF; for PV
 * gmfn is an MFN). offset + len must stay inside the page.
 */
struct gnttab_copy_ptr {
    union {
        grant_ref_t ref;
        xen_pfn_t gmfn;
    } u;
    domid_t domid;
    uint16_t offset;
};
struct gnttab_copy {
    struct gnttab_copy_ptr source, dest;    /* IN */
    uint16_t len;                           /* IN */
    uint16_t flags;                         /* IN: GNTCOPY_* */
    int16_t status;                         /* OUT: GNTST_* */
};
typedef struct gnttab_copy gnttab_copy_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_copy_t);
XEN_ABI_OFFSET(struct gnttab_copy_ptr, domid, 8);
XEN_ABI_OFFSET(struct gnttab_copy_ptr, offset, 10);
XEN_ABI_SIZE(struct gnttab_copy_ptr, 16);
XEN_ABI_OFFSET(struct gnttab_copy, dest, 16);
XEN_ABI_OFFSET(struct gnttab_copy, len, 32);
XEN_ABI_OFFSET(struct gnttab_copy, flags, 34);
XEN_ABI_OFFSET(struct gnttab_copy, status, 36);
XEN_ABI_SIZE(struct gnttab_copy, 40);

/* GNTTABOP_query_size: how many frames dom's table has now, and at most. */
struct gnttab_query_size {
    domid_t dom;                /* IN */
    uint32_t nr_frames;         /* OUT */
    uint32_t max_nr_frames;     /* OUT */
    int16_t status;             /* OUT: GNTST_* */
};
typedef struct gnttab_query_size gnttab_query_size_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_query_size_t);
XEN_ABI_OFFSET(struct gnttab_query_size, nr_frames, 4);
XEN_ABI_OFFSET(struct gnttab_query_size, max_nr_frames, 8);
XEN_ABI_OFFSET(struct gnttab_query_size, status, 12);
XEN_ABI_SIZE(struct gnttab_query_size, 16);

#endif /* __ASSEMBLY__ */
#endif /* HESTIA_PUBLIC_GRANT_TABLE_H */
