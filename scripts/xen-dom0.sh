#!/usr/bin/env bash
# scripts/xen-dom0.sh - a small Linux dom0 for Xen 4.17, to run pvguest domUs under
# Xen's own toolstack (xl) beside the same experiments on Hestia (make bench-xen).
#
# Usage: scripts/xen-dom0.sh OUT.img JOBDIR
#   JOBDIR   files for /job in the initramfs: run.sh (sourced by init once xenstored
#            and xenconsoled run; the pvguest kernel is /job/pvguest.elf) and configs
#
# Everything comes from Debian packages, downloaded with apt-get download and unpacked
# with dpkg -x under build/xen-dom0/ (never installed): Debian's kernel
# (linux-image-*-amd64) and its Xen modules, busybox-static, xen-utils-4.17 (xl,
# xenstored, xenconsoled, xentrace) and its libraries; the C library and friends are
# the host's (the same Debian release). The kernel is build/xen-dom0/vmlinuz.
#
# init mounts /proc, /sys, /dev and xenfs, loads xen-evtchn, xen-privcmd, xen-gntdev,
# xen-gntalloc and xenfs, starts xenstored, xen-init-dom0 and xenconsoled (guest
# consoles logged to /var/log/xen/console), sources /job/run.sh, prints
# "xen-dom0: done" and powers off.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=$1 job=$2
base=$top/build/xen-dom0
root=$base/root
pkgs="linux-image-amd64 busybox-static xen-utils-4.17 libxenmisc4.17 libxenstore4
      libxentoollog1 libxencall1 libxenevtchn1 libxenforeignmemory1 libxengnttab1
      libxendevicemodel1 libxenhypfs1 libxentoolcore1 libyajl2"

fetch() {
    mkdir -p "$base/debs"
    [ -d "$root/usr/lib/xen-4.17" ] && ls "$root"/boot/vmlinuz-* >/dev/null 2>&1 && return
    local kpkg; kpkg=$(apt-cache depends linux-image-amd64 | sed -n 's/.*Depends: \(linux-image-[0-9].*\)/\1/p' | head -1)
    (cd "$base/debs" && apt-get download $kpkg ${pkgs/linux-image-amd64/} >/dev/null 2>&1) ||
        { echo "xen-dom0: apt-get download failed" >&2; exit 1; }
    rm -rf "$root"; mkdir -p "$root"
    for d in "$base"/debs/*.deb; do dpkg -x "$d" "$root"; done
}

copy_with_libs() {   # binaries -> initramfs, with every shared library they load
    local b lib
    for b in "$@"; do
        install -D -m 755 "$root$b" "$init$b"
        LD_LIBRARY_PATH=$root/usr/lib/x86_64-linux-gnu ldd "$root$b" |
            awk '/=> \// { print $3 } /^[ \t]*\/.*ld-linux/ { print $1 }' |
            while read -r lib; do
                case $lib in "$root"*) dst=${lib#"$root"} ;; *) dst=$lib ;; esac
                [ -e "$init$dst" ] || install -D -m 755 "$(readlink -f "$lib")" "$init$dst"
            done
    done
}

fetch
init=$(mktemp -d)
trap 'rm -rf "$init"' EXIT
kver=$(ls "$root"/lib/modules | head -1)
cp "$root"/boot/vmlinuz-"$kver" "$base/vmlinuz"
mkdir -p "$init"/{bin,dev,proc,sys,tmp,run/xen,run/xenstored,etc/xen,var/log/xen/console,var/lib/xen,var/lib/xenstored,lib/modules,job}
ln -s /run "$init/var/run"
: > "$init/etc/xen/xl.conf"
# pthread_cancel (xl) loads libgcc_s at run time: ldd does not list it.
install -D -m 755 "$(readlink -f /lib/x86_64-linux-gnu/libgcc_s.so.1)" "$init/lib/x86_64-linux-gnu/libgcc_s.so.1"
cp "$root/bin/busybox" "$init/bin/busybox"
for m in xen-evtchn xen-privcmd xen-gntdev xen-gntalloc xenfs; do
    find "$root/lib/modules/$kver" -name "$m.ko*" -exec cp {} "$init/lib/modules/" \;
done
X=/usr/lib/xen-4.17/bin
copy_with_libs $X/xl $X/xenstored $X/xenconsoled $X/xen-init-dom0 $X/xentrace
cp -r "$job"/. "$init/job/"
cat > "$init/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts
for m in xen-evtchn xen-privcmd xen-gntdev xen-gntalloc xenfs; do
    insmod /lib/modules/$m.ko* || echo "xen-dom0: insmod $m failed"
done
mkdir -p /proc/xen && mount -t xenfs xenfs /proc/xen
export LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu:/lib/x86_64-linux-gnu PATH=/bin:/usr/lib/xen-4.17/bin
xenstored --pid-file /run/xenstored.pid
xen-init-dom0 >/dev/null
xenconsoled --log=guest --log-dir=/var/log/xen/console
echo "xen-dom0: toolstack up"
. /job/run.sh
echo "xen-dom0: done"
poweroff -f
INIT
chmod 755 "$init/init"
(cd "$init" && find . | "$root/bin/busybox" cpio -o -H newc | gzip -1) > "$out" ||
    { echo "xen-dom0: could not pack the initramfs" >&2; exit 1; }
echo "xen-dom0: $out ($(du -h "$out" | cut -f1)), kernel $base/vmlinuz ($kver)"
