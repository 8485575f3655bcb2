/*
 * hestia.lds.S - how the hypervisor image is laid out (preprocessed by cpp).
 *
 * Virtual addresses start at XEN_VIRT_START + 2 MiB; physical (load) addresses at
 * 2 MiB. GRUB loads by physical address and enters at `start` (32-bit code), so the
 * ELF entry point is start's physical address.
 */
#include <asm/config.h>

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)

ENTRY(start)

PHDRS
{
    text PT_LOAD FLAGS(5);     /* R X */
    rodata PT_LOAD FLAGS(4);   /* R */
    data PT_LOAD FLAGS(6);     /* R W */
}

SECTIONS
{
    . = XEN_VIRT_START + XEN_PHYS_LOAD;
    _start = .;

    .text : AT(ADDR(.text) - XEN_VIRT_START) {
        _stext = .;
        *(.text.multiboot)      /* the Multiboot2 header must come first */
        *(.text.entry)
        *(.text .text.*)
        _etext = .;
    } :text

    . = ALIGN(4096);
    .rodata : AT(ADDR(.rodata) - XEN_VIRT_START) {
        _srodata = .;
        *(.rodata .rodata.*)
        . = ALIGN(16);
        *(.trampoline)          /* copied below 1 MiB for secondary CPUs */
        . = ALIGN(8);
        __param_start = .;
        KEEP(*(.init.param))
        __param_end = .;
        . = ALIGN(8);
        __start_ex_table = .;           /* (faulting RIP, fixup RIP) pairs */
        KEEP(*(.ex_table))
        __stop_ex_table = .;
        . = ALIGN(8);
        __selftest_start = .;
        KEEP(*(.selftests))
        __selftest_end = .;
        . = ALIGN(8);
        *(.rodata.symbols)      /* the symbol table for backtraces: last */
        _erodata = .;
    } :rodata

    . = ALIGN(4096);
    .data : AT(ADDR(.data) - XEN_VIRT_START) {
        _sdata = .;
        *(.data.page_aligned)
        *(.data .data.*)
        _edata = .;
    } :data

    . = ALIGN(4096);
    .bss : AT(ADDR(.bss) - XEN_VIRT_START) {
        __bss_start = .;
        *(.bss.page_aligned)
        *(.bss.stack)
        *(.bss .bss.* COMMON)
        . = ALIGN(4096);
        __bss_end = .;
    } :data

    _end = .;

    /DISCARD/ : {
        *(.note.GNU-stack) *(.comment) *(.eh_frame) *(.note.gnu.property)
    }
}
