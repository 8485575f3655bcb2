/*
 * param.h - hypervisor command-line options.
 *
 * Each option is declared once, next to the code it configures:
 *
 *     static unsigned long tick_us = 1000;
 *     integer_param("tick_us", tick_us);
 *
 * The declaration places a `struct kernel_param` in the .init.param section; at boot
 * parse_params() walks the command line and sets each option it names. Forms:
 *   name=value          string, integer or custom option
 *   name / no-name      boolean option set to true / false (also name=0|1|yes|no|on|off|true|false)
 * An unknown option or a bad value is reported on the console, never silently
 * ignored. The parser is portable and host-tested.
 */
#ifndef HESTIA_PARAM_H
#define HESTIA_PARAM_H

#include <hestia/types.h>

enum param_type {
    PARAM_BOOL,     /* var is a bool */
    PARAM_ULONG,    /* var is an unsigned long */
    PARAM_STRING,   /* var is a char array of `len` bytes */
    PARAM_CUSTOM,   /* func(value) parses it; value is NULL for a bare flag */
};

struct kernel_param {
    const char *name;
    enum param_type type;
    void *var;
    size_t len;
    int (*func)(const char *value);   /* PARAM_CUSTOM: 0 or -EINVAL */
};

#define __param_paste2(a, b) a##b
#define __param_paste(a, b) __param_paste2(a, b)
#define __param_decl(_name, _type, _var, _len, _func)                    \
    static const struct kernel_param __param_paste(__param_, __COUNTER__) \
    __used __section(".init.param") __aligned(8) =                      \
        { _name, _type, _var, _len, _func }

#define boolean_param(name, var) __param_decl(name, PARAM_BOOL, &(var), sizeof(var), NULL)
#define integer_param(name, var) __param_decl(name, PARAM_ULONG, &(var), sizeof(var), NULL)
#define string_param(name, var)  __param_decl(name, PARAM_STRING, (var), sizeof(var), NULL)
#define custom_param(name, fn)   __param_decl(name, PARAM_CUSTOM, NULL, 0, fn)

/* Bounds of the .init.param section (linker script). */
extern const struct kernel_param __param_start[], __param_end[];

/*
 * Parse `cmdline` against the options in [start, end). Unknown options and bad
 * values are reported through printk; returns the number of such errors.
 * Option values are copied: cmdline is not modified and need not outlive the call.
 */
int parse_params(const char *cmdline, const struct kernel_param *start,
                 const struct kernel_param *end);

#endif /* HESTIA_PARAM_H */
