# pvguest/flags.mk - the compiler and linker settings of the PV kernels: pvguest
# (pvguest/Makefile) and dom0 (dom0/Makefile), which is built on pvguest's library.
#
# The kernels are freestanding C11 (with GNU extensions) and a little assembly,
# linked at 0xffffffff80000000, the top 2 GiB of the address space, so the
# compiler's "kernel" code model applies: every symbol is a sign-extended 32-bit
# address.

CC     := gcc
LD     := ld

PV_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -nostdlib -fno-builtin \
	-mno-red-zone -mgeneral-regs-only -fno-pie -mcmodel=kernel \
	-fno-stack-protector -fno-omit-frame-pointer \
	-fno-asynchronous-unwind-tables -fcf-protection=none -fno-strict-aliasing \
	-Wall -Wextra -Werror \
	-I$(TOP)/include -I$(TOP)/pvguest/include -MMD -MP
PV_ASFLAGS := -g -D__ASSEMBLY__ -I$(TOP)/include -I$(TOP)/pvguest/include -MMD -MP
PV_LDFLAGS := -nostdlib -static -no-pie -z max-page-size=0x1000 -z noexecstack \
	--no-warn-rwx-segments --build-id=none

# The library both kernels share: start of day, console, memory, traps, events,
# time, grant tables, the console frontend (paths relative to pvguest/).
PV_LIB_SRCS := head.S entry.S elfnotes.S \
	main.c console.c string.c cmdline.c \
	traps.c events.c time.c mm.c shutdown.c gnttab.c xencons.c

# Shared with the hypervisor: its freestanding string functions and vsnprintf (one
# copy, unit-tested on the host by tests/unit/test_vsprintf.c).
PV_SHARED_SRCS := kernel/string.c kernel/vsprintf.c

ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @echo "  $(1)	$(2)"
endif
