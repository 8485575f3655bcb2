/*
 * sched/core.c - the scheduler framework: everything that is not policy.
 *
 * The framework owns, for every pCPU: a lock, the vcpu running there, the idle vcpu,
 * and the slice timer. Modules (sched/rr.c, ...) only decide *who* runs next and for
 * how long; the framework does the rest:
 *
 *   wake/sleep/block/yield  -> keep each vcpu's runstate and the module informed
 *   schedule()              -> ask the module (do_schedule), charge run time into the
 *                              runstates, arm the slice timer, switch contexts
 *   parameters              -> check them against the module's table, route them
 *   sched_switch()          -> move every vcpu to another module, while guests run
 *   trace points            -> every decision, in Xen's xentrace format
 *
 * schedule() runs only from the SCHEDULE softirq: on the way back to a guest, or in
 * the idle loop - never in the middle of other hypervisor code.
 */
#include <hestia/config.h>
#include <hestia/errno.h>
#include <hestia/lib.h>
#include <hestia/param.h>
#include <hestia/printk.h>
#include <hestia/sched.h>
#include <hestia/softirq.h>
#include <hestia/trace.h>
#include <hestia/xmalloc.h>

#include "sched.h"

struct sched_pcpu {
    spinlock_t lock;
    struct vcpu *curr;          /* running here now */
    struct vcpu *idle;          /* this pCPU's idle vcpu */
    struct timer s_timer;       /* end of the current slice */
    void *pdata;                /* the module's per-pCPU data */
};

static struct sched_pcpu pcpu[NR_CPUS];
static unsigned int nr_sched_cpus;

/*
 * The modules, by sched= name. Declared weak so that a module file can be left out
 * of a build (a missing one is skipped); the default is credit, as in Xen, when it
 * is there.
 */
extern struct scheduler sched_credit_def __attribute__((weak));
extern struct scheduler sched_edf_def __attribute__((weak));
extern struct scheduler sched_rt_def __attribute__((weak));
static struct scheduler *const schedulers[] = {
    &sched_credit_def, &sched_rr_def, &sched_edf_def, &sched_rt_def,
};
static struct scheduler *ops;

static char opt_sched[16] = "credit";
string_param("sched", opt_sched);

static struct domain idle_domain = { .domain_id = DOMID_IDLE, .name = "idle" };
static struct vcpu idle_vcpus[NR_CPUS];

struct vcpu *curr_on(unsigned int cpu) { return pcpu[cpu].curr; }
struct vcpu *idle_vcpu_of(unsigned int cpu) { return pcpu[cpu].idle; }
void *sched_pcpu_data(unsigned int cpu) { return pcpu[cpu].pdata; }
unsigned int sched_nr_cpus(void) { return nr_sched_cpus; }
unsigned int sched_nr_online_cpus(void) { return nr_sched_cpus; }
struct vcpu *current_vcpu(void) { return pcpu[smp_processor_id()].curr; }
const char *scheduler_name(void) { return ops->opt_name; }

/* Where a new vcpu starts: the pCPUs in turn, so domains spread out. */
static unsigned int next_initial_cpu;

unsigned int sched_initial_cpu(void)
{
    return __atomic_fetch_add(&next_initial_cpu, 1, __ATOMIC_RELAXED) % nr_sched_cpus;
}

bool vcpu_runnable(const struct vcpu *v)
{
    return v->pause_flags == 0;
}

void cpu_tickle(unsigned int cpu)
{
    cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
}

bool sched_trylock(unsigned int cpu)
{
    return spin_trylock(&pcpu[cpu].lock);
}

void sched_unlock(unsigned int cpu)
{
    spin_unlock(&pcpu[cpu].lock);
}

/*
 * Take the lock of v's pCPU. v->processor may change while we wait (another pCPU
 * migrating v holds both locks), so check again once we hold it.
 */
static unsigned int vcpu_schedule_lock(struct vcpu *v, unsigned long *flags)
{
    for (;;) {
        unsigned int cpu = __atomic_load_n(&v->processor, __ATOMIC_ACQUIRE);
        spin_lock_irqsave(&pcpu[cpu].lock, *flags);
        if (cpu == v->processor)
            return cpu;
        spin_unlock_irqrestore(&pcpu[cpu].lock, *flags);
    }
}

static void vcpu_schedule_unlock(unsigned int cpu, unsigned long flags)
{
    spin_unlock_irqrestore(&pcpu[cpu].lock, flags);
}

/* --- trace points -------------------------------------------------------------- */

static uint32_t dom_vcpu(const struct vcpu *v)
{
    return ((uint32_t)v->domain->domain_id << 16) | v->vcpu_id;
}

static void trace_vcpu(uint32_t event, const struct vcpu *v)
{
    uint32_t d = dom_vcpu(v);
    trace_var(event, 1, &d);
}

void sched_trace(unsigned int event, unsigned int nr, const uint32_t *data)
{
    trace_var(TRC_HESTIA_SCHED_MODULE + (event & 0xff), nr, data);
}

void vcpu_runstate_change(struct vcpu *v, int state, s_time_t now)
{
    s_time_t delta = now - v->runstate.state_entry_time;

    if (v->runstate.state != state)
        trace_vcpu(TRC_SCHED_RUNSTATE_CHANGE | ((uint32_t)v->runstate.state << 8) |
                   ((uint32_t)state << 4), v);
    if (delta > 0)
        v->runstate.time[v->runstate.state] += delta;
    v->runstate.state = state;
    v->runstate.state_entry_time = now;
}

/* The state a vcpu that is not running should be in. */
static int idle_state_of(const struct vcpu *v)
{
    if (v->pause_flags & VPF_blocked)
        return RUNSTATE_blocked;
    return vcpu_runnable(v) ? RUNSTATE_runnable : RUNSTATE_offline;
}

static void s_timer_fn(void *data)
{
    (void)data;
    trace_vcpu(TRC_HESTIA_SLICE_END, current);
    raise_softirq(SCHEDULE_SOFTIRQ);
}

/* --- parameters ------------------------------------------------------------------ */

const struct sched_param_desc *sched_find_param(const struct scheduler *s,
                                                const char *name)
{
    for (unsigned int i = 0; i < s->nr_params; i++)
        if (strcmp(s->params[i].name, name) == 0)
            return &s->params[i];
    return NULL;
}

/* "weight (1..65535) cap (0..100)": the active module's parameters, for messages. */
void sched_describe_params(char *buf, size_t len)
{
    size_t at = 0;
    buf[0] = '\0';
    for (unsigned int i = 0; i < ops->nr_params && at < len; i++)
        at += (size_t)snprintf(buf + at, len - at, "%s%s (%ld..%ld)", at ? " " : "",
                               ops->params[i].name, ops->params[i].min, ops->params[i].max);
    if (ops->nr_params == 0)
        snprintf(buf, len, "none");
}

int sched_get_param(struct vcpu *v, const char *name, long *value)
{
    unsigned long flags;
    if (!sched_find_param(ops, name))
        return -EINVAL;
    unsigned int cpu = vcpu_schedule_lock(v, &flags);
    int rc = ops->adjust(ops, v, name, value, false);
    vcpu_schedule_unlock(cpu, flags);
    return rc;
}

int sched_set_param(struct vcpu *v, const char *name, long value)
{
    const struct sched_param_desc *p = sched_find_param(ops, name);
    unsigned long flags;

    if (!p)
        return -EINVAL;
    if (value < p->min || value > p->max)
        return -ERANGE;
    unsigned int cpu = vcpu_schedule_lock(v, &flags);
    int rc = ops->adjust(ops, v, name, &value, true);
    vcpu_schedule_unlock(cpu, flags);
    if (rc == 0) {
        uint32_t d[2] = { dom_vcpu(v), (uint32_t)value };
        trace_var(TRC_SCHED_ADJDOM, 2, d);
        cpu_tickle(cpu);
    }
    return rc;
}

/*
 * Set several parameters of v at once. Parameters may depend on each other
 * (budget_us <= period_us), so one refused because of another's old value is tried
 * again after the rest; the first that still fails stops it (its index in *bad).
 */
int sched_set_params(struct vcpu *v, const char *const names[], const long values[],
                     unsigned int n, unsigned int *bad)
{
    bool retry[32] = { false };
    int rc = 0;

    if (n > ARRAY_SIZE(retry))
        return -E2BIG;
    for (unsigned int i = 0; i < n; i++)
        retry[i] = sched_set_param(v, names[i], values[i]) != 0;
    for (unsigned int i = 0; i < n; i++) {
        if (retry[i] && (rc = sched_set_param(v, names[i], values[i])) != 0) {
            if (bad)
                *bad = i;
            return rc;
        }
    }
    return 0;
}

/* --- vcpus joining, leaving, waking, sleeping ------------------------------------- */

int sched_init_vcpu(struct vcpu *v, unsigned int cpu)
{
    v->processor = cpu;
    v->runstate.state = RUNSTATE_offline;
    v->runstate.state_entry_time = NOW();
    v->sched_priv = ops->alloc_vdata(ops, v);
    if (!v->sched_priv)
        return -ENOMEM;

    unsigned long flags;
    spin_lock_irqsave(&pcpu[cpu].lock, flags);
    ops->insert_vcpu(ops, v);
    spin_unlock_irqrestore(&pcpu[cpu].lock, flags);
    trace_vcpu(TRC_SCHED_DOM_ADD, v);
    return 0;
}

void sched_destroy_vcpu(struct vcpu *v)
{
    unsigned long flags;

    BUG_ON(v->is_running);
    unsigned int cpu = vcpu_schedule_lock(v, &flags);
    ops->remove_vcpu(ops, v);
    vcpu_schedule_unlock(cpu, flags);
    ops->free_vdata(ops, v->sched_priv);
    v->sched_priv = NULL;
    trace_vcpu(TRC_SCHED_DOM_REM, v);
}

/* Move a vcpu that is not running to `to` (placement on wake). Holds from's lock. */
static unsigned int migrate(struct vcpu *v, unsigned int from, unsigned int to)
{
    if (to == from || to >= nr_sched_cpus)
        return from;
    /* Lock order: the lower-numbered pCPU first, so two migrations cannot deadlock. */
    if (to < from) {
        spin_unlock(&pcpu[from].lock);
        spin_lock(&pcpu[to].lock);
        spin_lock(&pcpu[from].lock);
    } else {
        spin_lock(&pcpu[to].lock);
    }
    if (v->processor != from || v->is_running) {      /* it moved meanwhile */
        spin_unlock(&pcpu[to].lock);
        return from;
    }
    v->processor = to;
    const uint32_t w[2] = { dom_vcpu(v), from << 16 | to };
    trace_var(TRC_HESTIA_SCHED_MIGRATE, 2, w);
    spin_unlock(&pcpu[from].lock);
    return to;
}

void vcpu_wake(struct vcpu *v)
{
    unsigned long flags;
    unsigned int cpu = vcpu_schedule_lock(v, &flags);

    if (vcpu_runnable(v)) {
        /*
         * A vcpu still on its pCPU is left alone: sched_context_saved hands it over.
         * One that looks runnable may not be queued (see sched_context_saved), so
         * the module is asked anyway; only one that was asleep is moved.
         */
        if (!v->is_running) {
            if (v->runstate.state != RUNSTATE_runnable) {
                if (ops->pick_cpu)
                    cpu = migrate(v, cpu, ops->pick_cpu(ops, v));
                vcpu_runstate_change(v, RUNSTATE_runnable, NOW());
                trace_vcpu(TRC_SCHED_WAKE, v);
            }
            ops->wake(ops, v);
        }
    } else if (!(v->pause_flags & VPF_blocked) && v->runstate.state == RUNSTATE_blocked) {
        vcpu_runstate_change(v, RUNSTATE_offline, NOW());   /* event came, still paused */
    }
    vcpu_schedule_unlock(cpu, flags);
}

void vcpu_sleep_nosync(struct vcpu *v)
{
    unsigned long flags;
    unsigned int cpu = vcpu_schedule_lock(v, &flags);

    if (!vcpu_runnable(v)) {
        if (v->is_running) {
            cpu_tickle(cpu);                /* stops at the next schedule() */
        } else if (v->runstate.state == RUNSTATE_runnable) {
            trace_vcpu(TRC_SCHED_SLEEP, v);
            ops->sleep(ops, v);
            vcpu_runstate_change(v, idle_state_of(v), NOW());
        }
    }
    vcpu_schedule_unlock(cpu, flags);
}

void vcpu_block(void)
{
    struct vcpu *v = current;

    __atomic_fetch_or(&v->pause_flags, VPF_blocked, __ATOMIC_SEQ_CST);
    /* An event that arrived before we set the flag must not be slept through. */
    if (vcpu_has_pending_events(v)) {
        __atomic_fetch_and(&v->pause_flags, ~VPF_blocked, __ATOMIC_SEQ_CST);
        return;
    }
    trace_vcpu(TRC_SCHED_BLOCK, v);
    raise_softirq(SCHEDULE_SOFTIRQ);
}

void vcpu_yield(void)
{
    struct vcpu *v = current;
    unsigned long flags;
    unsigned int cpu = vcpu_schedule_lock(v, &flags);

    trace_vcpu(TRC_SCHED_YIELD, v);
    ops->yield(ops, v);
    vcpu_schedule_unlock(cpu, flags);
    raise_softirq(SCHEDULE_SOFTIRQ);
}

/* --- the scheduler proper --------------------------------------------------------- */

void schedule(void)
{
    unsigned int cpu = smp_processor_id();
    struct sched_pcpu *sd = &pcpu[cpu];
    struct vcpu *prev = sd->curr;
    unsigned long flags;

    spin_lock_irqsave(&sd->lock, flags);
    s_time_t now = NOW();
    stop_timer(&sd->s_timer);
    struct task_slice slice = ops->do_schedule(ops, cpu, now);
    struct vcpu *next = slice.task;
    if (slice.time >= 0)
        set_timer(&sd->s_timer, now + slice.time);

    if (next == prev) {
        spin_unlock_irqrestore(&sd->lock, flags);
        trace_vcpu(TRC_SCHED_CONTINUE_RUNNING, next);
        return;
    }
    BUG_ON(next->is_running);
    vcpu_runstate_change(prev, is_idle_vcpu(prev) ? RUNSTATE_running : idle_state_of(prev), now);
    vcpu_runstate_change(next, RUNSTATE_running, now);
    /*
     * A guest prev stays is_running until context_switch has saved its registers
     * (sched_context_saved); the idle vcpu has nothing to save.
     */
    if (is_idle_vcpu(prev))
        prev->is_running = false;
    next->is_running = true;
    next->processor = cpu;
    sd->curr = next;
    spin_unlock_irqrestore(&sd->lock, flags);

    uint32_t sw[4] = { prev->domain->domain_id, prev->vcpu_id,
                       next->domain->domain_id, next->vcpu_id };
    trace_var(TRC_SCHED_SWITCH, 4, sw);

    /* A domain that shut down can be freed once its vcpu is off the pCPU. */
    if (prev->domain->state == DOMSTATE_shutdown)
        raise_softirq(DOMAIN_REAP_SOFTIRQ);

    context_switch(prev, next);
}

/*
 * context_switch() has saved prev's registers: another pCPU may run it now. If it
 * was woken while being switched away (vcpu_wake saw it still running and left it
 * alone), hand it to the module now.
 *
 * That includes a wake-up that raced with schedule() itself: the waker clears
 * VPF_blocked without our lock, so do_schedule may have seen prev blocked (and not
 * queued it) while schedule() a moment later saw it runnable and set its runstate
 * to runnable. Only the module knows whether prev is queued, so a runnable prev is
 * always offered to it; wake ignores a vcpu it already holds.
 */
void sched_context_saved(struct vcpu *prev)
{
    unsigned long flags;

    if (is_idle_vcpu(prev))
        return;
    unsigned int cpu = vcpu_schedule_lock(prev, &flags);
    __atomic_store_n(&prev->is_running, false, __ATOMIC_RELEASE);
    if (vcpu_runnable(prev)) {
        if (prev->runstate.state != RUNSTATE_runnable)
            vcpu_runstate_change(prev, RUNSTATE_runnable, NOW());
        ops->wake(ops, prev);
    }
    vcpu_schedule_unlock(cpu, flags);
}

/* --- choosing and switching modules ------------------------------------------------ */

static struct scheduler *find_scheduler(const char *name)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(schedulers); i++)
        if (schedulers[i] && strcmp(schedulers[i]->opt_name, name) == 0)
            return schedulers[i];
    return NULL;
}

/* The first module built in, for when the one asked for is not. */
static struct scheduler *fallback_scheduler(void)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(schedulers); i++)
        if (schedulers[i])
            return schedulers[i];
    return &sched_rr_def;
}

/* The names of the modules built in, for error messages and `sched-get`. */
void sched_list_modules(char *buf, size_t len)
{
    size_t at = 0;
    buf[0] = '\0';
    for (unsigned int i = 0; i < ARRAY_SIZE(schedulers); i++)
        if (schedulers[i] && at < len)
            at += (size_t)snprintf(buf + at, len - at, "%s%s", at ? " " : "",
                                   schedulers[i]->opt_name);
}

static void init_idle_vcpu(unsigned int cpu)
{
    struct vcpu *v = &idle_vcpus[cpu];
    v->vcpu_id = cpu;
    v->domain = &idle_domain;
    v->processor = cpu;
    v->is_running = true;
    v->runstate.state = RUNSTATE_running;
    pcpu[cpu].idle = pcpu[cpu].curr = v;
}

void scheduler_init(unsigned int nr_cpus)
{
    if (scheduler_init_with(nr_cpus, opt_sched) != 0) {
        char names[64];
        sched_list_modules(names, sizeof(names));
        printk(XENLOG_WARNING "sched: unknown scheduler '%s' (have: %s); using '%s'\n",
               opt_sched, names, fallback_scheduler()->opt_name);
        scheduler_init_with(nr_cpus, fallback_scheduler()->opt_name);
    }
}

int scheduler_init_with(unsigned int nr_cpus, const char *name)
{
    next_initial_cpu = 0;
    ops = find_scheduler(name);
    if (!ops)
        return -EINVAL;
    if (ops->init && ops->init(ops) != 0)
        panic("sched: %s failed to initialise", ops->name);

    nr_sched_cpus = nr_cpus;
    for (unsigned int cpu = 0; cpu < nr_cpus; cpu++) {
        spin_lock_init(&pcpu[cpu].lock);
        init_idle_vcpu(cpu);
        init_timer(&pcpu[cpu].s_timer, s_timer_fn, NULL, cpu);
        pcpu[cpu].pdata = ops->alloc_pdata ? ops->alloc_pdata(ops, cpu) : NULL;
    }
    open_softirq(SCHEDULE_SOFTIRQ, schedule);
    printk("sched: sched=%s (%s) on %u pCPU%s\n", ops->opt_name, ops->name,
           nr_cpus, nr_cpus == 1 ? "" : "s");
    return 0;
}

/*
 * Undo scheduler_init (host programs: the simulator runs many scenarios in one
 * process). Every vcpu must have left (sched_destroy_vcpu) first.
 */
void scheduler_shutdown(void)
{
    for (unsigned int cpu = 0; cpu < nr_sched_cpus; cpu++) {
        stop_timer(&pcpu[cpu].s_timer);
        if (ops->free_pdata)
            ops->free_pdata(ops, pcpu[cpu].pdata, cpu);
        pcpu[cpu].pdata = NULL;
    }
    if (ops->deinit)
        ops->deinit(ops);
    nr_sched_cpus = 0;
}

/*
 * Switch the whole system to another module while guests run (sched=NAME at run
 * time). Everything that may allocate happens first, with no lock held; then, with
 * every pCPU's lock taken (in pCPU order), each vcpu leaves the old module and joins
 * the new one carrying every parameter the new module also has (same name), the
 * others at the new module's defaults. No vcpu is lost or duplicated: each is
 * removed once and inserted once, and its runstate is untouched.
 */
struct switch_item {
    struct vcpu *v;
    void *new_vdata;
};

static unsigned int count_vcpus(void)
{
    struct domain *d;
    struct vcpu *v;
    unsigned int n = 0;
    for_each_domain(d)
        for_each_vcpu(d, v)
            n++;
    return n;
}

static int collect_vcpus(struct switch_item *items, unsigned int max, unsigned int *n,
                         struct scheduler *to)
{
    struct domain *d;
    struct vcpu *v;

    *n = 0;
    for_each_domain(d)
        for_each_vcpu(d, v) {
            if (*n == max)
                return -ENOSPC;
            items[*n].v = v;
            items[*n].new_vdata = to->alloc_vdata(to, v);
            if (!items[(*n)++].new_vdata)
                return -ENOMEM;
        }
    return 0;
}

/*
 * Give one vcpu to the new module (all locks held, the old module has already let
 * it go): every parameter the new module also has keeps its value.
 */
static void move_vcpu(struct scheduler *from, struct scheduler *to, struct switch_item *it)
{
    struct vcpu *v = it->v;
    void *old_vdata = v->sched_priv;

    bool retry[16] = { false };
    long values[16];

    /* Two passes: a parameter may be refused until another is set (budget <= period). */
    for (unsigned int pass = 0; pass < 2; pass++) {
        for (unsigned int i = 0; i < from->nr_params && i < ARRAY_SIZE(values); i++) {
            const char *name = from->params[i].name;
            const struct sched_param_desc *p = sched_find_param(to, name);
            if (pass == 0) {
                v->sched_priv = old_vdata;
                int rc = from->adjust(from, v, name, &values[i], false);
                v->sched_priv = it->new_vdata;
                retry[i] = rc == 0 && p && values[i] >= p->min && values[i] <= p->max;
                if (!retry[i])
                    continue;
            } else if (!retry[i]) {
                continue;
            }
            retry[i] = to->adjust(to, v, name, &values[i], true) != 0;
        }
    }
    v->sched_priv = it->new_vdata;
    to->insert_vcpu(to, v);
    it->new_vdata = old_vdata;          /* freed once the locks are dropped */
}

int sched_switch(const char *name)
{
    struct scheduler *to = find_scheduler(name), *from = ops;
    static void *new_pdata[NR_CPUS], *old_pdata[NR_CPUS];
    unsigned int n = 0, max;
    unsigned long flags;
    int rc;

    if (!to)
        return -EINVAL;
    if (to == from) {
        printk("sched: already using %s\n", to->opt_name);
        return 0;
    }
    /* Domains are not created or destroyed while we switch (callers ensure it). */
    max = count_vcpus();
    struct switch_item *items = xzalloc_array(struct switch_item, max ? max : 1);
    if (!items)
        return -ENOMEM;
    if (to->init && (rc = to->init(to)) != 0) {
        xfree(items);
        return rc;
    }
    for (unsigned int cpu = 0; cpu < nr_sched_cpus; cpu++)
        new_pdata[cpu] = to->alloc_pdata ? to->alloc_pdata(to, cpu) : NULL;
    if ((rc = collect_vcpus(items, max, &n, to)) != 0) {
        for (unsigned int i = 0; i < n; i++)
            if (items[i].new_vdata)
                to->free_vdata(to, items[i].new_vdata);
        for (unsigned int cpu = 0; cpu < nr_sched_cpus; cpu++)
            if (to->free_pdata)
                to->free_pdata(to, new_pdata[cpu], cpu);
        if (to->deinit)
            to->deinit(to);
        xfree(items);
        return rc;
    }

    flags = local_irq_save();
    for (unsigned int cpu = 0; cpu < nr_sched_cpus; cpu++)
        spin_lock(&pcpu[cpu].lock);
    for (unsigned int i = 0; i < n; i++)        /* out of the old module ... */
        from->remove_vcpu(from, items[i].v);
    for (unsigned int cpu = 0; cpu < nr_sched_cpus; cpu++) {
        old_pdata[cpu] = pcpu[cpu].pdata;
        pcpu[cpu].pdata = new_pdata[cpu];
    }
    ops = to;
    for (unsigned int i = 0; i < n; i++)        /* ... into the new one */
        move_vcpu(from, to, &items[i]);
    for (unsigned int cpu = nr_sched_cpus; cpu-- > 0; )
        spin_unlock(&pcpu[cpu].lock);
    local_irq_restore(flags);

    for (unsigned int i = 0; i < n; i++)
        from->free_vdata(from, items[i].new_vdata);
    xfree(items);
    for (unsigned int cpu = 0; cpu < nr_sched_cpus; cpu++)
        if (from->free_pdata)
            from->free_pdata(from, old_pdata[cpu], cpu);
    if (from->deinit)
        from->deinit(from);

    uint32_t d = n;
    trace_var(TRC_HESTIA_SCHED_SWITCH_MODULE, 1, &d);
    printk("sched: switched from %s to %s (%u vcpus moved)\n", from->opt_name,
           to->opt_name, n);
    for (unsigned int cpu = 0; cpu < nr_sched_cpus; cpu++)
        cpu_tickle(cpu);
    return 0;
}

/*
 * sched_switch=NAME@MS[,NAME@MS...]: switch to module NAME MS milliseconds after the
 * boot domains start - how tests show that the scheduler can be switched while
 * guests run (dom0 will offer the same through its toolstack). The timer only
 * raises a softirq: the switch allocates, so it runs where that is allowed.
 */
#define MAX_BOOT_SWITCHES 4
static struct { char to[16]; unsigned long ms; } boot_switches[MAX_BOOT_SWITCHES];
static unsigned int nr_boot_switches, next_boot_switch;
static struct timer boot_switch_timer;
static s_time_t boot_switch_base;

static int parse_sched_switch(const char *s)
{
    nr_boot_switches = 0;
    while (s && *s) {
        const char *comma = strchr(s, ',');
        size_t len = comma ? (size_t)(comma - s) : strlen(s);
        const char *at = memchr(s, '@', len);
        size_t nlen = at ? (size_t)(at - s) : 0;
        bool ok;
        if (!at || nlen == 0 || nlen >= sizeof(boot_switches[0].to) ||
            nr_boot_switches == MAX_BOOT_SWITCHES)
            return -EINVAL;
        const char *end = parse_ulong(at + 1, &boot_switches[nr_boot_switches].ms, &ok);
        if (!ok || end != s + len)
            return -EINVAL;
        memcpy(boot_switches[nr_boot_switches].to, s, nlen);
        boot_switches[nr_boot_switches++].to[nlen] = '\0';
        s += len + (comma ? 1 : 0);
    }
    return 0;
}
custom_param("sched_switch", parse_sched_switch);

static void arm_next_switch(void)
{
    if (next_boot_switch < nr_boot_switches)
        set_timer(&boot_switch_timer,
                  boot_switch_base + MILLISECS(boot_switches[next_boot_switch].ms));
}

static void boot_switch_softirq(void)
{
    const char *to = boot_switches[next_boot_switch].to;
    int rc = sched_switch(to);
    if (rc)
        printk(XENLOG_ERR "sched: switching to '%s' failed (%d)\n", to, rc);
    next_boot_switch++;
    arm_next_switch();
}

static void boot_switch_fn(void *data)
{
    (void)data;
    raise_softirq(SCHED_SWITCH_SOFTIRQ);
}

void sched_arm_boot_switch(void)
{
    if (nr_boot_switches == 0)
        return;
    open_softirq(SCHED_SWITCH_SOFTIRQ, boot_switch_softirq);
    init_timer(&boot_switch_timer, boot_switch_fn, NULL, smp_processor_id());
    boot_switch_base = NOW();
    for (unsigned int i = 0; i < nr_boot_switches; i++)
        printk("sched: will switch to '%s' at %lu ms\n", boot_switches[i].to,
               boot_switches[i].ms);
    arm_next_switch();
}
