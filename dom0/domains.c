/*
 * dom0/domains.c - the guests this toolstack created, from config to reaping.
 *
 * Creating a guest is what `xl create` does, in the same order:
 *   1. find the kernel among the boot modules;
 *   2. domctl create, with HESTIA_CREATE_devices: the hypervisor builds the domain
 *      paused, with a console ring and a store page granted to us (refs 0 and 1)
 *      and two unbound event channels for us to bind;
 *   3. set its scheduler parameters (sched_* keys, by name);
 *   4. connect the backends: bind the two channels, set up the store page (and the
 *      block backend when the config has a disk);
 *   5. unpause.
 * Any failure undoes what was done and returns one error.
 *
 * A guest that shuts down stays a zombie until we destroy it (the hypervisor sends
 * VIRQ_DOM_EXC): guests_reap reads its console one last time, says why it stopped,
 * closes our ports and destroys it.
 */
#include <pvguest/time.h>
#include "dom0.h"

#include <public/sched.h>

struct guest guests[MAX_GUESTS];
volatile unsigned long dom0_work;

void dom0_event(evtchn_port_t port, void *data)
{
    (void)port;
    (void)data;
    dom0_work = 1;
}

struct guest *guest_by_domid(domid_t domid)
{
    for (unsigned int i = 0; i < MAX_GUESTS; i++)
        if (guests[i].used && guests[i].domid == domid)
            return &guests[i];
    return NULL;
}

static bool all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

long domid_parse(const char *s, domid_t *domid)
{
    if (all_digits(s)) {
        unsigned long v = 0;
        for (; *s; s++)
            v = v * 10 + (unsigned long)(*s - '0');
        if (v >= DOMID_FIRST_RESERVED)
            return -XEN_EINVAL;
        *domid = (domid_t)v;
        return 0;
    }
    for (unsigned int i = 0; i < MAX_GUESTS; i++)
        if (guests[i].used && !strcmp(guests[i].name, s)) {
            *domid = guests[i].domid;
            return 0;
        }
    return -XEN_ESRCH;
}

struct guest *guest_lookup(const char *name_or_id)
{
    domid_t domid;
    return domid_parse(name_or_id, &domid) ? NULL : guest_by_domid(domid);
}

static struct guest *guest_alloc(const char *name)
{
    for (unsigned int i = 0; i < MAX_GUESTS; i++)
        if (guests[i].used && !strcmp(guests[i].name, name))
            return NULL;                /* names are unique, as in xl */
    for (unsigned int i = 0; i < MAX_GUESTS; i++)
        if (!guests[i].used) {
            memset(&guests[i], 0, sizeof(guests[i]));
            strlcpy(guests[i].name, name, sizeof(guests[i].name));
            return &guests[i];
        }
    return NULL;
}

static long set_sched_params(domid_t domid, const struct dom_config *cfg)
{
    struct hestia_domctl op;

    for (unsigned int i = 0; i < cfg->nr_sched; i++) {
        memset(&op, 0, sizeof(op));
        strlcpy(op.u.sched.name, cfg->sched[i].name, sizeof(op.u.sched.name));
        op.u.sched.value = cfg->sched[i].value;
        long rc = domctl(&op, HESTIA_DOMCTL_sched_set, domid);
        if (rc) {
            printk("create: sched_%s = %ld: refused by the scheduler (%s)\n",
                   cfg->sched[i].name, cfg->sched[i].value, errno_name(rc));
            return rc;
        }
    }
    return 0;
}

/* Bind our ends of its console and store channels. */
static long bind_channels(struct guest *g, const struct hestia_domctl *op)
{
    local_irq_disable();                /* a bind raises the port: handler first */
    long cp = evtchn_bind_interdomain(g->domid, op->u.create.console_port);
    long sp = cp < 0 ? cp : evtchn_bind_interdomain(g->domid, op->u.create.store_port);
    if (sp < 0) {
        if (cp >= 0)
            evtchn_close((evtchn_port_t)cp);
        local_irq_enable();
        return sp;
    }
    g->cons_port = (evtchn_port_t)cp;
    g->store_port = (evtchn_port_t)sp;
    bind_evtchn(g->cons_port, dom0_event, g);
    bind_evtchn(g->store_port, dom0_event, g);
    local_irq_enable();
    return 0;
}

/* Our side of a guest: backends off, ports closed, record free. */
static void guest_forget(struct guest *g)
{
    consback_service(g);                /* its last words */
    if (g->line_len)
        printk("[%s] %.*s\n", g->name, (int)g->line_len, g->line);
    blkback_detach(g);
    if (g->cons_port)
        evtchn_close(g->cons_port);
    if (g->store_port)
        evtchn_close(g->store_port);
    g->used = false;
}

static long create_paused(const struct dom_config *cfg, long module, struct hestia_domctl *op)
{
    memset(op, 0, sizeof(*op));
    op->u.create.module = (uint32_t)module;
    op->u.create.mem_kb = (uint32_t)(cfg->memory_mb * 1024);
    op->u.create.flags = HESTIA_CREATE_devices;
    strlcpy(op->u.create.name, cfg->name, sizeof(op->u.create.name));
    strlcpy(op->u.create.cmdline, cfg->extra, sizeof(op->u.create.cmdline));
    return domctl(op, HESTIA_DOMCTL_create, 0);
}

long guest_create(const struct dom_config *cfg, domid_t *domid)
{
    struct hestia_domctl op;
    uint64_t size;
    long rc;

    if (strcmp(cfg->type, "pv")) {
        printk("create: type '%s': Hestia's toolstack builds PV guests only\n", cfg->type);
        return -XEN_EOPNOTSUPP;
    }
    long module = module_find(cfg->kernel, &size);
    if (module < 0) {
        printk("create: no boot module named '%s'\n", cfg->kernel);
        return module;
    }
    struct guest *g = guest_alloc(cfg->name);
    if (!g) {
        printk("create: a guest named '%s' exists, or too many guests\n", cfg->name);
        return -XEN_EEXIST;
    }
    if ((rc = create_paused(cfg, module, &op)) != 0) {
        printk("create: the hypervisor refused to build '%s' (%s)\n", cfg->name,
               errno_name(rc));
        return rc;
    }
    g->domid = op.domain;
    g->used = true;
    if (!(rc = set_sched_params(g->domid, cfg)) && !(rc = bind_channels(g, &op))) {
        consback_connect(g);
        blkback_store_init(g);
        rc = cfg->disk[0] ? blkback_attach(g, cfg) : 0;
    }
    if (!rc)
        rc = domctl(&op, HESTIA_DOMCTL_unpause, g->domid);
    if (rc) {
        domctl(&op, HESTIA_DOMCTL_destroy, g->domid);
        guest_forget(g);
        return rc;
    }
    *domid = g->domid;
    return 0;
}

/* Wait (serving the backends) until the hypervisor has freed domid. */
static bool wait_gone(domid_t domid, uint64_t timeout_ns)
{
    struct hestia_domctl op;
    uint64_t end = NOW() + timeout_ns;

    while (domctl(&op, HESTIA_DOMCTL_getinfo, domid) == 0) {
        if (NOW() >= end)
            return false;
        dom0_wait_until(NOW() + 10 * NSEC_PER_MSEC);
    }
    return true;
}

long guest_destroy(struct guest *g)
{
    struct hestia_domctl op;
    domid_t domid = g->domid;

    guest_forget(g);                    /* (reads its console one last time) */
    long rc = domctl(&op, HESTIA_DOMCTL_destroy, domid);
    if (rc)
        return rc;
    return wait_gone(domid, 5 * NSEC_PER_SEC) ? 0 : -XEN_EBUSY;
}

static const char *shutdown_reason(uint32_t code)
{
    static const char *const names[] = { "poweroff", "reboot", "suspend", "crash",
                                         "watchdog", "soft_reset" };
    return code < ARRAY_SIZE(names) ? names[code] : "unknown";
}

void guests_reap(void)
{
    struct hestia_domctl op;

    for (unsigned int i = 0; i < MAX_GUESTS; i++) {
        struct guest *g = &guests[i];
        if (!g->used)
            continue;
        memset(&op, 0, sizeof(op));
        long rc = domctl(&op, HESTIA_DOMCTL_getinfo, g->domid);
        if (rc == 0 && op.u.info.state < HESTIA_DOMSTATE_shutdown)
            continue;
        consback_service(g);            /* its last words first */
        if (rc == 0)
            printk("dom0: %s (d%u) has shut down (%s)\n", g->name, g->domid,
                   shutdown_reason(op.u.info.shutdown_code));
        guest_forget(g);
        domctl(&op, HESTIA_DOMCTL_destroy, g->domid);
    }
}

void guests_service(void)
{
    for (unsigned int i = 0; i < MAX_GUESTS; i++)
        if (guests[i].used) {
            consback_service(&guests[i]);
            blkback_service(&guests[i]);
        }
}
