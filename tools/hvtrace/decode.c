/*
 * tools/hvtrace/decode.c - a trace file's bytes to a list of records, merged by TSC.
 *
 * The file is what xentrace writes (include/public/trace.h, sim/traceout.c): a
 * TRC_TRACE_CPU_CHANGE record (no TSC, two extra words: the pCPU, the size in bytes
 * of the window that follows), then that pCPU's records, then the next window.
 * Everything is checked, and a problem names its byte offset:
 *   - a record or window cut short by the end of the file;
 *   - a record crossing the end of its window, or outside any window;
 *   - an event with fewer extra words than it is documented to carry;
 *   - a runstate change with an unknown state; a TSC going backwards on one pCPU.
 * The pCPU streams are then merged by TSC (ties: file order), as xenalyze does.
 * Little-endian host assumed (the file is the writer's memory).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <public/trace.h>

#include "hvtrace.h"

int hvt_errf(char *err, size_t errlen, int rc, const char *fmt, ...)
{
    if (!err || errlen == 0)
        return rc;
    err[0] = '\0';
    FILE *f = fmemopen(err, errlen, "w");   /* not snprintf: the unit build renames it */
    if (!f)
        return rc;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fclose(f);
    return rc;
}

/* Extra words an event needs (0: anything goes). */
static unsigned int min_extra(uint32_t ev)
{
    if ((ev & 0x0ffff00f) == TRC_SCHED_RUNSTATE_CHANGE)
        return 1;
    switch (ev) {
    case TRC_TRACE_CPU_CHANGE:
    case TRC_HESTIA_TRACE_INFO:
    case TRC_SCHED_ADJDOM:
    case TRC_HESTIA_EDF_REPLENISH:
    case TRC_HESTIA_EDF_MISS:
    case TRC_HESTIA_IO_REQUEST:
    case TRC_HESTIA_IO_RESPONSE:
    case TRC_HESTIA_EVTCHN_SEND:
    case TRC_HESTIA_SCHED_MIGRATE:
    case TRC_PV_HESTIA_HYPERCALL_EXIT:
        return 2;
    case TRC_HESTIA_GUEST_EVENT:
        return 3;
    case TRC_HESTIA_EVTCHN_UPCALL:
    case TRC_HESTIA_SLICE_END:
        return 1;
    case TRC_SCHED_SWITCH:
        return 4;
    case TRC_LOST_RECORDS:
    case TRC_SCHED_CONTINUE_RUNNING:
    case TRC_SCHED_DOM_ADD:
    case TRC_SCHED_DOM_REM:
    case TRC_SCHED_SLEEP:
    case TRC_SCHED_WAKE:
    case TRC_SCHED_YIELD:
    case TRC_SCHED_BLOCK:
    case TRC_HESTIA_SCHED_SWITCH_MODULE:
    case HVT_TRC_PV_HYPERCALL_V2:
        return 1;
    case HVT_TRC_PV_HYPERCALL:
        return 2;
    case HVT_TRC_PV_HYPERCALL | HVT_TRC_64_FLAG:
        return 3;
    }
    return 0;
}

static uint32_t get32(const uint8_t *p)
{
    uint32_t w;
    memcpy(&w, p, sizeof(w));
    return w;
}

/* The decoder's state while it walks the file. */
struct walk {
    const uint8_t *buf;
    size_t len, off;
    const char *name;
    char *err;
    size_t errlen;
    int cpu;                    /* current window's pCPU, -1 before the first */
    size_t win_end;
    uint64_t *last_tsc;         /* per pCPU */
    struct hvt_trace *t;
    size_t cap;
};

/* A malformed file: "NAME: offset N: problem". */
__attribute__((format(printf, 3, 4)))
static int bad(const struct walk *w, size_t at, const char *fmt, ...)
{
    if (!w->err || w->errlen == 0)
        return -EINVAL;
    w->err[0] = '\0';
    FILE *f = fmemopen(w->err, w->errlen, "w");
    if (!f)
        return -EINVAL;
    fprintf(f, "%s: offset %zu: ", w->name, at);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fclose(f);
    return -EINVAL;
}

static int push(struct walk *w, const struct hvt_record *r)
{
    struct hvt_trace *t = w->t;
    if (t->nr == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 4096;
        struct hvt_record *n = realloc(t->recs, cap * sizeof(*n));
        if (!n)
            return hvt_errf(w->err, w->errlen, -ENOMEM, "%s: out of memory", w->name);
        t->recs = n;
        w->cap = cap;
    }
    t->recs[t->nr++] = *r;
    return 0;
}

/* A TRC_TRACE_CPU_CHANGE record at w->off, whose size (need) is known to fit. */
static int cpu_change(struct walk *w, unsigned int nr, bool cyc, size_t need)
{
    size_t at = w->off;
    if (w->cpu >= 0 && at < w->win_end)
        return bad(w, at, "CPU-change record inside pCPU %d's window (it ends at offset %zu)",
                   w->cpu, w->win_end);
    if (nr != 2)
        return bad(w, at, "CPU-change record claims %u extra words (needs 2)", nr);
    if (cyc)
        return bad(w, at, "CPU-change record with a TSC (xentrace writes none)");
    uint32_t cpu = get32(w->buf + at + 4), size = get32(w->buf + at + 8);
    if (cpu >= HVT_MAX_CPUS)
        return bad(w, at, "CPU-change record for pCPU %" PRIu32 " (max %d)", cpu,
                   HVT_MAX_CPUS - 1);
    if (size % 4)
        return bad(w, at, "CPU-change record: window size %" PRIu32 " is not a multiple of 4",
                   size);
    size_t start = at + need;
    if (size > w->len - start)
        return bad(w, at, "truncated window: pCPU %" PRIu32 "'s window claims %" PRIu32
                   " bytes, only %zu remain", cpu, size, w->len - start);
    w->cpu = (int)cpu;
    w->win_end = start + size;
    w->off = start;
    w->t->nr_windows++;
    if (cpu + 1 > w->t->nr_cpus)
        w->t->nr_cpus = cpu + 1;
    return 0;
}

/* Check a decoded record's contents. */
static int check_record(struct walk *w, const struct hvt_record *r)
{
    unsigned int need = min_extra(r->event);
    char nm[48];
    if (r->nr < need)
        return bad(w, r->offset, "%s record claims %u extra words (needs %u)",
                   hvt_event_name(r->event, nm, sizeof(nm)), r->nr, need);
    if ((r->event & 0x0ffff00f) == TRC_SCHED_RUNSTATE_CHANGE &&
        (((r->event >> 8) & 0xf) > 3 || ((r->event >> 4) & 0xf) > 3))
        return bad(w, r->offset, "runstate change 0x%08" PRIx32 " names an unknown runstate",
                   r->event);
    if (r->has_tsc && r->tsc < w->last_tsc[r->cpu])
        return bad(w, r->offset, "TSC goes backwards on pCPU %u (%" PRIu64 " after %" PRIu64 ")",
                   r->cpu, r->tsc, w->last_tsc[r->cpu]);
    return 0;
}

static void note_info(struct hvt_trace *t, const struct hvt_record *r)
{
    if (r->event != TRC_HESTIA_TRACE_INFO || t->has_info)
        return;
    t->has_info = true;
    t->info_hz = r->extra[0] | (uint64_t)r->extra[1] << 32;
    t->info_pcpus = r->nr > 2 ? r->extra[2] : 0;
    t->info_flags = r->nr > 3 ? r->extra[3] : 0;
}

/* One record at w->off. */
static int one_record(struct walk *w)
{
    size_t at = w->off, left = w->len - at;
    if (left < 4)
        return bad(w, at, "truncated record: %zu bytes left, a header needs 4", left);
    uint32_t hdr = get32(w->buf + at);
    unsigned int nr = TRC_HDR_EXTRA(hdr);
    bool cyc = TRC_HDR_CYCLES(hdr);
    size_t need = 4 + (cyc ? 8 : 0) + 4 * (size_t)nr;
    if (need > left)
        return bad(w, at, "truncated record: its header claims %zu bytes, only %zu remain",
                   need, left);
    if (TRC_HDR_EVENT(hdr) == TRC_TRACE_CPU_CHANGE)
        return cpu_change(w, nr, cyc, need);
    if (w->cpu < 0)
        return bad(w, at, "record before the first CPU-change record");
    if (at >= w->win_end)
        return bad(w, at, "record outside any window (pCPU %d's ended at offset %zu)",
                   w->cpu, w->win_end);
    if (need > w->win_end - at)
        return bad(w, at, "record of %zu bytes crosses the end of pCPU %d's window "
                   "(offset %zu)", need, w->cpu, w->win_end);

    struct hvt_record r = { .offset = at, .seq = w->t->nr, .event = TRC_HDR_EVENT(hdr),
                            .cpu = (uint16_t)w->cpu, .nr = (uint8_t)nr, .has_tsc = cyc };
    const uint8_t *p = w->buf + at + 4;
    if (cyc) {
        r.tsc = get32(p) | (uint64_t)get32(p + 4) << 32;
        p += 8;
    } else {
        r.tsc = w->last_tsc[r.cpu];
    }
    for (unsigned int i = 0; i < nr; i++)
        r.extra[i] = get32(p + 4 * i);
    int rc = check_record(w, &r);
    if (rc)
        return rc;
    w->last_tsc[r.cpu] = r.tsc;
    note_info(w->t, &r);
    w->off = at + need;
    return push(w, &r);
}

static int by_tsc(const void *a, const void *b)
{
    const struct hvt_record *x = a, *y = b;
    if (x->tsc != y->tsc)
        return x->tsc < y->tsc ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

int hvt_decode(const void *buf, size_t len, const char *name, struct hvt_trace *t,
               char *err, size_t errlen)
{
    struct walk w = { .buf = buf, .len = len, .name = name, .err = err, .errlen = errlen,
                      .cpu = -1, .t = t };
    int rc = 0;

    memset(t, 0, sizeof(*t));
    w.last_tsc = calloc(HVT_MAX_CPUS, sizeof(*w.last_tsc));
    if (!w.last_tsc)
        return hvt_errf(err, errlen, -ENOMEM, "%s: out of memory", name);
    if (len == 0)
        rc = hvt_errf(err, errlen, -EINVAL, "%s: empty file", name);
    while (rc == 0 && w.off < len)
        rc = one_record(&w);
    free(w.last_tsc);
    if (rc) {
        hvt_trace_free(t);
        return rc;
    }
    qsort(t->recs, t->nr, sizeof(*t->recs), by_tsc);
    return 0;
}

int hvt_load(const char *path, struct hvt_trace *t, char *err, size_t errlen)
{
    memset(t, 0, sizeof(*t));
    FILE *f = fopen(path, "rb");
    if (!f)
        return hvt_errf(err, errlen, -errno, "%s: %s", path, strerror(errno));
    size_t cap = 1 << 16, len = 0, got;
    uint8_t *buf = malloc(cap);
    while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            uint8_t *n = realloc(buf, cap * 2);
            if (!n) {
                free(buf);
                buf = NULL;
            }
            buf = n;
            cap *= 2;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf)
        return hvt_errf(err, errlen, -ENOMEM, "%s: out of memory", path);
    int rc = bad ? hvt_errf(err, errlen, -EIO, "%s: read error", path)
                 : hvt_decode(buf, len, path, t, err, errlen);
    free(buf);
    return rc;
}

void hvt_trace_free(struct hvt_trace *t)
{
    free(t->recs);
    memset(t, 0, sizeof(*t));
}
