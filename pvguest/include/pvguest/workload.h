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

/* Helpers for measurements (workloads/table.c). */
#include <stdint.h>
#include <stddef.h>
void report_samples(const char *name, uint64_t *samples, size_t n,
                    unsigned long total);

#endif /* PVGUEST_WORKLOAD_H */
