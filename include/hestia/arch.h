/*
 * arch.h - what generic code may ask of the architecture.
 *
 * Generic code (kernel/, mm/, sched/, evtchn/) never includes anything under
 * kernel/arch/; it calls these functions, which kernel/arch/x86/ implements (and host
 * unit tests fake). Keeping the list here makes the boundary easy to see.
 */
#ifndef HESTIA_ARCH_H
#define HESTIA_ARCH_H

#include <hestia/types.h>

/* Interrupt flag of the calling pCPU. */
unsigned long local_irq_save(void);          /* disable; return the old state */
void local_irq_restore(unsigned long flags);
void local_irq_enable(void);
void local_irq_disable(void);

/* Interrupt pCPU `cpu` so that it looks at its pending softirqs (an IPI). */
void arch_send_event_check(unsigned int cpu);

/* Wait for an interrupt (interrupts enabled while waiting). */
void arch_wait_for_interrupt(void);

/* End the run: 0 = success. Never returns. See kernel/shutdown.c. */
void arch_poweroff(int status) __noreturn;

/* Print a backtrace of the caller's stack (symbolized). */
void arch_dump_backtrace(void);

/* Address translation for the hypervisor's direct map of RAM. */
void *maddr_to_virt(paddr_t ma);
paddr_t virt_to_maddr(const void *va);

/*
 * A machine frame's contents, for reading or writing (on x86-64 simply its address
 * in the direct map; unmap is a no-op there but keeps the code honest).
 */
void *map_domain_page(unsigned long mfn);
void unmap_domain_page(const void *va);

/*
 * Fill the hypervisor's slots (256-271 on x86-64) of a guest's top-level page table
 * with the hypervisor's own entries, as Xen does for every PV guest L4.
 */
void arch_init_guest_l4_slots(uint64_t *l4);

/*
 * Build a guest from a boot module (an ELF kernel): on x86 a 64-bit PV domain
 * (kernel/arch/x86/pv/dom0_build.c). NULL on failure, after logging why.
 */
struct boot_module;
struct domain;
struct domain *arch_build_domain(const struct boot_module *mod, uint16_t id,
                                 const char *name, bool privileged,
                                 unsigned long mem_kb, const char *cmdline);

/*
 * Share a freshly built domU's console ring and store page with `backend`
 * (pv/dom0_build.c has the details); its two new unbound ports come back.
 */
int arch_share_devices(struct domain *d, uint16_t backend, uint32_t *console_port,
                       uint32_t *store_port);

/* Enter the scheduler's idle loop on this pCPU, for good. */
void arch_start_scheduling(void) __noreturn;

/* Write a string to the architecture's consoles (serial, debug port). */
void arch_console_write(const char *s, size_t len);
/* Send raw trace bytes out of the machine (COM2 on x86). */
void arch_trace_out(const void *buf, size_t len);
/* The TSC's frequency in Hz (trace time stamps). */
uint64_t arch_tsc_hz(void);

/* A byte received on the console, or -1 when none is waiting. */
int arch_console_getc(void);

#endif /* HESTIA_ARCH_H */
