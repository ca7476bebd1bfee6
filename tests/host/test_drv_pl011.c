/*
 * The PL011 driver's transmit path (src/drivers/pl011.c) against a model of
 * its transmit FIFO (DDI 0183G: UARTFR.TXFF full, TXFE empty): the console's
 * pl011_write() must never write the data register while the FIFO is full,
 * must send every byte in order, and may send a FIFO's worth without polling
 * only when pl011_init() enabled the FIFO.
 */
#include "fake_hw.h"

#include "../../src/drivers/pl011.c"

#define UART_PHYS	0x09000000u

static unsigned depth;		/* entries the model's FIFO holds (1: FIFO off) */
static unsigned queued;		/* bytes in it, not yet on the wire */
static char wire[256];		/* what left the UART, in order */
static unsigned polls_before[256];	/* UARTFR reads before each byte was written */
static unsigned sent, fr_reads, overflows;
static uint32_t lcr_h;

/* Each read of UARTFR lets the transmitter finish one byte. */
static uint32_t uart_read(uint32_t off, unsigned size)
{
	uint32_t fr;

	assert_int_equal(size, 4);
	if (off != UARTFR)
		fail_msg("read of PL011 register %#x", off);
	fr_reads++;
	fr = (queued == depth ? FR_TXFF : 0) | (queued == 0 ? FR_TXFE : 0);
	if (queued)
		queued--;
	return fr;
}

static void uart_write(uint32_t off, uint32_t v, unsigned size)
{
	assert_int_equal(size, 4);
	if (off == UARTLCR_H)
		lcr_h = v;
	if (off != UARTDR)
		return;		/* pl011_init()'s set-up */
	if (queued == depth)
		overflows++;	/* a byte written into a full FIFO is lost */
	else
		queued++;
	assert_true(sent < sizeof(wire));
	polls_before[sent] = fr_reads;
	wire[sent++] = (char)v;
}

static struct fake_dev uart_dev = { .phys = UART_PHYS, .size = 0x1000,
				    .read = uart_read, .write = uart_write };

static void model_reset(unsigned fifo_depth)
{
	fake_hw_reset();
	fake_dev_add(&uart_dev);
	depth = fifo_depth;
	queued = sent = fr_reads = overflows = 0;
	lcr_h = 0;
	memset(wire, 0, sizeof(wire));
}

static const char text[] = "firmware on virt: ARMv7-A Cortex-A15, MIDR 0x414fc0f0\r\n"
			   "RAM 0x40000000, 128 MiB (from the device tree)\r\n";

/* After pl011_init() (FIFO on): every byte in order, none into a full FIFO,
 * and an empty FIFO takes a whole FIFO's worth on one poll. */
static void write_after_init_sends_everything_in_order(void **state)
{
	struct pl011 u;
	void __iomem *base;

	(void)state;
	model_reset(TX_FIFO_DEPTH);
	base = ioremap_caller(UART_PHYS, 0x1000, MT_DEVICE, "test");
	assert_int_equal(pl011_init(&u, base, 24000000u, 115200u), 0);
	assert_true(lcr_h & LCRH_FEN);
	fr_reads = 0;		/* pl011_init() polled BUSY */
	pl011_write(&u, text, sizeof(text) - 1);
	assert_int_equal(sent, sizeof(text) - 1);
	assert_memory_equal(wire, text, sizeof(text) - 1);
	assert_int_equal(overflows, 0);
	/* The first poll found it empty: 16 bytes went on it, the 17th only
	 * after polling again. */
	assert_int_equal(polls_before[0], 1);
	assert_int_equal(polls_before[TX_FIFO_DEPTH - 1], 1);
	assert_true(polls_before[TX_FIFO_DEPTH] > 1);
}

/* Short writes: one poll, the bytes, nothing more; none for n = 0. */
static void short_writes_poll_once(void **state)
{
	struct pl011 u;

	(void)state;
	model_reset(TX_FIFO_DEPTH);
	assert_int_equal(pl011_init(&u, ioremap_caller(UART_PHYS, 0x1000, MT_DEVICE, "test"),
				    24000000u, 115200u), 0);
	fr_reads = 0;		/* pl011_init() polled BUSY */
	pl011_write(&u, "> ", 0);
	assert_int_equal(fr_reads, 0);
	assert_int_equal(sent, 0);
	pl011_write(&u, "> ", 2);
	assert_int_equal(fr_reads, 1);
	assert_memory_equal(wire, "> ", 2);
}

/* A UART this driver did not set up (the FIFO may be off: one holding
 * register, and TXFE then means only that one is free): a byte per poll. */
static void write_without_init_waits_for_every_byte(void **state)
{
	struct pl011 u = { 0 };

	(void)state;
	model_reset(1);
	u.base = ioremap_caller(UART_PHYS, 0x1000, MT_DEVICE, "test");
	pl011_write(&u, text, sizeof(text) - 1);
	assert_int_equal(overflows, 0);
	assert_int_equal(sent, sizeof(text) - 1);
	assert_memory_equal(wire, text, sizeof(text) - 1);
	assert_true(fr_reads >= sizeof(text) - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(write_after_init_sends_everything_in_order),
		cmocka_unit_test(short_writes_poll_once),
		cmocka_unit_test(write_without_init_waits_for_every_byte),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
