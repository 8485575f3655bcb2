/*
 * dom0/dom0.h - what the parts of Hestia's tiny dom0 share.
 *
 * dom0 is a PV kernel built on pvguest's library (start of day, console, events,
 * grant copy). On top of it:
 *   ctl.c       the control hypercalls (domctl, sysctl) and boot modules by name
 *   config.c    domain config files (a subset of xl.cfg)
 *   domains.c   the guests this toolstack created: build, connect devices, reap
 *   consback.c  console backend: each guest's console ring, printed with its name
 *   blkback.c   block backend: a RAM disk served over a blkif ring
 *   shell.c     the xl-like commands, from a boot script or typed on the console
 *   main.c      kernel_main: the event loop that drives all of the above
 */
#ifndef DOM0_H
#define DOM0_H

#include <pvguest/events.h>
#include <pvguest/kernel.h>

#include <public/hestia_ctl.h>

#include "config.h"

#define MAX_GUESTS 16

/* ---- ctl.c -------------------------------------------------------------------- */
long domctl(struct hestia_domctl *op, uint32_t cmd, domid_t domid);
long sysctl(struct hestia_sysctl *op, uint32_t cmd);
/* The index of the boot module called name, with its size; -ENOENT if none. */
long module_find(const char *name, uint64_t *size);
/* Copy len bytes of module index from offset; bytes copied or -errno. */
long module_read(unsigned int index, uint64_t offset, void *buf, uint32_t len);
long ctl_ports_in_use(domid_t domid);   /* event-channel ports of a domain */

/* ---- the guests (domains.c) ---------------------------------------------------------- */
struct blkback;
struct guest {
    bool used;
    domid_t domid;
    char name[CFG_NAME_LEN];
    evtchn_port_t cons_port;            /* our ends of its console and store channels */
    evtchn_port_t store_port;
    char line[160];                     /* consback: the console line being collected */
    unsigned int line_len;
    struct blkback *blk;                /* its disk's backend, or NULL */
};
extern struct guest guests[MAX_GUESTS];
extern volatile unsigned long dom0_work;    /* an event handler has work for the loop */
void dom0_event(evtchn_port_t port, void *data);  /* the backends' handler: sets it */

long guest_create(const struct dom_config *cfg, domid_t *domid);
long guest_destroy(struct guest *g);
struct guest *guest_by_domid(domid_t domid);
struct guest *guest_lookup(const char *name_or_id);   /* ours, by name or id */
long domid_parse(const char *s, domid_t *domid);      /* a name of ours or a number */
void guests_reap(void);             /* forget guests that shut down, after a last read */
void guests_service(void);          /* run every backend once */

/* ---- consback.c --------------------------------------------------------------------- */
void consback_connect(struct guest *g);
void consback_service(struct guest *g);
void consback_set_focus(domid_t domid);    /* `console <dom>`: show only its lines live */
void consback_show_history(struct guest *g);
unsigned int consback_input(struct guest *g, const char *s, unsigned int n);

/* ---- blkback.c ---------------------------------------------------------------------- */
long blkback_attach(struct guest *g, const struct dom_config *cfg);
void blkback_service(struct guest *g);
void blkback_detach(struct guest *g);
void blkback_store_init(struct guest *g);  /* the store page before it runs */

/* ---- shell.c ------------------------------------------------------------------------ */
void shell_run_line(char *line);           /* one command; prints its result */
bool shell_exit_requested(void);

/* ---- main.c ------------------------------------------------------------------------- */
void dom0_wait_until(uint64_t deadline_ns);  /* serving the backends meanwhile */
void console_attach(struct guest *g);        /* interactive `console <dom>` */

#endif /* DOM0_H */
