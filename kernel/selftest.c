/*
 * selftest.c - choosing and running in-hypervisor self-tests (selftest.h).
 *
 * The tests themselves live next to what they test (kernel/selftest_*.c); this file
 * owns the `selftest=` option, runs the chosen tests in the order they were linked,
 * and prints one line per test plus a summary.
 */
#include <hestia/lib.h>
#include <hestia/param.h>
#include <hestia/printk.h>
#include <hestia/selftest.h>

static char selftest_opt[128];
string_param("selftest", selftest_opt);

bool selftests_requested(void)
{
    return selftest_opt[0] != '\0' && strcmp(selftest_opt, "none") != 0;
}

/* Is `name` one of the comma-separated words in the option? */
static bool named(const char *name)
{
    size_t len = strlen(name);
    for (const char *p = selftest_opt; *p; ) {
        const char *comma = strchr(p, ',');
        size_t wlen = comma ? (size_t)(comma - p) : strlen(p);
        if (wlen == len && strncmp(p, name, len) == 0)
            return true;
        p += wlen + (comma ? 1 : 0);
    }
    return false;
}

static const struct selftest *find(const char *name, size_t len)
{
    for (const struct selftest *t = __selftest_start; t < __selftest_end; t++)
        if (strlen(t->name) == len && strncmp(t->name, name, len) == 0)
            return t;
    return NULL;
}

/* Every word must name a test (or be "all"); report the ones that do not. */
static unsigned int check_names(void)
{
    unsigned int bad = 0;
    for (const char *p = selftest_opt; *p; ) {
        const char *comma = strchr(p, ',');
        size_t wlen = comma ? (size_t)(comma - p) : strlen(p);
        if (!(wlen == 3 && strncmp(p, "all", 3) == 0) && !find(p, wlen)) {
            printk(XENLOG_ERR "FAIL selftest: no test named '%.*s' (known:", (int)wlen, p);
            for (const struct selftest *t = __selftest_start; t < __selftest_end; t++)
                printk(" %s", t->name);
            printk(")\n");
            bad++;
        }
        p += wlen + (comma ? 1 : 0);
    }
    return bad;
}

unsigned int run_selftests(void)
{
    unsigned int passed = 0, failed = check_names();
    bool all = named("all");

    printk("selftest: running '%s'\n", selftest_opt);
    for (const struct selftest *t = __selftest_start; t < __selftest_end; t++) {
        if (!(named(t->name) || (all && t->in_all)))
            continue;
        char why[160] = "";
        if (t->fn(why, sizeof(why)) == 0) {
            printk("PASS %s\n", t->name);
            passed++;
        } else {
            printk("FAIL %s: %s\n", t->name, why[0] ? why : "(no reason given)");
            failed++;
        }
    }
    printk("selftest summary: %u passed, %u failed\n", passed, failed);
    return failed;
}
