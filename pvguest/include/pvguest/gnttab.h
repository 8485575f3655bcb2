/*
 * pvguest/include/pvguest/gnttab.h - grant tables for split drivers: grant our
 * frames to another domain (frontends), copy through others' grants (backends).
 * pvguest/gnttab.c explains the mechanics.
 */
#ifndef PVGUEST_GNTTAB_H
#define PVGUEST_GNTTAB_H

#include <public/grant_table.h>
#include <pvguest/hypercall.h>
#include <pvguest/lib.h>

long HYPERVISOR_grant_table_op(unsigned int cmd, void *uop, unsigned int count);

long gnttab_init(void);                          /* map our table; 0 or -errno */
/* Grant frame mfn to domid: the reference, or -errno. */
long gnttab_grant_access(domid_t domid, unsigned long mfn, bool readonly);
long gnttab_end_access(grant_ref_t ref);         /* -EBUSY while in use */
/* One entry of a mapped table: written domid and frame first, then flags; revoked
 * (flags -> 0) only while the hypervisor is not using it (false otherwise). */
void gnttab_set_entry(volatile struct grant_entry_v1 *e, domid_t domid, unsigned long mfn,
                      uint16_t flags);
bool gnttab_revoke_entry(volatile struct grant_entry_v1 *e);

/* GNTTABOP_copy of n ops; 0, -errno, or -EIO if some op's status is not okay. */
long gnttab_copy(struct gnttab_copy *ops, unsigned int n);
/* len bytes at offset of (dom, ref) to or from a buffer of ours (within one page). */
long gnttab_read(domid_t dom, grant_ref_t ref, unsigned int offset, void *buf,
                 unsigned int len);
long gnttab_write(domid_t dom, grant_ref_t ref, unsigned int offset, const void *buf,
                  unsigned int len);

#endif /* PVGUEST_GNTTAB_H */
