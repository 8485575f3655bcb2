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
 * hypervisor writes guest memory that hypercall arguments point to.
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
extern char hypercall_page[4096];

/*
 * The one place that enters the hypervisor. nr must be a compile-time constant: it
 * becomes part of the call instruction's target address.
 */
#define _hypercall5(nr, x1, x2, x3, x4, x5) ({                                 \
    register unsigned long _a1 __asm__("rdi") = (unsigned long)(x1);          \
    register unsigned long _a2 __asm__("rsi") = (unsigned long)(x2);          \
    register unsigned long _a3 __asm__("rdx") = (unsigned long)(x3);          \
    register unsigned long _a4 __asm__("r10") = (unsigned long)(x4);          \
    register unsigned long _a5 __asm__("r8")  = (unsigned long)(x5);          \
    long _ret;                                                                \
    __asm__ __volatile__("call hypercall_page + %c[off]"                      \
                         : "=a"(_ret), "+r"(_a1), "+r"(_a2), "+r"(_a3),       \
                           "+r"(_a4), "+r"(_a5)                               \
                         : [off] "i"((nr) * 32)                               \
                         : "rcx", "r11", "memory");                           \
    _ret;                                                                     \
})
#define _hypercall4(nr, a, b, c, d) _hypercall5(nr, a, b, c, d, 0)
#define _hypercall3(nr, a, b, c)    _hypercall5(nr, a, b, c, 0, 0)
#define _hypercall2(nr, a, b)       _hypercall5(nr, a, b, 0, 0, 0)
#define _hypercall1(nr, a)          _hypercall5(nr, a, 0, 0, 0, 0)

/* Typed wrappers, one per hypercall the kernel uses, in Xen's names. */

static inline long HYPERVISOR_set_trap_table(const struct trap_info *table)
{
    return _hypercall1(__HYPERVISOR_set_trap_table, table);
}

static inline long HYPERVISOR_mmu_update(const struct mmu_update *req,
                                         unsigned int count,
                                         unsigned int *done, domid_t domid)
{
    return _hypercall4(__HYPERVISOR_mmu_update, req, count, done, domid);
}

static inline long HYPERVISOR_mmuext_op(const struct mmuext_op *op,
                                        unsigned int count,
                                        unsigned int *done, domid_t domid)
{
    return _hypercall4(__HYPERVISOR_mmuext_op, op, count, done, domid);
}

static inline long HYPERVISOR_update_va_mapping(unsigned long va, uint64_t pte,
                                                unsigned long flags)
{
    return _hypercall3(__HYPERVISOR_update_va_mapping, va, pte, flags);
}

static inline long HYPERVISOR_set_callbacks(unsigned long event,
                                            unsigned long failsafe,
                                            unsigned long syscall)
{
    return _hypercall3(__HYPERVISOR_set_callbacks, event, failsafe, syscall);
}

static inline long HYPERVISOR_callback_op(int cmd, const void *arg)
{
    return _hypercall2(__HYPERVISOR_callback_op, cmd, arg);
}

static inline long HYPERVISOR_set_timer_op(uint64_t timeout_abs_ns)
{
    return _hypercall1(__HYPERVISOR_set_timer_op, timeout_abs_ns);
}

static inline long HYPERVISOR_xen_version(int cmd, void *arg)
{
    return _hypercall2(__HYPERVISOR_xen_version, cmd, arg);
}

static inline long HYPERVISOR_console_io(int cmd, int count, const char *buf)
{
    return _hypercall3(__HYPERVISOR_console_io, cmd, count, buf);
}

static inline long HYPERVISOR_vcpu_op(int cmd, unsigned int vcpu, void *arg)
{
    return _hypercall3(__HYPERVISOR_vcpu_op, cmd, vcpu, arg);
}

static inline long HYPERVISOR_sched_op(int cmd, void *arg)
{
    return _hypercall2(__HYPERVISOR_sched_op, cmd, arg);
}

static inline long HYPERVISOR_event_channel_op(int cmd, void *arg)
{
    return _hypercall2(__HYPERVISOR_event_channel_op, cmd, arg);
}

static inline long HYPERVISOR_memory_op(int cmd, void *arg)
{
    return _hypercall2(__HYPERVISOR_memory_op, cmd, arg);
}


static inline long HYPERVISOR_multicall(struct multicall_entry *calls, unsigned int nr)
{
    return _hypercall2(__HYPERVISOR_multicall, calls, nr);
}

static inline long HYPERVISOR_set_segment_base(int which, unsigned long base)
{
    return _hypercall2(__HYPERVISOR_set_segment_base, which, base);
}

static inline long HYPERVISOR_fpu_taskswitch(int set)
{
    return _hypercall1(__HYPERVISOR_fpu_taskswitch, set);
}

static inline long HYPERVISOR_set_gdt(unsigned long *frames, unsigned int entries)
{
    return _hypercall2(__HYPERVISOR_set_gdt, frames, entries);
}

static inline long HYPERVISOR_stack_switch(unsigned long ss, unsigned long esp)
{
    return _hypercall2(__HYPERVISOR_stack_switch, ss, esp);
}

#endif /* PVGUEST_HYPERCALL_H */
