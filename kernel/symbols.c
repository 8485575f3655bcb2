/*
 * symbols.c - look up the function that contains a code address.
 *
 * The table is generated at build time from the linked image (scripts/gensyms.sh)
 * and sorted by address, so a binary search finds the last symbol at or below the
 * address. Used by the exception dump and panic() to print readable backtraces.
 */
#include <hestia/lib.h>
#include <hestia/symbols.h>

/* Defined by the generated assembly (build/syms/syms2.S). */
extern const unsigned long symbols_num;
extern const struct symbol symbols_table[];
extern const char symbols_names[];

const char *symbols_lookup_in(const struct symbol_table *t, uint64_t addr,
                              uint64_t *offset, uint64_t *size)
{
    unsigned long lo = 0, hi = t->nr;

    if (t->nr == 0 || addr < t->syms[0].addr)
        return NULL;

    /* Invariant: syms[lo].addr <= addr, and every index >= hi is above addr. */
    while (hi - lo > 1) {
        unsigned long mid = lo + (hi - lo) / 2;
        if (t->syms[mid].addr <= addr)
            lo = mid;
        else
            hi = mid;
    }

    /* Several names may share an address (aliases): take the first of them. */
    while (lo > 0 && t->syms[lo - 1].addr == t->syms[lo].addr)
        lo--;

    const struct symbol *s = &t->syms[lo];
    if (s->size != 0 && addr - s->addr >= s->size) {
        /* Past the end of a sized function: maybe a later alias has a size. */
        return NULL;
    }
    *offset = addr - s->addr;
    *size = s->size;
    return t->names + s->name_off;
}

const char *symbols_lookup(uint64_t addr, uint64_t *offset, uint64_t *size)
{
    struct symbol_table t = { symbols_table, symbols_num, symbols_names };
    return symbols_lookup_in(&t, addr, offset, size);
}

static void format_at(char *buf, size_t len, uint64_t addr, uint64_t lookup)
{
    uint64_t off, size;
    const char *name = symbols_lookup(lookup, &off, &size);

    off += addr - lookup;

    if (!name)
        snprintf(buf, len, "%p", (void *)addr);
    else if (size == 0)             /* an assembly label: size unknown */
        snprintf(buf, len, "%s+0x%llx", name, (unsigned long long)off);
    else
        snprintf(buf, len, "%s+0x%llx/0x%llx", name, (unsigned long long)off,
                 (unsigned long long)size);
}

void symbols_format(char *buf, size_t len, uint64_t addr)
{
    format_at(buf, len, addr, addr);
}

/*
 * A return address names the instruction after a call. After a call to a function
 * that never returns, that is already the next function; so look up the byte
 * before it, which is inside the call.
 */
void symbols_format_return(char *buf, size_t len, uint64_t addr)
{
    format_at(buf, len, addr, addr ? addr - 1 : 0);
}
