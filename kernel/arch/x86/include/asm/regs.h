/*
 * asm/regs.h - the registers saved on every entry to the hypervisor.
 *
 * As in Xen, the frame is the guest-visible struct cpu_user_regs of the public ABI
 * (include/public/arch-x86/xen-x86_64.h): general registers, the error code and
 * vector (our bookkeeping), then the hardware interrupt frame RIP, CS, RFLAGS, RSP,
 * SS. entry.S builds it on the stack; only its first UREGS_kernel_sizeof bytes are
 * part of the frame (es/ds/fs/gs exist for the guest context structure only).
 */
#ifndef ASM_REGS_H
#define ASM_REGS_H

#include <public/xen.h>

#define UREGS_kernel_sizeof 168     /* offsetof(struct cpu_user_regs, es) */

#ifndef __ASSEMBLY__
_Static_assert(__builtin_offsetof(struct cpu_user_regs, es) == UREGS_kernel_sizeof,
               "entry.S pushes exactly the registers before es");

/* Was the CPU running a guest (ring 3) when this frame was saved? */
static inline int guest_mode(const struct cpu_user_regs *r)
{
    return (r->cs & 3) == 3;
}
#endif

#endif /* ASM_REGS_H */
