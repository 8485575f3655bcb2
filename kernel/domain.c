/*
 * domain.c - creating, pausing, shutting down and destroying domains.
 *
 * A domain owns frames (its page_list); the builder gives it memory with
 * alloc_domheap_pages. Shutting down stops its vcpus but keeps its memory, so its
 * state can be examined; destroying gives every frame and structure back. The
 * counters in domain_counters let tests prove that nothing leaks: after N
 * create/destroy cycles the live counts and the allocator's free frames are back
 * where they started.
 *
 * Domains that shut down are destroyed by the DOMAIN_REAP softirq (not by the vcpu
 * that asked, which is still running on this pCPU's stack at that moment). When the
 * last domain is gone, Hestia prints each domain's run time and powers off.
 */
#include <hestia/arch.h>
#include <hestia/domain.h>
#include <hestia/errno.h>
#include <hestia/event.h>
#include <hestia/grant_table.h>
#include <hestia/lib.h>
#include <hestia/mm.h>
#include <hestia/printk.h>
#include <hestia/sched.h>
#include <hestia/shutdown.h>
#include <hestia/softirq.h>
#include <hestia/trace.h>
#include <hestia/xmalloc.h>

LIST_HEAD(domain_list);
struct domain_counters domain_counters;
/* Protects domain_list: domains are created at boot and reaped on any pCPU. */
static DEFINE_SPINLOCK(domlist_lock);

struct domain *domain_by_id(domid_t id)
{
    struct domain *d;
    for_each_domain(d)
        if (d->domain_id == id)
            return d;
    return NULL;
}

static struct vcpu *vcpu_create(struct domain *d, unsigned int id)
{
    struct vcpu *v = xzalloc(struct vcpu);
    if (!v)
        return NULL;
    v->vcpu_id = id;
    v->domain = d;
    v->pause_flags = VPF_down | VPF_paused;
    if (arch_vcpu_create(v) != 0) {
        xfree(v);
        return NULL;
    }
    if (sched_init_vcpu(v, sched_initial_cpu()) != 0) {
        arch_vcpu_destroy(v);
        xfree(v);
        return NULL;
    }
    vcpu_timers_init(v);
    domain_counters.vcpus_live++;
    return v;
}

static void vcpu_destroy(struct vcpu *v)
{
    stop_timer(&v->singleshot_timer);
    stop_timer(&v->poll_timer);
    sched_destroy_vcpu(v);
    arch_vcpu_destroy(v);
    xfree(v);
    domain_counters.vcpus_live--;
}

struct domain *domain_create(domid_t id, const char *name, bool privileged,
                             unsigned int max_vcpus, unsigned long max_pages)
{
    if (max_vcpus == 0 || max_vcpus > MAX_VIRT_CPUS || domain_by_id(id))
        return NULL;

    struct domain *d = xzalloc(struct domain);
    if (!d)
        return NULL;
    d->domain_id = id;
    strlcpy(d->name, name, sizeof(d->name));
    d->is_privileged = privileged;
    d->state = DOMSTATE_created;
    d->max_pages = max_pages;
    d->max_vcpus = max_vcpus;
    spin_lock_init(&d->page_alloc_lock);
    INIT_LIST_HEAD(&d->page_list);
    spin_lock_init(&d->console_lock);
    unsigned long flags;
    spin_lock_irqsave(&domlist_lock, flags);
    list_add_tail(&d->domain_list, &domain_list);
    spin_unlock_irqrestore(&domlist_lock, flags);
    domain_counters.domains_live++;
    domain_counters.domains_created++;

    if (arch_domain_create(d) != 0)
        goto fail;
    for (unsigned int i = 0; i < max_vcpus; i++)
        if (!(d->vcpu[i] = vcpu_create(d, i)))
            goto fail;
    return d;

fail:
    d->state = DOMSTATE_shutdown;
    domain_destroy(d);
    return NULL;
}

struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order)
{
    if (d->tot_pages + (1UL << order) > d->max_pages)
        return NULL;
    struct page_info *pg = alloc_heap_pages(order);
    if (!pg)
        return NULL;
    for (unsigned long i = 0; i < (1UL << order); i++) {
        pg[i].owner = d;
        pg[i].count_info = 1;           /* the allocation reference */
        list_add_tail(&pg[i].list, &d->page_list);
    }
    d->tot_pages += 1UL << order;
    return pg;
}

void free_domheap_page(struct page_info *pg)
{
    struct domain *d = pg->owner;
    list_del(&pg->list);
    d->tot_pages--;
    pg->owner = NULL;
    pg->count_info = 0;
    pg->u.inuse.type_info = 0;
    free_heap_pages(pg, 0);
}

static void set_vcpus_flag(struct domain *d, unsigned long flag, bool on)
{
    struct vcpu *v;
    for_each_vcpu(d, v) {
        if (on) {
            __atomic_fetch_or(&v->pause_flags, flag, __ATOMIC_SEQ_CST);
            vcpu_sleep_nosync(v);
        } else {
            __atomic_fetch_and(&v->pause_flags, ~flag, __ATOMIC_SEQ_CST);
            vcpu_wake(v);
        }
    }
}

int domain_unpause(struct domain *d)
{
    if (d->state != DOMSTATE_created && d->state != DOMSTATE_paused)
        return -EINVAL;
    d->state = DOMSTATE_running;
    set_vcpus_flag(d, VPF_paused, false);
    return 0;
}

int domain_pause(struct domain *d)
{
    if (d->state != DOMSTATE_running)
        return -EINVAL;
    d->state = DOMSTATE_paused;
    set_vcpus_flag(d, VPF_paused, true);
    return 0;
}

static const char *const shutdown_names[] = {
    "poweroff", "reboot", "suspend", "crash", "watchdog", "soft_reset",
};

static const char *shutdown_name(int reason)
{
    if (reason >= 0 && reason < (int)ARRAY_SIZE(shutdown_names))
        return shutdown_names[reason];
    return "unknown";
}

void domain_shutdown(struct domain *d, int reason)
{
    if (d->state == DOMSTATE_shutdown || d->state == DOMSTATE_dying)
        return;
    bool ran = d->state != DOMSTATE_created;
    d->state = DOMSTATE_shutdown;
    d->shutdown_code = reason;
    if (ran)
        printk("d%u (%s): shut down (%s)\n", d->domain_id, d->name, shutdown_name(reason));
    set_vcpus_flag(d, VPF_paused, true);
    struct domain *dom0 = d->toolstack_reaps ? domain_by_id(0) : NULL;
    if (dom0 && dom0->state == DOMSTATE_running)
        send_guest_vcpu_virq(dom0->vcpu[0], VIRQ_DOM_EXC);
    raise_softirq(DOMAIN_REAP_SOFTIRQ);
}

void domain_crash(struct domain *d, const char *why)
{
    printk(XENLOG_ERR "d%u (%s): crashed: %s\n", d->domain_id, d->name, why);
    domain_shutdown(d, 3 /* SHUTDOWN_crash */);
}

int domain_destroy(struct domain *d)
{
    struct vcpu *v;

    if (d->state != DOMSTATE_shutdown && d->state != DOMSTATE_dying)
        return -EBUSY;
    for_each_vcpu(d, v)
        if (v->is_running)
            return -EBUSY;

    d->state = DOMSTATE_dying;
    evtchn_destroy(d);                  /* first: no peer may reach it any more */
    arch_domain_relinquish_memory(d);
    grant_table_destroy(d);
    while (!list_empty(&d->page_list))
        free_domheap_page(list_first_entry(&d->page_list, struct page_info, list));
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i])
            vcpu_destroy(d->vcpu[i]);
    arch_domain_destroy(d);
    unsigned long flags;
    spin_lock_irqsave(&domlist_lock, flags);
    list_del(&d->domain_list);
    spin_unlock_irqrestore(&domlist_lock, flags);
    xfree(d);
    domain_counters.domains_live--;
    domain_counters.domains_destroyed++;
    return 0;
}

/* --- the end of a domain's life, and of the run --------------------------------- */

static int dom0_shutdown_code = -1;

static void report_runtime(const struct domain *d)
{
    const struct vcpu *v;
    for_each_vcpu(d, v) {
        const struct runstate *r = &v->runstate;
        printk("d%uv%u (%s): ran %lld us, runnable %lld us, blocked %lld us\n",
               d->domain_id, v->vcpu_id, d->name,
               (long long)r->time[RUNSTATE_running] / 1000,
               (long long)r->time[RUNSTATE_runnable] / 1000,
               (long long)r->time[RUNSTATE_blocked] / 1000);
    }
}

/* A domain that has shut down and runs nowhere, now marked dying; or NULL. */
static struct domain *take_victim(void)
{
    struct domain *d, *victim = NULL;
    struct vcpu *v;
    unsigned long flags;

    spin_lock_irqsave(&domlist_lock, flags);
    bool toolstack_alive = false;
    for_each_domain(d)
        toolstack_alive |= d->domain_id == 0 && d->state == DOMSTATE_running;
    for_each_domain(d) {
        if (d->state != DOMSTATE_shutdown || (d->toolstack_reaps && toolstack_alive))
            continue;
        bool running = false;
        for_each_vcpu(d, v)
            running |= v->is_running;
        if (!running) {
            victim = d;
            victim->state = DOMSTATE_dying;     /* no other pCPU takes it */
            break;
        }
    }
    spin_unlock_irqrestore(&domlist_lock, flags);
    return victim;
}

/* Destroy every domain that has shut down; power off when none is left. */
static void domain_reap(void)
{
    struct domain *victim;

    while ((victim = take_victim()) != NULL) {
        report_runtime(victim);
        if (victim->domain_id == 0)
            dom0_shutdown_code = victim->shutdown_code;
        domain_destroy(victim);
    }

    if (list_empty(&domain_list)) {
        printk("All domains have shut down.\n");
        trace_report();
        if (trace_dump_at_exit())
            trace_dump(arch_trace_out);
        poweroff(dom0_shutdown_code == 0 ? SHUTDOWN_SUCCESS : SHUTDOWN_TESTFAIL);
    }
}

void domain_init(void)
{
    open_softirq(DOMAIN_REAP_SOFTIRQ, domain_reap);
}
