/*
 * tools/hvtrace/hvtrace.h - hvtrace as a library: decode a Hestia trace file
 * (Xen's xentrace format plus the TRC_HESTIA class, include/public/trace.h) and
 * analyse it in the spirit of Xen's xenalyze.
 *
 * Three steps, each its own file:
 *   decode.c   bytes -> records: checks the framing (CPU-change windows, record
 *              sizes, extra-word counts, per-pCPU TSC order) and merges the pCPU
 *              streams by TSC;
 *   analyze.c  records -> per-vcpu / per-domain statistics (run and runnable time
 *              from runstate changes, wake-to-run latency, switches, deadline
 *              misses, module switches, I/O latency, hypercall counts);
 *   report.c   statistics -> the text report, the CSV, the record listing.
 * main.c is the command line (build/hvtrace). The unit tests link the library.
 *
 * Errors: functions taking (err, errlen) return 0 on success or a negative errno
 * with one line in err, "NAME: offset N: problem" for a malformed file.
 * Host C11; nothing here is used by the hypervisor.
 */
#ifndef HVTRACE_H
#define HVTRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define HVT_MAX_CPUS    4096        /* a larger pCPU number in a CPU-change is an error */
#define HVT_MAX_EXTRA   7
#define HVT_DOMID_IDLE  0x7fff      /* the idle domain (DOMID_IDLE): not reported as a vcpu */

/* Xen's PV hypercall events (Hestia does not emit them yet; xen/include/public/trace.h). */
#define HVT_TRC_PV_ENTRY        0x00201000
#define HVT_TRC_PV_HYPERCALL    (HVT_TRC_PV_ENTRY + 1)
#define HVT_TRC_PV_HYPERCALL_V2 (HVT_TRC_PV_ENTRY + 13)
#define HVT_TRC_64_FLAG         0x100

/* --- decoding ---------------------------------------------------------------------- */

struct hvt_record {
    uint64_t tsc;               /* a record without a TSC takes its pCPU's previous one */
    uint64_t offset;            /* byte offset of the header word in the file */
    uint64_t seq;               /* position in the file, among records (tie-break) */
    uint32_t event;             /* event id (header bits 0-27) */
    uint16_t cpu;               /* from the enclosing CPU-change window */
    uint8_t nr;                 /* extra words */
    bool has_tsc;
    uint32_t extra[HVT_MAX_EXTRA];
};

struct hvt_trace {
    struct hvt_record *recs;    /* merged: by TSC, then file order */
    size_t nr;
    unsigned int nr_windows;    /* CPU-change records */
    unsigned int nr_cpus;       /* highest pCPU seen + 1 */
    bool has_info;              /* a TRC_HESTIA_TRACE_INFO record was found */
    uint64_t info_hz;           /* its TSC frequency */
    uint32_t info_pcpus, info_flags;    /* its pCPU count and flags (0 if absent) */
};

/* Decode `len` bytes; `name` prefixes messages. On error *t is left empty. */
int hvt_decode(const void *buf, size_t len, const char *name, struct hvt_trace *t,
               char *err, size_t errlen);
/* Read a file and decode it. */
int hvt_load(const char *path, struct hvt_trace *t, char *err, size_t errlen);
void hvt_trace_free(struct hvt_trace *t);

/* A name for an event id ("runstate_change", "switch", "edf_miss", "0x0040f123"). */
const char *hvt_event_name(uint32_t event, char *buf, size_t len);

/* --- analysis ------------------------------------------------------------------------ */

struct hvt_opts {
    uint64_t cpu_hz;            /* used when the trace has no info record; 0: none */
    uint64_t end_tsc;           /* end of the span; 0: the last record's TSC */
};

/* A latency distribution, nanoseconds; nearest-rank percentiles (n == 0: all 0). */
struct hvt_lat {
    size_t n;
    int64_t min_ns, p50_ns, p99_ns, max_ns;
    double mean_ns;
};

struct hvt_vcpu {
    uint16_t dom, vcpu;
    int64_t time_ns[4];         /* per runstate: running, runnable, blocked, offline */
    double share;               /* time_ns[running] / span: of ONE pCPU */
    uint64_t switches;          /* times switched in (TRC_SCHED_SWITCH next) */
    uint64_t misses;            /* TRC_HESTIA_EDF_MISS */
    uint64_t blocks, yields, sleeps, wake_events;   /* verbose events */
    uint64_t mismatches;        /* runstate records whose old state was not ours */
    struct hvt_lat wake;        /* wake-to-run latency */
};

struct hvt_domain {
    uint16_t dom;
    unsigned int nr_vcpus;
    int64_t running_ns, runnable_ns;
    double share;
    uint64_t switches, misses;
    struct hvt_lat wake;        /* every wake of every vcpu of the domain */
    struct hvt_lat io;          /* I/O request latency (requests from this domain) */
};

struct hvt_module_switch { uint64_t tsc; int64_t t_ns; unsigned int cpu; uint32_t arg; };
/* For plots: one stretch of a vcpu running on a pCPU (ns since the span's start). */
struct hvt_run { uint16_t cpu, dom, vcpu; int64_t start_ns, end_ns; };
/* For plots: one latency sample (wake-to-run of a vcpu; I/O of a domain, vcpu 0). */
struct hvt_sample { uint16_t dom, vcpu; int64_t ns; };
struct hvt_count { uint32_t key; uint64_t n; };

struct hvt_cpu { uint64_t records, switches; };

struct hvt_analysis {
    uint64_t hz;
    bool hz_from_info;
    uint64_t start_tsc, end_tsc;
    int64_t span_ns;
    size_t nr_records;
    unsigned int nr_windows, nr_cpus;
    uint32_t info_flags;
    uint64_t switches;          /* every TRC_SCHED_SWITCH */
    double switches_per_s;
    uint64_t lost_records;      /* sum of TRC_LOST_RECORDS */
    uint64_t evtchn_sends, evtchn_upcalls;  /* TRC_HESTIA_EVTCHN_SEND, _UPCALL */
    uint64_t migrations, slice_ends;        /* TRC_HESTIA_SCHED_MIGRATE, _SLICE_END */
    struct hvt_vcpu *vcpus;     /* by (dom, vcpu); the idle domain excluded */
    size_t nr_vcpus;
    struct hvt_domain *doms;    /* by dom */
    size_t nr_doms;
    struct hvt_cpu *cpus;       /* nr_cpus entries */
    struct hvt_module_switch *mod_switches;
    size_t nr_mod_switches;
    struct hvt_count *mod_events;   /* TRC_HESTIA_SCHED_MODULE + e: key e, by e */
    size_t nr_mod_events;
    struct hvt_count *hypercalls;   /* key: hypercall number, by number */
    size_t nr_hypercalls;
    struct hvt_lat io;          /* all I/O requests */
    struct hvt_run *runs;       /* every running stretch, in the order they ended */
    size_t nr_runs;
    struct hvt_sample *wake_samples, *io_samples;   /* every sample, by vcpu / domain */
    size_t nr_wake_samples, nr_io_samples;
    uint64_t io_requests, io_unmatched_responses, io_outstanding;
};

/* Analyse a decoded trace; *out is freed with hvt_analysis_free. */
int hvt_analyze(const struct hvt_trace *t, const struct hvt_opts *opts, const char *name,
                struct hvt_analysis **out, char *err, size_t errlen);
void hvt_analysis_free(struct hvt_analysis *a);
/* The vcpu (dom, vcpu), or NULL. */
const struct hvt_vcpu *hvt_find_vcpu(const struct hvt_analysis *a, unsigned int dom,
                                     unsigned int vcpu);
/* Nearest-rank summary of n samples (sorted in place). */
void hvt_lat_summary(int64_t *ns, size_t n, struct hvt_lat *out);

/* --- reports ------------------------------------------------------------------------- */

void hvt_print_report(const struct hvt_analysis *a, const char *name, FILE *f);
#define HVT_CSV_HEADER "dom,vcpu,runtime_us,runnable_us,share,wakes,wake_min_us," \
    "wake_mean_us,wake_p50_us,wake_p99_us,wake_max_us,switches,deadline_misses"
void hvt_print_csv(const struct hvt_analysis *a, FILE *f);
/* One line per record, merged order; times only when hz != 0. */
void hvt_print_records(const struct hvt_trace *t, uint64_t hz, FILE *f);
/* CSV for plots: "cpu,start_us,end_us,dom,vcpu" per running stretch (a Gantt chart);
 * "dom,vcpu,latency_us" per wake-to-run sample; "dom,latency_us" per I/O request. */
void hvt_print_runs(const struct hvt_analysis *a, FILE *f);
void hvt_print_wake_samples(const struct hvt_analysis *a, FILE *f);
void hvt_print_io_samples(const struct hvt_analysis *a, FILE *f);

/* Internal: a one-line message into err (printf format). Returns rc. */
int hvt_errf(char *err, size_t errlen, int rc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif /* HVTRACE_H */
