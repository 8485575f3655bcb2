# sim/sim.mk - the scheduler simulator (sim/README.md). Included by the top Makefile.
#
#   make build/hvsim    (or: make hvsim)   the command-line simulator, -O2
#   $(SIM_UNIT_OBJ)                        the same library with ASan + UBSan, which
#                                          the host unit tests link (test_sim.c)
#
# The simulator compiles THE HYPERVISOR'S OWN SOURCES - the framework and every module
# in sched/ ($(wildcard sched/*.c): a new module is picked up by the next build), and
# the timers, softirqs, trace buffers, boot-option parser and printf of kernel/ - with
# no change and no #ifdef, against a host shim (sim/shim.c) instead of
# kernel/arch/x86/. Each scheduler source is listed as it is compiled ("CC(sim)").
#
# Everything is then linked into ONE relocatable object that exports only the sim_*
# functions of sim/sim.h: the framework inside it is private. That is what lets the
# unit-test binary - which has its own copy of sched/core.c and its own fakes of
# NOW(), smp_processor_id(), context_switch() ... (tests/unit/stubs.c, pv_host.c) -
# contain a simulator too. The object's .init.param section (the boot options) is
# renamed hvsim_param, so the simulator finds its own options and not the tests'.
#
# Needs from the top Makefile: BUILD, CC, LD, OBJCOPY, Q, say.

SIM_SCHED_SRCS  := $(sort $(wildcard sched/*.c))
SIM_KERNEL_SRCS := kernel/timer.c kernel/softirq.c kernel/trace.c kernel/params.c \
                   kernel/vsprintf.c
# The simulator's library sources (sim/main.c is hvsim's command line).
SIM_OWN_SRCS    := $(filter-out sim/main.c,$(sort $(wildcard sim/*.c)))
# Everything in the simulator library: the hypervisor's sources, then sim/.
SIM_LIB_SRCS    := $(SIM_SCHED_SRCS) $(SIM_KERNEL_SRCS) $(SIM_OWN_SRCS)

# Hypervisor sources are built as the unit tests build them (Hestia's vsnprintf
# renamed so that it does not clash with the host's); sim/ uses the host's libc.
# -Werror for sim/ only: a new -O2-only warning in a module must not stop hvsim.
SIM_CFLAGS_BASE := -std=gnu11 -g -Wall -Wextra -Wno-unused-parameter \
                   -fno-strict-aliasing -Iinclude -MMD -MP
SIM_HV_DEFS     := -Dvsnprintf=hst_vsnprintf -Dsnprintf=hst_snprintf -DHESTIA_HOST_TEST
SIM_O2_CFLAGS   := $(SIM_CFLAGS_BASE) -O2
SIM_SAN_CFLAGS  := $(SIM_CFLAGS_BASE) -O1 -fsanitize=address,undefined \
                   -fno-sanitize-recover=undefined -fno-omit-frame-pointer

SIM_O2_OBJS  := $(patsubst %.c,$(BUILD)/sim/o2/%.o,$(SIM_LIB_SRCS))
SIM_SAN_OBJS := $(patsubst %.c,$(BUILD)/sim/san/%.o,$(SIM_LIB_SRCS))
SIM_OBJ      := $(BUILD)/sim/libhvsim.o
SIM_UNIT_OBJ := $(BUILD)/sim/libhvsim-san.o

sim_is_hv = $(filter sched/% kernel/%,$(1))

$(BUILD)/sim/o2/%.o: %.c sim/sim.mk
	$(call say,CC(sim),$<)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(SIM_O2_CFLAGS) $(if $(call sim_is_hv,$<),$(SIM_HV_DEFS),-Werror) -c $< -o $@

$(BUILD)/sim/san/%.o: %.c sim/sim.mk
	$(call say,CC(sim),$< (ASan+UBSan))
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(SIM_SAN_CFLAGS) $(if $(call sim_is_hv,$<),$(SIM_HV_DEFS),-Werror) -c $< -o $@

# One object, only sim_* global; the boot options in a section of their own.
sim_link = $(LD) -r $(1) -o $(2).tmp && \
	$(OBJCOPY) --rename-section .init.param=hvsim_param --wildcard \
		--keep-global-symbol='sim_*' $(2).tmp $(2) && rm -f $(2).tmp

$(SIM_OBJ): $(SIM_O2_OBJS)
	$(call say,LD,$@ (scheduler sources: $(SIM_SCHED_SRCS)))
	$(Q)$(call sim_link,$^,$@)

$(SIM_UNIT_OBJ): $(SIM_SAN_OBJS)
	$(call say,LD,$@ (scheduler sources: $(SIM_SCHED_SRCS)))
	$(Q)$(call sim_link,$^,$@)

$(BUILD)/hvsim: $(BUILD)/sim/o2/sim/main.o $(SIM_OBJ)
	$(call say,LD,$@)
	$(Q)$(CC) -o $@ $^

.PHONY: hvsim
hvsim: $(BUILD)/hvsim

-include $(SIM_O2_OBJS:.o=.d) $(SIM_SAN_OBJS:.o=.d) $(BUILD)/sim/o2/sim/main.d
