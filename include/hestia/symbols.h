/*
 * symbols.h - turning code addresses into "function+offset/size" for backtraces.
 *
 * The build links the hypervisor three times so that the image carries a table of
 * its own function symbols (scripts/gensyms.sh, the Makefile). The lookup is
 * portable and host-tested.
 */
#ifndef HESTIA_SYMBOLS_H
#define HESTIA_SYMBOLS_H

#include <hestia/types.h>

struct symbol {
    uint64_t addr;
    uint32_t size;       /* 0 when the assembler did not say */
    uint32_t name_off;   /* into the names blob */
};

struct symbol_table {
    const struct symbol *syms;   /* sorted by address */
    unsigned long nr;
    const char *names;
};

/*
 * Find the function containing addr. Returns its name and sets *offset (addr minus
 * the function's start) and *size, or returns NULL when addr is outside every
 * function (before the first; or past the end of a sized function).
 */
const char *symbols_lookup_in(const struct symbol_table *t, uint64_t addr,
                              uint64_t *offset, uint64_t *size);

/* The same, in the hypervisor's own table. */
const char *symbols_lookup(uint64_t addr, uint64_t *offset, uint64_t *size);

/* Format "name+0xoff/0xsize" (or the bare address) into buf. */
void symbols_format(char *buf, size_t len, uint64_t addr);
/* The same for a return address (named after the call it follows). */
void symbols_format_return(char *buf, size_t len, uint64_t addr);

#endif /* HESTIA_SYMBOLS_H */
