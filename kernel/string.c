/*
 * string.c - the string and memory functions the hypervisor needs (no libc here).
 *
 * Plain loops, clear to read. memcpy and memset move eight bytes at a time when
 * the addresses allow: they copy every guest's registers at every context switch,
 * and byte loops made that switch cost about 1,500 instructions more (make bench's
 * ctxsw figure). The compiler may also emit calls to memcpy/memset/memmove/memcmp
 * by itself (for struct copies), which is why these four must exist even if no
 * source calls them - and why their loops must not be turned back into calls to
 * themselves (no_loop_calls).
 */
#include <hestia/lib.h>

#define no_loop_calls __attribute__((optimize("no-tree-loop-distribute-patterns")))

typedef uint64_t __attribute__((may_alias)) word_t;     /* may alias any object */

static bool both_aligned(const void *a, const void *b)
{
    return (((uintptr_t)a | (uintptr_t)b) & (sizeof(word_t) - 1)) == 0;
}

no_loop_calls void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (both_aligned(d, s))
        for (; n >= sizeof(word_t); n -= sizeof(word_t), d += sizeof(word_t), s += sizeof(word_t))
            *(word_t *)d = *(const word_t *)s;
    while (n--)
        *d++ = *s++;
    return dst;
}

no_loop_calls void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (d < s || d >= s + n)
        return memcpy(dst, src, n);     /* (forward, even by words, is safe for d < s) */
    /* Overlapping with dst after src: copy backwards. */
    while (n--)
        d[n] = s[n];
    return dst;
}

no_loop_calls void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    word_t w = (unsigned char)c * 0x0101010101010101ULL;
    if (both_aligned(d, d))
        for (; n >= sizeof(word_t); n -= sizeof(word_t), d += sizeof(word_t))
            *(word_t *)d = w;
    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}

no_loop_calls int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x - *y;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b)
            return (unsigned char)*a - (unsigned char)*b;
        if (!*a)
            break;
    }
    return 0;
}

char *strchr(const char *s, int c)
{
    for (; *s; s++)
        if (*s == (char)c)
            return (char *)s;
    return c == 0 ? (char *)s : NULL;
}

void *memchr(const void *s, int c, size_t n)
{
    const unsigned char *p = s;
    for (; n; n--, p++)
        if (*p == (unsigned char)c)
            return (void *)p;
    return NULL;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);
    if (size) {
        size_t n = len < size - 1 ? len : size - 1;
        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}
