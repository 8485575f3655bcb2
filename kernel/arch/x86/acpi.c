/*
 * acpi.c - finding the CPUs: the ACPI MADT ("APIC" table).
 *
 * The boot loader gave us a copy of the RSDP (multiboot2.c). It points to the RSDT
 * (32-bit table pointers) or, from ACPI 2.0, the XSDT (64-bit ones); among the
 * tables listed there, the MADT lists one "processor local APIC" entry per CPU. We
 * only read what we need, and check each table's checksum before trusting it.
 */
#include <hestia/arch.h>
#include <hestia/bootinfo.h>
#include <hestia/lib.h>
#include <hestia/printk.h>
#include <asm/smp.h>

struct acpi_header {
    char signature[4];
    uint32_t length;
    uint8_t revision, checksum;
    char oem_id[6], oem_table_id[8];
    uint32_t oem_revision, creator_id, creator_revision;
} __packed;

#define MADT_LOCAL_APIC   0
#define MADT_LOCAL_X2APIC 9

static bool checksum_ok(const void *p, size_t len)
{
    const uint8_t *b = p;
    uint8_t sum = 0;
    for (size_t i = 0; i < len; i++)
        sum += b[i];
    return sum == 0;
}

static const struct acpi_header *table_at(paddr_t pa)
{
    const struct acpi_header *h = maddr_to_virt(pa);
    if (pa == 0 || pa >= (4ULL << 30) || h->length < sizeof(*h) || h->length > (1 << 20) ||
        !checksum_ok(h, h->length))
        return NULL;
    return h;
}

/* The table with this signature, from the RSDT or XSDT. */
static const struct acpi_header *find_table(const char *sig)
{
    const uint8_t *rsdp = boot_info.rsdp;
    bool xsdt = boot_info.rsdp_len >= 36 && rsdp[15] >= 2;
    paddr_t root = xsdt ? *(const uint64_t *)&rsdp[24] : *(const uint32_t *)&rsdp[16];
    const struct acpi_header *r = boot_info.rsdp_len >= 20 ? table_at(root) : NULL;
    size_t width = xsdt ? 8 : 4;

    if (!r)
        return NULL;
    size_t n = (r->length - sizeof(*r)) / width;
    const uint8_t *entries = (const uint8_t *)(r + 1);
    for (size_t i = 0; i < n; i++) {
        paddr_t pa = xsdt ? *(const uint64_t *)(entries + i * 8)
                          : *(const uint32_t *)(entries + i * 4);
        const struct acpi_header *t = table_at(pa);
        if (t && memcmp(t->signature, sig, 4) == 0)
            return t;
    }
    return NULL;
}

unsigned int acpi_find_cpus(uint32_t *apic_ids, unsigned int max)
{
    const struct acpi_header *madt = find_table("APIC");
    unsigned int n = 0;

    if (!madt) {
        printk(XENLOG_WARNING "ACPI: no MADT; running on the boot CPU only\n");
        return 0;
    }
    const uint8_t *p = (const uint8_t *)(madt + 1) + 8;    /* skip APIC address, flags */
    const uint8_t *end = (const uint8_t *)madt + madt->length;
    while (p + 2 <= end && p[1] >= 2 && p + p[1] <= end) {
        if (p[0] == MADT_LOCAL_APIC && p[1] >= 8 && (*(const uint32_t *)&p[4] & 1) && n < max)
            apic_ids[n++] = p[3];
        else if (p[0] == MADT_LOCAL_X2APIC && p[1] >= 16 &&
                 (*(const uint32_t *)&p[8] & 1) && n < max)
            apic_ids[n++] = *(const uint32_t *)&p[4];
        p += p[1];
    }
    return n;
}
