/*
 * dom0/config.h - a guest's configuration file, in a subset of Xen's xl.cfg syntax.
 *
 * On Xen, `xl create guest.cfg` reads a small text file that says what the new
 * domain should look like (see the xl.cfg(5) manual page):
 *
 *     # guest.cfg
 *     name    = "guest1"
 *     type    = "pv"
 *     kernel  = "pvguest.elf"
 *     memory  = 16                    # MiB
 *     vcpus   = 2
 *     extra   = "workload=spin"       # the guest's command line
 *     disk    = [ "ramdisk.img,xvda,w" ]
 *     sched_weight = 512              # a scheduler parameter
 *
 * Hestia's dom0 reads the same kind of file, handed to it as a boot module, and
 * config_parse() turns it into a struct dom_config. The keys it knows are the
 * fields below; anything else is an error rather than being silently ignored, so
 * that a typo ("memroy = 16") is caught. Errors name the line, counting from 1.
 *
 * config.c's header comment describes the syntax in full and lists where Hestia
 * differs from xl.
 */
#ifndef DOM0_CONFIG_H
#define DOM0_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#define CFG_NAME_LEN  32
#define CFG_MAX_SCHED 8

struct dom_config {
    char name[CFG_NAME_LEN];      /* required */
    char type[8];                 /* "pv" (default) or "hvm" */
    char kernel[64];              /* required: a boot module's name, e.g. "pvguest.elf" */
    unsigned long memory_mb;      /* default 8; 1..4096 */
    unsigned int vcpus;           /* default 1; 1..8 */
    char extra[256];              /* guest command line, default "" */
    char disk[64];                /* "" = no disk; else a boot module name (the RAM disk) */
    char disk_vdev[16];           /* default "xvda" */
    bool disk_writable;           /* default true */
    unsigned int nr_sched;        /* entries used in sched[], in file order */
    struct {
        char name[32];            /* the parameter, without "sched_": "weight" */
        long value;
    } sched[CFG_MAX_SCHED];       /* from sched_<param> keys */
};

/*
 * Parse text[0..len) (it need not be NUL-terminated) into *cfg, which is first set
 * to the defaults. Returns 0, or -1 with a one-line message in err (always
 * NUL-terminated when errlen > 0), such as
 *     "line 3: unknown key 'memroy'"
 *     "line 5: expected '=' after 'name'"
 * A missing required key has no line to blame, so its message has no line number:
 *     "missing required key 'kernel'"
 * After an error *cfg holds whatever was parsed so far; do not use it.
 *
 * sched_<param> keys are only collected here: whether the active scheduler has a
 * parameter of that name, and whether the value is in its range, is for the caller
 * to check against the scheduler's parameter table.
 */
int config_parse(const char *text, size_t len, struct dom_config *cfg,
                 char *err, size_t errlen);

#endif /* DOM0_CONFIG_H */
