/*
 * include/public/memory.h - HYPERVISOR_memory_op(cmd, arg): a domain's memory
 * reservation and the machine-to-phys (M2P) table.
 *
 * Layout-identical to Xen's xen/include/public/memory.h (Xen 4.17) for the part
 * it carries: the sub-op numbers below and struct xen_machphys_mapping. The
 * text is Hestia's own. The argument structures of the other listed sub-ops
 * (struct xen_memory_reservation, xen_memory_domain, xen_machphys_mfn_list,
 * xen_memory_map) will be added here, with Xen's layouts, as Hestia
 * implements them; read Xen's header for them meanwhile.
 *
 * Every sub-op not listed here (exchange, add_to_physmap, the PoD, paging,
 * sharing and access ops, ...) returns -ENOSYS on Hestia.
 */
#ifndef HESTIA_PUBLIC_MEMORY_H
#define HESTIA_PUBLIC_MEMORY_H

#include "xen.h"

/*
 * Grow or shrink a domain's memory, or back its pseudo-physical frames with
 * memory (populate_physmap). arg: struct xen_memory_reservation. Returns the
 * number of extents done.
 */
#define XENMEM_increase_reservation  0
#define XENMEM_decrease_reservation  1
#define XENMEM_populate_physmap      6

/* arg NULL; returns the highest machine frame number of RAM. Never fails. */
#define XENMEM_maximum_ram_page      2

/*
 * arg struct xen_memory_domain (a domid_t, may be DOMID_SELF); returns the
 * domain's current or maximum size in pages.
 */
#define XENMEM_current_reservation   3
#define XENMEM_maximum_reservation   4

/*
 * arg struct xen_machphys_mfn_list: the machine frames of the 2 MiB extents
 * that hold the M2P table.
 */
#define XENMEM_machphys_mfn_list     5

/*
 * arg struct xen_memory_map: the domain's pseudo-physical memory map, as
 * E820-format entries.
 */
#define XENMEM_memory_map            9

/* arg struct xen_machphys_mapping: where the M2P table is mapped. */
#define XENMEM_machphys_mapping     12

#ifndef __ASSEMBLY__

/*
 * The M2P table's place in the guest's address space: virtual addresses
 * [v_start, v_end), entries for machine frames 0 .. max_mfn. On x86-64 v_start
 * is MACH2PHYS_VIRT_START (arch-x86/xen-x86_64.h).
 */
struct xen_machphys_mapping {
    xen_ulong_t v_start, v_end;
    xen_ulong_t max_mfn;
};
typedef struct xen_machphys_mapping xen_machphys_mapping_t;
DEFINE_XEN_GUEST_HANDLE(xen_machphys_mapping_t);
XEN_ABI_OFFSET(struct xen_machphys_mapping, v_end, 8);
XEN_ABI_OFFSET(struct xen_machphys_mapping, max_mfn, 16);
XEN_ABI_SIZE(struct xen_machphys_mapping, 24);

#endif /* !__ASSEMBLY__ */

#endif /* HESTIA_PUBLIC_MEMORY_H */
