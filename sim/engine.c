/*
 * sim/engine.c - the event loop: virtual time, pCPUs and vcpus.
 *
 * The simulator is a discrete-event loop around the real framework. Virtual time
 * (sim->now, returned by NOW()) jumps to the next thing that can happen:
 *
 *   - a pCPU's timer deadline (the framework's slice timer, a module's timers),
 *   - a workload event (a periodic release, the end of an I/O wait or a sleep),
 *   - a running vcpu finishing the CPU work it wanted (now + need),
 *   - the end of the run.
 *
 * One step at time T:
 *
 *   1. charge every running vcpu for the time since the last step (its need shrinks);
 *   2. workloads react: a running vcpu whose work is done (pCPU order) blocks
 *      (vcpu_block on its pCPU, as the guest's SCHEDOP_block would), then due events
 *      wake vcpus (vcpu_wake), in vcpu (scenario) order - repeated until nothing more
 *      is due at T;
 *   3. the pCPUs run, in pCPU order: each one's timer "interrupt" fires
 *      (timer_softirq_action), then its pending softirqs run (do_softirq: schedule(),
 *      context_switch() - which longjmps back here). Repeated until a pass changes
 *      nothing, since one pCPU's work can raise softirqs or arm timers on another;
 *   4. wake latencies are measured, the trace is flushed when its buffers fill.
 *
 * Everything is iterated in a fixed order and nothing depends on the host (no wall
 * clock, no addresses), so a run is reproducible to the byte. A step costs
 * O(pCPUs + log vcpus): the engine keeps the vcpu running on each pCPU, and the
 * workloads' next events in a heap ordered by (time, vcpu index).
 *
 * Accounting: a vcpu's runtime is charged from timestamps (switched in at T1, charged
 * up to T2); the framework keeps its own runstate times, and the two must agree.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hestia/domain.h>
#include <hestia/sched.h>
#include <hestia/softirq.h>
#include <hestia/timer.h>
#include <hestia/trace.h>

#include "../sched/sched.h"
#include "sim_int.h"

/* A step is repeated at the same time at most this often before we call it a livelock. */
#define SAME_TIME_LIMIT 100000

static struct sim_vcpu *sv_of(struct vcpu *v)
{
    return container_of(v, struct sim_vcpu, vcpu);
}

/* --- accounting ------------------------------------------------------------------- */

static void charge(struct sim *s, struct sim_vcpu *v)
{
    if (!v->on_cpu)
        return;
    s_time_t ran = s->now - v->since;
    v->runtime += ran;
    if (v->need != SIM_FOREVER)
        v->need = ran < v->need ? v->need - ran : 0;
    v->since = s->now;
}

static void charge_all(struct sim *s)
{
    for (unsigned int cpu = 0; cpu < s->nr_cpus; cpu++)
        if (s->running[cpu])
            charge(s, s->running[cpu]);
}

static void add_latency(struct sim_vcpu *v, s_time_t lat)
{
    if (v->nr_lat == v->cap_lat) {
        size_t cap = v->cap_lat ? v->cap_lat * 2 : 64;
        s_time_t *p = realloc(v->lat, cap * sizeof(*p));
        if (!p)
            panic("out of memory for wake latencies");
        v->lat = p;
        v->cap_lat = cap;
    }
    v->lat[v->nr_lat++] = lat;
}

/* A woken vcpu is on its pCPU: the wake has been served. */
static void served(struct sim *s, struct sim_vcpu *v)
{
    if (v->wake_at >= 0) {
        add_latency(v, s->now - v->wake_at);
        v->wake_at = -1;
    }
}

/* context_switch() tells us, before it jumps back: next runs on cur_cpu from now. */
void engine_switched(struct sim *s, struct vcpu *prev, struct vcpu *next)
{
    if (!is_idle_vcpu(prev)) {
        struct sim_vcpu *p = sv_of(prev);
        charge(s, p);
        p->on_cpu = false;
    }
    s->running[s->cur_cpu] = NULL;
    if (!is_idle_vcpu(next)) {
        struct sim_vcpu *n = sv_of(next);
        s->running[s->cur_cpu] = n;
        n->on_cpu = true;
        n->since = s->now;
        n->switches++;
        if (vcpu_runnable(next))
            served(s, n);
    }
}

/* --- services for workloads --------------------------------------------------------- */

/*
 * v wants `need` ns of CPU from now on. If its workload had blocked it, it wakes:
 * runnable again (VPF_blocked cleared), vcpu_wake() on its pCPU - as if the event
 * that ends the wait (a timer, an I/O completion) arrived there.
 */
void wl_wake(struct sim *s, struct sim_vcpu *v, s_time_t need)
{
    v->need = need;
    if (!v->waiting)
        return;
    v->waiting = false;
    v->wake_at = s->now;
    s->cur_cpu = v->vcpu.processor;
    __atomic_fetch_and(&v->vcpu.pause_flags, ~VPF_blocked, __ATOMIC_SEQ_CST);
    vcpu_wake(&v->vcpu);
}

/*
 * The running vcpu v blocks (its job is done, it waits for I/O or sleeps): exactly
 * what SCHEDOP_block does for the current vcpu of a pCPU - vcpu_block() sets
 * VPF_blocked and raises SCHEDULE_SOFTIRQ there; the switch happens in step 3.
 */
void wl_block(struct sim *s, struct sim_vcpu *v)
{
    if (!v->on_cpu)
        panic("%s blocks but is not running", v->name);
    v->waiting = true;
    v->need = 0;
    s->cur_cpu = v->vcpu.processor;
    if (current != &v->vcpu)
        panic("%s is not current on pCPU %u", v->name, s->cur_cpu);
    vcpu_block();
}

/* --- the pCPUs ------------------------------------------------------------------------ */

/* Run cpu's pending softirqs; a context switch longjmps back to the setjmp. */
static void run_softirqs(struct sim *s, unsigned int cpu)
{
    volatile unsigned int rounds = 0;

    while (softirq_pending(cpu)) {
        if (++rounds > 10000)
            panic("pCPU %u: softirqs keep coming back", cpu);
        s->cur_cpu = cpu;
        s->jmp_armed = true;
        if (setjmp(s->switch_jmp) == 0)
            do_softirq();
        s->jmp_armed = false;
    }
}

/*
 * A pCPU's one-shot timer, as programmed by the framework (reprogram_timer), must be
 * for its queue's earliest timer once the pCPUs are quiet; otherwise a timer would be
 * lost on the real hardware too. Checked after every step.
 */
static void check_timers(const struct sim *s)
{
    for (unsigned int cpu = 0; cpu < s->nr_cpus; cpu++)
        if (s->deadline[cpu] != timer_next_deadline(cpu))
            panic("pCPU %u: timer programmed for %lld, but its earliest timer is at %lld",
                  cpu, (long long)s->deadline[cpu], (long long)timer_next_deadline(cpu));
}

/*
 * Step 3: timer interrupts, then softirqs, pCPU by pCPU, until a whole pass finds
 * nothing to do. A pCPU's timer interrupt comes when the time reaches what it
 * programmed with reprogram_timer(); timer_softirq_action() then runs the due timers
 * and programs the next one. One pCPU's work can raise softirqs on another (a
 * tickle, a timer set on another pCPU's queue: TIMER_SOFTIRQ), hence the passes.
 */
void engine_run_cpus(struct sim *s)
{
    for (unsigned int pass = 0;; pass++) {
        bool busy = false;

        if (pass > 1000)
            panic("t=%lld: timers and softirqs keep firing", (long long)s->now);
        for (unsigned int cpu = 0; cpu < s->nr_cpus; cpu++)
            if (s->deadline[cpu] <= s->now) {
                s->cur_cpu = cpu;
                timer_softirq_action(cpu);
                busy = true;
            }
        for (unsigned int cpu = 0; cpu < s->nr_cpus; cpu++)
            if (softirq_pending(cpu)) {
                run_softirqs(s, cpu);
                busy = true;
            }
        if (!busy)
            return;
    }
}

/* --- workload events: a binary heap ordered by (next_time, vcpu index) ---------------- */

static bool before(const struct sim_vcpu *a, const struct sim_vcpu *b)
{
    return a->next_time < b->next_time || (a->next_time == b->next_time && a->index < b->index);
}

static void heap_put(struct sim *s, unsigned int pos, struct sim_vcpu *v)
{
    s->events[pos] = v;
    v->heap_pos = pos;
}

/* v's next_time changed: move it up or down to its place. */
static void heap_fix(struct sim *s, struct sim_vcpu *v)
{
    unsigned int pos = v->heap_pos;

    while (pos > 0 && before(v, s->events[(pos - 1) / 2])) {
        heap_put(s, pos, s->events[(pos - 1) / 2]);
        pos = (pos - 1) / 2;
    }
    for (;;) {
        unsigned int child = 2 * pos + 1;
        if (child >= s->nr_vcpus)
            break;
        if (child + 1 < s->nr_vcpus && before(s->events[child + 1], s->events[child]))
            child++;
        if (!before(s->events[child], v))
            break;
        heap_put(s, pos, s->events[child]);
        pos = child;
    }
    heap_put(s, pos, v);
}

/* --- the event loop --------------------------------------------------------------------- */

static bool work_done(const struct sim_vcpu *v)
{
    return v && v->on_cpu && !v->waiting && v->need == 0;
}

/* Step 2: let workloads react to what is due now; true if anything happened. */
static bool run_workloads(struct sim *s)
{
    bool any = false;

    for (unsigned int cpu = 0; cpu < s->nr_cpus; cpu++) {
        struct sim_vcpu *v = s->running[cpu];
        if (work_done(v)) {
            v->wl->done(s, v);
            heap_fix(s, v);
            any = true;
        }
    }
    while (s->nr_vcpus && s->events[0]->next_time <= s->now) {
        struct sim_vcpu *v = s->events[0];
        s_time_t was = v->next_time;
        v->wl->event(s, v);
        if (v->next_time <= was)
            panic("workload %s of %s: event() did not move next_time", v->wl->name, v->name);
        heap_fix(s, v);
        any = true;
    }
    return any;
}

static void step(struct sim *s)
{
    unsigned int rounds = 0;

    charge_all(s);
    while (run_workloads(s))
        if (++rounds > SAME_TIME_LIMIT)
            panic("t=%lld: workloads keep reacting", (long long)s->now);
    engine_run_cpus(s);
    /* A vcpu woken while it was still current (it blocked and woke at once) is served. */
    for (unsigned int cpu = 0; cpu < s->nr_cpus; cpu++) {
        struct sim_vcpu *v = s->running[cpu];
        if (v && v->wake_at >= 0 && vcpu_runnable(&v->vcpu))
            served(s, v);
    }
    check_timers(s);
    traceout_step(s);
}

static s_time_t next_event(const struct sim *s)
{
    s_time_t t = s->nr_vcpus ? s->events[0]->next_time : STIME_MAX;

    for (unsigned int cpu = 0; cpu < s->nr_cpus; cpu++) {
        const struct sim_vcpu *v = s->running[cpu];
        t = MIN(t, s->deadline[cpu]);
        if (v && !v->waiting && v->need != SIM_FOREVER)
            t = MIN(t, v->since + v->need);
    }
    return t;
}

/*
 * Run [now, t_end): every event before t_end happens; what is due at exactly t_end
 * is left for the next call (so a job finishing at t_end is not counted yet, and a
 * switch at t_end is not a switch of this run). Running time is charged up to t_end.
 */
int sim_run_until(struct sim *s, int64_t t_end)
{
    unsigned int same = 0;

    if (t_end < s->now)
        return -EINVAL;
    while (s->now < t_end) {
        step(s);
        s_time_t next = next_event(s);
        if (next >= t_end)
            break;
        if (next <= s->now) {
            if (++same > SAME_TIME_LIMIT)
                panic("t=%lld: time does not advance (a zero time slice?)",
                      (long long)s->now);
            next = s->now;
        } else {
            same = 0;
        }
        s->now = next;
    }
    s->now = t_end;
    charge_all(s);
    traceout_flush(s);
    return 0;
}

/* Check every switch of cfg before running anything. */
static int check_switches(const struct sim_config *cfg, char *err, size_t errlen)
{
    for (unsigned int i = 0; i < cfg->nr_switches; i++) {
        if (!sim_module_exists(cfg->switches[i].sched))
            return errf(err, errlen, -EINVAL, "switch: unknown scheduler '%s'",
                        cfg->switches[i].sched);
        if (cfg->switches[i].at_ns >= cfg->duration_ns)
            return errf(err, errlen, -EINVAL, "switch: %s@%lld is not before the end of the "
                        "run (%lld ms)", cfg->switches[i].sched,
                        (long long)(cfg->switches[i].at_ns / 1000000),
                        (long long)(cfg->duration_ns / 1000000));
    }
    return 0;
}

int sim_run_config(struct sim *s, const struct sim_config *cfg, char *err, size_t errlen)
{
    int rc = check_switches(cfg, err, errlen);

    for (unsigned int i = 0; rc == 0 && i < cfg->nr_switches; i++) {
        sim_run_until(s, MAX(s->now, cfg->switches[i].at_ns));
        if ((rc = sim_switch(s, cfg->switches[i].sched)) != 0)
            return errf(err, errlen, rc, "switch: switching to '%s' failed (error %d)",
                        cfg->switches[i].sched, rc);
    }
    return rc ? rc : sim_run_until(s, MAX(s->now, cfg->duration_ns));
}

int64_t sim_now(const struct sim *s)
{
    return s->now;
}

/* --- vcpus ----------------------------------------------------------------------------- */

static void unlink_vcpu(struct sim *s, struct sim_vcpu *v)
{
    list_del(&v->dom.domain_list);
    free(v->lat);
    free(v);
}

static int set_params(struct sim_vcpu *v, const struct vcpu_spec *spec, char *err,
                      size_t errlen)
{
    const char *names[32];
    unsigned int bad = 0;

    for (unsigned int i = 0; i < spec->nr_params && i < 32; i++)
        names[i] = spec->param[i];
    /* All at once: dependent parameters (budget <= period) may come in any order. */
    int rc = sched_set_params(&v->vcpu, names, spec->value, spec->nr_params, &bad);
    if (rc)
        return errf(err, errlen, rc, "sched_%s=%ld rejected by scheduler '%s' (error %d)",
                    spec->param[bad], spec->value[bad], scheduler_name(), rc);
    return 0;
}

/* A one-vcpu domain for v, on domain_list (sched_switch walks it). */
static void init_domain(struct sim_vcpu *v)
{
    struct domain *d = &v->dom;

    d->domain_id = (domid_t)(v->index + 1);
    snprintf(d->name, sizeof(d->name), "%s", v->name);
    d->state = DOMSTATE_running;
    d->max_vcpus = 1;
    d->vcpu[0] = &v->vcpu;
    INIT_LIST_HEAD(&d->page_list);
    list_add_tail(&d->domain_list, &domain_list);
    v->vcpu.vcpu_id = 0;
    v->vcpu.domain = d;
    v->vcpu.pause_flags = VPF_blocked;      /* not runnable until its workload wakes it */
}

int engine_add_vcpu(struct sim *s, const struct vcpu_spec *spec, char *err, size_t errlen)
{
    if (s->nr_vcpus == SIM_MAX_VCPUS)
        return errf(err, errlen, -ENOSPC, "too many vcpus (at most %d)", SIM_MAX_VCPUS);
    for (unsigned int i = 0; i < s->nr_vcpus; i++)
        if (strcmp(s->vcpus[i]->name, spec->name) == 0)
            return errf(err, errlen, -EEXIST, "duplicate vcpu name '%s'", spec->name);
    if (spec->pcpu >= (int)s->nr_cpus)
        return errf(err, errlen, -EINVAL, "pcpu=%d, but the run has %u pCPU%s (0..%u)",
                    spec->pcpu, s->nr_cpus, s->nr_cpus == 1 ? "" : "s", s->nr_cpus - 1);
    for (unsigned int i = 0; i < spec->nr_params; i++) {
        int rc = mod_check_param(scheduler_name(), spec->param[i], spec->value[i], err,
                                 errlen);
        if (rc)
            return rc;
    }

    struct sim_vcpu *v = calloc(1, sizeof(*v));
    if (!v)
        return errf(err, errlen, -ENOMEM, "out of memory");
    snprintf(v->name, sizeof(v->name), "%s", spec->name);
    v->index = s->nr_vcpus;
    v->wl = spec->wl;
    memcpy(v->arg, spec->arg, sizeof(v->arg));
    v->waiting = true;
    v->wake_at = -1;
    v->next_time = STIME_MAX;
    init_domain(v);

    unsigned int cpu = spec->pcpu >= 0 ? (unsigned int)spec->pcpu : v->index % s->nr_cpus;
    s->cur_cpu = cpu;
    int rc = sched_init_vcpu(&v->vcpu, cpu);
    if (rc) {
        unlink_vcpu(s, v);
        return errf(err, errlen, rc, "the scheduler could not add vcpu '%s' (error %d)",
                    spec->name, rc);
    }
    if ((rc = set_params(v, spec, err, errlen)) != 0) {
        sched_destroy_vcpu(&v->vcpu);
        unlink_vcpu(s, v);
        return rc;
    }
    s->vcpus[s->nr_vcpus++] = v;
    heap_put(s, s->nr_vcpus - 1, v);
    wl_seed(v, s->seed);
    v->wl->start(s, v);
    heap_fix(s, v);
    return 0;
}

unsigned int sim_nr_vcpus(const struct sim *s)
{
    return s->nr_vcpus;
}

/* Parameter names may carry the scenario's sched_ prefix. */
static const char *bare_param(const char *name)
{
    return strncmp(name, "sched_", 6) == 0 ? name + 6 : name;
}

int sim_get_param(struct sim *s, unsigned int i, const char *param, long *value)
{
    if (i >= s->nr_vcpus)
        return -EINVAL;
    return sched_get_param(&s->vcpus[i]->vcpu, bare_param(param), value);
}

int sim_set_param(struct sim *s, unsigned int i, const char *param, long value)
{
    if (i >= s->nr_vcpus)
        return -EINVAL;
    s->cur_cpu = s->vcpus[i]->vcpu.processor;
    int rc = sched_set_param(&s->vcpus[i]->vcpu, bare_param(param), value);
    engine_run_cpus(s);                     /* the module may want to reschedule */
    return rc;
}

/* --- life cycle ------------------------------------------------------------------------- */

struct sim *sim_create_config(const struct sim_config *cfg, char *err, size_t errlen)
{
    const char *name = cfg->sched[0] ? cfg->sched : sim_default_module();

    if (the_sim) {
        errf(err, errlen, -EBUSY, "another simulator exists (one at a time)");
        return NULL;
    }
    if (!sim_module_exists(name)) {
        char names[128] = "";
        for (unsigned int i = 0; i < sim_nr_modules(); i++)
            snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
                     i ? " " : "", sim_module_name(i));
        errf(err, errlen, -EINVAL, "unknown scheduler '%s' (built in: %s)", name, names);
        return NULL;
    }
    if (cfg->pcpus < 1 || cfg->pcpus > SIM_MAX_PCPUS) {
        errf(err, errlen, -EINVAL, "pcpus=%u is not in 1..%d", cfg->pcpus, SIM_MAX_PCPUS);
        return NULL;
    }
    if (opt_apply(cfg->cmdline, err, errlen) != 0)
        return NULL;

    struct sim *s = calloc(1, sizeof(*s));
    if (!s) {
        errf(err, errlen, -ENOMEM, "out of memory");
        return NULL;
    }
    s->nr_cpus = cfg->pcpus;
    s->seed = cfg->seed;
    for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
        s->deadline[cpu] = STIME_MAX;
    the_sim = s;
    trace_class_mask = 0;
    timers_init(s->nr_cpus);
    if (scheduler_init_with(s->nr_cpus, name) != 0)
        panic("scheduler_init_with(%s) failed", name);
    engine_run_cpus(s);     /* softirqs an earlier simulator left pending: harmless */
    return s;
}

struct sim *sim_create(const char *sched, unsigned int pcpus, uint64_t seed)
{
    struct sim_config cfg;
    char err[256];

    sim_config_default(&cfg);
    snprintf(cfg.sched, sizeof(cfg.sched), "%s", sched ? sched : "");
    cfg.pcpus = pcpus;
    cfg.seed = seed;
    struct sim *s = sim_create_config(&cfg, err, sizeof(err));
    if (!s)
        fprintf(stderr, "sim_create: %s\n", err);
    return s;
}

/*
 * Pause every vcpu so that the pCPUs go idle, then take each out of the scheduler,
 * as domain destruction does in the hypervisor.
 */
void sim_destroy(struct sim *s)
{
    if (!s)
        return;
    if (s->trace)
        sim_trace_close(s, NULL, 0);
    for (unsigned int i = 0; i < s->nr_vcpus; i++) {
        struct sim_vcpu *v = s->vcpus[i];
        __atomic_fetch_or(&v->vcpu.pause_flags, VPF_paused, __ATOMIC_SEQ_CST);
        s->cur_cpu = v->vcpu.processor;
        vcpu_sleep_nosync(&v->vcpu);
    }
    engine_run_cpus(s);
    for (unsigned int i = 0; i < s->nr_vcpus; i++) {
        struct sim_vcpu *v = s->vcpus[i];
        s->cur_cpu = v->vcpu.processor;
        sched_destroy_vcpu(&v->vcpu);
        unlink_vcpu(s, v);
    }
    s->cur_cpu = 0;
    scheduler_shutdown();
    the_sim = NULL;
    free(s);
}

int sim_switch(struct sim *s, const char *sched)
{
    s->cur_cpu = 0;
    int rc = sched_switch(sched);
    if (rc == 0)
        engine_run_cpus(s);     /* sched_switch tickled every pCPU */
    return rc;
}

const char *sim_sched(const struct sim *s)
{
    return scheduler_name();
}

unsigned int sim_pcpus(const struct sim *s)
{
    return s->nr_cpus;
}
