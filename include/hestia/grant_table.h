/*
 * grant_table.h - per-domain grant tables, version 1 (mm/grant_table.c; Xen's
 * xen/include/xen/grant_table.h and common/grant_table.c).
 *
 * Each domain has:
 *  - its shared table: up to GNTTAB_MAX_FRAMES frames of struct grant_entry_v1
 *    that the domain owns and maps writable; the guest writes entries there to
 *    grant access to its frames (granter side);
 *  - an active-entry array, one per grant reference, private to the hypervisor:
 *    how many times the entry is in use for reading and for writing, and by whom
 *    (Xen's struct active_grant_entry);
 *  - a maptrack table: the mappings this domain made of other domains' grants
 *    (grantee side); a handle is an index into it.
 *
 * The portable logic is here and in mm/grant_table.c; the hypercall entry is
 * do_grant_table_op, wired up in kernel/arch/x86/pv/hypercall.c.
 */
#ifndef HESTIA_GRANT_TABLE_H
#define HESTIA_GRANT_TABLE_H

#include <hestia/types.h>
#include <public/grant_table.h>

struct domain;

#define GNTTAB_MAX_FRAMES      4      /* frames of entries per domain (Xen: 64) */
#define GNTTAB_ENTRIES_PER_FRAME (PAGE_SIZE / sizeof(struct grant_entry_v1))
#define GNTTAB_MAX_ENTRIES     (GNTTAB_MAX_FRAMES * GNTTAB_ENTRIES_PER_FRAME)
#define GNTTAB_MAPTRACK_MAX    64     /* mappings one domain may hold at once */
#define GNTTAB_MAX_OPS         512    /* ops per hypercall (no continuations) */

/* Set up d's (empty, zero-frame) grant table; 0 or -ENOMEM. */
int grant_table_init(struct domain *d);

/*
 * Tear down d's grant state, before its frames are freed and after its page
 * tables have dropped their references (kernel/domain.c: domain_destroy):
 * releases every mapping d holds of other domains' grants, revokes every
 * mapping other domains hold of d's grants, and frees d's table frames.
 */
void grant_table_destroy(struct domain *d);

/* Write entry ref of d's table: frame mfn granted (writable) to grantee. */
int gnttab_seed_entry(struct domain *d, grant_ref_t ref, domid_t grantee,
                      unsigned long mfn);

/* HYPERVISOR_grant_table_op(cmd, uop, count). */
long do_grant_table_op(unsigned long cmd, unsigned long uop, unsigned long count);

/* For tests: the frame number of d's table frame i (0 if it does not exist). */
unsigned long gnttab_frame_mfn(const struct domain *d, unsigned int i);
/* For tests: how many maptrack entries d has in use. */
unsigned int gnttab_maptrack_in_use(const struct domain *d);

#endif /* HESTIA_GRANT_TABLE_H */
