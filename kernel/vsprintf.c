/*
 * vsprintf.c - formatted output into a buffer (vsnprintf, snprintf) and the
 * number parser the command line uses (parse_ulong).
 *
 * There is no libc in Hestia, so printk() and every "%lx" in the hypervisor come
 * through here. The subset is the one lib.h documents: %d %i %u %x %X %o %c %s %p
 * %%, the flags '-' and '0', a field width, a precision for %s, and the length
 * modifiers l, ll, z (h is accepted and ignored). There is no floating point: the
 * hypervisor is built without SSE, so a double could not even be passed in.
 *
 * The file is portable: the host unit tests (tests/unit/test_vsprintf.c) compile it
 * with vsnprintf/snprintf renamed so that they do not clash with the host's libc.
 *
 * How it works: the output goes through a small cursor (struct out) that counts
 * every character but stores only those that fit. That one idea gives the C99
 * contract for free - the return value is the length the full output would have
 * had, and a short buffer simply holds its prefix.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hestia/lib.h>
#include <hestia/types.h>

/* Where the characters go: buf[0..size-1], with room kept for the final NUL. */
struct out {
    char *buf;
    size_t size;
    size_t pos;     /* characters produced so far, stored or not */
};

static void put_char(struct out *o, char c)
{
    if (o->pos + 1 < o->size)
        o->buf[o->pos] = c;
    o->pos++;
}

static void put_repeat(struct out *o, char c, int n)
{
    while (n-- > 0)
        put_char(o, c);
}

static void put_mem(struct out *o, const char *s, size_t n)
{
    while (n--)
        put_char(o, *s++);
}

/* One conversion specification, as parsed from "%-08.3lld". */
enum length { LEN_INT, LEN_LONG, LEN_LLONG, LEN_SIZE };

struct spec {
    bool left;          /* '-': pad on the right */
    bool zero;          /* '0': pad numbers with zeros, after the sign */
    int width;          /* minimum field width, 0 if none */
    int precision;      /* maximum characters of a %s, -1 if none */
    enum length length;
};

/*
 * Emit `len` characters of `s` in a field of spec->width, padded with spaces.
 * Used for %s, %c and %p; the '0' flag does not apply to them.
 */
static void put_field(struct out *o, const struct spec *sp, const char *s, size_t len)
{
    int pad = sp->width > (int)len ? sp->width - (int)len : 0;

    if (!sp->left)
        put_repeat(o, ' ', pad);
    put_mem(o, s, len);
    if (sp->left)
        put_repeat(o, ' ', pad);
}

/*
 * Emit an integer given as a magnitude and a sign. The digits are produced
 * backwards into a local buffer (22 is enough for 2^64 in octal). Zero padding goes
 * between the sign and the digits, so %05d of -42 is "-0042"; with '-' the field is
 * padded with spaces on the right instead.
 */
static void put_number(struct out *o, const struct spec *sp, uint64_t mag,
                       bool negative, unsigned int base, bool upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[22];
    int n = 0;

    do {
        tmp[n++] = digits[mag % base];
        mag /= base;
    } while (mag);

    int len = n + (negative ? 1 : 0);
    int pad = sp->width > len ? sp->width - len : 0;
    bool zero_pad = sp->zero && !sp->left;

    if (!sp->left && !zero_pad)
        put_repeat(o, ' ', pad);
    if (negative)
        put_char(o, '-');
    if (zero_pad)
        put_repeat(o, '0', pad);
    while (n)
        put_char(o, tmp[--n]);
    if (sp->left)
        put_repeat(o, ' ', pad);
}

/*
 * Fetch the next argument with the type the length modifier names. Arguments
 * narrower than int were promoted to int by the call, so "h" needs nothing.
 */
static int64_t get_signed(va_list *ap, enum length len)
{
    switch (len) {
    case LEN_LONG:  return va_arg(*ap, long);
    case LEN_LLONG: return va_arg(*ap, long long);
    case LEN_SIZE:  return (int64_t)va_arg(*ap, size_t);   /* ssize_t's bits */
    default:        return va_arg(*ap, int);
    }
}

static uint64_t get_unsigned(va_list *ap, enum length len)
{
    switch (len) {
    case LEN_LONG:  return va_arg(*ap, unsigned long);
    case LEN_LLONG: return va_arg(*ap, unsigned long long);
    case LEN_SIZE:  return va_arg(*ap, size_t);
    default:        return va_arg(*ap, unsigned int);
    }
}

/* Read a decimal field width or precision; saturates instead of overflowing. */
static int parse_count(const char **fmt)
{
    int n = 0;

    while (**fmt >= '0' && **fmt <= '9') {
        int d = *(*fmt)++ - '0';
        n = n > (__INT_MAX__ - d) / 10 ? __INT_MAX__ : n * 10 + d;
    }
    return n;
}

/*
 * Parse the flags, width, precision and length of a conversion; *fmt points just
 * past the '%' on entry and at the conversion character on return. A '*' takes
 * the value from the argument list: a negative width means '-' (C99), a negative
 * precision means none.
 */
static void parse_spec(const char **fmt, struct spec *sp, va_list *ap)
{
    const char *f = *fmt;

    *sp = (struct spec){ .precision = -1, .length = LEN_INT };

    for (;; f++) {
        if (*f == '-')
            sp->left = true;
        else if (*f == '0')
            sp->zero = true;
        else
            break;
    }

    if (*f == '*') {
        f++;
        sp->width = va_arg(*ap, int);
        if (sp->width < 0) {
            sp->left = true;
            sp->width = sp->width == -__INT_MAX__ - 1 ? __INT_MAX__ : -sp->width;
        }
    } else {
        sp->width = parse_count(&f);
    }

    if (*f == '.') {
        f++;
        if (*f == '*') {
            f++;
            sp->precision = va_arg(*ap, int);
            if (sp->precision < 0)
                sp->precision = -1;
        } else {
            sp->precision = parse_count(&f);
        }
    }

    if (*f == 'h') {                    /* h and hh: accepted, ignored */
        f++;
        if (*f == 'h')
            f++;
    } else if (*f == 'l') {
        f++;
        sp->length = LEN_LONG;
        if (*f == 'l') {
            f++;
            sp->length = LEN_LLONG;
        }
    } else if (*f == 'z') {
        f++;
        sp->length = LEN_SIZE;
    }

    *fmt = f;
}

/* %s: at most `precision` characters; a NULL pointer prints "(null)". */
static void put_string(struct out *o, const struct spec *sp, const char *s)
{
    if (!s)
        s = "(null)";
    size_t len = sp->precision >= 0 ? strnlen(s, (size_t)sp->precision) : strlen(s);
    put_field(o, sp, s, len);
}

/* %p: always "0x" and 16 lowercase hex digits, so addresses line up in logs. */
static void put_pointer(struct out *o, const struct spec *sp, const void *p)
{
    static const char hex[] = "0123456789abcdef";
    uintptr_t v = (uintptr_t)p;
    char tmp[18];

    tmp[0] = '0';
    tmp[1] = 'x';
    for (int i = 17; i >= 2; i--, v >>= 4)
        tmp[i] = hex[v & 0xf];
    put_field(o, sp, tmp, sizeof(tmp));
}

/*
 * Perform one conversion; `conv` is the conversion character. Returns false if it
 * is not one we know, so the caller can print the specification verbatim.
 */
static bool convert(struct out *o, const struct spec *sp, char conv, va_list *ap)
{
    switch (conv) {
    case 'd':
    case 'i': {
        int64_t v = get_signed(ap, sp->length);
        /* Negate in unsigned arithmetic: -INT64_MIN does not fit in an int64_t. */
        uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;
        put_number(o, sp, mag, v < 0, 10, false);
        return true;
    }
    case 'u':
        put_number(o, sp, get_unsigned(ap, sp->length), false, 10, false);
        return true;
    case 'x':
    case 'X':
        put_number(o, sp, get_unsigned(ap, sp->length), false, 16, conv == 'X');
        return true;
    case 'o':
        put_number(o, sp, get_unsigned(ap, sp->length), false, 8, false);
        return true;
    case 'c': {
        char c = (char)va_arg(*ap, int);
        put_field(o, sp, &c, 1);
        return true;
    }
    case 's':
        put_string(o, sp, va_arg(*ap, const char *));
        return true;
    case 'p':
        put_pointer(o, sp, va_arg(*ap, const void *));
        return true;
    case '%':
        put_char(o, '%');
        return true;
    default:
        return false;
    }
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
    struct out o = { .buf = buf, .size = size, .pos = 0 };
    va_list ap;

    /* Work on a copy so helpers can take its address portably (va_list may be an array). */
    va_copy(ap, args);

    while (*fmt) {
        if (*fmt != '%') {
            put_char(&o, *fmt++);
            continue;
        }

        const char *start = fmt++;      /* the '%' */
        struct spec sp;
        parse_spec(&fmt, &sp, &ap);

        if (*fmt && convert(&o, &sp, *fmt, &ap)) {
            fmt++;
            continue;
        }
        /*
         * Unknown conversion ("%q"), or the format ended inside one ("abc%"):
         * print the specification as written, so the mistake is visible.
         */
        if (*fmt)
            fmt++;
        put_mem(&o, start, (size_t)(fmt - start));
    }

    va_end(ap);

    if (size > 0)
        buf[o.pos < size ? o.pos : size - 1] = '\0';
    return o.pos > (size_t)__INT_MAX__ ? __INT_MAX__ : (int)o.pos;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

/* The value of a digit in `base`, or -1 if c is not one. */
static int digit_value(char c, unsigned int base)
{
    int v;

    if (c >= '0' && c <= '9')
        v = c - '0';
    else if (c >= 'a' && c <= 'f')
        v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
        v = c - 'A' + 10;
    else
        return -1;
    return v < (int)base ? v : -1;
}

const char *parse_ulong(const char *s, unsigned long *val, bool *ok)
{
    unsigned int base = 10;
    unsigned long v = 0;
    bool overflow = false;
    const char *p = s;

    /* "0x" selects hex only when a hex digit follows; "0x" alone is the number 0. */
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && digit_value(p[2], 16) >= 0) {
        base = 16;
        p += 2;
    }

    const char *digits = p;
    int d;
    while ((d = digit_value(*p, base)) >= 0) {
        if (v > (~0UL - (unsigned long)d) / base)
            overflow = true;            /* keep going: return a pointer past them all */
        v = v * base + (unsigned long)d;
        p++;
    }

    if (p == digits) {
        *val = 0;
        *ok = false;
        return s;
    }
    *val = overflow ? ~0UL : v;
    *ok = !overflow;
    return p;
}
