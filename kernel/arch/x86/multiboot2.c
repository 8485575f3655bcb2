/*
 * multiboot2.c - read what GRUB tells us (the Multiboot2 specification, section 3.6).
 *
 * The boot information is a list of tags, each { u32 type; u32 size; ... } padded to
 * 8 bytes, after an 8-byte header { u32 total_size; u32 reserved; }. We copy what we
 * need into boot_info (include/hestia/bootinfo.h) and never look at GRUB's copy
 * again: its memory becomes free RAM.
 */
#include <hestia/arch.h>
#include <hestia/bootinfo.h>
#include <hestia/lib.h>
#include <hestia/printk.h>
#include <asm/x86.h>

#define MB2_BOOTLOADER_MAGIC 0x36d76289

#define MB2_TAG_END       0
#define MB2_TAG_CMDLINE   1
#define MB2_TAG_LOADER    2
#define MB2_TAG_MODULE    3
#define MB2_TAG_MMAP      6
#define MB2_TAG_ACPI_OLD  14
#define MB2_TAG_ACPI_NEW  15

struct mb2_tag {
    uint32_t type;
    uint32_t size;
};

struct mb2_tag_string {
    struct mb2_tag tag;
    char string[];
};

struct mb2_tag_module {
    struct mb2_tag tag;
    uint32_t mod_start, mod_end;
    char cmdline[];
};

struct mb2_tag_mmap {
    struct mb2_tag tag;
    uint32_t entry_size, entry_version;
    /* entries follow */
};

struct mb2_mmap_entry {
    uint64_t addr, len;
    uint32_t type, reserved;
};

struct boot_info boot_info;

static void take_mmap(const struct mb2_tag_mmap *t)
{
    const uint8_t *p = (const uint8_t *)(t + 1);
    const uint8_t *end = (const uint8_t *)t + t->tag.size;

    for (; p + sizeof(struct mb2_mmap_entry) <= end; p += t->entry_size) {
        const struct mb2_mmap_entry *e = (const void *)p;
        if (boot_info.nr_mmap == BOOT_MAX_MMAP) {
            printk(XENLOG_WARNING "multiboot2: memory map has more than %d entries; "
                   "ignoring the rest\n", BOOT_MAX_MMAP);
            return;
        }
        struct boot_mmap_entry *b = &boot_info.mmap[boot_info.nr_mmap++];
        b->addr = e->addr;
        b->len = e->len;
        b->type = e->type;
    }
}

static void take_module(const struct mb2_tag_module *t)
{
    if (boot_info.nr_modules == BOOT_MAX_MODULES) {
        printk(XENLOG_WARNING "multiboot2: more than %d modules; ignoring the rest\n",
               BOOT_MAX_MODULES);
        return;
    }
    struct boot_module *m = &boot_info.modules[boot_info.nr_modules++];
    m->start = t->mod_start;
    m->end = t->mod_end;
    /* The first word names the module (Xen's "placeholder" word, put to use). */
    const char *rest = t->cmdline;
    size_t n = 0;
    while (rest[n] && rest[n] != ' ')
        n++;
    snprintf(m->name, sizeof(m->name), "%.*s", (int)n, rest);
    rest += n;
    while (*rest == ' ')
        rest++;
    if (strlcpy(m->cmdline, rest, sizeof(m->cmdline)) >= sizeof(m->cmdline))
        printk(XENLOG_WARNING "multiboot2: module %u's command line truncated\n",
               boot_info.nr_modules - 1);
}

static void take_rsdp(const struct mb2_tag *t)
{
    size_t len = t->size - sizeof(*t);
    boot_info.rsdp_len = len < sizeof(boot_info.rsdp) ? len : sizeof(boot_info.rsdp);
    memcpy(boot_info.rsdp, t + 1, boot_info.rsdp_len);
}

static void take_tag(const struct mb2_tag *t)
{
    switch (t->type) {
    case MB2_TAG_CMDLINE:
        if (strlcpy(boot_info.cmdline, ((const struct mb2_tag_string *)t)->string,
                    sizeof(boot_info.cmdline)) >= sizeof(boot_info.cmdline))
            printk(XENLOG_WARNING "multiboot2: command line truncated\n");
        break;
    case MB2_TAG_LOADER:
        strlcpy(boot_info.loader, ((const struct mb2_tag_string *)t)->string,
                sizeof(boot_info.loader));
        break;
    case MB2_TAG_MODULE:
        take_module((const struct mb2_tag_module *)t);
        break;
    case MB2_TAG_MMAP:
        take_mmap((const struct mb2_tag_mmap *)t);
        break;
    case MB2_TAG_ACPI_OLD:
        if (boot_info.rsdp_len == 0)      /* prefer the ACPI 2.0 copy */
            take_rsdp(t);
        break;
    case MB2_TAG_ACPI_NEW:
        take_rsdp(t);
        break;
    default:
        break;
    }
}

int multiboot2_parse(uint32_t magic, paddr_t mbi)
{
    if (magic != MB2_BOOTLOADER_MAGIC)
        return -1;

    const uint8_t *base = maddr_to_virt(mbi);
    uint32_t total = *(const uint32_t *)base;
    const uint8_t *p = base + 8, *end = base + total;

    while (p + sizeof(struct mb2_tag) <= end) {
        const struct mb2_tag *t = (const void *)p;
        if (t->type == MB2_TAG_END)
            return 0;
        if (t->size < sizeof(*t) || p + t->size > end)
            return -1;
        take_tag(t);
        p += ROUNDUP(t->size, 8);
    }
    return -1;   /* no end tag */
}

static const char *mem_type_name(uint32_t type)
{
    switch (type) {
    case BOOT_MEM_RAM:      return "RAM";
    case BOOT_MEM_RESERVED: return "reserved";
    case BOOT_MEM_ACPI:     return "ACPI data";
    case BOOT_MEM_NVS:      return "ACPI NVS";
    case BOOT_MEM_BAD:      return "bad";
    default:                return "unknown";
    }
}

/* The RSDP starts with "RSD PTR " and its first 20 bytes sum to 0 (mod 256). */
static void print_rsdp(void)
{
    const uint8_t *r = boot_info.rsdp;
    uint8_t sum = 0;

    if (boot_info.rsdp_len < 20) {
        printk(XENLOG_WARNING "ACPI: the boot loader gave no RSDP\n");
        return;
    }
    for (int i = 0; i < 20; i++)
        sum += r[i];
    printk("ACPI: RSDP rev %u, OEM '%.6s', RSDT 0x%x, checksum %s\n", r[15], &r[9],
           *(const uint32_t *)&r[16], sum == 0 ? "ok" : "BAD");
}

void bootinfo_print(void)
{
    printk("Boot loader: %s\n", boot_info.loader[0] ? boot_info.loader : "(unnamed)");
    printk("Memory map (%u entries):\n", boot_info.nr_mmap);
    for (unsigned int i = 0; i < boot_info.nr_mmap; i++) {
        const struct boot_mmap_entry *e = &boot_info.mmap[i];
        printk("  %016llx - %016llx  %s\n", (unsigned long long)e->addr,
               (unsigned long long)(e->addr + e->len), mem_type_name(e->type));
    }
    printk("Modules: %u\n", boot_info.nr_modules);
    for (unsigned int i = 0; i < boot_info.nr_modules; i++) {
        const struct boot_module *m = &boot_info.modules[i];
        printk("  module %u: %016llx - %016llx (%llu bytes) %s '%s'\n", i,
               (unsigned long long)m->start, (unsigned long long)m->end,
               (unsigned long long)(m->end - m->start), m->name, m->cmdline);
    }
    print_rsdp();
}
