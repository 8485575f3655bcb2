/*
 * multicall.c - __HYPERVISOR_multicall: several hypercalls for the price of one
 * guest/hypervisor round trip. Each entry names a hypercall and its arguments; its
 * result is written back into the entry. A guest uses it to batch page-table
 * updates with the TLB flush that follows them.
 */
#include <hestia/errno.h>
#include <hestia/guest_access.h>
#include <hestia/hypercall.h>

#define MAX_MULTICALLS 64

long do_multicall(unsigned long call_list, unsigned long nr_calls)
{
    struct multicall_entry e;

    if (nr_calls > MAX_MULTICALLS)
        return -EINVAL;
    for (unsigned long i = 0; i < nr_calls; i++) {
        unsigned long addr = call_list + i * sizeof(e);
        if (copy_from_guest(&e, addr, sizeof(e)) != 0)
            return -EFAULT;
        if (e.op == __HYPERVISOR_multicall || e.op == __HYPERVISOR_iret)
            e.result = (xen_ulong_t)-EINVAL;        /* no nesting, no iret */
        else
            e.result = (xen_ulong_t)hypercall_dispatch(e.op, (const unsigned long *)e.args);
        if (copy_to_guest(addr + offsetof(struct multicall_entry, result), &e.result,
                          sizeof(e.result)) != 0)
            return -EFAULT;
    }
    return 0;
}
