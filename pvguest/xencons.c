/*
 * pvguest/xencons.c - the console frontend: a domU's printk through the console
 * ring it shares with dom0's console backend (include/public/io/console.h).
 *
 * A Xen domU learns where its console is from start_info: console.domU.mfn is the
 * ring's frame (inside the bootstrap mapping, so we reach it through the p2m) and
 * console.domU.evtchn the port that wakes the backend. We produce `out` (and
 * would consume `in`, keyboard input, which this kernel does not read). When the
 * ring is full we notify and yield, so the backend gets to run; if it never makes
 * room (no backend), we give up after a while and fall back to console_io.
 * dom0, and a domain built without a ring (start_info console.domU.mfn == 0),
 * keep writing through console_io.
 */
#include <pvguest/events.h>
#include <pvguest/hypercall.h>
#include <pvguest/kernel.h>
#include <pvguest/mm.h>

#include <public/io/console.h>
#include <public/sched.h>

#define FULL_RETRIES 10000

static struct xencons_interface *ring;
static evtchn_port_t ring_port;

static void backend_consumed(evtchn_port_t port, void *data)
{
    (void)port;
    (void)data;
}

void xencons_init(void)
{
    unsigned long mfn = start_info->console.domU.mfn;

    if (kernel_is_dom0 || mfn == 0)
        return;
    unsigned long pfn = mfn_to_pfn(mfn);
    if (pfn == ~0UL || pfn >= bootstrap_pfns) {
        printk("xencons: console ring frame %lx is not mapped; using console_io\n", mfn);
        return;
    }
    ring_port = start_info->console.domU.evtchn;
    ring = pfn_to_virt(pfn);
    /* The backend rings back after consuming (Xen's xenconsoled does): take those
     * events quietly - reporting them would write to the console, and so on. */
    bind_evtchn(ring_port, backend_consumed, NULL);
    printk("xencons: console on the ring at pfn %lx, event channel %u\n", pfn,
           ring_port);
}

/* Put what fits of s into the ring; how many bytes went in. */
static size_t ring_put(const char *s, size_t len)
{
    XENCONS_RING_IDX cons = READ_ONCE(ring->out_cons), prod = ring->out_prod;
    size_t n = 0;

    mb();                   /* read out_cons before overwriting what it freed */
    while (n < len && prod - cons < sizeof(ring->out))
        ring->out[MASK_XENCONS_IDX(prod++, ring->out)] = s[n++];
    wmb();                  /* the bytes before the index that publishes them */
    ring->out_prod = prod;
    return n;
}

bool xencons_write(const char *s, size_t len)
{
    unsigned int tries = 0;

    if (!ring)
        return false;
    while (len) {
        size_t n = ring_put(s, len);
        s += n;
        len -= n;
        notify_remote_via_evtchn(ring_port);
        if (len && n == 0) {
            if (++tries == FULL_RETRIES) {
                ring = NULL;        /* nobody is reading: back to console_io */
                return false;
            }
            HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
        }
    }
    return true;
}
