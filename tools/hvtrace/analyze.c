/*
 * tools/hvtrace/analyze.c - merged records to statistics (see hvtrace.h, README.md).
 *
 * The span is [first record's TSC, last record's TSC] (or opts->end_tsc). Per vcpu:
 *   - runstate times: from TRC_SCHED_RUNSTATE_CHANGE records (old and new state in
 *     the event id, extra[0] = dom << 16 | vcpu). A vcpu is in `old` from its previous
 *     change, or from the start of the span (or its TRC_SCHED_DOM_ADD, offline) for
 *     its first; it stays in its last state to the end of the span.
 *   - wake latency: a change into runnable from blocked or offline starts a wake; the
 *     vcpu's next change into running ends it. A wake still waiting at the end counts
 *     with the time waited so far (as hvsim does); a change to blocked/offline first
 *     cancels it.
 *   - switches: TRC_SCHED_SWITCH records naming the vcpu as next; deadline misses:
 *     TRC_HESTIA_EDF_MISS (extra[0] = dom << 16 | vcpu).
 * Records with the same TSC on different pCPUs have no order in the file; when a
 * runstate change's old state is not the vcpu's state, a change of the same vcpu at
 * the same TSC that does fit is taken first (mismatches that remain are counted).
 * I/O: TRC_HESTIA_IO_REQUEST and _RESPONSE pair on (extra[0], extra[1]) =
 * (dom << 16 | vcpu of the requester, request id); the latency is response - request.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <public/trace.h>

#include "hvtrace.h"

#define RS_RUNNING  0
#define RS_RUNNABLE 1
#define RS_BLOCKED  2
#define RS_OFFLINE  3

/* --- a growable array of int64 samples ------------------------------------------------ */

struct samples { int64_t *v; size_t n, cap; };

static bool add_sample(struct samples *s, int64_t x)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        int64_t *n = realloc(s->v, cap * sizeof(*n));
        if (!n)
            return false;
        s->v = n;
        s->cap = cap;
    }
    s->v[s->n++] = x;
    return true;
}

/* --- a map from 64-bit keys to indices (open addressing) ------------------------------- */

struct map { uint64_t *keys; size_t *vals; size_t cap, n; };

static size_t slot_of(const struct map *m, uint64_t key)
{
    size_t i = (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 20) & (m->cap - 1);
    while (m->vals[i] != SIZE_MAX && m->keys[i] != key)
        i = (i + 1) & (m->cap - 1);
    return i;
}

static bool map_grow(struct map *m)
{
    struct map n = { .cap = m->cap ? m->cap * 2 : 64 };
    n.keys = malloc(n.cap * sizeof(*n.keys));
    n.vals = malloc(n.cap * sizeof(*n.vals));
    if (!n.keys || !n.vals) {
        free(n.keys);
        free(n.vals);
        return false;
    }
    for (size_t i = 0; i < n.cap; i++)
        n.vals[i] = SIZE_MAX;
    for (size_t i = 0; i < m->cap; i++)
        if (m->vals[i] != SIZE_MAX) {
            size_t j = slot_of(&n, m->keys[i]);
            n.keys[j] = m->keys[i];
            n.vals[j] = m->vals[i];
            n.n++;
        }
    free(m->keys);
    free(m->vals);
    *m = n;
    return true;
}

/* The value of key, or SIZE_MAX. */
static size_t map_get(const struct map *m, uint64_t key)
{
    return m->cap ? m->vals[slot_of(m, key)] : SIZE_MAX;
}

static bool map_put(struct map *m, uint64_t key, size_t val)
{
    if ((m->n + 1) * 2 > m->cap && !map_grow(m))
        return false;
    size_t i = slot_of(m, key);
    if (m->vals[i] == SIZE_MAX)
        m->n++;
    m->keys[i] = key;
    m->vals[i] = val;
    return true;
}

static void map_del(struct map *m, uint64_t key)
{
    if (!m->cap || m->vals[slot_of(m, key)] == SIZE_MAX)
        return;
    /* Re-insert the rest of the cluster (keeps probing correct). */
    size_t i = slot_of(m, key);
    m->vals[i] = SIZE_MAX;
    m->n--;
    for (size_t j = (i + 1) & (m->cap - 1); m->vals[j] != SIZE_MAX; j = (j + 1) & (m->cap - 1)) {
        uint64_t k = m->keys[j];
        size_t v = m->vals[j];
        m->vals[j] = SIZE_MAX;
        size_t s = slot_of(m, k);
        m->keys[s] = k;
        m->vals[s] = v;
    }
}

static void map_free(struct map *m)
{
    free(m->keys);
    free(m->vals);
}

/* --- analysis state ---------------------------------------------------------------------- */

struct vstate {                 /* what we track per vcpu while walking */
    struct hvt_vcpu out;
    int state;                  /* RS_*, or -1 before its first runstate record */
    uint64_t since;             /* TSC it entered `state` */
    bool wake_pending;
    uint64_t wake_at;
    struct samples lat;         /* ns */
    uint64_t time[4];           /* TSC ticks */
    uint16_t run_cpu;           /* where it runs, while state == RS_RUNNING */
};

struct io_req { uint64_t tsc; };

struct ctx {
    const struct hvt_trace *t;
    struct hvt_analysis *a;
    struct vstate *vs;
    size_t nr_vs, cap_vs;
    struct map vmap;            /* dom << 16 | vcpu -> index in vs */
    struct map iomap;           /* (extra0 << 32 | extra1) -> index in io_tsc */
    struct samples io_tsc;      /* request TSCs (slots reused only by index) */
    struct samples io_lat;      /* ns, with io_dom alongside */
    struct samples io_dom;
    struct hvt_count mod_ev[256];
    struct map hcmap;           /* hypercall -> index in hc */
    struct hvt_count *hc;
    size_t nr_hc;
    size_t cap_runs;            /* of a->runs */
    bool oom;
};

static int64_t to_ns(const struct hvt_analysis *a, uint64_t ticks)
{
    __extension__ unsigned __int128 x = (unsigned __int128)ticks * 1000000000u;
    return (int64_t)(x / a->hz);
}

/* The vcpu for dom << 16 | vcpu (created on first sight); NULL for idle or no memory. */
static struct vstate *vcpu_of(struct ctx *c, uint32_t dv)
{
    if ((dv >> 16) == HVT_DOMID_IDLE)
        return NULL;
    size_t i = map_get(&c->vmap, dv);
    if (i != SIZE_MAX)
        return &c->vs[i];
    if (c->nr_vs == c->cap_vs) {
        size_t cap = c->cap_vs ? c->cap_vs * 2 : 16;
        struct vstate *n = realloc(c->vs, cap * sizeof(*n));
        if (!n) {
            c->oom = true;
            return NULL;
        }
        c->vs = n;
        c->cap_vs = cap;
    }
    if (!map_put(&c->vmap, dv, c->nr_vs)) {
        c->oom = true;
        return NULL;
    }
    struct vstate *v = &c->vs[c->nr_vs++];
    memset(v, 0, sizeof(*v));
    v->out.dom = (uint16_t)(dv >> 16);
    v->out.vcpu = (uint16_t)dv;
    v->state = -1;
    return v;
}

static bool is_runstate(const struct hvt_record *r)
{
    return (r->event & 0x0ffff00f) == TRC_SCHED_RUNSTATE_CHANGE;
}

static int rs_old(const struct hvt_record *r) { return (r->event >> 8) & 0xf; }
static int rs_new(const struct hvt_record *r) { return (r->event >> 4) & 0xf; }

/*
 * recs[i] is a runstate change of v whose old state is not v's: if a later record at
 * the same TSC changes v from its current state, move that one to i (keeping the rest
 * in order).
 */
static void reorder_same_tsc(struct hvt_record *recs, size_t nr, size_t i,
                             const struct vstate *v)
{
    for (size_t j = i + 1; j < nr && recs[j].tsc == recs[i].tsc; j++) {
        if (is_runstate(&recs[j]) && recs[j].extra[0] == recs[i].extra[0] &&
            rs_old(&recs[j]) == v->state) {
            struct hvt_record r = recs[j];
            memmove(&recs[i + 1], &recs[i], (j - i) * sizeof(r));
            recs[i] = r;
            return;
        }
    }
}

/* v stops running at tsc: one stretch for the Gantt chart. */
static void end_run(struct ctx *c, const struct vstate *v, uint64_t tsc)
{
    struct hvt_analysis *a = c->a;
    if (a->nr_runs == c->cap_runs) {
        size_t cap = c->cap_runs ? c->cap_runs * 2 : 64;
        struct hvt_run *n = realloc(a->runs, cap * sizeof(*n));
        if (!n) {
            c->oom = true;
            return;
        }
        a->runs = n;
        c->cap_runs = cap;
    }
    a->runs[a->nr_runs++] = (struct hvt_run){ v->run_cpu, v->out.dom, v->out.vcpu,
                                              to_ns(a, v->since - a->start_tsc),
                                              to_ns(a, tsc - a->start_tsc) };
}

static void runstate(struct ctx *c, struct vstate *v, const struct hvt_record *r)
{
    int old = rs_old(r), new = rs_new(r);
    if (v->state < 0) {
        v->state = old;
        v->since = c->a->start_tsc;
    }
    if (v->state != old)
        v->out.mismatches++;
    if (v->state == RS_RUNNING && new != RS_RUNNING)
        end_run(c, v, r->tsc);
    if (new == RS_RUNNING)
        v->run_cpu = r->cpu;
    v->time[v->state] += r->tsc - v->since;
    v->since = r->tsc;
    if (new == RS_RUNNABLE && (old == RS_BLOCKED || old == RS_OFFLINE)) {
        v->wake_pending = true;
        v->wake_at = r->tsc;
    } else if (new == RS_RUNNING && v->wake_pending) {
        if (!add_sample(&v->lat, to_ns(c->a, r->tsc - v->wake_at)))
            c->oom = true;
        v->wake_pending = false;
    } else if (new == RS_BLOCKED || new == RS_OFFLINE) {
        v->wake_pending = false;
    }
    v->state = new;
}

static void sched_switch(struct ctx *c, const struct hvt_record *r)
{
    c->a->switches++;
    c->a->cpus[r->cpu].switches++;
    if (r->extra[2] <= 0xffff && r->extra[3] <= 0xffff) {
        struct vstate *v = vcpu_of(c, r->extra[2] << 16 | r->extra[3]);
        if (v)
            v->out.switches++;
    }
}

static void io_event(struct ctx *c, const struct hvt_record *r)
{
    uint64_t key = (uint64_t)r->extra[0] << 32 | r->extra[1];
    if (r->event == TRC_HESTIA_IO_REQUEST) {
        c->a->io_requests++;
        if (!add_sample(&c->io_tsc, (int64_t)r->tsc) || !map_put(&c->iomap, key, c->io_tsc.n - 1))
            c->oom = true;
        return;
    }
    size_t i = map_get(&c->iomap, key);
    if (i == SIZE_MAX) {
        c->a->io_unmatched_responses++;
        return;
    }
    map_del(&c->iomap, key);
    int64_t lat = to_ns(c->a, r->tsc - (uint64_t)c->io_tsc.v[i]);
    if (!add_sample(&c->io_lat, lat) || !add_sample(&c->io_dom, r->extra[0] >> 16))
        c->oom = true;
}

static void hypercall(struct ctx *c, const struct hvt_record *r)
{
    uint32_t op;
    if (r->event == HVT_TRC_PV_HYPERCALL_V2)
        op = r->extra[0] & 0xfffff;         /* bits 20+: which arguments follow */
    else if (r->event == HVT_TRC_PV_HYPERCALL)
        op = r->extra[1];                   /* eip, eax */
    else
        op = r->extra[2];                   /* rip (2 words), eax */
    size_t i = map_get(&c->hcmap, op);
    if (i == SIZE_MAX) {
        struct hvt_count *n = realloc(c->hc, (c->nr_hc + 1) * sizeof(*n));
        if (!n) {
            c->oom = true;
            return;
        }
        c->hc = n;
        if (!map_put(&c->hcmap, op, c->nr_hc)) {
            c->oom = true;
            return;
        }
        i = c->nr_hc++;
        c->hc[i] = (struct hvt_count){ .key = op };
    }
    c->hc[i].n++;
}

static void module_switch(struct ctx *c, const struct hvt_record *r)
{
    struct hvt_analysis *a = c->a;
    struct hvt_module_switch *n = realloc(a->mod_switches,
                                          (a->nr_mod_switches + 1) * sizeof(*n));
    if (!n) {
        c->oom = true;
        return;
    }
    a->mod_switches = n;
    n[a->nr_mod_switches++] = (struct hvt_module_switch){
        .tsc = r->tsc, .t_ns = to_ns(a, r->tsc - a->start_tsc), .cpu = r->cpu,
        .arg = r->extra[0] };
}

/* Events that name one vcpu in extra[0]: count them. */
static void vcpu_event(struct ctx *c, const struct hvt_record *r)
{
    struct vstate *v = vcpu_of(c, r->extra[0]);
    if (!v)
        return;
    switch (r->event) {
    case TRC_SCHED_DOM_ADD:
        if (v->state < 0) {
            v->state = RS_OFFLINE;          /* sched_init_vcpu: a new vcpu is offline */
            v->since = r->tsc;
        }
        break;
    case TRC_SCHED_WAKE:       v->out.wake_events++; break;
    case TRC_SCHED_BLOCK:      v->out.blocks++; break;
    case TRC_SCHED_YIELD:      v->out.yields++; break;
    case TRC_SCHED_SLEEP:      v->out.sleeps++; break;
    case TRC_HESTIA_EDF_MISS:  v->out.misses++; break;
    }
}

static void one(struct ctx *c, struct hvt_record *recs, size_t i)
{
    struct hvt_record *r = &recs[i];
    c->a->cpus[r->cpu].records++;
    if (is_runstate(r)) {
        struct vstate *v = vcpu_of(c, r->extra[0]);
        if (!v)
            return;
        if (v->state >= 0 && v->state != rs_old(r))
            reorder_same_tsc(recs, c->t->nr, i, v);
        runstate(c, v, r);
        return;
    }
    if ((r->event & ~0xffU) == TRC_HESTIA_SCHED_MODULE) {
        c->mod_ev[r->event & 0xff].n++;
        return;
    }
    switch (r->event) {
    case TRC_SCHED_SWITCH:          sched_switch(c, r); break;
    case TRC_LOST_RECORDS:          c->a->lost_records += r->extra[0]; break;
    case TRC_HESTIA_EVTCHN_SEND:    c->a->evtchn_sends++; break;
    case TRC_HESTIA_EVTCHN_UPCALL:  c->a->evtchn_upcalls++; break;
    case TRC_HESTIA_SCHED_MIGRATE:  c->a->migrations++; break;
    case TRC_HESTIA_SLICE_END:      c->a->slice_ends++; break;
    case TRC_HESTIA_SCHED_SWITCH_MODULE: module_switch(c, r); break;
    case TRC_HESTIA_IO_REQUEST:
    case TRC_HESTIA_IO_RESPONSE:    io_event(c, r); break;
    case HVT_TRC_PV_HYPERCALL:
    case HVT_TRC_PV_HYPERCALL | HVT_TRC_64_FLAG:
    case HVT_TRC_PV_HYPERCALL_V2:   hypercall(c, r); break;
    case TRC_SCHED_DOM_ADD:
    case TRC_SCHED_WAKE:
    case TRC_SCHED_BLOCK:
    case TRC_SCHED_YIELD:
    case TRC_SCHED_SLEEP:
    case TRC_HESTIA_EDF_MISS:       vcpu_event(c, r); break;
    }
}

/* --- summaries ---------------------------------------------------------------------------- */

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Nearest rank: the smallest sample with at least pct% of the samples <= it. */
static int64_t rank(const int64_t *sorted, size_t n, unsigned int pct)
{
    size_t k = (pct * n + 99) / 100;
    return sorted[k ? k - 1 : 0];
}

void hvt_lat_summary(int64_t *ns, size_t n, struct hvt_lat *out)
{
    memset(out, 0, sizeof(*out));
    out->n = n;
    if (n == 0)
        return;
    qsort(ns, n, sizeof(*ns), cmp_i64);
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += (double)ns[i];
    out->min_ns = ns[0];
    out->max_ns = ns[n - 1];
    out->p50_ns = rank(ns, n, 50);
    out->p99_ns = rank(ns, n, 99);
    out->mean_ns = sum / (double)n;
}

/* Close every vcpu's last state at the end of the span; fill its output. */
static void finish_vcpu(struct ctx *c, struct vstate *v)
{
    struct hvt_analysis *a = c->a;
    if (v->state == RS_RUNNING)
        end_run(c, v, a->end_tsc);
    if (v->state >= 0)
        v->time[v->state] += a->end_tsc - v->since;
    if (v->wake_pending && !add_sample(&v->lat, to_ns(a, a->end_tsc - v->wake_at)))
        c->oom = true;
    for (int s = 0; s < 4; s++)
        v->out.time_ns[s] = to_ns(a, v->time[s]);
    v->out.share = a->span_ns ? (double)v->out.time_ns[RS_RUNNING] / (double)a->span_ns : 0;
    hvt_lat_summary(v->lat.v, v->lat.n, &v->out.wake);
}

static int cmp_vstate(const void *a, const void *b)
{
    const struct vstate *x = a, *y = b;
    uint32_t kx = (uint32_t)x->out.dom << 16 | x->out.vcpu;
    uint32_t ky = (uint32_t)y->out.dom << 16 | y->out.vcpu;
    return (kx > ky) - (kx < ky);
}

/* A domain's I/O latencies: the samples of io_lat whose io_dom is dom. */
static void domain_io(struct ctx *c, struct hvt_domain *d)
{
    struct samples s = { 0 };
    for (size_t i = 0; i < c->io_lat.n; i++)
        if (c->io_dom.v[i] == d->dom && !add_sample(&s, c->io_lat.v[i]))
            c->oom = true;
    hvt_lat_summary(s.v, s.n, &d->io);
    free(s.v);
}

/* One domain from the vcpus [from, to) of the sorted table. */
static void one_domain(struct ctx *c, size_t from, size_t to, struct hvt_domain *d)
{
    struct samples all = { 0 };
    memset(d, 0, sizeof(*d));
    d->dom = c->vs[from].out.dom;
    for (size_t i = from; i < to; i++) {
        const struct vstate *v = &c->vs[i];
        d->nr_vcpus++;
        d->running_ns += v->out.time_ns[RS_RUNNING];
        d->runnable_ns += v->out.time_ns[RS_RUNNABLE];
        d->share += v->out.share;
        d->switches += v->out.switches;
        d->misses += v->out.misses;
        for (size_t k = 0; k < v->lat.n; k++)
            if (!add_sample(&all, v->lat.v[k]))
                c->oom = true;
    }
    hvt_lat_summary(all.v, all.n, &d->wake);
    free(all.v);
    domain_io(c, d);
}

static void domains(struct ctx *c)
{
    struct hvt_analysis *a = c->a;
    a->doms = calloc(c->nr_vs ? c->nr_vs : 1, sizeof(*a->doms));
    if (!a->doms) {
        c->oom = true;
        return;
    }
    for (size_t i = 0, j; i < c->nr_vs; i = j) {
        for (j = i + 1; j < c->nr_vs && c->vs[j].out.dom == c->vs[i].out.dom; j++)
            ;
        one_domain(c, i, j, &a->doms[a->nr_doms++]);
    }
}

static int cmp_count(const void *a, const void *b)
{
    const struct hvt_count *x = a, *y = b;
    return (x->key > y->key) - (x->key < y->key);
}

/* Keep every latency sample for the plots (hvt_print_wake_samples, _io_samples). */
static void export_samples(struct ctx *c)
{
    struct hvt_analysis *a = c->a;
    size_t n = 0;
    for (size_t i = 0; i < c->nr_vs; i++)
        n += c->vs[i].lat.n;
    a->wake_samples = calloc(n ? n : 1, sizeof(*a->wake_samples));
    a->io_samples = calloc(c->io_lat.n ? c->io_lat.n : 1, sizeof(*a->io_samples));
    if (!a->wake_samples || !a->io_samples) {
        c->oom = true;
        return;
    }
    for (size_t i = 0; i < c->nr_vs; i++)
        for (size_t k = 0; k < c->vs[i].lat.n; k++)
            a->wake_samples[a->nr_wake_samples++] =
                (struct hvt_sample){ c->vs[i].out.dom, c->vs[i].out.vcpu, c->vs[i].lat.v[k] };
    for (size_t i = 0; i < c->io_lat.n; i++)
        a->io_samples[a->nr_io_samples++] =
            (struct hvt_sample){ (uint16_t)c->io_dom.v[i], 0, c->io_lat.v[i] };
}

/* Everything after the walk: per-vcpu outputs (sorted), domains, counts, I/O. */
static void finish(struct ctx *c)
{
    struct hvt_analysis *a = c->a;
    for (size_t i = 0; i < c->nr_vs; i++)
        finish_vcpu(c, &c->vs[i]);
    qsort(c->vs, c->nr_vs, sizeof(*c->vs), cmp_vstate);
    a->vcpus = calloc(c->nr_vs ? c->nr_vs : 1, sizeof(*a->vcpus));
    if (!a->vcpus) {
        c->oom = true;
        return;
    }
    for (size_t i = 0; i < c->nr_vs; i++)
        a->vcpus[a->nr_vcpus++] = c->vs[i].out;
    domains(c);
    a->mod_events = calloc(256, sizeof(*a->mod_events));
    if (!a->mod_events) {
        c->oom = true;
        return;
    }
    for (unsigned int e = 0; e < 256; e++)
        if (c->mod_ev[e].n)
            a->mod_events[a->nr_mod_events++] = (struct hvt_count){ e, c->mod_ev[e].n };
    if (c->nr_hc)
        qsort(c->hc, c->nr_hc, sizeof(*c->hc), cmp_count);
    a->hypercalls = c->hc;
    a->nr_hypercalls = c->nr_hc;
    c->hc = NULL;
    a->io_outstanding = c->iomap.n;
    struct samples io = { 0 };
    for (size_t i = 0; i < c->io_lat.n; i++)
        if (!add_sample(&io, c->io_lat.v[i]))
            c->oom = true;
    hvt_lat_summary(io.v, io.n, &a->io);
    free(io.v);
    export_samples(c);
}

static void ctx_free(struct ctx *c)
{
    for (size_t i = 0; i < c->nr_vs; i++)
        free(c->vs[i].lat.v);
    free(c->vs);
    map_free(&c->vmap);
    map_free(&c->iomap);
    map_free(&c->hcmap);
    free(c->io_tsc.v);
    free(c->io_lat.v);
    free(c->io_dom.v);
    free(c->hc);
}

/* The clock and the span; 0 or an error. */
static int setup(const struct hvt_trace *t, const struct hvt_opts *o, const char *name,
                 struct hvt_analysis *a, char *err, size_t errlen)
{
    a->hz_from_info = t->has_info && t->info_hz;
    a->hz = a->hz_from_info ? t->info_hz : o->cpu_hz;
    if (t->has_info && !t->info_hz && !o->cpu_hz)
        return hvt_errf(err, errlen, -EINVAL, "%s: the TRC_HESTIA_TRACE_INFO record gives "
                        "a TSC frequency of 0, and no --cpu-hz", name);
    if (!a->hz)
        return hvt_errf(err, errlen, -EINVAL, "%s: no TRC_HESTIA_TRACE_INFO record and no "
                        "--cpu-hz: cannot turn TSC into time", name);
    if (t->nr == 0)
        return hvt_errf(err, errlen, -EINVAL, "%s: no records", name);
    a->start_tsc = t->recs[0].tsc;
    a->end_tsc = o->end_tsc ? o->end_tsc : t->recs[t->nr - 1].tsc;
    if (a->end_tsc < t->recs[t->nr - 1].tsc)
        return hvt_errf(err, errlen, -EINVAL, "%s: the end of the span (TSC %llu) is before "
                        "the last record (TSC %llu)", name, (unsigned long long)a->end_tsc,
                        (unsigned long long)t->recs[t->nr - 1].tsc);
    a->span_ns = to_ns(a, a->end_tsc - a->start_tsc);
    a->nr_records = t->nr;
    a->nr_windows = t->nr_windows;
    a->nr_cpus = t->nr_cpus;
    a->info_flags = t->info_flags;
    a->cpus = calloc(t->nr_cpus ? t->nr_cpus : 1, sizeof(*a->cpus));
    if (!a->cpus)
        return hvt_errf(err, errlen, -ENOMEM, "%s: out of memory", name);
    return 0;
}

int hvt_analyze(const struct hvt_trace *t, const struct hvt_opts *opts, const char *name,
                struct hvt_analysis **out, char *err, size_t errlen)
{
    static const struct hvt_opts none;
    struct hvt_analysis *a = calloc(1, sizeof(*a));
    struct ctx c = { .t = t, .a = a };
    struct hvt_record *recs = malloc((t->nr ? t->nr : 1) * sizeof(*recs));

    *out = NULL;
    int rc = a && recs ? 0 : hvt_errf(err, errlen, -ENOMEM, "%s: out of memory", name);
    if (rc == 0)
        rc = setup(t, opts ? opts : &none, name, a, err, errlen);
    if (rc == 0) {
        memcpy(recs, t->recs, t->nr * sizeof(*recs));  /* reorder_same_tsc edits it */
        for (size_t i = 0; i < t->nr && !c.oom; i++)
            one(&c, recs, i);
        a->switches_per_s = a->span_ns ? (double)a->switches * 1e9 / (double)a->span_ns : 0;
        if (!c.oom)
            finish(&c);
        if (c.oom)
            rc = hvt_errf(err, errlen, -ENOMEM, "%s: out of memory", name);
    }
    ctx_free(&c);
    free(recs);
    if (rc)
        hvt_analysis_free(a);
    else
        *out = a;
    return rc;
}

void hvt_analysis_free(struct hvt_analysis *a)
{
    if (!a)
        return;
    free(a->vcpus);
    free(a->doms);
    free(a->cpus);
    free(a->mod_switches);
    free(a->mod_events);
    free(a->hypercalls);
    free(a->runs);
    free(a->wake_samples);
    free(a->io_samples);
    free(a);
}

const struct hvt_vcpu *hvt_find_vcpu(const struct hvt_analysis *a, unsigned int dom,
                                     unsigned int vcpu)
{
    for (size_t i = 0; i < a->nr_vcpus; i++)
        if (a->vcpus[i].dom == dom && a->vcpus[i].vcpu == vcpu)
            return &a->vcpus[i];
    return NULL;
}
