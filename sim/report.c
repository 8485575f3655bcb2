/*
 * sim/report.c - statistics per vcpu, and the CSV summary hvsim prints.
 *
 *   vcpu,share,runtime_us,jobs,deadline_misses,wake_p50_us,wake_p99_us,wake_max_us,switches
 *
 * share is runtime / elapsed time (a fraction of ONE pCPU, 4 decimals); runtime_us
 * is whole microseconds (truncated); wake latencies are microseconds with 3 decimals
 * (the simulator's resolution is 1 ns), nearest-rank percentiles over every wake of
 * the vcpu. A wake still waiting for a pCPU when the statistics are taken counts with
 * the time waited so far (a lower bound), so a starved vcpu shows up in wake_max_us.
 * Latency fields are empty for a vcpu that was never woken.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_int.h"

static int cmp_time(const void *a, const void *b)
{
    s_time_t x = *(const s_time_t *)a, y = *(const s_time_t *)b;
    return (x > y) - (x < y);
}

/* Nearest rank: the smallest sample with at least pct% of the samples <= it. */
static s_time_t percentile(const s_time_t *sorted, size_t n, unsigned int pct)
{
    size_t rank = (pct * n + 99) / 100;
    return sorted[rank ? rank - 1 : 0];
}

static void latencies(const struct sim *s, const struct sim_vcpu *v, struct sim_vcpu_stats *st)
{
    size_t n = v->nr_lat + (v->wake_at >= 0);
    st->wakes = n;
    st->wake_p50_ns = st->wake_p99_ns = st->wake_max_ns = -1;
    if (n == 0)
        return;
    s_time_t *a = malloc(n * sizeof(*a));
    if (!a)
        panic("out of memory");
    if (v->nr_lat)
        memcpy(a, v->lat, v->nr_lat * sizeof(*a));
    if (v->wake_at >= 0)
        a[n - 1] = s->now - v->wake_at;
    qsort(a, n, sizeof(*a), cmp_time);
    st->wake_p50_ns = percentile(a, n, 50);
    st->wake_p99_ns = percentile(a, n, 99);
    st->wake_max_ns = a[n - 1];
    free(a);
}

const struct sim_vcpu_stats *sim_stats(const struct sim *s, unsigned int i)
{
    if (i >= s->nr_vcpus)
        return NULL;
    struct sim_vcpu *v = s->vcpus[i];
    struct sim_vcpu_stats *st = &v->stats;
    const struct runstate *rs = &v->vcpu.runstate;

    st->name = v->name;
    st->workload = v->wl->name;
    st->pcpu = v->vcpu.processor;
    st->runtime_ns = v->runtime;
    st->share = s->now > 0 ? (double)v->runtime / (double)s->now : 0.0;
    for (int k = 0; k < 4; k++)
        st->runstate_ns[k] = rs->time[k] + (rs->state == k ? s->now - rs->state_entry_time : 0);
    st->jobs = v->jobs;
    st->deadline_misses = v->misses;
    st->switches = v->switches;
    latencies(s, v, st);
    return st;
}

/* ns as microseconds with three decimals, or nothing for "no value". */
static void put_us(FILE *f, s_time_t ns)
{
    if (ns >= 0)
        fprintf(f, "%" PRId64 ".%03" PRId64, ns / 1000, ns % 1000);
}

void sim_print_csv(const struct sim *s, FILE *f)
{
    fprintf(f, "%s\n", SIM_CSV_HEADER);
    for (unsigned int i = 0; i < s->nr_vcpus; i++) {
        const struct sim_vcpu_stats *st = sim_stats(s, i);
        fprintf(f, "%s,%.4f,%" PRId64 ",%" PRIu64 ",%" PRIu64 ",", st->name, st->share,
                st->runtime_ns / 1000, st->jobs, st->deadline_misses);
        put_us(f, st->wake_p50_ns);
        fputc(',', f);
        put_us(f, st->wake_p99_ns);
        fputc(',', f);
        put_us(f, st->wake_max_ns);
        fprintf(f, ",%" PRIu64 "\n", st->switches);
    }
}
