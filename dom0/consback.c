/*
 * dom0/consback.c - the console backend (Xen's xenconsoled, in a page of C).
 *
 * Every guest we create writes its console into a ring page it shares with us
 * (struct xencons_interface, include/public/io/console.h; grant reference
 * GNTTAB_RESERVED_CONSOLE, seeded by the hypervisor's builder). The guest
 * produces `out` and rings its event channel; we consume: read the indices, copy
 * the new bytes, advance out_cons. Complete lines are printed with the guest's
 * name, "[demo1] hello", so the consoles of many guests read apart.
 *
 * dom0 never maps the page: every access is a GNTTABOP_copy of just the bytes it
 * needs, so a guest can do nothing to dom0's memory whatever it writes into the
 * ring. The indices are the guest's and may be garbage: a producer more than a
 * ring ahead of the consumer is reported and skipped, never trusted.
 *
 * `console <dom>` (shell.c) shows a guest's recent output (a small history per
 * guest) and then, typed interactively, only that guest's new lines.
 */
#include <pvguest/gnttab.h>
#include "dom0.h"

#include <public/io/console.h>

#define IDX_OFFSET   offsetof(struct xencons_interface, in_cons)
#define OUT_OFFSET   offsetof(struct xencons_interface, out)
#define OUT_SIZE     sizeof(((struct xencons_interface *)0)->out)
#define HISTORY      1024

static domid_t focus = DOMID_INVALID;
static char history[MAX_GUESTS][HISTORY];
static unsigned int history_len[MAX_GUESTS];

void consback_set_focus(domid_t domid)
{
    focus = domid;
}

void consback_connect(struct guest *g)
{
    history_len[g - guests] = 0;
    g->line_len = 0;
}

static void remember(struct guest *g, const char *line, unsigned int len)
{
    char *h = history[g - guests];
    unsigned int *n = &history_len[g - guests];
    if (len + 1 > HISTORY)
        return;
    if (*n + len + 1 > HISTORY) {           /* drop the oldest lines */
        unsigned int drop = *n + len + 1 - HISTORY;
        memcpy(h, h + drop, *n - drop);     /* (forward copy: safe when overlapping) */
        *n -= drop;
    }
    memcpy(h + *n, line, len);
    h[*n + len] = '\n';
    *n += len + 1;
}

void consback_show_history(struct guest *g)
{
    console_write(history[g - guests], history_len[g - guests]);
}

static void emit_line(struct guest *g)
{
    remember(g, g->line, g->line_len);
    if (focus == DOMID_INVALID || focus == g->domid)
        printk("[%s] %.*s\n", g->name, (int)g->line_len, g->line);
    g->line_len = 0;
}

static void take_bytes(struct guest *g, const char *buf, unsigned int n)
{
    for (unsigned int i = 0; i < n; i++) {
        char c = buf[i];
        if (c == '\r')
            continue;
        if (c != '\n')
            g->line[g->line_len++] = c;
        if (c == '\n' || g->line_len == sizeof(g->line))
            emit_line(g);
    }
}

/* Consume what the guest has produced; false when there was nothing. */
static bool consume_once(struct guest *g)
{
    static char buf[OUT_SIZE];
    XENCONS_RING_IDX idx[4];            /* in_cons, in_prod, out_cons, out_prod */

    if (gnttab_read(g->domid, GNTTAB_RESERVED_CONSOLE, IDX_OFFSET, idx, sizeof(idx)))
        return false;
    XENCONS_RING_IDX cons = idx[2], prod = idx[3];
    if (prod == cons)
        return false;
    if (prod - cons > OUT_SIZE) {
        printk("dom0: %s (d%u): console ring indices out of range (prod %u, cons %u); "
               "skipping\n", g->name, g->domid, prod, cons);
        cons = prod;
    }
    unsigned int n = prod - cons, first = (unsigned int)(cons % OUT_SIZE);
    unsigned int part = MIN(n, (unsigned int)OUT_SIZE - first);
    if (n && (gnttab_read(g->domid, GNTTAB_RESERVED_CONSOLE, OUT_OFFSET + first, buf, part) ||
              (n > part && gnttab_read(g->domid, GNTTAB_RESERVED_CONSOLE, OUT_OFFSET,
                                       buf + part, n - part))))
        return false;
    take_bytes(g, buf, n);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);    /* bytes read before we free them */
    gnttab_write(g->domid, GNTTAB_RESERVED_CONSOLE,
                 offsetof(struct xencons_interface, out_cons), &prod, sizeof(prod));
    return true;
}

void consback_service(struct guest *g)
{
    while (consume_once(g))
        ;
}

/* Type into the guest's console (its `in` ring); bytes accepted. */
unsigned int consback_input(struct guest *g, const char *s, unsigned int n)
{
    XENCONS_RING_IDX idx[2];            /* in_cons, in_prod */
    const unsigned int size = sizeof(((struct xencons_interface *)0)->in);
    unsigned int done = 0;

    if (gnttab_read(g->domid, GNTTAB_RESERVED_CONSOLE, IDX_OFFSET, idx, sizeof(idx)))
        return 0;
    for (; done < n && idx[1] - idx[0] < size; done++, idx[1]++)
        gnttab_write(g->domid, GNTTAB_RESERVED_CONSOLE, idx[1] % size, &s[done], 1);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    gnttab_write(g->domid, GNTTAB_RESERVED_CONSOLE,
                 offsetof(struct xencons_interface, in_prod), &idx[1], sizeof(idx[1]));
    notify_remote_via_evtchn(g->cons_port);
    return done;
}
