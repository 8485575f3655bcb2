/*
 * sim/main.c - hvsim, the scheduler simulator's command line (see sim/README.md).
 *
 *   hvsim [--sched NAME] [--pcpus N] [--duration-ms D] [--seed S] [--trace FILE]
 *         [--cmdline OPTS] [--verbose] SCENARIO
 *   hvsim --list
 *
 * Reads the scenario, lets the flags override its global settings, runs it, and
 * prints the CSV summary on stdout. Exit status: 0 on success, 1 for a bad scenario
 * or a failed trace, 2 for a bad command line. Every error is one line on stderr.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

#define EXIT_INPUT 1
#define EXIT_USAGE 2

static const char usage[] =
    "usage: hvsim [--sched NAME] [--pcpus N] [--duration-ms D] [--seed S]\n"
    "             [--trace FILE] [--cmdline OPTS] [--verbose] SCENARIO\n"
    "       hvsim --list\n"
    "\n"
    "Runs Hestia's scheduler modules (the hypervisor's own sched/ sources) on a\n"
    "virtual clock and prints one CSV row per vcpu:\n"
    "  " SIM_CSV_HEADER "\n"
    "\n"
    "  --sched NAME       scheduler module (overrides `sched =`)\n"
    "  --pcpus N          number of pCPUs, 1..64 (overrides `pcpus =`)\n"
    "  --duration-ms D    simulated run time in ms (overrides `duration_ms =`)\n"
    "  --seed S           seed of the random workloads (overrides `seed =`)\n"
    "  --trace FILE       write a xentrace-format trace (1 GHz virtual TSC)\n"
    "  --cmdline OPTS     Hestia boot options, e.g. sched_rr_quantum_us=5000\n"
    "                     (overrides `cmdline =`)\n"
    "  --verbose          hypervisor console messages and a summary on stderr\n"
    "  --list             the modules built in, their parameters, the boot options\n"
    "SCENARIO is a file, or - for standard input. See sim/README.md.\n";

struct options {
    struct sim_config over;     /* values given on the command line */
    bool has_sched, has_pcpus, has_duration, has_seed, has_cmdline;
    const char *trace, *scenario;
    bool verbose, list;
};

static int usage_error(const char *fmt, const char *a, const char *b)
{
    fprintf(stderr, "hvsim: ");
    fprintf(stderr, fmt, a, b);
    fprintf(stderr, " (hvsim --help)\n");
    return EXIT_USAGE;
}

static bool parse_num(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
    char *end;
    if (!*s || *s == '-' || *s == '+')
        return false;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v < min || v > max)
        return false;
    *out = v;
    return true;
}

/* One option with its argument into o; 0 or an exit status. */
static int take_option(int c, const char *arg, struct options *o)
{
    uint64_t v;

    switch (c) {
    case 's':
        if (strlen(arg) >= sizeof(o->over.sched))
            return usage_error("--sched: bad scheduler name '%s'%s", arg, "");
        snprintf(o->over.sched, sizeof(o->over.sched), "%s", arg);
        o->has_sched = true;
        return 0;
    case 'p':
        if (!parse_num(arg, 1, SIM_MAX_PCPUS, &v))
            return usage_error("--pcpus: '%s' is not a number in 1..%s", arg, "64");
        o->over.pcpus = (unsigned int)v;
        o->has_pcpus = true;
        return 0;
    case 'd':
        if (!parse_num(arg, 1, 1000000000, &v))
            return usage_error("--duration-ms: '%s' is not a number in 1..%s", arg,
                               "1000000000");
        o->over.duration_ns = (int64_t)v * 1000000;
        o->has_duration = true;
        return 0;
    case 'S':
        if (!parse_num(arg, 0, UINT64_MAX, &v))
            return usage_error("--seed: '%s' is not a number in 0..%s", arg, "2^64-1");
        o->over.seed = v;
        o->has_seed = true;
        return 0;
    case 'c':
        if (strlen(arg) >= sizeof(o->over.cmdline))
            return usage_error("--cmdline: too long%s%s", "", "");
        snprintf(o->over.cmdline, sizeof(o->over.cmdline), "%s", arg);
        o->has_cmdline = true;
        return 0;
    case 't':
        o->trace = arg;
        return 0;
    }
    return EXIT_USAGE;
}

static int parse_args(int argc, char **argv, struct options *o)
{
    static const struct option longopts[] = {
        { "sched", required_argument, NULL, 's' },
        { "pcpus", required_argument, NULL, 'p' },
        { "duration-ms", required_argument, NULL, 'd' },
        { "seed", required_argument, NULL, 'S' },
        { "trace", required_argument, NULL, 't' },
        { "cmdline", required_argument, NULL, 'c' },
        { "verbose", no_argument, NULL, 'v' },
        { "list", no_argument, NULL, 'l' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int c, rc;

    memset(o, 0, sizeof(*o));
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+hv", longopts, NULL)) != -1) {
        if (c == 'h') {
            fputs(usage, stdout);
            exit(0);
        } else if (c == 'v') {
            o->verbose = true;
        } else if (c == 'l') {
            o->list = true;
        } else if (c == '?') {
            return usage_error("unknown or incomplete option '%s'%s", argv[optind - 1], "");
        } else if ((rc = take_option(c, optarg, o)) != 0) {
            return rc;
        }
    }
    if (o->list)
        return 0;
    if (optind != argc - 1)
        return usage_error("expected one SCENARIO file%s%s", "", "");
    o->scenario = argv[optind];
    return 0;
}

/* The whole file (or stdin for "-"), NUL-terminated; NULL after printing why. */
static char *read_all(const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    size_t len = 0, cap = 4096;
    char *buf = malloc(cap);

    if (!f || !buf) {
        fprintf(stderr, "hvsim: cannot open '%s': %s\n", path, strerror(errno));
        free(buf);
        return NULL;
    }
    for (size_t n; (n = fread(buf + len, 1, cap - len - 1, f)) > 0;) {
        len += n;
        if (cap - len - 1 == 0 && !(buf = realloc(buf, cap *= 2))) {
            fprintf(stderr, "hvsim: out of memory reading '%s'\n", path);
            return NULL;
        }
    }
    bool bad = ferror(f);
    if (f != stdin)
        fclose(f);
    if (bad) {
        fprintf(stderr, "hvsim: cannot read '%s'\n", path);
        free(buf);
        return NULL;
    }
    buf[len] = '\0';
    return buf;
}

/* The scenario's settings with the command line's on top; 0 or an exit status. */
static int settle_config(const struct options *o, const char *text, const char *name,
                         struct sim_config *cfg)
{
    char err[512];

    sim_config_default(cfg);
    if (sim_scenario_config(text, name, cfg, err, sizeof(err)) != 0) {
        fprintf(stderr, "%s\n", err);
        return EXIT_INPUT;
    }
    if (o->has_sched) {
        snprintf(cfg->sched, sizeof(cfg->sched), "%s", o->over.sched);
        cfg->sched_line = 0;
    }
    if (o->has_pcpus)
        cfg->pcpus = o->over.pcpus;
    if (o->has_duration)
        cfg->duration_ns = o->over.duration_ns;
    if (o->has_seed)
        cfg->seed = o->over.seed;
    if (o->has_cmdline) {
        snprintf(cfg->cmdline, sizeof(cfg->cmdline), "%s", o->over.cmdline);
        cfg->cmdline_line = 0;
    }
    return 0;
}

/* "credit rr edf" */
static void module_names(char *buf, size_t len)
{
    buf[0] = '\0';
    for (unsigned int i = 0; i < sim_nr_modules(); i++)
        snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", i ? " " : "", sim_module_name(i));
}

/*
 * Check the module, and blame an error on the scenario line or the flag it came from.
 * (The scenario parser only checks that `sched =` is a name: the flag may override it.)
 */
static int check_sched(const struct sim_config *cfg, const char *name)
{
    char names[256];

    if (!cfg->sched[0] || sim_module_exists(cfg->sched))
        return 0;
    module_names(names, sizeof(names));
    if (cfg->sched_line)
        fprintf(stderr, "%s:%u: unknown scheduler '%s' (built in: %s)\n", name,
                cfg->sched_line, cfg->sched, names);
    else
        fprintf(stderr, "hvsim: --sched: unknown scheduler '%s' (built in: %s)\n",
                cfg->sched, names);
    return cfg->sched_line ? EXIT_INPUT : EXIT_USAGE;
}

/* sim_create_config failed: after check_sched, only the boot options can be wrong. */
static int create_error(const struct sim_config *cfg, const struct options *o,
                        const char *name, const char *err)
{
    if (cfg->cmdline_line) {
        fprintf(stderr, "%s:%u: %s\n", name, cfg->cmdline_line, err);
        return EXIT_INPUT;
    }
    if (o->has_cmdline && strncmp(err, "cmdline: ", 9) == 0)
        fprintf(stderr, "hvsim: --cmdline: %s\n", err + 9);
    else
        fprintf(stderr, "hvsim: %s\n", err);
    return o->has_cmdline ? EXIT_USAGE : EXIT_INPUT;
}

static void summary(const struct sim *s, const struct sim_config *cfg)
{
    uint64_t switches = 0;
    for (unsigned int i = 0; i < sim_nr_vcpus(s); i++)
        switches += sim_stats(s, i)->switches;
    fprintf(stderr, "hvsim: %s, %u pCPU%s, %u vcpu%s, %" PRId64 " ms simulated, seed %" PRIu64
            ", %" PRIu64 " context switches to vcpus\n", sim_sched(s), cfg->pcpus,
            cfg->pcpus == 1 ? "" : "s", sim_nr_vcpus(s), sim_nr_vcpus(s) == 1 ? "" : "s",
            cfg->duration_ns / 1000000, cfg->seed, switches);
}

static int run(const struct options *o, const char *text, const char *name)
{
    struct sim_config cfg;
    char err[512];
    int rc;

    if ((rc = settle_config(o, text, name, &cfg)) != 0 || (rc = check_sched(&cfg, name)) != 0)
        return rc;
    struct sim *s = sim_create_config(&cfg, err, sizeof(err));
    if (!s)
        return create_error(&cfg, o, name, err);
    if (o->trace && sim_trace_open(s, o->trace, err, sizeof(err)) != 0) {
        fprintf(stderr, "hvsim: --trace: %s\n", err);
        sim_destroy(s);
        return EXIT_INPUT;
    }
    if (sim_load_scenario(s, text, name, err, sizeof(err)) != 0) {
        fprintf(stderr, "%s\n", err);
        sim_destroy(s);
        return EXIT_INPUT;
    }
    if (sim_run_config(s, &cfg, err, sizeof(err)) != 0) {
        fprintf(stderr, "%s:%u: %s\n", name, cfg.switch_line, err);
        sim_destroy(s);
        return EXIT_INPUT;
    }
    sim_print_csv(s, stdout);
    if (o->verbose)
        summary(s, &cfg);
    rc = 0;
    if (o->trace && sim_trace_close(s, err, sizeof(err)) != 0) {
        fprintf(stderr, "hvsim: --trace %s: %s\n", o->trace, err);
        rc = EXIT_INPUT;
    }
    sim_destroy(s);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "hvsim: error writing the CSV\n");
        rc = EXIT_INPUT;
    }
    return rc;
}

int main(int argc, char **argv)
{
    struct options o;
    int rc = parse_args(argc, argv, &o);

    if (rc)
        return rc;
    sim_set_verbose(o.verbose);
    if (o.list) {
        sim_print_modules(stdout);
        return 0;
    }
    const char *name = strcmp(o.scenario, "-") == 0 ? "<stdin>" : o.scenario;
    char *text = read_all(o.scenario);
    if (!text)
        return EXIT_INPUT;
    rc = run(&o, text, name);
    free(text);
    return rc;
}
