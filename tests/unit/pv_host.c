/*
 * tests/unit/pv_host.c - host fakes for the hypercall handlers and the scheduler
 * framework (see pv_host.h for what each one stands in for, and why).
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hestia/domain.h>
#include <hestia/errno.h>
#include <hestia/event.h>
#include <hestia/guest_access.h>
#include <hestia/hypercall.h>
#include <hestia/lib.h>
#include <hestia/sched.h>
#include <hestia/softirq.h>
#include <hestia/timer.h>
#include "../../sched/sched.h"
#include "host.h"
#include "pv_host.h"

/* ---------------------------------------------------------------------------
 * Guest memory
 */

struct guest_page {
    unsigned long gva;
    bool writable;
    uint8_t *mem;
};

#define NR_GUEST_PAGES (GUEST_RAM_PAGES + 2)
static struct guest_page guest_pages[NR_GUEST_PAGES];
unsigned int guest_copies_from, guest_copies_to, guest_faults;

const struct bad_ptr bad_ptrs[] = {
    { "NULL", 0 },
    { "unmapped page", GUEST_UNMAPPED },
    { "below guest RAM", GUEST_RAM - 8 },
    { "hypervisor image (mapped, in the hole)", GUEST_HOLE_PAGE },
    { "start of the hole", HYPERVISOR_VIRT_START },
    { "end of the hole", HYPERVISOR_VIRT_END - 4 },
    { "non-canonical", 0x0000800000000000UL },
    { "wraps around", 0xfffffffffffffffcUL },
};
const unsigned int nr_bad_ptrs = ARRAY_SIZE(bad_ptrs);

void guest_mem_init(void)
{
    for (unsigned int i = 0; i < NR_GUEST_PAGES; i++) {
        struct guest_page *p = &guest_pages[i];
        if (i < GUEST_RAM_PAGES)
            *p = (struct guest_page){ GUEST_RAM + i * PAGE_SIZE, true, NULL };
        else if (i == GUEST_RAM_PAGES)
            *p = (struct guest_page){ GUEST_RO_PAGE, false, NULL };
        else
            *p = (struct guest_page){ GUEST_HOLE_PAGE, true, NULL };
        p->mem = calloc(1, PAGE_SIZE);
        if (!p->mem)
            abort();
        if (p->gva == GUEST_HOLE_PAGE)
            memset(p->mem, HOLE_SECRET_BYTE, PAGE_SIZE);
    }
}

void guest_mem_free(void)
{
    for (unsigned int i = 0; i < NR_GUEST_PAGES; i++) {
        free(guest_pages[i].mem);
        guest_pages[i].mem = NULL;
    }
}

static struct guest_page *page_of(unsigned long gva)
{
    for (unsigned int i = 0; i < NR_GUEST_PAGES; i++)
        if (guest_pages[i].mem && (gva & PAGE_MASK) == guest_pages[i].gva)
            return &guest_pages[i];
    return NULL;
}

void *guest_ptr(unsigned long gva)
{
    struct guest_page *p = page_of(gva);
    if (!p) {
        fprintf(stderr, "guest_ptr(%#lx): not a mapped guest page\n", gva);
        abort();
    }
    return p->mem + (gva & ~PAGE_MASK);
}

bool guest_hole_intact(void)
{
    const uint8_t *m = guest_ptr(GUEST_HOLE_PAGE);
    for (size_t i = 0; i < PAGE_SIZE; i++)
        if (m[i] != HOLE_SECRET_BYTE)
            return false;
    return true;
}

/* The real check (kernel/arch/x86/guest_access.c): outside the hole, no wrap. */
bool guest_range_ok(unsigned long addr, size_t len)
{
    unsigned long end = addr + len;
    if (end < addr)
        return false;
    return end <= HYPERVISOR_VIRT_START || addr >= HYPERVISOR_VIRT_END;
}

/* usercopy.S: byte by byte until the first fault; returns the bytes not copied. */
static size_t raw_copy(unsigned long gva, uint8_t *host, size_t len, bool to_guest)
{
    for (size_t i = 0; i < len; i++) {
        struct guest_page *p = page_of(gva + i);
        if (!p || (to_guest && !p->writable))
            return len - i;
        uint8_t *g = p->mem + ((gva + i) & ~PAGE_MASK);
        if (to_guest)
            *g = host[i];
        else
            host[i] = *g;
    }
    return 0;
}

int copy_from_guest(void *dst, unsigned long guest_src, size_t len)
{
    guest_copies_from++;
    if (!guest_range_ok(guest_src, len) || raw_copy(guest_src, dst, len, false)) {
        guest_faults++;
        return -EFAULT;
    }
    return 0;
}

int copy_to_guest(unsigned long guest_dst, const void *src, size_t len)
{
    guest_copies_to++;
    if (!guest_range_ok(guest_dst, len) ||
        raw_copy(guest_dst, (uint8_t *)(uintptr_t)src, len, true)) {
        guest_faults++;
        return -EFAULT;
    }
    return 0;
}

/* ---------------------------------------------------------------------------
 * Scheduler driving: context_switch never returns, so it jumps back to whoever
 * armed switch_jmp (pv_run_softirqs or pv_schedule).
 */

struct switch_rec switch_log[MAX_SWITCHES];
unsigned int nr_switches;
static jmp_buf switch_jmp;
static bool switch_jmp_armed;

void context_switch(struct vcpu *prev, struct vcpu *next)
{
    if (!switch_jmp_armed) {
        fprintf(stderr, "context_switch outside pv_run_softirqs/pv_schedule\n");
        abort();
    }
    if (nr_switches < MAX_SWITCHES)
        switch_log[nr_switches] = (struct switch_rec){ prev, next, NOW() };
    nr_switches++;
    sched_context_saved(prev);      /* as the arch does once prev's state is saved */
    longjmp(switch_jmp, 1);
}

/* The real one (kernel/arch/x86/domain.c): an upcall is pending and not masked. */
bool vcpu_has_pending_events(const struct vcpu *v)
{
    const struct vcpu_info *vi = vcpu_info(v);
    return vi->evtchn_upcall_pending && !vi->evtchn_upcall_mask;
}

unsigned int pv_run_softirqs(void)
{
    volatile unsigned int before = nr_switches;
    volatile unsigned int rounds = 0;

    while (softirq_pending(0)) {
        if (++rounds > 1000) {
            fprintf(stderr, "pv_run_softirqs: softirqs keep coming back\n");
            abort();
        }
        switch_jmp_armed = true;
        if (setjmp(switch_jmp) == 0)
            do_softirq();
        switch_jmp_armed = false;
    }
    return nr_switches - before;
}

bool pv_schedule(void)
{
    volatile unsigned int before = nr_switches;

    switch_jmp_armed = true;
    if (setjmp(switch_jmp) == 0)
        schedule();
    switch_jmp_armed = false;
    return nr_switches != before;
}

unsigned int pv_timer_tick(s_time_t now)
{
    host_now = now;
    timer_softirq_action(0);
    return pv_run_softirqs();
}

void pv_sched_setup(void)
{
    pv_host_reset();
    host_now = 0;
    host_timer_deadline = STIME_MAX;
    host_timer_reprograms = 0;
    timers_init(1);
    scheduler_init_with(1, "rr");   /* these tests are about the framework with rr */
    pv_run_softirqs();              /* left over from an earlier test (no-fork mode) */
    nr_switches = 0;
    host_log_reset();
}

void pv_sched_teardown(void)
{
    pv_run_softirqs();
    scheduler_shutdown();
}

/* ---------------------------------------------------------------------------
 * Fake domains
 */

/* The live fake domains, for domain_by_id (kernel/domain.c is not linked here). */
LIST_HEAD(domain_list);           /* the real one lives in kernel/domain.c */

struct domain *domain_by_id(domid_t id)
{
    struct domain *d;
    list_for_each_entry(d, &domain_list, domain_list)
        if (d->domain_id == id)
            return d;
    return NULL;
}

struct domain *pv_domain_create(domid_t id, bool privileged, unsigned int nr_vcpus)
{
    struct domain *d = calloc(1, sizeof(*d));
    if (!d || nr_vcpus == 0 || nr_vcpus > MAX_VIRT_CPUS)
        abort();
    d->domain_id = id;
    snprintf(d->name, sizeof(d->name), "test-d%u", id);
    d->is_privileged = privileged;
    d->state = DOMSTATE_running;
    d->max_vcpus = nr_vcpus;
    INIT_LIST_HEAD(&d->page_list);
    list_add_tail(&d->domain_list, &domain_list);
    d->shared_info = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
    if (!d->shared_info || evtchn_init(d) != 0)
        abort();
    memset(d->shared_info, 0, PAGE_SIZE);

    for (unsigned int i = 0; i < nr_vcpus; i++) {
        struct vcpu *v = calloc(1, sizeof(*v));
        if (!v)
            abort();
        v->vcpu_id = i;
        v->domain = d;
        v->pause_flags = VPF_paused;
        if (sched_init_vcpu(v, 0) != 0)
            abort();
        vcpu_timers_init(v);
        d->vcpu[i] = v;
    }
    return d;
}

void pv_domain_destroy(struct domain *d)
{
    struct vcpu *v;

    for_each_vcpu(d, v)
        pv_vcpu_pause(v);
    pv_run_softirqs();              /* the running one leaves the pCPU */
    for_each_vcpu(d, v) {
        stop_timer(&v->singleshot_timer);
        stop_timer(&v->poll_timer);
        sched_destroy_vcpu(v);
        free(v);
    }
    evtchn_destroy(d);
    list_del(&d->domain_list);
    free(d->shared_info);
    free(d);
}

void pv_vcpu_unpause(struct vcpu *v)
{
    __atomic_store_n(&v->pause_flags, 0, __ATOMIC_SEQ_CST);
    vcpu_wake(v);
}

void pv_vcpu_pause(struct vcpu *v)
{
    __atomic_fetch_or(&v->pause_flags, VPF_paused, __ATOMIC_SEQ_CST);
    vcpu_sleep_nosync(v);
}

void pv_become(struct vcpu *v)
{
    struct vcpu *c = current;
    if (c == v)
        return;
    if (!is_idle_vcpu(c))
        pv_vcpu_pause(c);
    pv_vcpu_unpause(v);
    raise_softirq(SCHEDULE_SOFTIRQ);
    pv_run_softirqs();
    if (current != v) {
        fprintf(stderr, "pv_become: d%uv%u did not get the pCPU\n",
                v->domain->domain_id, v->vcpu_id);
        abort();
    }
}

/* ---------------------------------------------------------------------------
 * Other fakes
 */

struct dispatch_rec dispatch_log[MAX_DISPATCH];
unsigned int nr_dispatched;

long hypercall_dispatch(unsigned long op, const unsigned long args[6])
{
    if (nr_dispatched < MAX_DISPATCH) {
        dispatch_log[nr_dispatched].op = op;
        memcpy(dispatch_log[nr_dispatched].args, args, sizeof(dispatch_log[0].args));
    }
    nr_dispatched++;
    return DISPATCH_RESULT(op, args);
}

struct domain *shutdown_domain;
int shutdown_reason = -1;
unsigned int nr_shutdowns, nr_crashes;

void domain_shutdown(struct domain *d, int reason)
{
    shutdown_domain = d;
    shutdown_reason = reason;
    nr_shutdowns++;
    d->state = DOMSTATE_shutdown;
    d->shutdown_code = reason;
}

void domain_crash(struct domain *d, const char *why)
{
    nr_crashes++;
    domain_shutdown(d, 3 /* SHUTDOWN_crash */);
}

static const char *console_input;
static size_t console_input_pos, console_input_len;

void console_input_set(const char *s)
{
    console_input = s;
    console_input_pos = 0;
    console_input_len = s ? strlen(s) : 0;
}

size_t console_input_left(void)
{
    return console_input_len - console_input_pos;
}

int arch_console_getc(void)
{
    if (console_input_pos >= console_input_len)
        return -1;
    return (unsigned char)console_input[console_input_pos++];
}

/* kernel/string.c's, which the host libc (glibc 2.36) lacks. */
size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);
    if (size) {
        size_t n = len < size - 1 ? len : size - 1;
        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}

void pv_host_reset(void)
{
    nr_switches = 0;
    nr_dispatched = 0;
    shutdown_domain = NULL;
    shutdown_reason = -1;
    nr_shutdowns = nr_crashes = 0;
    guest_copies_from = guest_copies_to = guest_faults = 0;
    console_input_set(NULL);
}

/* The trace facility's clock on the host: the fake system time. */
uint64_t trace_tsc(void)
{
    return (uint64_t)host_now;
}
