#!/usr/bin/env bash
# scripts/setup.sh - install the Debian packages Hestia needs to build, run and test.
#
# Idempotent: it checks each package first and prints nothing when all are present.
# `make run` and `make test` call it when a tool is missing; CI calls it first.
set -eu

PACKAGES="gcc make binutils gawk qemu-system-x86 bochs bochsbios vgabios grub-pc-bin
grub-common xorriso mtools check pkg-config gnuplot-nox gdb valgrind"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "setup.sh: missing Debian packages:$missing" >&2
    echo "setup.sh: run as root (or: sudo apt-get install$missing)" >&2
    exit 1
fi

echo "setup.sh: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "setup.sh: done"
