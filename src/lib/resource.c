/*
 * resource - a tree of address ranges. See include/resource.h for the
 * contract and the invariants.
 *
 * Ranges are inclusive, so no end address past 2^64 - 1 is ever formed:
 * every "+ 1" or "+ size - 1" below is guarded against wrapping. Each
 * operation checks everything before it links anything, so a refused call
 * changes nothing.
 */
#include <errno.h>
#include <resource.h>
#include "compiler.h"

static bool contains(const struct resource *outer, uint64_t start, uint64_t end)
{
	return outer->start <= start && end <= outer->end;
}

static bool overlaps(const struct resource *r, uint64_t start, uint64_t end)
{
	return r->start <= end && start <= r->end;
}

static bool is_busy(const struct resource *r)
{
	return (r->flags & IORESOURCE_BUSY) != 0;
}

static bool is_linked(const struct resource *r)
{
	return r->parent || r->sibling || r->child;
}

/* [start, start + size - 1] as *end; false if size is 0 or it wraps. */
static bool range_end(uint64_t start, uint64_t size, uint64_t *end)
{
	if (size == 0 || start > UINT64_MAX - (size - 1))
		return false;
	*end = start + (size - 1);
	return true;
}

int resource_set(struct resource *res, uint64_t start, uint64_t size,
		 const char *name, uint32_t flags)
{
	uint64_t end;

	if (!range_end(start, size, &end))
		return -EINVAL;
	/* Field by field: a compound literal is a memset of the whole node
	 * first (a call, at -Os), for every region boot inserts. */
	res->start = start, res->end = end, res->name = name, res->flags = flags;
	res->parent = res->sibling = res->child = NULL;
	return 0;
}

/* The link that points at the first child of p starting after start. */
static struct resource **child_link_after(struct resource *p, uint64_t start)
{
	struct resource **link = &p->child;

	while (*link && (*link)->start < start)
		link = &(*link)->sibling;
	return link;
}

/*
 * The node below parent where [start, end] goes: the deepest one containing
 * it, descending only through non-busy nodes. Returns 0 and the node in
 * *level, or -EBUSY if the range would go inside a busy node or partially
 * overlaps one at its level. A child with exactly the same range as
 * [start, end] is not descended into when adopt_same is true (insert puts
 * the new node above it).
 */
static int find_level(struct resource *parent, uint64_t start, uint64_t end,
		      bool adopt_same, struct resource **level)
{
	struct resource *p = parent, *c;

descend:
	if (is_busy(p))
		return -EBUSY;
	for (c = p->child; c && c->start <= end; c = c->sibling) {
		if (!overlaps(c, start, end))
			continue;
		if (adopt_same && c->start == start && c->end == end)
			break;
		if (contains(c, start, end)) {
			p = c;
			goto descend;
		}
		if (!(start <= c->start && c->end <= end))
			return -EBUSY;	/* crosses c's edge */
	}
	*level = p;
	return 0;
}

int resource_insert(struct resource *parent, struct resource *res)
{
	struct resource *level, **first, **last, *c;
	int rc;

	if (is_linked(res) || res->start > res->end ||
	    !contains(parent, res->start, res->end))
		return -EINVAL;
	rc = find_level(parent, res->start, res->end, true, &level);
	if (rc)
		return rc;

	/* Children of level inside res form one run [*first, *last): adopt it. */
	first = child_link_after(level, res->start);
	last = first;
	for (c = *first; c && c->end <= res->end; c = c->sibling) {
		c->parent = res;
		last = &c->sibling;
	}
	if (last != first) {
		res->child = *first;
		*first = *last;
		*last = NULL;
	}
	res->sibling = *first;
	*first = res;
	res->parent = level;
	return 0;
}

static void link_leaf(struct resource *level, struct resource *res)
{
	struct resource **link = child_link_after(level, res->start);

	res->sibling = *link;
	*link = res;
	res->parent = level;
	res->child = NULL;
}

static struct resource *pool_get(struct resource_pool *pool)
{
	unsigned int i;

	for (i = 0; i < pool->n; i++)
		if (!(pool->slot[i].flags & IORESOURCE_POOL_USED))
			return &pool->slot[i];
	return NULL;
}

int resource_claim(struct resource *root, struct resource_pool *pool,
		   uint64_t start, uint64_t size, const char *name,
		   struct resource **out)
{
	struct resource *level, *res;
	uint64_t end;
	int rc;

	if (!range_end(start, size, &end) || !contains(root, start, end))
		return -EINVAL;
	rc = find_level(root, start, end, false, &level);
	if (rc)
		return rc;
	/* A claim goes below everything it overlaps, never above it. */
	for (res = level->child; res; res = res->sibling)
		if (overlaps(res, start, end))
			return -EBUSY;
	res = pool_get(pool);
	if (!res)
		return -ENOMEM;
	*res = (struct resource){ .start = start, .end = end, .name = name,
				  .flags = (level->flags & (IORESOURCE_IO | IORESOURCE_MEM)) |
					   IORESOURCE_BUSY | IORESOURCE_POOL_USED };
	link_leaf(level, res);
	*out = res;
	return 0;
}

const struct resource *resource_lookup(const struct resource *root, uint64_t start,
				       uint64_t size)
{
	const struct resource *p = root, *c;
	uint64_t end;

	if (!range_end(start, size, &end) || !contains(root, start, end))
		return NULL;
	for (c = p->child; c && c->start <= end; )
		if (contains(c, start, end))
			p = c, c = c->child;
		else
			c = c->sibling;
	return p;
}

int resource_release(struct resource *res)
{
	struct resource **link, *c, *tail = res->child;

	if (!res->parent)
		return -EINVAL;
	for (link = &res->parent->child; *link != res; link = &(*link)->sibling)
		;
	if (res->child) {
		/* The children take res's place, in order, below res's parent. */
		for (c = res->child; c; c = c->sibling) {
			c->parent = res->parent;
			tail = c;
		}
		tail->sibling = res->sibling;
		*link = res->child;
	} else {
		*link = res->sibling;
	}
	res->parent = res->sibling = res->child = NULL;
	if (res->flags & IORESOURCE_POOL_USED)
		res->flags = 0;
	return 0;
}

/* Lowest multiple of align in [lo, hi] with size bytes left up to hi. */
static bool fit_in_gap(uint64_t lo, uint64_t hi, uint64_t size, uint64_t align,
		       uint64_t *start)
{
	uint64_t s;

	if (lo > hi || lo > UINT64_MAX - (align - 1))
		return false;
	s = (lo + (align - 1)) & ~(align - 1);
	if (s > hi || hi - s < size - 1)
		return false;
	*start = s;
	return true;
}

int resource_allocate(struct resource *root, struct resource *res,
		      uint64_t size, uint64_t min, uint64_t max, uint64_t align,
		      const char *name, uint32_t flags)
{
	uint64_t lo = min > root->start ? min : root->start;
	uint64_t hi = max < root->end ? max : root->end;
	uint64_t gap_lo = root->start, start;
	struct resource *c;

	if (size == 0 || align == 0 || (align & (align - 1)) || is_linked(res))
		return -EINVAL;
	if (is_busy(root))
		return -EBUSY;
	for (c = root->child;; c = c->sibling) {
		/* The gap below c (or above the last child). */
		bool gap = !c || c->start > gap_lo;
		uint64_t gap_hi = c ? c->start - 1 : root->end;

		if (gap && fit_in_gap(gap_lo > lo ? gap_lo : lo,
				      gap_hi < hi ? gap_hi : hi, size, align, &start)) {
			*res = (struct resource){ .start = start, .end = start + (size - 1),
						  .name = name, .flags = flags };
			link_leaf(root, res);
			return 0;
		}
		if (!c || c->end == UINT64_MAX)
			return -ENOSPC;
		gap_lo = c->end + 1;
	}
}

unsigned int resource_depth(const struct resource *res)
{
	unsigned int d = 0;

	while (res->parent) {
		res = res->parent;
		d++;
	}
	return d;
}

unsigned int fmt_hex64(char *buf, uint64_t v, unsigned int width)
{
	unsigned int n = 1, i;
	uint64_t t;

	for (t = v; t >= 16; t >>= 4)
		n++;
	if (n < width)
		n = width > 16 ? 16 : width;
	for (i = n; i-- > 0; v >>= 4)
		buf[i] = "0123456789abcdef"[v & 0xf];
	buf[n] = '\0';
	return n;
}

const char *phys_str(phys_addr_t pa, char buf[PHYS_STR_LEN])
{
	buf[0] = '0';
	buf[1] = 'x';
	fmt_hex64(buf + 2, pa, 8);
	return buf;
}

/* snprintf-style appending: pos counts every byte, buf gets what fits. */
struct outbuf {
	char *buf;
	size_t len, pos;
};

static void out_str(struct outbuf *o, const char *s)
{
	for (; *s; s++, o->pos++)
		if (o->pos + 1 < o->len)
			o->buf[o->pos] = *s;
}

static void print_node(struct outbuf *o, const struct resource *r,
		       unsigned int depth, unsigned int width)
{
	char hex[17];
	unsigned int i;

	for (i = 1; i < depth; i++)
		out_str(o, "  ");
	fmt_hex64(hex, r->start, width);
	out_str(o, hex);
	out_str(o, "-");
	fmt_hex64(hex, r->end, width);
	out_str(o, hex);
	out_str(o, " : ");
	out_str(o, r->name ? r->name : "<unnamed>");
	out_str(o, "\n");
}

size_t resource_print(const struct resource *root, char *buf, size_t len)
{
	struct outbuf o = { .buf = buf, .len = len, .pos = 0 };
	unsigned int width = root->end <= 0xffff ? 4 : 8, depth = 1;
	const struct resource *r = root->child;

	while (r) {
		print_node(&o, r, depth, width);
		if (r->child) {
			r = r->child;
			depth++;
			continue;
		}
		while (r != root && !r->sibling) {
			r = r->parent;
			depth--;
		}
		r = r == root ? NULL : r->sibling;
	}
	if (len)
		buf[o.pos < len ? o.pos : len - 1] = '\0';
	return o.pos;
}
