/*
 * console_io.c - __HYPERVISOR_console_io: a guest's simplest way to talk.
 *
 * CONSOLEIO_write prints the guest's bytes on the hypervisor console, each line
 * prefixed with "(dN) " so that interleaved output stays readable. CONSOLEIO_read
 * is for dom0 only (it owns the physical console): it returns whatever the serial
 * port has received, without waiting.
 */
#include <hestia/arch.h>
#include <hestia/domain.h>
#include <hestia/errno.h>
#include <hestia/guest_access.h>
#include <hestia/hypercall.h>
#include <hestia/printk.h>
#include <hestia/sched.h>

#define CHUNK 128

/* Per-domain line state would be nicer; one pCPU and short lines make this enough. */
static domid_t last_writer = 0xffff;
static bool mid_line;

static void guest_write(struct domain *d, const char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (!mid_line || last_writer != d->domain_id) {
            if (mid_line)
                printk("\n");
            printk("(d%u) ", d->domain_id);
            last_writer = d->domain_id;
        }
        char c = buf[i];
        if (c == '\r')
            continue;
        if ((c < ' ' && c != '\n' && c != '\t') || c == 0x7f)
            c = '?';                    /* no escape sequences into our console */
        printk("%c", c);
        mid_line = c != '\n';
    }
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
