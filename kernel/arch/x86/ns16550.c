/*
 * ns16550.c - the PC's serial port (a 16550 UART) on COM1, Hestia's main console.
 *
 * QEMU and Bochs send COM1 to a file or terminal, which is how every test reads
 * what the hypervisor says. 115200 baud, 8 data bits, no parity, 1 stop bit.
 */
#include <asm/processor.h>
#include <asm/x86.h>

#define COM1 0x3f8

#define UART_THR 0    /* transmit holding (write) */
#define UART_IER 1    /* interrupt enable */
#define UART_DLL 0    /* divisor latch, low byte (when DLAB=1) */
#define UART_DLM 1    /* divisor latch, high byte (when DLAB=1) */
#define UART_FCR 2    /* FIFO control */
#define UART_LCR 3    /* line control */
#define UART_MCR 4    /* modem control */
#define UART_LSR 5    /* line status */

#define LCR_8N1   0x03
#define LCR_DLAB  0x80
#define LSR_THRE  0x20   /* transmitter can take a byte */
#define LSR_TEMT  0x40   /* transmitter empty: every byte is on the wire */

#define COM2 0x2f8

static void uart_setup(uint16_t port)
{
    outb(port + UART_IER, 0);               /* no interrupts: we poll */
    outb(port + UART_LCR, LCR_DLAB);
    outb(port + UART_DLL, 1);               /* 115200 / 1 */
    outb(port + UART_DLM, 0);
    outb(port + UART_LCR, LCR_8N1);
    outb(port + UART_FCR, 0x07);            /* enable and clear the FIFOs */
    outb(port + UART_MCR, 0x03);            /* DTR, RTS */
}

/*
 * COM2 carries binary trace dumps (trace_dump=at-exit): QEMU's "-serial file:" and
 * Bochs' com2 file mode pass the bytes through unchanged.
 */
void arch_trace_out(const void *buf, size_t len)
{
    static bool ready;
    const uint8_t *p = buf;
    if (!ready) {
        uart_setup(COM2);
        ready = true;
    }
    for (size_t i = 0; i < len; i++) {
        for (int spins = 0; spins < 100000; spins++)
            if (inb(COM2 + UART_LSR) & LSR_THRE)
                break;
        outb(COM2 + UART_THR, p[i]);
    }
    for (int spins = 0; spins < 1000000; spins++)
        if (inb(COM2 + UART_LSR) & LSR_TEMT)
            break;
}

void ns16550_init(void)
{
    outb(COM1 + UART_IER, 0);               /* no interrupts: we poll */
    outb(COM1 + UART_LCR, LCR_DLAB);
    outb(COM1 + UART_DLL, 1);               /* 115200 / 1 */
    outb(COM1 + UART_DLM, 0);
    outb(COM1 + UART_LCR, LCR_8N1);
    outb(COM1 + UART_FCR, 0x07);            /* enable and clear the FIFOs */
    outb(COM1 + UART_MCR, 0x03);            /* DTR, RTS */
}

void ns16550_putc(char c)
{
    /* Bounded wait: a missing UART must not hang the hypervisor. */
    for (int spins = 0; spins < 100000; spins++)
        if (inb(COM1 + UART_LSR) & LSR_THRE)
            break;
    outb(COM1 + UART_THR, (uint8_t)c);
}

/* Wait until every byte has left the UART (before powering off, say). */
void ns16550_flush(void)
{
    for (int spins = 0; spins < 1000000; spins++)
        if (inb(COM1 + UART_LSR) & LSR_TEMT)
            break;
}

/* A received byte, or -1 (LSR bit 0: data ready). */
int ns16550_getc(void)
{
    if (!(inb(COM1 + UART_LSR) & 0x01))
        return -1;
    return inb(COM1 + UART_THR);        /* the receive buffer shares offset 0 */
}
