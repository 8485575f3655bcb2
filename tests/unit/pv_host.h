/*
 * tests/unit/pv_host.h - host fakes for the hypercall handlers and the scheduler
 * (tests/unit/pv_host.c), shared by test_hypercalls.c and test_sched_rr.c.
 *
 * The real sched/core.c, sched/rr.c, evtchn/, kernel/softirq.c and the generic
 * hypercall handlers run on the host; what they ask of the architecture and of the
 * rest of the hypervisor is faked here:
 *
 *  - guest memory: a few "mapped" guest pages at fixed guest addresses, backed by
 *    host memory. copy_from_guest/copy_to_guest behave like the real ones
 *    (kernel/arch/x86/guest_access.c + usercopy.S): the range must lie outside the
 *    hypervisor's hole, then bytes are copied one by one until the first byte that
 *    is not mapped (or, for a write, not writable): -EFAULT, with the bytes before
 *    it already copied. One page inside the hole is "mapped" too, holding a
 *    recognisable secret, as the hypervisor's own memory is mapped in every PV
 *    guest's page tables: only the range check keeps a guest from reading it.
 *  - context_switch(): records (prev, next) and longjmps back into the test, since
 *    the real one never returns. Tests run the scheduler only through
 *    pv_run_softirqs() / pv_schedule(), which set the jump target.
 *  - vcpu_has_pending_events, hypercall_dispatch, arch_console_getc,
 *    domain_shutdown, domain_crash, strlcpy (not in the host's glibc 2.36).
 *  - a fake domain: shared_info page, vcpus known to the scheduler, event channels.
 */
#ifndef TESTS_UNIT_PV_HOST_H
#define TESTS_UNIT_PV_HOST_H

#include <hestia/domain.h>
#include <hestia/types.h>

/* ---- guest memory ------------------------------------------------------------ */

/* GUEST_RAM_PAGES writable pages from GUEST_RAM; the page after them is unmapped. */
#define GUEST_RAM        0x0000000000400000UL
#define GUEST_RAM_PAGES  4
#define GUEST_RAM_END    (GUEST_RAM + GUEST_RAM_PAGES * PAGE_SIZE)
#define GUEST_UNMAPPED   GUEST_RAM_END
/* One read-only page (reads succeed, writes fault, as with CR0.WP set). */
#define GUEST_RO_PAGE    0x0000000000800000UL
/* A page inside the hypervisor's hole (Xen's XEN_VIRT_START), mapped, with a secret. */
#define GUEST_HOLE_PAGE  0xffff82d040000000UL
#define HOLE_SECRET_BYTE 0x5a

/* Map the pages (RAM zero-filled, the hole page full of HOLE_SECRET_BYTE). */
void guest_mem_init(void);
void guest_mem_free(void);
/* Host pointer for a guest address in a mapped page (tests set up arguments with it). */
void *guest_ptr(unsigned long gva);
/* Does the hole page still hold only the secret (nothing was written into it)? */
bool guest_hole_intact(void);
/* Calls to copy_from_guest/copy_to_guest, and how many of them failed. */
extern unsigned int guest_copies_from, guest_copies_to, guest_faults;

/*
 * Guest addresses that must give -EFAULT for any access of `len` bytes: NULL, the
 * unmapped page, inside the hole, the first non-canonical address, a range that
 * wraps around the top, and one that starts in the hole's last page and ends above it.
 */
struct bad_ptr {
    const char *what;
    unsigned long addr;
};
extern const struct bad_ptr bad_ptrs[];
extern const unsigned int nr_bad_ptrs;
/* A range that starts in mapped RAM and runs into the unmapped page. */
#define GUEST_CROSSING(len) (GUEST_RAM_END - (len) / 2)

/* ---- scheduler driving --------------------------------------------------------- */

/* Every context_switch(prev, next) since pv_host_reset(). */
#define MAX_SWITCHES 8192
struct switch_rec {
    struct vcpu *prev, *next;
    s_time_t at;
};
extern struct switch_rec switch_log[MAX_SWITCHES];
extern unsigned int nr_switches;

/*
 * Run this pCPU's pending softirqs until none is left, as the idle loop and the
 * return-to-guest path do; a context switch longjmps back here. Returns how many
 * context switches happened.
 */
unsigned int pv_run_softirqs(void);
/* Call schedule() once, directly. Returns true if it switched to another vcpu. */
bool pv_schedule(void);
/* The slice timer (or any timer) is due: set host_now to `now`, run due timers and softirqs. */
unsigned int pv_timer_tick(s_time_t now);
/* Fresh timers and scheduler for one pCPU, empty logs. Call from a fixture. */
void pv_sched_setup(void);
/* Give back the module's per-pCPU data (scheduler_init allocates it each time). */
void pv_sched_teardown(void);

/* ---- fake domains -------------------------------------------------------------- */

/*
 * A domain with a zeroed shared_info page, event channels (evtchn_init) and nr_vcpus
 * vcpus known to the scheduler (sched_init_vcpu on pCPU 0, timers initialised), all
 * paused (VPF_paused). max_vcpus == nr_vcpus.
 */
struct domain *pv_domain_create(domid_t id, bool privileged, unsigned int nr_vcpus);
/* Take its vcpus off the pCPU and out of the scheduler, free everything. */
void pv_domain_destroy(struct domain *d);
/* Clear v's pause flags and wake it (runs nothing by itself). */
void pv_vcpu_unpause(struct vcpu *v);
/* Set VPF_paused on v and tell the scheduler (it leaves the pCPU at the next schedule). */
void pv_vcpu_pause(struct vcpu *v);
/*
 * Make v the current vcpu: pause whatever guest vcpu is current, unpause v and run
 * the scheduler. Only works when no other vcpu is runnable (the fixtures' case).
 */
void pv_become(struct vcpu *v);

/* ---- other fakes --------------------------------------------------------------- */

/* hypercall_dispatch(): every call is recorded; the result is DISPATCH_RESULT(op, args). */
#define MAX_DISPATCH 128
struct dispatch_rec {
    unsigned long op;
    unsigned long args[6];
};
extern struct dispatch_rec dispatch_log[MAX_DISPATCH];
extern unsigned int nr_dispatched;
#define DISPATCH_RESULT(op, a) ((long)((op) * 1000 + (a)[0] - 7))

/* domain_shutdown()/domain_crash(): recorded (and the domain's state/code set). */
extern struct domain *shutdown_domain;
extern int shutdown_reason;
extern unsigned int nr_shutdowns, nr_crashes;

/* arch_console_getc() returns the bytes of this string, then -1. */
void console_input_set(const char *s);
/* How many input bytes have not been read yet. */
size_t console_input_left(void);

/* Reset every record above (switches, dispatches, shutdowns, copies, input). */
void pv_host_reset(void);

/*
 * Fail the test if `changed` - a test's own comparison of the world with its
 * snapshot, giving the name of what differs or NULL - finds a change; the rest is a
 * printf-style description of the call that was expected to leave it alone.
 */
#define REQUIRE_NOTHING_CHANGED(changed, ...) do {                          \
        const char *__what = (changed);                                     \
        if (__what) {                                                       \
            char __m[256];                                                  \
            snprintf(__m, sizeof(__m), __VA_ARGS__);                        \
            ck_abort_msg("%s: %s changed", __m, __what);                    \
        }                                                                   \
    } while (0)

#endif /* TESTS_UNIT_PV_HOST_H */
