/*
 * pv_layout.c - the start-of-day layout of a 64-bit PV guest (see pv_layout.h).
 *
 * The only subtle part: the page tables must map themselves and everything after
 * them, so their number depends on where the mapping ends, which depends on their
 * number. We iterate until it stops changing (two or three rounds).
 */
#include <hestia/errno.h>
#include <hestia/pv_layout.h>

#define MB(x) ((uint64_t)(x) << 20)

/* How many tables of a level cover [start, end): one per 2^shift-sized region. */
static unsigned int tables_for(uint64_t start, uint64_t end, unsigned int shift)
{
    return (unsigned int)(((end - 1) >> shift) - (start >> shift) + 1);
}

static void place_after_pt(struct pv_layout *l)
{
    l->stack = l->pt + (uint64_t)l->nr_pt_frames * PAGE_SIZE;
    uint64_t stack_end = l->stack + PAGE_SIZE;
    l->v_end = ROUNDUP(stack_end, MB(4));
    if (l->v_end - stack_end < 512 * 1024)
        l->v_end += MB(4);
}

int pv_compute_layout(struct pv_layout *l, uint64_t virt_base, uint64_t kstart,
                      uint64_t kend, unsigned long nr_pages)
{
    if ((virt_base & (PAGE_SIZE - 1)) || kstart < virt_base || kend <= kstart ||
        nr_pages == 0 || nr_pages > (1UL << 28))
        return -EINVAL;

    l->nr_pages = nr_pages;
    l->v_start = virt_base;
    l->v_kstart = kstart;
    l->v_kend = ROUNDUP(kend, PAGE_SIZE);
    l->p2m = l->v_kend;
    l->start_info = l->p2m + ROUNDUP((uint64_t)nr_pages * 8, PAGE_SIZE);
    l->console = l->start_info + PAGE_SIZE;
    l->store = l->console + PAGE_SIZE;
    l->pt = l->store + PAGE_SIZE;

    l->nr_pt_frames = 1;
    for (int round = 0; round < 8; round++) {
        place_after_pt(l);
        if (l->v_end < l->v_start)
            return -EINVAL;                     /* wrapped past the top */
        l->nr_l1 = tables_for(l->v_start, l->v_end, 21);
        l->nr_l2 = tables_for(l->v_start, l->v_end, 30);
        l->nr_l3 = tables_for(l->v_start, l->v_end, 39);
        unsigned int need = 1 + l->nr_l3 + l->nr_l2 + l->nr_l1;
        if (need == l->nr_pt_frames)
            break;
        l->nr_pt_frames = need;
    }
    place_after_pt(l);
    if ((l->v_end - l->v_start) >> PAGE_SHIFT > nr_pages)
        return -ENOMEM;
    return 0;
}
