/*
 * console_io.c - __HYPERVISOR_console_io: a guest's simplest way to talk.
 *
 * CONSOLEIO_write collects the guest's bytes in a per-domain line buffer and prints
 * each complete line with one printk, prefixed "(dN) " - so lines from guests
 * running on different pCPUs never interleave. A line longer than the buffer is
 * printed in pieces. dom0 owns the console, so its partial lines (the shell's prompt,
 * the echo of what is typed) are printed at once, the prefix only once per line;
 * other domains' lines are whole. CONSOLEIO_read is for dom0 only (it owns the physical
 * console): it returns whatever the serial port has received, without waiting.
 */
#include <hestia/arch.h>
#include <hestia/domain.h>
#include <hestia/errno.h>
#include <hestia/guest_access.h>
#include <hestia/hypercall.h>
#include <hestia/printk.h>
#include <hestia/sched.h>

#define CHUNK 128

/* Print the buffered bytes: the "(dN) " prefix only at the start of a line. */
static void flush(struct domain *d, bool eol)
{
    if (d->console_midline)
        printk("%.*s%s", (int)d->console_len, d->console_buf, eol ? "\n" : "");
    else
        printk("(d%u) %.*s%s", d->domain_id, (int)d->console_len, d->console_buf,
               eol ? "\n" : "");
    d->console_midline = !eol;
    d->console_len = 0;
}

static void flush_line(struct domain *d)
{
    flush(d, true);
}

static void guest_write(struct domain *d, const char *buf, size_t len)
{
    spin_lock(&d->console_lock);
    for (size_t i = 0; i < len; i++) {
        char c = buf[i];
        if (c == '\r')
            continue;
        if (c == '\n') {
            flush_line(d);
            continue;
        }
        if (((c < ' ' && c != '\t') || c == 0x7f) && !(c == '\b' && d->is_privileged))
            c = '?';                    /* no escape sequences into our console */
        d->console_buf[d->console_len++] = c;
        if (d->console_len == sizeof(d->console_buf))
            flush_line(d);
    }
    if (d->is_privileged && d->console_len)
        flush(d, false);            /* dom0's prompt and echo show at once */
    spin_unlock(&d->console_lock);
}

static long console_write(unsigned long count, unsigned long buffer)
{
    char chunk[CHUNK];
    unsigned long done = 0;

    while (done < count) {
        size_t n = MIN((unsigned long)CHUNK, count - done);
        if (copy_from_guest(chunk, buffer + done, n) != 0)
            return -EFAULT;
        guest_write(current->domain, chunk, n);
        done += n;
    }
    return 0;
}

/* A byte taken from the console that a failed read could not store. */
static int held = -1;

static int console_getc(void)
{
    int c = held;
    if (c >= 0) {
        held = -1;
        return c;
    }
    return arch_console_getc();
}

static long console_read(unsigned long count, unsigned long buffer)
{
    unsigned long n = 0;
    int c;

    if (!current->domain->is_privileged)
        return -EPERM;
    while (n < count && (c = console_getc()) >= 0) {
        char ch = (char)c;
        if (copy_to_guest(buffer + n, &ch, 1) != 0) {
            held = c;               /* not lost: the next read gets it */
            return -EFAULT;
        }
        n++;
    }
    return (long)n;
}

long do_console_io(unsigned long cmd, unsigned long count, unsigned long buffer)
{
    switch (cmd) {
    case CONSOLEIO_write:
        return console_write(count, buffer);
    case CONSOLEIO_read:
        return console_read(count, buffer);
    default:
        return -ENOSYS;
    }
}
