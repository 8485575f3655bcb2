/*
 * pvguest/events.c - event channels: registering the upcall, binding ports, and
 * the upcall's C half, which finds pending ports and runs their handlers.
 *
 * The 2-level event-channel ABI. shared_info has two bitmaps of 64 words x 64 bits,
 * one bit per port: evtchn_pending (set by the hypervisor when the port fires) and
 * evtchn_mask (set by the guest to hold a port back). Because scanning 4096 bits on
 * every upcall would be slow, there is a summary level: each vcpu_info has
 * evtchn_pending_sel, one bit per pending *word*. When the hypervisor raises port p:
 *
 *   1. it sets evtchn_pending[p / 64] bit p % 64; if that bit was already set,
 *      nothing more happens (the event is already waiting);
 *   2. if the port is not masked, it sets bit p / 64 of the target vCPU's
 *      evtchn_pending_sel, and then evtchn_upcall_pending;
 *   3. if the vCPU's evtchn_upcall_mask is clear, it calls the guest's event
 *      callback (entry.S: hypervisor_callback), masking upcalls first; if the mask
 *      is set, the guest will find evtchn_upcall_pending when it unmasks.
 *
 * The guest's side, in do_hypervisor_callback():
 *
 *   - clear evtchn_upcall_pending FIRST, before looking at anything else. An event
 *     that arrives during the scan sets it again, so the loop below goes round once
 *     more instead of losing it;
 *   - atomically take and clear the whole selector word (xchg);
 *   - for each selected word, take the pending bits that are not masked; clear each
 *     port's pending bit (atomically: the hypervisor may be setting other bits in
 *     the same word on another CPU) and then run its handler. Clearing before
 *     handling means a new event during the handler is seen next time round;
 *   - repeat while evtchn_upcall_pending was set again.
 *
 * Events stay masked for the whole upcall (the hypervisor set the mask when it
 * delivered it); the iret hypercall at the end restores the mask the interrupted
 * code had, atomically with the return (entry.S).
 */
#include <pvguest/events.h>
#include <pvguest/hypercall.h>
#include <pvguest/traps.h>

#define NR_EVENT_CHANNELS EVTCHN_2L_NR_CHANNELS
#define BITS_PER_WORD     64

extern char hypervisor_callback[], failsafe_callback[];

static struct {
    evtchn_handler_t handler;
    void *data;
} port_handlers[NR_EVENT_CHANNELS];

volatile unsigned long upcall_count;

static void default_handler(evtchn_port_t port, void *data)
{
    (void)data;
    printk("pvguest: event on unbound port %u\n", port);
}

/*
 * Register the two callbacks: the event upcall, and the failsafe callback for a
 * return to the guest that fails to load a segment register. callback_op is the
 * current interface; set_callbacks is the original 64-bit one, used if the
 * hypervisor lacks callback_op.
 */
void events_init(void)
{
    struct callback_register event = {
        .type = CALLBACKTYPE_event,
        .address = (unsigned long)hypervisor_callback,
    };
    struct callback_register failsafe = {
        .type = CALLBACKTYPE_failsafe,
        .flags = CALLBACKF_mask_events,
        .address = (unsigned long)failsafe_callback,
    };
    long rc;

    for (unsigned int p = 0; p < NR_EVENT_CHANNELS; p++)
        port_handlers[p].handler = default_handler;

    rc = HYPERVISOR_callback_op(CALLBACKOP_register, &event);
    if (report_enosys("callback_op", rc)) {
        rc = HYPERVISOR_set_callbacks((unsigned long)hypervisor_callback,
                                      (unsigned long)failsafe_callback, 0);
        if (rc)
            panic("set_callbacks failed: %ld (%s)", rc, errno_name(rc));
        return;
    }
    if (rc)
        panic("registering the event callback failed: %ld (%s)", rc,
              errno_name(rc));

    rc = HYPERVISOR_callback_op(CALLBACKOP_register, &failsafe);
    if (rc)
        printk("pvguest: registering the failsafe callback failed: %ld (%s)\n",
               rc, errno_name(rc));
}

/*
 * Bind a VIRQ (a hypervisor-internal event source such as the vCPU's timer) to a
 * new port on vCPU 0, install its handler and unmask it. Returns the port, or a
 * negative errno.
 */
int bind_virq(unsigned int virq, evtchn_handler_t handler, void *data)
{
    struct evtchn_bind_virq op = { .virq = virq, .vcpu = 0 };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &op);

    if (rc)
        return (int)rc;
    if (op.port >= NR_EVENT_CHANNELS)
        panic("bind_virq returned port %u", op.port);
    port_handlers[op.port].data = data;
    port_handlers[op.port].handler = handler;
    unmask_evtchn(op.port);
    return (int)op.port;
}

void mask_evtchn(evtchn_port_t port)
{
    set_bit_atomic(port % BITS_PER_WORD,
                   &HYPERVISOR_shared_info->evtchn_mask[port / BITS_PER_WORD]);
}

/*
 * Unmasking through the hypervisor (EVTCHNOP_unmask) clears the mask bit and, if
 * the port was already pending, raises the upcall that was held back. A guest may
 * also clear the mask bit itself, but must then redo steps 2-3 of the list above on
 * its own; the hypercall is simpler.
 */
void unmask_evtchn(evtchn_port_t port)
{
    struct evtchn_unmask op = { .port = port };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &op);

    if (rc) {
        report_enosys("EVTCHNOP_unmask", rc);
        clear_bit_atomic(port % BITS_PER_WORD,
                         &HYPERVISOR_shared_info->evtchn_mask[port / BITS_PER_WORD]);
    }
}

void do_hypervisor_callback(struct trap_frame *frame)
{
    struct vcpu_info *vcpu = this_vcpu();
    shared_info_t *s = HYPERVISOR_shared_info;

    (void)frame;
    upcall_count++;

    do {
        WRITE_ONCE(vcpu->evtchn_upcall_pending, 0);
        barrier();      /* clear the flag before reading the selector */

        unsigned long sel = xchg_ulong(&vcpu->evtchn_pending_sel, 0);

        while (sel) {
            unsigned int word = lowest_bit(sel);
            sel &= sel - 1;

            unsigned long pending = READ_ONCE(s->evtchn_pending[word]) &
                                    ~READ_ONCE(s->evtchn_mask[word]);
            while (pending) {
                unsigned int bit = lowest_bit(pending);
                evtchn_port_t port = word * BITS_PER_WORD + bit;

                pending &= pending - 1;
                clear_bit_atomic(bit, &s->evtchn_pending[word]);
                port_handlers[port].handler(port, port_handlers[port].data);
            }
        }
    } while (READ_ONCE(vcpu->evtchn_upcall_pending));
}

/* ---- ports between domains (the split drivers' doorbells) ------------------------ */

/* Handle events on port with handler (from the upcall) and unmask it. */
void bind_evtchn(evtchn_port_t port, evtchn_handler_t handler, void *data)
{
    BUG_ON(port >= NR_EVENT_CHANNELS);
    port_handlers[port].data = data;
    port_handlers[port].handler = handler;
    unmask_evtchn(port);
}

/* Close port (either end of a channel) and forget its handler. */
long evtchn_close(evtchn_port_t port)
{
    struct evtchn_close op = { .port = port };
    if (port < NR_EVENT_CHANNELS) {
        mask_evtchn(port);
        port_handlers[port].handler = default_handler;
        port_handlers[port].data = NULL;
    }
    return HYPERVISOR_event_channel_op(EVTCHNOP_close, &op);
}

/* A new port of ours that domain `remote` may bind: the port, or -errno. */
long evtchn_alloc_unbound(domid_t remote)
{
    struct evtchn_alloc_unbound op = { .dom = DOMID_SELF, .remote_dom = remote };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &op);
    return rc ? rc : (long)op.port;
}

/* Bind to remote's unbound port: our end's port, or -errno. */
long evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port)
{
    struct evtchn_bind_interdomain op = { .remote_dom = remote,
                                          .remote_port = remote_port };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &op);
    return rc ? rc : (long)op.local_port;
}

/* Ring the other end's doorbell. */
long notify_remote_via_evtchn(evtchn_port_t port)
{
    struct evtchn_send op = { .port = port };
    return HYPERVISOR_event_channel_op(EVTCHNOP_send, &op);
}
