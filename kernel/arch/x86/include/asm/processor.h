/*
 * asm/processor.h - small wrappers around x86 instructions: control registers,
 * MSRs, the TSC, port I/O, interrupt flag, CPUID.
 */
#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H

#include <hestia/types.h>

#define X86_CR0_PE 0x00000001UL
#define X86_CR0_WP 0x00010000UL
#define X86_CR0_PG 0x80000000UL
#define X86_CR4_PAE 0x00000020UL
#define X86_CR4_PGE 0x00000080UL
#define X86_EFLAGS_IF 0x00000200UL

#define MSR_EFER        0xc0000080
#define MSR_FS_BASE     0xc0000100
#define MSR_GS_BASE     0xc0000101
#define MSR_APIC_BASE   0x0000001b

static inline unsigned long read_cr0(void) { unsigned long v; asm volatile("mov %%cr0,%0" : "=r"(v)); return v; }
static inline unsigned long read_cr2(void) { unsigned long v; asm volatile("mov %%cr2,%0" : "=r"(v)); return v; }
static inline unsigned long read_cr3(void) { unsigned long v; asm volatile("mov %%cr3,%0" : "=r"(v)); return v; }
static inline unsigned long read_cr4(void) { unsigned long v; asm volatile("mov %%cr4,%0" : "=r"(v)); return v; }
static inline void write_cr3(unsigned long v) { asm volatile("mov %0,%%cr3" :: "r"(v) : "memory"); }
static inline void write_cr4(unsigned long v) { asm volatile("mov %0,%%cr4" :: "r"(v) : "memory"); }

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t val)
{
    asm volatile("wrmsr" :: "c"(msr), "a"((uint32_t)val), "d"((uint32_t)(val >> 32)));
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static inline void outb(uint16_t port, uint8_t v) { asm volatile("outb %0,%1" :: "a"(v), "Nd"(port)); }
static inline void outw(uint16_t port, uint16_t v) { asm volatile("outw %0,%1" :: "a"(v), "Nd"(port)); }
static inline void outl(uint16_t port, uint32_t v) { asm volatile("outl %0,%1" :: "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port) { uint8_t v; asm volatile("inb %1,%0" : "=a"(v) : "Nd"(port)); return v; }

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t *a, uint32_t *b,
                         uint32_t *c, uint32_t *d)
{
    asm volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(sub));
}

static inline void cpu_relax(void) { asm volatile("pause" ::: "memory"); }
static inline void halt(void) { asm volatile("hlt" ::: "memory"); }

static inline unsigned long read_rflags(void)
{
    unsigned long f;
    asm volatile("pushf; pop %0" : "=r"(f) :: "memory");
    return f;
}

static inline void invlpg(const void *va)
{
    asm volatile("invlpg (%0)" :: "r"(va) : "memory");
}

#endif /* ASM_PROCESSOR_H */
