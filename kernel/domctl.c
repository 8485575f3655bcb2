/*
 * domctl.c - the control hypercalls of dom0's toolstack: HYPERVISOR_domctl (one
 * domain: create, destroy, pause, unpause, getinfo, scheduler parameters) and
 * HYPERVISOR_sysctl (the machine: physinfo, list domains, switch the scheduler).
 * The structures are Hestia's own (include/public/hestia_ctl.h). Only a privileged
 * domain may call them.
 */
#include <hestia/arch.h>
#include <hestia/bootinfo.h>
#include <hestia/domain.h>
#include <hestia/errno.h>
#include <hestia/guest_access.h>
#include <hestia/hypercall.h>
#include <hestia/lib.h>
#include <hestia/mm.h>
#include <hestia/printk.h>
#include <hestia/sched.h>

#include <public/hestia_ctl.h>
#include <public/sched.h>

static domid_t next_domid = 1;

/* A fresh domain id above every boot domain's. */
static domid_t alloc_domid(void)
{
    for (unsigned int tries = 0; tries < DOMID_FIRST_RESERVED; tries++) {
        domid_t id = next_domid++;
        if (next_domid >= DOMID_FIRST_RESERVED)
            next_domid = 1;
        if (!domain_by_id(id))
            return id;
    }
    return 0;
}

static long domctl_create(struct hestia_domctl *op)
{
    struct boot_module *mod;
    struct domain *d;
    domid_t id;

    if (op->u.create.module == 0 || op->u.create.module >= boot_info.nr_modules)
        return -EINVAL;
    if (op->u.create.mem_kb < 1024 || op->u.create.mem_kb > (1u << 22))
        return -EINVAL;
    if (!(id = alloc_domid()))
        return -ENOSPC;
    mod = &boot_info.modules[op->u.create.module];
    op->u.create.name[sizeof(op->u.create.name) - 1] = '\0';
    op->u.create.cmdline[sizeof(op->u.create.cmdline) - 1] = '\0';
    d = arch_build_domain(mod, id, op->u.create.name[0] ? op->u.create.name : "domU",
                          false, op->u.create.mem_kb, op->u.create.cmdline);
    if (!d)
        return -ENOMEM;
    op->domain = id;
    return 0;
}

static void fill_info(const struct domain *d, struct hestia_domctl *op)
{
    const struct vcpu *v;
    uint64_t ns = 0;
    for_each_vcpu(d, v)
        ns += (uint64_t)v->runstate.time[RUNSTATE_running];
    op->u.info.state = (uint32_t)d->state;
    op->u.info.shutdown_code = (uint32_t)d->shutdown_code;
    op->u.info.tot_pages = d->tot_pages;
    op->u.info.cpu_time_ns = ns;
    op->u.info.nr_vcpus = d->max_vcpus;
    strlcpy(op->u.info.name, d->name, sizeof(op->u.info.name));
}

static long domctl_sched(struct domain *d, struct hestia_domctl *op, bool set)
{
    struct vcpu *v;
    long value = (long)op->u.sched.value;
    long rc = 0;

    op->u.sched.name[sizeof(op->u.sched.name) - 1] = '\0';
    for_each_vcpu(d, v) {
        rc = set ? sched_set_param(v, op->u.sched.name, value)
                 : sched_get_param(v, op->u.sched.name, &value);
        if (rc || !set)
            break;
    }
    op->u.sched.value = value;
    return rc;
}

static long do_one_domctl(struct hestia_domctl *op)
{
    struct domain *d;

    if (op->cmd == HESTIA_DOMCTL_create)
        return domctl_create(op);
    if (!(d = domain_by_id(op->domain)))
        return -ESRCH;
    if (d == current->domain && op->cmd != HESTIA_DOMCTL_getinfo &&
        op->cmd != HESTIA_DOMCTL_sched_get && op->cmd != HESTIA_DOMCTL_sched_set)
        return -EINVAL;                 /* not on itself */
    switch (op->cmd) {
    case HESTIA_DOMCTL_destroy:
        domain_shutdown(d, SHUTDOWN_crash);     /* freed by the reaper */
        return 0;
    case HESTIA_DOMCTL_pause:
        return domain_pause(d);
    case HESTIA_DOMCTL_unpause:
        return domain_unpause(d);
    case HESTIA_DOMCTL_getinfo:
        fill_info(d, op);
        return 0;
    case HESTIA_DOMCTL_sched_get:
        return domctl_sched(d, op, false);
    case HESTIA_DOMCTL_sched_set:
        return domctl_sched(d, op, true);
    default:
        return -ENOSYS;
    }
}

long do_domctl(unsigned long arg)
{
    struct hestia_domctl op;

    if (!current->domain->is_privileged)
        return -EPERM;
    if (copy_from_guest(&op, arg, sizeof(op)) != 0)
        return -EFAULT;
    if (op.interface_version != HESTIA_CTL_INTERFACE_VERSION)
        return -EACCES;
    long rc = do_one_domctl(&op);
    if (copy_to_guest(arg, &op, sizeof(op)) != 0)
        return -EFAULT;
    return rc;
}

static long list_domains(struct hestia_sysctl *op)
{
    struct domain *d;
    uint32_t n = 0;
    for_each_domain(d)
        if (d->domain_id >= op->u.list.first && n < ARRAY_SIZE(op->u.list.ids))
            op->u.list.ids[n++] = d->domain_id;
    op->u.list.nr = n;
    return 0;
}

long do_sysctl(unsigned long arg)
{
    struct hestia_sysctl op;
    struct heap_stats hs;
    long rc;

    if (!current->domain->is_privileged)
        return -EPERM;
    if (copy_from_guest(&op, arg, sizeof(op)) != 0)
        return -EFAULT;
    if (op.interface_version != HESTIA_CTL_INTERFACE_VERSION)
        return -EACCES;
    switch (op.cmd) {
    case HESTIA_SYSCTL_physinfo:
        heap_get_stats(&hs);
        op.u.physinfo.nr_cpus = sched_nr_online_cpus();
        op.u.physinfo.total_pages = hs.total_pages;
        op.u.physinfo.free_pages = hs.free_pages;
        rc = 0;
        break;
    case HESTIA_SYSCTL_list_domains:
        rc = list_domains(&op);
        break;
    case HESTIA_SYSCTL_sched_switch:
        op.u.sched.name[sizeof(op.u.sched.name) - 1] = '\0';
        rc = sched_switch(op.u.sched.name);
        break;
    case HESTIA_SYSCTL_sched_id:
        strlcpy(op.u.sched.name, scheduler_name(), sizeof(op.u.sched.name));
        rc = 0;
        break;
    default:
        rc = -ENOSYS;
    }
    if (copy_to_guest(arg, &op, sizeof(op)) != 0)
        return -EFAULT;
    return rc;
}
