/*
 * tools/hvtrace/main.c - hvtrace's command line (the library is hvtrace.h).
 *
 *   hvtrace [--csv FILE] [--runs FILE] [--wake FILE] [--io FILE] [--cpu-hz HZ] TRACE
 *                                                report on standard output, and CSVs
 *   hvtrace --records [--cpu-hz HZ] TRACE        one decoded record per line
 *
 * Exit status: 0 on success, 1 for a bad or unreadable trace, 2 for a bad command
 * line. Errors are one line on stderr.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hvtrace.h"

/* The CSV outputs: option, what it writes. */
static const struct {
    const char *opt;
    void (*print)(const struct hvt_analysis *a, FILE *f);
} outputs[] = {
    { "--csv", hvt_print_csv },                 /* one row per vcpu */
    { "--runs", hvt_print_runs },               /* running stretches: Gantt charts */
    { "--wake", hvt_print_wake_samples },       /* wake-to-run samples: CDFs */
    { "--io", hvt_print_io_samples },           /* I/O latency samples: histograms */
};
#define NR_OUTPUTS (sizeof(outputs) / sizeof(outputs[0]))

struct args {
    const char *out[NR_OUTPUTS], *trace;
    uint64_t cpu_hz;
    bool records;
};

static int usage(const char *msg)
{
    if (msg)
        fprintf(stderr, "hvtrace: %s (hvtrace --help)\n", msg);
    else
        printf("usage: hvtrace [--csv FILE] [--runs FILE] [--wake FILE] [--io FILE]\n"
               "               [--cpu-hz HZ] TRACE\n"
               "       hvtrace --records [--cpu-hz HZ] TRACE\n"
               "Decode a Hestia (xentrace-format) trace and report per-vcpu run time,\n"
               "wake latency, switches, deadline misses, ... (tools/hvtrace/README.md).\n");
    return msg ? 2 : 0;
}

static bool parse_hz(const char *s, uint64_t *hz)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || v == 0 || s[0] == '-')
        return false;
    *hz = v;
    return true;
}

static int output_index(const char *opt)
{
    for (unsigned int i = 0; i < NR_OUTPUTS; i++)
        if (!strcmp(opt, outputs[i].opt))
            return (int)i;
    return -1;
}

static bool any_output(const struct args *a)
{
    for (unsigned int i = 0; i < NR_OUTPUTS; i++)
        if (a->out[i])
            return true;
    return false;
}

/* 0, or the exit status for a bad command line (or --help). */
static int parse(int argc, char **argv, struct args *a, bool *done)
{
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        if (!strcmp(o, "--help") || !strcmp(o, "-h")) {
            *done = true;
            return usage(NULL);
        } else if (!strcmp(o, "--records")) {
            a->records = true;
        } else if (output_index(o) >= 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "hvtrace: %s needs a file (hvtrace --help)\n", o);
                return 2;
            }
            a->out[output_index(o)] = argv[++i];
        } else if (!strcmp(o, "--cpu-hz")) {
            if (i + 1 >= argc)
                return usage("--cpu-hz needs a value");
            if (!parse_hz(argv[++i], &a->cpu_hz))
                return usage("--cpu-hz: not a positive whole number of Hz");
        } else if (o[0] == '-' && o[1]) {
            fprintf(stderr, "hvtrace: unknown option '%s' (hvtrace --help)\n", o);
            return 2;
        } else if (a->trace) {
            return usage("one trace file only");
        } else {
            a->trace = o;
        }
    }
    if (!a->trace)
        return usage("no trace file");
    if (a->records && any_output(a))
        return usage("--records and the CSV outputs do not go together");
    return 0;
}

static int write_csv(const struct hvt_analysis *an, const char *path,
                     void (*print)(const struct hvt_analysis *a, FILE *f))
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "hvtrace: %s: %s\n", path, strerror(errno));
        return 1;
    }
    print(an, f);
    if (fclose(f) != 0) {
        fprintf(stderr, "hvtrace: %s: write error\n", path);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct args a = { 0 };
    bool done = false;
    char err[512];
    int rc = parse(argc, argv, &a, &done);
    if (rc || done)
        return rc;

    struct hvt_trace t;
    if (hvt_load(a.trace, &t, err, sizeof(err)) != 0) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    if (a.records) {
        hvt_print_records(&t, t.has_info && t.info_hz ? t.info_hz : a.cpu_hz, stdout);
        hvt_trace_free(&t);
        return 0;
    }
    struct hvt_opts opts = { .cpu_hz = a.cpu_hz };
    struct hvt_analysis *an;
    rc = hvt_analyze(&t, &opts, a.trace, &an, err, sizeof(err));
    hvt_trace_free(&t);
    if (rc) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    hvt_print_report(an, a.trace, stdout);
    for (unsigned int i = 0; i < NR_OUTPUTS && !rc; i++)
        if (a.out[i])
            rc = write_csv(an, a.out[i], outputs[i].print);
    hvt_analysis_free(an);
    return rc;
}
