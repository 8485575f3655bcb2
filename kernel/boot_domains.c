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

static struct domain *build_one(unsigned int i)
{
    char name[DOMAIN_NAME_LEN];
    snprintf(name, sizeof(name), "dom%u", i);
    return arch_build_domain(&boot_info.modules[i], (uint16_t)i, name, i == 0,
                             i == 0 ? dom0_mem_kb : domu_mem_kb, boot_info.modules[i].cmdline);
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
    arch_start_scheduling();
}
