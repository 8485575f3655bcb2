# Hestia - top-level Makefile: every entry point of the project.
#
#   make            build build/hestia.elf (the hypervisor)
#   make iso        build build/hestia.iso (GRUB, Multiboot2) for `make run`
#   make run        boot the ISO in QEMU, serial console on this terminal
#   make run-bochs  the same under Bochs (VT-x capable emulator)
#   make test       unit tests, boot tests (QEMU, Bochs), gdb test
#   make unit       only the host unit tests (Check, ASan + UBSan)
#   make hvsim      the scheduler simulator, build/hvsim (sim/README.md)
#   make hvtrace    the trace decoder and report, build/hvtrace (tools/hvtrace/)
#   make sched-cost instructions per scheduling decision, per module (callgrind)
#   make bench      every benchmark scenario under every scheduler (QUICK=1: short),
#                   and the microbenchmarks; results in bench/results/
#   make bench-xen  the microbenchmarks on real Xen 4.17 too (side by side)
#   make qemu-gdb   start QEMU paused, waiting for gdb on port $(GDBPORT)
#   make gdb        attach gdb to it (scripts/gdbinit)
#   make clean      remove build/
#
# Variables you may set: CMDLINE (hypervisor command line for run/iso),
# GDBPORT (default 1234), QEMU_MEM (MiB, default 256).

BUILD      := build
CC         := gcc
LD         := ld
OBJCOPY    := objcopy
NM         := nm

CMDLINE    ?= selftest=all dom0_mem=16M
# What `make run` boots: dom0 (dom0/), which runs dom0/examples/boot.script - create
# two demo guests from their config files - and then leaves its shell on the
# console. The other modules are what the configs name: the PV teaching kernel
# (pvguest/), the configs, and a 1 MiB RAM disk. Modules are separated by ';'; a
# module's name is its file's base name.
PVGUEST    := $(BUILD)/pvguest/pvguest.elf
DOM0       := $(BUILD)/dom0/dom0.elf
EXAMPLES   := dom0/examples
RUN_MODULES ?= $(DOM0) script=boot.script;$(PVGUEST);$(EXAMPLES)/boot.script;$(EXAMPLES)/demo1.cfg;$(EXAMPLES)/demo2.cfg;$(EXAMPLES)/hog.cfg;$(BUILD)/disk.img
GDBPORT    ?= 1234
# -Og keeps every function and variable visible to gdb (labs step through the code);
# OPT=-O2 builds a faster hypervisor for benchmarks.
OPT        ?= -Og
QEMU_MEM   ?= 256

# ---------------------------------------------------------------------------
# The hypervisor: freestanding C11 (with GNU extensions), no SSE, no red zone.
# It is linked at 0xffff82d040000000 (Xen's XEN_VIRT_START), which is outside the
# top 2 GiB that -mcmodel=kernel needs, so the code is compiled position-independent
# (-fpie, hidden visibility): every reference is RIP-relative and the image may sit
# anywhere inside the hypervisor's hole. The link itself is static and absolute.
# ---------------------------------------------------------------------------
HV_CFLAGS := -std=gnu11 $(OPT) -g -ffreestanding -nostdlib -fno-builtin \
	-mno-red-zone -mgeneral-regs-only -mno-sse -mno-mmx -mno-80387 \
	-fpie -fvisibility=hidden -fno-stack-protector -fno-omit-frame-pointer \
	-fno-asynchronous-unwind-tables -fcf-protection=none -fno-strict-aliasing \
	-fno-toplevel-reorder \
	-Wall -Wextra -Werror -Wno-unused-parameter \
	-Iinclude -Ikernel/arch/x86/include -include include/hestia/visibility.h -MMD -MP
HV_ASFLAGS := -g -Iinclude -Ikernel/arch/x86/include -D__ASSEMBLY__ -MMD -MP
HV_LDFLAGS := -nostdlib -static -no-pie -z max-page-size=0x1000 -z noexecstack \
	--no-warn-rwx-segments

LDS        := kernel/arch/x86/hestia.lds

# Generic code first, then the architecture. One job per file.
HV_SRCS := \
	kernel/main.c kernel/printk.c kernel/vsprintf.c kernel/string.c \
	kernel/params.c kernel/timer.c kernel/symbols.c kernel/selftest.c \
	kernel/shutdown.c kernel/selftest_mm.c kernel/selftest_timer.c kernel/selftest_fault.c \
	kernel/selftest_domain.c \
	kernel/softirq.c kernel/trace.c kernel/domain.c kernel/boot_domains.c kernel/elf.c kernel/pv_layout.c \
	kernel/console_io.c kernel/version.c kernel/sched_op.c kernel/vcpu_op.c kernel/multicall.c \
	kernel/domctl.c kernel/trace_op.c \
	$(sort $(wildcard sched/*.c)) evtchn/event_channel.c \
	mm/page_alloc.c mm/xmalloc.c mm/memregion.c mm/xenheap.c mm/pv_pagetable.c \
	mm/grant_table.c \
	kernel/arch/x86/boot/head.S kernel/arch/x86/entry.S \
	kernel/arch/x86/setup.c kernel/arch/x86/multiboot2.c kernel/arch/x86/desc.c \
	kernel/arch/x86/traps.c kernel/arch/x86/ns16550.c kernel/arch/x86/console.c \
	kernel/arch/x86/mm.c kernel/arch/x86/time.c kernel/arch/x86/apic.c \
	kernel/arch/x86/poweroff.c kernel/arch/x86/backtrace.c \
	kernel/arch/x86/irq.c kernel/arch/x86/smp.c kernel/arch/x86/domain.c \
	kernel/arch/x86/acpi.c kernel/arch/x86/smpboot.c kernel/arch/x86/boot/trampoline.S \
	kernel/arch/x86/usercopy.S kernel/arch/x86/guest_access.c \
	kernel/arch/x86/pv/syscall.c kernel/arch/x86/pv/hypercall.c kernel/arch/x86/pv/traps.c \
	kernel/arch/x86/pv/cpuid.c kernel/arch/x86/pv/mm.c kernel/arch/x86/pv/dom0_build.c

HV_OBJS := $(patsubst %,$(BUILD)/obj/%.o,$(basename $(HV_SRCS)))

.PHONY: all iso run run-bochs test unit boot-tests gdb-test qemu-gdb gdb clean setup guests pvguest dom0 sched-cost bench bench-xen

all: $(BUILD)/hestia.elf

# `make V=1` shows the full commands.
ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @echo "  $(1)	$(2)"
endif

# Objects depend on the Makefile too: a change of flags rebuilds them.
$(BUILD)/obj/%.o: %.c Makefile
	$(call say,CC,$<)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(HV_CFLAGS) -c $< -o $@

$(BUILD)/obj/%.o: %.S Makefile
	$(call say,AS,$<)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(HV_ASFLAGS) -c $< -o $@

$(BUILD)/hestia.lds: $(LDS).S
	@mkdir -p $(dir $@)
	$(Q)$(CC) -E -P -x c -Iinclude -Ikernel/arch/x86/include -D__ASSEMBLY__ $< -o $@

# Symbol table for backtraces, linked in three passes as Xen does: pass 1 has an
# empty table; pass 2 a table of pass 1's symbols (which moves nothing before it,
# but makes the image larger); pass 3 the table of pass 2, which has the same size,
# so its addresses are final. scripts/gensyms.sh checks that passes 2 and 3 agree.
$(BUILD)/hestia.elf: $(HV_OBJS) $(BUILD)/hestia.lds scripts/gensyms.sh
	$(call say,LD,$@ (3 passes for the symbol table))
	@mkdir -p $(BUILD)/syms
	$(Q)scripts/gensyms.sh /dev/null > $(BUILD)/syms/syms0.S
	$(Q)$(CC) $(HV_ASFLAGS) -c $(BUILD)/syms/syms0.S -o $(BUILD)/syms/syms0.o
	$(Q)$(LD) $(HV_LDFLAGS) -T $(BUILD)/hestia.lds $(HV_OBJS) $(BUILD)/syms/syms0.o -o $(BUILD)/syms/pass1.elf
	$(Q)$(NM) -n -S $(BUILD)/syms/pass1.elf | scripts/gensyms.sh - > $(BUILD)/syms/syms1.S
	$(Q)$(CC) $(HV_ASFLAGS) -c $(BUILD)/syms/syms1.S -o $(BUILD)/syms/syms1.o
	$(Q)$(LD) $(HV_LDFLAGS) -T $(BUILD)/hestia.lds $(HV_OBJS) $(BUILD)/syms/syms1.o -o $(BUILD)/syms/pass2.elf
	$(Q)$(NM) -n -S $(BUILD)/syms/pass2.elf | scripts/gensyms.sh - > $(BUILD)/syms/syms2.S
	$(Q)$(CC) $(HV_ASFLAGS) -c $(BUILD)/syms/syms2.S -o $(BUILD)/syms/syms2.o
	$(Q)$(LD) $(HV_LDFLAGS) -T $(BUILD)/hestia.lds $(HV_OBJS) $(BUILD)/syms/syms2.o -o $@
	$(Q)$(NM) -n -S $@ | scripts/gensyms.sh - | cmp -s - $(BUILD)/syms/syms2.S || \
		{ echo "symbol table did not converge" >&2; rm -f $@; exit 1; }

-include $(HV_OBJS:.o=.d)

# ---------------------------------------------------------------------------
# ISO images: GRUB with a multiboot2 entry. scripts/mkiso.sh writes grub.cfg.
# ---------------------------------------------------------------------------
iso: $(BUILD)/hestia.iso

$(BUILD)/hestia.iso: $(BUILD)/hestia.elf pvguest dom0 $(BUILD)/disk.img scripts/mkiso.sh FORCE
	@scripts/need-tools.sh grub-mkrescue xorriso
	$(call say,ISO,$@ ($(CMDLINE)))
	$(Q)mods='$(RUN_MODULES)'; IFS=';'; set --; for m in $$mods; do set -- "$$@" -m "$$m"; done; \
		scripts/mkiso.sh -o $@ -c "$(CMDLINE)" "$$@" $(BUILD)/hestia.elf

FORCE:

run: iso
	@scripts/need-tools.sh qemu-system-x86_64
	scripts/qemu.sh -m $(QEMU_MEM) -i $(BUILD)/hestia.iso

run-bochs: iso
	@scripts/need-tools.sh bochs
	scripts/bochs.sh -i $(BUILD)/hestia.iso

qemu-gdb: iso
	@scripts/need-tools.sh qemu-system-x86_64
	@echo "QEMU is paused, waiting for gdb on port $(GDBPORT): run 'make gdb' in another terminal"
	scripts/qemu.sh -m $(QEMU_MEM) -i $(BUILD)/hestia.iso -g $(GDBPORT)

gdb: $(BUILD)/hestia.elf
	@scripts/need-tools.sh gdb
	gdb -q -ix scripts/gdbinit -ex "hestia-connect $(GDBPORT)"

# ---------------------------------------------------------------------------
# Tests. tests/run prints one line per test and ends with "N passed, N failed".
# ---------------------------------------------------------------------------
test:
	@scripts/need-tools.sh qemu-system-x86_64 bochs grub-mkrescue xorriso gdb pkg-config gnuplot
	$(MAKE) all guests hvsim hvtrace
	tests/run all

unit:
	@scripts/need-tools.sh pkg-config
	tests/run unit

# The scheduler simulator, build/hvsim (sim/README.md); also gives SIM_UNIT_OBJ.
include sim/sim.mk
# The trace decoder, build/hvtrace (tools/hvtrace/README.md).
include tools/hvtrace/hvtrace.mk

# Host unit tests: the portable sources, compiled for the host with ASan + UBSan.
UNIT_PORTABLE := mm/page_alloc.c mm/xmalloc.c mm/memregion.c kernel/vsprintf.c \
	kernel/params.c kernel/timer.c kernel/symbols.c kernel/elf.c kernel/pv_layout.c \
	mm/pv_pagetable.c kernel/softirq.c kernel/trace.c sched/core.c sched/rr.c evtchn/event_channel.c \
	kernel/sched_op.c kernel/vcpu_op.c kernel/multicall.c kernel/console_io.c kernel/version.c \
	sched/heap.c sched/server.c sched/edf.c sched/rt.c sched/credit.c mm/grant_table.c \
	dom0/config.c
UNIT_TESTS    := $(addprefix tests/unit/,main.c stubs.c pv_host.c test_page_alloc.c \
	test_xmalloc.c test_memregion.c test_vsprintf.c test_params.c test_timer.c \
	test_symbols.c test_abi.c test_elf.c test_pv_layout.c test_pv_pagetable.c \
	test_hypercalls.c test_sched_rr.c test_sim.c test_heap.c test_edf.c test_rt.c \
	test_credit.c test_hvtrace.c test_grant_table.c test_evtchn.c test_dom0_config.c \
	test_ring.c)
UNIT_CFLAGS   := -std=gnu11 -g -O1 -Wall -Wextra -Werror -Wno-unused-parameter \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer -Iinclude -Itests/unit \
	-Dvsnprintf=hst_vsnprintf -Dsnprintf=hst_snprintf -DHESTIA_HOST_TEST \
	$(shell pkg-config --cflags check 2>/dev/null)
UNIT_LIBS     := $(shell pkg-config --libs check 2>/dev/null)

$(BUILD)/unit-tests: $(UNIT_PORTABLE) $(UNIT_TESTS) $(SIM_UNIT_OBJ) $(HVTRACE_LIB_SRCS) \
		tools/hvtrace/hvtrace.h $(wildcard tests/unit/*.h) \
		$(wildcard include/hestia/*.h include/public/*.h include/public/*/*.h sched/*.h)
	@mkdir -p $(BUILD)
	$(call say,CC,$@ (host, ASan+UBSan))
	$(Q)$(CC) $(UNIT_CFLAGS) $(UNIT_PORTABLE) $(UNIT_TESTS) $(HVTRACE_LIB_SRCS) $(SIM_UNIT_OBJ) -o $@ $(UNIT_LIBS)

# The benchmark harness (bench/run.sh): every scenario under every scheduler in QEMU
# with -icount; CSVs, PNGs and summary.md in bench/results/. QUICK=1: short runs.
bench:
	@scripts/need-tools.sh qemu-system-x86_64 grub-mkrescue xorriso gnuplot
	$(MAKE) all guests hvtrace
	bench/run.sh $(if $(QUICK),--quick)
	bench/micro.sh
	cat bench/results/*/summary.md > bench/results/summary.md

# The peer (not part of CI): the microbenchmarks and the fairness and latency
# scenarios on real Xen 4.17 (bench/xen.sh), then the summaries again with Xen's rows.
bench-xen:
	$(MAKE) all guests hvtrace
	bench/xen.sh
	bench/micro.sh
	bench/run.sh --replot
	cat bench/results/*/summary.md > bench/results/summary.md

# Instructions per scheduling decision for each module (valgrind callgrind on hvsim).
sched-cost:
	@scripts/need-tools.sh valgrind callgrind_annotate
	bench/sched-cost.sh

clean:
	rm -rf $(BUILD)

setup:
	scripts/setup.sh

# ---------------------------------------------------------------------------
# Test guests (fixtures for boot tests).
# ---------------------------------------------------------------------------
$(BUILD)/tests/mini.elf: tests/guests/mini.S tests/guests/mini.lds $(wildcard include/public/*.h)
	$(call say,GUEST,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) -D__ASSEMBLY__ -Iinclude -c tests/guests/mini.S -o $(BUILD)/tests/mini.o
	$(Q)$(LD) -nostdlib -static -no-pie -z max-page-size=0x1000 --no-warn-rwx-segments \
		-T tests/guests/mini.lds $(BUILD)/tests/mini.o -o $@

guests: $(BUILD)/tests/mini.elf pvguest dom0 $(BUILD)/disk.img $(BUILD)/disk-4m.img

# dom0 (dom0/ has its own Makefile, on pvguest's library).
dom0:
	$(Q)$(MAKE) -s -C dom0

# RAM disks for the block backend: zeroed images of 1 MiB (make run) and 4 MiB (tests).
$(BUILD)/disk.img:
	@mkdir -p $(BUILD)
	$(Q)head -c 1048576 /dev/zero > $@
$(BUILD)/disk-4m.img:
	@mkdir -p $(BUILD)
	$(Q)head -c 4194304 /dev/zero > $@

# The PV teaching kernel (pvguest/ has its own Makefile).
pvguest:
	$(Q)$(MAKE) -s -C pvguest
