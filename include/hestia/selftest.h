/*
 * selftest.h - self-tests that run inside the hypervisor (`selftest=` option).
 *
 * A self-test is declared next to what it tests:
 *
 *     static int test_heap(char *why, size_t len) { ...; return 0; }
 *     SELFTEST("heap", test_heap, SELFTEST_IN_ALL);
 *
 * It returns 0 on success, or non-zero after writing the reason into `why`.
 * `selftest=all` runs every test marked SELFTEST_IN_ALL; `selftest=a,b` runs the
 * named ones (tests that end the run on purpose, such as "fault", only by name).
 * Each prints "PASS name" or "FAIL name: why".
 */
#ifndef HESTIA_SELFTEST_H
#define HESTIA_SELFTEST_H

#include <hestia/lib.h>
#include <hestia/types.h>

struct selftest {
    const char *name;
    int (*fn)(char *why, size_t len);
    bool in_all;
};

#define SELFTEST_IN_ALL  true
#define SELFTEST_BY_NAME false

#define SELFTEST(_name, _fn, _in_all)                                   \
    static const struct selftest __selftest_##_fn                       \
    __used __section(".selftests") __aligned(8) = { _name, _fn, _in_all }

/* Write the reason for a failure and evaluate to 1: `return selftest_fail(...)`. */
#define selftest_fail(why, len, ...) (snprintf((why), (len), __VA_ARGS__), 1)

extern const struct selftest __selftest_start[], __selftest_end[];

/* True when the command line asked for any self-test. */
bool selftests_requested(void);

/* Run the requested self-tests; returns the number that failed. */
unsigned int run_selftests(void);

#endif /* HESTIA_SELFTEST_H */
