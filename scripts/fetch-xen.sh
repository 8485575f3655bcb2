#!/bin/sh
# scripts/fetch-xen.sh - fetch Debian's Xen 4.17 hypervisor, the reference the PV
# guest (pvguest/) is checked against, without installing it.
#
# Usage: scripts/fetch-xen.sh
# Downloads the .deb of xen-hypervisor-4.17-amd64 with `apt-get download` into
# build/xen/ and unpacks it with `dpkg -x` into build/xen/root (nothing goes into
# the system). Idempotent: a second run reuses what is there. Prints the path of
# the hypervisor image, build/xen/root/boot/xen-4.17-amd64.gz.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dir=$top/build/xen
pkg=xen-hypervisor-4.17-amd64
mkdir -p "$dir"

find_xen() {
    ls "$dir"/root/boot/xen-4.17*-amd64.gz 2>/dev/null | head -n 1
}

xen=$(find_xen || true)
if [ -z "$xen" ]; then
    deb=$(ls "$dir"/${pkg}_*.deb 2>/dev/null | head -n 1 || true)
    if [ -z "$deb" ]; then
        # apt-get download writes into the current directory, as the calling user.
        if ! (cd "$dir" && apt-get download "$pkg" >&2); then
            echo "fetch-xen: download failed; refreshing the package lists" >&2
            if [ "$(id -u)" -eq 0 ]; then apt-get update >&2; else sudo apt-get update >&2; fi
            (cd "$dir" && apt-get download "$pkg" >&2)
        fi
        deb=$(ls "$dir"/${pkg}_*.deb | head -n 1)
    fi
    rm -rf "$dir/root"
    dpkg -x "$deb" "$dir/root"
    xen=$(find_xen)
fi
[ -n "$xen" ] || { echo "fetch-xen: no xen-4.17*-amd64.gz under $dir/root/boot" >&2; exit 1; }
echo "$xen"
