/*
 * asm/config.h - the hypervisor's place in the x86-64 address space.
 *
 * On x86-64 Xen reserves PML4 slots 256-271 (0xffff800000000000 - 0xffff87ffffffffff)
 * for itself and leaves every other address to 64-bit PV guests. Hestia uses the same
 * hole, with Xen's addresses:
 *
 *   0xffff800000000000  slot 256   read-only machine-to-phys table (later issues)
 *   0xffff82d040000000  slot 261   the hypervisor image (XEN_VIRT_START)
 *   0xffff830000000000  slots 262-271  direct map of all RAM (DIRECTMAP_VIRT_START)
 *
 * The image is loaded by GRUB at physical 2 MiB and XEN_VIRT_START maps physical 0,
 * so an image address minus XEN_VIRT_START is its physical address.
 * This header is included by assembly too.
 */
#ifndef ASM_CONFIG_H
#define ASM_CONFIG_H

#ifndef HYPERVISOR_VIRT_START          /* public/arch-x86/xen-x86_64.h has it too */
#define HYPERVISOR_VIRT_START 0xffff800000000000
#define HYPERVISOR_VIRT_END   0xffff880000000000
#endif
#define XEN_VIRT_START        0xffff82d040000000
#define DIRECTMAP_VIRT_START  0xffff830000000000
#define DIRECTMAP_VIRT_END    0xffff880000000000
#define DIRECTMAP_SIZE        (DIRECTMAP_VIRT_END - DIRECTMAP_VIRT_START)

#define XEN_PHYS_LOAD         0x200000      /* where GRUB loads the image */
#define TRAMPOLINE_PHYS       0x8000        /* secondary CPUs start here (real mode) */

/* Selectors, as Xen's: hypervisor descriptors live in the GDT's last page. */
#define FIRST_RESERVED_GDT_PAGE  14
#define FIRST_RESERVED_GDT_BYTE  (FIRST_RESERVED_GDT_PAGE * 4096)
#define FIRST_RESERVED_GDT_ENTRY (FIRST_RESERVED_GDT_BYTE / 8)
#define GDT_PAGES                16

#define __HYPERVISOR_CS   0xe008   /* ring 0, 64-bit code */
#define __HYPERVISOR_DS32 0xe010   /* ring 0, flat data */
#define FLAT_RING3_CS32   0xe023
#define FLAT_RING3_DS32   0xe02b
#define FLAT_RING3_CS64   0xe033
#define __HYPERVISOR_CS32 0xe038
#define TSS_SELECTOR      0xe040   /* 16-byte system descriptor */
#define LDT_SELECTOR      0xe050

/* Interrupt stack table slots (TSS.ist[n-1]) for exceptions that need a known-good stack. */
#define IST_DF  1
#define IST_NMI 2
#define IST_MCE 3
#define IST_MAX 3


/* Interrupt vectors used by the hypervisor itself. */
#define LOCAL_TIMER_VECTOR 0xf0
#define EVENT_CHECK_VECTOR 0xfb        /* IPI: look at your pending softirqs */
#define SPURIOUS_APIC_VECTOR 0xff
#define FIRST_LEGACY_VECTOR 0x20       /* 8259 PICs remapped (and masked) here */

#endif /* ASM_CONFIG_H */
