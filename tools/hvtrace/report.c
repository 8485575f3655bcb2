/*
 * tools/hvtrace/report.c - what hvtrace prints: the text report, the per-vcpu CSV,
 * and the record listing (--records). Fields are described in README.md.
 *
 * Everything is printed in a fixed order (vcpus by domain then vcpu, domains by id,
 * events by number), times in microseconds with 3 decimals (1 ns resolution), so the
 * same trace always gives the same bytes. Only fprintf: no snprintf (the unit build
 * renames it to Hestia's own).
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <string.h>

#include <public/trace.h>

#include "hvtrace.h"

static const char *const rs_names[4] = { "running", "runnable", "blocked", "offline" };

static const struct { uint32_t event; const char *name; } names[] = {
    { TRC_LOST_RECORDS, "lost_records" },
    { TRC_TRACE_WRAP_BUFFER, "wrap_buffer" },
    { TRC_TRACE_CPU_CHANGE, "cpu_change" },
    { TRC_SCHED_CONTINUE_RUNNING, "continue_running" },
    { TRC_SCHED_DOM_ADD, "dom_add" },
    { TRC_SCHED_DOM_REM, "dom_rem" },
    { TRC_SCHED_SLEEP, "sleep" },
    { TRC_SCHED_WAKE, "wake" },
    { TRC_SCHED_YIELD, "yield" },
    { TRC_SCHED_BLOCK, "block" },
    { TRC_SCHED_SHUTDOWN, "shutdown" },
    { TRC_SCHED_CTL, "sched_ctl" },
    { TRC_SCHED_ADJDOM, "adjdom" },
    { TRC_SCHED_SWITCH, "switch" },
    { TRC_SCHED_S_TIMER_FN, "s_timer_fn" },
    { TRC_SCHED_T_TIMER_FN, "t_timer_fn" },
    { TRC_SCHED_DOM_TIMER_FN, "dom_timer_fn" },
    { TRC_SCHED_SWITCH_INFPREV, "switch_infprev" },
    { TRC_SCHED_SWITCH_INFNEXT, "switch_infnext" },
    { TRC_HESTIA_SCHED_SWITCH_MODULE, "sched_switch_module" },
    { TRC_HESTIA_TRACE_INFO, "trace_info" },
    { TRC_HESTIA_EDF_REPLENISH, "edf_replenish" },
    { TRC_HESTIA_EDF_MISS, "edf_miss" },
    { TRC_HESTIA_IO_REQUEST, "io_request" },
    { TRC_HESTIA_IO_RESPONSE, "io_response" },
    { TRC_HESTIA_GUEST_EVENT, "guest_event" },
    { TRC_HESTIA_EVTCHN_SEND, "evtchn_send" },
    { TRC_HESTIA_EVTCHN_UPCALL, "evtchn_upcall" },
    { TRC_HESTIA_SCHED_MIGRATE, "migrate" },
    { TRC_HESTIA_SLICE_END, "slice_end" },
    { TRC_PV_HESTIA_HYPERCALL_EXIT, "hypercall_exit" },
    { HVT_TRC_PV_HYPERCALL, "pv_hypercall" },
    { HVT_TRC_PV_HYPERCALL | HVT_TRC_64_FLAG, "pv_hypercall64" },
    { HVT_TRC_PV_HYPERCALL_V2, "pv_hypercall_v2" },
};

/* Writes into buf with fprintf through fmemopen. */
static const char *fmt_into(char *buf, size_t len, const char *fmt, uint32_t a)
{
    FILE *f = fmemopen(buf, len, "w");
    if (!f)
        return "?";
    fprintf(f, fmt, a);
    fclose(f);
    return buf;
}

const char *hvt_event_name(uint32_t event, char *buf, size_t len)
{
    if ((event & 0x0ffff00f) == TRC_SCHED_RUNSTATE_CHANGE) {
        unsigned int o = (event >> 8) & 0xf, n = (event >> 4) & 0xf;
        if (o < 4 && n < 4) {
            FILE *f = fmemopen(buf, len, "w");
            if (!f)
                return "runstate_change";
            fprintf(f, "runstate_change(%s->%s)", rs_names[o], rs_names[n]);
            fclose(f);
            return buf;
        }
    }
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (names[i].event == event)
            return names[i].name;
    if ((event & ~0xffU) == TRC_HESTIA_SCHED_MODULE)
        return fmt_into(buf, len, "sched_module+0x%02" PRIx32, event & 0xff);
    return fmt_into(buf, len, "0x%08" PRIx32, event);
}

/* --- helpers ---------------------------------------------------------------------------- */

static double us(int64_t ns)
{
    return (double)ns / 1000.0;
}

/* min mean p50 p99 max in us, or dashes when there are no samples. */
static void put_lat(FILE *f, const struct hvt_lat *l)
{
    if (l->n == 0) {
        fprintf(f, " %10s %10s %10s %10s %10s", "-", "-", "-", "-", "-");
        return;
    }
    fprintf(f, " %10.3f %10.3f %10.3f %10.3f %10.3f", us(l->min_ns), l->mean_ns / 1000.0,
            us(l->p50_ns), us(l->p99_ns), us(l->max_ns));
}

static void header(const struct hvt_analysis *a, const char *name, FILE *f)
{
    fprintf(f, "hvtrace: %s\n", name);
    fprintf(f, "  %zu records in %u windows, %u pCPUs\n", a->nr_records, a->nr_windows,
            a->nr_cpus);
    fprintf(f, "  TSC %" PRIu64 " Hz (%s)%s\n", a->hz,
            a->hz_from_info ? "trace info record" : "--cpu-hz",
            a->info_flags & TRC_HESTIA_INFO_SIMULATED ? ", simulated (hvsim)" : "");
    fprintf(f, "  span: TSC %" PRIu64 " to %" PRIu64 ", %.3f us\n", a->start_tsc,
            a->end_tsc, us(a->span_ns));
    fprintf(f, "  context switches: %" PRIu64 " (%.1f per second)\n", a->switches,
            a->switches_per_s);
    if (a->migrations || a->slice_ends)
        fprintf(f, "  migrations: %" PRIu64 ", slice ends: %" PRIu64 "\n", a->migrations,
                a->slice_ends);
    if (a->evtchn_sends || a->evtchn_upcalls)
        fprintf(f, "  event channels: %" PRIu64 " sends, %" PRIu64 " upcalls\n",
                a->evtchn_sends, a->evtchn_upcalls);
    if (a->lost_records)
        fprintf(f, "  WARNING: %" PRIu64 " records were lost (TRC_LOST_RECORDS)\n",
                a->lost_records);
}

static void vcpu_table(const struct hvt_analysis *a, FILE *f)
{
    uint64_t mism = 0;
    fprintf(f, "\nper vcpu (us; share = running / span, of one pCPU; wake latency = "
            "wake to running):\n");
    fprintf(f, "  %5s %4s %14s %14s %14s %14s %7s %6s %10s %10s %10s %10s %10s %8s %6s\n",
            "dom", "vcpu", "running", "runnable", "blocked", "offline", "share", "wakes",
            "wake_min", "wake_mean", "wake_p50", "wake_p99", "wake_max", "switches",
            "misses");
    for (size_t i = 0; i < a->nr_vcpus; i++) {
        const struct hvt_vcpu *v = &a->vcpus[i];
        fprintf(f, "  %5u %4u %14.3f %14.3f %14.3f %14.3f %7.4f %6zu", v->dom, v->vcpu,
                us(v->time_ns[0]), us(v->time_ns[1]), us(v->time_ns[2]), us(v->time_ns[3]),
                v->share, v->wake.n);
        put_lat(f, &v->wake);
        fprintf(f, " %8" PRIu64 " %6" PRIu64 "\n", v->switches, v->misses);
        mism += v->mismatches;
    }
    if (mism)
        fprintf(f, "  WARNING: %" PRIu64 " runstate changes did not start from the "
                "vcpu's state (records missing?)\n", mism);
}

static void vcpu_events(const struct hvt_analysis *a, FILE *f)
{
    fprintf(f, "\nper vcpu events:\n  %5s %4s %8s %8s %8s %8s\n", "dom", "vcpu", "wake",
            "block", "yield", "sleep");
    for (size_t i = 0; i < a->nr_vcpus; i++) {
        const struct hvt_vcpu *v = &a->vcpus[i];
        fprintf(f, "  %5u %4u %8" PRIu64 " %8" PRIu64 " %8" PRIu64 " %8" PRIu64 "\n",
                v->dom, v->vcpu, v->wake_events, v->blocks, v->yields, v->sleeps);
    }
}

static void domain_table(const struct hvt_analysis *a, FILE *f)
{
    fprintf(f, "\nper domain:\n");
    fprintf(f, "  %5s %5s %14s %14s %7s %6s %10s %10s %10s %10s %10s %8s %6s\n", "dom",
            "vcpus", "running", "runnable", "share", "wakes", "wake_min", "wake_mean",
            "wake_p50", "wake_p99", "wake_max", "switches", "misses");
    for (size_t i = 0; i < a->nr_doms; i++) {
        const struct hvt_domain *d = &a->doms[i];
        fprintf(f, "  %5u %5u %14.3f %14.3f %7.4f %6zu", d->dom, d->nr_vcpus,
                us(d->running_ns), us(d->runnable_ns), d->share, d->wake.n);
        put_lat(f, &d->wake);
        fprintf(f, " %8" PRIu64 " %6" PRIu64 "\n", d->switches, d->misses);
    }
}

static void cpu_table(const struct hvt_analysis *a, FILE *f)
{
    fprintf(f, "\nper pCPU:\n  %4s %10s %10s %12s\n", "cpu", "records", "switches",
            "switches/s");
    for (unsigned int c = 0; c < a->nr_cpus; c++) {
        double rate = a->span_ns ? (double)a->cpus[c].switches * 1e9 / (double)a->span_ns : 0;
        fprintf(f, "  %4u %10" PRIu64 " %10" PRIu64 " %12.1f\n", c, a->cpus[c].records,
                a->cpus[c].switches, rate);
    }
}

static void module_section(const struct hvt_analysis *a, FILE *f)
{
    fprintf(f, "\nmodule switches (TRC_HESTIA_SCHED_SWITCH_MODULE): %zu\n",
            a->nr_mod_switches);
    for (size_t i = 0; i < a->nr_mod_switches; i++)
        fprintf(f, "  at %.3f us on pCPU %u, extra[0] = %" PRIu32 " (vcpus moved)\n",
                us(a->mod_switches[i].t_ns), a->mod_switches[i].cpu, a->mod_switches[i].arg);
    fprintf(f, "module decision events (TRC_HESTIA_SCHED_MODULE + event): %zu kinds\n",
            a->nr_mod_events);
    for (size_t i = 0; i < a->nr_mod_events; i++)
        fprintf(f, "  event 0x%02" PRIx32 ": %" PRIu64 "\n", a->mod_events[i].key,
                a->mod_events[i].n);
}

static void io_section(const struct hvt_analysis *a, FILE *f)
{
    if (a->io_requests == 0 && a->io_unmatched_responses == 0) {
        fprintf(f, "\nI/O requests (TRC_HESTIA_IO_REQUEST/RESPONSE): none\n");
        return;
    }
    fprintf(f, "\nI/O requests: %" PRIu64 ", answered %zu, outstanding at the end %" PRIu64
            ", responses without a request %" PRIu64 "\n", a->io_requests, a->io.n,
            a->io_outstanding, a->io_unmatched_responses);
    fprintf(f, "  %5s %6s %10s %10s %10s %10s %10s\n", "dom", "n", "min", "mean", "p50",
            "p99", "max");
    for (size_t i = 0; i < a->nr_doms; i++)
        if (a->doms[i].io.n) {
            fprintf(f, "  %5u %6zu", a->doms[i].dom, a->doms[i].io.n);
            put_lat(f, &a->doms[i].io);
            fputc('\n', f);
        }
    fprintf(f, "  %5s %6zu", "all", a->io.n);
    put_lat(f, &a->io);
    fputc('\n', f);
}

static void hypercall_section(const struct hvt_analysis *a, FILE *f)
{
    if (a->nr_hypercalls == 0) {
        fprintf(f, "\nhypercalls (TRC_PV_HYPERCALL): none\n");
        return;
    }
    fprintf(f, "\nhypercalls (TRC_PV_HYPERCALL):\n  %6s %10s\n", "op", "count");
    for (size_t i = 0; i < a->nr_hypercalls; i++)
        fprintf(f, "  %6" PRIu32 " %10" PRIu64 "\n", a->hypercalls[i].key, a->hypercalls[i].n);
}

void hvt_print_report(const struct hvt_analysis *a, const char *name, FILE *f)
{
    header(a, name, f);
    vcpu_table(a, f);
    vcpu_events(a, f);
    domain_table(a, f);
    cpu_table(a, f);
    module_section(a, f);
    io_section(a, f);
    hypercall_section(a, f);
}

/* --- CSV and records ---------------------------------------------------------------------- */

static void csv_lat(FILE *f, int64_t ns, bool have)
{
    if (have)
        fprintf(f, ",%.3f", us(ns));
    else
        fputc(',', f);
}

void hvt_print_csv(const struct hvt_analysis *a, FILE *f)
{
    fprintf(f, "%s\n", HVT_CSV_HEADER);
    for (size_t i = 0; i < a->nr_vcpus; i++) {
        const struct hvt_vcpu *v = &a->vcpus[i];
        bool w = v->wake.n > 0;
        fprintf(f, "%u,%u,%.3f,%.3f,%.4f,%zu", v->dom, v->vcpu, us(v->time_ns[0]),
                us(v->time_ns[1]), v->share, v->wake.n);
        csv_lat(f, v->wake.min_ns, w);
        if (w)
            fprintf(f, ",%.3f", v->wake.mean_ns / 1000.0);
        else
            fputc(',', f);
        csv_lat(f, v->wake.p50_ns, w);
        csv_lat(f, v->wake.p99_ns, w);
        csv_lat(f, v->wake.max_ns, w);
        fprintf(f, ",%" PRIu64 ",%" PRIu64 "\n", v->switches, v->misses);
    }
}

void hvt_print_records(const struct hvt_trace *t, uint64_t hz, FILE *f)
{
    char nm[64];
    uint64_t t0 = t->nr ? t->recs[0].tsc : 0;
    for (size_t i = 0; i < t->nr; i++) {
        const struct hvt_record *r = &t->recs[i];
        fprintf(f, "%3u %20" PRIu64, r->cpu, r->tsc);
        if (hz) {
            __extension__ unsigned __int128 ns =
                (unsigned __int128)(r->tsc - t0) * 1000000000u / hz;
            fprintf(f, " %16.3f", (double)(uint64_t)ns / 1000.0);
        }
        fprintf(f, " %-36s", hvt_event_name(r->event, nm, sizeof(nm)));
        for (unsigned int k = 0; k < r->nr; k++)
            fprintf(f, " 0x%08" PRIx32, r->extra[k]);
        fputc('\n', f);
    }
}

/* --- CSV for plots ------------------------------------------------------------------------- */

void hvt_print_runs(const struct hvt_analysis *a, FILE *f)
{
    fprintf(f, "cpu,start_us,end_us,dom,vcpu\n");
    for (size_t i = 0; i < a->nr_runs; i++) {
        const struct hvt_run *r = &a->runs[i];
        fprintf(f, "%u,%.3f,%.3f,%u,%u\n", r->cpu, us(r->start_ns), us(r->end_ns), r->dom,
                r->vcpu);
    }
}

void hvt_print_wake_samples(const struct hvt_analysis *a, FILE *f)
{
    fprintf(f, "dom,vcpu,latency_us\n");
    for (size_t i = 0; i < a->nr_wake_samples; i++) {
        const struct hvt_sample *s = &a->wake_samples[i];
        fprintf(f, "%u,%u,%.3f\n", s->dom, s->vcpu, us(s->ns));
    }
}

void hvt_print_io_samples(const struct hvt_analysis *a, FILE *f)
{
    fprintf(f, "dom,latency_us\n");
    for (size_t i = 0; i < a->nr_io_samples; i++)
        fprintf(f, "%u,%.3f\n", a->io_samples[i].dom, us(a->io_samples[i].ns));
}
