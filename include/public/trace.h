/*
 * include/public/trace.h - trace records: Xen's xentrace binary format, so Xen's
 * own tools (xenalyze) read Hestia's traces, plus a class of Hestia's own events.
 *
 * A record is a header word, an optional 64-bit TSC, then 0-7 extra 32-bit words:
 *
 *   bits  0-27  event id (class << 16 | subclass << 12 | event)
 *   bits 28-30  number of extra words
 *   bit  31     a TSC (two words, low first) follows the header
 *
 * Each pCPU writes its own stream; a reader joins them with TRC_TRACE_CPU_CHANGE
 * records before each run of one pCPU's records. As xentrace writes them, these have
 * no TSC and two extra words: the pCPU number, and the size in bytes of the records
 * that follow up to the next CPU-change record (xenalyze uses it to skip ahead).
 * Event ids that Xen also has are Xen's (checked against Xen 4.17's trace.h); the
 * TRC_HESTIA class is Hestia's own (Xen's tools ignore it).
 */
#ifndef HESTIA_PUBLIC_TRACE_H
#define HESTIA_PUBLIC_TRACE_H

#define TRACE_EXTRA_MAX    7
#define TRACE_EXTRA_SHIFT  28
#define TRACE_CYCLES_FLAG  (1U << 31)

/* Classes. */
#define TRC_GEN            0x0001f000
#define TRC_SCHED          0x0002f000
#define TRC_SCHED_MIN      0x00021000   /* runstate changes */
#define TRC_SCHED_CLASS    0x00022000   /* scheduler-module specific */
#define TRC_SCHED_VERBOSE  0x00028000   /* wake, block, switch, ... */
#define TRC_PV             0x0020f000
#define TRC_HESTIA         0x0400f000   /* Hestia's own events (a class Xen leaves free) */
#define TRC_HESTIA_EVTCHN  0x0100f000   /* Hestia: event channels (free in Xen too) */
#define TRC_HESTIA_IO      0x0200f000   /* Hestia: I/O logged by guests (free in Xen too) */

/* General. */
#define TRC_LOST_RECORDS       (TRC_GEN + 1)   /* extra: number of records dropped */
#define TRC_TRACE_WRAP_BUFFER  (TRC_GEN + 2)
#define TRC_TRACE_CPU_CHANGE   (TRC_GEN + 3)   /* extra: the pCPU whose records follow */

/*
 * Runstate changes: the old and new runstates are encoded in the event id,
 * event = TRC_SCHED_RUNSTATE_CHANGE | old << 8 | new << 4; extra word:
 * domain << 16 | vcpu.
 */
#define TRC_SCHED_RUNSTATE_CHANGE  (TRC_SCHED_MIN + 1)
#define TRC_SCHED_CONTINUE_RUNNING (TRC_SCHED_MIN + 2)

/* Verbose scheduling events: extra word domain << 16 | vcpu unless noted. */
#define TRC_SCHED_DOM_ADD       (TRC_SCHED_VERBOSE +  1)
#define TRC_SCHED_DOM_REM       (TRC_SCHED_VERBOSE +  2)
#define TRC_SCHED_SLEEP         (TRC_SCHED_VERBOSE +  3)
#define TRC_SCHED_WAKE          (TRC_SCHED_VERBOSE +  4)
#define TRC_SCHED_YIELD         (TRC_SCHED_VERBOSE +  5)
#define TRC_SCHED_BLOCK         (TRC_SCHED_VERBOSE +  6)
#define TRC_SCHED_SHUTDOWN      (TRC_SCHED_VERBOSE +  7)
#define TRC_SCHED_CTL           (TRC_SCHED_VERBOSE +  8)
#define TRC_SCHED_ADJDOM        (TRC_SCHED_VERBOSE +  9)
#define TRC_SCHED_SWITCH        (TRC_SCHED_VERBOSE + 10)  /* prev dom, prev vcpu, next dom, next vcpu */
#define TRC_SCHED_S_TIMER_FN    (TRC_SCHED_VERBOSE + 11)
#define TRC_SCHED_T_TIMER_FN    (TRC_SCHED_VERBOSE + 12)
#define TRC_SCHED_DOM_TIMER_FN  (TRC_SCHED_VERBOSE + 13)
#define TRC_SCHED_SWITCH_INFPREV (TRC_SCHED_VERBOSE + 14)
#define TRC_SCHED_SWITCH_INFNEXT (TRC_SCHED_VERBOSE + 15)

/* Hestia's own events. */
#define TRC_HESTIA_SCHED_MODULE  (TRC_HESTIA + 0x100)  /* + module event: decisions */
#define TRC_HESTIA_SCHED_SWITCH_MODULE (TRC_HESTIA + 0x001)  /* extra: vcpus moved */
/*
 * The first record of a trace file: what a reader needs to turn TSC into time.
 * Extra words: tsc_hz low, tsc_hz high (the frequency of the TSC in the records:
 * the hypervisor's calibrated TSC; the simulator's virtual TSC counts nanoseconds,
 * 1 GHz), the number of pCPUs, and flags (TRC_HESTIA_INFO_*).
 */
#define TRC_HESTIA_TRACE_INFO    (TRC_HESTIA + 0x002)
#define TRC_HESTIA_INFO_SIMULATED 0x1U      /* written by the simulator (sim/) */
#define TRC_HESTIA_EDF_REPLENISH (TRC_HESTIA + 0x010)  /* dom<<16|vcpu, budget_us */
#define TRC_HESTIA_EDF_MISS      (TRC_HESTIA + 0x011)  /* dom<<16|vcpu, lateness_us */
#define TRC_HESTIA_SCHED_MIGRATE (TRC_HESTIA + 0x012)  /* dom<<16|vcpu, from<<16|to pCPU */
#define TRC_HESTIA_SLICE_END     (TRC_HESTIA + 0x013)  /* dom<<16|vcpu of the vcpu whose
                                                        * slice timer fired */

/*
 * I/O, logged by guests through HYPERVISOR_hestia_trace_op (the hypervisor fills in
 * the requester, so a guest cannot log for another): extra[0] = dom << 16 | vcpu,
 * extra[1] = a request id of the guest's choosing. A request and a response with
 * the same two words are one I/O; the latency is the difference of their TSCs.
 */
#define TRC_HESTIA_IO_REQUEST    (TRC_HESTIA_IO + 0x001)
#define TRC_HESTIA_IO_RESPONSE   (TRC_HESTIA_IO + 0x002)
#define TRC_HESTIA_GUEST_EVENT   (TRC_HESTIA_IO + 0x003)  /* dom<<16|vcpu, code, value */

/* Event channels: a send (EVTCHNOP_send or a VIRQ), and an upcall into a guest. */
#define TRC_HESTIA_EVTCHN_SEND   (TRC_HESTIA_EVTCHN + 0x001)  /* dom<<16|port, rdom<<16|rport */
#define TRC_HESTIA_EVTCHN_UPCALL (TRC_HESTIA_EVTCHN + 0x002)  /* dom<<16|vcpu */

/*
 * Hypercalls: entry in Xen's format (TRC_PV_HYPERCALL_V2: extra[0] = the number in
 * bits 0-19, no argument words); Xen traces no exit, Hestia's is the next free id
 * in the same class: extra[0] = number, extra[1] = the low 32 bits of the result.
 */
#define TRC_PV_ENTRY             0x00201000
#define TRC_PV_HYPERCALL_V2      (TRC_PV_ENTRY + 0x0d)
#define TRC_PV_HESTIA_HYPERCALL_EXIT (TRC_PV_ENTRY + 0x0f)

#ifndef __ASSEMBLY__
#include <stdint.h>

/* The header word of a record. */
#define TRC_HDR(event, extra, cycles) \
    ((uint32_t)(event) | ((uint32_t)(extra) << TRACE_EXTRA_SHIFT) | ((cycles) ? TRACE_CYCLES_FLAG : 0))
#define TRC_HDR_EVENT(h)   ((h) & 0x0fffffff)
#define TRC_HDR_EXTRA(h)   (((h) >> TRACE_EXTRA_SHIFT) & TRACE_EXTRA_MAX)
#define TRC_HDR_CYCLES(h)  (((h) & TRACE_CYCLES_FLAG) != 0)
#endif

#endif /* HESTIA_PUBLIC_TRACE_H */
