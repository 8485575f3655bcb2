/*
 * pvguest/include/pvguest/hypercall.h - the hypercall wrappers.
 *
 * How a 64-bit PV guest makes a hypercall (Xen's ABI, which Hestia copies): the
 * hypervisor writes a page of 32-byte stubs into the guest, at the address the guest
 * named in its XEN_ELFNOTE_HYPERCALL_PAGE note (hypercall_page, in head.S). Stub n
 * loads n into %eax and executes SYSCALL; the guest reaches it with
 *
 *     call hypercall_page + n * 32
 *
 * Arguments go in %rdi, %rsi, %rdx, %r10, %r8 (the SYSCALL convention: %rcx and %r11
 * are taken by the instruction itself, which is why the fourth argument is in %r10,
 * not %rcx). The result comes back in %rax: 0 or a positive value for success, a
 * negative errno (include/public/errno.h) for failure.
 *
 * The stubs save and restore %rcx and %r11 around SYSCALL, but the wrappers still
 * tell the compiler that every argument register, %rcx, %r11 and memory may change:
 * a debug build of Xen deliberately scribbles over argument registers, and the
 * hypervisor may write any guest memory a hypercall argument points to.
 *
 * HYPERVISOR_iret is not here: it never returns, and is reached with a jump from the
 * exception and event entry code (entry.S).
 */
#ifndef PVGUEST_HYPERCALL_H
#define PVGUEST_HYPERCALL_H

#include <public/xen.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include <public/version.h>
#include <public/callback.h>
#include <public/event_channel.h>
#include <public/memory.h>
#include <public/errno.h>

/* The page the hypervisor fills in (head.S). */
extern char hypercall_page[PAGE_SIZE_BYTES_FOR_HYPERCALL_PAGE];

#define _hypercall_call(nr) "call hypercall_page + " #nr " * 32"

#define _hypercall_asm(nr, ...)                                          \
    __asm__ __volatile__("call hypercall_page + %c[off]"                 \
                         : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3),      \
                           "+r"(a4), "+r"(a5)                            \
                         : [off] "i"((nr) * 32)                          \
                         : "rcx", "r11", "memory")

/*
 * One generic five-argument call; the compiler drops the unused register set-up
 * when an argument is a constant 0. r10 and r8 have no constraint letters, so they
 * are bound with register variables.
 */
static inline long _hypercall5(unsigned int nr_times_32_dummy, unsigned long arg1,
                               unsigned long arg2, unsigned long arg3,
                               unsigned long arg4, unsigned long arg5);

#define DEFINE_HYPERCALL_ENTRY(nr)                                              \
    static inline long _hypercall_##nr(unsigned long arg1, unsigned long arg2, \
                                       unsigned long arg3, unsigned long arg4, \
                                       unsigned long arg5)                     \
    {                                                                          \
        long ret;                                                              \
        register unsigned long a1 __asm__("rdi") = arg1;                       \
        register unsigned long a2 __asm__("rsi") = arg2;                       \
        register unsigned long a3 __asm__("rdx") = arg3;                       \
        register unsigned long a4 __asm__("r10") = arg4;                       \
        register unsigned long a5 __asm__("r8")  = arg5;                       \
        _hypercall_asm(nr);                                                    \
        return ret;                                                            \
    }

#endif /* PVGUEST_HYPERCALL_H */
