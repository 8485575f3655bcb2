/*
 * tests/unit/test_vsprintf.c - host tests for kernel/vsprintf.c: the formats
 * printk relies on, the C99 truncation contract, and parse_ulong.
 *
 * The build renames vsnprintf/snprintf (-Dvsnprintf=hst_vsnprintf), so the calls
 * below reach Hestia's implementation, not the host libc's. Every expectation is a
 * literal string, never the libc's output.
 */
#include <check.h>
#include <stdarg.h>
#include <string.h>

#include <hestia/lib.h>
#include <hestia/types.h>

/*
 * Format into a roomy buffer and compare with `want`, both the text and the
 * returned length. `line` says which row of a table failed.
 */
static void __printf(3, 4) check_fmt(int line, const char *want, const char *fmt, ...)
{
    char buf[256];
    va_list ap;

    memset(buf, 'Z', sizeof(buf));
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);

    ck_assert_msg(strcmp(buf, want) == 0, "line %d: format \"%s\" gave \"%s\", want \"%s\"",
                  line, fmt, buf, want);
    ck_assert_msg(n == (int)strlen(want), "line %d: format \"%s\" returned %d, want %zu",
                  line, fmt, n, strlen(want));
}

#define FMT(want, ...) check_fmt(__LINE__, want, __VA_ARGS__)

START_TEST(test_integers)
{
    FMT("0", "%d", 0);
    FMT("42", "%d", 42);
    FMT("-42", "%i", -42);
    FMT("4294967295", "%u", 4294967295u);
    FMT("deadbeef", "%x", 0xdeadbeefu);
    FMT("DEADBEEF", "%X", 0xdeadbeefu);
    FMT("755", "%o", 0755);
    FMT("0", "%x", 0);
    FMT("2147483647", "%d", 2147483647);
    FMT("-2147483648", "%d", -2147483647 - 1);
    /* An int argument of -1 printed with %x is its 32-bit pattern, not 64. */
    FMT("ffffffff", "%x", -1);
}
END_TEST

START_TEST(test_length_modifiers)
{
    FMT("-9223372036854775808", "%lld", (long long)INT64_MIN);
    FMT("-9223372036854775808", "%ld", (long)INT64_MIN);
    FMT("9223372036854775807", "%lld", (long long)INT64_MAX);
    FMT("18446744073709551615", "%llu", (unsigned long long)UINT64_MAX);
    FMT("ffffffffffffffff", "%lx", (unsigned long)UINT64_MAX);
    FMT("FFFFFFFFFFFFFFFF", "%llX", (unsigned long long)UINT64_MAX);
    FMT("1777777777777777777777", "%lo", (unsigned long)UINT64_MAX);
    FMT("123456789012", "%zu", (size_t)123456789012ull);
    FMT("-5", "%zd", (long)-5);
    FMT("1000", "%zx", (size_t)0x1000);
    /* h is accepted and ignored (the argument was promoted to int anyway). */
    FMT("7", "%hd", (short)7);
    FMT("255", "%hhu", (unsigned char)255);
}
END_TEST

START_TEST(test_width_and_flags)
{
    FMT("   42", "%5d", 42);
    FMT("42   |", "%-5d|", 42);
    FMT("00042", "%05d", 42);
    FMT("-0042", "%05d", -42);
    FMT("  -42", "%5d", -42);
    FMT("-42  |", "%-5d|", -42);
    FMT("0000ff", "%06x", 0xff);
    FMT("123456", "%3d", 123456);          /* a width never truncates */
    FMT("   42", "%*d", 5, 42);
    FMT("42   |", "%*d|", -5, 42);         /* negative '*' width means '-' */
    FMT("00000000000000000010", "%020lu", 10ul);
    FMT("-000000000000000000001", "%022ld", -1l);
}
END_TEST

START_TEST(test_chars_strings_pointers)
{
    FMT("x", "%c", 'x');
    FMT("  x|x  |", "%3c|%-3c|", 'x', 'x');
    FMT("hello", "%s", "hello");
    FMT("   hi|hi   |", "%5s|%-5s|", "hi", "hi");
    FMT("hes", "%.3s", "hestia");
    FMT("hes", "%.*s", 3, "hestia");
    FMT("  hes", "%5.3s", "hestia");
    FMT("ab", "%.10s", "ab");              /* precision longer than the string */
    FMT("", "%.0s", "hestia");
    FMT("hestia", "%.*s", -1, "hestia");   /* negative precision means none */
    FMT("0x0000000000000000", "%p", NULL);
    FMT("0xffff82d040000000", "%p", (void *)0xffff82d040000000ul);
    FMT("0x00000000deadbeef", "%p", (void *)0xdeadbeeful);
    FMT("  0x0000000000001000|", "%20p|", (void *)0x1000ul);
    FMT("100%", "%d%%", 100);
    FMT("%", "%%");
    FMT("a1b-2cxyz", "a%db%dc%s", 1, -2, "xyz");
    FMT("", "%s", "");
}
END_TEST

/*
 * The formats below are deliberately odd (a NULL %s, an empty format, conflicting
 * flags, conversions that do not exist), which the compiler's format checker
 * rightly complains about; silence it for these tests only.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
#pragma GCC diagnostic ignored "-Wformat-zero-length"
#pragma GCC diagnostic ignored "-Wformat-overflow"
START_TEST(test_odd_formats)
{
    FMT("(null)", "%s", (char *)NULL);
    FMT("(nu", "%.3s", (char *)NULL);
    FMT("-42  |", "%-05d|", -42);          /* '-' wins over '0' */
    FMT("", "");
}
END_TEST

START_TEST(test_unknown_conversion)
{
    FMT("%q", "%q");
    FMT("a%qb", "a%qb");
    FMT("%-5q", "%-5q");
    FMT("abc%", "abc%");                   /* the format ends inside a conversion */
    FMT("x%5", "x%5");
    FMT("%q 7", "%q %d", 7);               /* later conversions still work */
}
END_TEST
#pragma GCC diagnostic pop

/* A buffer with a guard region after `size` bytes, to catch writes past the end. */
#define GUARD 'G'

START_TEST(test_truncation)
{
    char buf[32];

    memset(buf, GUARD, sizeof(buf));
    int n = snprintf(buf, 8, "hello %s", "world");
    ck_assert_int_eq(n, 11);
    ck_assert_str_eq(buf, "hello w");
    for (size_t i = 8; i < sizeof(buf); i++)
        ck_assert_int_eq(buf[i], GUARD);

    /* Exactly enough room (length + 1), and one byte too few. */
    memset(buf, GUARD, sizeof(buf));
    ck_assert_int_eq(snprintf(buf, 6, "%d", 12345), 5);
    ck_assert_str_eq(buf, "12345");
    ck_assert_int_eq(snprintf(buf, 5, "%d", 12345), 5);
    ck_assert_str_eq(buf, "1234");

    /* Truncation in the middle of padding and of a %p. */
    ck_assert_int_eq(snprintf(buf, 4, "%08d", 5), 8);
    ck_assert_str_eq(buf, "000");
    ck_assert_int_eq(snprintf(buf, 5, "%p", (void *)0x1234ul), 18);
    ck_assert_str_eq(buf, "0x00");

    /* size 1: only the terminator fits. */
    memset(buf, GUARD, sizeof(buf));
    ck_assert_int_eq(snprintf(buf, 1, "abc"), 3);
    ck_assert_int_eq(buf[0], '\0');
    ck_assert_int_eq(buf[1], GUARD);
}
END_TEST

START_TEST(test_size_zero)
{
    char buf[4] = { GUARD, GUARD, GUARD, GUARD };

    /* size 0 writes nothing at all, yet reports the full length. */
    ck_assert_int_eq(snprintf(buf, 0, "%s=%d", "count", 12), 8);
    for (size_t i = 0; i < sizeof(buf); i++)
        ck_assert_int_eq(buf[i], GUARD);

    /* The usual "how long will it be?" idiom passes NULL. */
    ck_assert_int_eq(snprintf(NULL, 0, "%lu", 18446744073709551615ul), 20);
}
END_TEST

START_TEST(test_parse_ulong)
{
    unsigned long v;
    bool ok;
    const char *s, *end;

    s = "1234 rest";
    end = parse_ulong(s, &v, &ok);
    ck_assert(ok);
    ck_assert_uint_eq(v, 1234);
    ck_assert_ptr_eq(end, s + 4);

    end = parse_ulong(s = "0x1fG", &v, &ok);
    ck_assert(ok);
    ck_assert_uint_eq(v, 0x1f);
    ck_assert_ptr_eq(end, s + 4);

    end = parse_ulong(s = "0XABCdef", &v, &ok);
    ck_assert(ok);
    ck_assert_uint_eq(v, 0xabcdef);
    ck_assert_ptr_eq(end, s + 8);

    end = parse_ulong(s = "0", &v, &ok);
    ck_assert(ok);
    ck_assert_uint_eq(v, 0);
    ck_assert_ptr_eq(end, s + 1);

    /* "0x" with no hex digit after it is the number 0 followed by "x". */
    end = parse_ulong(s = "0xg", &v, &ok);
    ck_assert(ok);
    ck_assert_uint_eq(v, 0);
    ck_assert_ptr_eq(end, s + 1);

    end = parse_ulong(s = "18446744073709551615", &v, &ok);
    ck_assert(ok);
    ck_assert_uint_eq(v, 18446744073709551615ul);
    ck_assert_ptr_eq(end, s + 20);

    end = parse_ulong(s = "0xffffffffffffffff", &v, &ok);
    ck_assert(ok);
    ck_assert_uint_eq(v, 0xfffffffffffffffful);
}
END_TEST

START_TEST(test_parse_ulong_errors)
{
    unsigned long v;
    bool ok;
    const char *s, *end;

    /* No digits: not ok, and the pointer does not move. */
    end = parse_ulong(s = "", &v, &ok);
    ck_assert(!ok);
    ck_assert_ptr_eq(end, s);
    end = parse_ulong(s = "abc", &v, &ok);
    ck_assert(!ok);
    ck_assert_ptr_eq(end, s);
    end = parse_ulong(s = "-1", &v, &ok);
    ck_assert(!ok);
    ck_assert_ptr_eq(end, s);
    end = parse_ulong(s = " 1", &v, &ok);
    ck_assert(!ok);

    /* Overflow: not ok, and the pointer is past all the digits. */
    end = parse_ulong(s = "18446744073709551616", &v, &ok);
    ck_assert(!ok);
    ck_assert_ptr_eq(end, s + 20);
    end = parse_ulong(s = "0x10000000000000000", &v, &ok);
    ck_assert(!ok);
    ck_assert_ptr_eq(end, s + 19);
    end = parse_ulong(s = "99999999999999999999999", &v, &ok);
    ck_assert(!ok);
}
END_TEST

Suite *vsprintf_suite(void)
{
    Suite *s = suite_create("vsprintf");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_integers);
    tcase_add_test(tc, test_length_modifiers);
    tcase_add_test(tc, test_width_and_flags);
    tcase_add_test(tc, test_chars_strings_pointers);
    tcase_add_test(tc, test_odd_formats);
    tcase_add_test(tc, test_unknown_conversion);
    tcase_add_test(tc, test_truncation);
    tcase_add_test(tc, test_size_zero);
    tcase_add_test(tc, test_parse_ulong);
    tcase_add_test(tc, test_parse_ulong_errors);
    suite_add_tcase(s, tc);
    return s;
}
