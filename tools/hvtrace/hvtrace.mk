# tools/hvtrace/hvtrace.mk - hvtrace, the trace analyser (tools/hvtrace/README.md).
# Included by the top Makefile.
#
#   make build/hvtrace      the command line, -O2
#   $(HVTRACE_LIB_SRCS)     the decoder/analyser/report library (no main), which the
#                           host unit tests compile in (tests/unit/test_hvtrace.c)
#
# Needs from the top Makefile: BUILD, CC, Q, say.

HVTRACE_LIB_SRCS := tools/hvtrace/decode.c tools/hvtrace/analyze.c tools/hvtrace/report.c
HVTRACE_SRCS     := $(HVTRACE_LIB_SRCS) tools/hvtrace/main.c
HVTRACE_CFLAGS   := -std=c11 -O2 -g -Wall -Wextra -Werror -Iinclude -MMD -MP
HVTRACE_OBJS     := $(patsubst %.c,$(BUILD)/hvtrace-obj/%.o,$(HVTRACE_SRCS))

$(BUILD)/hvtrace-obj/%.o: %.c tools/hvtrace/hvtrace.mk
	$(call say,CC(host),$<)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(HVTRACE_CFLAGS) -c $< -o $@

$(BUILD)/hvtrace: $(HVTRACE_OBJS)
	$(call say,LD,$@)
	$(Q)$(CC) -o $@ $^

.PHONY: hvtrace
hvtrace: $(BUILD)/hvtrace

-include $(HVTRACE_OBJS:.o=.d)
