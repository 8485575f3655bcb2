/*
 * sim/sim_int.h - what the simulator's files share; not part of the API (sim.h is).
 *
 * Map of sim/:
 *   shim.c      what the framework asks of the architecture (NOW, context_switch, ...)
 *   engine.c    the event loop: virtual time, pCPUs, vcpus, accounting
 *   workload.c  the workloads (hog, periodic, io, sleepwake) and the random streams
 *   scenario.c  scenario text and vcpu lines
 *   modules.c   the built-in modules, their parameter tables, boot options, --list
 *   report.c    statistics and the CSV
 *   traceout.c  the trace file (xentrace format)
 *   main.c      hvsim, the command line
 *
 * Only functions called sim_* are visible outside the library (sim/sim.mk hides the
 * rest, including the whole framework, when it links the library into one object).
 * Internal functions shared between files use other prefixes.
 */
#ifndef SIM_SIM_INT_H
#define SIM_SIM_INT_H

#include <setjmp.h>
#include <stdarg.h>

#include <hestia/config.h>
#include <hestia/domain.h>
#include <hestia/printk.h>
#include <hestia/types.h>

#include "sim.h"

#define SIM_FOREVER STIME_MAX       /* a demand that never ends (hog) */
#define WL_MAX_KEYS 4

struct sim;
struct sim_vcpu;

/* --- Workloads (workload.c) ------------------------------------------------------ */

/* One key of a workload's vcpu line, in microseconds. def < 0: the key is required. */
struct wl_key {
    const char *name;
    long def, min, max;
};

/*
 * A workload: when a vcpu wants the CPU and for how long. The engine calls start()
 * once when the vcpu is added, event() when the time reaches v->next_time, and done()
 * when the vcpu has used up v->need while running. A workload reacts with
 * wl_wake()/wl_block(), sets v->need and v->next_time, and counts v->jobs/v->misses.
 */
struct workload {
    const char *name;
    const char *summary;                    /* one line for messages and docs */
    struct wl_key keys[WL_MAX_KEYS];
    unsigned int nr_keys;
    /* Checks between keys (NULL: none): 0, or a message in err. */
    int (*check)(const long *arg, char *err, size_t errlen);
    void (*start)(struct sim *s, struct sim_vcpu *v);
    void (*event)(struct sim *s, struct sim_vcpu *v);
    void (*done)(struct sim *s, struct sim_vcpu *v);
};

const struct workload *wl_find(const char *name);
/* "hog periodic io sleepwake", for messages. */
void wl_names(char *buf, size_t len);
extern const struct workload *const wl_all[];
extern const unsigned int wl_count;
/* The vcpu's random stream: seeded from the run's seed and the vcpu's name. */
void wl_seed(struct sim_vcpu *v, uint64_t seed);

/* --- Simulated vcpus -------------------------------------------------------------- */

struct sim_vcpu {
    char name[SIM_NAME_MAX];
    unsigned int index;                     /* scenario order */
    const struct workload *wl;
    long arg[WL_MAX_KEYS];                  /* the workload's keys, wl->keys order */
    struct domain dom;                      /* each simulated vcpu: a one-vcpu domain */
    struct vcpu vcpu;

    /* CPU demand, kept by the engine */
    bool on_cpu;                            /* curr of its pCPU */
    s_time_t since;                         /* charged up to here (while on_cpu) */
    s_time_t need;                          /* CPU still wanted now, or SIM_FOREVER */
    bool waiting;                           /* blocked by its workload */
    s_time_t next_time;                     /* the workload's next event, or STIME_MAX */
    unsigned int heap_pos;                  /* its place in sim->events */

    /* workload state */
    s_time_t base;                          /* periodic: time of release 0 */
    uint64_t released, completed, missed_upto;
    uint64_t rng;

    /* statistics */
    s_time_t runtime;
    uint64_t jobs, misses, switches;
    s_time_t wake_at;                       /* woken and not yet running, or -1 */
    s_time_t *lat;                          /* wake latencies, ns */
    size_t nr_lat, cap_lat;
    struct sim_vcpu_stats stats;            /* sim_stats() fills it */
};

/* A vcpu line, parsed (scenario.c) and ready for the engine. */
#define SPEC_MAX_PARAMS 16
struct vcpu_spec {
    char name[SIM_NAME_MAX];
    const struct workload *wl;
    long arg[WL_MAX_KEYS];
    int pcpu;                               /* -1: the engine places it */
    unsigned int nr_params;
    char param[SPEC_MAX_PARAMS][32];        /* without the sched_ prefix */
    long value[SPEC_MAX_PARAMS];
};

/* --- The simulator ------------------------------------------------------------------ */

struct sim {
    s_time_t now;
    unsigned int nr_cpus;
    unsigned int cur_cpu;                   /* what smp_processor_id() returns */
    s_time_t deadline[NR_CPUS];             /* each pCPU's timer, from reprogram_timer */
    jmp_buf switch_jmp;                     /* context_switch() returns here */
    bool jmp_armed;
    uint64_t seed;
    struct sim_vcpu *vcpus[SIM_MAX_VCPUS];
    unsigned int nr_vcpus;
    struct sim_vcpu *running[NR_CPUS];      /* the vcpu on each pCPU, NULL: idle */
    struct sim_vcpu *events[SIM_MAX_VCPUS]; /* min-heap by (next_time, index) */
    FILE *trace;                            /* NULL: not tracing */
    bool trace_failed;
};

extern struct sim *the_sim;                 /* the one simulator, or NULL */

/* engine.c: services for workloads and the scenario code */
void wl_wake(struct sim *s, struct sim_vcpu *v, s_time_t need);
void wl_block(struct sim *s, struct sim_vcpu *v);
int engine_add_vcpu(struct sim *s, const struct vcpu_spec *spec, char *err, size_t errlen);
void engine_switched(struct sim *s, struct vcpu *prev, struct vcpu *next);
void engine_run_cpus(struct sim *s);

/* modules.c */
struct scheduler;
const struct scheduler *mod_find(const char *name);
/* Check a sched_ parameter against module `sched`'s table; 0 or a message. */
int mod_check_param(const char *sched, const char *param, long value, char *err,
                    size_t errlen);
int opt_apply(const char *cmdline, char *err, size_t errlen);

/* shim.c: console capture (for turning framework messages into errors) */
void shim_capture(char *buf, size_t len);   /* buf NULL: stop capturing */

/* traceout.c */
void traceout_step(struct sim *s);          /* after each step: flush if buffers fill */
void traceout_flush(struct sim *s);

/* Write a message into err (if not NULL) and return rc (scenario.c). */
int errf(char *err, size_t errlen, int rc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif /* SIM_SIM_INT_H */
