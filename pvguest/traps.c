/*
 * pvguest/traps.c - the virtual IDT and what the kernel does with an exception.
 *
 * A PV guest has no IDT of its own. It gives the hypervisor a trap table instead:
 * an array of struct trap_info (vector, flags, code selector, handler address),
 * ended by an entry whose address is 0, with the set_trap_table hypercall. When the
 * guest faults, the hypervisor finds the vector's entry and bounces the exception
 * to that handler (entry.S describes the frame). A vector with no entry cannot be
 * bounced, so the hypervisor kills the domain: Xen logs "Unhandled ... fault" and
 * crashes it. The crash and isolation workloads rely on this, after calling
 * set_trap_table(NULL), which empties the whole table.
 *
 * Two vectors are missing on purpose: NMI (2) and machine check (18) reach a PV
 * guest through callbacks (CALLBACKTYPE_nmi), not the trap table.
 *
 * The handlers here are simple: a breakpoint (int3) is reported and execution
 * continues, showing the return path through the iret hypercall; every other
 * exception is fatal: the kernel prints the registers and crashes the domain with
 * SHUTDOWN_crash. A SYSCALL from guest user mode comes through here too (entry.S:
 * syscall_callback, vector SYSCALL_VECTOR); this kernel has no system calls of its
 * own, so only a workload that runs user code (usermode.c) claims it, through
 * trap_hook.
 */
#include <pvguest/hypercall.h>
#include <pvguest/kernel.h>
#include <pvguest/traps.h>

/* Entry stubs (entry.S). */
extern char entry_divide_error[], entry_debug[], entry_int3[], entry_overflow[],
    entry_bounds[], entry_invalid_op[], entry_device_not_available[],
    entry_double_fault[], entry_coprocessor_segment_overrun[], entry_invalid_tss[],
    entry_segment_not_present[], entry_stack_segment[], entry_general_protection[],
    entry_page_fault[], entry_coprocessor_error[], entry_alignment_check[],
    entry_simd_error[], entry_virtualisation[], entry_control_protection[];

/*
 * trap_info.flags: bits 1:0 are the DPL, the least privileged ring allowed to raise
 * the vector with an INT instruction (3 for int3 and into, so that "int3" works from
 * anywhere; 0 for the rest, so "int $14" from user space is a #GP, not a fake page
 * fault). Bit 2 asks the hypervisor to mask events while the handler runs, as an
 * interrupt gate clears IF; every handler here wants that.
 *
 * The selector is the flat 64-bit kernel code selector the hypervisor provides. For
 * a 64-bit PV guest this is a ring-3 selector (0xe033): the kernel runs in ring 3.
 */
#define TI_MASK_EVENTS 4
#define TRAP(vec, dpl, fn) \
    { (vec), (dpl) | TI_MASK_EVENTS, FLAT_KERNEL_CS, (unsigned long)(fn) }

static const struct trap_info trap_table[] = {
    TRAP(X86_EXC_DE,  0, entry_divide_error),
    TRAP(X86_EXC_DB,  0, entry_debug),
    TRAP(X86_EXC_BP,  3, entry_int3),
    TRAP(X86_EXC_OF,  3, entry_overflow),
    TRAP(X86_EXC_BR,  0, entry_bounds),
    TRAP(X86_EXC_UD,  0, entry_invalid_op),
    TRAP(X86_EXC_NM,  0, entry_device_not_available),
    TRAP(X86_EXC_DF,  0, entry_double_fault),
    TRAP(X86_EXC_CSO, 0, entry_coprocessor_segment_overrun),
    TRAP(X86_EXC_TS,  0, entry_invalid_tss),
    TRAP(X86_EXC_NP,  0, entry_segment_not_present),
    TRAP(X86_EXC_SS,  0, entry_stack_segment),
    TRAP(X86_EXC_GP,  0, entry_general_protection),
    TRAP(X86_EXC_PF,  0, entry_page_fault),
    TRAP(X86_EXC_MF,  0, entry_coprocessor_error),
    TRAP(X86_EXC_AC,  0, entry_alignment_check),
    TRAP(X86_EXC_XM,  0, entry_simd_error),
    TRAP(X86_EXC_VE,  0, entry_virtualisation),
    TRAP(X86_EXC_CP,  0, entry_control_protection),
    { 0, 0, 0, 0 }      /* address 0 ends the table */
};

static const char *const exception_names[] = {
    "divide error", "debug", "NMI", "breakpoint", "overflow", "bound range",
    "invalid opcode", "device not available", "double fault",
    "coprocessor segment overrun", "invalid TSS", "segment not present",
    "stack fault", "general protection", "page fault", "(reserved)",
    "x87 FPU error", "alignment check", "machine check", "SIMD error",
    "virtualisation exception", "control protection",
};

unsigned long breakpoints;
int (*trap_hook)(struct trap_frame *frame);

void traps_init(void)
{
    long rc = HYPERVISOR_set_trap_table(trap_table);

    if (rc)
        panic("set_trap_table failed: %ld (%s)", rc, errno_name(rc));
}

/*
 * Empty the trap table: set_trap_table with a NULL pointer clears every vector
 * (a table with just the terminator would change nothing). After this, any
 * exception kills the domain.
 */
long traps_clear(void)
{
    return HYPERVISOR_set_trap_table(NULL);
}

void show_registers(const struct trap_frame *f)
{
    printk("  RIP %04lx:%016lx  RFLAGS %016lx  (%s mode, events %s)\n",
           f->cs & 0xffff, f->rip, f->rflags,
           (f->cs & 3) ? "user" : "kernel",
           ((f->cs >> 32) & 0xff) ? "masked" : "enabled");
    printk("  RSP %04lx:%016lx  error code %lx\n", f->ss & 0xffff, f->rsp,
           f->error_code);
    printk("  RAX %016lx RBX %016lx RCX %016lx RDX %016lx\n",
           f->rax, f->rbx, f->rcx, f->rdx);
    printk("  RSI %016lx RDI %016lx RBP %016lx R8  %016lx\n",
           f->rsi, f->rdi, f->rbp, f->r8);
    printk("  R9  %016lx R10 %016lx R11 %016lx R12 %016lx\n",
           f->r9, f->r10, f->r11, f->r12);
    printk("  R13 %016lx R14 %016lx R15 %016lx\n", f->r13, f->r14, f->r15);
}

void do_trap(struct trap_frame *f)
{
    unsigned long vec = f->vector;
    const char *name = vec < ARRAY_SIZE(exception_names) ? exception_names[vec]
                     : vec == SYSCALL_VECTOR ? "SYSCALL from user mode, no handler"
                     : "?";

    if (trap_hook && trap_hook(f))
        return;
    if (vec == X86_EXC_BP) {
        /* int3 is a trap: RIP already points after it, so just go back. */
        breakpoints++;
        printk("pvguest: breakpoint at %lx (%s mode, events were %s), "
               "continuing\n", f->rip, (f->cs & 3) ? "user" : "kernel",
               (f->rflags & 0x200) ? "enabled" : "masked");
        return;
    }

    printk("pvguest: fatal exception %lu (%s)\n", vec, name);
    if (vec == X86_EXC_PF)
        /* The hypervisor stores the faulting address in vcpu_info.arch.cr2: a
         * ring-3 kernel cannot read %cr2. */
        printk("  page fault at address %lx (%s, %s, %s)\n",
               this_vcpu()->arch.cr2,
               (f->error_code & 1) ? "protection" : "not present",
               (f->error_code & 2) ? "write" : "read",
               (f->error_code & 4) ? "user" : "kernel");
    show_registers(f);
    crash();
}

void do_failsafe_callback(struct trap_frame *f)
{
    printk("pvguest: failsafe callback: the hypervisor could not load a segment\n");
    show_registers(f);
    crash();
}
