/*
 * boot/head.S - from GRUB to 64-bit C.
 *
 * GRUB loads hestia.elf at physical 2 MiB (the ELF program headers' physical
 * addresses) and jumps to `start` in 32-bit protected mode, paging off, with
 *   eax = 0x36d76289 (the Multiboot2 magic)   ebx = physical address of the boot info.
 * The image is *linked* at XEN_VIRT_START + 2 MiB, in the hypervisor's hole at the top
 * of the address space, so until paging is on every address used here must be
 * converted to a physical one: sym_phys(x) = x - XEN_VIRT_START.
 *
 * To reach long mode (Intel SDM vol. 3, 10.8.5 "Initializing IA-32e Mode"):
 *   1. load page tables (CR3) - long mode always pages, with 4 levels;
 *   2. turn on PAE (CR4.PAE);
 *   3. set EFER.LME (and EFER.NXE so later page tables may use NX);
 *   4. turn on paging (CR0.PG): the CPU is now in IA-32e compatibility mode;
 *   5. far-jump to a 64-bit code segment: now in 64-bit mode.
 * The boot page tables below are static data: the first 4 GiB of physical memory is
 * mapped three times with 2 MiB pages - at 0 (identity, so the instruction after
 * "paging on" still runs), at DIRECTMAP_VIRT_START (the direct map) and, for the
 * first GiB, at XEN_VIRT_START (the image). C code later extends the direct map to
 * all of RAM and removes the identity map, which will belong to PV guests.
 */
#include <asm/config.h>
#include <asm/current.h>

#define sym_phys(x) ((x) - XEN_VIRT_START)

#define MB2_MAGIC         0xe85250d6   /* in the header */
#define MB2_BOOT_MAGIC    0x36d76289   /* in eax at entry */
#define MB2_ARCH_I386     0

#define PTE_P   0x001
#define PTE_RW  0x002
#define PTE_PS  0x080   /* 2 MiB page, in an L2 entry */

        .section .text.multiboot, "ax", @progbits
        .code32

/* The Multiboot2 header: GRUB looks for it in the first 32 KiB of the file. */
        .balign 8
mb2_header:
        .long   MB2_MAGIC
        .long   MB2_ARCH_I386
        .long   mb2_header_end - mb2_header
        .long   -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
        /* Information request: we need the memory map; modules and ACPI come anyway. */
        .balign 8
        .short  1, 0                    /* type 1, flags 0 (required) */
        .long   12
        .long   6                       /* memory map */
        .balign 8
        .short  0, 0                    /* end tag */
        .long   8
mb2_header_end:

/* Print a NUL-terminated string (physical address in esi) to COM1 and port 0xE9.
 * Used only for the two early errors below, before any C runs. */
early_puts:
        mov     $0x3f8, %dx
1:      lodsb
        test    %al, %al
        jz      2f
        out     %al, %dx
        mov     %al, %ah
        mov     $0xe9, %dx
        out     %al, %dx
        mov     $0x3f8, %dx
        jmp     1b
2:      ret

early_die:
        call    early_puts
3:      cli
        hlt
        jmp     3b

        .globl  start
start:
        cli
        cld
        mov     $sym_phys(boot_stack_top), %esp
        /* Keep the Multiboot2 magic and info pointer for C. */
        mov     %eax, %edi
        mov     %ebx, sym_phys(mb2_info_phys)

        mov     $sym_phys(msg_not_mb2), %esi
        cmp     $MB2_BOOT_MAGIC, %edi
        jne     early_die

        /* Long mode needs CPUID.80000001h:EDX.LM (bit 29). */
        mov     $0x80000000, %eax
        cpuid
        mov     $sym_phys(msg_no_lm), %esi
        cmp     $0x80000001, %eax
        jb      early_die
        mov     $0x80000001, %eax
        cpuid
        bt      $29, %edx
        jnc     early_die
        mov     %edx, %ebx              /* keep the feature bits: NX is bit 20 */

        /* 1. Page tables. */
        mov     $sym_phys(boot_l4), %eax
        mov     %eax, %cr3

        /* 2. PAE. */
        mov     %cr4, %eax
        or      $0x20, %eax             /* CR4.PAE */
        mov     %eax, %cr4

        /* 3. EFER.LME, and EFER.NXE when the CPU has NX. */
        mov     $0xc0000080, %ecx
        rdmsr
        or      $0x100, %eax            /* EFER.LME */
        bt      $20, %ebx
        jnc     1f
        or      $0x800, %eax            /* EFER.NXE */
1:      wrmsr

        /* 4. Paging on (with write protection honoured in ring 0). */
        mov     %cr0, %eax
        or      $0x80010001, %eax       /* CR0.PG | CR0.WP | CR0.PE */
        mov     %eax, %cr0

        /* 5. A 64-bit code segment. */
        lgdt    sym_phys(boot_gdtr)
        ljmp    $0x08, $sym_phys(start64)

        .code64
start64:
        /* Running 64-bit code at a low (identity-mapped) address: go up. */
        movabs  $start64_high, %rax
        jmp     *%rax

        .section .text.entry, "ax", @progbits
        .cfi_sections .debug_frame
        .globl  start64_high
start64_high:
        /* Tell debuggers this is the outermost frame: there is no caller. */
        .cfi_startproc
        .cfi_undefined rip
        mov     $0x10, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        xor     %eax, %eax
        mov     %eax, %fs
        mov     %eax, %gs
        /* Below the boot CPU's cpu_info (asm/current.h), 16-byte aligned. */
        movabs  $boot_stack_top - 256, %rsp
        /* The outermost frame: a zero frame pointer ends backtraces here. */
        xor     %ebp, %ebp
        /* __start_hestia(magic, mbi_phys); upper halves are undefined after the switch. */
        mov     %edi, %edi
        movabs  $mb2_info_phys, %rax
        mov     (%rax), %rsi
        call    __start_hestia
        ud2
        .cfi_endproc

        .data
        .balign 8
        .globl  mb2_info_phys
mb2_info_phys:
        .quad   0

msg_not_mb2:
        .asciz  "Hestia: not started by a Multiboot2 loader (boot it with GRUB's multiboot2 command)\r\n"
msg_no_lm:
        .asciz  "Hestia: this CPU has no 64-bit long mode; Hestia needs an x86-64 CPU\r\n"

/* A minimal GDT for the switch; C code (desc.c) loads the real one. */
        .balign 16
boot_gdt:
        .quad   0
        .quad   0x00af9a000000ffff      /* 0x08: 64-bit code, ring 0 */
        .quad   0x00cf92000000ffff      /* 0x10: flat data, ring 0 */
boot_gdt_end:
boot_gdtr:
        .short  boot_gdt_end - boot_gdt - 1
        .long   sym_phys(boot_gdt)

/* Boot page tables (see the top of this file). */
        .section .data.page_aligned, "aw", @progbits
        .balign 4096
        .globl  boot_l4
boot_l4:
        .quad   sym_phys(boot_l3_ident) + (PTE_P | PTE_RW)     /* slot 0 */
        .fill   260, 8, 0
        .quad   sym_phys(boot_l3_xen) + (PTE_P | PTE_RW)       /* slot 261 */
        .quad   sym_phys(boot_l3_dmap) + (PTE_P | PTE_RW)      /* slot 262 */
        .fill   249, 8, 0

        .globl  boot_l3_ident
boot_l3_ident:
        .quad   sym_phys(boot_l2) + 0x0000 + (PTE_P | PTE_RW)
        .quad   sym_phys(boot_l2) + 0x1000 + (PTE_P | PTE_RW)
        .quad   sym_phys(boot_l2) + 0x2000 + (PTE_P | PTE_RW)
        .quad   sym_phys(boot_l2) + 0x3000 + (PTE_P | PTE_RW)
        .fill   508, 8, 0

        .globl  boot_l3_dmap
boot_l3_dmap:
        .quad   sym_phys(boot_l2) + 0x0000 + (PTE_P | PTE_RW)
        .quad   sym_phys(boot_l2) + 0x1000 + (PTE_P | PTE_RW)
        .quad   sym_phys(boot_l2) + 0x2000 + (PTE_P | PTE_RW)
        .quad   sym_phys(boot_l2) + 0x3000 + (PTE_P | PTE_RW)
        .fill   508, 8, 0

/* XEN_VIRT_START is entry 321 of slot 261's L3; it maps the first GiB. */
boot_l3_xen:
        .fill   321, 8, 0
        .quad   sym_phys(boot_l2) + (PTE_P | PTE_RW)
        .fill   190, 8, 0

/* Four L2 tables: 2048 entries of 2 MiB = the first 4 GiB. */
        .globl  boot_l2
boot_l2:
        .set    i, 0
        .rept   2048
        .quad   (i << 21) + (PTE_P | PTE_RW | PTE_PS)
        .set    i, i + 1
        .endr

/* The boot CPU's stack. */
        .section .bss.stack, "aw", @nobits
        .balign STACK_SIZE_BLOCK        /* aligned to its size: see asm/current.h */
        .globl  boot_stack
boot_stack:
        .skip   STACK_SIZE_BLOCK
        .globl  boot_stack_top
boot_stack_top:
