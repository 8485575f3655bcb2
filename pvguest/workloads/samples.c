/*
 * pvguest/workloads/samples.c - collecting benchmark samples and reporting min and
 * median (not a workload itself: a helper the benchmarks share).
 *
 * Memory is bounded: of 'total' planned measurements at most SAMPLES_MAX are kept,
 * every stride-th one, so the median is taken over the whole run, not only its
 * start. The minimum and maximum are exact over all measurements.
 */
#include <pvguest/kernel.h>
#include <pvguest/workload.h>

void samples_init(struct samples *s, unsigned long total)
{
    s->total = total;
    s->seen = 0;
    s->kept = 0;
    s->stride = total > SAMPLES_MAX ? (total + SAMPLES_MAX - 1) / SAMPLES_MAX : 1;
    s->min = ~0ULL;
    s->max = 0;
}

void samples_add(struct samples *s, uint64_t value)
{
    if (value < s->min)
        s->min = value;
    if (value > s->max)
        s->max = value;
    if (s->seen % s->stride == 0 && s->kept < SAMPLES_MAX)
        s->v[s->kept++] = value;
    s->seen++;
}

void samples_report(struct samples *s, const char *name)
{
    if (!s->kept) {
        printk("%s: no samples\n", name);
        return;
    }
    sort_u64(s->v, s->kept);
    printk("%s: n %lu min %lu median %lu (TSC ticks)\n", name, s->seen,
           (unsigned long)s->min, (unsigned long)s->v[s->kept / 2]);
    printk("%s: max %lu; median over %lu kept samples\n", name,
           (unsigned long)s->max, s->kept);
}
