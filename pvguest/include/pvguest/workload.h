/*
 * pvguest/include/pvguest/workload.h - what a workload is.
 *
 * A workload is a function the kernel runs once it has set itself up, chosen by
 * the guest command line: "workload=NAME key=value ...". Its parameters are read
 * with cmdline_get()/cmdline_get_ulong(). When the function returns, the kernel
 * powers the domain off.
 *
 * To add one: copy workloads/hello.c to workloads/mine.c, rename the function, and
 * add a line to the table in workloads/table.c. The Makefile finds the file itself.
 */
#ifndef PVGUEST_WORKLOAD_H
#define PVGUEST_WORKLOAD_H

struct workload {
    const char *name;
    const char *usage;            /* one line: the parameters it takes */
    void (*run)(void);
};

extern const struct workload workloads[];
extern const unsigned int nr_workloads;

/* The workloads (one file each in workloads/). */
void workload_hello(void);
void workload_hog(void);
void workload_periodic(void);
void workload_crash(void);
void workload_hcbench(void);
void workload_mmbench(void);
void workload_isolation(void);
void workload_traps(void);
void workload_abi(void);
void workload_toolstack(void);
void workload_usermode(void);
void workload_pingpong(void);
void workload_evtchn_hostile(void);
void workload_grant(void);
void workload_io(void);
void workload_blkhostile(void);
void workload_ctxsw(void);

/*
 * Measurements (workloads/samples.c). A benchmark may take more measurements than
 * it can keep; it keeps at most SAMPLES_MAX, spread evenly over the run, for the
 * median, and tracks the minimum and maximum over all of them.
 */
#include <stdint.h>
#define SAMPLES_MAX 4096
struct samples {
    uint64_t v[SAMPLES_MAX];
    unsigned long total;        /* measurements planned */
    unsigned long seen;         /* measurements added */
    unsigned long stride;       /* keep every stride-th */
    unsigned long kept;
    uint64_t min, max;
};
void samples_init(struct samples *s, unsigned long total);
void samples_add(struct samples *s, uint64_t value);
/* Prints "NAME: n N min T median T (TSC ticks)" and a line with the max. */
void samples_report(struct samples *s, const char *name);

#endif /* PVGUEST_WORKLOAD_H */
