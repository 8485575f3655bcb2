/*
 * trace.h - the trace facility (kernel/trace.c): per-pCPU buffers of xentrace
 * records (include/public/trace.h), written without locks by their own pCPU.
 *
 * Tracing is off until `trace=` names classes (trace=sched,hestia or trace=all);
 * a trace point then costs one well-predicted branch. When a buffer is full new
 * records are dropped and counted; the next record that fits is preceded by a
 * TRC_LOST_RECORDS record saying how many were lost.
 *
 * Portable: the simulator (sim/) uses it with a virtual TSC.
 */
#ifndef HESTIA_TRACE_H
#define HESTIA_TRACE_H

#include <hestia/types.h>
#include <public/trace.h>

extern uint32_t trace_class_mask;       /* which classes are traced */

/* The class of an event: bits 16-27, one bit per class (Xen's convention). */
#define TRC_CLS_BIT(event) (((uint32_t)(event) >> 16) & 0xfff)

/* "sched,evtchn,io,..." | "all" | "none" to a class mask; 0 or -EINVAL. */
int trace_parse_classes(const char *s, uint32_t *mask);

/* The size of each pCPU's buffer: trace_buf_kb= (4 KiB .. 64 MiB, default 256 KiB). */
size_t trace_buf_bytes(void);
/* Set up nr_cpus buffers of `bytes` each (boot); 0 or -ENOMEM. */
int trace_init(unsigned int nr_cpus, size_t bytes);

/* Write one record on this pCPU: `nr` extra words, with a TSC. */
void __trace_var(uint32_t event, unsigned int nr, const uint32_t *extra);

static inline void trace_var(uint32_t event, unsigned int nr, const uint32_t *extra)
{
    if (unlikely(trace_class_mask & TRC_CLS_BIT(event)))
        __trace_var(event, nr, extra);
}

/* The records of a pCPU: words [0, *len) of its buffer; and its dropped count. */
const uint32_t *trace_buffer(unsigned int cpu, size_t *len, unsigned long *lost);
/* Forget what a pCPU's buffer holds (after a reader copied it). */
void trace_reset(unsigned int cpu);

/* Print how full each pCPU's buffer is (at the end of a run). */
void trace_report(void);
/* trace_dump=at-exit given? Then write the buffers out as a trace file with `out`. */
bool trace_dump_at_exit(void);
void trace_dump(void (*out)(const void *buf, size_t len));
/* dom0's control: empty the buffers and trace `mask` (-EBUSY if on); stop. */
int trace_start(uint32_t mask);
void trace_stop(void);
/* The header record: the TSC frequency and number of pCPUs (boot). */
void trace_write_info(uint64_t tsc_hz, unsigned int nr_cpus);

/* Supplied by the arch (or the simulator): the time stamp counter. */
uint64_t trace_tsc(void);

#endif /* HESTIA_TRACE_H */
