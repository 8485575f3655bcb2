/*
 * sim/traceout.c - the trace file: the framework's own trace records, collected from
 * the per-pCPU buffers of kernel/trace.c and written the way xentrace writes them.
 *
 * The records themselves are made by the same code as in the hypervisor: the
 * trace_var() calls in sched/core.c (runstate changes, wake, block, switch, ...) and
 * in the modules, appending to one buffer per pCPU (kernel/trace.c). Only the clock
 * differs: the TSC is virtual, trace_tsc() = NOW() in ns, i.e. a 1 GHz TSC.
 *
 * The file (Xen's xentrace format, so xenalyze reads it: --cpu-hz=1000000000):
 *
 *   CPU-change record for pCPU 0     header TRC_TRACE_CPU_CHANGE, 2 extra words, no
 *                                    TSC: the pCPU, and the size in bytes of the
 *                                    records that follow (xentrace's "window")
 *     TRC_HESTIA_TRACE_INFO          the first record: tsc_hz (lo, hi), nr pCPUs,
 *                                    flags (TRC_HESTIA_INFO_SIMULATED)
 *     ...pCPU 0's records...
 *   CPU-change record for pCPU 1, its records, ... for each pCPU with records;
 *   then again, pCPU 0, 1, ... each time the buffers are drained.
 *
 * Within one pCPU's windows the TSC never goes backwards; a reader merges the pCPUs
 * by TSC, as xenalyze does. Buffers are drained (in pCPU order, skipping empty ones)
 * when one of them is a quarter full, at the end of every sim_run_until(), and when
 * the trace is closed, so no record is ever dropped.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hestia/trace.h>
#include <hestia/xmalloc.h>

#include "sim_int.h"

#define TRACE_BUF_BYTES   (256 * 1024)            /* per pCPU */
#define TRACE_DRAIN_WORDS (TRACE_BUF_BYTES / 4 / 4) /* drain at a quarter full */

static void put_words(struct sim *s, const uint32_t *w, size_t n)
{
    if (fwrite(w, sizeof(*w), n, s->trace) != n)
        s->trace_failed = true;
}

/* Write every pCPU's records as one window each, then empty the buffers. */
void traceout_flush(struct sim *s)
{
    if (!s->trace)
        return;
    for (unsigned int cpu = 0; cpu < s->nr_cpus; cpu++) {
        size_t len;
        unsigned long lost;
        const uint32_t *words = trace_buffer(cpu, &len, &lost);
        if (!len)
            continue;
        uint32_t change[3] = { TRC_HDR(TRC_TRACE_CPU_CHANGE, 2, 0), cpu,
                               (uint32_t)(len * sizeof(uint32_t)) };
        put_words(s, change, 3);
        put_words(s, words, len);
        trace_reset(cpu);
    }
}

void traceout_step(struct sim *s)
{
    if (!s->trace)
        return;
    for (unsigned int cpu = 0; cpu < s->nr_cpus; cpu++) {
        size_t len;
        unsigned long lost;
        trace_buffer(cpu, &len, &lost);
        if (len >= TRACE_DRAIN_WORDS) {
            traceout_flush(s);
            return;
        }
    }
}

int sim_trace_open(struct sim *s, const char *path, char *err, size_t errlen)
{
    if (s->trace)
        return errf(err, errlen, -EBUSY, "a trace is already open");
    if (s->nr_vcpus)
        return errf(err, errlen, -EINVAL, "open the trace before adding vcpus");
    FILE *f = fopen(path, "wb");
    if (!f)
        return errf(err, errlen, -errno, "cannot open '%s': %s", path, strerror(errno));
    if (trace_init(s->nr_cpus, TRACE_BUF_BYTES) != 0) {
        fclose(f);
        return errf(err, errlen, -ENOMEM, "out of memory for trace buffers");
    }
    s->trace = f;
    s->trace_failed = false;
    trace_class_mask = ~0U;                 /* every class */

    uint32_t info[4] = { (uint32_t)SIM_TSC_HZ, (uint32_t)(SIM_TSC_HZ >> 32), s->nr_cpus,
                         TRC_HESTIA_INFO_SIMULATED };
    s->cur_cpu = 0;
    trace_var(TRC_HESTIA_TRACE_INFO, 4, info);
    return 0;
}

int sim_trace_close(struct sim *s, char *err, size_t errlen)
{
    unsigned long lost_total = 0;
    int rc = 0;

    if (!s->trace)
        return 0;
    traceout_flush(s);
    for (unsigned int cpu = 0; cpu < s->nr_cpus; cpu++) {
        size_t len;
        unsigned long lost;
        const uint32_t *words = trace_buffer(cpu, &len, &lost);
        lost_total += lost;
        xfree((void *)words);               /* trace_init's buffers */
    }
    trace_init(0, 0);                       /* forget them */
    trace_class_mask = 0;
    if (fclose(s->trace) != 0 || s->trace_failed)
        rc = errf(err, errlen, -EIO, "error writing the trace file");
    else if (lost_total)
        rc = errf(err, errlen, -ENOSPC, "%lu trace records were lost", lost_total);
    s->trace = NULL;
    return rc;
}
