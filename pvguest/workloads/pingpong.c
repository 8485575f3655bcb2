/*
 * pvguest/workloads/pingpong.c - an event bounced between two domains over an
 * interdomain event channel: the round-trip latency of the cheapest cross-domain
 * notification there is (the doorbell of every split driver).
 *
 * Parameters:
 *   role=server peer=D [n=N]   allocate an unbound port for domain D, answer events
 *   role=client peer=D [n=N]   connect to domain D's port, bounce N events (10000)
 *
 * The rendezvous. On Xen the server would write its port number into XenStore and
 * the client would read it there. Hestia has no XenStore yet, so the client simply
 * tries bind_interdomain(peer, p) for p = 1..16: the hypervisor accepts only a port
 * that is unbound and was allocated for the caller's domain (anything else is
 * -EINVAL, a peer that does not exist yet -ESRCH), so the first success is the
 * server's port. It retries every millisecond for up to 10 s.
 *
 * Waiting. Both sides keep their port masked, so an event never raises an upcall;
 * they wait in SCHEDOP_poll on their one port, which returns as soon as the port is
 * pending (masked or not), and clear the pending bit themselves. The client also
 * masks events altogether (local_irq_disable) while it measures. Each round trip:
 *
 *   client: rdtsc, send ---> server wakes from poll, clears pending, sends back
 *   client wakes from poll <----'
 *   client: clears pending, rdtsc
 *
 * so it includes two sends, two wake-ups and (on one pCPU) two context switches.
 *
 * The end. The client closes its port when done. As on Xen, that puts the server's
 * port back to unbound; the server, polling with a 100 ms timeout, sees that with
 * EVTCHNOP_status, closes its port and returns (or it stops after n events, if n
 * was given to it). Both then power off.
 *
 * Under QEMU with -icount the TSC counts instructions: the figures are guest
 * instructions (across both domains and the hypervisor), not cycles.
 */
#include <pvguest/events.h>
#include <pvguest/hypercall.h>
#include <pvguest/kernel.h>
#include <pvguest/time.h>
#include <pvguest/workload.h>

#define RENDEZVOUS_PORTS 16
#define SERVER_IDLE_NS   (100 * NSEC_PER_MSEC)  /* look for a closed channel this often */
#define CONNECT_WAIT_NS  (10 * NSEC_PER_SEC)    /* give up on the peer after this */

static struct samples samples;

/* Take the port's pending bit (atomically: the hypervisor sets bits from other CPUs). */
static int test_and_clear_pending(evtchn_port_t port)
{
    volatile unsigned long *w = &HYPERVISOR_shared_info->evtchn_pending[port / 64];
    unsigned long bit = 1UL << (port % 64);
    return (__atomic_fetch_and(w, ~bit, __ATOMIC_SEQ_CST) & bit) != 0;
}

/* Sleep until the port is pending or the absolute time `deadline` (0: none). */
static void poll_port(evtchn_port_t port, uint64_t deadline)
{
    struct sched_poll sp = { .nr_ports = 1, .timeout = deadline };
    sp.ports.p = &port;
    long rc = HYPERVISOR_sched_op(SCHEDOP_poll, &sp);
    if (rc)
        panic("pingpong: SCHEDOP_poll: %ld (%s)", rc, errno_name(rc));
}

/*
 * Wait for the port's next event and consume it. The poll's timeout is a safety
 * net only, so that a lost wake-up in a hypervisor under development costs 10 ms
 * (visible in the max) rather than the run. SCHEDOP_poll marks the vcpu blocked
 * before it looks at the ports, so it should never be needed. The price is one
 * NOW() per poll, inside the measured round trip.
 */
#define POLL_SAFETY_NS (10 * NSEC_PER_MSEC)

static void wait_event(evtchn_port_t port)
{
    while (!test_and_clear_pending(port))
        poll_port(port, NOW() + POLL_SAFETY_NS);
}

static void server(domid_t peer, unsigned long n)
{
    long rc = evtchn_alloc_unbound(peer);
    if (rc < 0) {
        printk("pingpong: server: alloc_unbound for d%u: rc=%ld (%s)\n", peer, rc,
               errno_name(rc));
        return;
    }
    evtchn_port_t port = (evtchn_port_t)rc;
    mask_evtchn(port);                  /* we poll; no upcalls for this port */
    printk("pingpong: server: port %u waits for d%u\n", port, peer);

    unsigned long served = 0;
    uint64_t start = NOW();
    for (;;) {
        if (test_and_clear_pending(port)) {
            if ((rc = notify_remote_via_evtchn(port)) != 0) {
                printk("pingpong: server: send: rc=%ld (%s)\n", rc, errno_name(rc));
                break;
            }
            if (++served == n)
                break;
            continue;
        }
        poll_port(port, NOW() + SERVER_IDLE_NS);
        if (READ_ONCE(HYPERVISOR_shared_info->evtchn_pending[port / 64]) &
            (1UL << (port % 64)))
            continue;
        /* Timed out: has the client closed its end (our port is unbound again)? */
        struct evtchn_status st = { .dom = DOMID_SELF, .port = port };
        rc = HYPERVISOR_event_channel_op(EVTCHNOP_status, &st);
        if (rc == 0 && served > 0 && st.status == EVTCHNSTAT_unbound)
            break;
        if (served == 0 && NOW() - start > CONNECT_WAIT_NS) {
            printk("pingpong: server: no event from d%u, giving up\n", peer);
            break;
        }
    }
    printk("pingpong: server: answered %lu event(s)\n", served);
    evtchn_close(port);
}

/* Find the peer's port (see the top of the file). Returns our port, or 0. */
static evtchn_port_t connect(domid_t peer)
{
    uint64_t give_up = NOW() + CONNECT_WAIT_NS;
    long rc = 0;

    do {
        for (evtchn_port_t p = 1; p <= RENDEZVOUS_PORTS; p++) {
            local_irq_disable();        /* the new port starts pending: no upcall */
            rc = evtchn_bind_interdomain(peer, p);
            if (rc >= 0) {
                mask_evtchn((evtchn_port_t)rc);
                test_and_clear_pending((evtchn_port_t)rc);
            }
            local_irq_enable();
            if (rc >= 0) {
                printk("pingpong: client: port %u connected to d%u port %u\n",
                       (evtchn_port_t)rc, peer, p);
                return (evtchn_port_t)rc;
            }
            if (rc == -XEN_ESRCH)
                break;                  /* no such domain (yet) */
        }
        sleep_ns(NSEC_PER_MSEC);
    } while (NOW() < give_up);
    printk("pingpong: client: no port of d%u to bind (last rc=%ld %s)\n", peer, rc,
           errno_name(rc));
    return 0;
}

static void client(domid_t peer, unsigned long n)
{
    evtchn_port_t port = connect(peer);
    if (!port)
        return;

    local_irq_disable();
    for (int i = 0; i < 10; i++) {      /* warm up both sides */
        notify_remote_via_evtchn(port);
        wait_event(port);
    }
    samples_init(&samples, n);
    for (unsigned long i = 0; i < n; i++) {
        uint64_t t0 = rdtsc_ordered();
        long rc = notify_remote_via_evtchn(port);
        wait_event(port);
        uint64_t t1 = rdtsc_ordered();
        if (rc) {
            printk("pingpong: client: send: rc=%ld (%s)\n", rc, errno_name(rc));
            break;
        }
        samples_add(&samples, t1 - t0);
    }
    local_irq_enable();
    samples_report(&samples, "pingpong");
    evtchn_close(port);                 /* tells the server we are done */
}

void workload_pingpong(void)
{
    const char *role = cmdline_get("role");
    unsigned long peer = cmdline_get_ulong("peer", ~0UL);

    if (!role || peer >= DOMID_FIRST_RESERVED) {
        printk("pingpong: need role=server|client and peer=DOMID\n");
        return;
    }
    if (!strcmp(role, "server"))
        server((domid_t)peer, cmdline_get_ulong("n", 0));
    else if (!strcmp(role, "client"))
        client((domid_t)peer, cmdline_get_ulong("n", 10000));
    else
        printk("pingpong: unknown role '%s'\n", role);
}
