/*
 * pvguest/workloads/hello.c - the smallest workload: say hello, say where we are
 * running, and return (the kernel then powers off).
 *
 * This is the file to copy when writing a new workload. Parameters come from the
 * command line with cmdline_get() and cmdline_get_ulong(); output goes through
 * printk, one line per call, each starting with the workload's name so a test
 * script can find it.
 *
 * What it asks the hypervisor, all with xen_version:
 *   XENVER_version       (major << 16) | minor, in the return value;
 *   XENVER_extraversion  the rest of the version string (e.g. ".7-pre"), copied
 *                        into a 16-byte buffer;
 *   XENVER_capabilities  the guest types the hypervisor can run
 *                        ("xen-3.0-x86_64 ...").
 */
#include <pvguest/hypercall.h>
#include <pvguest/kernel.h>
#include <pvguest/workload.h>

void workload_hello(void)
{
    static char caps[XEN_CAPABILITIES_INFO_LEN];
    xen_extraversion_t extra;
    long version, rc;

    printk("hello: Hello, world! This is Hestia-pvguest, a PV kernel running in "
           "ring 3\n");

    version = HYPERVISOR_xen_version(XENVER_version, NULL);
    memset(extra, 0, sizeof(extra));
    rc = HYPERVISOR_xen_version(XENVER_extraversion, extra);
    if (rc < 0) {
        report_enosys("XENVER_extraversion", rc);
        extra[0] = '\0';
    }
    extra[sizeof(extra) - 1] = '\0';
    if (version < 0)
        printk("hello: XENVER_version failed: %ld (%s)\n", version,
               errno_name(version));
    else
        printk("hello: hypervisor version %ld.%ld%s (extraversion \"%s\")\n",
               version >> 16, version & 0xffff, extra, extra);

    rc = HYPERVISOR_xen_version(XENVER_capabilities, caps);
    if (rc >= 0) {
        caps[sizeof(caps) - 1] = '\0';
        printk("hello: hypervisor capabilities \"%s\"\n", caps);
    } else {
        report_enosys("XENVER_capabilities", rc);
    }

    printk("hello: I am %s, with %lu pages (%lu MiB)\n",
           kernel_is_dom0 ? "dom0" : "a domU", start_info->nr_pages,
           start_info->nr_pages >> 8);
}
