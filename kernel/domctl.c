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
#include <hestia/event.h>
#include <hestia/errno.h>
#include <hestia/guest_access.h>
#include <hestia/hypercall.h>
#include <hestia/lib.h>
#include <hestia/mm.h>
#include <hestia/printk.h>
#include <hestia/sched.h>
#include <hestia/softirq.h>
#include <hestia/trace.h>

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
    if (op->u.create.mem_kb < 1024 || op->u.create.mem_kb > (1u << 22) ||
        (op->u.create.flags & ~HESTIA_CREATE_devices))
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
    if (op->u.create.flags & HESTIA_CREATE_devices) {
        int rc = arch_share_devices(d, current->domain->domain_id,
                                    &op->u.create.console_port, &op->u.create.store_port);
        if (rc) {
            domain_shutdown(d, SHUTDOWN_crash);     /* freed by the reaper */
            return rc;
        }
        d->toolstack_reaps = true;
    }
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
    op->u.info.evtchn_ports = evtchn_ports_in_use((struct domain *)d);
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
        d->toolstack_reaps = false;
        domain_shutdown(d, SHUTDOWN_crash);     /* freed by the reaper */
        raise_softirq(DOMAIN_REAP_SOFTIRQ);     /* (it may have shut down before) */
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

/* Copy the console log from u.console.index on, in bounce-buffer steps. */
static long read_console(struct hestia_sysctl *op)
{
    char chunk[256];
    uint32_t done = 0;
    size_t n;

    while (done < op->u.console.len &&
           (n = console_ring_read(&op->u.console.index, chunk,
                                  MIN(sizeof(chunk), (size_t)(op->u.console.len - done)))))
    {
        if (copy_to_guest(op->u.console.buffer + done, chunk, n) != 0)
            return -EFAULT;
        done += (uint32_t)n;
    }
    op->u.console.len = done;
    return 0;
}

/* dom0's trace start|stop|dump. */
static long trace_control(struct hestia_sysctl *op)
{
    uint32_t mask;
    long rc = 0;

    op->u.trace.classes[sizeof(op->u.trace.classes) - 1] = '\0';
    switch (op->u.trace.op) {
    case HESTIA_TRACE_OP_start:
        rc = trace_parse_classes(op->u.trace.classes, &mask);
        if (!rc)
            rc = mask ? trace_start(mask) : -EINVAL;
        break;
    case HESTIA_TRACE_OP_stop:
        trace_stop();
        break;
    case HESTIA_TRACE_OP_dump:
        if (trace_class_mask)
            return -EBUSY;
        trace_dump(arch_trace_out);
        break;
    case HESTIA_TRACE_OP_status:
        break;
    default:
        return -EINVAL;
    }
    op->u.trace.mask = trace_class_mask;
    return rc;
}

/* A boot module's name and size; 0 or -ENOENT past the last one. */
static long module_info(struct hestia_sysctl *op)
{
    if (op->u.module.index >= boot_info.nr_modules)
        return -ENOENT;
    const struct boot_module *m = &boot_info.modules[op->u.module.index];
    op->u.module.size = m->end - m->start;
    strlcpy(op->u.module.name, m->name, sizeof(op->u.module.name));
    return 0;
}

/* Copy up to len bytes of a boot module from offset to the caller's buffer. */
static long module_read(struct hestia_sysctl *op)
{
    long rc = module_info(op);
    if (rc)
        return rc;
    const struct boot_module *m = &boot_info.modules[op->u.module.index];
    uint64_t size = m->end - m->start, off = op->u.module.offset;
    uint32_t len = off >= size ? 0 : (uint32_t)MIN((uint64_t)op->u.module.len, size - off);
    if (copy_to_guest(op->u.module.buffer, maddr_to_virt(m->start + off), len) != 0)
        return -EFAULT;
    op->u.module.len = len;
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
    case HESTIA_SYSCTL_module_info:
        rc = module_info(&op);
        break;
    case HESTIA_SYSCTL_module_read:
        rc = module_read(&op);
        break;
    case HESTIA_SYSCTL_trace:
        rc = trace_control(&op);
        break;
    case HESTIA_SYSCTL_readconsole:
        rc = read_console(&op);
        break;
    case HESTIA_SYSCTL_sched_id:
        strlcpy(op.u.sched.name, scheduler_name(), sizeof(op.u.sched.name));
        sched_describe_params(op.u.sched.params, sizeof(op.u.sched.params));
        rc = 0;
        break;
    default:
        rc = -ENOSYS;
    }
    if (copy_to_guest(arg, &op, sizeof(op)) != 0)
        return -EFAULT;
    return rc;
}
