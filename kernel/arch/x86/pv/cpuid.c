/*
 * pv/cpuid.c - CPUID for PV guests, through Xen's forced-emulation prefix.
 *
 * CPUID does not trap for a PV guest: run natively, it would show the real CPU,
 * including features the guest cannot use (VMX, say, or MONITOR). So a PV kernel
 * that wants the hypervisor's view writes
 *
 *     ud2; .ascii "xen"; cpuid          (bytes 0f 0b 78 65 6e 0f a2)
 *
 * The ud2 raises #UD; we recognise the prefix, answer CPUID with the filtered view
 * below, and step over all 7 bytes. Leaves 0x40000000+ identify the hypervisor; we
 * answer as Xen does ("XenVMMXenVMM"), since Hestia speaks Xen's ABI.
 */
#include <hestia/guest_access.h>
#include <hestia/lib.h>

#include <asm/processor.h>
#include <asm/pv.h>

static const uint8_t forced_prefix[] = { 0x0f, 0x0b, 0x78, 0x65, 0x6e, 0x0f, 0xa2 };

#define ECX_VMX       (1u << 5)
#define ECX_SMX       (1u << 6)
#define ECX_MONITOR   (1u << 3)
#define ECX_X2APIC    (1u << 21)
#define ECX_XSAVE     (1u << 26)
#define ECX_OSXSAVE   (1u << 27)
#define ECX_HYPERVISOR (1u << 31)
#define EDX_MTRR      (1u << 12)
#define EDX_PSE       (1u << 3)
#define EDX_PGE       (1u << 13)

static void guest_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    if (leaf >= 0x40000000 && leaf < 0x40000100) {
        memset(r, 0, 16);
        switch (leaf) {
        case 0x40000000:
            r[0] = 0x40000002;                      /* highest hypervisor leaf */
            memcpy(&r[1], "XenV", 4);
            memcpy(&r[2], "MMXe", 4);
            memcpy(&r[3], "nVMM", 4);
            break;
        case 0x40000001:
            r[0] = (4 << 16) | 17;                  /* the Xen ABI version we speak */
            break;
        case 0x40000002:
            r[0] = 1;                               /* one hypercall page */
            break;
        }
        return;
    }
    cpuid(leaf, sub, &r[0], &r[1], &r[2], &r[3]);
    if (leaf == 1) {
        /* Hide what a PV guest cannot use; say that a hypervisor is present. */
        r[2] &= ~(ECX_VMX | ECX_SMX | ECX_MONITOR | ECX_X2APIC | ECX_XSAVE | ECX_OSXSAVE);
        r[2] |= ECX_HYPERVISOR;
        r[3] &= ~(EDX_MTRR | EDX_PSE | EDX_PGE);
    }
}

bool pv_emulate_forced_cpuid(struct cpu_user_regs *regs)
{
    uint8_t insn[sizeof(forced_prefix)];
    uint32_t r[4];

    if (copy_from_guest(insn, regs->rip, sizeof(insn)) != 0 ||
        memcmp(insn, forced_prefix, sizeof(insn)) != 0)
        return false;
    guest_cpuid((uint32_t)regs->rax, (uint32_t)regs->rcx, r);
    regs->rax = r[0];
    regs->rbx = r[1];
    regs->rcx = r[2];
    regs->rdx = r[3];
    regs->rip += sizeof(forced_prefix);
    return true;
}
