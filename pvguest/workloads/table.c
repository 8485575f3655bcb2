/*
 * pvguest/workloads/table.c - the list of workloads.
 *
 * To add a workload, write workloads/NAME.c (copy hello.c), declare its function
 * in include/pvguest/workload.h, and add a line here.
 */
#include <pvguest/kernel.h>
#include <pvguest/workload.h>

const struct workload workloads[] = {
    { "hello",     "greet, report the hypervisor version, power off",
      workload_hello },
    { "hog",       "seconds=S: spin for S s (default 1), a line every 100 ms",
      workload_hog },
    { "periodic",  "period_us=P wcet_us=C [count=N] [verbose=1]: periodic jobs",
      workload_periodic },
    { "crash",     "mode=pf|ud|gp|de|badstack [handler=1]: take a fatal fault",
      workload_crash },
    { "hcbench",   "n=N: null hypercall round trip (xen_version), TSC ticks",
      workload_hcbench },
    { "mmbench",   "n=N: page-table update cost (update_va_mapping, mmu_update)",
      workload_mmbench },
    { "traps",     "take an int3 and an event, return from both via iret",
      workload_traps },
    { "isolation", "try to break memory isolation; ends by reading Xen's memory",
      workload_isolation },
    { "abi",       "exercise multicall, forced CPUID, FS base, fpu_taskswitch, GDT, ...",
      workload_abi },
    { "toolstack", "script=CMD,CMD,...: dom0's control hypercalls (create, pause, ...)",
      workload_toolstack },
    { "usermode",  "run code in guest user mode: int3, two syscalls, a page fault",
      workload_usermode },
    { "pingpong",  "role=server|client peer=D [n=N]: an event bounced between two domUs",
      workload_pingpong },
    { "evtchn-hostile", "bad event-channel calls (send on free ports, bind others' ports)",
      workload_evtchn_hostile },
    { "grant",     "role=granter|user peer=D: share pages by grant table, copy through them",
      workload_grant },
    { "io",        "size=B ops=N rate=R seed=S: random block I/O on the virtual disk, checked",
      workload_io },
    { "blkhostile", "bad block requests and a corrupt ring, for dom0's backend",
      workload_blkhostile },
    { "ctxsw",     "n=N: two of these on one pCPU: yield to each other (context switches)",
      workload_ctxsw },
};

const unsigned int nr_workloads = ARRAY_SIZE(workloads);
