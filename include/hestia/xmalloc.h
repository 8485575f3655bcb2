/*
 * xmalloc.h - the hypervisor heap: small allocations for hypervisor structures.
 *
 * Built on whole pages from the frame allocator (alloc_xenheap_pages). Portable: the
 * host unit tests supply their own alloc_xenheap_pages/free_xenheap_pages.
 */
#ifndef HESTIA_XMALLOC_H
#define HESTIA_XMALLOC_H

#include <hestia/types.h>

/* Pages mapped in the hypervisor's address space (the direct map). */
void *alloc_xenheap_pages(unsigned int order);
void free_xenheap_pages(void *v, unsigned int order);

/* Allocate `size` bytes, aligned to at least 16 bytes; NULL when out of memory. */
void *xmalloc_bytes(size_t size);
/* As xmalloc_bytes, zero-filled. */
void *xzalloc_bytes(size_t size);
/* Free memory from xmalloc_bytes/xzalloc_bytes; NULL is ignored. */
void xfree(void *p);

#define xmalloc(type)  ((type *)xmalloc_bytes(sizeof(type)))
#define xzalloc(type)  ((type *)xzalloc_bytes(sizeof(type)))
#define xzalloc_array(type, n) ((type *)xzalloc_bytes(sizeof(type) * (n)))

/* Bytes handed out and not yet freed (for leak checks in self-tests). */
size_t xmalloc_bytes_in_use(void);

#endif /* HESTIA_XMALLOC_H */
