/*
 * dom0/shell.c - the toolstack shell: xl's everyday commands, typed on the console
 * or read from a boot script (main.c). One line is one command; words are split
 * at spaces. Every command prints its result, or one line
 *     COMMAND: error: WHAT (ERRNO)
 * and the shell goes on. `help` lists them.
 */
#include <pvguest/time.h>
#include "dom0.h"

#define MAX_ARGS 12
#define CONFIG_MAX 4096

static bool exit_requested;

bool shell_exit_requested(void)
{
    return exit_requested;
}

static void fail(const char *cmd, const char *what, long rc)
{
    if (rc)
        printk("%s: error: %s (%s)\n", cmd, what, errno_name(rc));
    else
        printk("%s: error: %s\n", cmd, what);
}

static const char *state_name(uint32_t state)
{
    static const char *const names[] = { "created", "running", "paused", "shutdown",
                                         "dying" };
    return state < ARRAY_SIZE(names) ? names[state] : "?";
}

/* The domain a command names (ours by name, or any by number); false after an error. */
static bool target(const char *cmd, int argc, char **argv, domid_t *domid)
{
    long rc = argc < 2 ? -XEN_EINVAL : domid_parse(argv[1], domid);
    if (argc < 2)
        fail(cmd, "which domain? (a name or a number)", 0);
    else if (rc)
        fail(cmd, "no such domain", rc);
    return rc == 0;
}

/* ---- the commands -------------------------------------------------------------------- */

static void cmd_list(int argc, char **argv)
{
    struct hestia_sysctl sc;
    struct hestia_domctl dc;
    (void)argc; (void)argv;

    memset(&sc, 0, sizeof(sc));
    long rc = sysctl(&sc, HESTIA_SYSCTL_list_domains);
    if (rc)
        return fail("list", "cannot list domains", rc);
    printk("%-16s %5s %8s %9s %10s %5s\n", "Name", "ID", "Mem(KiB)", "State",
           "Time(ms)", "Ports");
    for (uint32_t i = 0; i < sc.u.list.nr; i++) {
        memset(&dc, 0, sizeof(dc));
        if (domctl(&dc, HESTIA_DOMCTL_getinfo, sc.u.list.ids[i]))
            continue;                   /* gone meanwhile */
        printk("%-16s %5u %8lu %9s %10lu %5u\n", dc.u.info.name, sc.u.list.ids[i],
               (unsigned long)dc.u.info.tot_pages * 4, state_name(dc.u.info.state),
               (unsigned long)(dc.u.info.cpu_time_ns / 1000000), dc.u.info.evtchn_ports);
    }
}

static void cmd_info(int argc, char **argv)
{
    struct hestia_sysctl sc;
    (void)argc; (void)argv;

    memset(&sc, 0, sizeof(sc));
    long rc = sysctl(&sc, HESTIA_SYSCTL_physinfo);
    if (rc)
        return fail("info", "physinfo failed", rc);
    printk("nr_cpus     : %u\ntotal_memory: %lu KiB\nfree_memory : %lu KiB\n",
           sc.u.physinfo.nr_cpus, (unsigned long)sc.u.physinfo.total_pages * 4,
           (unsigned long)sc.u.physinfo.free_pages * 4);
    memset(&sc, 0, sizeof(sc));
    if (!sysctl(&sc, HESTIA_SYSCTL_sched_id))
        printk("scheduler   : %s, parameters: %s\n", sc.u.sched.name, sc.u.sched.params);
    printk("dom0 ports  : %ld\n", ctl_ports_in_use(0));
}

/* Read the config module name into buf; its length, or -errno after saying why. */
static long read_config(const char *name, char *buf, size_t size)
{
    uint64_t len;
    long module = module_find(name, &len);
    if (module < 0) {
        fail("create", "no boot module with that name", module);
        return module;
    }
    if (len >= size) {
        fail("create", "config file too large", -XEN_ENOSPC);
        return -XEN_ENOSPC;
    }
    long got = module_read((unsigned int)module, 0, buf, (uint32_t)len);
    if (got < 0)
        fail("create", "cannot read the config", got);
    return got;
}

static long create_from(const char *cfgname, domid_t *domid, bool quiet)
{
    static char text[CONFIG_MAX];
    static struct dom_config cfg;
    char err[96];

    long len = read_config(cfgname, text, sizeof(text));
    if (len < 0)
        return len;
    if (config_parse(text, (size_t)len, &cfg, err, sizeof(err))) {
        printk("create: error: %s: %s\n", cfgname, err);
        return -XEN_EINVAL;
    }
    long rc = guest_create(&cfg, domid);
    if (rc)
        fail("create", "the domain was not created", rc);
    else if (!quiet)
        printk("create: %s is domain %u\n", cfg.name, *domid);
    return rc;
}

static void cmd_create(int argc, char **argv)
{
    domid_t domid;
    if (argc != 2)
        return fail("create", "usage: create <config module>", 0);
    create_from(argv[1], &domid, false);
}

static void cmd_destroy(int argc, char **argv)
{
    domid_t domid;
    struct hestia_domctl op;
    if (!target("destroy", argc, argv, &domid))
        return;
    if (domid == 0)
        return fail("destroy", "dom0 cannot destroy itself (use shutdown)", 0);
    struct guest *g = guest_by_domid(domid);
    long rc = g ? guest_destroy(g) : domctl(&op, HESTIA_DOMCTL_destroy, domid);
    if (rc)
        return fail("destroy", rc == -XEN_ESRCH ? "no such domain" : "failed", rc);
    printk("destroy: domain %u destroyed\n", domid);
}

static void pause_unpause(const char *cmd, uint32_t op_cmd, int argc, char **argv)
{
    domid_t domid;
    struct hestia_domctl op;
    if (!target(cmd, argc, argv, &domid))
        return;
    long rc = domctl(&op, op_cmd, domid);
    if (rc)
        return fail(cmd, "failed", rc);
    memset(&op, 0, sizeof(op));
    if (!domctl(&op, HESTIA_DOMCTL_getinfo, domid))
        printk("%s: domain %u is %s\n", cmd, domid, state_name(op.u.info.state));
}

static void cmd_pause(int argc, char **argv)
{
    pause_unpause("pause", HESTIA_DOMCTL_pause, argc, argv);
}

static void cmd_unpause(int argc, char **argv)
{
    pause_unpause("unpause", HESTIA_DOMCTL_unpause, argc, argv);
}

static long sched_param(domid_t domid, const char *name, long *value, bool set)
{
    struct hestia_domctl op;
    memset(&op, 0, sizeof(op));
    strlcpy(op.u.sched.name, name, sizeof(op.u.sched.name));
    op.u.sched.value = *value;
    long rc = domctl(&op, set ? HESTIA_DOMCTL_sched_set : HESTIA_DOMCTL_sched_get, domid);
    *value = (long)op.u.sched.value;
    return rc;
}

/* sched-get <dom> [param...]: without names, every parameter of the scheduler. */
static void cmd_sched_get(int argc, char **argv)
{
    struct hestia_sysctl sc;
    domid_t domid;
    char *names[MAX_ARGS];
    int n = 0;

    if (!target("sched-get", argc, argv, &domid))
        return;
    memset(&sc, 0, sizeof(sc));
    sysctl(&sc, HESTIA_SYSCTL_sched_id);
    for (int i = 2; i < argc; i++)
        names[n++] = argv[i];
    if (n == 0 && !strcmp(sc.u.sched.params, "none")) {
        printk("domain %u (%s): no parameters\n", domid, sc.u.sched.name);
        return;
    }
    if (n == 0)                         /* "weight (1..65535) cap (0..100)" */
        for (char *p = sc.u.sched.params; *p && n < MAX_ARGS; ) {
            names[n++] = p;
            while (*p && *p != ' ')
                p++;
            *p++ = '\0';
            while (*p && *p != ')')
                p++;
            while (*p == ')' || *p == ' ')
                p++;
        }
    printk("domain %u (%s):", domid, sc.u.sched.name);
    for (int i = 0; i < n; i++) {
        long value = 0, rc = sched_param(domid, names[i], &value, false);
        if (rc)
            printk(" %s=? (%s)", names[i], errno_name(rc));
        else
            printk(" %s=%ld", names[i], value);
    }
    printk("\n");
}

/* sched-set <dom> name=value...: each set in turn; stops at the first refusal. */
static void cmd_sched_set(int argc, char **argv)
{
    domid_t domid;
    if (!target("sched-set", argc, argv, &domid))
        return;
    if (argc < 3)
        return fail("sched-set", "usage: sched-set <dom> <param>=<value>...", 0);
    for (int i = 2; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        long value = 0, sign = 1;
        const char *v = eq ? eq + 1 : "";
        if (*v == '-') {
            sign = -1;
            v++;
        }
        if (!eq || eq == argv[i] || !*v)
            return fail("sched-set", "parameters are NAME=VALUE", 0);
        for (; *v >= '0' && *v <= '9'; v++)
            value = value * 10 + (*v - '0');
        if (*v)
            return fail("sched-set", "a value is a decimal number", 0);
        *eq = '\0';
        value *= sign;
        long rc = sched_param(domid, argv[i], &value, true);
        if (rc) {
            printk("sched-set: error: %s=%ld refused (%s)\n", argv[i], value,
                   errno_name(rc));
            return;
        }
        printk("sched-set: domain %u %s=%ld\n", domid, argv[i], value);
    }
}

static void cmd_sched_switch(int argc, char **argv)
{
    struct hestia_sysctl sc;
    if (argc != 2)
        return fail("sched-switch", "usage: sched-switch <rr|credit|edf|rt>", 0);
    memset(&sc, 0, sizeof(sc));
    strlcpy(sc.u.sched.name, argv[1], sizeof(sc.u.sched.name));
    long rc = sysctl(&sc, HESTIA_SYSCTL_sched_switch);
    if (rc)
        return fail("sched-switch", "no such scheduler, or the switch failed", rc);
    memset(&sc, 0, sizeof(sc));
    sysctl(&sc, HESTIA_SYSCTL_sched_id);
    printk("sched-switch: now %s\n", sc.u.sched.name);
}

static void cmd_console(int argc, char **argv)
{
    domid_t domid;
    if (!target("console", argc, argv, &domid))
        return;
    struct guest *g = guest_by_domid(domid);
    if (!g)
        return fail("console", "not a guest of this toolstack (no console ring)", 0);
    printk("console: recent output of %s:\n", g->name);
    consback_show_history(g);
    console_attach(g);
}

/* The whole log is read before any of it is printed: printing adds to the log. */
static void cmd_dmesg(int argc, char **argv)
{
    static char buf[16384];
    struct hestia_sysctl sc;
    uint32_t have = 0;
    (void)argc; (void)argv;

    memset(&sc, 0, sizeof(sc));
    do {
        sc.u.console.buffer = (uint64_t)(unsigned long)(buf + have);
        sc.u.console.len = (uint32_t)sizeof(buf) - have;
        long rc = sysctl(&sc, HESTIA_SYSCTL_readconsole);
        if (rc)
            return fail("dmesg", "cannot read the console log", rc);
        have += sc.u.console.len;
    } while (sc.u.console.len && have < sizeof(buf));
    console_write(buf, have);
}

static void cmd_sleep(int argc, char **argv)
{
    unsigned long ms = 0;
    if (argc != 2)
        return fail("sleep", "usage: sleep <milliseconds>", 0);
    for (const char *p = argv[1]; *p >= '0' && *p <= '9'; p++)
        ms = ms * 10 + (unsigned long)(*p - '0');
    dom0_wait_until(NOW() + ms * NSEC_PER_MSEC);
}

/* wait <dom> [seconds]: until it has shut down (it is one of ours) or is gone. */
static void cmd_wait(int argc, char **argv)
{
    domid_t domid;
    struct hestia_domctl op;
    if (!target("wait", argc, argv, &domid))
        return;
    uint64_t end = NOW() + 60 * NSEC_PER_SEC;
    while (guest_by_domid(domid) || !domctl(&op, HESTIA_DOMCTL_getinfo, domid)) {
        if (NOW() >= end)
            return fail("wait", "timed out after 60 s", -XEN_ETIME);
        dom0_wait_until(NOW() + 10 * NSEC_PER_MSEC);
    }
    printk("wait: domain %u is gone\n", domid);
}

/* cycles <config> <n>: create and destroy n times; frames and ports must come back. */
static void cmd_cycles(int argc, char **argv)
{
    struct hestia_sysctl sc;
    unsigned long n = 0;
    if (argc != 3)
        return fail("cycles", "usage: cycles <config module> <n>", 0);
    for (const char *p = argv[2]; *p >= '0' && *p <= '9'; p++)
        n = n * 10 + (unsigned long)(*p - '0');
    memset(&sc, 0, sizeof(sc));
    sysctl(&sc, HESTIA_SYSCTL_physinfo);
    uint64_t free_before = sc.u.physinfo.free_pages;
    long ports_before = ctl_ports_in_use(0);
    for (unsigned long i = 0; i < n; i++) {
        domid_t domid;
        if (create_from(argv[1], &domid, true))
            return fail("cycles", "create failed", 0);
        struct guest *g = guest_by_domid(domid);
        long rc = g ? guest_destroy(g) : -XEN_ESRCH;
        if (rc)
            return fail("cycles", "destroy failed", rc);
    }
    memset(&sc, 0, sizeof(sc));
    sysctl(&sc, HESTIA_SYSCTL_physinfo);
    long ports_after = ctl_ports_in_use(0);
    printk("cycles: %lu create/destroy cycles: free pages %lu -> %lu, dom0 ports %ld -> %ld"
           ": %s\n", n, (unsigned long)free_before, (unsigned long)sc.u.physinfo.free_pages,
           ports_before, ports_after,
           free_before == sc.u.physinfo.free_pages && ports_before == ports_after ?
           "all returned" : "LEAKED");
}

/* trace start [classes] | stop | dump | status: the hypervisor's trace buffers. */
static void cmd_trace(int argc, char **argv)
{
    static const struct { const char *name; uint32_t op; } ops[] = {
        { "start", HESTIA_TRACE_OP_start }, { "stop", HESTIA_TRACE_OP_stop },
        { "dump", HESTIA_TRACE_OP_dump }, { "status", HESTIA_TRACE_OP_status },
    };
    struct hestia_sysctl sc;
    memset(&sc, 0, sizeof(sc));
    for (unsigned int i = 0; argc >= 2 && i < ARRAY_SIZE(ops); i++)
        if (!strcmp(argv[1], ops[i].name))
            sc.u.trace.op = ops[i].op;
    if (!sc.u.trace.op || argc > 3)
        return fail("trace", "usage: trace start [CLASSES] | stop | dump | status", 0);
    strlcpy(sc.u.trace.classes, argc == 3 ? argv[2] : "sched,evtchn,io",
            sizeof(sc.u.trace.classes));
    long rc = sysctl(&sc, HESTIA_SYSCTL_trace);
    if (rc)
        return fail("trace", rc == -XEN_EBUSY ? "stop tracing first" :
                             "refused (classes: sched hestia pv hypercall evtchn io gen all)",
                    rc);
    if (sc.u.trace.op == HESTIA_TRACE_OP_dump)
        printk("trace: buffers written to the trace port (COM2)\n");
    else
        printk("trace: %s (class mask %x)\n", sc.u.trace.mask ? "on" : "off",
               sc.u.trace.mask);
}

static void cmd_echo(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        printk("%s%s", argv[i], i + 1 < argc ? " " : "");
    printk("\n");
}

static void cmd_shutdown(int argc, char **argv)
{
    (void)argc; (void)argv;
    guests_reap();                      /* say why the ones that stopped stopped */
    for (unsigned int i = 0; i < MAX_GUESTS; i++)
        if (guests[i].used)
            guest_destroy(&guests[i]);
    exit_requested = true;
}

static void cmd_help(int argc, char **argv);

static const struct command {
    const char *name, *args, *help;
    void (*run)(int argc, char **argv);
} commands[] = {
    { "list", "", "the domains: name, id, memory, state, CPU time, ports", cmd_list },
    { "info", "", "the machine: CPUs, memory, scheduler", cmd_info },
    { "create", "<config>", "build a domain from a config boot module", cmd_create },
    { "destroy", "<dom>", "kill a domain and free it", cmd_destroy },
    { "pause", "<dom>", "stop scheduling a domain", cmd_pause },
    { "unpause", "<dom>", "schedule it again", cmd_unpause },
    { "sched-get", "<dom> [param...]", "scheduler parameters of a domain", cmd_sched_get },
    { "sched-set", "<dom> p=v...", "set scheduler parameters", cmd_sched_set },
    { "sched-switch", "<name>", "switch the scheduler (rr credit edf rt)", cmd_sched_switch },
    { "console", "<dom>", "a guest's recent output; then follow it (Ctrl-] ends)", cmd_console },
    { "dmesg", "", "the hypervisor's console log", cmd_dmesg },
    { "trace", "start [cls]|stop|dump", "trace buffers (dump: to COM2)", cmd_trace },
    { "sleep", "<ms>", "wait, serving the guests' devices", cmd_sleep },
    { "wait", "<dom>", "until a domain has shut down", cmd_wait },
    { "cycles", "<config> <n>", "create/destroy n times, check nothing leaks", cmd_cycles },
    { "echo", "<text>", "print text (for scripts)", cmd_echo },
    { "shutdown", "", "destroy every guest and power off", cmd_shutdown },
    { "help", "", "this list", cmd_help },
};

static void cmd_help(int argc, char **argv)
{
    (void)argc; (void)argv;
    printk("Commands (<dom> is a name or a domain id):\n");
    for (unsigned int i = 0; i < ARRAY_SIZE(commands); i++)
        printk("  %-13s %-17s %s\n", commands[i].name, commands[i].args, commands[i].help);
}

static int split_words(char *line, char **argv)
{
    int argc = 0;
    for (char *p = line; *p && argc < MAX_ARGS; ) {
        while (*p == ' ' || *p == '\t')
            *p++ = '\0';
        if (!*p)
            break;
        argv[argc++] = p;
        while (*p && *p != ' ' && *p != '\t')
            p++;
    }
    return argc;
}

void shell_run_line(char *line)
{
    char *argv[MAX_ARGS];
    char *hash = strchr(line, '#');
    if (hash)
        *hash = '\0';                   /* comments, for scripts */
    int argc = split_words(line, argv);
    if (argc == 0)
        return;
    for (unsigned int i = 0; i < ARRAY_SIZE(commands); i++)
        if (!strcmp(argv[0], commands[i].name)) {
            commands[i].run(argc, argv);
            return;
        }
    printk("%s: unknown command (try help)\n", argv[0]);
}
