/*
 * sim/scenario.c - reading scenarios: global settings and vcpu lines.
 *
 *     # two pCPUs, credit, one second
 *     sched = credit
 *     pcpus = 2
 *     duration_ms = 1000
 *     seed = 1
 *     cmdline = sched_rr_quantum_us=5000        (Hestia boot options; optional)
 *     switch = rr@500                           (change module at 500 ms; optional)
 *     vcpu name=web workload=io service_us=200 think_us=800 sched_weight=512
 *     vcpu name=batch workload=hog pcpu=1
 *
 * '#' starts a comment. A global line is `key = value`; a vcpu line is the word vcpu
 * and key=value words. Every error is one message naming the file and line
 * ("scen.txt:7: unknown workload 'hogg' (...)"). See sim/README.md for the keys.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_int.h"

#define LINE_MAX_LEN 1024
#define MAX_WORDS    48
#define MSG_LEN      256

int errf(char *err, size_t errlen, int rc, const char *fmt, ...)
{
    va_list ap;

    if (err && errlen) {
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return rc;
}

void sim_config_default(struct sim_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->pcpus = 1;
    cfg->duration_ns = 1000000000LL;
    cfg->seed = 1;
}

/* --- lines and numbers --------------------------------------------------------------- */

struct reader {
    const char *pos;
    unsigned int no;            /* number of the line in buf */
    char buf[LINE_MAX_LEN];
    bool too_long;
};

/* The next line, comment removed and trimmed (possibly empty); false at the end. */
static bool next_line(struct reader *r)
{
    if (!r->pos || !*r->pos)
        return false;
    const char *end = strchr(r->pos, '\n');
    size_t len = end ? (size_t)(end - r->pos) : strlen(r->pos);
    r->no++;
    r->too_long = len >= sizeof(r->buf);
    len = MIN(len, sizeof(r->buf) - 1);
    memcpy(r->buf, r->pos, len);
    r->buf[len] = '\0';
    r->pos = end ? end + 1 : r->pos + strlen(r->pos);

    char *hash = strchr(r->buf, '#');
    if (hash)
        *hash = '\0';
    char *s = r->buf, *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = '\0';
    while (isspace((unsigned char)*s))
        s++;
    memmove(r->buf, s, strlen(s) + 1);
    return true;
}

static bool parse_u64(const char *s, uint64_t *out)
{
    uint64_t v = 0;
    if (!*s)
        return false;
    for (; *s; s++) {
        if (!isdigit((unsigned char)*s) || v > (UINT64_MAX - 9) / 10)
            return false;
        v = v * 10 + (uint64_t)(*s - '0');
    }
    *out = v;
    return true;
}

static bool parse_long(const char *s, long *out)
{
    uint64_t v;
    bool neg = *s == '-';
    if (!parse_u64(s + neg, &v) || v > (uint64_t)LONG_MAX)
        return false;
    *out = neg ? -(long)v : (long)v;
    return true;
}

/* A number in [min, max] for key `key`; 0 or a message. */
static int parse_ranged(const char *key, const char *value, long min, long max, long *out,
                        char *err, size_t errlen)
{
    if (!parse_long(value, out))
        return errf(err, errlen, -EINVAL, "bad value '%s' for %s (a whole number)", value, key);
    if (*out < min || *out > max)
        return errf(err, errlen, -ERANGE, "%s=%ld is not in %ld..%ld", key, *out, min, max);
    return 0;
}

static bool is_vcpu_line(const char *line)
{
    return strncmp(line, "vcpu", 4) == 0 && (line[4] == '\0' || isspace((unsigned char)line[4]));
}

/* --- vcpu lines -------------------------------------------------------------------------- */

struct word {
    char *key, *value;
};

/* Split "vcpu k=v k=v" (buf is modified) into words; 0 or a message. */
static int split_words(char *buf, struct word *w, unsigned int *n, char *err, size_t errlen)
{
    char *save = NULL;
    *n = 0;
    for (char *t = strtok_r(buf, " \t\r", &save); t; t = strtok_r(NULL, " \t\r", &save)) {
        if (*n == 0 && strcmp(t, "vcpu") == 0)
            continue;
        char *eq = strchr(t, '=');
        if (!eq || eq == t || eq[1] == '\0')
            return errf(err, errlen, -EINVAL, "expected key=value, got '%s'", t);
        if (*n == MAX_WORDS)
            return errf(err, errlen, -E2BIG, "too many keys (at most %d)", MAX_WORDS);
        *eq = '\0';
        w[*n] = (struct word){ t, eq + 1 };
        for (unsigned int i = 0; i < *n; i++)
            if (strcmp(w[i].key, t) == 0)
                return errf(err, errlen, -EINVAL, "duplicate key '%s'", t);
        (*n)++;
    }
    return 0;
}

static const char *find_word(const struct word *w, unsigned int n, const char *key)
{
    for (unsigned int i = 0; i < n; i++)
        if (strcmp(w[i].key, key) == 0)
            return w[i].value;
    return NULL;
}

static bool good_name(const char *s)
{
    size_t len = strlen(s);
    if (len == 0 || len >= SIM_NAME_MAX)
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && !strchr("_.-", *s))
            return false;
    return true;
}

static int key_index(const struct workload *wl, const char *key)
{
    for (unsigned int i = 0; i < wl->nr_keys; i++)
        if (strcmp(wl->keys[i].name, key) == 0)
            return (int)i;
    return -1;
}

/* The message for a key this workload does not take: another workload's, or unknown. */
static int bad_key(const struct workload *wl, const char *key, char *err, size_t errlen)
{
    for (unsigned int i = 0; i < wl_count; i++)
        if (key_index(wl_all[i], key) >= 0)
            return errf(err, errlen, -EINVAL, "%s does not apply to workload %s", key,
                        wl->name);
    char keys[128] = "";
    if (wl->nr_keys)
        snprintf(keys, sizeof(keys), "; %s:", wl->name);
    for (unsigned int i = 0; i < wl->nr_keys; i++)
        snprintf(keys + strlen(keys), sizeof(keys) - strlen(keys), " %s", wl->keys[i].name);
    return errf(err, errlen, -EINVAL, "unknown key '%s' (vcpu keys: name workload pcpu "
                "sched_<param>%s)", key, keys);
}

/* name= and workload=. */
static int parse_identity(const struct word *w, unsigned int n, struct vcpu_spec *spec,
                          char *err, size_t errlen)
{
    char names[64];
    const char *name = find_word(w, n, "name"), *wl = find_word(w, n, "workload");

    wl_names(names, sizeof(names));
    if (!name)
        return errf(err, errlen, -EINVAL, "vcpu line without name=");
    if (!good_name(name))
        return errf(err, errlen, -EINVAL, "bad vcpu name '%s' (up to %d letters, digits, "
                    "'_', '.', '-')", name, SIM_NAME_MAX - 1);
    snprintf(spec->name, sizeof(spec->name), "%s", name);
    if (!wl)
        return errf(err, errlen, -EINVAL, "vcpu '%s' has no workload= (workloads: %s)",
                    name, names);
    spec->wl = wl_find(wl);
    if (!spec->wl)
        return errf(err, errlen, -EINVAL, "unknown workload '%s' (workloads: %s)", wl, names);
    return 0;
}

/* One key=value of a vcpu line other than name= and workload=. */
static int parse_key(const struct word *w, struct vcpu_spec *spec, bool *have, char *err,
                     size_t errlen)
{
    long value;
    int rc, k;

    if (strcmp(w->key, "pcpu") == 0) {
        if ((rc = parse_ranged("pcpu", w->value, 0, SIM_MAX_PCPUS - 1, &value, err, errlen)))
            return rc;
        spec->pcpu = (int)value;
    } else if (strncmp(w->key, "sched_", 6) == 0 && w->key[6]) {
        if (!parse_long(w->value, &value))
            return errf(err, errlen, -EINVAL, "bad value '%s' for %s (a whole number)",
                        w->value, w->key);
        if (spec->nr_params == SPEC_MAX_PARAMS || strlen(w->key + 6) >= sizeof(spec->param[0]))
            return errf(err, errlen, -E2BIG, "too many or too long sched_ keys");
        snprintf(spec->param[spec->nr_params], sizeof(spec->param[0]), "%s", w->key + 6);
        spec->value[spec->nr_params++] = value;
    } else if ((k = key_index(spec->wl, w->key)) >= 0) {
        const struct wl_key *key = &spec->wl->keys[k];
        if ((rc = parse_ranged(key->name, w->value, key->min, key->max, &spec->arg[k],
                               err, errlen)))
            return rc;
        have[k] = true;
    } else {
        return bad_key(spec->wl, w->key, err, errlen);
    }
    return 0;
}

/* Parse a vcpu line (with or without the word vcpu) into spec; 0 or a message. */
static int parse_vcpu(const char *line, struct vcpu_spec *spec, char *err, size_t errlen)
{
    char buf[LINE_MAX_LEN];
    struct word w[MAX_WORDS];
    bool have[WL_MAX_KEYS] = { false };
    unsigned int n;
    int rc;

    memset(spec, 0, sizeof(*spec));
    spec->pcpu = -1;
    if (strlen(line) >= sizeof(buf))
        return errf(err, errlen, -E2BIG, "line too long (at most %d characters)",
                    LINE_MAX_LEN - 1);
    strcpy(buf, line);
    if ((rc = split_words(buf, w, &n, err, errlen)) || (rc = parse_identity(w, n, spec, err, errlen)))
        return rc;
    for (unsigned int i = 0; i < n; i++)
        if (strcmp(w[i].key, "name") && strcmp(w[i].key, "workload") &&
            (rc = parse_key(&w[i], spec, have, err, errlen)))
            return rc;
    for (unsigned int k = 0; k < spec->wl->nr_keys; k++) {
        if (have[k])
            continue;
        if (spec->wl->keys[k].def < 0)
            return errf(err, errlen, -EINVAL, "workload %s needs %s=", spec->wl->name,
                        spec->wl->keys[k].name);
        spec->arg[k] = spec->wl->keys[k].def;
    }
    return spec->wl->check ? spec->wl->check(spec->arg, err, errlen) : 0;
}

int sim_add_vcpu_line(struct sim *s, const char *line, char *err, size_t errlen)
{
    struct vcpu_spec spec;
    int rc = parse_vcpu(line, &spec, err, errlen);
    return rc ? rc : engine_add_vcpu(s, &spec, err, errlen);
}

/* --- global lines ------------------------------------------------------------------------ */

static const char *const settings[] = {
    "sched", "pcpus", "duration_ms", "seed", "cmdline", "switch",
};

static bool good_sched_name(const char *v)
{
    if (!*v || strlen(v) >= sizeof(((struct sim_config *)0)->sched))
        return false;
    for (const char *p = v; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_')
            return false;
    return true;
}

static int set_sched(struct sim_config *cfg, const char *v, char *err, size_t errlen)
{
    if (!good_sched_name(v))
        return errf(err, errlen, -EINVAL, "bad scheduler name '%s'", v);
    snprintf(cfg->sched, sizeof(cfg->sched), "%s", v);
    return 0;
}

/* switch = credit@500 rr@1500: module names and times in ms, increasing. */
static int set_switches(struct sim_config *cfg, const char *v, char *err, size_t errlen)
{
    char buf[256], *save = NULL;
    long ms;
    int rc;

    if (strlen(v) >= sizeof(buf))
        return errf(err, errlen, -E2BIG, "switch line too long");
    strcpy(buf, v);
    cfg->nr_switches = 0;
    for (char *t = strtok_r(buf, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
        char *at = strchr(t, '@');
        if (!at)
            return errf(err, errlen, -EINVAL, "expected NAME@MS in switch, got '%s'", t);
        *at = '\0';
        if (!good_sched_name(t))
            return errf(err, errlen, -EINVAL, "bad scheduler name '%s'", t);
        if ((rc = parse_ranged("switch time (ms)", at + 1, 0, 1000000000, &ms, err, errlen)))
            return rc;
        unsigned int n = cfg->nr_switches;
        if (n == SIM_MAX_SWITCHES)
            return errf(err, errlen, -E2BIG, "at most %d switches", SIM_MAX_SWITCHES);
        if (n && ms * 1000000 <= cfg->switches[n - 1].at_ns)
            return errf(err, errlen, -EINVAL, "switch times must increase (%s@%ld)", t, ms);
        snprintf(cfg->switches[n].sched, sizeof(cfg->switches[n].sched), "%s", t);
        cfg->switches[n].at_ns = (int64_t)ms * 1000000;
        cfg->nr_switches++;
    }
    return cfg->nr_switches ? 0 : errf(err, errlen, -EINVAL, "switch needs NAME@MS");
}

/* Apply `key = value` to cfg; 0 or a message. */
static int set_global(struct sim_config *cfg, const char *key, const char *v,
                      unsigned int line, char *err, size_t errlen)
{
    long n;
    uint64_t u;
    int rc;

    if (strcmp(key, "sched") == 0) {
        rc = set_sched(cfg, v, err, errlen);
        cfg->sched_line = line;
    } else if (strcmp(key, "pcpus") == 0) {
        rc = parse_ranged("pcpus", v, 1, SIM_MAX_PCPUS, &n, err, errlen);
        cfg->pcpus = (unsigned int)n;
        cfg->pcpus_line = line;
    } else if (strcmp(key, "duration_ms") == 0) {
        rc = parse_ranged("duration_ms", v, 1, 1000000000, &n, err, errlen);
        cfg->duration_ns = (int64_t)n * 1000000;
        cfg->duration_line = line;
    } else if (strcmp(key, "seed") == 0) {
        rc = parse_u64(v, &u) ? 0 : errf(err, errlen, -EINVAL, "bad seed '%s' (0..2^64-1)", v);
        cfg->seed = u;
        cfg->seed_line = line;
    } else if (strcmp(key, "cmdline") == 0) {
        rc = strlen(v) < sizeof(cfg->cmdline) ? 0 :
             errf(err, errlen, -E2BIG, "cmdline longer than %zu characters",
                  sizeof(cfg->cmdline) - 1);
        snprintf(cfg->cmdline, sizeof(cfg->cmdline), "%s", v);
        cfg->cmdline_line = line;
    } else if (strcmp(key, "switch") == 0) {
        rc = set_switches(cfg, v, err, errlen);
        cfg->switch_line = line;
    } else {
        rc = errf(err, errlen, -EINVAL, "unknown setting '%s' (settings: sched pcpus "
                  "duration_ms seed cmdline switch; vcpu lines start with 'vcpu')", key);
    }
    return rc;
}

/* A `key = value` line; seen[] remembers the line of each setting, for duplicates. */
static int parse_global(char *line, unsigned int no, struct sim_config *cfg,
                        unsigned int *seen, char *err, size_t errlen)
{
    char *eq = strchr(line, '=');
    if (!eq)
        return errf(err, errlen, -EINVAL, "expected 'key = value' or a vcpu line, got '%s'",
                    line);
    char *key = line, *value = eq + 1, *e = eq;
    while (e > key && isspace((unsigned char)e[-1]))
        e--;
    *e = '\0';
    while (isspace((unsigned char)*value))
        value++;
    for (unsigned int i = 0; i < ARRAY_SIZE(settings); i++)
        if (strcmp(key, settings[i]) == 0) {
            if (seen[i])
                return errf(err, errlen, -EINVAL, "duplicate setting '%s' (first on line %u)",
                            key, seen[i]);
            seen[i] = no;
        }
    return set_global(cfg, key, value, no, err, errlen);
}

/* --- whole scenarios ------------------------------------------------------------------------ */

/*
 * Walk every line of text: globals go into cfg, vcpu lines are parsed and, when s is
 * not NULL, added to it. Errors come back as "filename:line: message".
 */
static int walk(const char *text, const char *filename, struct sim_config *cfg,
                struct sim *s, char *err, size_t errlen)
{
    struct reader r = { .pos = text };
    unsigned int seen[ARRAY_SIZE(settings)] = { 0 };
    char msg[MSG_LEN];
    int rc = 0;

    while (next_line(&r)) {
        struct vcpu_spec spec;
        if (r.too_long)
            rc = errf(msg, sizeof(msg), -E2BIG, "line too long (at most %d characters)",
                      LINE_MAX_LEN - 1);
        else if (r.buf[0] == '\0')
            continue;
        else if (!is_vcpu_line(r.buf))
            rc = parse_global(r.buf, r.no, cfg, seen, msg, sizeof(msg));
        else if ((rc = parse_vcpu(r.buf, &spec, msg, sizeof(msg))) == 0 && s)
            rc = engine_add_vcpu(s, &spec, msg, sizeof(msg));
        if (rc)
            return errf(err, errlen, rc, "%s:%u: %s", filename, r.no, msg);
    }
    return 0;
}

int sim_scenario_config(const char *text, const char *filename, struct sim_config *cfg,
                        char *err, size_t errlen)
{
    return walk(text, filename, cfg, NULL, err, errlen);
}

int sim_load_scenario(struct sim *s, const char *text, const char *filename, char *err,
                      size_t errlen)
{
    struct sim_config scratch;          /* globals: checked again, not applied */
    sim_config_default(&scratch);
    return walk(text, filename, &scratch, s, err, errlen);
}
