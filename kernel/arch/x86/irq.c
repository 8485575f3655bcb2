/*
 * irq.c - the interrupt flag of this pCPU, and the legacy 8259 PICs.
 *
 * Hestia takes interrupts from the local APIC only. The 8259 PICs still exist, and
 * after the BIOS they deliver IRQs 0-15 on vectors 8-15 and 0x70-0x77 - the first
 * range collides with CPU exceptions. So they are reprogrammed to vectors 0x20-0x2f
 * (a spurious IRQ 7 then arrives as 0x27, not as #DF's neighbour) and masked.
 */
#include <hestia/arch.h>
#include <asm/config.h>
#include <asm/processor.h>
#include <asm/x86.h>

unsigned long local_irq_save(void)
{
    unsigned long flags = read_rflags();
    asm volatile("cli" ::: "memory");
    return flags & X86_EFLAGS_IF;
}

void local_irq_restore(unsigned long flags)
{
    if (flags & X86_EFLAGS_IF)
        asm volatile("sti" ::: "memory");
}

void local_irq_enable(void)
{
    asm volatile("sti" ::: "memory");
}

void local_irq_disable(void)
{
    asm volatile("cli" ::: "memory");
}

/*
 * Sleep until an interrupt, with interrupts disabled on entry and on return.
 * `sti` only takes effect after the next instruction, so no interrupt can slip in
 * between it and `hlt`: a wake-up that the caller just checked for is never lost.
 */
void arch_wait_for_interrupt(void)
{
    asm volatile("sti; hlt; cli" ::: "memory");
}

#define PIC1_CMD  0x20
#define PIC1_DATA 0x21
#define PIC2_CMD  0xa0
#define PIC2_DATA 0xa1

void pic_disable(void)
{
    /* ICW1: initialise, ICW4 follows. ICW2: vector base. ICW3: cascade on IRQ2. ICW4: 8086 mode. */
    outb(PIC1_CMD, 0x11);
    outb(PIC2_CMD, 0x11);
    outb(PIC1_DATA, FIRST_LEGACY_VECTOR);
    outb(PIC2_DATA, FIRST_LEGACY_VECTOR + 8);
    outb(PIC1_DATA, 4);
    outb(PIC2_DATA, 2);
    outb(PIC1_DATA, 1);
    outb(PIC2_DATA, 1);
    /* Mask every line. */
    outb(PIC1_DATA, 0xff);
    outb(PIC2_DATA, 0xff);
}
