/*
 * pvguest/cmdline.c - the guest command line.
 *
 * The domain builder copies the guest's command line into start_info.cmd_line (for
 * dom0 on Xen: the text after the kernel's name on GRUB's module2 line; Xen may add
 * words of its own, such as "acpi=..."). This kernel reads it as space-separated
 * key=value words, e.g. "workload=periodic period_us=10000 wcet_us=2000". A word
 * without '=' is a key with an empty value. Unknown keys are ignored.
 */
#include <pvguest/kernel.h>

#define MAX_WORDS 32

static char line[MAX_GUEST_CMDLINE];
static const char *keys[MAX_WORDS], *values[MAX_WORDS];
static unsigned int nr_words;

void cmdline_init(const char *cmdline)
{
    size_t n = strnlen(cmdline, MAX_GUEST_CMDLINE - 1);
    char *p = line;

    memcpy(line, cmdline, n);
    line[n] = '\0';

    nr_words = 0;
    while (*p && nr_words < MAX_WORDS) {
        while (*p == ' ' || *p == '\t')
            *p++ = '\0';
        if (!*p)
            break;
        keys[nr_words] = p;
        values[nr_words] = "";
        while (*p && *p != ' ' && *p != '\t') {
            if (*p == '=' && !*values[nr_words]) {
                *p = '\0';
                values[nr_words] = p + 1;
            }
            p++;
        }
        nr_words++;
    }
}

/* The value of the last word with this key (later words override earlier ones). */
const char *cmdline_get(const char *key)
{
    for (unsigned int i = nr_words; i-- > 0;)
        if (!strcmp(keys[i], key))
            return values[i];
    return NULL;
}

/* A decimal (or 0x hexadecimal) number; dflt if absent or malformed. */
unsigned long cmdline_get_ulong(const char *key, unsigned long dflt)
{
    const char *s = cmdline_get(key);
    unsigned long v = 0, base = 10;

    if (!s || !*s)
        return dflt;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    for (; *s; s++) {
        unsigned int d;

        if (*s >= '0' && *s <= '9')
            d = *s - '0';
        else if (base == 16 && *s >= 'a' && *s <= 'f')
            d = *s - 'a' + 10;
        else if (base == 16 && *s >= 'A' && *s <= 'F')
            d = *s - 'A' + 10;
        else
            return dflt;
        v = v * base + d;
    }
    return v;
}
