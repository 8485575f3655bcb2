/*
 * pv/hypercall.c - the hypercall dispatcher and the hypercall page.
 *
 * The hypercall page is a page of the guest's own image (named by its
 * XEN_ELFNOTE_HYPERCALL_PAGE note) that the hypervisor fills with 128 stubs of 32
 * bytes, one per hypercall number, so the guest never needs to know how to trap
 * into the hypervisor - on Xen the same binary might run on PV or HVM. For a 64-bit
 * PV guest each stub is:
 *
 *     push %rcx; push %r11; mov $nr, %eax; syscall; pop %r11; pop %rcx; ret
 *
 * (SYSCALL overwrites %rcx and %r11.) The iret stub is different: it also pushes
 * %rax and never returns (see do_iret).
 *
 * The dispatcher below is the table from hypercall numbers to handlers; anything not
 * listed gets -ENOSYS.
 */
#include <hestia/errno.h>
#include <hestia/event.h>
#include <hestia/grant_table.h>
#include <hestia/hypercall.h>
#include <hestia/lib.h>
#include <hestia/trace.h>

#include <asm/current.h>
#include <asm/pv.h>

unsigned long hypercall_count;

static void write_stub(uint8_t *p, unsigned int nr)
{
    static const uint8_t head[] = { 0x51, 0x41, 0x53 };           /* push rcx; push r11 */
    static const uint8_t tail[] = { 0x0f, 0x05, 0x41, 0x5b, 0x59, 0xc3 };
    /* syscall; pop r11; pop rcx; ret */

    memset(p, 0xcc, 32);                /* int3 padding */
    memcpy(p, head, sizeof(head));
    p[3] = 0xb8;                        /* mov $nr, %eax */
    memcpy(p + 4, &nr, 4);
    memcpy(p + 8, tail, sizeof(tail));
}

static void write_iret_stub(uint8_t *p)
{
    static const uint8_t stub[] = {
        0x51, 0x41, 0x53, 0x50,                     /* push rcx; push r11; push rax */
        0xb8, __HYPERVISOR_iret, 0, 0, 0,           /* mov $__HYPERVISOR_iret, %eax */
        0x0f, 0x05,                                 /* syscall */
    };
    memset(p, 0xcc, 32);
    memcpy(p, stub, sizeof(stub));
}

void write_hypercall_page(void *page)
{
    uint8_t *p = page;
    for (unsigned int nr = 0; nr < 128; nr++)
        write_stub(p + nr * 32, nr);
    write_iret_stub(p + __HYPERVISOR_iret * 32);
}

long hypercall_dispatch(unsigned long op, const unsigned long a[6])
{
    hypercall_count++;
    switch (op) {
    case __HYPERVISOR_set_trap_table:   return do_set_trap_table(a[0]);
    case __HYPERVISOR_mmu_update:       return do_mmu_update(a[0], a[1], a[2], a[3]);
    case __HYPERVISOR_set_gdt:          return do_set_gdt(a[0], a[1]);
    case __HYPERVISOR_stack_switch:     return do_stack_switch(a[0], a[1]);
    case __HYPERVISOR_set_callbacks:    return do_set_callbacks(a[0], a[1], a[2]);
    case __HYPERVISOR_fpu_taskswitch:   return do_fpu_taskswitch(a[0]);
    case __HYPERVISOR_memory_op:        return do_memory_op(a[0], a[1]);
    case __HYPERVISOR_multicall:        return do_multicall(a[0], a[1]);
    case __HYPERVISOR_update_va_mapping: return do_update_va_mapping(a[0], a[1], a[2]);
    case __HYPERVISOR_set_timer_op:     return do_set_timer_op(a[0]);
    case __HYPERVISOR_xen_version:      return do_xen_version(a[0], a[1]);
    case __HYPERVISOR_console_io:       return do_console_io(a[0], a[1], a[2]);
    case __HYPERVISOR_iret:             return do_iret();
    case __HYPERVISOR_vcpu_op:          return do_vcpu_op(a[0], a[1], a[2]);
    case __HYPERVISOR_set_segment_base: return do_set_segment_base(a[0], a[1]);
    case __HYPERVISOR_mmuext_op:        return do_mmuext_op(a[0], a[1], a[2], a[3]);
    case __HYPERVISOR_sched_op:         return do_sched_op(a[0], a[1]);
    case __HYPERVISOR_callback_op:      return do_callback_op(a[0], a[1]);
    case __HYPERVISOR_event_channel_op: return do_event_channel_op(a[0], a[1]);
    case __HYPERVISOR_grant_table_op:   return do_grant_table_op(a[0], a[1], a[2]);
    case __HYPERVISOR_sysctl:           return do_sysctl(a[0]);
    case __HYPERVISOR_domctl:           return do_domctl(a[0]);
    case __HYPERVISOR_hestia_trace_op:  return do_hestia_trace_op(a[0], a[1], a[2]);
    default:                            return -ENOSYS;
    }
}

/* With trace=pv (or hypercall): the entry (Xen's record) and the exit around it. */
static __attribute__((noinline)) long traced_dispatch(unsigned long op, const unsigned long a[6])
{
    uint32_t nr = (uint32_t)op;
    trace_var(TRC_PV_HYPERCALL_V2, 1, &nr);
    long rc = hypercall_dispatch(op, a);
    const uint32_t exit[2] = { nr, (uint32_t)rc };
    trace_var(TRC_PV_HESTIA_HYPERCALL_EXIT, 2, exit);
    return rc;
}

/* A hypercall from the guest kernel: number in %rax, arguments in rdi rsi rdx r10 r8 r9. */
long do_hypercall(struct cpu_user_regs *regs)
{
    const unsigned long args[6] = { regs->rdi, regs->rsi, regs->rdx,
                                    regs->r10, regs->r8, regs->r9 };
    if (unlikely(trace_class_mask & TRC_CLS_BIT(TRC_PV)))
        return traced_dispatch(regs->rax, args);
    return hypercall_dispatch(regs->rax, args);     /* a tail call when not tracing */
}
