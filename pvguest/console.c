/*
 * pvguest/console.c - printk: output through the hypervisor's console.
 *
 * The simplest output a PV guest has is the console_io hypercall:
 * CONSOLEIO_write hands the hypervisor a buffer, which it prints on its own console
 * (the serial line). On Xen, dom0's text goes straight to the serial port as it is;
 * another domain's is prefixed with "(dN)" and shown only at guest_loglvl=all.
 * A domU that was given a console ring writes there instead (xencons.c), and dom0's
 * backend prints it.
 *
 * Each printk formats into a buffer on the stack and makes one hypercall, so a line
 * is never interleaved with another's.
 */
#include <pvguest/hypercall.h>
#include <pvguest/kernel.h>
#include <pvguest/lib.h>

void console_write(const char *s, size_t len)
{
    if (xencons_write(s, len))
        return;             /* a domU with a console ring (xencons.c) */
    while (len) {
        long rc = HYPERVISOR_console_io(CONSOLEIO_write, (int)len, s);

        if (rc < 0)
            return;         /* nowhere to report it */
        /* Xen returns 0 after writing everything; be ready for a partial count. */
        if (rc == 0 || (size_t)rc >= len)
            return;
        s += rc;
        len -= (size_t)rc;
    }
}

int printk(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof(buf))
        n = sizeof(buf) - 1;
    console_write(buf, (size_t)n);
    return n;
}

/* A name for the errnos hypercalls return, for readable messages. */
const char *errno_name(long rc)
{
    switch (-rc) {
    case 0:            return "OK";
    case XEN_EPERM:    return "EPERM";
    case XEN_ENOENT:   return "ENOENT";
    case XEN_ESRCH:    return "ESRCH";
    case XEN_EAGAIN:   return "EAGAIN";
    case XEN_ENOMEM:   return "ENOMEM";
    case XEN_EACCES:   return "EACCES";
    case XEN_EFAULT:   return "EFAULT";
    case XEN_EBUSY:    return "EBUSY";
    case XEN_EEXIST:   return "EEXIST";
    case XEN_EINVAL:   return "EINVAL";
    case XEN_ENOSPC:   return "ENOSPC";
    case XEN_ERANGE:   return "ERANGE";
    case XEN_ENOSYS:   return "ENOSYS";
    case XEN_ETIME:    return "ETIME";
    case XEN_EOPNOTSUPP: return "EOPNOTSUPP";
    case XEN_EIO:      return "EIO";
    case XEN_ENODEV:   return "ENODEV";
    case XEN_ETIMEDOUT: return "ETIMEDOUT";
    default:           return rc > 0 ? "positive" : "E?";
    }
}

/*
 * Hestia implements a subset of Xen's hypercalls; the rest return -ENOSYS. Callers
 * that can carry on without a feature use this to say so plainly and go on.
 * Returns true if rc was -ENOSYS.
 */
bool report_enosys(const char *what, long rc)
{
    if (rc != -XEN_ENOSYS)
        return false;
    printk("pvguest: %s: not implemented by this hypervisor (-ENOSYS), "
           "carrying on without it\n", what);
    return true;
}
