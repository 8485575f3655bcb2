/*
 * tests/unit/test_hvtrace.c - host tests for hvtrace, the trace analyser
 * (tools/hvtrace/, library in hvtrace.h).
 *
 * Traces are built word by word in the test (a CPU-change window, then records with
 * chosen TSCs at 1 GHz, so 1 tick = 1 ns), fed to hvt_decode/hvt_analyze, and the
 * numbers that come out are the ones put in:
 *   - one vcpu runnable -> running after exactly 5 us: one wake of 5 us;
 *   - two vcpus alternating on one pCPU: run/runnable times and shares exact;
 *   - nearest-rank percentiles on known sets, directly and through a trace;
 *   - deadline misses (TRC_HESTIA_EDF_MISS) counted per vcpu, and in the CSV;
 *   - records of two pCPUs at the same TSC in "wrong" file order are put in order;
 *   - I/O request/response pairing on (extra[0], extra[1]);
 *   - malformed files: bad extra counts, truncated record, truncated window, record
 *     crossing its window, missing frequency - each the documented message and offset;
 *   - round trip: the simulator (sim/sim.h) writes a trace; hvtrace's per-vcpu run
 *     and runnable times match the simulator's own accounting within 1 us, and its
 *     switch counts and wake-latency percentiles match exactly.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <public/trace.h>
#include "../../sim/sim.h"
#include "../../tools/hvtrace/hvtrace.h"

#define RS(old, new) (TRC_SCHED_RUNSTATE_CHANGE | (old) << 8 | (new) << 4)
#define RUNNING  0
#define RUNNABLE 1
#define BLOCKED  2
#define OFFLINE  3
#define DV(d, v) ((uint32_t)(d) << 16 | (v))

/* --- a trace builder ------------------------------------------------------------------- */

struct tb {
    uint32_t w[8192];
    size_t n;
    size_t win;                 /* index of the open window's size word, 0: none */
};

static void tb_close(struct tb *b)
{
    if (b->win)
        b->w[b->win] = (uint32_t)((b->n - b->win - 1) * 4);
    b->win = 0;
}

static void tb_window(struct tb *b, unsigned int cpu)
{
    tb_close(b);
    b->w[b->n++] = TRC_HDR(TRC_TRACE_CPU_CHANGE, 2, 0);
    b->w[b->n++] = cpu;
    b->w[b->n++] = 0;
    b->win = b->n - 1;
}

static void tb_rec(struct tb *b, uint32_t ev, uint64_t tsc, unsigned int nr, const uint32_t *x)
{
    ck_assert_uint_lt(b->n + 3 + nr, sizeof(b->w) / 4);
    b->w[b->n++] = TRC_HDR(ev, nr, 1);
    b->w[b->n++] = (uint32_t)tsc;
    b->w[b->n++] = (uint32_t)(tsc >> 32);
    for (unsigned int i = 0; i < nr; i++)
        b->w[b->n++] = x[i];
}

#define REC(b, ev, tsc, ...) \
    tb_rec(b, ev, tsc, sizeof((uint32_t[]){ __VA_ARGS__ }) / 4, (uint32_t[]){ __VA_ARGS__ })

/* Window for pCPU 0 with the info record (1 GHz, 1 pCPU): 12 + 28 bytes. */
static void tb_start(struct tb *b)
{
    memset(b, 0, sizeof(*b));
    tb_window(b, 0);
    REC(b, TRC_HESTIA_TRACE_INFO, 0, 1000000000, 0, 1, 0);
}

static struct hvt_trace T;
static struct hvt_analysis *A;
static char Err[512];

static void teardown(void)
{
    hvt_analysis_free(A);
    A = NULL;
    hvt_trace_free(&T);
}

/* Decode and analyse b; both must succeed. end: span end TSC (0: last record). */
static const struct hvt_analysis *analyse(struct tb *b, uint64_t end)
{
    tb_close(b);
    ck_assert_msg(hvt_decode(b->w, b->n * 4, "t", &T, Err, sizeof(Err)) == 0, "%s", Err);
    struct hvt_opts o = { .end_tsc = end };
    ck_assert_msg(hvt_analyze(&T, &o, "t", &A, Err, sizeof(Err)) == 0, "%s", Err);
    return A;
}

/* Decoding (len bytes of b) must fail with exactly msg. */
static void decode_fails(struct tb *b, size_t len, const char *msg)
{
    tb_close(b);
    ck_assert_int_lt(hvt_decode(b->w, len, "t", &T, Err, sizeof(Err)), 0);
    ck_assert_str_eq(Err, msg);
    ck_assert_ptr_null(T.recs);
}

static const struct hvt_vcpu *vcpu(unsigned int dom, unsigned int v)
{
    const struct hvt_vcpu *x = hvt_find_vcpu(A, dom, v);
    ck_assert_msg(x != NULL, "no vcpu d%uv%u", dom, v);
    return x;
}

/* --- known numbers in, same numbers out --------------------------------------------------- */

START_TEST(test_wake_5us)
{
    struct tb b;
    tb_start(&b);
    REC(&b, TRC_SCHED_DOM_ADD, 0, DV(1, 0));
    REC(&b, RS(OFFLINE, RUNNABLE), 1000, DV(1, 0));
    REC(&b, RS(RUNNABLE, RUNNING), 6000, DV(1, 0));
    REC(&b, RS(RUNNING, BLOCKED), 10000, DV(1, 0));
    analyse(&b, 0);
    const struct hvt_vcpu *v = vcpu(1, 0);
    ck_assert_uint_eq(A->nr_vcpus, 1);
    ck_assert_uint_eq(v->wake.n, 1);
    ck_assert_int_eq(v->wake.min_ns, 5000);
    ck_assert_int_eq(v->wake.p50_ns, 5000);
    ck_assert_int_eq(v->wake.p99_ns, 5000);
    ck_assert_int_eq(v->wake.max_ns, 5000);
    ck_assert_int_eq(v->time_ns[RUNNING], 4000);
    ck_assert_int_eq(v->time_ns[RUNNABLE], 5000);
    ck_assert_int_eq(v->time_ns[OFFLINE], 1000);
    ck_assert_int_eq(A->span_ns, 10000);
}
END_TEST

/* v1 runs [0,3) and [4,7) us, v2 [3,4) and [7,8): shares 0.75 and 0.25. */
static void alternating(struct tb *b)
{
    tb_start(b);
    REC(b, RS(OFFLINE, RUNNABLE), 0, DV(1, 0));
    REC(b, RS(OFFLINE, RUNNABLE), 0, DV(2, 0));
    for (unsigned int k = 0; k < 2; k++) {
        uint64_t t = k * 4000;
        if (k)
            REC(b, RS(RUNNING, RUNNABLE), t, DV(2, 0));
        REC(b, RS(RUNNABLE, RUNNING), t, DV(1, 0));
        REC(b, TRC_SCHED_SWITCH, t, k ? 2 : 0x7fff, 0, 1, 0);
        REC(b, RS(RUNNING, RUNNABLE), t + 3000, DV(1, 0));
        REC(b, RS(RUNNABLE, RUNNING), t + 3000, DV(2, 0));
        REC(b, TRC_SCHED_SWITCH, t + 3000, 1, 0, 2, 0);
    }
    REC(b, RS(RUNNING, BLOCKED), 8000, DV(2, 0));
}

START_TEST(test_two_vcpus_alternating)
{
    struct tb b;
    alternating(&b);
    analyse(&b, 0);
    const struct hvt_vcpu *v1 = vcpu(1, 0), *v2 = vcpu(2, 0);
    ck_assert_int_eq(v1->time_ns[RUNNING], 6000);
    ck_assert_int_eq(v2->time_ns[RUNNING], 2000);
    ck_assert_int_eq(v1->time_ns[RUNNABLE], 2000);
    ck_assert_int_eq(v2->time_ns[RUNNABLE], 6000);
    ck_assert(v1->share == 0.75);
    ck_assert(v2->share == 0.25);
    ck_assert_uint_eq(v1->switches, 2);
    ck_assert_uint_eq(v2->switches, 2);
    ck_assert_uint_eq(A->switches, 4);
    ck_assert(A->switches_per_s == 500000.0);
    /* Preemption (running -> runnable) is not a wake: one wake each, from offline. */
    ck_assert_uint_eq(v1->wake.n, 1);
    ck_assert_int_eq(v2->wake.max_ns, 3000);
    ck_assert_uint_eq(A->nr_doms, 2);
    ck_assert(A->doms[0].share == 0.75);
    ck_assert_uint_eq(v1->mismatches + v2->mismatches, 0);
}
END_TEST

START_TEST(test_percentiles_known_set)
{
    int64_t s[100];
    struct hvt_lat l;
    for (int i = 0; i < 100; i++)
        s[i] = 100 - i;                     /* 100..1, unsorted */
    hvt_lat_summary(s, 100, &l);
    ck_assert_uint_eq(l.n, 100);
    ck_assert_int_eq(l.min_ns, 1);
    ck_assert_int_eq(l.p50_ns, 50);
    ck_assert_int_eq(l.p99_ns, 99);
    ck_assert_int_eq(l.max_ns, 100);
    ck_assert(l.mean_ns == 50.5);
    int64_t three[3] = { 30, 10, 20 };      /* rank ceil(1.5) = 2, ceil(2.97) = 3 */
    hvt_lat_summary(three, 3, &l);
    ck_assert_int_eq(l.p50_ns, 20);
    ck_assert_int_eq(l.p99_ns, 30);
    hvt_lat_summary(NULL, 0, &l);
    ck_assert_uint_eq(l.n, 0);
}
END_TEST

/* Wakes of 4, 1, 3, 2 us through a trace: p50 = 2 us, p99 = max = 4 us, mean 2.5 us. */
START_TEST(test_percentiles_through_trace)
{
    static const uint64_t lat[] = { 4000, 1000, 3000, 2000 };
    struct tb b;
    tb_start(&b);
    REC(&b, TRC_SCHED_DOM_ADD, 0, DV(3, 1));
    for (unsigned int k = 0; k < 4; k++) {
        uint64_t t = 100000 * (k + 1);
        REC(&b, RS(k ? BLOCKED : OFFLINE, RUNNABLE), t, DV(3, 1));
        REC(&b, RS(RUNNABLE, RUNNING), t + lat[k], DV(3, 1));
        REC(&b, RS(RUNNING, BLOCKED), t + 50000, DV(3, 1));
    }
    analyse(&b, 0);
    const struct hvt_vcpu *v = vcpu(3, 1);
    ck_assert_uint_eq(v->wake.n, 4);
    ck_assert_int_eq(v->wake.min_ns, 1000);
    ck_assert_int_eq(v->wake.p50_ns, 2000);
    ck_assert_int_eq(v->wake.p99_ns, 4000);
    ck_assert_int_eq(v->wake.max_ns, 4000);
    ck_assert(v->wake.mean_ns == 2500.0);
    ck_assert_int_eq(A->doms[0].wake.p50_ns, 2000);
}
END_TEST

START_TEST(test_deadline_miss)
{
    struct tb b;
    tb_start(&b);
    REC(&b, RS(OFFLINE, RUNNABLE), 0, DV(1, 0));
    REC(&b, TRC_HESTIA_EDF_MISS, 10000, DV(1, 0), 3);
    REC(&b, TRC_HESTIA_EDF_MISS, 20000, DV(1, 0), 3);
    REC(&b, TRC_HESTIA_EDF_MISS, 20000, DV(2, 0), 0);
    analyse(&b, 0);
    ck_assert_uint_eq(vcpu(1, 0)->misses, 2);
    ck_assert_uint_eq(vcpu(2, 0)->misses, 1);
    ck_assert_uint_eq(A->doms[0].misses, 2);

    char *csv = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&csv, &len);
    hvt_print_csv(A, f);
    fclose(f);
    ck_assert_str_eq(csv, HVT_CSV_HEADER "\n"
                     "1,0,0.000,20.000,0.0000,1,20.000,20.000,20.000,"
                     "20.000,20.000,0,2\n"
                     "2,0,0.000,0.000,0.0000,0,,,,,,0,1\n");
    free(csv);
}
END_TEST

/* pCPU 1 wakes a vcpu that pCPU 0 runs at the same TSC: file order is run, then wake. */
START_TEST(test_same_tsc_across_pcpus)
{
    struct tb b;
    tb_start(&b);
    REC(&b, TRC_SCHED_DOM_ADD, 0, DV(1, 0));
    REC(&b, RS(RUNNABLE, RUNNING), 5000, DV(1, 0));
    tb_window(&b, 1);
    REC(&b, RS(OFFLINE, RUNNABLE), 5000, DV(1, 0));
    REC(&b, RS(RUNNING, BLOCKED), 9000, DV(1, 0));
    analyse(&b, 0);
    const struct hvt_vcpu *v = vcpu(1, 0);
    ck_assert_uint_eq(v->mismatches, 0);
    ck_assert_int_eq(v->time_ns[RUNNING], 4000);
    ck_assert_int_eq(v->time_ns[OFFLINE], 5000);
    ck_assert_uint_eq(v->wake.n, 1);
    ck_assert_int_eq(v->wake.max_ns, 0);
    ck_assert_uint_eq(A->nr_cpus, 2);
}
END_TEST

START_TEST(test_io_pairing)
{
    struct tb b;
    tb_start(&b);
    REC(&b, TRC_HESTIA_IO_REQUEST, 1000, DV(1, 0), 7);
    REC(&b, TRC_HESTIA_IO_REQUEST, 1000, DV(2, 0), 7);     /* same id, other vcpu */
    REC(&b, TRC_HESTIA_IO_RESPONSE, 4000, DV(2, 0), 7);
    REC(&b, TRC_HESTIA_IO_RESPONSE, 11000, DV(1, 0), 7);
    REC(&b, TRC_HESTIA_IO_REQUEST, 12000, DV(1, 0), 8);   /* never answered */
    REC(&b, TRC_HESTIA_IO_RESPONSE, 13000, DV(1, 0), 9);  /* no request */
    REC(&b, RS(OFFLINE, RUNNABLE), 13000, DV(1, 0));
    REC(&b, RS(OFFLINE, RUNNABLE), 13000, DV(2, 0));
    analyse(&b, 0);
    ck_assert_uint_eq(A->io_requests, 3);
    ck_assert_uint_eq(A->io.n, 2);
    ck_assert_int_eq(A->io.min_ns, 3000);
    ck_assert_int_eq(A->io.max_ns, 10000);
    ck_assert_uint_eq(A->io_outstanding, 1);
    ck_assert_uint_eq(A->io_unmatched_responses, 1);
    ck_assert_int_eq(A->doms[0].io.max_ns, 10000);
    ck_assert_int_eq(A->doms[1].io.max_ns, 3000);
}
END_TEST

START_TEST(test_event_counts)
{
    struct tb b;
    tb_start(&b);
    REC(&b, RS(OFFLINE, RUNNABLE), 0, DV(1, 0));
    REC(&b, TRC_HESTIA_EVTCHN_SEND, 100, DV(1, 3), DV(2, 5));
    REC(&b, TRC_HESTIA_EVTCHN_SEND, 200, DV(2, 5), DV(1, 3));
    REC(&b, TRC_HESTIA_EVTCHN_UPCALL, 300, DV(2, 0));
    REC(&b, TRC_HESTIA_SCHED_MIGRATE, 400, DV(1, 0), 0 << 16 | 1);
    REC(&b, TRC_HESTIA_SLICE_END, 500, DV(1, 0));
    REC(&b, TRC_HESTIA_SLICE_END, 600, DV(1, 0));
    REC(&b, TRC_HESTIA_SLICE_END, 700, DV(1, 0));
    analyse(&b, 0);
    ck_assert_uint_eq(A->evtchn_sends, 2);
    ck_assert_uint_eq(A->evtchn_upcalls, 1);
    ck_assert_uint_eq(A->migrations, 1);
    ck_assert_uint_eq(A->slice_ends, 3);
}
END_TEST

/* Running stretches (Gantt) and the kept samples (CDFs, histograms), on 2 pCPUs. */
START_TEST(test_runs_and_samples)
{
    struct tb b;
    tb_start(&b);                       /* info record at TSC 0 (1 GHz): span starts at 0 */
    REC(&b, RS(BLOCKED, RUNNABLE), 1000, DV(1, 0));
    REC(&b, RS(RUNNABLE, RUNNING), 1500, DV(1, 0));       /* wake latency 500 */
    REC(&b, RS(RUNNING, BLOCKED), 5000, DV(1, 0));
    REC(&b, TRC_HESTIA_IO_REQUEST, 6000, DV(1, 0), 4);
    tb_window(&b, 1);
    REC(&b, RS(BLOCKED, RUNNABLE), 7000, DV(1, 0));
    REC(&b, RS(RUNNABLE, RUNNING), 7250, DV(1, 0));       /* 250, on pCPU 1 */
    REC(&b, TRC_HESTIA_IO_RESPONSE, 8000, DV(1, 0), 4);
    analyse(&b, 10000);
    ck_assert_uint_eq(A->nr_runs, 2);
    ck_assert_uint_eq(A->runs[0].cpu, 0);
    ck_assert_int_eq(A->runs[0].start_ns, 1500);
    ck_assert_int_eq(A->runs[0].end_ns, 5000);
    ck_assert_uint_eq(A->runs[1].cpu, 1);
    ck_assert_int_eq(A->runs[1].start_ns, 7250);
    ck_assert_int_eq(A->runs[1].end_ns, 10000);          /* still running at the end */
    ck_assert_uint_eq(A->nr_wake_samples, 2);
    ck_assert_int_eq(A->wake_samples[0].ns + A->wake_samples[1].ns, 750);
    ck_assert_uint_eq(A->nr_io_samples, 1);
    ck_assert_uint_eq(A->io_samples[0].dom, 1);
    ck_assert_int_eq(A->io_samples[0].ns, 2000);
}
END_TEST

/* --- malformed input ------------------------------------------------------------------------ */

START_TEST(test_bad_extra_count)
{
    struct tb b;
    tb_start(&b);
    REC(&b, TRC_SCHED_SWITCH, 10, 1);       /* at offset 12 + 28 = 40 */
    decode_fails(&b, b.n * 4, "t: offset 40: switch record claims 1 extra words (needs 4)");

    memset(&b, 0, sizeof(b));
    b.w[b.n++] = TRC_HDR(TRC_TRACE_CPU_CHANGE, 3, 0);
    b.w[b.n++] = 0;
    b.w[b.n++] = 0;
    b.w[b.n++] = 0;
    decode_fails(&b, b.n * 4, "t: offset 0: CPU-change record claims 3 extra words (needs 2)");

    tb_start(&b);
    REC(&b, RS(OFFLINE, RUNNABLE), 10, DV(1, 0));      /* offset 40, 16 bytes */
    tb_rec(&b, RS(RUNNABLE, RUNNING), 20, 0, NULL);     /* offset 56 */
    decode_fails(&b, b.n * 4, "t: offset 56: runstate_change(runnable->running) record "
                 "claims 0 extra words (needs 1)");
}
END_TEST

START_TEST(test_truncated_record)
{
    struct tb b;
    tb_start(&b);
    tb_window(&b, 1);                        /* offset 40: an empty window... */
    tb_close(&b);
    b.w[b.n - 1] = 0;
    b.w[b.n++] = 0;                          /* ...then 2 bytes of a header at 52 */
    decode_fails(&b, b.n * 4 - 2, "t: offset 52: truncated record: 2 bytes left, a header "
                 "needs 4");
    memset(&b, 0, sizeof(b));
    tb_window(&b, 0);
    decode_fails(&b, 8, "t: offset 0: truncated record: its header claims 12 bytes, only 8 "
                 "remain");
}
END_TEST

START_TEST(test_truncated_window)
{
    struct tb b;
    tb_start(&b);
    REC(&b, TRC_SCHED_WAKE, 10, DV(1, 0));
    tb_window(&b, 1);                        /* offset 56 */
    REC(&b, TRC_SCHED_WAKE, 10, DV(2, 0));
    REC(&b, TRC_SCHED_WAKE, 20, DV(2, 0));   /* window of 32 bytes; cut 4 */
    decode_fails(&b, b.n * 4 - 4, "t: offset 56: truncated window: pCPU 1's window claims "
                 "32 bytes, only 28 remain");
}
END_TEST

START_TEST(test_record_crosses_window)
{
    struct tb b;
    tb_start(&b);
    REC(&b, TRC_SCHED_WAKE, 10, DV(1, 0));   /* offset 40 */
    tb_close(&b);
    b.w[2] -= 4;                             /* the window ends 4 bytes early */
    decode_fails(&b, b.n * 4, "t: offset 40: record of 16 bytes crosses the end of pCPU 0's "
                 "window (offset 52)");
}
END_TEST

START_TEST(test_missing_frequency)
{
    struct tb b;
    memset(&b, 0, sizeof(b));
    tb_window(&b, 0);
    REC(&b, RS(OFFLINE, RUNNABLE), 0, DV(1, 0));
    REC(&b, RS(RUNNABLE, RUNNING), 2000, DV(1, 0));
    tb_close(&b);
    ck_assert_int_eq(hvt_decode(b.w, b.n * 4, "t", &T, Err, sizeof(Err)), 0);
    struct hvt_opts o = { 0 };
    ck_assert_int_lt(hvt_analyze(&T, &o, "t", &A, Err, sizeof(Err)), 0);
    ck_assert_str_eq(Err, "t: no TRC_HESTIA_TRACE_INFO record and no --cpu-hz: cannot turn "
                     "TSC into time");
    o.cpu_hz = 2000000000;                   /* 2 GHz: 2000 ticks = 1 us */
    ck_assert_msg(hvt_analyze(&T, &o, "t", &A, Err, sizeof(Err)) == 0, "%s", Err);
    ck_assert(!A->hz_from_info);
    ck_assert_int_eq(vcpu(1, 0)->wake.max_ns, 1000);
}
END_TEST

/* --- round trip through the simulator --------------------------------------------------------- */

static void sim_round_trip(const char *sched, unsigned int pcpus)
{
    static const char *const lines[] = {
        "vcpu name=hog workload=hog",
        "vcpu name=video workload=periodic period_us=10000 wcet_us=3000",
        "vcpu name=web workload=io service_us=300 think_us=1500",
        "vcpu name=shell workload=sleepwake sleep_us=5000 burst_us=1000",
        "vcpu name=hog2 workload=hog",
    };
    char path[] = "/tmp/hvtrace-sim-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    struct sim *s = sim_create(sched, pcpus, 1);
    ck_assert_ptr_nonnull(s);
    ck_assert_msg(sim_trace_open(s, path, Err, sizeof(Err)) == 0, "%s", Err);
    for (unsigned int i = 0; i < 5; i++)
        ck_assert_msg(sim_add_vcpu_line(s, lines[i], Err, sizeof(Err)) == 0, "%s", Err);
    ck_assert_int_eq(sim_run_until(s, 300000000), 0);
    ck_assert_msg(sim_trace_close(s, Err, sizeof(Err)) == 0, "%s", Err);

    ck_assert_msg(hvt_load(path, &T, Err, sizeof(Err)) == 0, "%s", Err);
    unlink(path);
    struct hvt_opts o = { .end_tsc = (uint64_t)sim_now(s) };   /* 1 GHz: TSC = ns */
    ck_assert_msg(hvt_analyze(&T, &o, path, &A, Err, sizeof(Err)) == 0, "%s", Err);
    ck_assert(A->hz_from_info);
    ck_assert_uint_eq(A->nr_vcpus, 5);
    for (unsigned int i = 0; i < 5; i++) {
        const struct sim_vcpu_stats *st = sim_stats(s, i);
        const struct hvt_vcpu *v = vcpu(i + 1, 0);
        ck_assert_msg(llabs(v->time_ns[RUNNING] - st->runtime_ns) <= 1000,
                      "%s %s: hvtrace %lld ns, hvsim %lld ns", sched, st->name,
                      (long long)v->time_ns[RUNNING], (long long)st->runtime_ns);
        ck_assert(llabs(v->time_ns[RUNNABLE] - st->runstate_ns[1]) <= 1000);
        ck_assert_uint_eq(v->switches, st->switches);
        ck_assert_uint_eq(v->mismatches, 0);
        if (st->wakes && v->wake.n) {
            ck_assert_int_eq(v->wake.p50_ns, st->wake_p50_ns);
            ck_assert_int_eq(v->wake.p99_ns, st->wake_p99_ns);
            ck_assert_int_eq(v->wake.max_ns, st->wake_max_ns);
        }
    }
    sim_destroy(s);
}

START_TEST(test_round_trip_sim_rr)
{
    sim_round_trip("rr", 2);
}
END_TEST

START_TEST(test_round_trip_sim_credit)
{
    sim_round_trip("credit", 2);
}
END_TEST

/* The same trace twice gives the same report, byte for byte. */
START_TEST(test_report_deterministic)
{
    struct tb b;
    char *out[2] = { NULL, NULL };
    size_t len[2];
    alternating(&b);
    analyse(&b, 0);
    for (int k = 0; k < 2; k++) {
        FILE *f = open_memstream(&out[k], &len[k]);
        hvt_print_report(A, "t", f);
        fclose(f);
    }
    ck_assert_str_eq(out[0], out[1]);
    ck_assert_ptr_nonnull(strstr(out[0], "context switches: 4 (500000.0 per second)"));
    free(out[0]);
    free(out[1]);
}
END_TEST

Suite *hvtrace_suite(void)
{
    Suite *s = suite_create("hvtrace");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, test_wake_5us);
    tcase_add_test(tc, test_two_vcpus_alternating);
    tcase_add_test(tc, test_percentiles_known_set);
    tcase_add_test(tc, test_percentiles_through_trace);
    tcase_add_test(tc, test_deadline_miss);
    tcase_add_test(tc, test_same_tsc_across_pcpus);
    tcase_add_test(tc, test_io_pairing);
    tcase_add_test(tc, test_event_counts);
    tcase_add_test(tc, test_runs_and_samples);
    tcase_add_test(tc, test_bad_extra_count);
    tcase_add_test(tc, test_truncated_record);
    tcase_add_test(tc, test_truncated_window);
    tcase_add_test(tc, test_record_crosses_window);
    tcase_add_test(tc, test_missing_frequency);
    tcase_add_test(tc, test_round_trip_sim_rr);
    tcase_add_test(tc, test_round_trip_sim_credit);
    tcase_add_test(tc, test_report_deterministic);
    suite_add_tcase(s, tc);
    return s;
}
