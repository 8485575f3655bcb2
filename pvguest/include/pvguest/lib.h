/*
 * pvguest/include/pvguest/lib.h - the kernel's small C library: string functions,
 * vsnprintf, printk over the hypervisor console, and the fatal-error helpers.
 *
 * Nothing here may use the standard library (there is none: -ffreestanding
 * -nostdlib); the only outside headers are the compiler's own <stdint.h>,
 * <stddef.h>, <stdarg.h> and <stdbool.h>.
 */
#ifndef PVGUEST_LIB_H
#define PVGUEST_LIB_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#define __noreturn __attribute__((noreturn))
#define __printf(f, a) __attribute__((format(printf, f, a)))

/* string.c */
void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
size_t strlcpy(char *dst, const char *src, size_t size);
char *strstr(const char *haystack, const char *needle);
void sort_u64(uint64_t *v, size_t n);

/*
 * The hypervisor's kernel/vsprintf.c, built into this kernel too: %d %i %u %x %X %o
 * %c %s %p %%, flags '-' and '0', a width, a precision for %s, l/ll/z.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/* console.c */
void console_write(const char *s, size_t len);
int printk(const char *fmt, ...) __printf(1, 2);
const char *errno_name(long rc);
bool report_enosys(const char *what, long rc);

/* shutdown.c */
__noreturn void poweroff(void);
__noreturn void crash(void);
__noreturn void panic(const char *fmt, ...) __printf(1, 2);

#define BUG_ON(cond) do {                                                   \
    if (cond)                                                               \
        panic("BUG_ON(%s) at %s:%d", #cond, __FILE__, __LINE__);            \
} while (0)

#endif /* PVGUEST_LIB_H */
