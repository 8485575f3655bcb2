/*
 * hypercall.h - hypercall handlers implemented by generic code (Xen's
 * xen/hypercall.h). The arch's dispatcher (kernel/arch/x86/pv/hypercall.c) maps
 * hypercall numbers to these and to its own handlers.
 *
 * Every handler validates its arguments and reads or writes guest memory only
 * through copy_from_guest/copy_to_guest; bad input gets a negative errno.
 */
#ifndef HESTIA_HYPERCALL_H
#define HESTIA_HYPERCALL_H

#include <hestia/types.h>
#include <public/xen.h>

long do_console_io(unsigned long cmd, unsigned long count, unsigned long buffer);
long do_xen_version(unsigned long cmd, unsigned long arg);
long do_sched_op(unsigned long cmd, unsigned long arg);
long do_set_timer_op(unsigned long timeout);
long do_vcpu_op(unsigned long cmd, unsigned long vcpuid, unsigned long arg);
long do_multicall(unsigned long call_list, unsigned long nr_calls);
long do_event_channel_op(unsigned long cmd, unsigned long arg);
long do_domctl(unsigned long arg);
long do_sysctl(unsigned long arg);

/* The arch's dispatcher: run hypercall `op` with up to 6 arguments. */
long hypercall_dispatch(unsigned long op, const unsigned long args[6]);
/* __HYPERVISOR_hestia_trace_op (kernel/trace_op.c). */
long do_hestia_trace_op(unsigned long cmd, unsigned long a, unsigned long b);

/* Per-domain and global hypercall counters (for reports and tests). */
extern unsigned long hypercall_count;

#endif /* HESTIA_HYPERCALL_H */
