/*
 * dom0/ctl.c - the toolstack's way into the hypervisor: HYPERVISOR_domctl and
 * HYPERVISOR_sysctl (Hestia's own structures, include/public/hestia_ctl.h), and
 * boot modules by name. On Xen, libxc wraps these; here each wrapper is a line.
 */
#include <pvguest/hypercall.h>
#include "dom0.h"

long domctl(struct hestia_domctl *op, uint32_t cmd, domid_t domid)
{
    op->cmd = cmd;
    op->domain = domid;
    op->interface_version = HESTIA_CTL_INTERFACE_VERSION;
    return _hypercall1(__HYPERVISOR_domctl, op);
}

long sysctl(struct hestia_sysctl *op, uint32_t cmd)
{
    op->cmd = cmd;
    op->interface_version = HESTIA_CTL_INTERFACE_VERSION;
    return _hypercall1(__HYPERVISOR_sysctl, op);
}

long module_find(const char *name, uint64_t *size)
{
    struct hestia_sysctl op;

    for (uint32_t i = 0;; i++) {
        memset(&op, 0, sizeof(op));
        op.u.module.index = i;
        long rc = sysctl(&op, HESTIA_SYSCTL_module_info);
        if (rc)
            return rc;                  /* -ENOENT after the last one */
        if (!strcmp(op.u.module.name, name)) {
            *size = op.u.module.size;
            return (long)i;
        }
    }
}

long module_read(unsigned int index, uint64_t offset, void *buf, uint32_t len)
{
    struct hestia_sysctl op;

    memset(&op, 0, sizeof(op));
    op.u.module.index = index;
    op.u.module.offset = offset;
    op.u.module.len = len;
    op.u.module.buffer = (uint64_t)(unsigned long)buf;
    long rc = sysctl(&op, HESTIA_SYSCTL_module_read);
    return rc ? rc : (long)op.u.module.len;
}

long ctl_ports_in_use(domid_t domid)
{
    struct hestia_domctl op;

    memset(&op, 0, sizeof(op));
    long rc = domctl(&op, HESTIA_DOMCTL_getinfo, domid);
    return rc ? rc : (long)op.u.info.evtchn_ports;
}
