/*
 * pvguest/include/pvguest/arch.h - the few x86-64 instructions the kernel needs
 * directly: reading the TSC, compiler and memory barriers, atomic bit operations on
 * the event-channel bitmaps, and the page-table entry bits.
 *
 * A 64-bit PV kernel runs in ring 3, so none of the privileged instructions (cli,
 * sti, mov to %cr3, wrmsr, hlt) are available: each has a hypercall instead. What is
 * left here is what ring 3 may still do.
 */
#ifndef PVGUEST_ARCH_H
#define PVGUEST_ARCH_H

#include <stdint.h>

#define PAGE_SHIFT   12
#define PAGE_SIZE    (1UL << PAGE_SHIFT)
#define PAGE_MASK    (~(PAGE_SIZE - 1))

/* Page-table entry bits (the same at every level, apart from PSE). */
#define _PAGE_PRESENT  0x001UL
#define _PAGE_RW       0x002UL
#define _PAGE_USER     0x004UL
#define _PAGE_ACCESSED 0x020UL
#define _PAGE_DIRTY    0x040UL
#define _PAGE_PSE      0x080UL
#define PTE_ADDR_MASK  0x000ffffffffff000UL   /* bits 51:12: machine address */

/* Entries per table and the index of a virtual address at each level (1..4). */
#define PT_ENTRIES     512
#define pt_index(va, level) \
    (((unsigned long)(va) >> (PAGE_SHIFT + 9 * ((level) - 1))) & (PT_ENTRIES - 1))

/* Keep the compiler from moving memory accesses across this point. */
#define barrier() __asm__ __volatile__("" ::: "memory")

/*
 * x86 keeps loads in order and stores in order, so between a vCPU and the hypervisor
 * (which runs on the same CPU when it writes our vcpu_info) a compiler barrier is
 * enough for rmb()/wmb(). A full fence is needed only where a store must be visible
 * before a later load, which is mb().
 */
#define rmb() barrier()
#define wmb() barrier()
#define mb()  __asm__ __volatile__("mfence" ::: "memory")

#define READ_ONCE(x)      (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v)  (*(volatile __typeof__(x) *)&(x) = (v))

/* The time-stamp counter. lfence keeps it from being read early (speculatively). */
static inline uint64_t rdtsc_ordered(void)
{
    uint32_t lo, hi;
    __asm__ __volatile__("lfence; rdtsc" : "=a"(lo), "=d"(hi) :: "memory");
    return ((uint64_t)hi << 32) | lo;
}

static inline void cpu_relax(void)
{
    __asm__ __volatile__("pause" ::: "memory");
}

/*
 * Atomic operations on the event-channel words. The hypervisor sets bits in these
 * words from other physical CPUs at any time, so clearing one must be a locked
 * read-modify-write, or a bit set in between would be lost.
 */
static inline unsigned long xchg_ulong(volatile unsigned long *p, unsigned long v)
{
    __asm__ __volatile__("xchg %0, %1" : "+r"(v), "+m"(*p) :: "memory");
    return v;   /* xchg with a memory operand is always locked */
}

static inline void clear_bit_atomic(unsigned int nr, volatile unsigned long *word)
{
    __asm__ __volatile__("lock btrq %1, %0" : "+m"(*word) : "Ir"((unsigned long)nr)
                         : "memory");
}

static inline void set_bit_atomic(unsigned int nr, volatile unsigned long *word)
{
    __asm__ __volatile__("lock btsq %1, %0" : "+m"(*word) : "Ir"((unsigned long)nr)
                         : "memory");
}

/* Index of the lowest set bit; x must not be 0. */
static inline unsigned int lowest_bit(unsigned long x)
{
    unsigned long r;
    __asm__("bsf %1, %0" : "=r"(r) : "rm"(x));
    return (unsigned int)r;
}

#endif /* PVGUEST_ARCH_H */
