/*
 * include/public/features.h - XENFEAT_*: optional behaviours of the hypervisor,
 * as bit numbers.
 *
 * A guest reads the bitmap with XENVER_get_features (version.h), 32 bits per
 * call. A kernel also names the features it supports or needs in its
 * XEN_ELFNOTE_FEATURES note (the names below without "XENFEAT_", separated by
 * '|', a leading '!' meaning "required") or as a bitmap in
 * XEN_ELFNOTE_SUPPORTED_FEATURES (elfnote.h).
 *
 * Layout-identical to Xen's xen/include/public/features.h (Xen 4.17): the same
 * bit numbers. The text is Hestia's own. Which bits Hestia reports is decided
 * by the hypervisor, not here.
 */
#ifndef HESTIA_PUBLIC_FEATURES_H
#define HESTIA_PUBLIC_FEATURES_H

/* The guest may write its page tables directly (no mmu_update needed). */
#define XENFEAT_writable_page_tables       0

/* The guest may write its GDT/LDT directly (no update_descriptor needed). */
#define XENFEAT_writable_descriptor_tables 1

/*
 * The hypervisor translates guest-physical to machine addresses itself, so
 * page tables hold guest-physical frames (true of HVM/PVH guests, not of PV).
 */
#define XENFEAT_auto_translated_physmap    2

/* The guest kernel runs in supervisor mode (x86 ring 0). */
#define XENFEAT_supervisor_mode_kernel     3

/* 32-bit PAE guests: page directories may live above 4 GiB. */
#define XENFEAT_pae_pgdir_above_4gb        4

/* x86: MMU_PT_UPDATE_PRESERVE_AD is available. */
#define XENFEAT_mmu_pt_update_preserve_ad  5

/* x86: MMUEXT_CLEAR_PAGE and MMUEXT_COPY_PAGE are available. */
#define XENFEAT_highmem_assist             6

/* Grant mappings honour flags for the PTE bits left to the guest kernel. */
#define XENFEAT_gnttab_map_avail_bits      7

/* x86 HVM: events may be delivered through an interrupt vector. */
#define XENFEAT_hvm_callback_vector        8

/* x86 HVM: the PV clock algorithm is safe to use. */
#define XENFEAT_hvm_safe_pvclock           9

/* x86 HVM: physical IRQs may be routed to event channels. */
#define XENFEAT_hvm_pirqs                 10

/* The hypervisor can run this kernel as dom0. */
#define XENFEAT_dom0                      11

/* 12 was XENFEAT_grant_map_identity, now retired: do not reuse. */

/* memory_op accepts a virtual NUMA node (XENMEMF_vnode). */
#define XENFEAT_memory_op_vnode_supported 13

/* ARM: the SMC calling convention is supported. */
#define XENFEAT_ARM_SMCCC_supported       14

/* x86 PVH: the ACPI RSDP may be placed anywhere (not only below 1 MiB). */
#define XENFEAT_linux_rsdp_unrestricted   15

/*
 * Whether the domain's guest frames equal its machine frames (gfn == mfn).
 * At most one of the two is set; with neither, assume the old rule (PV guests
 * on x86 are direct-mapped, translated guests are not).
 */
#define XENFEAT_not_direct_mapped         16
#define XENFEAT_direct_mapped             17

/* 32-bit words in the bitmap (submap_idx 0 .. XENFEAT_NR_SUBMAPS-1). */
#define XENFEAT_NR_SUBMAPS 1

#endif /* HESTIA_PUBLIC_FEATURES_H */
