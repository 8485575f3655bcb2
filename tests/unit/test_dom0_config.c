/*
 * tests/unit/test_dom0_config.c - host tests for dom0/config.c, the parser for
 * guest configuration files (a subset of xl.cfg).
 *
 * Valid files are checked field by field against the values written in them, and
 * every kind of error is checked for its message and, above all, for the line
 * number the message names: a user with a 30-line file needs to know where to look.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <hestia/lib.h>
#include "../../dom0/config.h"

static struct dom_config cfg;
static char err[160];

static int parse(const char *text)
{
    memset(err, 'X', sizeof(err));
    return config_parse(text, strlen(text), &cfg, err, sizeof(err));
}

/* The minimum a valid file needs, to prefix tests of one other key. */
#define BASE "name = \"g\"\nkernel = \"k.elf\"\n"

/* text must fail with a message that starts with prefix and contains frag. */
#define ck_parse_fails(text, prefix, frag)                                        \
    do {                                                                          \
        ck_assert_int_eq(parse(text), -1);                                        \
        ck_assert_msg(strncmp(err, prefix, strlen(prefix)) == 0 &&                \
                      strstr(err, frag) != NULL,                                  \
                      "expected \"%s...%s\", got \"%s\"", prefix, frag, err);     \
    } while (0)

/* ---- valid files ----------------------------------------------------------- */

START_TEST(test_full_file)
{
    static const char text[] =
        "# A guest with every key\n"
        "name = \"web1\"\n"
        "type = \"hvm\"\n"
        "kernel = \"pvguest.elf\"\n"
        "memory = 64\n"
        "vcpus = 4\n"
        "extra = \"workload=spin loops=3\"\n"
        "disk = [ \"ramdisk.img,xvdb,ro\" ]\n"
        "sched_weight = 512\n"
        "sched_cap = -1\n";

    ck_assert_int_eq(parse(text), 0);
    ck_assert_str_eq(err, "");
    ck_assert_str_eq(cfg.name, "web1");
    ck_assert_str_eq(cfg.type, "hvm");
    ck_assert_str_eq(cfg.kernel, "pvguest.elf");
    ck_assert_uint_eq(cfg.memory_mb, 64);
    ck_assert_uint_eq(cfg.vcpus, 4);
    ck_assert_str_eq(cfg.extra, "workload=spin loops=3");
    ck_assert_str_eq(cfg.disk, "ramdisk.img");
    ck_assert_str_eq(cfg.disk_vdev, "xvdb");
    ck_assert(!cfg.disk_writable);
    ck_assert_uint_eq(cfg.nr_sched, 2);
    ck_assert_str_eq(cfg.sched[0].name, "weight");
    ck_assert_int_eq(cfg.sched[0].value, 512);
    ck_assert_str_eq(cfg.sched[1].name, "cap");
    ck_assert_int_eq(cfg.sched[1].value, -1);
}
END_TEST

START_TEST(test_defaults)
{
    ck_assert_int_eq(parse("name = 'g'\nkernel = 'k.elf'\n"), 0);
    ck_assert_str_eq(cfg.name, "g");
    ck_assert_str_eq(cfg.kernel, "k.elf");
    ck_assert_str_eq(cfg.type, "pv");
    ck_assert_uint_eq(cfg.memory_mb, 8);
    ck_assert_uint_eq(cfg.vcpus, 1);
    ck_assert_str_eq(cfg.extra, "");
    ck_assert_str_eq(cfg.disk, "");
    ck_assert_str_eq(cfg.disk_vdev, "xvda");
    ck_assert(cfg.disk_writable);
    ck_assert_uint_eq(cfg.nr_sched, 0);
}
END_TEST

/* A second parse starts again from the defaults, keeping nothing of the first. */
START_TEST(test_reparse_resets)
{
    ck_assert_int_eq(parse(BASE "memory = 99\nsched_a = 1\ndisk = ['d']\n"), 0);
    ck_assert_uint_eq(cfg.nr_sched, 1);
    ck_assert_int_eq(parse(BASE), 0);
    ck_assert_uint_eq(cfg.memory_mb, 8);
    ck_assert_uint_eq(cfg.nr_sched, 0);
    ck_assert_str_eq(cfg.disk, "");
}
END_TEST

START_TEST(test_layout_comments_crlf)
{
    static const char text[] =
        "\r\n"
        "   # indented comment\r\n"
        "\t\r\n"
        "name=\"g\"# no spaces, then a comment\r\n"
        "\tkernel\t=\t'k.elf'   \r\n"
        "extra = \"a#b 'q'\"  # '#' and the other quote inside a string\r\n"
        "\r\n"
        "memory = 32";                    /* no final newline */

    ck_assert_int_eq(parse(text), 0);
    ck_assert_str_eq(cfg.name, "g");
    ck_assert_str_eq(cfg.kernel, "k.elf");
    ck_assert_str_eq(cfg.extra, "a#b 'q'");
    ck_assert_uint_eq(cfg.memory_mb, 32);
}
END_TEST

/* Line numbers stay right across CRLF, comments and a list spanning lines. */
START_TEST(test_line_numbers_after_multiline_list)
{
    ck_parse_fails(BASE "\r\n# c\r\ndisk = [\r\n  # the RAM disk\r\n  'rd.img',\r\n]\r\nbogus = 1\r\n",
                   "line 9: ", "unknown key 'bogus'");
}
END_TEST

/* The text is text[0..len): no NUL needed, and nothing after len is read. */
START_TEST(test_length_bounded)
{
    static const char text[] = BASE "memory = 16\nJUNK";
    size_t len = strlen(text) - strlen("JUNK");
    char *copy = malloc(len);          /* exact size: ASan catches an over-read */

    memcpy(copy, text, len);
    ck_assert_int_eq(config_parse(copy, len, &cfg, err, sizeof(err)), 0);
    ck_assert_uint_eq(cfg.memory_mb, 16);
    /* Cut inside the last value: "memory = 1". */
    ck_assert_int_eq(config_parse(copy, len - 2, &cfg, err, sizeof(err)), 0);
    ck_assert_uint_eq(cfg.memory_mb, 1);
    free(copy);
}
END_TEST

START_TEST(test_number_limits)
{
    ck_assert_int_eq(parse(BASE "memory = 1\nvcpus = 8\n"), 0);
    ck_assert_uint_eq(cfg.memory_mb, 1);
    ck_assert_uint_eq(cfg.vcpus, 8);
    ck_assert_int_eq(parse(BASE "memory = 4096\nvcpus = 1\n"), 0);
    ck_assert_uint_eq(cfg.memory_mb, 4096);
    ck_assert_uint_eq(cfg.vcpus, 1);
    ck_assert_int_eq(parse(BASE "memory = 0016\n"), 0);
    ck_assert_uint_eq(cfg.memory_mb, 16);
}
END_TEST

START_TEST(test_string_limits)
{
    /* name holds 31 characters, kernel 63, extra 255. */
    char text[600];

    snprintf(text, sizeof(text), "name = '%.31s'\nkernel = '%.63s'\nextra = '%.255s'\n",
             "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn",
             "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk",
             "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"
             "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"
             "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"
             "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee");
    ck_assert_int_eq(parse(text), 0);
    ck_assert_uint_eq(strlen(cfg.name), 31);
    ck_assert_uint_eq(strlen(cfg.kernel), 63);
    ck_assert_uint_eq(strlen(cfg.extra), 255);
    ck_assert_int_eq(cfg.extra[254], 'e');
}
END_TEST

START_TEST(test_sched_keys)
{
    ck_assert_int_eq(parse(BASE
                           "sched_weight = 256\n"
                           "sched_cap=0\n"
                           "sched_period_us = -20000\n"
                           "sched_budget_2 = 9223372036854775807\n"
                           "sched_lo = -9223372036854775807\n"), 0);
    ck_assert_uint_eq(cfg.nr_sched, 5);
    ck_assert_str_eq(cfg.sched[0].name, "weight");
    ck_assert_int_eq(cfg.sched[0].value, 256);
    ck_assert_str_eq(cfg.sched[1].name, "cap");
    ck_assert_int_eq(cfg.sched[1].value, 0);
    ck_assert_str_eq(cfg.sched[2].name, "period_us");
    ck_assert_int_eq(cfg.sched[2].value, -20000);
    ck_assert_str_eq(cfg.sched[3].name, "budget_2");
    ck_assert_int_eq(cfg.sched[3].value, 9223372036854775807L);
    ck_assert_str_eq(cfg.sched[4].name, "lo");
    ck_assert_int_eq(cfg.sched[4].value, -9223372036854775807L);
}
END_TEST

START_TEST(test_sched_limits)
{
    /* Eight sched_ keys fit; a ninth, on line 11, does not. */
    static const char eight[] = BASE "sched_a=1\nsched_b=2\nsched_c=3\nsched_d=4\n"
                                "sched_e=5\nsched_f=6\nsched_g=7\nsched_h=8\n";

    ck_assert_int_eq(parse(eight), 0);
    ck_assert_uint_eq(cfg.nr_sched, CFG_MAX_SCHED);
    ck_assert_str_eq(cfg.sched[7].name, "h");
    ck_assert_int_eq(cfg.sched[7].value, 8);
    ck_parse_fails(BASE "sched_a=1\nsched_b=2\nsched_c=3\nsched_d=4\n"
                   "sched_e=5\nsched_f=6\nsched_g=7\nsched_h=8\nsched_i=9\n",
                   "line 11: ", "too many sched_ keys");

    /* A parameter name holds 31 characters. */
    ck_assert_int_eq(parse(BASE "sched_0123456789012345678901234567890 = 1\n"), 0);
    ck_assert_str_eq(cfg.sched[0].name, "0123456789012345678901234567890");
    ck_parse_fails(BASE "sched_01234567890123456789012345678901 = 1\n",
                   "line 3: ", "too long");

    ck_parse_fails(BASE "sched_x = 1\nsched_y = 2\nsched_x = 3\n",
                   "line 5: ", "duplicate key 'sched_x'");
    ck_parse_fails(BASE "sched_ = 1\n", "line 3: ", "unknown key 'sched_'");
    ck_parse_fails(BASE "sched_x = '5'\n", "line 3: ", "number");
    ck_parse_fails(BASE "sched_x = 9223372036854775808\n", "line 3: ", "too large");
}
END_TEST

/* Disk specs: TARGET[,FORMAT][,VDEV][,ACCESS]. */
START_TEST(test_disk_variants)
{
    static const struct {
        const char *list, *target, *vdev;
        bool writable;
    } cases[] = {
        { "[ \"rd.img\" ]",                  "rd.img", "xvda", true  },
        { "[ 'rd.img,xvdb' ]",               "rd.img", "xvdb", true  },
        { "[ 'rd.img,xvdb,w' ]",             "rd.img", "xvdb", true  },
        { "[ 'rd.img,xvdb,rw' ]",            "rd.img", "xvdb", true  },
        { "[ 'rd.img,xvdb,r' ]",             "rd.img", "xvdb", false },
        { "[ 'rd.img,xvdc,ro' ]",            "rd.img", "xvdc", false },
        { "[ 'rd.img,,xvdc,ro' ]",           "rd.img", "xvdc", false },
        { "[ 'rd.img,raw,xvdd,r' ]",         "rd.img", "xvdd", false },
        { "[ 'rd.img,raw,xvdd' ]",           "rd.img", "xvdd", true  },
        { "[ 'rd.img,,,ro' ]",               "rd.img", "xvda", false },
        { "[ ' rd.img , xvde , ro ' ]",      "rd.img", "xvde", false },
        { "['rd.img',]",                     "rd.img", "xvda", true  },
        { "[\n  'rd.img,xvdf,r'  # c\n]",    "rd.img", "xvdf", false },
        { "[ ]",                             "",       "xvda", true  },
    };
    char text[256];

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        snprintf(text, sizeof(text), BASE "disk = %s\nmemory = 12\n", cases[i].list);
        ck_assert_msg(parse(text) == 0, "%s: %s", cases[i].list, err);
        ck_assert_str_eq(cfg.disk, cases[i].target);
        ck_assert_str_eq(cfg.disk_vdev, cases[i].vdev);
        ck_assert_msg(cfg.disk_writable == cases[i].writable, "%s", cases[i].list);
        ck_assert_uint_eq(cfg.memory_mb, 12);
    }
}
END_TEST

/* ---- errors ------------------------------------------------------------------ */

START_TEST(test_unknown_key)
{
    ck_assert_int_eq(parse("name = 'g'\nkernel = 'k'\nmemroy = 16\n"), -1);
    ck_assert_str_eq(err, "line 3: unknown key 'memroy'");
    ck_parse_fails(BASE "Memory = 16\n", "line 3: ", "unknown key 'Memory'");
    ck_parse_fails(BASE "builder = 'generic'\n", "line 3: ", "unknown key 'builder'");
    ck_parse_fails("= 5\n", "line 1: ", "expected a key");
    ck_parse_fails(BASE "\n9lives = 1\n", "line 4: ", "expected a key");
}
END_TEST

START_TEST(test_missing_equals)
{
    ck_assert_int_eq(parse("kernel = 'k'\n\n# c\n\nname \"g\"\n"), -1);
    ck_assert_str_eq(err, "line 5: expected '=' after 'name'");
    ck_parse_fails(BASE "memory\n", "line 3: ", "expected '=' after 'memory'");
    ck_parse_fails(BASE "vcpus: 2\n", "line 3: ", "expected '=' after 'vcpus'");
    ck_parse_fails(BASE "sched_w 2\n", "line 3: ", "expected '=' after 'sched_w'");
}
END_TEST

START_TEST(test_unterminated_string)
{
    ck_parse_fails(BASE "extra = \"abc\n", "line 3: ", "unterminated string");
    ck_parse_fails("name = 'g\"\nkernel = 'k'\n", "line 1: ", "unterminated string");
    ck_parse_fails(BASE "\r\nextra = 'abc", "line 4: ", "unterminated string");
    ck_parse_fails(BASE "disk = [ 'rd.img ]\n", "line 3: ", "unterminated string");
}
END_TEST

START_TEST(test_bad_numbers)
{
    static const char *const bad[] = {
        "abc", "12M", "1.5", "0x10", "+5", "-", "- 5", "\"16\"", "",
    };
    char text[128];

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(text, sizeof(text), BASE "\nmemory = %s\n", bad[i]);
        ck_parse_fails(text, "line 4: ", "expected a decimal number for 'memory'");
    }
    ck_parse_fails(BASE "memory = 99999999999999999999\n", "line 3: ", "too large");
}
END_TEST

START_TEST(test_out_of_range)
{
    ck_parse_fails(BASE "memory = 0\n", "line 3: ", "'memory' must be between 1 and 4096");
    ck_parse_fails(BASE "memory = 4097\n", "line 3: ", "'memory' must be between 1 and 4096");
    ck_parse_fails(BASE "memory = -1\n", "line 3: ", "'memory' must be between 1 and 4096");
    ck_parse_fails(BASE "vcpus = 0\n", "line 3: ", "'vcpus' must be between 1 and 8");
    ck_parse_fails(BASE "memory = 8\nvcpus = 9\n", "line 4: ", "'vcpus' must be between 1 and 8");
}
END_TEST

START_TEST(test_duplicate_key)
{
    ck_assert_int_eq(parse("name = 'a'\nkernel = 'k'\nname = 'b'\n"), -1);
    ck_assert_str_eq(err, "line 3: duplicate key 'name'");
    ck_parse_fails(BASE "memory = 8\n\nmemory = 8\n", "line 5: ", "duplicate key 'memory'");
    ck_parse_fails(BASE "disk = []\ndisk = []\n", "line 4: ", "duplicate key 'disk'");
}
END_TEST

START_TEST(test_string_too_long)
{
    ck_parse_fails("name = '0123456789012345678901234567890123'\nkernel = 'k'\n",
                   "line 1: ", "value of 'name' is too long (at most 31 characters)");
    ck_parse_fails("name = 'g'\nkernel = '"
                   "0123456789012345678901234567890123456789012345678901234567890123'\n",
                   "line 2: ", "value of 'kernel' is too long (at most 63 characters)");
}
END_TEST

START_TEST(test_bad_type)
{
    ck_assert_int_eq(parse(BASE "type = 'hvm'\n"), 0);
    ck_assert_str_eq(cfg.type, "hvm");
    ck_assert_int_eq(parse(BASE "type = 'pv'\n"), 0);
    ck_assert_str_eq(cfg.type, "pv");
    ck_parse_fails(BASE "type = 'pvh'\n", "line 3: ", "type must be 'pv' or 'hvm', not 'pvh'");
    ck_parse_fails(BASE "type = 'PV'\n", "line 3: ", "type must be 'pv' or 'hvm'");
    ck_parse_fails(BASE "type = 'paravirtualised'\n", "line 3: ", "type must be 'pv' or 'hvm'");
    ck_parse_fails(BASE "type = pv\n", "line 3: ", "expected a quoted string for 'type'");
}
END_TEST

START_TEST(test_missing_required)
{
    ck_assert_int_eq(parse("name = 'g'\nmemory = 8\n"), -1);
    ck_assert_str_eq(err, "missing required key 'kernel'");
    ck_assert_int_eq(parse("kernel = 'k'\n"), -1);
    ck_assert_str_eq(err, "missing required key 'name'");
    ck_assert_int_eq(parse(""), -1);
    ck_assert_str_eq(err, "missing required key 'name'");
    ck_assert_int_eq(config_parse(NULL, 0, &cfg, err, sizeof(err)), -1);
    ck_assert_str_eq(err, "missing required key 'name'");
    ck_parse_fails("name = ''\nkernel = 'k'\n", "line 1: ", "'name' must not be empty");
    ck_parse_fails("name = 'g'\nkernel = \"\"\n", "line 2: ", "'kernel' must not be empty");
}
END_TEST

START_TEST(test_junk_after_value)
{
    ck_parse_fails(BASE "memory = 16 MB\n", "line 3: ", "after the value of 'memory'");
    ck_parse_fails(BASE "extra = 'a' 'b'\n", "line 3: ", "after the value of 'extra'");
    ck_parse_fails(BASE "extra = 'a';\n", "line 3: ", "after the value of 'extra'");
    ck_parse_fails(BASE "disk = [ 'rd' ] x\n", "line 3: ", "after the value of 'disk'");
    ck_parse_fails(BASE "sched_w = 1 2\n", "line 3: ", "after the value of 'sched_w'");
    ck_parse_fails("name = 'g' = 'h'\nkernel = 'k'\n", "line 1: ", "after the value of 'name'");
}
END_TEST

START_TEST(test_disk_errors)
{
    ck_parse_fails(BASE "disk = [ 'a.img',\n         'b.img' ]\n",
                   "line 4: ", "only one disk is supported");
    ck_parse_fails(BASE "disk = [ 'a.img', 'b.img' ]\n", "line 3: ", "only one disk is supported");
    ck_parse_fails(BASE "disk = 'rd.img'\n", "line 3: ", "'disk' takes a list");
    ck_parse_fails(BASE "disk = [ rd.img ]\n", "line 3: ", "expected a quoted string for 'disk'");
    ck_parse_fails(BASE "disk = [ 'rd.img' 'x' ]\n", "line 3: ", "expected ',' or ']'");
    ck_parse_fails(BASE "disk = [ 'rd.img',\n# no end\n", "line 3: ", "unterminated list");
    ck_parse_fails(BASE "disk = [ 'rd.img,xvda,x' ]\n", "line 3: ", "access must be r, ro, w or rw");
    ck_parse_fails(BASE "disk = [ 'rd.img,qcow2,xvda,w' ]\n", "line 3: ", "format 'qcow2'");
    ck_parse_fails(BASE "disk = [ 'rd.img,raw,xvda,w,x' ]\n", "line 3: ", "too many fields");
    ck_parse_fails(BASE "disk = [ 'vdev=xvda, target=rd.img' ]\n", "line 3: ", "named parameters");
    ck_parse_fails(BASE "disk = [ ',xvda,w' ]\n", "line 3: ", "no target");
    ck_parse_fails(BASE "disk = [ '' ]\n", "line 3: ", "no target");
    ck_parse_fails(BASE "disk = [ 'rd.img,xvda0123456789abcdef' ]\n",
                   "line 3: ", "vdev 'xvda0123456789abcdef' is too long");
    ck_parse_fails(BASE "disk = [ '"
                   "0123456789012345678901234567890123456789012345678901234567890123' ]\n",
                   "line 3: ", "target '");
}
END_TEST

/* The message is cut to fit err, still terminated; no buffer at all is fine too. */
START_TEST(test_small_error_buffer)
{
    char small[12];

    memset(small, 'X', sizeof(small));
    ck_assert_int_eq(config_parse("memroy = 1\n", 11, &cfg, small, sizeof(small)), -1);
    ck_assert_str_eq(small, "line 1: unk");
    ck_assert_int_eq(config_parse("memroy = 1\n", 11, &cfg, NULL, 0), -1);
    ck_assert_int_eq(config_parse(BASE, strlen(BASE), &cfg, NULL, 0), 0);
}
END_TEST

Suite *dom0_config_suite(void)
{
    Suite *s = suite_create("dom0_config");
    TCase *ok = tcase_create("dom0_config");
    TCase *bad = tcase_create("dom0_config_errors");

    tcase_add_test(ok, test_full_file);
    tcase_add_test(ok, test_defaults);
    tcase_add_test(ok, test_reparse_resets);
    tcase_add_test(ok, test_layout_comments_crlf);
    tcase_add_test(ok, test_length_bounded);
    tcase_add_test(ok, test_number_limits);
    tcase_add_test(ok, test_string_limits);
    tcase_add_test(ok, test_sched_keys);
    tcase_add_test(ok, test_disk_variants);
    suite_add_tcase(s, ok);

    tcase_add_test(bad, test_line_numbers_after_multiline_list);
    tcase_add_test(bad, test_sched_limits);
    tcase_add_test(bad, test_unknown_key);
    tcase_add_test(bad, test_missing_equals);
    tcase_add_test(bad, test_unterminated_string);
    tcase_add_test(bad, test_bad_numbers);
    tcase_add_test(bad, test_out_of_range);
    tcase_add_test(bad, test_duplicate_key);
    tcase_add_test(bad, test_string_too_long);
    tcase_add_test(bad, test_bad_type);
    tcase_add_test(bad, test_missing_required);
    tcase_add_test(bad, test_junk_after_value);
    tcase_add_test(bad, test_disk_errors);
    tcase_add_test(bad, test_small_error_buffer);
    suite_add_tcase(s, bad);
    return s;
}
