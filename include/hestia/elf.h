/*
 * elf.h - reading a PV kernel's ELF64 image and its Xen ELF notes (Xen's libelf,
 * in miniature). Portable and host-tested: it works on a byte buffer.
 */
#ifndef HESTIA_ELF_H
#define HESTIA_ELF_H

#include <hestia/types.h>

/* What the builder needs to know about a PV kernel. */
struct elf_info {
    const uint8_t *image;           /* the ELF file */
    size_t size;
    uint64_t entry;                 /* XEN_ELFNOTE_ENTRY, else e_entry */
    uint64_t virt_base;             /* XEN_ELFNOTE_VIRT_BASE (0 if absent) */
    uint64_t paddr_offset;          /* XEN_ELFNOTE_PADDR_OFFSET (virt_base if absent) */
    uint64_t hypercall_page;        /* XEN_ELFNOTE_HYPERCALL_PAGE (0 if absent) */
    uint64_t virt_kstart, virt_kend;    /* loaded range, page aligned */
    bool has_xen_notes;
    char guest_os[32], guest_version[32], xen_version[16], loader[16];
    char features[128];
};

/*
 * Check the ELF header and program headers and collect the Xen notes.
 * Returns 0, or -EINVAL with a reason in *why (a static string).
 */
int elf_parse(const uint8_t *image, size_t size, struct elf_info *info, const char **why);

/* Where a segment's bytes go in the guest: p_paddr - paddr_offset + virt_base. */
uint64_t elf_dest(const struct elf_info *info, uint64_t p_paddr);

/*
 * Load every PT_LOAD segment: write(ctx, vaddr, src, len) copies file bytes, and
 * write(ctx, vaddr, NULL, len) zero-fills (the .bss part). Returns 0 or the first
 * error write() returned.
 */
typedef int (*elf_write_fn)(void *ctx, uint64_t vaddr, const void *src, size_t len);
int elf_load(const struct elf_info *info, elf_write_fn write, void *ctx);

#endif /* HESTIA_ELF_H */
