/*
 * resource - a tree of address ranges, like Linux's kernel/resource.c.
 *
 * Two kinds of root (the caller declares them, there are no globals here):
 * memory (CPU physical addresses, /proc/iomem) and I/O ports (PCI I/O
 * space port numbers, /proc/ioports). Producers insert windows (RAM, a PCI
 * host bridge window, a bridge window, a BAR); consumers claim a busy region
 * inside a window (request_mem_region()), and any overlap with a busy node is
 * refused. Addresses are 64-bit, so LPAE physical addresses fit.
 *
 * Invariants, true after every call that returns (whatever it returns):
 *   - a node lies inside its parent: parent->start <= start <= end <= parent->end;
 *   - the children of a node are sorted by start and never overlap;
 *   - nothing lies inside a busy node (a claim is always a leaf).
 * Ranges are inclusive [start, end], so a range may end at 2^64 - 1.
 * A refused call changes nothing.
 *
 * Storage: nodes are owned by the caller (a struct resource embedded in its
 * own record), or for claims come from a caller-provided pool of static
 * nodes; nothing here allocates memory.
 *
 * Concurrency: none; the caller serialises access to a tree.
 */
#ifndef RESOURCE_H
#define RESOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IORESOURCE_IO		0x00000100u	/* I/O port space */
#define IORESOURCE_MEM		0x00000200u	/* memory space */
#define IORESOURCE_PREFETCH	0x00002000u	/* no side effects on read */
#define IORESOURCE_MEM_64	0x00100000u	/* may live above 4 GiB */
#define IORESOURCE_BUSY		0x80000000u	/* claimed: nothing may overlap it */
#define IORESOURCE_POOL_USED	0x40000000u	/* a pool node in use (set by resource_claim) */

struct resource {
	uint64_t start;			/* first address */
	uint64_t end;			/* last address (inclusive) */
	const char *name;
	uint32_t flags;
	struct resource *parent, *sibling, *child;
};

/* A root spanning [start, end], e.g. RESOURCE_ROOT("PCI mem", 0, UINT64_MAX, IORESOURCE_MEM). */
#define RESOURCE_ROOT(nm, s, e, fl) \
	{ .start = (s), .end = (e), .name = (nm), .flags = (fl) }

/* Caller-provided static nodes for claims (resource_claim). */
struct resource_pool {
	struct resource *slot;
	unsigned int n;
};

static inline uint64_t resource_size(const struct resource *r)
{
	return r->end - r->start + 1;	/* 0 for a node spanning all 2^64 */
}

/*
 * Fill res as [start, start + size - 1] with name and flags, unlinked.
 * Returns 0, or -EINVAL if size is 0 or the range wraps past 2^64 - 1.
 */
int resource_set(struct resource *res, uint64_t start, uint64_t size,
		 const char *name, uint32_t flags);

/*
 * Insert res below parent, at the deepest non-busy node that contains it
 * entirely. Existing nodes at that level that lie entirely inside res become
 * its children (a window adopting what was registered before it).
 * Returns 0, or (nothing changes):
 *   -EINVAL  res is not inside parent, or res is already linked;
 *   -EBUSY   res partially overlaps a node, or would go inside a busy node.
 */
int resource_insert(struct resource *parent, struct resource *res);

/*
 * Claim [start, start + size - 1] as busy, like request_mem_region(): the node
 * comes from pool and goes at the deepest non-busy node containing the range.
 * On success returns 0 and stores the node in *out.
 * Errors (nothing changes):
 *   -EINVAL  size 0, wrapping range, or the range not inside root;
 *   -EBUSY   the range overlaps a busy node, or crosses the edge of a window
 *            (partially overlaps any node);
 *   -ENOMEM  every pool slot is in use.
 */
int resource_claim(struct resource *root, struct resource_pool *pool,
		   uint64_t start, uint64_t size, const char *name,
		   struct resource **out);

/*
 * Unlink res from its tree. Its children, if any, move up to its parent in
 * its place (they still fit there). A node that came from a pool goes back
 * to it. Returns 0, or -EINVAL if res is not linked.
 */
int resource_release(struct resource *res);

/*
 * Find room for size bytes at a multiple of align inside [min, max] and
 * inside root, among root's children (lowest address first), and insert res
 * there as root's child with name and flags.
 * Returns 0 (res->start/end set), or (nothing changes):
 *   -EINVAL  size 0, align not a power of two, res linked (res must be
 *            zeroed or released before it is allocated);
 *   -EBUSY   root is busy;
 *   -ENOSPC  no free gap holds it.
 */
int resource_allocate(struct resource *root, struct resource *res,
		      uint64_t size, uint64_t min, uint64_t max, uint64_t align,
		      const char *name, uint32_t flags);

/*
 * The deepest node below root (root itself when none) that contains all of
 * [start, start + size - 1], descending through busy nodes too; NULL if
 * size is 0, the range wraps, or root does not contain it. What a mapping
 * policy asks: "what is this physical range?" (memremap()).
 */
const struct resource *resource_lookup(const struct resource *root, uint64_t start,
				       uint64_t size);

/* Depth of res below its root (a root has depth 0). */
unsigned int resource_depth(const struct resource *res);

/*
 * Print the tree below root (not root itself) depth first into buf, one line
 * per node like /proc/iomem: two spaces per level below the first, then
 * "start-end : name" in hex (at least 8 digits for memory, 4 for I/O ports).
 * Like snprintf: returns the length the whole text needs (excluding the NUL)
 * and writes at most len bytes including the NUL (nothing when len is 0).
 */
size_t resource_print(const struct resource *root, char *buf, size_t len);

/* v in lower-case hex, at least width digits, NUL-terminated; returns the
 * number of digits. buf must hold 17 bytes. (newlib-nano's printf has no %llx.) */
unsigned int fmt_hex64(char *buf, uint64_t v, unsigned int width);

/* ---- the firmware's two trees (src/dev/iomem.c; not in host tests) ---- */

/* CPU physical addresses (`iomem`) and PCI I/O ports (`ioports`). */
extern struct resource iomem_resource, ioport_resource;

/*
 * Insert RAM as the device tree or board reports it, with the image's
 * regions (text, rodata, data+bss, stacks, tables, heap) inside. Once, at
 * boot, after mmu_add_ram(). 0 or resource_insert()'s error.
 */
int iomem_init(void);

/*
 * request_mem_region() / request_region(): claim a busy range in iomem /
 * ioports for name from a static pool. 0 and *out, or resource_claim()'s
 * errors (-EBUSY: someone claimed an overlapping range; -ENOMEM: pool
 * empty). release_region() gives it back.
 */
int request_mem_region(uint64_t start, uint64_t size, const char *name,
		       struct resource **out);
int request_region(uint64_t start, uint64_t size, const char *name, struct resource **out);
void release_region(struct resource *res);

#endif /* RESOURCE_H */
