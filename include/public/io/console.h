/*
 * include/public/io/console.h - the PV console page: a guest's text console
 * as two byte rings shared with the console backend (xenconsoled in dom0).
 *
 * Layout-identical to Xen's xen/include/public/io/console.h (Xen 4.17). The
 * text is Hestia's own. (Xen 4.19 appends a `connection` byte at offset
 * 3088; Hestia's interface stops at out_prod, as 4.17's does.)
 *
 * Finding it. The domain builder allocates one page for a domU and passes
 * it in start_info: console.domU.mfn is the machine frame of the page and
 * console.domU.evtchn the event channel bound to the backend. Dom0 has no
 * such page (start_info's console field is the dom0 variant there): it
 * writes to the hypervisor's own console with the console_io hypercall
 * (CONSOLEIO_write / CONSOLEIO_read).
 *
 * Who produces what. `out` carries the guest's output: the guest writes
 * bytes at out_prod and advances it, the backend reads at out_cons and
 * advances that. `in` carries keyboard input the other way: the backend
 * produces (in_prod), the guest consumes (in_cons). Unlike the request/
 * response rings of ring.h, each end writes its own consumer index to the
 * page, because the producer needs it to know how much space is left.
 *
 * The indices are free-running 32-bit counters; a byte's position is
 * MASK_XENCONS_IDX(idx, intf->out), i.e. idx modulo the array size, which
 * is a power of two. Bytes waiting: prod - cons; free space: sizeof(ring) -
 * (prod - cons). A producer writes the bytes, issues a write barrier, stores
 * the new producer index and then notifies the event channel; a consumer
 * reads the producer index, issues a read barrier, reads the bytes, then
 * (after a full barrier) stores its consumer index and notifies too, so a
 * producer waiting for space wakes up. There are no event indices here:
 * every update is worth a notification.
 */
#ifndef HESTIA_PUBLIC_IO_CONSOLE_H
#define HESTIA_PUBLIC_IO_CONSOLE_H

#include "../xen.h"

#ifndef __ASSEMBLY__

typedef uint32_t XENCONS_RING_IDX;

/* The array index for counter idx in `ring` (one of intf->in, intf->out). */
#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

struct xencons_interface {
    char in[1024];                  /* backend -> guest (input) */
    char out[2048];                 /* guest -> backend (output) */
    XENCONS_RING_IDX in_cons, in_prod;      /* written by guest, backend */
    XENCONS_RING_IDX out_cons, out_prod;    /* written by backend, guest */
};
XEN_ABI_OFFSET(struct xencons_interface, in, 0);
XEN_ABI_OFFSET(struct xencons_interface, out, 1024);
XEN_ABI_OFFSET(struct xencons_interface, in_cons, 3072);
XEN_ABI_OFFSET(struct xencons_interface, in_prod, 3076);
XEN_ABI_OFFSET(struct xencons_interface, out_cons, 3080);
XEN_ABI_OFFSET(struct xencons_interface, out_prod, 3084);
XEN_ABI_SIZE(struct xencons_interface, 3088);

#endif /* !__ASSEMBLY__ */

#endif /* HESTIA_PUBLIC_IO_CONSOLE_H */
