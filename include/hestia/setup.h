/*
 * setup.h - the boot flow's hand-over from architecture code to generic code.
 *
 * kernel/arch/x86/setup.c brings the machine up (console, descriptor tables, memory,
 * time) and then calls hestia_main(), which does everything that is not x86-specific.
 */
#ifndef HESTIA_SETUP_H
#define HESTIA_SETUP_H

#include <hestia/types.h>

void hestia_main(void) __noreturn;

/* Build the domains given as boot modules and start running them (boot_domains.c). */
void start_boot_domains(void) __noreturn;

/* Set up the frame allocator's free memory, the frame table and the direct map. */
void memory_init(void);

#endif /* HESTIA_SETUP_H */
