/*
 * pvguest/workloads/evtchn_hostile.c - event-channel calls a hostile (or buggy)
 * domU might make, each printed with its result:
 *
 *     evtchn-hostile: <case>: rc=<n> (<ERRNO>) [expected <n>]
 *
 * and at the end "evtchn-hostile: N case(s) gave an unexpected rc". Expected values
 * are Xen's (xen/common/event_channel.c), except where marked Hestia: Xen does not
 * check that alloc_unbound's remote domain exists; Hestia answers -ESRCH.
 * Sending on an unbound port is not an error on Xen: nobody is connected yet, so
 * the event is dropped and the call returns 0. dom0 must be alive (the boot test
 * runs a hog there): the "someone else" whose port this domain may not bind is dom0.
 */
#include <pvguest/events.h>
#include <pvguest/hypercall.h>
#include <pvguest/kernel.h>
#include <pvguest/workload.h>

#define NO_SUCH_DOMAIN 77
#define FREE_PORT      100

static unsigned int unexpected;

static void check(const char *name, long rc, long want)
{
    printk("evtchn-hostile: %s: rc=%ld (%s)%s\n", name, rc, errno_name(rc),
           rc == want ? "" : " UNEXPECTED");
    if (rc != want)
        unexpected++;
}

static long evtchn_op(int cmd, void *arg)
{
    return HYPERVISOR_event_channel_op(cmd, arg);
}

static long send(evtchn_port_t port)
{
    struct evtchn_send op = { .port = port };
    return evtchn_op(EVTCHNOP_send, &op);
}

void workload_evtchn_hostile(void)
{
    /* A port of ours that is allocated for dom0: not ours to bind. */
    struct evtchn_alloc_unbound for_dom0 = { .dom = DOMID_SELF, .remote_dom = 0 };
    long rc = evtchn_op(EVTCHNOP_alloc_unbound, &for_dom0);
    check("alloc_unbound-for-dom0", rc, 0);
    mask_evtchn(for_dom0.port);

    check("send-free-port", send(FREE_PORT), -XEN_EINVAL);
    check("send-port-0", send(0), -XEN_EINVAL);
    check("send-port-5000", send(5000), -XEN_EINVAL);
    check("send-unbound-port (dropped, as Xen)", send(for_dom0.port), 0);

    struct evtchn_bind_virq virq = { .virq = VIRQ_DEBUG, .vcpu = 0 };
    check("bind_virq-debug", evtchn_op(EVTCHNOP_bind_virq, &virq), 0);
    check("send-virq-port", send(virq.port), -XEN_EINVAL);

    struct evtchn_bind_interdomain bind = { .remote_dom = DOMID_SELF,
                                            .remote_port = for_dom0.port };
    check("bind_interdomain-port-for-someone-else",
          evtchn_op(EVTCHNOP_bind_interdomain, &bind), -XEN_EINVAL);
    bind = (struct evtchn_bind_interdomain){ .remote_dom = DOMID_SELF,
                                             .remote_port = FREE_PORT };
    check("bind_interdomain-free-port", evtchn_op(EVTCHNOP_bind_interdomain, &bind),
          -XEN_EINVAL);
    bind = (struct evtchn_bind_interdomain){ .remote_dom = DOMID_SELF,
                                             .remote_port = virq.port };
    check("bind_interdomain-virq-port", evtchn_op(EVTCHNOP_bind_interdomain, &bind),
          -XEN_EINVAL);
    bind = (struct evtchn_bind_interdomain){ .remote_dom = NO_SUCH_DOMAIN,
                                             .remote_port = 1 };
    check("bind_interdomain-no-such-domain",
          evtchn_op(EVTCHNOP_bind_interdomain, &bind), -XEN_ESRCH);

    struct evtchn_alloc_unbound in_dom0 = { .dom = 0, .remote_dom = DOMID_SELF };
    check("alloc_unbound-in-dom0", evtchn_op(EVTCHNOP_alloc_unbound, &in_dom0), -XEN_EPERM);
    struct evtchn_alloc_unbound to_nobody = { .dom = DOMID_SELF,
                                              .remote_dom = NO_SUCH_DOMAIN };
    check("alloc_unbound-remote-no-such-domain (Hestia)",
          evtchn_op(EVTCHNOP_alloc_unbound, &to_nobody), -XEN_ESRCH);

    struct evtchn_bind_vcpu bv = { .port = for_dom0.port, .vcpu = 5 };
    check("bind_vcpu-no-such-vcpu", evtchn_op(EVTCHNOP_bind_vcpu, &bv), -XEN_ENOENT);
    struct evtchn_bind_ipi ipi = { .vcpu = 5 };
    check("bind_ipi-no-such-vcpu", evtchn_op(EVTCHNOP_bind_ipi, &ipi), -XEN_ENOENT);

    struct evtchn_close close = { .port = FREE_PORT };
    check("close-free-port", evtchn_op(EVTCHNOP_close, &close), -XEN_EINVAL);
    struct evtchn_status st = { .dom = 0, .port = 1 };
    check("status-of-dom0", evtchn_op(EVTCHNOP_status, &st), -XEN_EPERM);
    check("send-bad-pointer (hypervisor hole)",
          evtchn_op(EVTCHNOP_send, (void *)HYPERVISOR_VIRT_START), -XEN_EFAULT);

    /* What survived all that: our two ports, still as they were. */
    st = (struct evtchn_status){ .dom = DOMID_SELF, .port = for_dom0.port };
    rc = evtchn_op(EVTCHNOP_status, &st);
    check("status-port-for-dom0-still-unbound",
          rc ? rc : (long)st.status, EVTCHNSTAT_unbound);
    close.port = for_dom0.port;
    check("close-port-for-dom0", evtchn_op(EVTCHNOP_close, &close), 0);
    printk("evtchn-hostile: %u case(s) gave an unexpected rc\n", unexpected);
}
