/* QEMU's edu device (include/pcidev.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "crc32.h"
#include "dma.h"
#include "io.h"
#include "irq.h"
#include "pci_host.h"
#include "pcidev.h"
#include "timer.h"

#define EDU_IDENT	0x00
#define EDU_LIVENESS	0x04
#define EDU_FACTORIAL	0x08
#define EDU_STATUS	0x20
#define  EDU_STATUS_BUSY	0x01
#define  EDU_STATUS_IRQ_ON_DONE	0x80
#define EDU_IRQ_STATUS	0x24
#define EDU_IRQ_ACK	0x64
#define  EDU_IRQ_FACTORIAL	0x001
#define  EDU_IRQ_DMA		0x100
#define EDU_DMA_SRC	0x80
#define EDU_DMA_DST	0x88
#define EDU_DMA_COUNT	0x90
#define EDU_DMA_CMD	0x98
#define  EDU_DMA_START		0x1
#define  EDU_DMA_TO_RAM		0x2
#define  EDU_DMA_IRQ		0x4
#define EDU_DMA_BUF	0x40000u	/* the buffer, in edu's own address space */
#define EDU_TIMEOUT_MS	1000u		/* a DMA completes after 100 ms virtual time */

static struct {
	struct pci_dev *pdev;
	void __iomem *regs;
	int irq;
	volatile uint32_t irq_seen;	/* status bits the handler acknowledged */
} edu;

static void edu_irq(unsigned irq, void *ctx)
{
	uint32_t status = readl(edu.regs + EDU_IRQ_STATUS);

	(void)irq;
	(void)ctx;
	writel(status, edu.regs + EDU_IRQ_ACK);	/* deasserts INTx: level-triggered */
	edu.irq_seen |= status;
}

static int edu_probe(struct pci_dev *d)
{
	int err;

	edu.regs = pci_iomap(d, 0, 0);
	if (!edu.regs)
		return -ENOMEM;
	err = pci_request_region(d, 0, "edu");
	if (err) {
		pci_iounmap(d, edu.regs);
		edu.regs = NULL;
		return err;
	}
	edu.pdev = d;
	edu.irq = pci_irq(d);
	if (edu.irq >= 0 && (err = irq_register((unsigned)edu.irq, edu_irq, NULL, "edu")) == 0) {
		irq_set_trigger((unsigned)edu.irq, IRQ_LEVEL);	/* PCI INTx is level (PCI 3.0 2.2.6) */
		irq_enable((unsigned)edu.irq);
	} else {
		edu.irq = -1;
	}
	return 0;
}
PCI_DRIVER(edu, 0x1234, 0x11e8, edu_probe);

static int present(void)
{
	if (pci_host() && edu.regs)	/* the bus first: it probes us */
		return 0;
	printf("edu: no edu device (QEMU: -device edu,dma_mask=0xffffffff)\n");
	return -ENODEV;
}

int edu_ident(uint32_t *id)
{
	int err = present();

	if (!err)
		*id = readl(edu.regs + EDU_IDENT);
	return err;
}

int edu_liveness(uint32_t v, uint32_t *out)
{
	int err = present();

	if (!err) {
		writel(v, edu.regs + EDU_LIVENESS);
		*out = readl(edu.regs + EDU_LIVENESS);
	}
	return err;
}

/* Wait for the handler to see bit; false after EDU_TIMEOUT_MS. */
static bool wait_irq(uint32_t bit)
{
	uint64_t deadline = uptime_ns() + (uint64_t)EDU_TIMEOUT_MS * 1000000u;

	while (!(edu.irq_seen & bit))
		if (uptime_ns() > deadline || sleep_ms(1))
			return false;
	return true;
}

static int need_irq(void)
{
	int err = present();

	if (!err && edu.irq < 0) {
		printf("edu: no interrupt routed; completion cannot be signalled\n");
		err = -ENOSYS;
	}
	edu.irq_seen = 0;
	return err;
}

int edu_factorial(uint32_t n, uint32_t *out)
{
	int err = need_irq();

	if (err)
		return err;
	writel(EDU_STATUS_IRQ_ON_DONE, edu.regs + EDU_STATUS);
	writel(n, edu.regs + EDU_FACTORIAL);
	if (!wait_irq(EDU_IRQ_FACTORIAL)) {
		printf("edu: no factorial completion interrupt within %u ms\n", EDU_TIMEOUT_MS);
		return -ETIMEDOUT;
	}
	*out = readl(edu.regs + EDU_FACTORIAL);
	return 0;
}

/* One transfer between RAM (dma handle) and edu's buffer start. */
static int edu_dma(dma_addr_t ram, size_t len, bool to_ram)
{
	edu.irq_seen = 0;
	writel((uint32_t)(to_ram ? EDU_DMA_BUF : ram), edu.regs + EDU_DMA_SRC);
	writel((uint32_t)(to_ram ? ram : EDU_DMA_BUF), edu.regs + EDU_DMA_DST);
	writel((uint32_t)len, edu.regs + EDU_DMA_COUNT);
	writel(EDU_DMA_START | EDU_DMA_IRQ | (to_ram ? EDU_DMA_TO_RAM : 0), edu.regs + EDU_DMA_CMD);
	if (!wait_irq(EDU_IRQ_DMA)) {
		printf("edu: no DMA completion interrupt within %u ms\n", EDU_TIMEOUT_MS);
		return -ETIMEDOUT;
	}
	return 0;
}

/* Map buf for dir, run one transfer, unmap. */
static int edu_transfer(const struct dma_dev *dd, void *buf, size_t len, bool to_ram)
{
	enum dma_data_direction dir = to_ram ? DMA_FROM_DEVICE : DMA_TO_DEVICE;
	dma_addr_t h;
	int err = dma_map_single(dd, buf, len, dir, &h);

	if (err)
		return err;
	err = edu_dma(h, len, to_ram);
	dma_unmap_single(dd, h, len, dir);
	return err;
}

int edu_dma_roundtrip(unsigned mask_bits, size_t len, uint32_t *crc_out, uint32_t *crc_in)
{
	/* edu's address registers take 32 bits written as one word here. */
	struct dma_dev dd = { "edu", DMA_BIT_MASK(mask_bits > 32 ? 32 : mask_bits), 0 };
	uint8_t *out, *in;
	int err = need_irq();

	if (err)
		return err;
	if (len == 0 || len > EDU_DMA_MAX || mask_bits == 0) {
		printf("edu: length 1..%u and a mask of 1..32 bits\n", EDU_DMA_MAX);
		return -EINVAL;
	}
	out = malloc(len);
	in = malloc(len);
	err = out && in ? 0 : -ENOMEM;
	if (!err) {
		for (size_t i = 0; i < len; i++)
			out[i] = (uint8_t)(i * 7 + 3);
		memset(in, 0, len);
		pci_set_master(pci_host(), edu.pdev);
		err = edu_transfer(&dd, out, len, false);
	}
	if (!err)
		err = edu_transfer(&dd, in, len, true);
	if (!err) {
		*crc_out = crc32_update(0, out, len);
		*crc_in = crc32_update(0, in, len);
		err = *crc_out == *crc_in ? 0 : -EIO;
	}
	free(out);
	free(in);
	return err;
}
