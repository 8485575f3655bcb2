/*
 * tests/guests/mini.S - the smallest PV guest: a test fixture for the domain
 * builder and the hypercall path, independent of pvguest/.
 *
 * It prints one line with console_io and shuts down with SHUTDOWN_poweroff; if a
 * hypercall returns an error it shuts down with SHUTDOWN_crash instead.
 */
#include <public/xen.h>
#include <public/elfnote.h>
#include <public/sched.h>

#define VIRT_BASE 0xffffffff80000000

.macro NOTE type, descsz
        .balign 4
        .long   4, \descsz, \type
        .asciz  "Xen"
        .balign 4
.endm

        .section .note.Xen, "a", @note
        NOTE    XEN_ELFNOTE_GUEST_OS, 5
        .asciz  "mini"
        NOTE    XEN_ELFNOTE_XEN_VERSION, 8
        .asciz  "xen-3.0"
        NOTE    XEN_ELFNOTE_LOADER, 8
        .asciz  "generic"
        NOTE    XEN_ELFNOTE_VIRT_BASE, 8
        .quad   VIRT_BASE
        NOTE    XEN_ELFNOTE_PADDR_OFFSET, 8
        .quad   VIRT_BASE
        NOTE    XEN_ELFNOTE_ENTRY, 8
        .quad   _start
        NOTE    XEN_ELFNOTE_HYPERCALL_PAGE, 8
        .quad   hypercall_page
        .balign 4

        .text
        .globl  _start
_start:
        mov     $CONSOLEIO_write, %edi
        mov     $(msg_end - msg), %esi
        lea     msg(%rip), %rdx
        call    hypercall_page + __HYPERVISOR_console_io * 32
        test    %rax, %rax
        jnz     crash
        mov     $SCHEDOP_shutdown, %edi
        lea     poweroff(%rip), %rsi
        call    hypercall_page + __HYPERVISOR_sched_op * 32
crash:
        mov     $SCHEDOP_shutdown, %edi
        lea     crashed(%rip), %rsi
        call    hypercall_page + __HYPERVISOR_sched_op * 32
        ud2

msg:    .ascii  "mini: hello from a PV guest\n"
msg_end:
        .balign 4
poweroff: .long SHUTDOWN_poweroff
crashed:  .long SHUTDOWN_crash

        .balign 4096
        .globl  hypercall_page
hypercall_page:
        .skip   4096
