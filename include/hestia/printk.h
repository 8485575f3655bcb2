/*
 * printk.h - the hypervisor console log.
 *
 * printk() formats a message (see vsnprintf in lib.h) and writes it to every console
 * (COM1, the 0xE9 debug port). A message may start with a log level, as in Xen:
 *
 *     printk(XENLOG_WARNING "frame %lx is odd\n", mfn);
 *
 * Messages above the `loglvl=` threshold are dropped. Lines carry a timestamp
 * "[   1.234567]" (seconds since boot) once time is calibrated.
 */
#ifndef HESTIA_PRINTK_H
#define HESTIA_PRINTK_H

#include <hestia/types.h>

#define XENLOG_ERR     "<0>"
#define XENLOG_WARNING "<1>"
#define XENLOG_INFO    "<2>"
#define XENLOG_DEBUG   "<3>"

enum loglvl { LOG_ERR = 0, LOG_WARNING = 1, LOG_INFO = 2, LOG_DEBUG = 3 };

void printk(const char *fmt, ...) __printf(1, 2);

/* Called once the clock works: from now on each line starts with a timestamp. */
void printk_start_timestamps(void);
/* Used on the way down after a fatal error, which may have held the console lock. */
void console_force_unlock(void);
/*
 * Copy up to len bytes of the console log from position *index (bytes written since
 * boot; an index older than the ring holds starts at the oldest byte kept) and
 * advance *index. Returns the number copied: 0 when the reader is up to date.
 */
size_t console_ring_read(uint64_t *index, char *dst, size_t len);

/* Stop the system after printing why (with a backtrace). Never returns. */
void panic(const char *fmt, ...) __printf(1, 2) __noreturn;

#define BUG_ON(cond) do { \
    if (unlikely(cond)) panic("BUG_ON(%s) at %s:%d", #cond, __FILE__, __LINE__); \
} while (0)

#define ASSERT(cond) BUG_ON(!(cond))

#endif /* HESTIA_PRINTK_H */
