/*
 * usercopy.S - copying to and from guest memory, surviving bad guest pointers.
 *
 * A guest hands the hypervisor pointers into its own address space. The guest's
 * page tables are loaded while we serve its hypercall, so the hypervisor can use the
 * pointer directly - but it may be unmapped, read-only, or non-canonical. Rather
 * than checking every page first, we just copy, and let the fault tell us: the
 * `rep movsb` below has an entry in the exception table (.ex_table), so if it faults
 * do_trap() resumes at the fixup label instead of panicking, with %rcx still
 * holding the number of bytes not copied.
 *
 *   unsigned long raw_copy_guest(void *dst, const void *src, size_t n);
 *   returns the number of bytes NOT copied (0 = success)
 */
        .section .text, "ax", @progbits
        .globl  raw_copy_guest
raw_copy_guest:
        mov     %rdx, %rcx
1:      rep movsb
        xor     %eax, %eax
        ret
2:      mov     %rcx, %rax              /* fixup: what is left */
        ret

        .section .ex_table, "a", @progbits
        .balign 8
        .quad   1b, 2b
