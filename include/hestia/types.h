/*
 * types.h - the basic types every part of Hestia uses.
 *
 * Only the compiler's freestanding headers are included, so this file (and all
 * portable code built on it: sched/, evtchn/, the policy parts of mm/) compiles both
 * into the hypervisor and into host-side unit tests.
 */
#ifndef HESTIA_TYPES_H
#define HESTIA_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* System time: signed nanoseconds since boot, as Xen's s_time_t. */
typedef int64_t s_time_t;
#define NSEC(x)   ((s_time_t)(x))
#define MICROSECS(us) ((s_time_t)(us) * 1000LL)
#define MILLISECS(ms) ((s_time_t)(ms) * 1000000LL)
#define SECONDS(s)    ((s_time_t)(s) * 1000000000LL)
#define STIME_MAX     ((s_time_t)INT64_MAX)

/* A machine (physical) address. */
typedef uint64_t paddr_t;

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1UL << PAGE_SHIFT)
#define PAGE_MASK  (~(PAGE_SIZE - 1))

#define PFN_DOWN(addr) ((unsigned long)((addr) >> PAGE_SHIFT))
#define PFN_UP(addr)   ((unsigned long)(((addr) + PAGE_SIZE - 1) >> PAGE_SHIFT))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ROUNDUP(x, a) (((x) + (a) - 1) & ~((typeof(x))(a) - 1))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#define container_of(ptr, type, member) \
    ((type *)((char *)(ptr) - offsetof(type, member)))

#define __used        __attribute__((__used__))
#define __packed      __attribute__((__packed__))
#define __aligned(a)  __attribute__((__aligned__(a)))
#define __section(s)  __attribute__((__section__(s)))
#define __noreturn    __attribute__((__noreturn__))
#define __printf(a, b) __attribute__((__format__(__printf__, a, b)))
#define likely(x)     __builtin_expect(!!(x), 1)
#define unlikely(x)   __builtin_expect(!!(x), 0)

#define BUILD_BUG_ON(cond) _Static_assert(!(cond), #cond)

#endif /* HESTIA_TYPES_H */
