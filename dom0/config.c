/*
 * dom0/config.c - parse a guest configuration file: a subset of Xen's xl.cfg.
 *
 * What an xl.cfg is
 * -----------------
 * On Xen, the toolstack command `xl create guest.cfg` builds a domain from a small
 * text file of settings, one per line (the xl.cfg(5) manual page lists hundreds of
 * keys). Hestia's dom0 reads the same kind of file; it arrives as a boot module
 * next to the guest kernels, and config_parse() turns it into a struct dom_config.
 *
 * The syntax Hestia takes
 * -----------------------
 *     # A comment runs from '#' (outside quotes) to the end of the line.
 *     name   = "guest1"              # required; a string, in "..." or '...'
 *     type   = 'pv'                  # "pv" (the default) or "hvm"
 *     kernel = "pvguest.elf"         # required; a boot module's name
 *     memory = 16                    # MiB, 1..4096, default 8
 *     vcpus  = 2                     # 1..8, default 1
 *     extra  = "workload=spin"       # the guest's command line, default ""
 *     disk   = [ "ramdisk.img,xvda,w" ]
 *     sched_weight = 512             # any sched_<param>: a decimal, may be < 0
 *
 * - One `key = value` per line. Blank lines and spaces around '=' are fine, and
 *   so are Windows (CRLF) line endings and a last line without a newline.
 * - A value is a decimal number (memory, vcpus, sched_*), a quoted string (name,
 *   type, kernel, extra) or a list of strings in [ ] (disk). A string ends at the
 *   next quote of the kind that opened it and cannot span lines; a list may span
 *   lines, may hold comments, and may end with a comma.
 * - The disk list holds at most one element, a disk spec with comma-separated
 *   positional fields: TARGET[,FORMAT][,VDEV][,ACCESS]. TARGET is the boot module
 *   that holds the RAM disk; FORMAT, if present, must be empty or "raw" (it is
 *   recognised as FORMAT when there are four fields, or when the second field is
 *   empty or "raw"); VDEV is the name the guest sees, default "xvda"; ACCESS is
 *   "r"/"ro" or "w"/"rw", default writable. So all of these mean the same:
 *       "ramdisk.img"   "ramdisk.img,xvda,w"   "ramdisk.img,raw,xvda,rw"
 * - sched_<param> keys are collected, in file order, for the active scheduler:
 *   `sched_weight = 512` gives the parameter "weight" the value 512. Which names
 *   exist is the scheduler's business (its parameter table), not this parser's.
 *
 * Anything else is an error, reported as one line that names the line (counting
 * from 1): an unknown key, a missing '=', an unterminated string, a bad or
 * out-of-range number, a key given twice, a string too long for its field, a type
 * other than pv/hvm, something after the value, a malformed disk spec. A missing
 * required key (name, kernel) has no line, so that message has no line number.
 *
 * Where Hestia differs from xl
 * ----------------------------
 * - xl ignores keys it does not use; Hestia rejects them, so that a typo such as
 *   "memroy = 16" is not silently lost.
 * - xl's `kernel` is a path in dom0's file system; Hestia's dom0 has no file
 *   system, so it is the name of a boot module. The same goes for the disk target.
 * - xl allows several settings on one line separated by ';', backslash escapes
 *   inside double-quoted strings, and more kinds of value; Hestia does not.
 * - xl's type also takes "pvh"; Hestia has pv and hvm guests only.
 * - xl takes any number of disks, named disk parameters (vdev=xvda, access=ro,
 *   target=...) and image formats such as qcow2, and requires a VDEV. Hestia takes
 *   one raw disk, positional fields only, and VDEV defaults to xvda. Its short
 *   form TARGET,VDEV,ACCESS is the old xm style, which xl accepts only behind a
 *   deprecated "raw:" prefix on the target.
 * - xl sets scheduler parameters with fixed keys such as cpu_weight and cap;
 *   Hestia passes sched_<param> keys through to whichever scheduler is active.
 *
 * This file runs inside dom0, with no C library: it uses only memcpy, memcmp,
 * memset, strlen, strcmp and vsnprintf/snprintf from <hestia/lib.h>, and
 * tests/unit/test_dom0_config.c drives it on the host.
 */
#include <hestia/lib.h>

#include "config.h"

#define SCHED_PREFIX     "sched_"
#define SCHED_PREFIX_LEN 6
#define KEY_SHOW_MAX     40     /* longest key quoted in a message */
#define DISK_SPEC_MAX    128    /* longest disk spec string */
#define DISK_FIELDS      4      /* TARGET,FORMAT,VDEV,ACCESS */

/* The parser's state: where it is, which line that is, and what it has seen. */
struct parser {
    const char *p, *end;
    unsigned int line;          /* 1-based; 0 while reporting a missing key */
    struct dom_config *cfg;
    unsigned int seen;          /* bit i set: keys[i] has been given */
    char *err;
    size_t errlen;
};

enum kind { K_STRING, K_TYPE, K_NUMBER, K_DISK };

struct key {
    const char *name;
    enum kind kind;
    size_t offset, size;        /* the field in struct dom_config */
    long min, max;              /* K_NUMBER: the allowed range */
    bool required;              /* must be given, and must not be "" */
};

#define FIELD(f) offsetof(struct dom_config, f), sizeof(((struct dom_config *)0)->f)

static const struct key keys[] = {
    { "name",   K_STRING, FIELD(name),      0, 0,    true  },
    { "type",   K_TYPE,   FIELD(type),      0, 0,    false },
    { "kernel", K_STRING, FIELD(kernel),    0, 0,    true  },
    { "memory", K_NUMBER, FIELD(memory_mb), 1, 4096, false },
    { "vcpus",  K_NUMBER, FIELD(vcpus),     1, 8,    false },
    { "extra",  K_STRING, FIELD(extra),     0, 0,    false },
    { "disk",   K_DISK,   FIELD(disk),      0, 0,    false },
};

/* A piece of the input: a key, or one field of a disk spec. */
struct span {
    const char *s;
    size_t len;
};

/* Write "line N: <message>" to the error buffer and return -1. */
static int __printf(2, 3) fail(struct parser *ps, const char *fmt, ...)
{
    va_list ap;
    int n = 0;

    if (!ps->err || !ps->errlen)
        return -1;
    if (ps->line)
        n = snprintf(ps->err, ps->errlen, "line %u: ", ps->line);
    if (n >= 0 && (size_t)n < ps->errlen) {
        va_start(ap, fmt);
        vsnprintf(ps->err + n, ps->errlen - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* ---- characters (no <ctype.h> here) ------------------------------------ */

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_key_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_key_char(char c)
{
    return is_key_start(c) || is_digit(c);
}

static bool span_is(struct span f, const char *s)
{
    return f.len == strlen(s) && !memcmp(f.s, s, f.len);
}

static bool span_has(struct span f, char c)
{
    for (size_t i = 0; i < f.len; i++)
        if (f.s[i] == c)
            return true;
    return false;
}

/* ---- moving through the text ------------------------------------------- */

static bool at_end(const struct parser *ps)
{
    return ps->p >= ps->end;
}

/* The next character, or '\0' at the end of the text. */
static char peek(const struct parser *ps)
{
    return at_end(ps) ? '\0' : *ps->p;
}

static bool at_line_end(const struct parser *ps)
{
    return at_end(ps) || *ps->p == '\n';
}

/* Skip blanks and a comment, stopping at the end of the line. */
static void skip_blanks(struct parser *ps)
{
    while (!at_end(ps) && is_blank(*ps->p))
        ps->p++;
    if (peek(ps) == '#')
        while (!at_line_end(ps))
            ps->p++;
}

/* Skip blanks, comments and newlines: the white space inside a list. */
static void skip_space(struct parser *ps)
{
    for (skip_blanks(ps); peek(ps) == '\n'; skip_blanks(ps)) {
        ps->p++;
        ps->line++;
    }
}

/* ---- values -------------------------------------------------------------- */

/* A decimal number, optionally negative, that fits in a long. */
static int parse_number(struct parser *ps, const char *key, long *out)
{
    bool neg = peek(ps) == '-';
    unsigned long v = 0;
    const char *digits;

    if (neg)
        ps->p++;
    for (digits = ps->p; !at_end(ps) && is_digit(*ps->p); ps->p++) {
        unsigned long d = (unsigned long)(*ps->p - '0');

        if (v > ((unsigned long)__LONG_MAX__ - d) / 10)
            return fail(ps, "number too large for '%s'", key);
        v = v * 10 + d;
    }
    if (ps->p == digits || is_key_char(peek(ps)) || peek(ps) == '.')
        return fail(ps, "expected a decimal number for '%s'", key);
    *out = neg ? -(long)v : (long)v;
    return 0;
}

/* A string in "..." or '...' on one line, copied into buf[size]. */
static int parse_string(struct parser *ps, const char *key, char *buf, size_t size)
{
    char quote = peek(ps);
    const char *start;
    size_t len;

    if (quote != '"' && quote != '\'')
        return fail(ps, "expected a quoted string for '%s'", key);
    for (start = ++ps->p; !at_line_end(ps) && *ps->p != quote; ps->p++)
        ;
    if (at_line_end(ps))
        return fail(ps, "unterminated string (no closing %c)", quote);
    len = (size_t)(ps->p++ - start);
    if (len >= size)
        return fail(ps, "value of '%s' is too long (at most %zu characters)",
                    key, size - 1);
    memcpy(buf, start, len);
    buf[len] = '\0';
    return 0;
}

/* ---- the disk spec: TARGET[,FORMAT][,VDEV][,ACCESS] ---------------------- */

/* Split spec at commas into f[max], trimming blanks; returns the field count. */
static size_t split_fields(const char *spec, struct span *f, size_t max)
{
    size_t n = 0;

    for (const char *p = spec;; p++) {
        const char *start = p, *end;

        while (*p && *p != ',')
            p++;
        for (end = p; end > start && is_blank(end[-1]); end--)
            ;
        while (start < end && is_blank(*start))
            start++;
        if (n < max)
            f[n] = (struct span){ start, (size_t)(end - start) };
        n++;
        if (!*p)
            return n;
    }
}

/* Copy a field into a config string, or complain that it does not fit. */
static int copy_field(struct parser *ps, const char *what, struct span f,
                      char *buf, size_t size)
{
    if (f.len >= size)
        return fail(ps, "disk: %s '%.*s' is too long (at most %zu characters)",
                    what, (int)MIN(f.len, (size_t)KEY_SHOW_MAX), f.s, size - 1);
    memcpy(buf, f.s, f.len);
    buf[f.len] = '\0';
    return 0;
}

static int set_access(struct parser *ps, struct span f)
{
    if (span_is(f, "r") || span_is(f, "ro"))
        ps->cfg->disk_writable = false;
    else if (span_is(f, "w") || span_is(f, "rw"))
        ps->cfg->disk_writable = true;
    else
        return fail(ps, "disk: access must be r, ro, w or rw, not '%.*s'",
                    (int)MIN(f.len, (size_t)KEY_SHOW_MAX), f.s);
    return 0;
}

static int parse_disk_spec(struct parser *ps, const char *spec)
{
    struct dom_config *cfg = ps->cfg;
    struct span f[DISK_FIELDS];
    size_t n = split_fields(spec, f, DISK_FIELDS), i;

    if (n > DISK_FIELDS)
        return fail(ps, "disk: too many fields in '%s' (TARGET,FORMAT,VDEV,ACCESS)", spec);
    for (i = 0; i < n; i++)
        if (span_has(f[i], '='))
            return fail(ps, "disk: named parameters such as '%.*s' are not supported",
                        (int)MIN(f[i].len, (size_t)KEY_SHOW_MAX), f[i].s);
    if (!f[0].len)
        return fail(ps, "disk: no target (the RAM disk's boot module name)");
    if (copy_field(ps, "target", f[0], cfg->disk, sizeof(cfg->disk)))
        return -1;
    i = 1;
    if (n >= 2 && (n == DISK_FIELDS || !f[1].len || span_is(f[1], "raw"))) {
        if (f[1].len && !span_is(f[1], "raw"))
            return fail(ps, "disk: format '%.*s' is not supported (only raw)",
                        (int)MIN(f[1].len, (size_t)KEY_SHOW_MAX), f[1].s);
        i = 2;
    }
    if (i < n && f[i].len &&
        copy_field(ps, "vdev", f[i], cfg->disk_vdev, sizeof(cfg->disk_vdev)))
        return -1;
    i++;
    return i < n && f[i].len ? set_access(ps, f[i]) : 0;
}

/* disk = [ "spec" ]: a list, which may span lines, of at most one spec. */
static int parse_disk_list(struct parser *ps)
{
    unsigned int first_line = ps->line, n = 0;
    char spec[DISK_SPEC_MAX];

    if (peek(ps) != '[')
        return fail(ps, "'disk' takes a list, such as disk = [ \"ramdisk.img,xvda,w\" ]");
    ps->p++;
    for (;;) {
        skip_space(ps);
        if (peek(ps) == ']')
            break;
        if (at_end(ps))
            break;
        if (n++)
            return fail(ps, "only one disk is supported");
        if (parse_string(ps, "disk", spec, sizeof(spec)) || parse_disk_spec(ps, spec))
            return -1;
        skip_space(ps);
        if (peek(ps) != ',')
            break;
        ps->p++;
    }
    if (at_end(ps)) {
        ps->line = first_line;
        return fail(ps, "unterminated list (no closing ])");
    }
    if (peek(ps) != ']')
        return fail(ps, "expected ',' or ']' in the disk list");
    ps->p++;
    return 0;
}

/* ---- keys ----------------------------------------------------------------- */

static const struct key *find_key(struct span k)
{
    for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
        if (span_is(k, keys[i].name))
            return &keys[i];
    return NULL;
}

static bool is_sched_key(struct span k)
{
    return k.len > SCHED_PREFIX_LEN && !memcmp(k.s, SCHED_PREFIX, SCHED_PREFIX_LEN);
}

/* May sched_<param> be given here: a short enough name, new, and room for it? */
static int check_sched_key(struct parser *ps, const char *key, size_t len)
{
    struct dom_config *cfg = ps->cfg;
    const char *param = key + SCHED_PREFIX_LEN;

    if (len - SCHED_PREFIX_LEN >= sizeof(cfg->sched[0].name))
        return fail(ps, "key '%s' is too long (a scheduler parameter has at most %zu characters)",
                    key, sizeof(cfg->sched[0].name) - 1);
    for (unsigned int i = 0; i < cfg->nr_sched; i++)
        if (!strcmp(cfg->sched[i].name, param))
            return fail(ps, "duplicate key '%s'", key);
    if (cfg->nr_sched == CFG_MAX_SCHED)
        return fail(ps, "too many sched_ keys (at most %d)", CFG_MAX_SCHED);
    return 0;
}

static int parse_sched(struct parser *ps, const char *key)
{
    struct dom_config *cfg = ps->cfg;
    long v;

    if (parse_number(ps, key, &v))
        return -1;
    /* check_sched_key made sure the name fits. */
    memcpy(cfg->sched[cfg->nr_sched].name, key + SCHED_PREFIX_LEN,
           strlen(key + SCHED_PREFIX_LEN) + 1);
    cfg->sched[cfg->nr_sched++].value = v;
    return 0;
}

static int parse_type(struct parser *ps, char *field, size_t size)
{
    char buf[DISK_SPEC_MAX];

    if (parse_string(ps, "type", buf, sizeof(buf)))
        return -1;
    if (strcmp(buf, "pv") && strcmp(buf, "hvm"))
        return fail(ps, "type must be 'pv' or 'hvm', not '%.*s'", KEY_SHOW_MAX, buf);
    memcpy(field, buf, MIN(strlen(buf) + 1, size));
    return 0;
}

static int parse_number_field(struct parser *ps, const struct key *k, void *field)
{
    long v;

    if (parse_number(ps, k->name, &v))
        return -1;
    if (v < k->min || v > k->max)
        return fail(ps, "'%s' must be between %ld and %ld, not %ld", k->name, k->min, k->max, v);
    if (k->size == sizeof(unsigned int))
        *(unsigned int *)field = (unsigned int)v;
    else
        *(unsigned long *)field = (unsigned long)v;
    return 0;
}

/* The value of one of the fixed keys in keys[]. */
static int parse_fixed(struct parser *ps, const struct key *k)
{
    char *field = (char *)ps->cfg + k->offset;

    switch (k->kind) {
    case K_STRING:
        if (parse_string(ps, k->name, field, k->size))
            return -1;
        if (k->required && !field[0])
            return fail(ps, "'%s' must not be empty", k->name);
        return 0;
    case K_TYPE:
        return parse_type(ps, field, k->size);
    case K_NUMBER:
        return parse_number_field(ps, k, field);
    case K_DISK:
        return parse_disk_list(ps);
    }
    return -1;
}

/* One "key = value" line; ps->p is at the key and ends at the line's end. */
static int parse_statement(struct parser *ps)
{
    const struct key *k;
    struct span key = { ps->p, 0 };
    char name[KEY_SHOW_MAX];
    int rc;

    while (!at_end(ps) && is_key_char(*ps->p))
        ps->p++;
    key.len = (size_t)(ps->p - key.s);
    if (!key.len || !is_key_start(key.s[0]))
        return fail(ps, "expected a key such as 'memory' at '%.*s'",
                    (int)MIN((size_t)(ps->end - key.s), (size_t)1), key.s);
    memcpy(name, key.s, MIN(key.len, sizeof(name) - 1));
    name[MIN(key.len, sizeof(name) - 1)] = '\0';

    k = find_key(key);
    if (k && (ps->seen & (1u << (k - keys))))
        return fail(ps, "duplicate key '%s'", name);
    if (!k && !is_sched_key(key))
        return fail(ps, "unknown key '%s'", name);
    if (!k && check_sched_key(ps, name, key.len))
        return -1;

    skip_blanks(ps);
    if (peek(ps) != '=')
        return fail(ps, "expected '=' after '%s'", name);
    ps->p++;
    skip_blanks(ps);
    rc = k ? parse_fixed(ps, k) : parse_sched(ps, name);
    if (rc)
        return rc;
    if (k)
        ps->seen |= 1u << (k - keys);

    skip_blanks(ps);
    if (!at_line_end(ps))
        return fail(ps, "unexpected text after the value of '%s'", name);
    return 0;
}

static void set_defaults(struct dom_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    memcpy(cfg->type, "pv", sizeof("pv"));
    cfg->memory_mb = 8;
    cfg->vcpus = 1;
    memcpy(cfg->disk_vdev, "xvda", sizeof("xvda"));
    cfg->disk_writable = true;
}

int config_parse(const char *text, size_t len, struct dom_config *cfg,
                 char *err, size_t errlen)
{
    struct parser ps = {
        .p = text, .end = text ? text + len : text, .line = 1,
        .cfg = cfg, .err = err, .errlen = errlen,
    };

    if (err && errlen)
        err[0] = '\0';
    set_defaults(cfg);
    while (!at_end(&ps)) {
        skip_blanks(&ps);
        if (!at_line_end(&ps) && parse_statement(&ps))
            return -1;
        if (!at_end(&ps)) {         /* the '\n' */
            ps.p++;
            ps.line++;
        }
    }

    ps.line = 0;                    /* a missing key has no line to blame */
    for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
        if (keys[i].required && !(ps.seen & (1u << i)))
            return fail(&ps, "missing required key '%s'", keys[i].name);
    return 0;
}
