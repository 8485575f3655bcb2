# tests/gdb/boot-path.gdb - what a lab does in its first gdb session.
# Run after scripts/gdbinit's hestia-connect (stopped in __start_hestia).
break memory_init
continue
print boot_info.nr_mmap
print boot_info.cmdline
next
step
bt
continue
