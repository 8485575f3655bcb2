/*
 * pv_layout.h - where the domain builder puts things in a new PV guest's address
 * space (Xen's start-of-day layout for 64-bit PV guests). Portable, host-tested.
 *
 *   v_start = virt_base      pseudo-physical frame 0
 *   [v_kstart, v_kend)       the kernel image
 *   p2m                      the phys-to-machine list: nr_pages 8-byte MFNs
 *   start_info               one page
 *   console, store           one page each: the console ring and the store page
 *                            (include/public/io/), shared with dom0 when the
 *                            toolstack asks for them; zeroed and unused otherwise
 *   page tables              nr_pt_frames pages (L4, L3s, L2s, L1s), mapped read-only
 *   stack                    one page; the guest starts with %rsp at its top
 *   ... up to v_end          mapped too: rounded up to 4 MiB, at least 512 KiB extra
 *
 * Every page in [v_start, v_end) is mapped, and the guest frame of virtual address
 * v is pfn (v - v_start) / 4096.
 */
#ifndef HESTIA_PV_LAYOUT_H
#define HESTIA_PV_LAYOUT_H

#include <hestia/types.h>

struct pv_layout {
    uint64_t v_start, v_kstart, v_kend;
    uint64_t p2m, start_info, console, store, pt, stack, v_end;
    unsigned int nr_pt_frames;
    unsigned int nr_l1, nr_l2, nr_l3;   /* of which (plus one L4) */
    unsigned long nr_pages;             /* the domain's memory, in pages */
};

/* Compute the layout; -ENOMEM if nr_pages cannot hold it, -EINVAL for bad input. */
int pv_compute_layout(struct pv_layout *l, uint64_t virt_base, uint64_t kstart,
                      uint64_t kend, unsigned long nr_pages);

static inline unsigned long pv_layout_pfn(const struct pv_layout *l, uint64_t va)
{
    return (unsigned long)((va - l->v_start) >> PAGE_SHIFT);
}

#endif /* HESTIA_PV_LAYOUT_H */
