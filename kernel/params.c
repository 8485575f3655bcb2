/*
 * params.c - the hypervisor command line: "loglvl=3 tick_us=500 no-watchdog".
 *
 * Options are declared next to the code they configure (boolean_param,
 * integer_param, string_param, custom_param in param.h), which places a
 * `struct kernel_param` in the .init.param section. At boot, setup code calls
 *
 *     parse_params(cmdline, __param_start, __param_end);
 *
 * which splits the line into words, finds each word's option and sets its variable.
 * As in Xen's common/kernel.c, nothing is silently ignored: an unknown option or a
 * value that does not parse is reported on the console and counted.
 *
 * The parser is portable; tests/unit/test_params.c drives it with a local table
 * instead of the linker section.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hestia/lib.h>
#include <hestia/param.h>
#include <hestia/printk.h>
#include <hestia/types.h>

/* The longest "name=value" word we accept; longer ones are errors, not overflows. */
#define PARAM_WORD_MAX 256

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static const struct kernel_param *find_param(const char *name,
                                             const struct kernel_param *start,
                                             const struct kernel_param *end)
{
    for (const struct kernel_param *kp = start; kp < end; kp++)
        if (strcmp(kp->name, name) == 0)
            return kp;
    return NULL;
}

/* Report a bad value (or a missing one) and count it as one error. */
static int bad_value(const char *name, const char *value)
{
    if (value)
        printk(XENLOG_WARNING "cmdline: bad value '%s' for option '%s'\n", value, name);
    else
        printk(XENLOG_WARNING "cmdline: option '%s' needs a value\n", name);
    return 1;
}

/* The spellings of true and false a boolean option accepts after '='. */
static bool parse_bool(const char *s, bool *b)
{
    static const char *const yes[] = { "1", "yes", "on", "true" };
    static const char *const no[] = { "0", "no", "off", "false" };

    for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
        if (strcmp(s, yes[i]) == 0) {
            *b = true;
            return true;
        }
        if (strcmp(s, no[i]) == 0) {
            *b = false;
            return true;
        }
    }
    return false;
}

static int set_bool(const struct kernel_param *kp, const char *value)
{
    bool b = true;                      /* a bare "name" means true */

    if (value && !parse_bool(value, &b))
        return bad_value(kp->name, value);
    *(bool *)kp->var = b;
    return 0;
}

/*
 * An integer option: the whole value must be a number (decimal or 0x hex) that
 * fits the variable; integer_param() records the variable's size in kp->len.
 */
static int set_ulong(const struct kernel_param *kp, const char *value)
{
    unsigned long v;
    bool ok;

    if (!value)
        return bad_value(kp->name, value);
    const char *end = parse_ulong(value, &v, &ok);
    if (!ok || *end != '\0')
        return bad_value(kp->name, value);

    switch (kp->len) {
    case sizeof(uint8_t):
        if (v > UINT8_MAX)
            return bad_value(kp->name, value);
        *(uint8_t *)kp->var = (uint8_t)v;
        return 0;
    case sizeof(uint16_t):
        if (v > UINT16_MAX)
            return bad_value(kp->name, value);
        *(uint16_t *)kp->var = (uint16_t)v;
        return 0;
    case sizeof(uint32_t):
        if (v > UINT32_MAX)
            return bad_value(kp->name, value);
        *(uint32_t *)kp->var = (uint32_t)v;
        return 0;
    case sizeof(uint64_t):
        *(uint64_t *)kp->var = v;
        return 0;
    default:
        printk(XENLOG_ERR "cmdline: option '%s' has an integer of %zu bytes\n",
               kp->name, kp->len);
        return 1;
    }
}

/* A string option: copied into its char array, truncated (with a warning) to fit. */
static int set_string(const struct kernel_param *kp, const char *value)
{
    char *dst = kp->var;
    size_t len;

    if (!value || kp->len == 0)
        return bad_value(kp->name, value);

    len = strlen(value);
    if (len >= kp->len) {
        printk(XENLOG_WARNING "cmdline: value of option '%s' truncated to %zu characters\n",
               kp->name, kp->len - 1);
        len = kp->len - 1;
    }
    memcpy(dst, value, len);
    dst[len] = '\0';
    return 0;
}

static int set_param(const struct kernel_param *kp, const char *value)
{
    switch (kp->type) {
    case PARAM_BOOL:
        return set_bool(kp, value);
    case PARAM_ULONG:
        return set_ulong(kp, value);
    case PARAM_STRING:
        return set_string(kp, value);
    case PARAM_CUSTOM:
        return kp->func(value) ? bad_value(kp->name, value) : 0;
    }
    return bad_value(kp->name, value);
}

/*
 * One word, already copied into a writable buffer: split "name=value" at the first
 * '=', then look the name up. A boolean option may also be switched off as
 * "no-name". Returns the number of errors (0 or 1).
 */
static int parse_word(char *word, const struct kernel_param *start,
                      const struct kernel_param *end)
{
    const struct kernel_param *kp;
    char *eq = strchr(word, '=');
    const char *value = NULL;

    if (eq) {
        *eq = '\0';
        value = eq + 1;
    }

    kp = find_param(word, start, end);
    if (kp)
        return set_param(kp, value);

    if (strncmp(word, "no-", 3) == 0) {
        kp = find_param(word + 3, start, end);
        if (kp && kp->type == PARAM_BOOL) {
            if (value)                  /* "no-name=..." makes no sense */
                return bad_value(word, value);
            *(bool *)kp->var = false;
            return 0;
        }
    }

    printk(XENLOG_WARNING "cmdline: unknown option '%s'\n", word);
    return 1;
}

int parse_params(const char *cmdline, const struct kernel_param *start,
                 const struct kernel_param *end)
{
    char word[PARAM_WORD_MAX];
    const char *p = cmdline;
    int errors = 0;

    if (!cmdline)
        return 0;

    for (;;) {
        while (is_space(*p))
            p++;
        if (*p == '\0')
            break;

        const char *w = p;
        while (*p && !is_space(*p))
            p++;
        size_t len = (size_t)(p - w);

        if (len >= sizeof(word)) {
            printk(XENLOG_WARNING "cmdline: option '%.32s...' is too long (%zu characters, max %zu)\n",
                   w, len, sizeof(word) - 1);
            errors++;
            continue;
        }
        /* Copy: cmdline is const, and we cut the word at its '='. */
        memcpy(word, w, len);
        word[len] = '\0';
        errors += parse_word(word, start, end);
    }
    return errors;
}
