/*
 * lib.h - the little C library the hypervisor carries: string functions and
 * formatted output into a buffer. There is no libc in Hestia.
 *
 * On the host (unit tests) the string functions come from the host's libc, and
 * vsnprintf/snprintf are renamed by the test build so that they do not clash.
 */
#ifndef HESTIA_LIB_H
#define HESTIA_LIB_H

#include <stdarg.h>
#include <hestia/types.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
void *memchr(const void *s, int c, size_t n);
/* Copy at most size-1 characters and always terminate; returns strlen(src). */
size_t strlcpy(char *dst, const char *src, size_t size);

/*
 * Formatted output, C99 semantics: writes at most size bytes including the
 * terminating NUL (always written when size > 0) and returns the length the full
 * output would have had. Conversions: %d %i %u %x %X %o %c %s %p %%, with the flags
 * '-' and '0', a field width (number or *), a precision for %s (number or *), and
 * the length modifiers l, ll, z. %p prints 0x and 16 hex digits.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/*
 * Parse an unsigned integer: decimal, or hex with 0x. Stores the value and returns a
 * pointer past the digits; *ok is false if there were no digits or it overflowed.
 */
const char *parse_ulong(const char *s, unsigned long *val, bool *ok);

#endif /* HESTIA_LIB_H */
