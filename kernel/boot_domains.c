/*
 * boot_domains.c - starting the domains given as boot modules.
 *
 * As on Xen, the first boot module is dom0's kernel, and the rest of its GRUB
 * `module2` line is dom0's command line. Until dom0 can create domains itself (the
 * dom0 issue), `boot_domus` starts every further module as an unprivileged domain,
 * which is how tests run several guests side by side.
 *
 *   dom0_mem=SIZE   dom0's memory (default 8M; K, M or G suffix; no suffix = KiB)
 *   domu_mem=SIZE   each boot domU's memory (default 8M)
 *   boot_domus      start modules 1.. as domains 1..
 *   sched_params=d1:weight=256,d2:weight=512
 *                   scheduler parameters of boot domains (every vcpu of dN), checked
 *                   against the active module's parameter table
 */
#include <hestia/arch.h>
#include <hestia/bootinfo.h>
#include <hestia/domain.h>
#include <hestia/errno.h>
#include <hestia/lib.h>
#include <hestia/param.h>
#include <hestia/printk.h>
#include <hestia/sched.h>
#include <hestia/setup.h>

static unsigned long dom0_mem_kb = 8192, domu_mem_kb = 8192;
static bool opt_boot_domus;
boolean_param("boot_domus", opt_boot_domus);

/* "64M" -> 65536 (KiB). */
static int parse_size_kb(const char *s, unsigned long *kb)
{
    unsigned long v;
    bool ok;
    const char *end = parse_ulong(s ? s : "", &v, &ok);
    if (!ok)
        return -EINVAL;
    switch (*end) {
    case 'G': case 'g': v <<= 20; end++; break;
    case 'M': case 'm': v <<= 10; end++; break;
    case 'K': case 'k': end++; break;
    case '\0': break;
    default: return -EINVAL;
    }
    if (*end || v == 0)
        return -EINVAL;
    *kb = v;
    return 0;
}

static int parse_dom0_mem(const char *s) { return parse_size_kb(s, &dom0_mem_kb); }
static int parse_domu_mem(const char *s) { return parse_size_kb(s, &domu_mem_kb); }
custom_param("dom0_mem", parse_dom0_mem);
custom_param("domu_mem", parse_domu_mem);

static char opt_sched_params[256];
string_param("sched_params", opt_sched_params);

struct param_list {
    unsigned int n;
    char names[8][32];
    long values[8];
};

/* Parse one "NAME=VALUE" into the list; false (after saying why) if malformed. */
static bool add_param(struct param_list *pl, const char *item, size_t len)
{
    const char *eq = memchr(item, '=', len);
    unsigned long value;
    bool ok;

    if (!eq || eq == item || (size_t)(eq - item) >= sizeof(pl->names[0]) ||
        pl->n == ARRAY_SIZE(pl->values)) {
        printk(XENLOG_ERR "sched_params: '%.*s' is not NAME=VALUE\n", (int)len, item);
        return false;
    }
    const char *end = parse_ulong(eq + 1, &value, &ok);
    if (!ok || end != item + len) {
        printk(XENLOG_ERR "sched_params: bad value in '%.*s'\n", (int)len, item);
        return false;
    }
    memcpy(pl->names[pl->n], item, (size_t)(eq - item));
    pl->names[pl->n][eq - item] = '\0';
    pl->values[pl->n++] = (long)value;
    return true;
}

/* Set the list on every vcpu of d (all at once: budget and period depend). */
static void set_params(struct domain *d, struct param_list *pl)
{
    const char *names[8];
    unsigned int bad = 0;
    struct vcpu *v;
    int rc = 0;

    for (unsigned int i = 0; i < pl->n; i++)
        names[i] = pl->names[i];
    for_each_vcpu(d, v)
        if ((rc = sched_set_params(v, names, pl->values, pl->n, &bad)) != 0)
            break;
    if (rc) {
        char have[128];
        sched_describe_params(have, sizeof(have));
        printk(XENLOG_ERR "sched_params: d%u: %s=%ld refused by the %s scheduler: %s "
               "(its parameters: %s)\n", d->domain_id, pl->names[bad], pl->values[bad],
               scheduler_name(), rc == -ERANGE ? "out of range" :
               rc == -EINVAL ? "no such parameter, or inconsistent with the others" :
               "refused", have);
        return;
    }
    for (unsigned int i = 0; i < pl->n; i++)
        printk("d%u: sched %s=%ld\n", d->domain_id, pl->names[i], pl->values[i]);
}

/* Apply the sched_params= items "dN:name=value" that are for d. */
static void apply_sched_params(struct domain *d)
{
    struct param_list pl = { 0 };

    for (const char *p = opt_sched_params; *p; ) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        unsigned long id;
        bool ok;
        const char *colon = p[0] == 'd' ? parse_ulong(p + 1, &id, &ok) : NULL;
        if (colon && ok && *colon == ':' && colon < p + len) {
            if (id == d->domain_id)
                add_param(&pl, colon + 1, (size_t)(p + len - colon - 1));
        } else {
            printk(XENLOG_ERR "sched_params: '%.*s' should be dN:NAME=VALUE\n", (int)len, p);
        }
        p += len + (comma ? 1 : 0);
    }
    if (pl.n)
        set_params(d, &pl);
}

static struct domain *build_one(unsigned int i)
{
    char name[DOMAIN_NAME_LEN];
    snprintf(name, sizeof(name), "dom%u", i);
    struct domain *d = arch_build_domain(&boot_info.modules[i], (uint16_t)i, name, i == 0,
                                         i == 0 ? dom0_mem_kb : domu_mem_kb,
                                         boot_info.modules[i].cmdline);
    if (d)
        apply_sched_params(d);
    return d;
}

void start_boot_domains(void)
{
    unsigned int last = opt_boot_domus ? boot_info.nr_modules : 1;

    if (!build_one(0))
        panic("could not build dom0 from boot module 0");
    if (!opt_boot_domus && boot_info.nr_modules > 1)
        printk("%u more boot module(s) not started (add boot_domus to start them)\n",
               boot_info.nr_modules - 1);
    for (unsigned int i = 1; i < last; i++)
        if (!build_one(i))
            printk(XENLOG_ERR "dom%u: not started\n", i);

    struct domain *d;
    for_each_domain(d)
        domain_unpause(d);
    sched_arm_boot_switch();
    arch_start_scheduling();
}
