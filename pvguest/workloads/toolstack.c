/*
 * pvguest/workloads/toolstack.c - a scripted toolstack for dom0: it drives the
 * hypervisor's control hypercalls (domctl, sysctl; include/public/hestia_ctl.h) from
 * a script on the command line, one command per comma, arguments after colons:
 *
 *   workload=toolstack script=create:1:8192:workload=hog+seconds=2,sleep:300,
 *            pause:1,sleep:200,unpause:1,set:1:weight:512,get:1:weight,info:1,
 *            switch:edf,sched,list,physinfo,destroy:1,wait:1
 *
 *   create:M:KB:CMDLINE   build a domain from boot module M with KB KiB and start
 *                         it (as `xl create` does: built paused, then unpaused); '+' in
 *                         CMDLINE stands for a space. Prints the new domain's id;
 *                         later commands may write '@' for it (GRUB's config
 *                         reserves $).
 *   pause:D  unpause:D  destroy:D  info:D
 *   set:D:NAME:VALUE  get:D:NAME      scheduler parameters of domain D
 *   switch:NAME  sched  list  physinfo
 *   sleep:MS                           wait (timer + block)
 *   wait:D                             until domain D is gone (polls getinfo)
 *   cycle:N:M                          N times: create from module M (4 MiB), destroy,
 *                                      wait; then compare free pages with before
 *
 * Each command prints one line "toolstack: <command>: ok ..." or "... failed: rc N
 * (NAME)". It is the seed of dom0's shell: the same commands, from a script.
 */
#include <pvguest/hypercall.h>
#include <pvguest/kernel.h>
#include <pvguest/time.h>
#include <pvguest/workload.h>

#include <public/errno.h>
#include <public/hestia_ctl.h>

static unsigned long last_domid;

/* Copy a string, always terminated (there is no libc here). */
static void strncpy_local(char *dst, const char *src, size_t size)
{
    size_t i = 0;
    for (; src[i] && i + 1 < size; i++)
        dst[i] = src[i];
    dst[i] = '\0';
}

static long domctl(struct hestia_domctl *op)
{
    op->interface_version = HESTIA_CTL_INTERFACE_VERSION;
    return _hypercall1(__HYPERVISOR_domctl, op);
}

static long sysctl(struct hestia_sysctl *op)
{
    op->interface_version = HESTIA_CTL_INTERFACE_VERSION;
    return _hypercall1(__HYPERVISOR_sysctl, op);
}

/* Split "a:b:c" in place; returns the number of fields (at most max). */
static unsigned int split(char *s, char sep, char **f, unsigned int max)
{
    unsigned int n = 0;
    f[n++] = s;
    for (; *s && n < max; s++)
        if (*s == sep) {
            *s = '\0';
            f[n++] = s + 1;
        }
    return n;
}

static unsigned long number(const char *s)
{
    unsigned long v = 0;
    if (s[0] == '@')
        return last_domid;
    for (; *s >= '0' && *s <= '9'; s++)
        v = v * 10 + (unsigned long)(*s - '0');
    return v;
}

static void report(const char *cmd, long rc)
{
    if (rc < 0)
        printk("toolstack: %s: failed: rc %ld (%s)\n", cmd, rc, errno_name(rc));
    else
        printk("toolstack: %s: ok\n", cmd);
}

static long simple_domctl(uint32_t cmd, unsigned long domid);

static long simple_domctl_unpause(domid_t domid)
{
    return simple_domctl(HESTIA_DOMCTL_unpause, domid);
}

static void cmd_create(char **f, unsigned int n)
{
    struct hestia_domctl op;
    memset(&op, 0, sizeof(op));
    op.cmd = HESTIA_DOMCTL_create;
    op.u.create.module = n > 1 ? (uint32_t)number(f[1]) : 1;
    op.u.create.mem_kb = n > 2 ? (uint32_t)number(f[2]) : 8192;
    if (n > 3) {
        unsigned int i = 0;
        for (const char *c = f[3]; *c && i + 1 < sizeof(op.u.create.cmdline); c++)
            op.u.create.cmdline[i++] = *c == '+' ? ' ' : *c;
    }
    long rc = domctl(&op);
    if (rc == 0) {
        last_domid = op.domain;
        rc = simple_domctl_unpause(op.domain);
    }
    if (rc == 0)
        printk("toolstack: create: ok: domain %u\n", op.domain);
    else
        report("create", rc);
}

static long simple_domctl(uint32_t cmd, unsigned long domid)
{
    struct hestia_domctl op;
    memset(&op, 0, sizeof(op));
    op.cmd = cmd;
    op.domain = (domid_t)domid;
    return domctl(&op);
}

static void cmd_info(unsigned long domid)
{
    struct hestia_domctl op;
    memset(&op, 0, sizeof(op));
    op.cmd = HESTIA_DOMCTL_getinfo;
    op.domain = (domid_t)domid;
    long rc = domctl(&op);
    if (rc)
        report("info", rc);
    else
        printk("toolstack: info: ok: d%lu %s state %u pages %lu cpu %lu us\n", domid,
               op.u.info.name, op.u.info.state, (unsigned long)op.u.info.tot_pages,
               (unsigned long)(op.u.info.cpu_time_ns / 1000));
}

static void cmd_sched_param(char **f, unsigned int n, bool set)
{
    struct hestia_domctl op;
    memset(&op, 0, sizeof(op));
    op.cmd = set ? HESTIA_DOMCTL_sched_set : HESTIA_DOMCTL_sched_get;
    op.domain = n > 1 ? (domid_t)number(f[1]) : 0;
    if (n > 2)
        strncpy_local(op.u.sched.name, f[2], sizeof(op.u.sched.name));
    if (set && n > 3)
        op.u.sched.value = (int64_t)number(f[3]);
    long rc = domctl(&op);
    if (rc)
        report(set ? "set" : "get", rc);
    else
        printk("toolstack: %s: ok: d%u %s=%ld\n", set ? "set" : "get", op.domain,
               op.u.sched.name, (long)op.u.sched.value);
}

static void cmd_sysctl(const char *what, const char *arg)
{
    struct hestia_sysctl op;
    memset(&op, 0, sizeof(op));
    if (!strcmp(what, "switch")) {
        op.cmd = HESTIA_SYSCTL_sched_switch;
        strncpy_local(op.u.sched.name, arg ? arg : "", sizeof(op.u.sched.name));
        report("switch", sysctl(&op));
    } else if (!strcmp(what, "sched")) {
        op.cmd = HESTIA_SYSCTL_sched_id;
        long rc = sysctl(&op);
        if (rc)
            report("sched", rc);
        else
            printk("toolstack: sched: ok: %s\n", op.u.sched.name);
    } else if (!strcmp(what, "list")) {
        op.cmd = HESTIA_SYSCTL_list_domains;
        long rc = sysctl(&op);
        if (rc) {
            report("list", rc);
            return;
        }
        printk("toolstack: list: ok: %u domains:", op.u.list.nr);
        for (unsigned int i = 0; i < op.u.list.nr; i++)
            printk(" d%u", op.u.list.ids[i]);
        printk("\n");
    } else {
        op.cmd = HESTIA_SYSCTL_physinfo;
        long rc = sysctl(&op);
        if (rc)
            report("physinfo", rc);
        else
            printk("toolstack: physinfo: ok: %u cpus, %lu of %lu pages free\n",
                   op.u.physinfo.nr_cpus, (unsigned long)op.u.physinfo.free_pages,
                   (unsigned long)op.u.physinfo.total_pages);
    }
}

/* Until domain d is gone (getinfo fails with -ESRCH); false after 6 s. */
static bool wait_gone(unsigned long domid)
{
    for (unsigned int i = 0; i < 600; i++) {
        struct hestia_domctl op;
        memset(&op, 0, sizeof(op));
        op.cmd = HESTIA_DOMCTL_getinfo;
        op.domain = (domid_t)domid;
        if (domctl(&op) == -XEN_ESRCH)
            return true;
        sleep_ns(10 * 1000 * 1000);
    }
    return false;
}

static void cmd_wait(unsigned long domid)
{
    if (wait_gone(domid))
        printk("toolstack: wait: ok: d%lu is gone\n", domid);
    else
        printk("toolstack: wait: failed: d%lu still there after 6 s\n", domid);
}

static unsigned long free_pages(void)
{
    struct hestia_sysctl op;
    memset(&op, 0, sizeof(op));
    op.cmd = HESTIA_SYSCTL_physinfo;
    return sysctl(&op) == 0 ? (unsigned long)op.u.physinfo.free_pages : 0;
}

/* N create/destroy cycles; every frame must come back. */
static void cmd_cycle(unsigned long n, unsigned long module)
{
    unsigned long before = free_pages();
    for (unsigned long i = 0; i < n; i++) {
        struct hestia_domctl op;
        memset(&op, 0, sizeof(op));
        op.cmd = HESTIA_DOMCTL_create;
        op.u.create.module = (uint32_t)module;
        op.u.create.mem_kb = 4096;
        long rc = domctl(&op);
        if (rc == 0)
            rc = simple_domctl(HESTIA_DOMCTL_destroy, op.domain);
        if (rc == 0 && !wait_gone(op.domain))
            rc = -1;
        if (rc) {
            printk("toolstack: cycle: failed at cycle %lu: rc %ld\n", i + 1, rc);
            return;
        }
    }
    unsigned long after = free_pages();
    printk("toolstack: cycle: %s: %lu create/destroy cycles, free pages %lu before, "
           "%lu after\n", before == after ? "ok" : "failed (frames lost)", n, before, after);
}

static void run_command(char *cmd)
{
    char *f[5];
    unsigned int n = split(cmd, ':', f, 5);
    const char *c = f[0];

    if (!strcmp(c, "create"))
        cmd_create(f, n);
    else if (!strcmp(c, "pause") && n > 1)
        report("pause", simple_domctl(HESTIA_DOMCTL_pause, number(f[1])));
    else if (!strcmp(c, "unpause") && n > 1)
        report("unpause", simple_domctl(HESTIA_DOMCTL_unpause, number(f[1])));
    else if (!strcmp(c, "destroy") && n > 1)
        report("destroy", simple_domctl(HESTIA_DOMCTL_destroy, number(f[1])));
    else if (!strcmp(c, "info") && n > 1)
        cmd_info(number(f[1]));
    else if (!strcmp(c, "set"))
        cmd_sched_param(f, n, true);
    else if (!strcmp(c, "get"))
        cmd_sched_param(f, n, false);
    else if (!strcmp(c, "switch") || !strcmp(c, "sched") || !strcmp(c, "list") ||
             !strcmp(c, "physinfo"))
        cmd_sysctl(c, n > 1 ? f[1] : NULL);
    else if (!strcmp(c, "sleep") && n > 1)
        sleep_ns(number(f[1]) * 1000 * 1000);
    else if (!strcmp(c, "wait") && n > 1)
        cmd_wait(number(f[1]));
    else if (!strcmp(c, "cycle") && n > 2)
        cmd_cycle(number(f[1]), number(f[2]));
    else
        printk("toolstack: '%s': unknown command or missing argument\n", c);
}

void workload_toolstack(void)
{
    static char script[512];
    const char *s = cmdline_get("script");
    char *cmds[64];

    if (!s) {
        printk("toolstack: no script= on the command line\n");
        return;
    }
    strncpy_local(script, s, sizeof(script));
    unsigned int n = split(script, ',', cmds, 64);
    for (unsigned int i = 0; i < n; i++)
        run_command(cmds[i]);
    printk("toolstack: script done\n");
}
