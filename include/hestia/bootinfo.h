/*
 * bootinfo.h - what the boot loader told us, in a loader-neutral form.
 *
 * The arch code copies the Multiboot2 information (kernel/arch/x86/multiboot2.c)
 * into this structure early, so nothing later depends on where GRUB left it.
 */
#ifndef HESTIA_BOOTINFO_H
#define HESTIA_BOOTINFO_H

#include <hestia/types.h>

#define BOOT_MAX_MMAP     64
#define BOOT_MAX_MODULES  16
#define BOOT_CMDLINE_LEN  1024
#define BOOT_MODLINE_LEN  256

/* Memory map entry types (the e820/Multiboot2 numbering). */
#define BOOT_MEM_RAM      1
#define BOOT_MEM_RESERVED 2
#define BOOT_MEM_ACPI     3
#define BOOT_MEM_NVS      4
#define BOOT_MEM_BAD      5

struct boot_mmap_entry {
    paddr_t addr;
    paddr_t len;
    uint32_t type;
};

/* A boot module: a file GRUB loaded for us (later: dom0's kernel, guests, configs). */
struct boot_module {
    paddr_t start, end;                 /* machine addresses, end exclusive */
    char name[32];                      /* the first word of its module2 line */
    char cmdline[BOOT_MODLINE_LEN];     /* the rest of the module2 line */
};

struct boot_info {
    char cmdline[BOOT_CMDLINE_LEN];     /* the hypervisor's command line */
    char loader[64];                    /* e.g. "GRUB 2.06" */
    unsigned int nr_mmap;
    struct boot_mmap_entry mmap[BOOT_MAX_MMAP];
    unsigned int nr_modules;
    struct boot_module modules[BOOT_MAX_MODULES];
    unsigned int rsdp_len;              /* 0: the loader gave no ACPI RSDP */
    uint8_t rsdp[36];                   /* a copy of the ACPI RSDP (v1: 20 bytes, v2: 36) */
};

extern struct boot_info boot_info;

#endif /* HESTIA_BOOTINFO_H */
