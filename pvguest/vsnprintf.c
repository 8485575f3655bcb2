/*
 * pvguest/vsnprintf.c - formatted output into a buffer.
 *
 * Supports what the kernel's messages need:
 *   conversions  %d %i %u %x %X %p %s %c %%
 *   flags        '-' (left-justify) and '0' (pad with zeros)
 *   width        a number, or '*' taken from the arguments
 *   precision    '.' and a number: the most characters of a %s to print
 *   length       l, ll, z (all 64-bit here), h and hh are accepted and ignored
 * As with the C library's function, the return value is the length the output would
 * have had; at most size-1 characters are stored, then a NUL.
 */
#include <pvguest/lib.h>

struct outbuf {
    char *buf;
    size_t size;
    size_t len;         /* characters produced so far, stored or not */
};

static void put(struct outbuf *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void put_padding(struct outbuf *o, char c, int n)
{
    while (n-- > 0)
        put(o, c);
}

/*
 * A string of at most 'max' characters, with optional padding to width; zero
 * padding makes no sense here.
 */
static void put_string(struct outbuf *o, const char *s, int width, bool left,
                       int max)
{
    int n = (int)strnlen(s, (size_t)max);

    if (!left)
        put_padding(o, ' ', width - n);
    for (int i = 0; i < n; i++)
        put(o, s[i]);
    if (left)
        put_padding(o, ' ', width - n);
}

/*
 * A number in base 10 or 16. Digits are produced lowest first into a small buffer,
 * then written out in the right order with the sign and padding around them. With
 * zero padding the zeros go between the sign and the digits ("-0042").
 */
static void put_number(struct outbuf *o, uint64_t value, bool negative,
                       unsigned int base, bool upper, int width, bool left,
                       bool zero)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0;

    do {
        tmp[n++] = digits[value % base];
        value /= base;
    } while (value);

    int len = n + (negative ? 1 : 0);

    if (!left && !zero)
        put_padding(o, ' ', width - len);
    if (negative)
        put(o, '-');
    if (!left && zero)
        put_padding(o, '0', width - len);
    while (n)
        put(o, tmp[--n]);
    if (left)
        put_padding(o, ' ', width - len);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct outbuf o = { .buf = buf, .size = size, .len = 0 };

    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(&o, *fmt);
            continue;
        }
        fmt++;

        /* Flags. */
        bool left = false, zero = false;
        for (;; fmt++) {
            if (*fmt == '-')
                left = true;
            else if (*fmt == '0')
                zero = true;
            else
                break;
        }

        /* Width. */
        int width = 0;
        if (*fmt == '*') {
            width = va_arg(ap, int);
            if (width < 0) {
                left = true;
                width = -width;
            }
            fmt++;
        }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');

        /* Precision (only %s uses it). */
        int precision = 4096;
        if (*fmt == '.') {
            precision = 0;
            for (fmt++; *fmt >= '0' && *fmt <= '9'; fmt++)
                precision = precision * 10 + (*fmt - '0');
        }

        /* Length: l, ll and z mean 64 bits; h and hh are read as int anyway. */
        bool wide = false;
        while (*fmt == 'l' || *fmt == 'z' || *fmt == 'h') {
            if (*fmt != 'h')
                wide = true;
            fmt++;
        }

        switch (*fmt) {
        case 'd':
        case 'i': {
            int64_t v = wide ? va_arg(ap, int64_t) : va_arg(ap, int);
            uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;
            put_number(&o, mag, v < 0, 10, false, width, left, zero);
            break;
        }
        case 'u': {
            uint64_t v = wide ? va_arg(ap, uint64_t) : va_arg(ap, unsigned int);
            put_number(&o, v, false, 10, false, width, left, zero);
            break;
        }
        case 'x':
        case 'X': {
            uint64_t v = wide ? va_arg(ap, uint64_t) : va_arg(ap, unsigned int);
            put_number(&o, v, false, 16, *fmt == 'X', width, left, zero);
            break;
        }
        case 'p': {
            uint64_t v = (uint64_t)(uintptr_t)va_arg(ap, void *);
            put(&o, '0');
            put(&o, 'x');
            put_number(&o, v, false, 16, false, 16, false, true);
            break;
        }
        case 's': {
            const char *s = va_arg(ap, const char *);
            put_string(&o, s ? s : "(null)", width, left, precision);
            break;
        }
        case 'c':
            if (!left)
                put_padding(&o, ' ', width - 1);
            put(&o, (char)va_arg(ap, int));
            if (left)
                put_padding(&o, ' ', width - 1);
            break;
        case '%':
            put(&o, '%');
            break;
        case '\0':          /* a lone '%' at the end */
            fmt--;
            break;
        default:            /* unknown: print it as it was written */
            put(&o, '%');
            put(&o, *fmt);
            break;
        }
    }

    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
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
