/*
 * test_symbols.c - the symbol lookup behind symbolized backtraces.
 *
 * The test defines the same three symbols scripts/gensyms.sh generates for the
 * hypervisor, so symbols_lookup() is tested exactly as it is used.
 */
#include <check.h>
#include <string.h>

#include <hestia/lib.h>
#include <hestia/symbols.h>

/* A fake image: three functions, one alias, one unsized assembly label. */
const char symbols_names[] = "entry\0alpha\0alpha_alias\0beta\0gamma";
const struct symbol symbols_table[] = {
    { 0x1000, 0,    0 },    /* entry: assembly, size unknown */
    { 0x1100, 0x40, 6 },    /* alpha */
    { 0x1100, 0x40, 12 },   /* alpha_alias, same address */
    { 0x1200, 0x20, 24 },   /* beta */
    { 0x1300, 0x10, 29 },   /* gamma */
};
const unsigned long symbols_num = 5;

static const char *lookup(uint64_t addr, uint64_t *off)
{
    uint64_t size;
    return symbols_lookup(addr, off, &size);
}

START_TEST(test_exact_and_inside)
{
    uint64_t off;
    ck_assert_str_eq(lookup(0x1200, &off), "beta");
    ck_assert_uint_eq(off, 0);
    ck_assert_str_eq(lookup(0x121f, &off), "beta");
    ck_assert_uint_eq(off, 0x1f);
    ck_assert_str_eq(lookup(0x130f, &off), "gamma");
}
END_TEST

START_TEST(test_outside)
{
    uint64_t off;
    ck_assert_ptr_null(lookup(0xfff, &off));       /* before the first */
    ck_assert_ptr_null(lookup(0x1220, &off));      /* one past beta's end */
    ck_assert_ptr_null(lookup(0x1310, &off));      /* past the last */
}
END_TEST

START_TEST(test_unsized_and_alias)
{
    uint64_t off;
    /* An unsized symbol covers everything up to the next one. */
    ck_assert_str_eq(lookup(0x10ff, &off), "entry");
    ck_assert_uint_eq(off, 0xff);
    /* Aliases: the first name at that address wins. */
    ck_assert_str_eq(lookup(0x1101, &off), "alpha");
}
END_TEST

START_TEST(test_format)
{
    char buf[64];
    symbols_format(buf, sizeof(buf), 0x1213);
    ck_assert_str_eq(buf, "beta+0x13/0x20");
    symbols_format(buf, sizeof(buf), 0x1004);
    ck_assert_str_eq(buf, "entry+0x4");
    symbols_format(buf, sizeof(buf), 0x10);
    ck_assert_str_eq(buf, "0x0000000000000010");
}
END_TEST

START_TEST(test_format_return)
{
    char buf[64];
    /* A return address just past the end of alpha (a call to a function that never
     * returns was alpha's last instruction) still names alpha. */
    symbols_format_return(buf, sizeof(buf), 0x1140);
    ck_assert_str_eq(buf, "alpha+0x40/0x40");
    symbols_format(buf, sizeof(buf), 0x1140);
    ck_assert_str_eq(buf, "0x0000000000001140");   /* between alpha and beta */
}
END_TEST

START_TEST(test_empty_table)
{
    struct symbol_table t = { symbols_table, 0, symbols_names };
    uint64_t off, size;
    ck_assert_ptr_null(symbols_lookup_in(&t, 0x1200, &off, &size));
}
END_TEST

Suite *symbols_suite(void)
{
    Suite *s = suite_create("symbols");
    TCase *tc = tcase_create("lookup");
    tcase_add_test(tc, test_exact_and_inside);
    tcase_add_test(tc, test_outside);
    tcase_add_test(tc, test_unsized_and_alias);
    tcase_add_test(tc, test_format);
    tcase_add_test(tc, test_format_return);
    tcase_add_test(tc, test_empty_table);
    suite_add_tcase(s, tc);
    return s;
}
