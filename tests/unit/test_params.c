/*
 * tests/unit/test_params.c - host tests for kernel/params.c, the command-line
 * parser.
 *
 * The hypervisor's options live in the .init.param section; here a local table
 * stands in for it, with one option of each type. Errors are checked twice: in the
 * count parse_params returns, and in the console log (host_log), which must name
 * the offending option so that a user can see what went wrong.
 */
#include <check.h>
#include <string.h>

#include <hestia/errno.h>
#include <hestia/lib.h>
#include <hestia/param.h>
#include <hestia/types.h>
#include "host.h"

static bool opt_flag;
static bool opt_other;
static unsigned long opt_count;
static unsigned int opt_small;
/* A string option with a guard after it, to catch a copy that overruns. */
static struct {
    char name[8];
    char guard[8];
} opt_str;

/* The custom option records what it was given and rejects "bad". */
static int custom_calls;
static char custom_value[64];
static bool custom_value_null;

static int custom_fn(const char *value)
{
    custom_calls++;
    custom_value_null = value == NULL;
    if (value)
        snprintf(custom_value, sizeof(custom_value), "%s", value);
    return value && strcmp(value, "bad") == 0 ? -EINVAL : 0;
}

static const struct kernel_param table[] = {
    { "flag",   PARAM_BOOL,   &opt_flag,    sizeof(opt_flag),    NULL },
    { "other",  PARAM_BOOL,   &opt_other,   sizeof(opt_other),   NULL },
    { "count",  PARAM_ULONG,  &opt_count,   sizeof(opt_count),   NULL },
    { "small",  PARAM_ULONG,  &opt_small,   sizeof(opt_small),   NULL },
    { "name",   PARAM_STRING, opt_str.name, sizeof(opt_str.name), NULL },
    { "custom", PARAM_CUSTOM, NULL,         0,                   custom_fn },
};

/* Every test starts here: options at known defaults, empty console log. */
static void reset(void)
{
    opt_flag = false;
    opt_other = true;
    opt_count = 1000;
    opt_small = 7;
    memset(&opt_str, 'G', sizeof(opt_str));
    strcpy(opt_str.name, "dflt");
    custom_calls = 0;
    custom_value[0] = '\0';
    custom_value_null = false;
    host_log_reset();
}

static int parse(const char *cmdline)
{
    return parse_params(cmdline, table, table + ARRAY_SIZE(table));
}

static void assert_guard_intact(void)
{
    for (size_t i = 0; i < sizeof(opt_str.guard); i++)
        ck_assert_int_eq(opt_str.guard[i], 'G');
}

#define ck_assert_log_has(s) \
    ck_assert_msg(strstr(host_log, (s)) != NULL, "log lacks \"%s\": %s", (s), host_log)

START_TEST(test_bool)
{
    static const char *const trues[] = { "flag", "flag=1", "flag=yes", "flag=on", "flag=true" };
    static const char *const falses[] = { "no-flag", "flag=0", "flag=no", "flag=off", "flag=false" };

    reset();
    for (size_t i = 0; i < ARRAY_SIZE(trues); i++) {
        opt_flag = false;
        ck_assert_int_eq(parse(trues[i]), 0);
        ck_assert_msg(opt_flag, "\"%s\" did not set the flag", trues[i]);
    }
    for (size_t i = 0; i < ARRAY_SIZE(falses); i++) {
        opt_flag = true;
        ck_assert_int_eq(parse(falses[i]), 0);
        ck_assert_msg(!opt_flag, "\"%s\" did not clear the flag", falses[i]);
    }
    ck_assert_str_eq(host_log, "");
}
END_TEST

START_TEST(test_bool_bad_value)
{
    reset();
    ck_assert_int_eq(parse("flag=maybe"), 1);
    ck_assert(!opt_flag);
    ck_assert_log_has("'flag'");
    ck_assert_log_has("maybe");

    /* "no-" takes no value. */
    host_log_reset();
    opt_other = true;
    ck_assert_int_eq(parse("no-other=1"), 1);
    ck_assert(opt_other);
    ck_assert_log_has("no-other");
}
END_TEST

START_TEST(test_ulong)
{
    reset();
    ck_assert_int_eq(parse("count=42"), 0);
    ck_assert_uint_eq(opt_count, 42);
    ck_assert_int_eq(parse("count=0x2A"), 0);
    ck_assert_uint_eq(opt_count, 42);
    ck_assert_int_eq(parse("count=0X1000"), 0);
    ck_assert_uint_eq(opt_count, 0x1000);
    ck_assert_int_eq(parse("count=0"), 0);
    ck_assert_uint_eq(opt_count, 0);
    ck_assert_int_eq(parse("count=18446744073709551615"), 0);
    ck_assert_uint_eq(opt_count, 18446744073709551615ul);

    /* An unsigned int option takes up to UINT_MAX, and the store is 32 bits wide. */
    ck_assert_int_eq(parse("small=4294967295"), 0);
    ck_assert_uint_eq(opt_small, 4294967295u);
    ck_assert_str_eq(host_log, "");
}
END_TEST

START_TEST(test_ulong_bad_values)
{
    static const char *const bad[] = {
        "count=12abc", "count=", "count=abc", "count=-1", "count=+5",
        "count=18446744073709551616", "count=0x", "count",
    };

    reset();
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        host_log_reset();
        ck_assert_msg(parse(bad[i]) == 1, "\"%s\" was not an error", bad[i]);
        ck_assert_uint_eq(opt_count, 1000);
        ck_assert_log_has("'count'");
    }
    /* Too big for an unsigned int: an error, not a silent truncation. */
    host_log_reset();
    ck_assert_int_eq(parse("small=4294967296"), 1);
    ck_assert_uint_eq(opt_small, 7);
    ck_assert_log_has("'small'");
    ck_assert_log_has("4294967296");
}
END_TEST

START_TEST(test_string)
{
    reset();
    ck_assert_int_eq(parse("name=hv"), 0);
    ck_assert_str_eq(opt_str.name, "hv");
    /* Only the first '=' splits: the value may contain more. */
    ck_assert_int_eq(parse("name=a=b"), 0);
    ck_assert_str_eq(opt_str.name, "a=b");
    ck_assert_int_eq(parse("name="), 0);
    ck_assert_str_eq(opt_str.name, "");
    /* 7 characters fill the 8-byte array exactly, with no warning. */
    ck_assert_int_eq(parse("name=1234567"), 0);
    ck_assert_str_eq(opt_str.name, "1234567");
    ck_assert_str_eq(host_log, "");
    assert_guard_intact();

    /* A bare string option has no value to store. */
    ck_assert_int_eq(parse("name"), 1);
    ck_assert_str_eq(opt_str.name, "1234567");
    ck_assert_log_has("'name'");
}
END_TEST

START_TEST(test_string_truncated)
{
    reset();
    /* Truncation is a warning, not an error: the option still takes effect. */
    ck_assert_int_eq(parse("name=abcdefghijkl"), 0);
    ck_assert_str_eq(opt_str.name, "abcdefg");
    assert_guard_intact();
    ck_assert_log_has("'name'");
    ck_assert_log_has("truncated");
}
END_TEST

START_TEST(test_custom)
{
    reset();
    ck_assert_int_eq(parse("custom=abc"), 0);
    ck_assert_int_eq(custom_calls, 1);
    ck_assert_str_eq(custom_value, "abc");
    ck_assert(!custom_value_null);

    /* A bare word reaches the handler as NULL. */
    ck_assert_int_eq(parse("custom"), 0);
    ck_assert_int_eq(custom_calls, 2);
    ck_assert(custom_value_null);
    ck_assert_str_eq(host_log, "");

    /* A non-zero return is a bad value. */
    ck_assert_int_eq(parse("custom=bad"), 1);
    ck_assert_int_eq(custom_calls, 3);
    ck_assert_log_has("'custom'");
    ck_assert_log_has("bad");
}
END_TEST

START_TEST(test_unknown_option)
{
    reset();
    ck_assert_int_eq(parse("bogus=1 flag"), 1);
    ck_assert(opt_flag);                /* the rest of the line still counts */
    ck_assert_log_has("unknown option 'bogus'");

    /* "no-" only applies to booleans; a name is matched whole, not as a prefix. */
    host_log_reset();
    ck_assert_int_eq(parse("no-count fla flags=1 =5"), 4);
    ck_assert_uint_eq(opt_count, 1000);
    ck_assert_log_has("'no-count'");
    ck_assert_log_has("'fla'");
    ck_assert_log_has("'flags'");
    ck_assert_log_has("''");
}
END_TEST

START_TEST(test_error_count)
{
    reset();
    ck_assert_int_eq(parse("bogus flag=maybe count=x custom=bad name=ok other=0"), 4);
    ck_assert_str_eq(opt_str.name, "ok");
    ck_assert(!opt_other);
    ck_assert_log_has("'bogus'");
    ck_assert_log_has("'flag'");
    ck_assert_log_has("'count'");
    ck_assert_log_has("'custom'");
}
END_TEST

START_TEST(test_later_overrides_earlier)
{
    reset();
    ck_assert_int_eq(parse("count=1 flag name=first count=2 no-flag name=second"), 0);
    ck_assert_uint_eq(opt_count, 2);
    ck_assert(!opt_flag);
    ck_assert_str_eq(opt_str.name, "second");
    ck_assert_int_eq(parse("no-flag flag"), 0);
    ck_assert(opt_flag);
}
END_TEST

START_TEST(test_whitespace)
{
    reset();
    ck_assert_int_eq(parse("   flag    count=7\tname=x  \n"), 0);
    ck_assert(opt_flag);
    ck_assert_uint_eq(opt_count, 7);
    ck_assert_str_eq(opt_str.name, "x");
}
END_TEST

START_TEST(test_empty_cmdline)
{
    reset();
    ck_assert_int_eq(parse(""), 0);
    ck_assert_int_eq(parse("     "), 0);
    ck_assert_int_eq(parse(" \t \n "), 0);
    ck_assert_int_eq(parse(NULL), 0);
    ck_assert_str_eq(host_log, "");
    ck_assert(!opt_flag);
    ck_assert_uint_eq(opt_count, 1000);
    ck_assert_int_eq(custom_calls, 0);
}
END_TEST

START_TEST(test_very_long_word)
{
    char line[2048];
    size_t n = 0;

    reset();
    /* "name=aaaa...(1000 a's)... flag": the long word is an error, "flag" still works. */
    n += (size_t)snprintf(line + n, sizeof(line) - n, "name=");
    memset(line + n, 'a', 1000);
    n += 1000;
    snprintf(line + n, sizeof(line) - n, " flag");

    ck_assert_int_eq(parse(line), 1);
    ck_assert_str_eq(opt_str.name, "dflt");
    assert_guard_intact();
    ck_assert(opt_flag);
    ck_assert_log_has("too long");
    ck_assert_log_has("'name=aaa");
}
END_TEST

START_TEST(test_cmdline_not_modified)
{
    static const char orig[] = "flag count=5 name=abcdefghijk bogus=2 custom=x";
    char line[sizeof(orig)];

    reset();
    memcpy(line, orig, sizeof(orig));
    ck_assert_int_eq(parse(line), 1);
    ck_assert_mem_eq(line, orig, sizeof(orig));
}
END_TEST

Suite *params_suite(void)
{
    Suite *s = suite_create("params");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_bool);
    tcase_add_test(tc, test_bool_bad_value);
    tcase_add_test(tc, test_ulong);
    tcase_add_test(tc, test_ulong_bad_values);
    tcase_add_test(tc, test_string);
    tcase_add_test(tc, test_string_truncated);
    tcase_add_test(tc, test_custom);
    tcase_add_test(tc, test_unknown_option);
    tcase_add_test(tc, test_error_count);
    tcase_add_test(tc, test_later_overrides_earlier);
    tcase_add_test(tc, test_whitespace);
    tcase_add_test(tc, test_empty_cmdline);
    tcase_add_test(tc, test_very_long_word);
    tcase_add_test(tc, test_cmdline_not_modified);
    suite_add_tcase(s, tc);
    return s;
}
