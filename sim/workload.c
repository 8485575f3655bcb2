/*
 * sim/workload.c - what the simulated vcpus do: the four workloads.
 *
 * A workload only says when its vcpu wants the CPU and for how much; the scheduler
 * decides when it gets it. The engine (engine.c) calls three hooks:
 *
 *   start(v)  once, when the vcpu is added (at time s->now);
 *   event(v)  when the time reaches v->next_time (a release, the end of a wait);
 *   done(v)   when v, running, has used up the CPU time it asked for (v->need).
 *
 * and offers wl_wake(v, need) (v becomes runnable wanting `need` ns of CPU) and
 * wl_block(v) (the running v blocks, as SCHEDOP_block). All keys are microseconds.
 *
 *   hog        always runnable: need = forever.
 *   periodic   period_us, wcet_us: job k is released at start + k*period, needs wcet
 *              of CPU, and its deadline is the next release. The vcpu blocks when it
 *              has no unfinished job and wakes at the next release. A job still
 *              unfinished when its deadline passes is a deadline miss (counted once,
 *              at the deadline). The backlog carries over: a late job keeps running,
 *              and the jobs released meanwhile queue behind it, each needing wcet.
 *   io         service_us, think_us: needs service_us of CPU (one request), then
 *              blocks for think_us (the I/O), repeat. The first request is at start.
 *   sleepwake  sleep_us (default 10000), burst_us (default 1000): sleeps, wakes for a
 *              burst, sleeps again... Sleeps are exponential with mean sleep_us; bursts
 *              uniform in [burst_us/2, 3*burst_us/2]. It starts with a sleep.
 *
 * Random numbers: each vcpu has its own stream (splitmix64), seeded from the run's
 * seed and the vcpu's name, so adding or reordering vcpus does not change the others'
 * sequences. The exponential uses a logarithm computed here with + - * / only, so
 * results do not depend on the host's libm.
 *
 * Adding a workload: write its three hooks and a struct workload (keys with default,
 * min, max; def < 0 makes a key required), add it to wl_all[], document it above and
 * in sim/README.md. Nothing else changes: the scenario parser reads wl_all[].
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sim_int.h"

#define US(x) ((s_time_t)(x) * 1000)

/* --- random numbers ----------------------------------------------------------------- */

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void wl_seed(struct sim_vcpu *v, uint64_t seed)
{
    uint64_t h = 0xcbf29ce484222325ULL;         /* FNV-1a of the name */
    for (const char *p = v->name; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
    v->rng = seed ^ h;
    splitmix64(&v->rng);
}

/* Natural logarithm of m * 2^-53 for 1 <= m <= 2^53, with + - * / only. */
static double ln_scaled(uint64_t m)
{
    static const double ln2 = 0.69314718055994530942;
    int e = 63 - __builtin_clzll(m);            /* m = f * 2^e, 1 <= f < 2 */
    double f = (double)m / (double)(1ULL << e);
    if (f > 1.41421356237309504880) {           /* keep f near 1: series converges fast */
        f /= 2;
        e++;
    }
    double z = (f - 1) / (f + 1), z2 = z * z, term = z, sum = 0;
    for (int k = 1; k < 40; k += 2) {           /* ln f = 2 atanh z, |z| < 0.172 */
        sum += term / k;
        term *= z2;
    }
    return 2 * sum + (e - 53) * ln2;
}

/* Exponential with the given mean, in ns. */
static s_time_t rand_exp(struct sim_vcpu *v, s_time_t mean)
{
    uint64_t m = (splitmix64(&v->rng) >> 11) + 1;   /* U = m / 2^53 in (0, 1] */
    return (s_time_t)(-ln_scaled(m) * (double)mean);
}

/* Uniform in [lo, hi], in ns. */
static s_time_t rand_uniform(struct sim_vcpu *v, s_time_t lo, s_time_t hi)
{
    return lo + (s_time_t)(splitmix64(&v->rng) % (uint64_t)(hi - lo + 1));
}

/* --- hog ------------------------------------------------------------------------------ */

static void hog_start(struct sim *s, struct sim_vcpu *v)
{
    v->next_time = s->now;
}

static void hog_event(struct sim *s, struct sim_vcpu *v)
{
    v->next_time = STIME_MAX;
    wl_wake(s, v, SIM_FOREVER);
}

static void hog_done(struct sim *s, struct sim_vcpu *v)
{
    /* never: a hog's need does not run out */
}

static const struct workload wl_hog = {
    .name = "hog", .summary = "always runnable",
    .start = hog_start, .event = hog_event, .done = hog_done,
};

/* --- periodic ---------------------------------------------------------------------------- */

enum { P_PERIOD, P_WCET };

static int periodic_check(const long *arg, char *err, size_t errlen)
{
    if (arg[P_WCET] > arg[P_PERIOD])
        return errf(err, errlen, -EINVAL, "wcet_us=%ld is longer than period_us=%ld",
                    arg[P_WCET], arg[P_PERIOD]);
    return 0;
}

static void periodic_start(struct sim *s, struct sim_vcpu *v)
{
    v->base = s->now;
    v->next_time = s->now;          /* release 0 */
}

/* Release job number v->released; its deadline is the release after it. */
static void periodic_event(struct sim *s, struct sim_vcpu *v)
{
    uint64_t first_unfinished = MAX(v->completed, v->missed_upto);

    /* Every job released so far has its deadline at or before now. */
    v->misses += v->released - first_unfinished;
    v->missed_upto = v->released;
    bool idle = v->completed == v->released;
    v->released++;
    v->next_time = v->base + (s_time_t)v->released * US(v->arg[P_PERIOD]);
    if (idle)
        wl_wake(s, v, US(v->arg[P_WCET]));
    /* else: the backlog carries over; this job waits behind the unfinished ones */
}

static void periodic_done(struct sim *s, struct sim_vcpu *v)
{
    v->completed++;
    v->jobs++;
    if (v->completed < v->released)
        v->need = US(v->arg[P_WCET]);   /* the next queued job, at once */
    else
        wl_block(s, v);                 /* until the next release */
}

static const struct workload wl_periodic = {
    .name = "periodic", .summary = "a job of wcet_us every period_us, deadline = next release",
    .keys = { { "period_us", -1, 1, 1000000000 }, { "wcet_us", -1, 1, 1000000000 } },
    .nr_keys = 2,
    .check = periodic_check,
    .start = periodic_start, .event = periodic_event, .done = periodic_done,
};

/* --- io ---------------------------------------------------------------------------------- */

enum { IO_SERVICE, IO_THINK };

static void io_start(struct sim *s, struct sim_vcpu *v)
{
    v->next_time = s->now;
}

static void io_event(struct sim *s, struct sim_vcpu *v)
{
    v->next_time = STIME_MAX;
    wl_wake(s, v, US(v->arg[IO_SERVICE]));
}

static void io_done(struct sim *s, struct sim_vcpu *v)
{
    v->jobs++;
    wl_block(s, v);
    v->next_time = s->now + US(v->arg[IO_THINK]);
}

static const struct workload wl_io = {
    .name = "io", .summary = "service_us of CPU, then think_us blocked on I/O, repeat",
    .keys = { { "service_us", -1, 1, 1000000000 }, { "think_us", -1, 0, 1000000000 } },
    .nr_keys = 2,
    .start = io_start, .event = io_event, .done = io_done,
};

/* --- sleepwake ----------------------------------------------------------------------------- */

enum { SW_SLEEP, SW_BURST };

static void sleepwake_sleep(struct sim *s, struct sim_vcpu *v)
{
    v->next_time = s->now + rand_exp(v, US(v->arg[SW_SLEEP]));
}

static void sleepwake_start(struct sim *s, struct sim_vcpu *v)
{
    sleepwake_sleep(s, v);
}

static void sleepwake_event(struct sim *s, struct sim_vcpu *v)
{
    s_time_t b = US(v->arg[SW_BURST]);
    v->next_time = STIME_MAX;
    wl_wake(s, v, MAX(1, rand_uniform(v, b / 2, b + b / 2)));
}

static void sleepwake_done(struct sim *s, struct sim_vcpu *v)
{
    v->jobs++;
    wl_block(s, v);
    sleepwake_sleep(s, v);
}

static const struct workload wl_sleepwake = {
    .name = "sleepwake",
    .summary = "sleeps ~ exponential(mean sleep_us), bursts ~ uniform[burst_us/2, 3*burst_us/2]",
    .keys = { { "sleep_us", 10000, 1, 1000000000 }, { "burst_us", 1000, 1, 1000000000 } },
    .nr_keys = 2,
    .start = sleepwake_start, .event = sleepwake_event, .done = sleepwake_done,
};

/* --- the table ------------------------------------------------------------------------------ */

const struct workload *const wl_all[] = { &wl_hog, &wl_periodic, &wl_io, &wl_sleepwake };
const unsigned int wl_count = ARRAY_SIZE(wl_all);

const struct workload *wl_find(const char *name)
{
    for (unsigned int i = 0; i < wl_count; i++)
        if (strcmp(wl_all[i]->name, name) == 0)
            return wl_all[i];
    return NULL;
}

void wl_names(char *buf, size_t len)
{
    size_t at = 0;
    buf[0] = '\0';
    for (unsigned int i = 0; i < wl_count && at < len; i++)
        at += (size_t)snprintf(buf + at, len - at, "%s%s", i ? " " : "", wl_all[i]->name);
}
