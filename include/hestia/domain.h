/*
 * domain.h - domains and vcpus, the things Hestia runs (Xen's xen/sched.h).
 *
 * A domain is a virtual machine: an id, a name, the machine frames it owns, and one
 * or more vcpus. A vcpu is a virtual CPU: saved registers, the pCPU it runs on, the
 * scheduler's private data, and its runstate (how long it has been running,
 * runnable, blocked, offline - readable by the guest through vcpu_op, as on Xen).
 *
 * Life of a domain:
 *
 *   created --unpause--> running <--pause/unpause--> paused
 *      |                    |
 *      |             shutdown(reason)     (the guest asked, or crashed)
 *      v                    v
 *   ------------------> shut down --destroy--> dying --(frames freed)--> destroyed
 *
 * Architecture state hangs off opaque pointers (struct arch_domain, arch_vcpu) so
 * that generic code never includes arch headers.
 */
#ifndef HESTIA_DOMAIN_H
#define HESTIA_DOMAIN_H

#include <hestia/list.h>
#include <hestia/spinlock.h>
#include <hestia/timer.h>
#include <hestia/types.h>

#include <public/xen.h>
#include <public/event_channel.h>

#define MAX_VIRT_CPUS   8
#define DOMAIN_NAME_LEN 32

/* The four runstates (RUNSTATE_running ...) come from public/vcpu.h. */
#include <public/vcpu.h>

struct runstate {
    int state;
    s_time_t state_entry_time;
    s_time_t time[4];           /* ns spent in each state */
};

/* Reasons a vcpu may not run (bits of vcpu->pause_flags), as Xen's _VPF_*. */
#define VPF_blocked   (1UL << 0)  /* waiting for an event (SCHEDOP_block) */
#define VPF_down      (1UL << 1)  /* not brought up / shut down */
#define VPF_paused    (1UL << 2)  /* its domain is paused or shutting down */

struct arch_vcpu;
struct arch_domain;

struct vcpu {
    unsigned int vcpu_id;
    struct domain *domain;
    unsigned int processor;         /* the pCPU it runs on, or last ran on */
    bool is_running;                /* on a pCPU right now */
    unsigned long pause_flags;      /* VPF_*: runnable when zero */
    void *sched_priv;               /* the scheduler module's per-vcpu data */
    struct runstate runstate;

    struct timer singleshot_timer;  /* set_timer_op / VCPUOP_set_singleshot_timer */
    struct timer poll_timer;        /* SCHEDOP_poll timeout */
    bool poll_timed_out;
    bool is_polling;                /* in SCHEDOP_poll: a new pending port wakes it */
    evtchn_port_t virq_to_evtchn[NR_VIRQS];   /* 0: VIRQ not bound */

    struct arch_vcpu *arch;
};

enum domain_state {
    DOMSTATE_created,   /* built, not yet running */
    DOMSTATE_running,
    DOMSTATE_paused,
    DOMSTATE_shutdown,  /* stopped, with shutdown_code; frames still held */
    DOMSTATE_dying,     /* being torn down */
};

struct domain {
    domid_t domain_id;
    char name[DOMAIN_NAME_LEN];
    bool is_privileged;             /* dom0: may use control hypercalls */
    bool toolstack_reaps;           /* once shut down, kept until dom0 destroys it
                                     * (Xen's zombie), and dom0 gets VIRQ_DOM_EXC */
    enum domain_state state;
    int shutdown_code;              /* SHUTDOWN_* reason, valid once shut down */
    spinlock_t page_alloc_lock;
    struct list_head page_list;     /* the frames it owns (page_info.list) */
    unsigned long tot_pages;
    unsigned long max_pages;
    unsigned int max_vcpus;
    struct vcpu *vcpu[MAX_VIRT_CPUS];
    struct list_head domain_list;   /* all domains */
    struct shared_info *shared_info;    /* the page shared with the guest */
    spinlock_t console_lock;            /* console_io: the line being written */
    char console_buf[160];
    unsigned int console_len;
    bool console_midline;           /* dom0: a partial line has been printed */
    struct evtchn *evtchn;          /* its event channels (evtchn/) */
    unsigned int max_evtchns;
    struct grant_table *grant_table;    /* its grant table (mm/grant_table.c) */
    struct arch_domain *arch;
};

/* The vcpu_info of v inside its domain's shared_info page. */
static inline struct vcpu_info *vcpu_info(const struct vcpu *v)
{
    return &v->domain->shared_info->vcpu_info[v->vcpu_id];
}

/* All domains, in creation order. */
extern struct list_head domain_list;
#define for_each_domain(d) list_for_each_entry(d, &domain_list, domain_list)
#define for_each_vcpu(d, v) \
    for (unsigned int __i = 0; __i < (d)->max_vcpus; __i++) if (((v) = (d)->vcpu[__i]))

/* The vcpu running on this pCPU (an idle vcpu when no guest runs). */
struct vcpu *current_vcpu(void);
#define current (current_vcpu())
static inline bool is_idle_vcpu(const struct vcpu *v)
{
    return v->domain->domain_id == DOMID_IDLE;
}

/* Counters that prove teardown frees everything (see kernel/domain.c). */
struct domain_counters {
    unsigned long domains_live;
    unsigned long vcpus_live;
    unsigned long domains_created;
    unsigned long domains_destroyed;
};
extern struct domain_counters domain_counters;

/* Boot: set up domain bookkeeping (the reaper softirq). */
void domain_init(void);

struct domain *domain_create(domid_t id, const char *name, bool privileged,
                             unsigned int max_vcpus, unsigned long max_pages);
struct domain *domain_by_id(domid_t id);
int domain_unpause(struct domain *d);
int domain_pause(struct domain *d);
/* The domain stops running: the guest asked (SCHEDOP_shutdown) or it crashed. */
void domain_shutdown(struct domain *d, int reason);
/* Kill a domain because of something it did: logs why, then shuts it down. */
void domain_crash(struct domain *d, const char *why);
/* Free everything the domain holds; it must be shut down (not running anywhere). */
int domain_destroy(struct domain *d);

/* Give frames to a domain / take them back (frame ownership, for the builder). */
struct page_info;
struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order);
void free_domheap_page(struct page_info *pg);

/* Set up a new vcpu's timers (kernel/sched_op.c). */
void vcpu_timers_init(struct vcpu *v);

/* Runstate bookkeeping: charge the time since the last change, enter `state`. */
void vcpu_runstate_change(struct vcpu *v, int state, s_time_t now);

/* Arch hooks for domains and vcpus (kernel/arch/x86/domain.c). */
int arch_domain_create(struct domain *d);
void arch_domain_destroy(struct domain *d);
int arch_vcpu_create(struct vcpu *v);
void arch_vcpu_destroy(struct vcpu *v);
/* Drop the references a domain's page tables hold (before its frames are freed). */
void arch_domain_relinquish_memory(struct domain *d);

#endif /* HESTIA_DOMAIN_H */
