/*
 * desc.c - the GDT and the TSS of each pCPU.
 *
 * In 64-bit mode segmentation is nearly gone, but the CPU still needs code segments
 * (for the privilege level and 64-bit mode) and a TSS (for the stack to use when an
 * interrupt arrives from ring 3, and for the IST stacks below).
 *
 * The layout is Xen's: a GDT of 16 pages whose first 14 pages hold descriptors a
 * PV guest installs with set_gdt, and whose last pages hold the hypervisor's own
 * descriptors, starting at selector 0xe000 (asm/config.h). Each pCPU has its own
 * GDT (the guest part belongs to whichever vcpu runs there) and its own TSS.
 *
 * Three exceptions get their own stacks through the interrupt stack table (IST):
 * a double fault (often caused by a bad stack), NMI and machine check (which can
 * arrive at any instruction, even one that has just switched stacks). Those stacks
 * are the bottom pages of the pCPU's stack block (asm/current.h).
 */
#include <hestia/arch.h>
#include <hestia/config.h>
#include <hestia/lib.h>
#include <hestia/printk.h>
#include <hestia/xmalloc.h>
#include <asm/config.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/domain.h>

#define GDT_ENTRIES (GDT_PAGES * 512)

static uint64_t boot_gdt[GDT_ENTRIES] __aligned(4096);
static struct tss64 boot_tss __aligned(128);

static uint64_t *cpu_gdt[NR_CPUS];
static struct tss64 *cpu_tss[NR_CPUS];
static unsigned int guest_gdt_ents[NR_CPUS];    /* guest entries loaded on each pCPU */

#define GDT_ENTRY(gdt, sel) (gdt)[(sel) >> 3]

static void set_tss_descriptor(uint64_t *gdt, unsigned int sel, const struct tss64 *t)
{
    uint64_t base = (uint64_t)t, limit = sizeof(*t) - 1;

    /* A 16-byte system descriptor: type 9 (available 64-bit TSS), present. */
    GDT_ENTRY(gdt, sel) = (limit & 0xffff) | ((base & 0xffffff) << 16) |
                          (0x89UL << 40) | (((limit >> 16) & 0xf) << 48) |
                          (((base >> 24) & 0xff) << 56);
    GDT_ENTRY(gdt, sel + 8) = base >> 32;
}

static void build_gdt(uint64_t *gdt, struct tss64 *tss, void *stack_block)
{
    GDT_ENTRY(gdt, __HYPERVISOR_CS)   = 0x00af9b000000ffff;   /* 64-bit code, DPL 0 */
    GDT_ENTRY(gdt, __HYPERVISOR_DS32) = 0x00cf93000000ffff;   /* flat data, DPL 0 */
    GDT_ENTRY(gdt, FLAT_RING3_CS32)   = 0x00cffb000000ffff;   /* 32-bit code, DPL 3 */
    GDT_ENTRY(gdt, FLAT_RING3_DS32)   = 0x00cff3000000ffff;   /* flat data, DPL 3 */
    GDT_ENTRY(gdt, FLAT_RING3_CS64)   = 0x00affb000000ffff;   /* 64-bit code, DPL 3 */
    GDT_ENTRY(gdt, __HYPERVISOR_CS32) = 0x00cf9b000000ffff;   /* 32-bit code, DPL 0 */

    /* Entries from ring 3 push their frame where guest_cpu_user_regs() expects it. */
    tss->rsp0 = guest_entry_stack(stack_block);
    /* IST slot n (1..3) is page n-1 of the block, used from its top. */
    for (unsigned int i = 0; i < IST_MAX; i++)
        tss->ist[i] = (uint64_t)stack_block + (i + 1) * 4096;
    tss->iomap_base = sizeof(*tss);    /* no I/O bitmap: ring 3 gets no ports */
    set_tss_descriptor(gdt, TSS_SELECTOR, tss);
}

/* Give pCPU `cpu` a GDT and TSS (the boot CPU's are static). */
int alloc_cpu_desc(unsigned int cpu)
{
    if (cpu == 0) {
        cpu_gdt[0] = boot_gdt;
        cpu_tss[0] = &boot_tss;
        return 0;
    }
    cpu_gdt[cpu] = alloc_xenheap_pages(4);      /* 16 pages */
    cpu_tss[cpu] = xzalloc(struct tss64);
    if (!cpu_gdt[cpu] || !cpu_tss[cpu])
        return -1;
    memset(cpu_gdt[cpu], 0, GDT_PAGES * 4096);
    return 0;
}

void load_gdt_and_tss(unsigned int cpu, void *stack_block)
{
    uint64_t *gdt = cpu_gdt[cpu];
    struct __packed { uint16_t limit; uint64_t base; } gdtr = {
        GDT_ENTRIES * 8 - 1, (uint64_t)gdt
    };

    build_gdt(gdt, cpu_tss[cpu], stack_block);
    asm volatile("lgdt %0" :: "m"(gdtr));
    /* Reload CS with a far return, then the data segments. */
    asm volatile("pushq %0\n\t"
                 "leaq 1f(%%rip), %%rax\n\t"
                 "pushq %%rax\n\t"
                 "lretq\n"
                 "1:\n\t"
                 "mov %1, %%ds\n\t"
                 "mov %1, %%es\n\t"
                 "mov %1, %%ss\n\t"
                 :: "i"(__HYPERVISOR_CS), "r"(__HYPERVISOR_DS32) : "rax", "memory");
    asm volatile("ltr %w0" :: "r"(TSS_SELECTOR));
}

/*
 * Same rule as set_gdt: absent descriptors, and code/data descriptors with their
 * DPL raised to 3 (a 64-bit PV kernel runs in ring 3, as Xen arranges too). Anything
 * else becomes an empty descriptor.
 */
static uint64_t checked(uint64_t desc)
{
    bool present = (desc >> 47) & 1, code_or_data = (desc >> 44) & 1;
    if (!present)
        return desc;
    return code_or_data ? desc | (3ULL << 45) : 0;
}

/*
 * A PV guest's descriptors live in the first 14 pages of the GDT (below the
 * hypervisor's, at 0xe000). Xen maps the guest's frames there; Hestia copies them
 * into this pCPU's GDT, checking each one again (the guest may have changed its
 * frames since set_gdt).
 */
void load_guest_gdt(const struct vcpu *v)
{
    unsigned int cpu = smp_processor_id();
    uint64_t *gdt = cpu_gdt[cpu];
    unsigned int n = v ? v->arch->gdt_ents : 0;

    for (unsigned int e = 0; e < n; e++)
        gdt[e] = checked(((const uint64_t *)map_domain_page(v->arch->gdt_frames[e / 512]))[e % 512]);
    for (unsigned int e = n; e < guest_gdt_ents[cpu]; e++)
        gdt[e] = 0;
    guest_gdt_ents[cpu] = n;
}
