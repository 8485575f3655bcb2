/*
 * test_elf.c - reading PV kernels: ELF64 checks, Xen notes, loading (kernel/elf.c).
 *
 * Each test builds a small ELF image in memory: header, a PT_LOAD segment and a
 * PT_NOTE segment with Xen notes, then damages one thing at a time.
 */
#include <check.h>
#include <string.h>

#include <hestia/elf.h>
#include <hestia/errno.h>
#include <public/elfnote.h>

#define VBASE 0xffffffff80000000ULL

struct ehdr { uint8_t ident[16]; uint16_t type, machine; uint32_t version;
              uint64_t entry, phoff, shoff; uint32_t flags;
              uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx; };
struct phdr { uint32_t type, flags; uint64_t offset, vaddr, paddr, filesz, memsz, align; };

static uint8_t img[16384];
static size_t img_size;
static size_t note_off, note_len;

static void add_note(uint32_t type, const void *desc, uint32_t descsz)
{
    uint32_t hdr[3] = { 4, descsz, type };
    memcpy(img + note_off + note_len, hdr, 12);
    memcpy(img + note_off + note_len + 12, "Xen", 4);
    memcpy(img + note_off + note_len + 16, desc, descsz);
    note_len += 16 + ((descsz + 3) & ~3u);
}

static void add_note64(uint32_t type, uint64_t v) { add_note(type, &v, 8); }

/* A kernel of 0x3000 bytes of file (+0x1000 of bss) at VBASE, entry at +0x100. */
static void build(bool with_paddr_offset)
{
    memset(img, 0, sizeof(img));
    struct ehdr *eh = (struct ehdr *)img;
    memcpy(eh->ident, "\177ELF\2\1\1", 7);
    eh->type = 2;
    eh->machine = 62;
    eh->entry = VBASE + 0x100;
    eh->phoff = sizeof(*eh);
    eh->phentsize = sizeof(struct phdr);
    eh->phnum = 2;

    struct phdr *ph = (struct phdr *)(img + eh->phoff);
    ph[0] = (struct phdr){ .type = 1, .offset = 0x1000, .vaddr = VBASE, .paddr = VBASE,
                           .filesz = 0x3000, .memsz = 0x4000 };
    for (int i = 0; i < 0x3000; i++)
        img[0x1000 + i] = (uint8_t)(i * 7);

    note_off = 0x400;
    note_len = 0;
    add_note64(XEN_ELFNOTE_ENTRY, VBASE + 0x200);
    add_note64(XEN_ELFNOTE_HYPERCALL_PAGE, VBASE + 0x2000);
    add_note64(XEN_ELFNOTE_VIRT_BASE, VBASE);
    if (with_paddr_offset)
        add_note64(XEN_ELFNOTE_PADDR_OFFSET, VBASE);
    add_note(XEN_ELFNOTE_GUEST_OS, "Test-OS", 8);
    add_note(XEN_ELFNOTE_LOADER, "generic", 8);
    ph[1] = (struct phdr){ .type = 4, .offset = note_off, .filesz = note_len };
    img_size = 0x4000;
}

static int parse(struct elf_info *info)
{
    const char *why = "";
    return elf_parse(img, img_size, info, &why);
}

START_TEST(test_good_kernel)
{
    struct elf_info info;
    build(true);
    ck_assert_int_eq(parse(&info), 0);
    ck_assert(info.has_xen_notes);
    ck_assert_uint_eq(info.entry, VBASE + 0x200);        /* the note beats e_entry */
    ck_assert_uint_eq(info.hypercall_page, VBASE + 0x2000);
    ck_assert_uint_eq(info.virt_kstart, VBASE);
    ck_assert_uint_eq(info.virt_kend, VBASE + 0x4000);
    ck_assert_str_eq(info.guest_os, "Test-OS");
    ck_assert_str_eq(info.loader, "generic");
}
END_TEST

START_TEST(test_paddr_offset_defaults_to_virt_base)
{
    struct elf_info info;
    build(false);
    ck_assert_int_eq(parse(&info), 0);
    ck_assert_uint_eq(info.paddr_offset, VBASE);
    ck_assert_uint_eq(elf_dest(&info, VBASE + 0x1234), VBASE + 0x1234);
}
END_TEST

struct sink { uint8_t mem[0x4000]; int calls; };

static int sink_write(void *ctx, uint64_t va, const void *src, size_t len)
{
    struct sink *s = ctx;
    ck_assert_uint_ge(va, VBASE);
    ck_assert_uint_le(va + len, VBASE + sizeof(s->mem));
    if (src)
        memcpy(s->mem + (va - VBASE), src, len);
    else
        memset(s->mem + (va - VBASE), 0, len);
    s->calls++;
    return 0;
}

START_TEST(test_load_copies_and_zeroes)
{
    static struct sink s;
    struct elf_info info;
    build(true);
    ck_assert_int_eq(parse(&info), 0);
    memset(s.mem, 0xee, sizeof(s.mem));
    ck_assert_int_eq(elf_load(&info, sink_write, &s), 0);
    ck_assert_int_eq(s.calls, 2);                        /* file bytes, then bss */
    for (int i = 0; i < 0x3000; i++)
        ck_assert_uint_eq(s.mem[i], (uint8_t)(i * 7));
    for (int i = 0x3000; i < 0x4000; i++)
        ck_assert_uint_eq(s.mem[i], 0);
}
END_TEST

static void expect_bad(const char *what)
{
    struct elf_info info;
    const char *why = NULL;
    ck_assert_msg(elf_parse(img, img_size, &info, &why) == -EINVAL, "accepted: %s", what);
    ck_assert_ptr_nonnull(why);
}

START_TEST(test_bad_images)
{
    build(true); img[0] = 'X';                                   expect_bad("bad magic");
    build(true); img[4] = 1;                                     expect_bad("ELF32");
    build(true); ((struct ehdr *)img)->machine = 3;              expect_bad("i386");
    build(true); ((struct ehdr *)img)->phoff = img_size - 8;     expect_bad("phdrs past end");
    build(true); ((struct ehdr *)img)->phnum = 0;                expect_bad("no phdrs");
    build(true); ((struct phdr *)(img + 64))[0].filesz = 0x10000; expect_bad("segment past end");
    build(true); ((struct phdr *)(img + 64))[0].filesz = 0x5000;  expect_bad("filesz > memsz");
    build(true); img_size = 32;                                  expect_bad("truncated header");
}
END_TEST

START_TEST(test_bad_notes)
{
    build(true);
    struct phdr *ph = (struct phdr *)(img + 64);
    ph[1].filesz = note_len + 12;           /* room for a note header, not its body */
    uint32_t hdr[3] = { 4, 0x1000, 99 };
    memcpy(img + note_off + note_len, hdr, 12);
    expect_bad("note larger than its segment");

    build(false);
    note_len = 0;
    add_note64(XEN_ELFNOTE_ENTRY, VBASE + 0x9000);      /* outside the image */
    ((struct phdr *)(img + 64))[1].filesz = note_len;
    expect_bad("entry outside the image");

    build(false);
    note_len = 0;
    add_note64(XEN_ELFNOTE_HYPERCALL_PAGE, VBASE + 0x2010);   /* not page aligned */
    ((struct phdr *)(img + 64))[1].filesz = note_len;
    expect_bad("unaligned hypercall page");
}
END_TEST

Suite *elf_suite(void)
{
    Suite *s = suite_create("elf");
    TCase *tc = tcase_create("parse");
    tcase_add_test(tc, test_good_kernel);
    tcase_add_test(tc, test_paddr_offset_defaults_to_virt_base);
    tcase_add_test(tc, test_load_copies_and_zeroes);
    tcase_add_test(tc, test_bad_images);
    tcase_add_test(tc, test_bad_notes);
    suite_add_tcase(s, tc);
    return s;
}
