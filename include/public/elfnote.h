/*
 * include/public/elfnote.h - XEN_ELFNOTE_*: the ELF notes through which a PV
 * kernel tells the domain builder how to load and start it.
 *
 * The notes sit in a PT_NOTE segment of the kernel's ELF file. Each has the
 * name "Xen" and one of the types below. A value is either a string
 * (NUL-terminated ASCII) or a number, 4 or 8 bytes according to the size of
 * the note's descriptor.
 *
 * Xen's loader (libelf) refuses a PV kernel unless XEN_VERSION is "xen-3.0"
 * and LOADER is "generic" (or GUEST_OS begins with "linux"); a 64-bit PV
 * kernel also gives ENTRY and HYPERCALL_PAGE, and usually GUEST_OS,
 * VIRT_BASE, PADDR_OFFSET and FEATURES. A kernel meant to boot on both
 * hypervisors should carry at least these.
 *
 * Layout-identical to Xen's xen/include/public/elfnote.h (Xen 4.17): the same
 * note types. The text is Hestia's own.
 *
 * Usable from assembly, where the notes are usually written.
 */
#ifndef HESTIA_PUBLIC_ELFNOTE_H
#define HESTIA_PUBLIC_ELFNOTE_H

#define XEN_ELFNOTE_INFO            0  /* string: NAME=VALUE */
#define XEN_ELFNOTE_ENTRY           1  /* number: virtual entry point */
#define XEN_ELFNOTE_HYPERCALL_PAGE  2  /* number: virtual address of the page
                                          the hypervisor fills with stubs */
#define XEN_ELFNOTE_VIRT_BASE       3  /* number: where the image is mapped
                                          (default 0) */
#define XEN_ELFNOTE_PADDR_OFFSET    4  /* number: subtract from the ELF paddr
                                          fields to get pseudo-physical
                                          addresses (default 0) */
#define XEN_ELFNOTE_XEN_VERSION     5  /* string: hypervisor version expected,
                                          e.g. "xen-3.0" */
#define XEN_ELFNOTE_GUEST_OS        6  /* string: the kernel's name */
#define XEN_ELFNOTE_GUEST_VERSION   7  /* string: the kernel's version */
#define XEN_ELFNOTE_LOADER          8  /* string: loader type, "generic" */
#define XEN_ELFNOTE_PAE_MODE        9  /* string: 32-bit PAE support ("yes",
                                          "no", "bimodal") */
#define XEN_ELFNOTE_FEATURES       10  /* string: XENFEAT names joined by '|',
                                          '!' before the required ones */
#define XEN_ELFNOTE_BSD_SYMTAB     11  /* string: "yes" to have the symbol
                                          table loaded too */
#define XEN_ELFNOTE_HV_START_LOW   12  /* number: lowest start of the
                                          hypervisor hole the kernel accepts */
#define XEN_ELFNOTE_L1_MFN_VALID   13  /* numbers: mask/value pairs telling
                                          which non-present L1 entries still
                                          hold valid MFNs */
#define XEN_ELFNOTE_SUSPEND_CANCEL 14  /* number: the kernel copes with a
                                          cancelled suspend (default 0) */
#define XEN_ELFNOTE_INIT_P2M       15  /* number: virtual address at which to
                                          map the initial p2m list, instead of
                                          inside the initial mapping */
#define XEN_ELFNOTE_MOD_START_PFN  16  /* number: the kernel accepts an initrd
                                          given as a PFN, not mapped */
#define XEN_ELFNOTE_SUPPORTED_FEATURES 17 /* number: XENFEAT bitmap the kernel
                                          supports (ORed with FEATURES) */
#define XEN_ELFNOTE_PHYS32_ENTRY   18  /* number: 32-bit physical entry point
                                          for PVH (HVM container) boots */

/* The highest note type above. */
#define XEN_ELFNOTE_MAX XEN_ELFNOTE_PHYS32_ENTRY

/*
 * Notes the hypervisor and tools themselves write, into crash dumps and
 * core files (not read from guest kernels).
 */
#define XEN_ELFNOTE_CRASH_INFO               0x1000001
#define XEN_ELFNOTE_CRASH_REGS               0x1000002
#define XEN_ELFNOTE_DUMPCORE_NONE            0x2000000
#define XEN_ELFNOTE_DUMPCORE_HEADER          0x2000001
#define XEN_ELFNOTE_DUMPCORE_XEN_VERSION     0x2000002
#define XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION  0x2000003

#endif /* HESTIA_PUBLIC_ELFNOTE_H */
