/*
 * console.c - where printk's text goes on x86: `console=` picks the devices.
 *
 *   console=com1,e9   (the default) COM1 and the 0xE9 debug port
 *   console=com1      COM1 only;  console=e9   the debug port only
 *   console=none      nowhere (tests that measure without output)
 *
 * Port 0xE9 is the "debug console" of Bochs (port_e9_hack) and of QEMU
 * (-debugcon); on other machines a write to it is harmless.
 */
#include <hestia/arch.h>
#include <hestia/errno.h>
#include <hestia/lib.h>
#include <hestia/param.h>
#include <asm/processor.h>
#include <asm/x86.h>

#define CON_COM1 1u
#define CON_E9   2u

static unsigned int consoles = CON_COM1 | CON_E9;

static int parse_console(const char *s)
{
    unsigned int want = 0;

    if (!s)
        return -EINVAL;
    while (*s) {
        const char *comma = strchr(s, ',');
        size_t len = comma ? (size_t)(comma - s) : strlen(s);
        if (len == 4 && strncmp(s, "com1", 4) == 0)
            want |= CON_COM1;
        else if (len == 2 && strncmp(s, "e9", 2) == 0)
            want |= CON_E9;
        else if (!(len == 4 && strncmp(s, "none", 4) == 0))
            return -EINVAL;
        s += len + (comma ? 1 : 0);
    }
    consoles = want;
    return 0;
}
custom_param("console", parse_console);

void arch_console_write(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (consoles & CON_COM1) {
            if (s[i] == '\n')
                ns16550_putc('\r');
            ns16550_putc(s[i]);
        }
        if (consoles & CON_E9)
            outb(0xe9, (uint8_t)s[i]);
    }
}

int arch_console_getc(void)
{
    return (consoles & CON_COM1) ? ns16550_getc() : -1;
}
