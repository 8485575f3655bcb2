/*
 * elf.c - parse and load an ELF64 PV kernel (see elf.h).
 *
 * A Xen PV kernel is an ordinary ELF64 executable plus notes named "Xen" that tell
 * the domain builder what it needs: the entry point, where the hypercall page goes,
 * the virtual base of the image, and a few strings (guest OS, loader, features).
 * Everything read from the file is bounds-checked: the image comes from a boot
 * module, and later from dom0, so it is untrusted input.
 */
#include <hestia/elf.h>
#include <hestia/errno.h>
#include <hestia/lib.h>

#include <public/elfnote.h>

#define EI_NIDENT 16
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define ET_EXEC 2
#define EM_X86_64 62
#define PT_LOAD 1
#define PT_NOTE 4

struct elf64_ehdr {
    uint8_t e_ident[EI_NIDENT];
    uint16_t e_type, e_machine;
    uint32_t e_version;
    uint64_t e_entry, e_phoff, e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf64_phdr {
    uint32_t p_type, p_flags;
    uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

struct elf64_note {
    uint32_t namesz, descsz, type;
};

#define MAX_IMAGE_SPAN (1UL << 30)      /* a PV kernel image larger than 1 GiB is bogus */

static const struct elf64_phdr *phdr(const struct elf_info *info, unsigned int i)
{
    const struct elf64_ehdr *eh = (const void *)info->image;
    return (const void *)(info->image + eh->e_phoff + (uint64_t)i * eh->e_phentsize);
}

static unsigned int phnum(const struct elf_info *info)
{
    return ((const struct elf64_ehdr *)info->image)->e_phnum;
}

static bool in_file(const struct elf_info *info, uint64_t off, uint64_t len)
{
    return off <= info->size && len <= info->size - off;
}

static uint64_t note_number(const uint8_t *desc, uint32_t len)
{
    uint64_t v = 0;
    if (len == 4 || len == 8)
        memcpy(&v, desc, len);
    return v;
}

static void note_string(char *dst, size_t size, const uint8_t *desc, uint32_t len)
{
    size_t n = strnlen((const char *)desc, len);
    if (n >= size)
        n = size - 1;
    memcpy(dst, desc, n);
    dst[n] = '\0';
}

static void take_note(struct elf_info *info, uint32_t type, const uint8_t *desc, uint32_t len)
{
    info->has_xen_notes = true;
    switch (type) {
    case XEN_ELFNOTE_ENTRY:          info->entry = note_number(desc, len); break;
    case XEN_ELFNOTE_HYPERCALL_PAGE: info->hypercall_page = note_number(desc, len); break;
    case XEN_ELFNOTE_VIRT_BASE:      info->virt_base = note_number(desc, len); break;
    case XEN_ELFNOTE_PADDR_OFFSET:   info->paddr_offset = note_number(desc, len); break;
    case XEN_ELFNOTE_GUEST_OS:
        note_string(info->guest_os, sizeof(info->guest_os), desc, len); break;
    case XEN_ELFNOTE_GUEST_VERSION:
        note_string(info->guest_version, sizeof(info->guest_version), desc, len); break;
    case XEN_ELFNOTE_XEN_VERSION:
        note_string(info->xen_version, sizeof(info->xen_version), desc, len); break;
    case XEN_ELFNOTE_LOADER:
        note_string(info->loader, sizeof(info->loader), desc, len); break;
    case XEN_ELFNOTE_FEATURES:
        note_string(info->features, sizeof(info->features), desc, len); break;
    default:
        break;
    }
}

/* Walk the notes of one PT_NOTE segment. */
static int parse_notes(struct elf_info *info, uint64_t off, uint64_t len, bool *saw_paddr)
{
    uint64_t end = off + len;
    while (end - off >= sizeof(struct elf64_note)) {
        struct elf64_note n;
        memcpy(&n, info->image + off, sizeof(n));
        uint64_t name = off + sizeof(n);
        uint64_t desc = name + ROUNDUP((uint64_t)n.namesz, 4);
        uint64_t next = desc + ROUNDUP((uint64_t)n.descsz, 4);
        if (next > end || next <= off)
            return -EINVAL;
        if (n.namesz == 4 && memcmp(info->image + name, "Xen", 4) == 0) {
            if (n.type == XEN_ELFNOTE_PADDR_OFFSET)
                *saw_paddr = true;
            take_note(info, n.type, info->image + desc, n.descsz);
        }
        off = next;
    }
    return 0;
}

static int check_header(const struct elf_info *info, const char **why)
{
    const struct elf64_ehdr *eh = (const void *)info->image;

    if (info->size < sizeof(*eh) || memcmp(eh->e_ident, "\177ELF", 4) != 0)
        return *why = "not an ELF file", -EINVAL;
    if (eh->e_ident[4] != ELFCLASS64 || eh->e_ident[5] != ELFDATA2LSB)
        return *why = "not a little-endian ELF64 file", -EINVAL;
    if (eh->e_type != ET_EXEC || eh->e_machine != EM_X86_64)
        return *why = "not an x86-64 executable", -EINVAL;
    if (eh->e_phentsize != sizeof(struct elf64_phdr) || eh->e_phnum == 0 ||
        !in_file(info, eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(struct elf64_phdr)))
        return *why = "bad program headers", -EINVAL;
    return 0;
}

int elf_parse(const uint8_t *image, size_t size, struct elf_info *info, const char **why)
{
    bool saw_paddr = false;
    uint64_t lo = UINT64_MAX, hi = 0;

    memset(info, 0, sizeof(*info));
    info->image = image;
    info->size = size;
    int rc = check_header(info, why);
    if (rc)
        return rc;

    for (unsigned int i = 0; i < phnum(info); i++) {
        const struct elf64_phdr *ph = phdr(info, i);
        if (ph->p_type == PT_NOTE) {
            if (!in_file(info, ph->p_offset, ph->p_filesz) ||
                parse_notes(info, ph->p_offset, ph->p_filesz, &saw_paddr) != 0)
                return *why = "bad note segment", -EINVAL;
        }
    }
    if (!saw_paddr)
        info->paddr_offset = info->virt_base;

    for (unsigned int i = 0; i < phnum(info); i++) {
        const struct elf64_phdr *ph = phdr(info, i);
        if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
            continue;
        if (ph->p_filesz > ph->p_memsz || !in_file(info, ph->p_offset, ph->p_filesz))
            return *why = "a segment lies outside the file", -EINVAL;
        uint64_t dest = elf_dest(info, ph->p_paddr);
        if (dest + ph->p_memsz < dest)
            return *why = "a segment wraps around", -EINVAL;
        lo = MIN(lo, dest);
        hi = MAX(hi, dest + ph->p_memsz);
    }
    if (hi == 0)
        return *why = "no loadable segment", -EINVAL;
    info->virt_kstart = lo & ~(uint64_t)(PAGE_SIZE - 1);
    info->virt_kend = ROUNDUP(hi, PAGE_SIZE);
    if (info->virt_kend - info->virt_kstart > MAX_IMAGE_SPAN)
        return *why = "the image spans more than 1 GiB", -EINVAL;
    if (info->entry == 0)
        info->entry = ((const struct elf64_ehdr *)image)->e_entry;
    if (info->entry < info->virt_kstart || info->entry >= info->virt_kend)
        return *why = "the entry point is outside the image", -EINVAL;
    if (info->hypercall_page &&
        (info->hypercall_page & (PAGE_SIZE - 1) || info->hypercall_page < info->virt_kstart ||
         info->hypercall_page >= info->virt_kend))
        return *why = "the hypercall page is not a page of the image", -EINVAL;
    return 0;
}

uint64_t elf_dest(const struct elf_info *info, uint64_t p_paddr)
{
    return p_paddr - info->paddr_offset + info->virt_base;
}

int elf_load(const struct elf_info *info, elf_write_fn write, void *ctx)
{
    for (unsigned int i = 0; i < phnum(info); i++) {
        const struct elf64_phdr *ph = phdr(info, i);
        if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
            continue;
        uint64_t dest = elf_dest(info, ph->p_paddr);
        int rc = write(ctx, dest, info->image + ph->p_offset, ph->p_filesz);
        if (rc == 0 && ph->p_memsz > ph->p_filesz)
            rc = write(ctx, dest + ph->p_filesz, NULL, ph->p_memsz - ph->p_filesz);
        if (rc)
            return rc;
    }
    return 0;
}
