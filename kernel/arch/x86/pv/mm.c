/*
 * pv/mm.c - the memory hypercalls of a PV guest: mmu_update, update_va_mapping,
 * mmuext_op, set_gdt, and the memory_op queries.
 *
 * This is direct paging: the guest's page tables are real, hardware-walked tables in
 * frames the guest owns, but it may only change them through these hypercalls. Each
 * change is checked by mm/pv_pagetable.c (the frame must be the guest's, page tables
 * may never be writable, the hypervisor's slots are off limits), which keeps every
 * guest inside its own memory while its page tables run at native speed.
 *
 * TLBs: a single pCPU runs one vcpu at a time, so "local" and "all" flushes are the
 * same here; we flush after every batch of updates, which is always safe.
 */
#include <hestia/domain.h>
#include <hestia/errno.h>
#include <hestia/guest_access.h>
#include <hestia/lib.h>
#include <hestia/mm.h>
#include <hestia/printk.h>
#include <hestia/pv_pagetable.h>
#include <hestia/sched.h>

#include <asm/config.h>
#include <asm/desc.h>
#include <asm/domain.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/x86.h>

#include <public/memory.h>

static void flush_tlb_local(void)
{
    write_cr3(read_cr3());
}

static bool frame_owned(unsigned long mfn, const struct domain *d)
{
    return mfn < max_page && mfn_to_page(mfn)->owner == d;
}

/* One mmu_update request. */
static long mmu_update_one(struct domain *d, const struct mmu_update *req)
{
    unsigned long mfn = req->ptr >> PAGE_SHIFT;

    unsigned int index = (req->ptr & (PAGE_SIZE - 1)) >> 3;
    uint64_t val = req->val;

    switch (req->ptr & 3) {
    case MMU_PT_UPDATE_PRESERVE_AD:
        /* Keep the Accessed/Dirty bits the CPU set in the entry being replaced. */
        if (frame_owned(mfn, d))
            val |= ((uint64_t *)map_domain_page(mfn))[index] & (_PAGE_ACCESSED | _PAGE_DIRTY);
        /* fall through */
    case MMU_NORMAL_PT_UPDATE:
        if (req->ptr & 4)
            return -EINVAL;                         /* entries are 8-byte aligned */
        return pv_mod_entry(d, mfn, index, val);
    case MMU_MACHPHYS_UPDATE:
        if (!frame_owned(mfn, d))
            return -EPERM;
        set_gpfn_from_mfn(mfn, req->val);
        return 0;
    default:
        return -ENOSYS;
    }
}

long do_mmu_update(unsigned long ureqs, unsigned long count, unsigned long pdone,
                   unsigned long foreigndom)
{
    struct domain *d = current->domain;
    unsigned long done = 0;
    long rc = 0;

    if ((foreigndom & 0xffff) != DOMID_SELF && (foreigndom & 0xffff) != d->domain_id)
        return -EPERM;                  /* foreign mappings: not in Hestia */
    for (; done < count; done++) {
        struct mmu_update req;
        if (copy_from_guest(&req, ureqs + done * sizeof(req), sizeof(req)) != 0) {
            rc = -EFAULT;
            break;
        }
        if ((rc = mmu_update_one(d, &req)) != 0)
            break;
    }
    flush_tlb_local();
    if (pdone && copy_to_guest(pdone, &done, sizeof(unsigned int)) != 0)
        return -EFAULT;
    return rc;
}

/*
 * Find the machine frame of the L1 table that maps va in the current vcpu's page
 * tables (0 if va is not mapped down to an L1). Reads tables through the direct map.
 */
static unsigned long l1_mfn_of(const struct vcpu *v, unsigned long va)
{
    unsigned long mfn = v->arch->kernel_mode ? v->arch->guest_table
                                             : v->arch->guest_table_user;
    for (int shift = 39; shift >= 21 && mfn; shift -= 9) {
        uint64_t e = ((uint64_t *)map_domain_page(mfn))[(va >> shift) & 511];
        if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
            return 0;
        mfn = pte_get_mfn(e);
    }
    return mfn;
}

long do_update_va_mapping(unsigned long va, unsigned long val, unsigned long flags)
{
    struct vcpu *v = current;

    if (!guest_range_ok(va, 1))
        return -EINVAL;
    unsigned long l1 = l1_mfn_of(v, va);
    if (!l1)
        return -EINVAL;
    long rc = pv_mod_entry(v->domain, l1, (va >> PAGE_SHIFT) & 511, val);
    if ((flags & UVMF_FLUSHTYPE_MASK) == UVMF_INVLPG)
        invlpg((const void *)va);
    else
        flush_tlb_local();
    return rc;
}

/* MMUEXT_NEW_BASEPTR / NEW_USER_BASEPTR: switch to another validated L4. */
static long new_baseptr(struct vcpu *v, unsigned long mfn, bool user)
{
    unsigned long *slot = user ? &v->arch->guest_table_user : &v->arch->guest_table;
    long rc;

    if (mfn == 0 && user) {
        rc = 0;                         /* no user page tables */
    } else if ((rc = get_page_and_type(mfn, v->domain, PGT_l4_page_table)) != 0) {
        return rc;
    }
    unsigned long old = *slot;
    *slot = mfn;
    if (v->arch->kernel_mode != user)
        write_ptbase(v);
    if (old)
        put_page_and_type(mfn_to_page(old));
    return 0;
}

static long mmuext_one(struct vcpu *v, const struct mmuext_op *op)
{
    switch (op->cmd) {
    case MMUEXT_PIN_L1_TABLE:
    case MMUEXT_PIN_L2_TABLE:
    case MMUEXT_PIN_L3_TABLE:
    case MMUEXT_PIN_L4_TABLE:
        return pv_pin_table(v->domain, op->arg1.mfn, op->cmd - MMUEXT_PIN_L1_TABLE + 1);
    case MMUEXT_UNPIN_TABLE:
        return pv_unpin_table(v->domain, op->arg1.mfn);
    case MMUEXT_NEW_BASEPTR:
        return new_baseptr(v, op->arg1.mfn, false);
    case MMUEXT_NEW_USER_BASEPTR:
        return new_baseptr(v, op->arg1.mfn, true);
    case MMUEXT_TLB_FLUSH_LOCAL:
    case MMUEXT_TLB_FLUSH_MULTI:
    case MMUEXT_TLB_FLUSH_ALL:
        flush_tlb_local();
        return 0;
    case MMUEXT_INVLPG_LOCAL:
    case MMUEXT_INVLPG_MULTI:
    case MMUEXT_INVLPG_ALL:
        if (!guest_range_ok(op->arg1.linear_addr, 1))
            return -EINVAL;
        invlpg((const void *)op->arg1.linear_addr);
        return 0;
    default:
        return -ENOSYS;                 /* LDT, cache flushes, page copy: not in Hestia */
    }
}

long do_mmuext_op(unsigned long uops, unsigned long count, unsigned long pdone,
                  unsigned long foreigndom)
{
    struct vcpu *v = current;
    unsigned long done = 0;
    long rc = 0;

    if ((foreigndom & 0xffff) != DOMID_SELF && (foreigndom & 0xffff) != v->domain->domain_id)
        return -EPERM;
    for (; done < count; done++) {
        struct mmuext_op op;
        if (copy_from_guest(&op, uops + done * sizeof(op), sizeof(op)) != 0) {
            rc = -EFAULT;
            break;
        }
        if ((rc = mmuext_one(v, &op)) != 0)
            break;
    }
    if (pdone && copy_to_guest(pdone, &done, sizeof(unsigned int)) != 0)
        return -EFAULT;
    return rc;
}

/*
 * A guest segment descriptor is acceptable if it is not present, or if it is a code
 * or data segment (S = 1); its DPL is raised to 3 when it is copied into the GDT
 * (desc.c), as Xen does, so it can never grant ring 0. System descriptors - call
 * gates, TSSs, LDTs - could lead to ring 0, so they are refused.
 */
static bool descriptor_ok(uint64_t desc)
{
    bool present = (desc >> 47) & 1;
    bool code_or_data = (desc >> 44) & 1;
    return !present || code_or_data;
}

long do_set_gdt(unsigned long frame_list, unsigned long entries)
{
    struct vcpu *v = current;
    unsigned long frames[FIRST_RESERVED_GDT_PAGE];
    unsigned long nr_frames = (entries + 511) / 512;

    if (entries > FIRST_RESERVED_GDT_ENTRY)
        return -EINVAL;
    if (copy_from_guest(frames, frame_list, nr_frames * sizeof(frames[0])) != 0)
        return -EFAULT;
    for (unsigned long i = 0; i < nr_frames; i++)
        if (!frame_owned(frames[i], v->domain))
            return -EPERM;
    for (unsigned long e = 0; e < entries; e++)
        if (!descriptor_ok(((uint64_t *)map_domain_page(frames[e / 512]))[e % 512]))
            return -EINVAL;
    for (unsigned long i = 0; i < nr_frames; i++)
        v->arch->gdt_frames[i] = frames[i];
    v->arch->gdt_ents = (unsigned int)entries;
    load_guest_gdt(v);
    return 0;
}

/*
 * __HYPERVISOR_memory_op: the few queries Hestia answers. Ballooning and memory
 * exchange (increase/decrease_reservation, populate_physmap) are not in Hestia.
 */
long do_memory_op(unsigned long cmd, unsigned long arg)
{
    struct domain *d = current->domain;

    switch (cmd) {
    case XENMEM_machphys_mapping: {
        struct xen_machphys_mapping m = {
            .v_start = MACH2PHYS_VIRT_START,
            .v_end = MACH2PHYS_VIRT_START + max_page * sizeof(unsigned long),
            .max_mfn = max_page - 1,
        };
        return copy_to_guest(arg, &m, sizeof(m)) ? -EFAULT : 0;
    }
    case XENMEM_maximum_ram_page:
        return (long)max_page - 1;
    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation: {
        domid_t id;
        if (copy_from_guest(&id, arg, sizeof(id)) != 0)
            return -EFAULT;
        if (id != DOMID_SELF && id != d->domain_id)
            return -EPERM;
        return (long)(cmd == XENMEM_current_reservation ? d->tot_pages : d->max_pages);
    }
    default:
        return -ENOSYS;
    }
}
