/*
 * printk.c - the hypervisor's console log.
 *
 * A message is formatted into a buffer, checked against the `loglvl=` threshold and
 * written to the consoles (arch_console_write: COM1 and port 0xE9 on x86). Each new
 * line gets a "[seconds.micros]" timestamp once the clock is calibrated
 * (printk_start_timestamps), as Xen does with console_timestamps.
 */
#include <stdarg.h>

#include <hestia/arch.h>
#include <hestia/errno.h>
#include <hestia/lib.h>
#include <hestia/param.h>
#include <hestia/printk.h>
#include <hestia/spinlock.h>
#include <hestia/timer.h>

static DEFINE_SPINLOCK(console_lock);
static bool at_line_start = true;
static bool timestamps;
static enum loglvl log_threshold = LOG_INFO;

/* loglvl=none|error|warning|info|debug|all: the most verbose level printed. */
static int parse_loglvl(const char *s)
{
    static const struct { const char *name; int lvl; } names[] = {
        { "none", -1 }, { "error", LOG_ERR }, { "warning", LOG_WARNING },
        { "info", LOG_INFO }, { "debug", LOG_DEBUG }, { "all", LOG_DEBUG },
    };
    for (unsigned int i = 0; s && i < ARRAY_SIZE(names); i++) {
        if (strcmp(s, names[i].name) == 0) {
            log_threshold = (enum loglvl)names[i].lvl;
            return 0;
        }
    }
    return -EINVAL;
}
custom_param("loglvl", parse_loglvl);

/* On a fatal error the lock may be held by the code that failed: take it anyway. */
void console_force_unlock(void)
{
    spin_lock_init(&console_lock);
}

void printk_start_timestamps(void)
{
    timestamps = true;
}

/*
 * The console ring: the last CONRING_SIZE bytes written, for dom0's `dmesg`
 * (Xen's conring, read with sysctl readconsole). conring_prod counts every byte
 * ever written; byte i is at conring[i % CONRING_SIZE].
 */
#define CONRING_SIZE 16384
static char conring[CONRING_SIZE];
static uint64_t conring_prod;

static void console_out(const char *s, size_t len)
{
    arch_console_write(s, len);
    for (size_t i = 0; i < len; i++)
        conring[conring_prod++ % CONRING_SIZE] = s[i];
}

size_t console_ring_read(uint64_t *index, char *dst, size_t len)
{
    unsigned long flags;
    spin_lock_irqsave(&console_lock, flags);
    uint64_t oldest = conring_prod > CONRING_SIZE ? conring_prod - CONRING_SIZE : 0;
    if (*index < oldest || *index > conring_prod)
        *index = oldest;
    size_t n = (size_t)MIN((uint64_t)len, conring_prod - *index);
    for (size_t i = 0; i < n; i++)
        dst[i] = conring[(*index + i) % CONRING_SIZE];
    *index += n;
    spin_unlock_irqrestore(&console_lock, flags);
    return n;
}

static void emit_timestamp(void)
{
    char ts[24];
    s_time_t now = NOW();
    int n = snprintf(ts, sizeof(ts), "[%4lld.%06lld] ", (long long)(now / 1000000000),
                     (long long)(now % 1000000000) / 1000);
    console_out(ts, (size_t)n);
}

/* Write text, inserting a timestamp at the start of each line. */
static void emit(const char *s, size_t len)
{
    while (len) {
        if (at_line_start && timestamps)
            emit_timestamp();
        const char *nl = memchr(s, '\n', len);
        size_t chunk = nl ? (size_t)(nl - s) + 1 : len;
        console_out(s, chunk);
        at_line_start = nl != NULL;
        s += chunk;
        len -= chunk;
    }
}

/* Split "<N>" off the front of a message; messages without one are LOG_INFO. */
static enum loglvl message_level(const char **fmt)
{
    const char *f = *fmt;
    if (f[0] == '<' && f[1] >= '0' && f[1] <= '3' && f[2] == '>') {
        *fmt = f + 3;
        return (enum loglvl)(f[1] - '0');
    }
    return LOG_INFO;
}

static void vprintk(const char *fmt, va_list ap)
{
    char buf[512];
    enum loglvl lvl = message_level(&fmt);
    if ((int)lvl > (int)log_threshold)
        return;

    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    size_t len = n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1;

    unsigned long flags;
    spin_lock_irqsave(&console_lock, flags);
    emit(buf, len);
    spin_unlock_irqrestore(&console_lock, flags);
}

void printk(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
}
