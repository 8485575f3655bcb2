/*
 * sim/sim.h - the scheduler simulator as a C library (hvsim is its command line).
 *
 * The simulator runs Hestia's scheduler framework (sched/core.c) and every module in
 * sched/ - compiled from the very files the hypervisor links - on a virtual clock.
 * Simulated vcpus carry a workload (hog, periodic, io, sleepwake; see sim/README.md)
 * that says when they need the CPU; the framework and the module decide who gets it.
 * Time jumps from one event to the next, so ten simulated seconds take milliseconds,
 * and a run is a pure function of its inputs: same scenario and seed, same bytes out.
 *
 * Typical use, from a Check test or a research driver:
 *
 *     char err[256];
 *     struct sim *s = sim_create("rr", 1, 1);
 *     sim_add_vcpu_line(s, "vcpu name=a workload=hog", err, sizeof(err));
 *     sim_add_vcpu_line(s, "vcpu name=b workload=periodic period_us=10000 wcet_us=2000",
 *                       err, sizeof(err));
 *     sim_run_until(s, 1000000000);           // one simulated second (ns)
 *     printf("%f\n", sim_stats(s, 0)->share);
 *     sim_print_csv(s, stdout);
 *     sim_destroy(s);
 *
 * ONE SIMULATOR AT A TIME. The framework, its timers, softirqs and trace buffers are
 * global state, exactly as in the hypervisor, so sim_create() fails while another
 * struct sim exists; destroy it first. The library is not thread-safe.
 *
 * Errors: functions taking (err, errlen) return 0 on success, or a negative errno
 * value with a one-line message (no newline) in err. Times are int64_t nanoseconds
 * since the start of the simulation (Hestia's s_time_t).
 */
#ifndef SIM_SIM_H
#define SIM_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SIM_NAME_MAX    32          /* vcpu names: up to 31 of [A-Za-z0-9_.-] */
#define SIM_MAX_VCPUS   8192        /* vcpus in one simulation */
#define SIM_MAX_PCPUS   64          /* NR_CPUS */
#define SIM_TSC_HZ      1000000000ULL   /* the virtual TSC counts nanoseconds */

struct sim;

/* --- Run settings: the global lines of a scenario -------------------------------- */

#define SIM_MAX_SWITCHES 8

struct sim_config {
    char sched[32];         /* module (sched = NAME); "" means the default module */
    unsigned int pcpus;     /* 1..SIM_MAX_PCPUS (default 1) */
    int64_t duration_ns;    /* how long hvsim runs (default 1 s) */
    uint64_t seed;          /* for the random workloads (default 1) */
    char cmdline[256];      /* Hestia boot options, e.g. "sched_rr_quantum_us=5000" */
    /* switch = NAME@MS ...: change module at these times (increasing), during the run */
    unsigned int nr_switches;
    struct { char sched[32]; int64_t at_ns; } switches[SIM_MAX_SWITCHES];
    /* The scenario line each setting came from (0: not from the scenario). */
    unsigned int sched_line, pcpus_line, duration_line, seed_line, cmdline_line,
                 switch_line;
};

/* The defaults above. */
void sim_config_default(struct sim_config *cfg);

/*
 * Read the global lines of a scenario (sched, pcpus, duration_ms, seed, cmdline, switch) into
 * cfg; settings the text does not mention keep their value in cfg. Checks the syntax
 * of every line (vcpu lines too, without adding anything), so a bad scenario fails
 * here before anything runs. filename is used in messages ("scen.txt:7: ...").
 */
int sim_scenario_config(const char *text, const char *filename, struct sim_config *cfg,
                        char *err, size_t errlen);

/* --- Life cycle --------------------------------------------------------------------- */

/*
 * A simulator with `pcpus` pCPUs under module `sched` (NULL or "": the default), at
 * time 0, no vcpus. NULL if the module is not built in, pcpus is out of range, or
 * another simulator exists (a message goes to stderr).
 */
struct sim *sim_create(const char *sched, unsigned int pcpus, uint64_t seed);
/* The same from a sim_config (also applies cfg->cmdline); NULL with err on failure. */
struct sim *sim_create_config(const struct sim_config *cfg, char *err, size_t errlen);
/* Tear everything down (closes the trace if open). NULL is ignored. */
void sim_destroy(struct sim *s);

/*
 * Write a trace to `path`: Xen's xentrace binary format, as the hypervisor's trace
 * buffers produce it, every trace class enabled, TSC = virtual nanoseconds. Must be
 * called before the first vcpu is added (the trace starts with an info record).
 */
int sim_trace_open(struct sim *s, const char *path, char *err, size_t errlen);
/* Flush and close the trace; reports write errors and lost records. */
int sim_trace_close(struct sim *s, char *err, size_t errlen);

/* --- vcpus ----------------------------------------------------------------------------- */

/*
 * Add one vcpu from a scenario vcpu line (the leading word "vcpu" is optional):
 *   "vcpu name=a workload=periodic period_us=10000 wcet_us=2000 pcpu=1 sched_weight=512"
 * It starts at the current simulated time. sched_<param> keys go through the current
 * module's parameter table (sched_set_param), which checks min/max.
 */
int sim_add_vcpu_line(struct sim *s, const char *line, char *err, size_t errlen);
/*
 * Add every vcpu line of a scenario text, in order. Global lines are checked but
 * otherwise skipped: they are read by sim_scenario_config(), before sim_create.
 * Messages start with "filename:line: ".
 */
int sim_load_scenario(struct sim *s, const char *text, const char *filename,
                      char *err, size_t errlen);

/* --- Running ------------------------------------------------------------------------- */

/*
 * Advance the simulation to absolute time t_ns (>= sim_now); 0 or -EINVAL. A run
 * covers [now, t_ns): what is due at exactly t_ns happens at the start of the next
 * call (a job that finishes at t_ns is counted then).
 */
int sim_run_until(struct sim *s, int64_t t_ns);
/*
 * Run a scenario's settings: until cfg->duration_ns, switching modules as cfg's
 * `switch =` line says (all checked before anything runs). What hvsim does.
 */
int sim_run_config(struct sim *s, const struct sim_config *cfg, char *err, size_t errlen);
int64_t sim_now(const struct sim *s);
/* Switch every vcpu to another module at the current time (sched_switch); 0 or -errno. */
int sim_switch(struct sim *s, const char *sched);
const char *sim_sched(const struct sim *s);         /* the module running now */
unsigned int sim_pcpus(const struct sim *s);

/* Per-vcpu scheduler parameters of vcpu i, by name ("weight" or "sched_weight"). */
int sim_get_param(struct sim *s, unsigned int i, const char *param, long *value);
int sim_set_param(struct sim *s, unsigned int i, const char *param, long value);

/* --- Results ----------------------------------------------------------------------------- */

struct sim_vcpu_stats {
    const char *name;
    const char *workload;
    unsigned int pcpu;          /* the pCPU it runs on, or last ran on */
    double share;               /* runtime / sim_now(): fraction of ONE pCPU */
    int64_t runtime_ns;         /* CPU time the workload received */
    /*
     * The framework's own runstate accounting (vcpu->runstate, what a guest reads
     * with VCPUOP_get_runstate_info), indexed running, runnable, blocked, offline.
     * runstate_ns[0] == runtime_ns always; runstate_ns[1] is time spent waiting.
     */
    int64_t runstate_ns[4];
    uint64_t jobs;              /* jobs (periodic), requests (io), bursts (sleepwake) done */
    uint64_t deadline_misses;   /* periodic: jobs whose deadline passed unfinished */
    uint64_t switches;          /* times it was switched in */
    uint64_t wakes;             /* wake-latency samples */
    /* Wake latency (wake to running), nearest-rank percentiles; -1 without wakes. */
    int64_t wake_p50_ns, wake_p99_ns, wake_max_ns;
};

unsigned int sim_nr_vcpus(const struct sim *s);
/* Statistics of vcpu i (scenario order) as of now; valid until the next call. */
const struct sim_vcpu_stats *sim_stats(const struct sim *s, unsigned int i);
/* The CSV summary: header, then one row per vcpu in scenario order. */
void sim_print_csv(const struct sim *s, FILE *f);
#define SIM_CSV_HEADER \
    "vcpu,share,runtime_us,jobs,deadline_misses,wake_p50_us,wake_p99_us,wake_max_us,switches"

/* --- Modules --------------------------------------------------------------------------- */

unsigned int sim_nr_modules(void);                  /* scheduler modules built in */
const char *sim_module_name(unsigned int i);        /* sched= name, framework order */
bool sim_module_exists(const char *name);
const char *sim_default_module(void);               /* credit if built in, as in Xen */
/* hvsim --list: every module with its parameter table, and the boot options. */
void sim_print_modules(FILE *f);

/* Framework console messages (printk) go to stderr when true (hvsim --verbose). */
void sim_set_verbose(bool on);

#endif /* SIM_SIM_H */
