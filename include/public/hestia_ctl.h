/*
 * include/public/hestia_ctl.h - the control interface dom0's toolstack uses:
 * HYPERVISOR_domctl and HYPERVISOR_sysctl, with Hestia's own structures.
 *
 * Xen's domctl/sysctl are internal, unstable interfaces (they change with every Xen
 * release), so there is nothing to gain from copying them: Hestia keeps Xen's
 * hypercall numbers (__HYPERVISOR_domctl 36, __HYPERVISOR_sysctl 35) but its own
 * commands and layouts, marked by HESTIA_CTL_INTERFACE_VERSION; a caller with
 * another version gets -EACCES. Only a privileged domain (dom0) may call them; any
 * other gets -EPERM.
 */
#ifndef HESTIA_PUBLIC_HESTIA_CTL_H
#define HESTIA_PUBLIC_HESTIA_CTL_H

#include "xen.h"

#define HESTIA_CTL_INTERFACE_VERSION 0x48530001     /* "HS", version 1 */

/* HYPERVISOR_domctl(struct hestia_domctl *): one domain. */
#define HESTIA_DOMCTL_create      1   /* IN: u.create; OUT: domain */
#define HESTIA_DOMCTL_destroy     2   /* shut it down (crash reason) and free it */
#define HESTIA_DOMCTL_pause       3
#define HESTIA_DOMCTL_unpause     4
#define HESTIA_DOMCTL_getinfo     5   /* OUT: u.info */
#define HESTIA_DOMCTL_sched_get   6   /* IN: u.sched.name; OUT: u.sched.value */
#define HESTIA_DOMCTL_sched_set   7   /* IN: u.sched.name, u.sched.value */

/*
 * create's flags. HESTIA_CREATE_devices: the domain gets a console ring and a
 * store page shared with the caller, as Xen's toolstack sets up (grant refs
 * GNTTAB_RESERVED_CONSOLE/XENSTORE granted to the caller, start_info's console
 * and store fields, two unbound ports returned in console_port/store_port).
 * Without it the domain writes its console with console_io.
 */
#define HESTIA_CREATE_devices     (1u << 0)

#define HESTIA_DOMSTATE_created   0
#define HESTIA_DOMSTATE_running   1
#define HESTIA_DOMSTATE_paused    2
#define HESTIA_DOMSTATE_shutdown  3
#define HESTIA_DOMSTATE_dying     4

#ifndef __ASSEMBLY__
struct hestia_domctl {
    uint32_t cmd;
    uint32_t interface_version;     /* HESTIA_CTL_INTERFACE_VERSION */
    domid_t domain;                 /* the domain (OUT for create) */
    uint16_t _pad[3];
    union {
        struct {                    /* create: a PV domain from a boot module */
            uint32_t module;        /* boot module index (1.. : 0 is dom0's kernel) */
            uint32_t mem_kb;
            char name[32];
            char cmdline[256];      /* the new guest's command line */
            uint32_t flags;         /* HESTIA_CREATE_* */
            uint32_t console_port;  /* OUT, with HESTIA_CREATE_devices: the new */
            uint32_t store_port;    /*   domain's unbound ports for the caller */
        } create;
        struct {                    /* getinfo */
            uint32_t state;         /* HESTIA_DOMSTATE_* */
            uint32_t shutdown_code; /* SHUTDOWN_* once shut down */
            uint64_t tot_pages;
            uint64_t cpu_time_ns;   /* sum of its vcpus' running time */
            uint32_t nr_vcpus;
            uint32_t evtchn_ports;  /* event-channel ports in use */
            char name[32];
        } info;
        struct {                    /* sched_get / sched_set, every vcpu of the domain */
            char name[32];          /* a parameter of the active scheduler: "weight" */
            int64_t value;
        } sched;
        uint8_t _size[320];
    } u;
};
XEN_ABI_OFFSET(struct hestia_domctl, domain, 8);
XEN_ABI_OFFSET(struct hestia_domctl, u, 16);
XEN_ABI_SIZE(struct hestia_domctl, 336);
#endif

/* HYPERVISOR_sysctl(struct hestia_sysctl *): the whole machine. */
#define HESTIA_SYSCTL_physinfo       1   /* OUT: u.physinfo */
#define HESTIA_SYSCTL_list_domains   2   /* IN: u.list.first; OUT: u.list */
#define HESTIA_SYSCTL_sched_switch   3   /* IN: u.sched.name (rr, credit, edf, rt) */
#define HESTIA_SYSCTL_sched_id       4   /* OUT: u.sched.name, u.sched.params */
#define HESTIA_SYSCTL_readconsole    7   /* IN/OUT: u.console (Xen: xl dmesg) */
#define HESTIA_SYSCTL_trace          8   /* IN: u.trace; OUT: u.trace.mask */
#define HESTIA_SYSCTL_module_info    5   /* IN: u.module.index; OUT: name, size */
#define HESTIA_SYSCTL_module_read    6   /* IN: u.module.index, offset, len, buffer;
                                          * OUT: len = bytes copied (0 at the end) */

/*
 * trace ops. start: empty every pCPU's buffer, write the header, trace `classes`
 * (-EBUSY while tracing, -EINVAL for an unknown class); stop; dump: write the
 * buffers to the trace port (COM2) as a trace file (-EBUSY while tracing); status.
 */
#define HESTIA_TRACE_OP_start   1
#define HESTIA_TRACE_OP_stop    2
#define HESTIA_TRACE_OP_dump    3
#define HESTIA_TRACE_OP_status  4

#ifndef __ASSEMBLY__
struct hestia_sysctl {
    uint32_t cmd;
    uint32_t interface_version;
    union {
        struct {
            uint32_t nr_cpus;
            uint32_t _pad;
            uint64_t total_pages, free_pages;
        } physinfo;
        struct {
            uint32_t first;         /* IN: list domain ids >= first */
            uint32_t nr;            /* OUT: how many of ids[] are filled */
            domid_t ids[64];
        } list;
        struct {
            char name[16];
            char params[128];       /* OUT (sched_id): "weight (1..65535) cap (0..100)" */
        } sched;
        struct {                    /* trace: the trace buffers (kernel/trace.c) */
            uint32_t op;            /* HESTIA_TRACE_OP_* */
            uint32_t mask;          /* OUT: the classes being traced now */
            char classes[64];       /* start: "sched,evtchn,io", "all" (trace= syntax) */
        } trace;
        struct {                    /* readconsole: the hypervisor's console log */
            uint64_t index;         /* IN: position (0: the oldest kept); OUT: next */
            uint64_t buffer;        /* IN: guest address of len bytes */
            uint32_t len;           /* IN: room; OUT: bytes copied (0: up to date) */
        } console;
        struct {                    /* a boot module: kernels, configs, RAM disks */
            uint32_t index;         /* 0 is dom0's own kernel */
            uint32_t len;
            uint64_t size;          /* OUT: bytes */
            uint64_t offset;
            uint64_t buffer;        /* IN: guest address of len bytes */
            char name[32];          /* OUT: the first word of its module2 line */
        } module;
        uint8_t _size[160];
    } u;
};
XEN_ABI_OFFSET(struct hestia_sysctl, u, 8);
XEN_ABI_SIZE(struct hestia_sysctl, 168);
#endif

#endif /* HESTIA_PUBLIC_HESTIA_CTL_H */
