/*
 * tools/hvtrace/main.c - hvtrace's command line (the library is hvtrace.h).
 *
 *   hvtrace [--csv FILE] [--cpu-hz HZ] TRACE     report on standard output
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

struct args {
    const char *csv, *trace;
    uint64_t cpu_hz;
    bool records;
};

static int usage(const char *msg)
{
    if (msg)
        fprintf(stderr, "hvtrace: %s (hvtrace --help)\n", msg);
    else
        printf("usage: hvtrace [--csv FILE] [--cpu-hz HZ] TRACE\n"
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
        } else if (!strcmp(o, "--csv") || !strcmp(o, "--cpu-hz")) {
            if (i + 1 >= argc)
                return usage(!strcmp(o, "--csv") ? "--csv needs a file" : "--cpu-hz needs a value");
            if (!strcmp(o, "--csv"))
                a->csv = argv[++i];
            else if (!parse_hz(argv[++i], &a->cpu_hz))
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
    if (a->records && a->csv)
        return usage("--records and --csv do not go together");
    return 0;
}

static int write_csv(const struct hvt_analysis *an, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "hvtrace: %s: %s\n", path, strerror(errno));
        return 1;
    }
    hvt_print_csv(an, f);
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
    rc = a.csv ? write_csv(an, a.csv) : 0;
    hvt_analysis_free(an);
    return rc;
}
