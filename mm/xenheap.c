/*
 * xenheap.c - whole pages for the hypervisor's own use.
 *
 * Xen distinguishes the xenheap (pages the hypervisor itself uses, always mapped) from
 * the domheap (pages given to domains). Hestia has one allocator for both; a xenheap
 * page is simply an allocated frame seen through the direct map.
 */
#include <hestia/arch.h>
#include <hestia/mm.h>
#include <hestia/xmalloc.h>

void *alloc_xenheap_pages(unsigned int order)
{
    struct page_info *pg = alloc_heap_pages(order);
    return pg ? maddr_to_virt(page_to_maddr(pg)) : NULL;
}

void free_xenheap_pages(void *v, unsigned int order)
{
    if (v)
        free_heap_pages(mfn_to_page(virt_to_maddr(v) >> PAGE_SHIFT), order);
}
