/*
 * pvguest/workloads/usermode.c - run a few instructions in guest USER mode and come
 * back: the kernel/user split of a 64-bit PV guest.
 *
 * A 64-bit PV kernel runs in ring 3, and so does its user code: the CPU cannot
 * tell the two apart. The hypervisor keeps them apart instead. It holds two
 * page-table roots per vCPU, the kernel's (MMUEXT_NEW_BASEPTR; at first the
 * builder's) and the user's (MMUEXT_NEW_USER_BASEPTR), and a flag saying which
 * mode the vCPU is in:
 *
 *   kernel -> user  the iret hypercall with a CS whose RPL is 3: the hypervisor
 *                   loads the user page tables and resumes at the frame's RIP/RSP;
 *   user -> kernel  a SYSCALL (to the syscall callback, CALLBACKTYPE_syscall), an
 *                   exception (to the trap table) or an event (to the event
 *                   callback) taken in user mode: the hypervisor loads the kernel
 *                   page tables and writes the bounce frame on the kernel stack
 *                   registered with stack_switch (the user stack is not to be
 *                   trusted). The frame's CS keeps RPL 3; that is how a handler
 *                   knows it interrupted user code (from kernel code, RPL 0).
 * The user page tables built here map none of the kernel, so user code cannot
 * touch the kernel's memory although both run in ring 3.
 *
 * The steps:
 *   1. build the user address space from six fresh frames: an L4, L3, L2 and L1,
 *      a code page (the user program below, mapped read-only at USER_CODE_VA) and
 *      a stack page (USER_STACK_VA); pin the L4 (MMUEXT_PIN_L4_TABLE), which makes
 *      the hypervisor validate the whole tree, and make it the user page table
 *      (MMUEXT_NEW_USER_BASEPTR);
 *   2. register the kernel stack for entries from user mode (stack_switch) and
 *      the syscall callback (callback_op; entry.S: syscall_callback);
 *   3. run the program: it adds up 1..100 in registers, takes an int3 (the kernel
 *      handler returns to user mode with the iret hypercall), makes system call
 *      SYS_report (returned from SYSRET-style, VGCF_in_syscall, with an answer in
 *      %rax), pushes and pops the answer through its stack, and ends with
 *      SYS_exit, whose handler goes back to the kernel for good
 *      (leave_user_mode: enter_user_mode returns);
 *   4. run its second entry point, which reads the kernel's first page: a page
 *      fault from user mode, which ends that run too;
 *   5. drop the user page table and unpin it.
 * Every check prints "usermode: FAILED (...)" if it fails; everything the user
 * code can do ends in the kernel, so a failure cannot loop. The last line is
 * "usermode: ok" or "usermode: N check(s) FAILED".
 */
#include <pvguest/events.h>
#include <pvguest/hypercall.h>
#include <pvguest/kernel.h>
#include <pvguest/mm.h>
#include <pvguest/traps.h>
#include <pvguest/workload.h>

/* The user address space: one code page and, in the same 2 MiB, one stack page. */
#define USER_CODE_VA   0x400000UL
#define USER_STACK_VA  0x5ff000UL
#define USER_STACK_TOP (USER_STACK_VA + PAGE_SIZE)
_Static_assert(USER_CODE_VA >> 21 == USER_STACK_VA >> 21,
               "one L1 table maps both user pages");

/* The system calls of this kernel: number in %rax, argument in %rdi. */
#define SYS_report 1    /* print %rdi, answer 2 * %rdi in %rax */
#define SYS_exit   2    /* leave user mode; enter_user_mode returns %rdi */
#define STR(x)  #x
#define XSTR(x) STR(x)

#define USER_FAILED (-1L)   /* what enter_user_mode returns if user code misbehaved */

/*
 * The user program. It is assembled into .rodata, copied into the user code page
 * and run from there, so it must not refer to any address of the kernel's (the
 * kernel is not even mapped while it runs): position-independent, constants only.
 */
__asm__(
    "       .pushsection .rodata, \"a\"\n"
    "       .globl  user_program, user_program_fault, user_program_end\n"
    "user_program:\n"
    /* Arithmetic in registers: %rax = 100 + 99 + ... + 1 = 5050; a copy in %rbx. */
    "       xorl    %eax, %eax\n"
    "       movl    $100, %ecx\n"
    "1:     addq    %rcx, %rax\n"
    "       loop    1b\n"
    "       movq    %rax, %rbx\n"
    /* A breakpoint: into the kernel's int3 handler and straight back. */
    "       int3\n"
    /* SYS_report(5050): the answer comes back in %rax. */
    "       movq    %rbx, %rdi\n"
    "       movl    $" XSTR(SYS_report) ", %eax\n"
    "       syscall\n"
    /* Through the user stack, then SYS_exit(answer), which does not come back. */
    "       pushq   %rax\n"
    "       popq    %rdi\n"
    "       movl    $" XSTR(SYS_exit) ", %eax\n"
    "       syscall\n"
    "       ud2\n"              /* a #UD here would mean SYS_exit came back */
    "user_program_fault:\n"
    /* The second entry point: read the kernel's first page (VIRT_BASE). */
    "       movabsq $0xffffffff80000000, %rax\n"
    "       movq    (%rax), %rax\n"
    "       ud2\n"
    "user_program_end:\n"
    "       .popsection\n");
extern const char user_program[], user_program_fault[], user_program_end[];

/* The kernel stack the hypervisor switches to on every entry from user mode. */
static uint8_t entry_stack[4 * PAGE_SIZE]
    __attribute__((aligned(PAGE_SIZE), section(".bss.page_aligned")));

static unsigned int failures;

static void check(int good, const char *what)
{
    if (!good) {
        failures++;
        printk("usermode: FAILED (%s)\n", what);
    }
}

/* What the handlers saw (user_trap below), checked by the workload afterwards. */
static struct {
    unsigned long int3s, int3_rax;
    unsigned long reports, report_rdi;
    unsigned long exits;
    unsigned long faults, fault_error_code;
} seen;

static int rip_in_user_code(unsigned long rip)
{
    return rip >= USER_CODE_VA && rip < USER_CODE_VA + PAGE_SIZE;
}

/*
 * The kernel's side of everything user code does (installed as trap_hook). Only
 * entries from user mode (CS RPL 3) are ours; the rest go to do_trap() as usual.
 * Returning 1 goes back to user mode: with the iret hypercall for an exception,
 * SYSRET-style for a system call (entry.S). leave_user_mode() goes back to the
 * kernel code that called enter_user_mode() instead.
 */
static int user_trap(struct trap_frame *f)
{
    if ((f->cs & 3) != 3)
        return 0;

    switch (f->vector) {
    case X86_EXC_BP:
        seen.int3s++;
        seen.int3_rax = f->rax;
        printk("usermode: int3 from user mode: CS %04lx (RPL %lu), RIP %lx, RSP "
               "%lx, rax=%lu; returning to user mode with the iret hypercall\n",
               f->cs & 0xffff, f->cs & 3, f->rip, f->rsp, f->rax);
        return 1;

    case SYSCALL_VECTOR:
        printk("usermode: syscall from user mode with rdi=%lu (rax=%lu): CS %04lx "
               "(RPL %lu), RIP %lx, RSP %lx, RCX %lx, R11 %lx\n", f->rdi, f->rax,
               f->cs & 0xffff, f->cs & 3, f->rip, f->rsp, f->rcx, f->r11);
        check(f->rcx == f->rip, "RCX is not the return RIP SYSCALL left in it");
        check(rip_in_user_code(f->rip), "syscall RIP not in the user code page");
        if (f->rax == SYS_report) {
            seen.reports++;
            seen.report_rdi = f->rdi;
            f->rax = 2 * f->rdi;
            printk("usermode: answering %lu, back to user mode SYSRET-style "
                   "(VGCF_in_syscall)\n", f->rax);
            return 1;
        }
        if (f->rax == SYS_exit) {
            seen.exits++;
            printk("usermode: SYS_exit: back to the kernel\n");
            leave_user_mode(f->rdi);
        }
        printk("usermode: FAILED (unknown system call %lu)\n", f->rax);
        leave_user_mode(USER_FAILED);

    case X86_EXC_PF:
        seen.faults++;
        seen.fault_error_code = f->error_code;
        printk("usermode: page fault from user mode at %lx (error code %lx: %s, %s, "
               "%s): CS %04lx (RPL %lu), RIP %lx\n", this_vcpu()->arch.cr2,
               f->error_code, (f->error_code & 1) ? "protection" : "not present",
               (f->error_code & 2) ? "write" : "read",
               (f->error_code & 4) ? "user" : "kernel", f->cs & 0xffff, f->cs & 3,
               f->rip);
        leave_user_mode(this_vcpu()->arch.cr2);

    default:
        printk("usermode: FAILED (unexpected exception %lu from user mode)\n",
               f->vector);
        show_registers(f);
        leave_user_mode(USER_FAILED);
    }
}

/* Take a free frame and fill it (mm.c: frame_fill); returns its mfn in *mfn. */
static long new_frame(unsigned long *mfn, const void *data, size_t len)
{
    unsigned long pfn = alloc_pfn();

    if (pfn == ~0UL)
        return -XEN_ENOMEM;
    *mfn = pfn_to_mfn(pfn);
    return frame_fill(*mfn, data, len);
}

/*
 * Step 1: the user page tables, bottom up, so that each table is filled in before
 * the one above points at it. While we fill them the frames are ordinary pages,
 * mapped for a moment each (frame_fill); once no writable mapping is left, pinning
 * the L4 has the hypervisor check all four levels and make them page tables (and
 * add its own L4 slots, 256-271, as it does to every L4). Returns the L4's mfn, 0
 * on failure.
 */
static unsigned long build_user_page_tables(void)
{
    static uint64_t t[PT_ENTRIES];      /* the table being built */
    unsigned long code = 0, stack = 0, l1 = 0, l2 = 0, l3 = 0, l4 = 0;
    long rc;

    rc = new_frame(&code, user_program, user_program_end - user_program);
    if (!rc)
        rc = new_frame(&stack, NULL, 0);

    memset(t, 0, sizeof(t));
    t[pt_index(USER_CODE_VA, 1)] = make_pte(code, 0);       /* read-only */
    t[pt_index(USER_STACK_VA, 1)] = make_pte(stack, 1);
    if (!rc)
        rc = new_frame(&l1, t, sizeof(t));

    memset(t, 0, sizeof(t));
    t[pt_index(USER_CODE_VA, 2)] = make_table_entry(l1);
    if (!rc)
        rc = new_frame(&l2, t, sizeof(t));

    memset(t, 0, sizeof(t));
    t[pt_index(USER_CODE_VA, 3)] = make_table_entry(l2);
    if (!rc)
        rc = new_frame(&l3, t, sizeof(t));

    memset(t, 0, sizeof(t));
    t[pt_index(USER_CODE_VA, 4)] = make_table_entry(l3);
    if (!rc)
        rc = new_frame(&l4, t, sizeof(t));

    if (rc) {
        printk("usermode: FAILED (building the user page tables: %ld %s)\n", rc,
               errno_name(rc));
        return 0;
    }

    struct mmuext_op op = { .cmd = MMUEXT_PIN_L4_TABLE, .arg1.mfn = l4 };
    rc = HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
    if (rc) {
        printk("usermode: FAILED (MMUEXT_PIN_L4_TABLE of mfn %lx: %ld %s)\n", l4,
               rc, errno_name(rc));
        return 0;
    }
    printk("usermode: user page tables: L4 mfn %lx pinned; code mfn %lx at %lx "
           "(read-only), stack mfn %lx at %lx\n", l4, code, USER_CODE_VA, stack,
           USER_STACK_VA);
    return l4;
}

static long set_user_baseptr(unsigned long mfn)
{
    struct mmuext_op op = { .cmd = MMUEXT_NEW_USER_BASEPTR, .arg1.mfn = mfn };

    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* Step 2: where entries from user mode land. */
static int register_entry_points(void)
{
    struct callback_register cb = {
        .type = CALLBACKTYPE_syscall,
        .flags = CALLBACKF_mask_events,     /* like the trap table's entries */
        .address = (unsigned long)syscall_callback,
    };
    long rc = HYPERVISOR_stack_switch(FLAT_KERNEL_SS,
                                      (unsigned long)entry_stack + sizeof(entry_stack));

    if (rc) {
        printk("usermode: FAILED (stack_switch: %ld %s)\n", rc, errno_name(rc));
        return -1;
    }
    rc = HYPERVISOR_callback_op(CALLBACKOP_register, &cb);
    if (rc) {
        printk("usermode: FAILED (registering the syscall callback: %ld %s)\n", rc,
               errno_name(rc));
        return -1;
    }
    return 0;
}

/*
 * Run user code from entry point 'entry' of the program until a handler sends us
 * back. The handlers run with events masked and leave them so; unmask again.
 */
static long run_user(const char *entry)
{
    long value = enter_user_mode(USER_CODE_VA + (entry - user_program),
                                 USER_STACK_TOP);

    local_irq_enable();
    return value;
}

void workload_usermode(void)
{
    unsigned long l4 = build_user_page_tables();
    long rc;

    if (!l4)
        return;
    rc = set_user_baseptr(l4);
    if (rc) {
        printk("usermode: FAILED (MMUEXT_NEW_USER_BASEPTR: %ld %s)\n", rc,
               errno_name(rc));
        return;
    }
    if (register_entry_points())
        return;

    /* Step 3: compute, int3, SYS_report, SYS_exit. */
    trap_hook = user_trap;
    printk("usermode: entering user mode at %lx (iret hypercall, CS %x)\n",
           USER_CODE_VA, FLAT_USER_CS);
    long value = run_user(user_program);
    printk("usermode: back in the kernel: user code exited with %ld\n", value);
    check(seen.int3s == 1 && seen.int3_rax == 5050,
          "expected one int3 from user mode, with rax=5050");
    check(seen.reports == 1 && seen.report_rdi == 5050,
          "expected SYS_report with rdi=5050");
    check(seen.exits == 1 && value == 10100,
          "expected SYS_exit with the answer 10100");

    /* Step 4: a page fault from user mode. */
    printk("usermode: entering user mode at %lx to read kernel memory\n",
           USER_CODE_VA + (user_program_fault - user_program));
    value = run_user(user_program_fault);
    check(seen.faults == 1 && (unsigned long)value == VIRT_BASE,
          "expected a page fault at the kernel's first page");
    check((seen.fault_error_code & 5) == 4,
          "expected error code \"not present, user\"");
    trap_hook = NULL;

    /* Step 5: tidy up, as a kernel does when a process exits. */
    rc = set_user_baseptr(0);
    check(rc == 0, "MMUEXT_NEW_USER_BASEPTR(0) refused");
    struct mmuext_op unpin = { .cmd = MMUEXT_UNPIN_TABLE, .arg1.mfn = l4 };
    rc = HYPERVISOR_mmuext_op(&unpin, 1, NULL, DOMID_SELF);
    check(rc == 0, "MMUEXT_UNPIN_TABLE of the user L4 refused");

    if (failures)
        printk("usermode: %u check(s) FAILED\n", failures);
    else
        printk("usermode: ok\n");
}
