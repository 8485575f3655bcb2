/*
 * errno.h - error numbers returned (negated) by hypervisor functions.
 *
 * The values are Xen's, which are Linux's, so a negative errno from a hypercall
 * means the same thing to a guest written for Xen.
 */
#ifndef HESTIA_ERRNO_H
#define HESTIA_ERRNO_H

#define EPERM    1
#define ENOENT   2
#define ESRCH    3
#define EINTR    4
#define EIO      5
#define E2BIG    7
#define EBADF    9
#define EAGAIN  11
#define ENOMEM  12
#define EACCES  13
#define EFAULT  14
#define EBUSY   16
#define EEXIST  17
#define ENODEV  19
#define EINVAL  22
#define ENOSPC  28
#define ERANGE  34
#define ETIME   62
#define ENOSYS  38
#define ETIMEDOUT 110

#endif /* HESTIA_ERRNO_H */
