/*
 * backtrace.c - walking the stack with frame pointers.
 *
 * The hypervisor is compiled with -fno-omit-frame-pointer, so every C function
 * starts with `push %rbp; mov %rsp, %rbp`: rbp points at the saved rbp of the
 * caller, and the word above it is the return address. Following that chain names
 * every function on the stack; head.S sets rbp = 0 in the outermost frame, where
 * the walk stops.
 */
#include <hestia/arch.h>
#include <hestia/printk.h>
#include <hestia/symbols.h>
#include <asm/config.h>
#include <asm/x86.h>

#define MAX_FRAMES 32

/* A frame pointer is believable if it is aligned and inside the hypervisor's hole. */
static bool plausible_frame(uint64_t rbp)
{
    return rbp != 0 && (rbp & 7) == 0 && rbp >= HYPERVISOR_VIRT_START &&
           rbp < HYPERVISOR_VIRT_END - 16;
}

static void print_frame(uint64_t addr, bool is_return)
{
    char sym[96];
    if (is_return)
        symbols_format_return(sym, sizeof(sym), addr);
    else
        symbols_format(sym, sizeof(sym), addr);
    printk(XENLOG_ERR "  [<%016llx>] %s\n", (unsigned long long)addr, sym);
}

void show_backtrace(uint64_t rip, uint64_t rbp)
{
    print_frame(rip, false);
    for (int depth = 0; depth < MAX_FRAMES && plausible_frame(rbp); depth++) {
        const uint64_t *frame = (const uint64_t *)rbp;
        uint64_t ret = frame[1];
        if (ret == 0)
            break;
        print_frame(ret, true);         /* the instruction after the call */
        if (frame[0] <= rbp)            /* stacks grow down: callers are above */
            break;
        rbp = frame[0];
    }
}

/* Backtrace of whoever called us (panic, usually). */
void arch_dump_backtrace(void)
{
    const uint64_t *frame = __builtin_frame_address(0);
    show_backtrace(frame[1], frame[0]);
}
