/*
 * Inside the discovery layer: the tree QEMU passed, and the bindings that
 * turn its nodes into device records (src/dev/of.c).
 */
#ifndef DEV_OF_H
#define DEV_OF_H

#include <stddef.h>
#include <stdint.h>
#include "compiler.h"
#include "device.h"
#include "fdt.h"

/* 32 virtio-mmio slots on virt plus the devices with a binding. */
#define OF_MAX_DEVICES	48

/* Open the blob at phys (identity-mapped by mmu_init()): 0 or fdt_open()'s error. */
int of_init(phys_addr_t phys, size_t maxlen);
/* The opened tree, or NULL. */
const struct fdt *of_tree(void);
/* One record per enabled node a binding matches, in binding order. */
int of_build(struct device *out, size_t max, size_t *n);
/* /chosen stdout-path. */
int of_stdout(int *node, uint32_t *baud);
/* The record built from node, or NULL. */
const struct device *of_device_at_node(const struct device *d, size_t n, int node);

#endif
