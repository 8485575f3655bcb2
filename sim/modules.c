/*
 * sim/modules.c - the scheduler modules built in, their parameter tables, and
 * Hestia's boot options (the module-wide tunables such as sched_rr_quantum_us).
 *
 * Modules. The framework lists its modules in sched/core.c (schedulers[]), each a
 * weak reference so that a module file may be missing from a build. It offers the
 * names (sched_list_modules) but not the tables, so the list is repeated here, in
 * the same order, with the same weak references; modules_check() compares the two at
 * every sim_create and stops loudly if they ever disagree.
 *
 * Boot options. Each `integer_param("sched_rr_quantum_us", ...)` in the framework or a
 * module puts a struct kernel_param into the .init.param section. The simulator's
 * link (sim/sim.mk) renames that section to hvsim_param, so the linker provides
 * __start_hvsim_param/__stop_hvsim_param, and a scenario's `cmdline = ...` goes through
 * the hypervisor's own parser (kernel/params.c). Option variables are global, so
 * sim_create restores every one to its built-in default before applying a cmdline.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hestia/param.h>
#include <hestia/sched.h>

#include "../sched/sched.h"
#include "sim_int.h"

extern struct scheduler sched_credit_def __attribute__((weak));
extern struct scheduler sched_edf_def __attribute__((weak));
extern struct scheduler sched_rt_def __attribute__((weak));
static struct scheduler *const modules[] = {      /* sched/core.c's order */
    &sched_credit_def, &sched_rr_def, &sched_edf_def, &sched_rt_def,
};

/* --- modules ------------------------------------------------------------------------ */

/* The built-in modules, in order: modules[] without the missing ones. */
static const struct scheduler *nth(unsigned int i)
{
    for (unsigned int k = 0; k < ARRAY_SIZE(modules); k++)
        if (modules[k] && i-- == 0)
            return modules[k];
    return NULL;
}

unsigned int sim_nr_modules(void)
{
    unsigned int n = 0;
    while (nth(n))
        n++;
    return n;
}

const char *sim_module_name(unsigned int i)
{
    const struct scheduler *m = nth(i);
    return m ? m->opt_name : NULL;
}

const struct scheduler *mod_find(const char *name)
{
    for (unsigned int i = 0; nth(i); i++)
        if (strcmp(nth(i)->opt_name, name) == 0)
            return nth(i);
    return NULL;
}

bool sim_module_exists(const char *name)
{
    return name && mod_find(name) != NULL;
}

const char *sim_default_module(void)
{
    return mod_find("credit") ? "credit" : sim_module_name(0);
}

/* Our list and the framework's must name the same modules in the same order. */
static void modules_check(void)
{
    char theirs[256], ours[256] = "";

    sched_list_modules(theirs, sizeof(theirs));
    for (unsigned int i = 0; nth(i); i++)
        snprintf(ours + strlen(ours), sizeof(ours) - strlen(ours), "%s%s", i ? " " : "",
                 nth(i)->opt_name);
    if (strcmp(theirs, ours) != 0)
        panic("sim/modules.c lists modules '%s' but sched/core.c has '%s': update "
              "modules[] in sim/modules.c", ours, theirs);
}

/* "sched_weight sched_cap" */
static void param_names(const struct scheduler *m, char *buf, size_t len)
{
    buf[0] = '\0';
    for (unsigned int i = 0; i < m->nr_params; i++)
        snprintf(buf + strlen(buf), len - strlen(buf), "%ssched_%s", i ? " " : "",
                 m->params[i].name);
}

int mod_check_param(const char *sched, const char *param, long value, char *err,
                    size_t errlen)
{
    const struct scheduler *m = mod_find(sched);
    const struct sched_param_desc *p = m ? sched_find_param(m, param) : NULL;
    char names[256];

    if (!m)
        return errf(err, errlen, -EINVAL, "unknown scheduler '%s'", sched);
    if (!p && m->nr_params == 0)
        return errf(err, errlen, -EINVAL, "unknown parameter 'sched_%s': scheduler '%s' has "
                    "no per-vcpu parameters", param, sched);
    if (!p) {
        param_names(m, names, sizeof(names));
        return errf(err, errlen, -EINVAL, "unknown parameter 'sched_%s' for scheduler '%s' "
                    "(its parameters: %s)", param, sched, names);
    }
    if (value < p->min || value > p->max)
        return errf(err, errlen, -ERANGE, "sched_%s=%ld is not in %ld..%ld (scheduler '%s')",
                    param, value, p->min, p->max, sched);
    return 0;
}

/* --- boot options ------------------------------------------------------------------- */

extern const struct kernel_param __start_hvsim_param[] __attribute__((weak));
extern const struct kernel_param __stop_hvsim_param[] __attribute__((weak));

static unsigned char *opt_defaults;         /* every option variable, as built */

static size_t nr_opts(void)
{
    return __start_hvsim_param ? (size_t)(__stop_hvsim_param - __start_hvsim_param) : 0;
}

/* The options a scenario may not set: the simulator owns them. */
static const struct { const char *name, *instead; } reserved[] = {
    { "sched", "use `sched = NAME` or --sched" },
    { "trace", "use hvsim --trace FILE" },
    { "sched_switch", "use `switch = NAME@MS`" },
};

static const char *reserved_opt(const char *name)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(reserved); i++)
        if (strcmp(name, reserved[i].name) == 0)
            return reserved[i].instead;
    return NULL;
}

/* Where option i's default value is kept in opt_defaults (NULL: no variable). */
static const void *opt_default(size_t i)
{
    size_t at = 0;
    for (size_t k = 0; k < i; k++)
        at += __start_hvsim_param[k].var ? __start_hvsim_param[k].len : 0;
    return __start_hvsim_param[i].var ? opt_defaults + at : NULL;
}

/* Keep a copy of every option variable as built, before anything changes one. */
static void opt_snapshot(void)
{
    size_t total = 0;

    if (opt_defaults)
        return;
    for (size_t i = 0; i < nr_opts(); i++)
        total += __start_hvsim_param[i].var ? __start_hvsim_param[i].len : 0;
    if (!(opt_defaults = malloc(total + 1)))
        panic("out of memory");
    for (size_t i = 0; i < nr_opts(); i++)
        if (__start_hvsim_param[i].var)
            memcpy((void *)opt_default(i), __start_hvsim_param[i].var,
                   __start_hvsim_param[i].len);
}

static void opt_restore(void)
{
    opt_snapshot();
    for (size_t i = 0; i < nr_opts(); i++)
        if (__start_hvsim_param[i].var)
            memcpy(__start_hvsim_param[i].var, opt_default(i), __start_hvsim_param[i].len);
}

/* A word of cmdline naming a reserved option? */
static int check_reserved(const char *cmdline, char *err, size_t errlen)
{
    char word[64];
    const char *p = cmdline;
    int used;

    while (sscanf(p, " %63[^= \t]%n", word, &used) == 1) {
        const char *name = strncmp(word, "no-", 3) == 0 ? word + 3 : word;
        if (reserved_opt(name))
            return errf(err, errlen, -EINVAL, "cmdline: option '%s' is the simulator's (%s)",
                        name, reserved_opt(name));
        p += used;
        p += strcspn(p, " \t");
    }
    return 0;
}

/* Reset every option to its default, then apply cmdline (NULL or "": none). */
int opt_apply(const char *cmdline, char *err, size_t errlen)
{
    char msg[256];
    int rc;

    modules_check();
    opt_restore();
    if (!cmdline || !*cmdline)
        return 0;
    if (!nr_opts())
        return errf(err, errlen, -EINVAL, "cmdline: this build has no boot options");
    if ((rc = check_reserved(cmdline, err, errlen)) != 0)
        return rc;
    shim_capture(msg, sizeof(msg));
    int errors = parse_params(cmdline, __start_hvsim_param, __stop_hvsim_param);
    shim_capture(NULL, 0);
    if (errors)
        return errf(err, errlen, -EINVAL, "%s", msg);
    return 0;
}

/* --- hvsim --list --------------------------------------------------------------------- */

static void print_module(FILE *f, const struct scheduler *m)
{
    fprintf(f, "%s - %s%s\n", m->opt_name, m->name,
            strcmp(m->opt_name, sim_default_module()) == 0 ? " (the default)" : "");
    if (m->nr_params == 0) {
        fprintf(f, "  no per-vcpu parameters\n\n");
        return;
    }
    fprintf(f, "  %-22s %-5s %10s %10s %11s  %s\n", "parameter", "unit", "default", "min",
            "max", "meaning");
    for (unsigned int i = 0; i < m->nr_params; i++) {
        const struct sched_param_desc *p = &m->params[i];
        char name[40];
        snprintf(name, sizeof(name), "sched_%s", p->name);
        fprintf(f, "  %-22s %-5s %10ld %10ld %11ld  %s\n", name,
                p->unit && *p->unit ? p->unit : "-", p->def, p->min, p->max,
                p->help ? p->help : "");
    }
    fprintf(f, "\n");
}

static void print_option(FILE *f, const struct kernel_param *kp, const void *def)
{
    switch (kp->type) {
    case PARAM_BOOL:
        fprintf(f, "  %s=%s\n", kp->name, *(const bool *)def ? "yes" : "no");
        break;
    case PARAM_ULONG: {
        unsigned long v = 0;
        memcpy(&v, def, MIN(kp->len, sizeof(v)));  /* little-endian host */
        fprintf(f, "  %s=%lu\n", kp->name, v);
        break;
    }
    case PARAM_STRING:
        fprintf(f, "  %s=%s\n", kp->name, (const char *)def);
        break;
    case PARAM_CUSTOM:
        break;
    }
}

void sim_print_modules(FILE *f)
{
    fprintf(f, "Scheduler modules built in (choose with `sched = NAME` or --sched NAME).\n"
               "Per-vcpu parameters go on vcpu lines: sched_<param>=VALUE.\n\n");
    for (unsigned int i = 0; nth(i); i++)
        print_module(f, nth(i));
    fprintf(f, "Boot options (`cmdline = NAME=VALUE ...` or --cmdline), with their defaults:\n");
    opt_snapshot();
    size_t order[128], n = 0;
    for (size_t i = 0; i < nr_opts() && n < ARRAY_SIZE(order); i++) {
        if (reserved_opt(__start_hvsim_param[i].name) || !opt_default(i))
            continue;
        size_t k = n++;                     /* insertion sort by name */
        while (k > 0 && strcmp(__start_hvsim_param[order[k - 1]].name,
                               __start_hvsim_param[i].name) > 0) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = i;
    }
    for (size_t k = 0; k < n; k++)
        print_option(f, &__start_hvsim_param[order[k]], opt_default(order[k]));
    if (!n)
        fprintf(f, "  (none)\n");
}
