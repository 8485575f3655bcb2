/*
 * pvguest/string.c - the kernel's own string helpers: strstr and a sort.
 *
 * memset, memcpy, memcmp, strlen, strnlen, strcmp and strncmp are the hypervisor's
 * (kernel/string.c, built into this kernel too by pvguest/Makefile): the same
 * freestanding byte loops serve both, so there is one copy to read and fix.
 */
#include <pvguest/lib.h>

char *strstr(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);

    for (; *haystack; haystack++)
        if (!strncmp(haystack, needle, n))
            return (char *)haystack;
    return n ? NULL : (char *)haystack;
}

/*
 * Shell sort of 64-bit values, ascending: short, no recursion, and fast enough for
 * the few thousand benchmark samples it is used on.
 */
void sort_u64(uint64_t *v, size_t n)
{
    static const size_t gaps[] = { 701, 301, 132, 57, 23, 10, 4, 1 };

    for (size_t g = 0; g < ARRAY_SIZE(gaps); g++) {
        size_t gap = gaps[g];

        for (size_t i = gap; i < n; i++) {
            uint64_t x = v[i];
            size_t j = i;

            for (; j >= gap && v[j - gap] > x; j -= gap)
                v[j] = v[j - gap];
            v[j] = x;
        }
    }
}
