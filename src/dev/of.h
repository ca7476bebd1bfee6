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

/* The header of the blob at phys (identity-mapped by mmu_init()): 0 or
 * fdt_open_header()'s error. of_build() walks and checks the rest. */
int of_init(phys_addr_t phys, size_t maxlen);
/* The opened tree, or NULL. */
const struct fdt *of_tree(void);
/* One record per enabled node a binding matches, in binding order; the
 * nodes of deferred bindings (no driver probes them at boot) only noted. */
int of_build(struct device *out, size_t max, size_t *n);
/* The deferred nodes' records, appended after the *n that of_build() gave
 * (in tree order; *n grows by them). Once: a later call adds nothing.
 * 0, or -ENOSPC (the records that fit are there). */
int of_complete(struct device *out, size_t max, size_t *n);
/* /chosen stdout-path, resolved (n: of_build()'s count, for a quick match
 * among the records' nodes). */
int of_stdout(size_t n, int *node, uint32_t *baud);
/* The RAM regions the walk found in enabled /memory nodes (fdt_memory()'s
 * rules and errors). */
int of_memory(struct fdt_region *r, unsigned max, unsigned *n);
/* The record built from node, or NULL. */
const struct device *of_device_at_node(const struct device *d, size_t n, int node);

#endif
