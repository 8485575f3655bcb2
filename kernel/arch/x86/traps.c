/*
 * traps.c - the IDT, and what happens on an exception or interrupt.
 *
 * All 256 vectors go through entry.S to do_trap(). Vectors 0-31 are CPU exceptions;
 * in this stage of Hestia any exception taken inside the hypervisor is a bug, so it
 * is fatal: we print everything a developer needs - vector, error code, CR2, all
 * registers, and a backtrace with function names - and end the run with a failure
 * status. (Exceptions taken by PV guests will be bounced to the guest instead.)
 * Interrupts: the local APIC timer runs due timers; the APIC's spurious vector is
 * ignored; anything else is reported.
 */
#include <hestia/lib.h>
#include <hestia/printk.h>
#include <hestia/shutdown.h>
#include <hestia/symbols.h>
#include <hestia/timer.h>

#include <asm/apic.h>
#include <asm/config.h>
#include <asm/desc.h>
#include <asm/processor.h>
#include <asm/regs.h>
#include <asm/pv.h>
#include <asm/x86.h>

struct idt_entry {
    uint16_t offset_lo;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attr;        /* present, DPL, gate type */
    uint16_t offset_mid;
    uint32_t offset_hi;
    uint32_t reserved;
} __packed;

static struct idt_entry idt[256] __aligned(16);
extern const uint64_t entry_stubs[256];

static const char *const exception_names[32] = {
    "#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow",
    "#BR bound range", "#UD invalid opcode", "#NM device not available",
    "#DF double fault", "coprocessor segment overrun", "#TS invalid TSS",
    "#NP segment not present", "#SS stack fault", "#GP general protection",
    "#PF page fault", "reserved 15", "#MF x87 error", "#AC alignment check",
    "#MC machine check", "#XM SIMD error", "#VE virtualization", "#CP control protection",
    "reserved 22", "reserved 23", "reserved 24", "reserved 25", "reserved 26",
    "reserved 27", "#HV hypervisor injection", "#VC VMM communication",
    "#SX security", "reserved 31",
};

static void set_gate(unsigned int vec, uint64_t handler, unsigned int ist)
{
    struct idt_entry *e = &idt[vec];
    e->offset_lo = handler & 0xffff;
    e->selector = __HYPERVISOR_CS;
    e->ist = ist;
    e->type_attr = 0x8e;            /* present, DPL 0, 64-bit interrupt gate */
    e->offset_mid = (handler >> 16) & 0xffff;
    e->offset_hi = handler >> 32;
    e->reserved = 0;
}

void load_idt(void)
{
    struct __packed { uint16_t limit; uint64_t base; } idtr = {
        sizeof(idt) - 1, (uint64_t)idt
    };
    asm volatile("lidt %0" :: "m"(idtr));
}

void traps_init(void)
{
    for (unsigned int v = 0; v < 256; v++)
        set_gate(v, entry_stubs[v], 0);
    /* int3 and into may be used by guest code (ring 3), as on a real CPU. */
    idt[3].type_attr = idt[4].type_attr = 0xee;
    set_gate(2, entry_stubs[2], IST_NMI);
    set_gate(8, entry_stubs[8], IST_DF);
    set_gate(18, entry_stubs[18], IST_MCE);
    load_idt();
}

static void show_registers(const struct cpu_user_regs *r)
{
    char sym[96];

    symbols_format(sym, sizeof(sym), r->rip);
    printk(XENLOG_ERR "RIP:    %04x:[<%016llx>] %s\n", r->cs, (unsigned long long)r->rip, sym);
    printk(XENLOG_ERR "RFLAGS: %016llx   CR2: %016lx   CR3: %016lx\n",
           (unsigned long long)r->rflags, read_cr2(), read_cr3());
    printk(XENLOG_ERR "rax: %016llx   rbx: %016llx   rcx: %016llx\n",
           (unsigned long long)r->rax, (unsigned long long)r->rbx, (unsigned long long)r->rcx);
    printk(XENLOG_ERR "rdx: %016llx   rsi: %016llx   rdi: %016llx\n",
           (unsigned long long)r->rdx, (unsigned long long)r->rsi, (unsigned long long)r->rdi);
    printk(XENLOG_ERR "rbp: %016llx   rsp: %016llx   r8:  %016llx\n",
           (unsigned long long)r->rbp, (unsigned long long)r->rsp, (unsigned long long)r->r8);
    printk(XENLOG_ERR "r9:  %016llx   r10: %016llx   r11: %016llx\n",
           (unsigned long long)r->r9, (unsigned long long)r->r10, (unsigned long long)r->r11);
    printk(XENLOG_ERR "r12: %016llx   r13: %016llx   r14: %016llx\n",
           (unsigned long long)r->r12, (unsigned long long)r->r13, (unsigned long long)r->r14);
    printk(XENLOG_ERR "r15: %016llx   cs: %04x   ss: %04x   CR0: %016lx   CR4: %016lx\n",
           (unsigned long long)r->r15, r->cs, r->ss, read_cr0(), read_cr4());
}

/* A page fault's error code, in words. */
static void explain_pf(uint32_t ec)
{
    printk(XENLOG_ERR "Page fault: %s %s in %s mode%s\n",
           (ec & 1) ? "protection violation on" : "no page for",
           (ec & 16) ? "an instruction fetch" : (ec & 2) ? "a write" : "a read",
           (ec & 4) ? "user" : "supervisor", (ec & 8) ? " (reserved bit set)" : "");
}

static void __noreturn fatal_trap(const struct cpu_user_regs *r)
{
    unsigned int v = r->entry_vector & 0xff;

    console_force_unlock();
    printk(XENLOG_ERR "\n----[ Hestia fatal exception ]----\n");
    printk(XENLOG_ERR "vector %u (%s), error code %04x, CPU %u\n", v, exception_names[v],
           r->error_code, smp_processor_id());
    if (v == 14)
        explain_pf(r->error_code);
    show_registers(r);
    printk(XENLOG_ERR "Backtrace:\n");
    show_backtrace(r->rip, r->rbp);
    printk(XENLOG_ERR "----[ end of dump ]----\n");
    poweroff(SHUTDOWN_PANIC);
}

/* The exception table: (faulting RIP, fixup RIP) pairs, from usercopy.S and friends. */
struct ex_entry { uint64_t insn, fixup; };
extern const struct ex_entry __start_ex_table[], __stop_ex_table[];

static uint64_t search_exception_table(uint64_t rip)
{
    for (const struct ex_entry *e = __start_ex_table; e < __stop_ex_table; e++)
        if (e->insn == rip)
            return e->fixup;
    return 0;
}

/*
 * Returns true when entry.S should leave through return_to_guest (the interrupted
 * context was a guest and the frame is the one at the top of the stack), false for
 * a plain iretq.
 */
bool do_trap(struct cpu_user_regs *regs)
{
    unsigned int v = regs->entry_vector & 0xff;

    if (v < 32) {
        if (v == 2) {
            /* NMI runs on its own (IST) stack: return straight to what it interrupted. */
            printk(XENLOG_WARNING "NMI received (ignored)\n");
            return false;
        }
        if (guest_mode(regs)) {
            do_guest_trap(regs);        /* bounce it to the guest, or kill the guest */
            return true;
        }
        uint64_t fixup = search_exception_table(regs->rip);
        if (fixup) {                    /* a guest-memory copy hit a bad address */
            regs->rip = fixup;
            return false;
        }
        fatal_trap(regs);
    }

    switch (v) {
    case LOCAL_TIMER_VECTOR:
        apic_timer_interrupt();
        break;
    case EVENT_CHECK_VECTOR:
        apic_eoi();                     /* softirqs run on the way out */
        break;
    case SPURIOUS_APIC_VECTOR:
        break;                          /* no EOI for the spurious vector */
    default:
        printk(XENLOG_WARNING "unexpected interrupt on vector 0x%x (ignored)\n", v);
        if (v >= FIRST_LEGACY_VECTOR + 16)
            apic_eoi();
        break;
    }
    return guest_mode(regs);
}
