/*
 * boot/trampoline.S - where a secondary CPU starts.
 *
 * A CPU woken by the INIT-SIPI-SIPI sequence starts in 16-bit real mode at the page
 * named by the startup IPI. smpboot.c copies this code to TRAMPOLINE_PHYS (below
 * 1 MiB, as real mode requires) and fills in tramp_cr3 and tramp_efer. The code then
 * does what head.S did for the boot CPU, in one go: protected mode, PAE, long mode,
 * paging, 64-bit code - and jumps to ap_start64 in the image proper.
 *
 * Every address here must be the address of the copy, hence T(x). The page tables
 * in tramp_cr3 map low memory one-to-one (this code) and the hypervisor's hole.
 */
#include <asm/config.h>

#define T(x) (TRAMPOLINE_PHYS + (x) - trampoline_start)

        .section .trampoline, "a", @progbits
        .code16
        .globl  trampoline_start
trampoline_start:
        cli
        cld
        xor     %ax, %ax
        mov     %ax, %ds
        lgdtl   T(tramp_gdtr)
        mov     %cr0, %eax
        or      $1, %eax                /* CR0.PE */
        mov     %eax, %cr0
        ljmpl   $0x08, $T(tramp32)

        .code32
tramp32:
        mov     $0x10, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        mov     %cr4, %eax
        or      $0x20, %eax             /* CR4.PAE */
        mov     %eax, %cr4
        mov     T(tramp_cr3), %eax
        mov     %eax, %cr3
        mov     $0xc0000080, %ecx       /* EFER: LME, and what the boot CPU has */
        rdmsr
        or      T(tramp_efer), %eax
        wrmsr
        mov     %cr0, %eax
        or      $0x80010000, %eax       /* CR0.PG | CR0.WP */
        mov     %eax, %cr0
        ljmp    $0x18, $T(tramp64)

        .code64
tramp64:
        movabs  $ap_start64, %rax
        jmp     *%rax

        .balign 8
tramp_gdt:
        .quad   0
        .quad   0x00cf9a000000ffff      /* 0x08: 32-bit code */
        .quad   0x00cf92000000ffff      /* 0x10: flat data */
        .quad   0x00af9a000000ffff      /* 0x18: 64-bit code */
tramp_gdtr:
        .short  4 * 8 - 1
        .long   T(tramp_gdt)
        .globl  tramp_cr3, tramp_efer
tramp_cr3:
        .long   0
tramp_efer:
        .long   0
        .globl  trampoline_end
trampoline_end:

/* The secondary CPU in 64-bit mode, at the hypervisor's own addresses. */
        .section .text.entry, "ax", @progbits
        .globl  ap_start64
ap_start64:
        .cfi_startproc
        .cfi_undefined rip
        mov     $0x10, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        mov     ap_boot_rsp(%rip), %rsp
        xor     %ebp, %ebp
        call    start_secondary
        ud2
        .cfi_endproc
