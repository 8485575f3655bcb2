/*
 * asm/pv.h - the x86 PV guest interface inside the hypervisor: entry, traps,
 * hypercall handlers implemented by kernel/arch/x86/pv/.
 */
#ifndef ASM_PV_H
#define ASM_PV_H

#include <hestia/domain.h>
#include <hestia/types.h>
#include <asm/regs.h>

struct vcpu;
struct domain;

/* pv/syscall.c */
void pv_init_cpu(unsigned int cpu);         /* SYSCALL MSRs and this pCPU's stub */
void do_syscall(struct cpu_user_regs *regs);

/* pv/hypercall.c */
long do_hypercall(struct cpu_user_regs *regs);
void write_hypercall_page(void *page);

/* pv/traps.c */
void do_guest_trap(struct cpu_user_regs *regs);
void pv_inject_exception(struct cpu_user_regs *regs, unsigned int vector, int error_code);
void exit_to_guest(struct cpu_user_regs *regs);
long do_iret(void);
long do_set_trap_table(unsigned long list);
long do_callback_op(unsigned long cmd, unsigned long arg);
long do_set_callbacks(unsigned long event, unsigned long failsafe, unsigned long syscall);
long do_stack_switch(unsigned long ss, unsigned long esp);
long do_fpu_taskswitch(unsigned long set);
long do_set_segment_base(unsigned long which, unsigned long base);

/* pv/cpuid.c */
bool pv_emulate_forced_cpuid(struct cpu_user_regs *regs);

/* pv/mm.c */
long do_mmu_update(unsigned long ureqs, unsigned long count, unsigned long pdone,
                   unsigned long foreigndom);
long do_mmuext_op(unsigned long uops, unsigned long count, unsigned long pdone,
                  unsigned long foreigndom);
long do_update_va_mapping(unsigned long va, unsigned long val, unsigned long flags);
long do_set_gdt(unsigned long frame_list, unsigned long entries);
long do_memory_op(unsigned long cmd, unsigned long arg);


/* time.c: refresh the guest's vcpu_time_info */
void pv_update_vcpu_time(struct vcpu *v);

#endif /* ASM_PV_H */
