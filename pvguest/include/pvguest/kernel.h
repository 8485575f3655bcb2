/*
 * pvguest/include/pvguest/kernel.h - what the whole kernel shares: the start_info
 * page the domain builder handed over, the shared-info page, and this vCPU's
 * vcpu_info.
 *
 * Xen's names are used throughout (start_info, shared_info, vcpu_info, p2m).
 */
#ifndef PVGUEST_KERNEL_H
#define PVGUEST_KERNEL_H

#include <public/xen.h>
#include <pvguest/arch.h>
#include <pvguest/lib.h>

/* Where the image is linked and mapped: VIRT_BASE in elfnotes.S, pvguest.lds. */
#define VIRT_BASE 0xffffffff80000000UL

/* Set up by start_kernel() before anything else runs. */
extern start_info_t *start_info;           /* %rsi at the entry point */
extern shared_info_t *HYPERVISOR_shared_info;
extern int kernel_is_dom0;                 /* SIF_INITDOMAIN in start_info.flags */

/* This kernel runs one vCPU, vCPU 0. */
static inline struct vcpu_info *this_vcpu(void)
{
    return &HYPERVISOR_shared_info->vcpu_info[0];
}

/* Linker symbols (pvguest.lds). */
extern char _text[], _etext[], __bss_start[], __bss_end[], _end[];

/* main.c */
void start_kernel(start_info_t *si);
/* What the kernel does once set up: run.c (a workload) or dom0/main.c. */
void kernel_main(void);
/* xencons.c: a domU with a console ring writes there (console.c calls it). */
void xencons_init(void);
bool xencons_write(const char *s, size_t len);

/* cmdline.c: "key=value key2=value2 ..." from start_info.cmd_line. */
void cmdline_init(const char *cmdline);
const char *cmdline_get(const char *key);   /* NULL if absent */
unsigned long cmdline_get_ulong(const char *key, unsigned long dflt);

#endif /* PVGUEST_KERNEL_H */
