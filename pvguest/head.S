/*
 * pvguest/head.S - the entry point, the boot stack and the hypercall page.
 *
 * Xen's start-of-day contract for a 64-bit PV kernel (Hestia honours the same one):
 *   - the CPU is in long mode, in ring 3, with paging on; the page tables are the
 *     builder's bootstrap tables (start_info.pt_base), which map the image at
 *     VIRT_BASE followed by the p2m list, start_info itself, the page tables
 *     (read-only) and a small boot stack, and at least 512 KiB more;
 *   - %rsi holds the virtual address of start_info; %rsp points at the top of the
 *     boot stack; the other general registers are zero;
 *   - event delivery is masked (vcpu_info.evtchn_upcall_mask = 1), so no upcall can
 *     arrive before the kernel has registered a handler for it;
 *   - the hypercall page named by the XEN_ELFNOTE_HYPERCALL_PAGE note is filled in.
 * There is no trap table yet: a fault now kills the domain.
 *
 * _start clears the bss (the builder zeroes it too, but a kernel should not have to
 * rely on that), moves onto the kernel's own stack, which lives in the bss, and calls
 * start_kernel(start_info) in main.c. The builder's stack was one page; ours is
 * bigger and in memory we know we own.
 */

#define BOOT_STACK_SIZE (16 * 4096)

        .section .text.head, "ax", @progbits
        .code64
        .globl _start
_start:
        cld
        /* Clear the bss: rep stosq with %rdi = start, %rcx = quadwords, %rax = 0.
         * %rsi (start_info) is not touched. */
        leaq    __bss_start(%rip), %rdi
        leaq    __bss_end(%rip), %rcx
        subq    %rdi, %rcx
        shrq    $3, %rcx
        xorl    %eax, %eax
        rep stosq

        /* Switch to our own stack. */
        leaq    boot_stack_top(%rip), %rsp
        xorl    %ebp, %ebp              /* end of the frame-pointer chain */

        movq    %rsi, %rdi              /* start_kernel(start_info) */
        call    start_kernel

        /* start_kernel never returns; if it did, fault (and so die). */
1:      ud2
        jmp     1b

/*
 * The hypercall page. The hypervisor overwrites it with 128 stubs of 32 bytes
 * (hypercall.h). It is filled with int3 so that calling a stub the hypervisor did
 * not write traps instead of running into the next one.
 */
        .section .text.hypercall_page, "ax", @progbits
        .balign 4096
        .globl hypercall_page
hypercall_page:
        .fill   4096, 1, 0xcc
        .type   hypercall_page, @object
        .size   hypercall_page, 4096

        .section .bss.page_aligned, "aw", @nobits
        .balign 4096
boot_stack:
        .skip   BOOT_STACK_SIZE
boot_stack_top:

        .section .note.GNU-stack, "", @progbits
