#!/bin/sh
# scripts/mkiso.sh - build a GRUB rescue ISO that boots Hestia with Multiboot2.
#
# Usage: scripts/mkiso.sh -o OUT.iso [-c "hypervisor command line"]
#                         [-m "FILE[ args...]"]... hestia.elf
# Each -m adds a boot module (a `module2` line): FILE is copied into the ISO and
# the rest of the string is the module's command line. The module line starts with
# FILE's base name, which Hestia takes as the module's name (dom0's configs and
# scripts refer to kernels, configs and disks by it).
set -eu
out= cmdline= modules=
while getopts "o:c:m:" opt; do
    case $opt in
        o) out=$OPTARG ;;
        c) cmdline=$OPTARG ;;
        m) modules="$modules$OPTARG
" ;;
        *) echo "usage: $0 -o OUT.iso [-c CMDLINE] [-m 'FILE ARGS']... hestia.elf" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] && [ -n "$out" ] || { echo "usage: $0 -o OUT.iso [-c CMDLINE] [-m 'FILE ARGS']... hestia.elf" >&2; exit 2; }
elf=$1

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/boot/grub"
cp "$elf" "$dir/boot/hestia.elf"

cfg="$dir/boot/grub/grub.cfg"
cat > "$cfg" <<CFG
set timeout=0
set default=0
menuentry "Hestia" {
    multiboot2 /boot/hestia.elf $cmdline
CFG
n=0
printf '%s' "$modules" | while IFS= read -r m; do
    [ -n "$m" ] || continue
    file=${m%% *}
    args=
    [ "$file" = "$m" ] || args=${m#* }
    base=$(basename "$file")
    cp "$file" "$dir/boot/mod$n-$base"
    # The first word names the module (Hestia strips it, as Xen strips its
    # "placeholder"): dom0's configs refer to kernels and disks by this name.
    echo "    module2 /boot/mod$n-$base $base $args" >> "$cfg"
    n=$((n + 1))
done
echo "}" >> "$cfg"

grub-mkrescue -o "$out" "$dir" >/dev/null 2>&1 || {
    echo "mkiso: grub-mkrescue failed; rerun: grub-mkrescue -o $out $dir" >&2
    exit 1
}
