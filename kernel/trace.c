/*
 * trace.c - per-pCPU trace buffers in Xen's xentrace format (see trace.h).
 *
 * Each pCPU appends to its own buffer, so no lock is needed: a record is built in
 * place with the pCPU's interrupts off (an interrupt handler may trace too). Readers
 * (dom0's collector, the simulator) copy a buffer out and reset it.
 */
#include <hestia/arch.h>
#include <hestia/config.h>
#include <hestia/errno.h>
#include <hestia/lib.h>
#include <hestia/param.h>
#include <hestia/printk.h>
#include <hestia/timer.h>
#include <hestia/trace.h>
#include <hestia/xmalloc.h>

struct trace_buf {
    uint32_t *words;
    size_t size;                /* in words */
    size_t prod;                /* words written */
    unsigned long lost;         /* records dropped since the last that fitted */
    unsigned long lost_total;
};

uint32_t trace_class_mask;
static struct trace_buf bufs[NR_CPUS];
static unsigned int nr_trace_cpus;

/* "sched,hestia,gen,pv|hypercall,evtchn,io" | "all" | "none" -> a class mask. */
int trace_parse_classes(const char *s, uint32_t *out)
{
    static const struct { const char *name; uint32_t event; } classes[] = {
        { "gen", TRC_GEN }, { "sched", TRC_SCHED }, { "pv", TRC_PV },
        { "hypercall", TRC_PV }, { "hestia", TRC_HESTIA }, { "evtchn", TRC_HESTIA_EVTCHN },
        { "io", TRC_HESTIA_IO },
    };
    uint32_t mask = 0;
    while (s && *s) {
        const char *comma = strchr(s, ',');
        size_t len = comma ? (size_t)(comma - s) : strlen(s);
        bool found = false;
        if (len == 3 && strncmp(s, "all", 3) == 0) {
            mask = ~0U;
            found = true;
        } else if (len == 4 && strncmp(s, "none", 4) == 0) {
            mask = 0;
            found = true;
        }
        for (unsigned int i = 0; i < ARRAY_SIZE(classes) && !found; i++)
            if (strlen(classes[i].name) == len && strncmp(s, classes[i].name, len) == 0) {
                mask |= TRC_CLS_BIT(classes[i].event);
                found = true;
            }
        if (!found)
            return -EINVAL;
        s += len + (comma ? 1 : 0);
    }
    *out = mask;
    return 0;
}

/* trace=CLASSES on the boot line */
static int parse_trace(const char *s)
{
    return trace_parse_classes(s, &trace_class_mask);
}
custom_param("trace", parse_trace);

/* trace_buf_kb=N: each pCPU's buffer, in KiB (default 256). */
static unsigned long opt_trace_buf_kb = 256;
integer_param("trace_buf_kb", opt_trace_buf_kb);

size_t trace_buf_bytes(void)
{
    unsigned long kb = opt_trace_buf_kb < 4 ? 4 : opt_trace_buf_kb > 65536 ? 65536
                                                                           : opt_trace_buf_kb;
    return (size_t)kb * 1024;
}

int trace_init(unsigned int nr_cpus, size_t bytes)
{
    nr_trace_cpus = nr_cpus;
    for (unsigned int cpu = 0; cpu < nr_cpus; cpu++) {
        bufs[cpu].words = xmalloc_bytes(bytes);
        if (!bufs[cpu].words)
            return -ENOMEM;
        bufs[cpu].size = bytes / sizeof(uint32_t);
        bufs[cpu].prod = 0;
    }
    return 0;
}

/* Append one record; false if it does not fit. */
static bool put_record(struct trace_buf *b, uint32_t event, unsigned int nr,
                       const uint32_t *extra)
{
    if (!b->words || b->prod + 3 + nr > b->size)
        return false;
    uint64_t tsc = trace_tsc();
    uint32_t *w = b->words + b->prod;
    w[0] = TRC_HDR(event, nr, 1);
    w[1] = (uint32_t)tsc;
    w[2] = (uint32_t)(tsc >> 32);
    for (unsigned int i = 0; i < nr; i++)
        w[3 + i] = extra[i];
    b->prod += 3 + nr;
    return true;
}

void __trace_var(uint32_t event, unsigned int nr, const uint32_t *extra)
{
    unsigned int cpu = smp_processor_id();
    struct trace_buf *b = &bufs[cpu];

    if (nr > TRACE_EXTRA_MAX || cpu >= nr_trace_cpus)
        return;
    unsigned long flags = local_irq_save();
    if (b->lost) {
        uint32_t lost = (uint32_t)b->lost;
        if (put_record(b, TRC_LOST_RECORDS, 1, &lost))
            b->lost = 0;
    }
    if (b->lost || !put_record(b, event, nr, extra)) {
        b->lost++;
        b->lost_total++;
    }
    local_irq_restore(flags);
}

const uint32_t *trace_buffer(unsigned int cpu, size_t *len, unsigned long *lost)
{
    *len = cpu < nr_trace_cpus ? bufs[cpu].prod : 0;
    *lost = cpu < nr_trace_cpus ? bufs[cpu].lost_total : 0;
    return cpu < nr_trace_cpus ? bufs[cpu].words : NULL;
}

void trace_reset(unsigned int cpu)
{
    if (cpu < nr_trace_cpus)
        bufs[cpu].prod = 0;
}

/* One line per pCPU: how much each buffer holds (and lost), if tracing was on. */
void trace_report(void)
{
    if (!trace_class_mask)
        return;
    for (unsigned int cpu = 0; cpu < nr_trace_cpus; cpu++)
        printk("trace: cpu%u: %lu words in its buffer, %lu records lost\n", cpu,
               (unsigned long)bufs[cpu].prod, bufs[cpu].lost_total);
}

/*
 * trace_dump=at-exit: at the end of the run, write every pCPU's buffer out through
 * `out` (the arch sends it to COM2) as a trace file in xentrace's layout: for each
 * pCPU a CPU-change record (the pCPU, the window's size in bytes) and its records.
 * The first record of pCPU 0 is the TRC_HESTIA_TRACE_INFO header (TSC frequency).
 */
static char opt_trace_dump[16];
string_param("trace_dump", opt_trace_dump);

bool trace_dump_at_exit(void)
{
    return strcmp(opt_trace_dump, "at-exit") == 0;
}

void trace_dump(void (*out)(const void *buf, size_t len))
{
    for (unsigned int cpu = 0; cpu < nr_trace_cpus; cpu++) {
        struct trace_buf *b = &bufs[cpu];
        if (!b->prod)
            continue;
        uint32_t change[3] = { TRC_HDR(TRC_TRACE_CPU_CHANGE, 2, 0), cpu,
                               (uint32_t)(b->prod * sizeof(uint32_t)) };
        out(change, sizeof(change));
        out(b->words, b->prod * sizeof(uint32_t));
    }
}

static uint64_t info_tsc_hz;
static unsigned int info_nr_cpus;

/* The header record, written once tracing is set up (tsc_hz: the TSC's frequency). */
void trace_write_info(uint64_t tsc_hz, unsigned int nr_cpus)
{
    uint32_t info[4] = { (uint32_t)tsc_hz, (uint32_t)(tsc_hz >> 32), nr_cpus, 0 };
    info_tsc_hz = tsc_hz;
    info_nr_cpus = nr_cpus;
    if (trace_class_mask)               /* whatever classes are on: readers need it */
        __trace_var(TRC_HESTIA_TRACE_INFO, 4, info);
}

/*
 * dom0's `trace start|stop|dump` (sysctl). Start empties every buffer and writes the
 * header record again, then turns the classes on; the buffers may only be emptied
 * or dumped while tracing is off, since their pCPUs write them without locks.
 */
int trace_start(uint32_t mask)
{
    if (trace_class_mask)
        return -EBUSY;
    for (unsigned int cpu = 0; cpu < nr_trace_cpus; cpu++) {
        bufs[cpu].prod = 0;
        bufs[cpu].lost = bufs[cpu].lost_total = 0;
    }
    trace_class_mask = mask;
    trace_write_info(info_tsc_hz, info_nr_cpus);
    return 0;
}

void trace_stop(void)
{
    trace_class_mask = 0;
}
