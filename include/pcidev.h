/*
 * Drivers for QEMU's PCI test devices, bound by vendor:device through
 * PCI_DRIVER (include/pci_host.h). Each call returns 0 or a negative errno
 * after one line saying why; -ENODEV when the device is absent.
 *
 * edu (1234:11e8, QEMU docs/specs/edu.rst): BAR0 registers; factorial
 * completion and DMA completion raise INTx. edu cannot tell its DMA mask
 * (a QEMU property, 28 bits by default): the caller states it, and every
 * transfer is checked against it (include/dma.h) and against edu's 4 KiB
 * buffer before it starts, since QEMU 7.2 aborts on an out-of-range one.
 *
 * pci-testdev (1b36:0005, QEMU docs/specs/pci-testdev.rst): each BAR (0:
 * memory, 1: I/O) holds a header {test, width, pad[2], offset, data, count,
 * name[]}; the tests are run as kvm-unit-tests runs them, through the same
 * ioread/iowrite code for both spaces.
 *
 * ivshmem-plain (1af4:1110): BAR2, 64-bit prefetchable, is the shared
 * memory itself, reached through memremap(MEMREMAP_WB).
 */
#ifndef PCIDEV_H
#define PCIDEV_H

#include <stddef.h>
#include <stdint.h>

/* edu's buffer is 4 KiB, but QEMU 7.2's range check counts a transfer
 * ending at the buffer's last byte as outside (its end must lie strictly
 * inside), and aborts: one byte less is the most a transfer may move. */
#define EDU_DMA_MAX	4095u

int edu_ident(uint32_t *id);
/* The device returns ~v. */
int edu_liveness(uint32_t v, uint32_t *out);
/* n! computed by the device; completion waited for by interrupt. */
int edu_factorial(uint32_t n, uint32_t *out);
/*
 * len bytes (1..EDU_DMA_MAX) of a pattern to edu's buffer and back through
 * dma_map_single(), with a device whose mask is mask_bits wide (1..32):
 * 0 and the CRC-32 of what came back in *crc (equal to the pattern's),
 * -ERANGE (the mask does not reach the buffer), -EIO (data differ),
 * -ETIMEDOUT (no completion interrupt).
 */
int edu_dma_roundtrip(unsigned mask_bits, size_t len, uint32_t *crc_out, uint32_t *crc_in);

/* Run every test on each BAR; *passed and *total over both. */
int pcitest_run(unsigned *passed, unsigned *total);

/* The shared memory: a plain pointer and its size. */
int ivshmem_memory(void **mem, size_t *size);

#endif
