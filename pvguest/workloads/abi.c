/*
 * pvguest/workloads/abi.c - exercise the parts of the PV ABI the other workloads
 * leave alone, one line each: "abi: NAME: ok" or "abi: NAME: FAILED (why)", then a
 * summary "abi: N ok, M failed". Every check works the same on Xen and on Hestia.
 *
 *   multicall     two xen_version calls and a yield batched in one hypercall
 *   cpuid         Xen's forced-emulation prefix (ud2; "xen"; cpuid) for leaf 0x40000000
 *   fs-base       set_segment_base(SEGBASE_FS) and a read through %fs
 *   fpu-ts        fpu_taskswitch(1): the next FPU instruction raises #NM in the guest
 *   runstate      vcpu_op(VCPUOP_get_runstate_info): we are running, and have run
 *   stack-switch  stack_switch to our own stack is accepted
 *   gdt           set_gdt with a ring-3 data descriptor, then load it into %es;
 *                 a ring-0 data descriptor is accepted with its DPL raised to 3
 *                 (so ring 3 can load it), and a TSS descriptor is refused
 */
#include <pvguest/hypercall.h>
#include <pvguest/kernel.h>
#include <pvguest/mm.h>
#include <pvguest/traps.h>
#include <pvguest/workload.h>

#include <public/sched.h>
#include <public/vcpu.h>
#include <public/version.h>

static unsigned int ok, failed;

static void result(const char *name, int good, const char *why, long rc)
{
    if (good) {
        ok++;
        printk("abi: %s: ok\n", name);
    } else {
        failed++;
        printk("abi: %s: FAILED (%s, rc %ld)\n", name, why, rc);
    }
}

static void check_multicall(void)
{
    struct multicall_entry calls[3];
    memset(calls, 0, sizeof(calls));
    calls[0].op = __HYPERVISOR_xen_version;
    calls[0].args[0] = XENVER_version;
    calls[1].op = __HYPERVISOR_sched_op;
    calls[1].args[0] = SCHEDOP_yield;
    calls[2].op = __HYPERVISOR_xen_version;
    calls[2].args[0] = XENVER_version;
    long rc = HYPERVISOR_multicall(calls, 3);
    long version = HYPERVISOR_xen_version(XENVER_version, NULL);
    result("multicall", rc == 0 && (long)calls[0].result == version &&
           calls[1].result == 0 && (long)calls[2].result == version,
           "results differ from direct calls", rc);
}

static void check_cpuid(void)
{
    uint32_t a = 0x40000000, b, c = 0, d;
    char sig[13];
    asm volatile("ud2; .ascii \"xen\"; cpuid"
                 : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
    memcpy(sig, &b, 4);
    memcpy(sig + 4, &c, 4);
    memcpy(sig + 8, &d, 4);
    sig[12] = '\0';
    printk("abi: cpuid 0x40000000: max leaf %x, signature \"%s\"\n", a, sig);
    result("cpuid", strcmp(sig, "XenVMMXenVMM") == 0 && a >= 0x40000002,
           "not Xen's signature", 0);
}

static unsigned long fs_target = 0x1234abcd5678ef90UL;

static void check_fs_base(void)
{
    long rc = HYPERVISOR_set_segment_base(SEGBASE_FS, (unsigned long)&fs_target);
    unsigned long seen = 0;
    if (rc == 0)
        asm volatile("mov %%fs:0, %0" : "=r"(seen));
    HYPERVISOR_set_segment_base(SEGBASE_FS, 0);
    result("fs-base", rc == 0 && seen == fs_target, "read through %fs was wrong", rc);
}

static volatile unsigned long nm_traps;

static int count_nm(struct trap_frame *f)
{
    if (f->vector != X86_EXC_NM)
        return 0;
    nm_traps++;             /* the hypervisor cleared our virtual TS; retry the insn */
    return 1;
}

static void check_fpu_taskswitch(void)
{
    trap_hook = count_nm;
    long rc = HYPERVISOR_fpu_taskswitch(1);
    asm volatile("fninit" ::: "memory");
    asm volatile("fninit" ::: "memory");    /* TS is clear again: no second #NM */
    trap_hook = NULL;
    result("fpu-ts", rc == 0 && nm_traps == 1, "expected exactly one #NM", (long)nm_traps);
}

static void check_runstate(void)
{
    struct vcpu_runstate_info ri;
    long rc = HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &ri);
    result("runstate", rc == 0 && ri.state == RUNSTATE_running &&
           ri.time[RUNSTATE_running] > 0, "not running, or no running time", rc);
}

static void check_stack_switch(void)
{
    unsigned long sp;
    asm volatile("mov %%rsp, %0" : "=r"(sp));
    long rc = HYPERVISOR_stack_switch(FLAT_KERNEL_SS, sp & ~0xfUL);
    result("stack-switch", rc == 0, "refused", rc);
}

static uint64_t gdt_page[512] __attribute__((aligned(4096)));

/* Put descriptor `desc` in entry 1, hand the page over as a 2-entry GDT. */
static long install_gdt(unsigned long mfn, uint64_t desc)
{
    /* While the page is a GDT, Xen refuses a writable mapping of it: leave first. */
    HYPERVISOR_set_gdt(&mfn, 0);
    HYPERVISOR_update_va_mapping((unsigned long)gdt_page, make_pte(mfn, 1), UVMF_INVLPG);
    gdt_page[1] = desc;
    HYPERVISOR_update_va_mapping((unsigned long)gdt_page, make_pte(mfn, 0), UVMF_INVLPG);
    return HYPERVISOR_set_gdt(&mfn, 2);
}

/* Load selector 0x0b (entry 1, RPL 3) into %es and read it back. */
static uint16_t load_es(void)
{
    uint16_t sel;
    asm volatile("mov %1, %%es; mov %%es, %0; mov %2, %%es"
                 : "=r"(sel) : "r"((uint16_t)0x0b), "r"((uint16_t)0) : "memory");
    return sel;
}

static void check_gdt(void)
{
    unsigned long mfn = virt_to_mfn(gdt_page);

    long rc = install_gdt(mfn, 0x00cff3000000ffffULL);      /* flat data, DPL 3 */
    result("gdt", rc == 0 && load_es() == 0x0b, "descriptor not usable", rc);

    rc = install_gdt(mfn, 0x00cf93000000ffffULL);           /* flat data, DPL 0 */
    result("gdt-dpl-raised", rc == 0 && load_es() == 0x0b, "not accepted as DPL 3", rc);

    rc = install_gdt(mfn, 0x0000890000000067ULL);           /* a 64-bit TSS */
    result("gdt-tss-refused", rc < 0, "a TSS descriptor was accepted", rc);

    HYPERVISOR_set_gdt(&mfn, 0);
    HYPERVISOR_update_va_mapping((unsigned long)gdt_page, make_pte(mfn, 1), UVMF_INVLPG);
}

void workload_abi(void)
{
    check_multicall();
    check_cpuid();
    check_fs_base();
    check_fpu_taskswitch();
    check_runstate();
    check_stack_switch();
    check_gdt();
    printk("abi: %u ok, %u failed\n", ok, failed);
}
