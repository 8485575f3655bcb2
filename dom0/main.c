/*
 * dom0/main.c - kernel_main of Hestia's dom0: the toolstack's event loop.
 *
 * Start of day is pvguest's (pvguest/main.c); then:
 *   1. bind VIRQ_DOM_EXC, which the hypervisor raises when one of our guests
 *      shuts down, so we can print why and destroy the zombie;
 *   2. run the boot script, if dom0's command line has script=MODULE (a boot
 *      module with one shell command per line; tests and benchmarks drive dom0
 *      this way), echoing each command after a "hestia# " prompt;
 *   3. unless the script said `shutdown`, read commands from the console.
 * Whatever dom0 is doing - a command, a sleep, waiting for a key - it goes
 * through dom0_wait_until, which serves the backends whenever an event arrives.
 *
 * Console input: the hypervisor's CONSOLEIO_read does not wait, so the shell
 * polls it every 20 ms (Xen raises VIRQ_CONSOLE on serial input instead).
 */
#include <pvguest/hypercall.h>
#include <pvguest/time.h>
#include "dom0.h"

#define SCRIPT_MAX  8192
#define POLL_NS     (20 * NSEC_PER_MSEC)
#define CTRL_RBRACKET 0x1d              /* leaves `console <dom>`, as in xl */

static volatile unsigned long reap_pending;
static bool interactive;

static void dom_exc(evtchn_port_t port, void *data)
{
    (void)port;
    (void)data;
    reap_pending = 1;
    dom0_work = 1;
}

void dom0_wait_until(uint64_t deadline)
{
    for (;;) {
        dom0_work = 0;                  /* events from here on wake the sleep below */
        if (reap_pending) {
            reap_pending = 0;
            guests_reap();
        }
        guests_service();
        if (NOW() >= deadline)
            return;
        sleep_until_flag(deadline, &dom0_work);
    }
}

static void run_script(const char *name)
{
    static char text[SCRIPT_MAX + 1];
    uint64_t size;
    long module = module_find(name, &size);
    long len = module < 0 ? module : size > SCRIPT_MAX ? -XEN_ENOSPC :
               module_read((unsigned int)module, 0, text, (uint32_t)size);

    if (len < 0) {
        printk("dom0: script '%s': cannot read it (%s)\n", name, errno_name(len));
        return;
    }
    text[len] = '\0';
    for (char *line = text; *line && !shell_exit_requested(); ) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        if (nl && nl > line && nl[-1] == '\r')
            nl[-1] = '\0';
        if (*line && *line != '#') {
            printk("hestia# %s\n", line);
            shell_run_line(line);
        }
        line = nl ? nl + 1 : line + strlen(line);
    }
}

/* The next byte typed on the console, waiting for it (serving guests meanwhile). */
static char getchar_wait(void)
{
    char c;
    dom0_wait_until(NOW());     /* serve guests and reap first, even when input waits */
    while (HYPERVISOR_console_io(CONSOLEIO_read, 1, &c) != 1)
        dom0_wait_until(NOW() + POLL_NS);
    return c;
}

void console_attach(struct guest *g)
{
    if (!interactive)
        return;
    printk("console: following %s (Ctrl-] to leave)\n", g->name);
    consback_set_focus(g->domid);
    for (char c; (c = getchar_wait()) != CTRL_RBRACKET && guest_by_domid(g->domid); )
        consback_input(g, &c, 1);
    consback_set_focus(DOMID_INVALID);
    printk("\n");
}

static void read_line(char *line, size_t size)
{
    size_t len = 0;
    for (;;) {
        char c = getchar_wait();
        if (c == '\r' || c == '\n') {
            printk("\n");
            line[len] = '\0';
            return;
        }
        if ((c == 0x7f || c == '\b') && len) {
            len--;
            printk("\b \b");
        } else if (c >= ' ' && c < 0x7f && len + 1 < size) {
            line[len++] = c;
            printk("%c", c);
        }
    }
}

static void shell(void)
{
    static char line[256];
    interactive = true;
    printk("dom0: type 'help' for the commands; 'shutdown' powers off\n");
    while (!shell_exit_requested()) {
        printk("hestia# ");
        read_line(line, sizeof(line));
        shell_run_line(line);
    }
}

void kernel_main(void)
{
    printk("dom0: Hestia's toolstack (dom0/), %u KiB\n",
           (unsigned int)(start_info->nr_pages * 4));
    if (bind_virq(VIRQ_DOM_EXC, dom_exc, NULL) < 0)
        printk("dom0: cannot bind VIRQ_DOM_EXC; shut-down guests stay until destroyed\n");
    const char *script = cmdline_get("script");
    if (script && *script)
        run_script(script);
    if (!shell_exit_requested())
        shell();
    printk("dom0: powering off\n");
}
