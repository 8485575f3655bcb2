/*
 * pvguest/elfnotes.S - the Xen ELF notes: how this kernel tells a domain builder
 * (Xen's libelf, or Hestia's) how to load and start it.
 *
 * Each note is a standard ELF note: name size, descriptor size, type, the name
 * "Xen\0" and the descriptor, each padded to 4 bytes. They sit in the section
 * .note.Xen, which the linker script puts in a PT_NOTE program header; the builder
 * scans PT_NOTE segments for notes named "Xen". Numbers are 8-byte descriptors
 * (the builder accepts 4 or 8 bytes), strings are NUL-terminated.
 *
 * Where the image goes. Xen's libelf computes the virtual address the image is
 * loaded at as
 *     virt_kstart = lowest PT_LOAD p_paddr + (VIRT_BASE - PADDR_OFFSET)
 * and maps pseudo-physical frame 0 at VIRT_BASE. Our p_paddr equal our p_vaddr, so
 * VIRT_BASE = PADDR_OFFSET = 0xffffffff80000000 puts every byte at its link address
 * and makes the image start at pfn 0. (Linux instead links with p_paddr = physical
 * address and PADDR_OFFSET = 0; the arithmetic comes out the same way.)
 *
 * What Xen checks before it will build the domain: XEN_VERSION must be "xen-3.0",
 * and LOADER must be "generic" (or GUEST_OS start with "linux"). A 64-bit PV kernel
 * also needs ENTRY (else e_entry is used) and HYPERCALL_PAGE (else it gets no
 * hypercall page and cannot make a single hypercall).
 *
 * FEATURES lists XENFEAT_* names; a '!' in front would mean "required". This kernel
 * requires none: it does all page-table writes with hypercalls, so it does not need
 * writable_page_tables (Linux asks for it), and it runs in ring 3, so it must not ask
 * for supervisor_mode_kernel (Xen refuses such a dom0). It does say it can be dom0:
 * Xen 4.17 refuses to build dom0 from a kernel that has a SUPPORTED_FEATURES note
 * without the XENFEAT_dom0 bit, so we give the bit in both notes.
 */
#include <public/elfnote.h>
#include <public/features.h>

#define VIRT_BASE 0xffffffff80000000

        /* One note; 'desc' is the assembler directive that emits the descriptor. */
        .macro ELFNOTE type, desc:vararg
        .pushsection .note.Xen, "a", @note
        .balign 4
        .long   2f - 1f                 /* namesz */
        .long   4f - 3f                 /* descsz */
        .long   \type
1:      .asciz  "Xen"
2:      .balign 4
3:      \desc
4:      .balign 4
        .popsection
        .endm

        ELFNOTE XEN_ELFNOTE_GUEST_OS,       .asciz "Hestia-pvguest"
        ELFNOTE XEN_ELFNOTE_GUEST_VERSION,  .asciz "1.0"
        ELFNOTE XEN_ELFNOTE_XEN_VERSION,    .asciz "xen-3.0"
        ELFNOTE XEN_ELFNOTE_LOADER,         .asciz "generic"
        ELFNOTE XEN_ELFNOTE_VIRT_BASE,      .quad VIRT_BASE
        ELFNOTE XEN_ELFNOTE_PADDR_OFFSET,   .quad VIRT_BASE
        ELFNOTE XEN_ELFNOTE_ENTRY,          .quad _start
        ELFNOTE XEN_ELFNOTE_HYPERCALL_PAGE, .quad hypercall_page
        ELFNOTE XEN_ELFNOTE_FEATURES,       .asciz "dom0"
        ELFNOTE XEN_ELFNOTE_SUPPORTED_FEATURES, .long (1 << XENFEAT_dom0)

        .section .note.GNU-stack, "", @progbits
