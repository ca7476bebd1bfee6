/*
 * Device tree -> device records. Each binding names the compatibles it
 * takes (lists tried in order, as the tree's own compatible lists are) and
 * the record name drivers look it up by; disabled nodes (DTSpec 2.3.4) are
 * skipped. The tree is the one QEMU leaves at the base of RAM on virt.
 */
#include <stdio.h>
#include <string.h>
#include "board.h"
#include "bytestr.h"
#include "of.h"
#include "ram.h"

struct of_binding {
	const char *name;		/* record name; numbered: name0, name1, ... */
	bool numbered;			/* every match, or only the first */
	bool clock;			/* the driver needs its input clock */
	bool deferred;			/* no driver probes it at boot: its nodes are
					 * noted and their records built when first
					 * asked for (of_complete()) */
};

/* The interrupt controller first: discovery probes by class in this order.
 * Deferred bindings last: their records follow every other one. */
enum { B_GIC, B_TIMER, B_PSCI, B_UART, B_RTC, B_GPIO, B_PCIE, B_VIRTIO };
static const struct of_binding bindings[] = {
	[B_GIC]    = { "gic",    false, false, false },
	[B_TIMER]  = { "timer",  false, false, false },
	[B_PSCI]   = { "psci",   false, false, false },
	[B_UART]   = { "uart",   true,  true,  false },	/* UARTCLK sets the baud divisor */
	[B_RTC]    = { "rtc",    false, false, false },
	[B_GPIO]   = { "gpio",   false, false, false },
	[B_PCIE]   = { "pcie",   false, false, false },
	[B_VIRTIO] = { "virtio", true,  false, true },	/* no virtio driver */
};

/*
 * Every binding's compatibles in one table, each binding's most specific
 * first; a string two bindings share would stay the earlier one's. With
 * its length and last byte as one key, known at build time: most strings
 * a tree holds differ from an entry there.
 */
struct of_compat {
	const char *s;
	uint32_t key;
	unsigned char binding;
};
#define COMPAT_KEY(len, last)	((uint32_t)(len) << 8 | (unsigned char)(last))
#define COMPAT(b, str)		{ (str), COMPAT_KEY(sizeof(str) - 1, (str)[sizeof(str) - 2]), (b) }

static const struct of_compat compats[] = {
	COMPAT(B_GIC, "arm,gic-v3"), COMPAT(B_GIC, "arm,cortex-a15-gic"),
	COMPAT(B_GIC, "arm,gic-400"),
	COMPAT(B_TIMER, "arm,armv8-timer"), COMPAT(B_TIMER, "arm,armv7-timer"),
	COMPAT(B_PSCI, "arm,psci-1.0"), COMPAT(B_PSCI, "arm,psci-0.2"), COMPAT(B_PSCI, "arm,psci"),
	COMPAT(B_UART, "arm,pl011"), COMPAT(B_RTC, "arm,pl031"), COMPAT(B_GPIO, "arm,pl061"),
	COMPAT(B_PCIE, "pci-host-ecam-generic"), COMPAT(B_VIRTIO, "virtio,mmio"),
};

static struct fdt tree;

static bool tree_ok;

int of_init(phys_addr_t phys, size_t maxlen)
{
	/* The header now; of_build()'s walk checks the rest as it goes. */
	int err = fdt_open_header(&tree, (const void *)(uintptr_t)phys, maxlen);

	tree_ok = err == 0;
	return err;
}

const struct fdt *of_tree(void)
{
	return tree_ok ? &tree : NULL;
}

/* "uart" + 1 -> "uart1" (no snprintf needed for two digits). */
static void record_name(char *out, const char *name, bool numbered, unsigned n)
{
	size_t i = 0;

	for (; name[i] && i < DEV_NAME_MAX - 3; i++)
		out[i] = name[i];
	if (numbered) {
		if (n >= 10)
			out[i++] = (char)('0' + n / 10 % 10);
		out[i++] = (char)('0' + n % 10);
	}
	out[i] = '\0';
}

/* What one node says, gathered from its properties as the walk meets them. */
struct node_info {
	int node, depth;		/* cursor depth: the root is 1 */
	const char *name;
	struct fdt_prop compat, reg, irqs, stdout_path;
	bool has_compat, has_reg, has_stdout, enabled, is_memory;
	uint32_t clock_ph, phandle, icells, clock_hz;
	uint32_t ac, sc;		/* its #address-cells/#size-cells (for children) */
	uint32_t pac, psc;		/* its parent's: how its own reg is written */
	uint32_t ip;			/* interrupt-parent, inherited (DTSpec 2.4.1) */
};

/* A node a deferred binding matched: what its record needs that the node
 * alone does not say (what it inherits), until of_complete(). */
struct of_deferred {
	int node, depth;
	const char *name;
	uint32_t pac, psc, ip;
};

/* The one walk's state: what children inherit, per depth; what was seen. */
struct of_walk {
	uint32_t ac[FDT_MAX_DEPTH + 1], sc[FDT_MAX_DEPTH + 1], ip[FDT_MAX_DEPTH + 1];
	unsigned found[ARRAY_SIZE(bindings)];
	/* Interrupt controllers seen: phandle and #interrupt-cells. */
	uint32_t ic_phandle[4], ic_cells[4];
	unsigned nic;
	/* Clocks seen (fixed-clock: phandle and clock-frequency). */
	uint32_t clk_phandle[4], clk_hz[4];
	unsigned nclk;
	/* Per record: its interrupts, the clock it names and the compatible it
	 * matched, until the walk is over and every controller is known. */
	struct fdt_prop irqs[OF_MAX_DEVICES];
	uint32_t clock_ph[OF_MAX_DEVICES];
	const char *compat[OF_MAX_DEVICES];
	struct device *out;
	size_t max, n;
	int err;
	bool pending;			/* ni's properties are still arriving */
	bool completing;		/* of_complete(): deferred bindings build too */
	struct node_info ni;
	/* The compatible list matched last, and what match() said of it. */
	struct fdt_prop last_compat;
	const struct of_binding *last_binding;
	const char *last_which;
	/* Nodes of deferred bindings, in tree order. */
	struct of_deferred def[OF_MAX_DEVICES];
	unsigned ndef;
};

/* The last walk's state: of_complete() goes on from it. */
static struct of_walk walk;

static struct fdt_region mem[RAM_MAX_REGIONS];
static unsigned nmem;
static int mem_err = -ENOENT;
static struct fdt_prop stdout_path;
/* Per record, in walk order: its node, the node's depth and name, its binding. */
static int rec_node[OF_MAX_DEVICES], rec_depth[OF_MAX_DEVICES];
static const char *rec_name[OF_MAX_DEVICES];
static unsigned char rec_binding[OF_MAX_DEVICES];
static bool has_stdout;

static uint32_t u32_value(const struct fdt_prop *p, uint32_t dflt)
{
	uint32_t v;

	return fdt_cell(p, 0, &v) == 0 ? v : dflt;
}

/* DTSpec 2.3.5: cells of 1 or 2 are decoded; 0 marks "cannot decode reg". */
static uint32_t cells_value(const struct fdt_prop *p)
{
	uint32_t v = u32_value(p, 0);

	return (p->len == 4 && (v == 1 || v == 2)) ? v : 0;
}

/* The properties discovery reads. */
enum prop_kind {
	PK_UNKNOWN, PK_OTHER, PK_COMPATIBLE, PK_REG, PK_INTERRUPTS, PK_IPARENT, PK_STATUS,
	PK_STDOUT, PK_LINUX_STDOUT, PK_CLOCKS, PK_CLOCK_FREQ, PK_PHANDLE, PK_DEVICE_TYPE,
	PK_ICELLS, PK_ACELLS, PK_SCELLS,
};

static const char *const prop_names[] = {
	[PK_COMPATIBLE] = "compatible", [PK_REG] = "reg", [PK_INTERRUPTS] = "interrupts",
	[PK_IPARENT] = "interrupt-parent", [PK_STATUS] = "status",
	[PK_STDOUT] = "stdout-path", [PK_LINUX_STDOUT] = "linux,stdout-path",
	[PK_CLOCKS] = "clocks", [PK_CLOCK_FREQ] = "clock-frequency", [PK_PHANDLE] = "phandle",
	[PK_DEVICE_TYPE] = "device_type", [PK_ICELLS] = "#interrupt-cells",
	[PK_ACELLS] = "#address-cells", [PK_SCELLS] = "#size-cells",
};

/*
 * Property names live in the strings block, which dtc shares between every
 * property of one name (DTSpec 5.5 allows it, and every property of the
 * tree is met once at boot): so the kind is worked out once per name offset
 * and remembered. A blob with a strings block past the cache still works,
 * comparing names each time.
 */
#define KIND_CACHE	2048
static uint8_t kind_cache[KIND_CACHE];
static bool kind_cache_used;

/* Per first byte (ASCII), the kinds whose name starts with it: a name is
 * compared with those alone (at most three), most names with none, and
 * only past a second byte that matches too ("#address-cells" and
 * "#size-cells" part there). Built on first use. */
static uint16_t kinds_by_first[128];
_Static_assert(ARRAY_SIZE(prop_names) <= 16, "a kind is a bit of a uint16_t");
static bool kinds_by_first_built;

static void kinds_by_first_build(void)
{
	for (size_t k = PK_COMPATIBLE; k < ARRAY_SIZE(prop_names); k++)
		kinds_by_first[(unsigned char)prop_names[k][0] & 127] |= (uint16_t)(1u << k);
	kinds_by_first_built = true;
}

static enum prop_kind name_kind(const char *name)
{
	unsigned char c = (unsigned char)name[0];
	unsigned m = c < 128 ? kinds_by_first[c] : 0;

	for (; m; m &= m - 1) {
		unsigned k = (unsigned)__builtin_ctz(m);

		if (name[1] == prop_names[k][1] && str_same(name, prop_names[k]))
			return (enum prop_kind)k;
	}
	return PK_OTHER;
}

static inline __attribute__((always_inline)) enum prop_kind
prop_kind(const struct fdt_view *v, const struct fdt_prop *p)
{
	uint32_t off = (uint32_t)((const uint8_t *)p->name - (v->blob + v->strings));

	if (off >= KIND_CACHE)
		return name_kind(p->name);
	if (kind_cache[off] == PK_UNKNOWN)
		kind_cache[off] = (uint8_t)name_kind(p->name);
	return (enum prop_kind)kind_cache[off];
}

/* The cache holds one walk's names: it starts empty (.bss, PK_UNKNOWN 0),
 * and a later walk clears it, whatever blob it reads (another tree may be
 * loaded at the same address). */
static void kind_cache_reset(void)
{
	if (kind_cache_used)
		memset(kind_cache, PK_UNKNOWN, sizeof(kind_cache));
	kind_cache_used = true;
}

/* Inline (as prop_kind()): every property of the tree passes here. */
static inline __attribute__((always_inline)) void
take_prop(struct node_info *ni, const struct fdt_view *v, const struct fdt_prop *p)
{
	switch (prop_kind(v, p)) {
	case PK_COMPATIBLE:
		ni->compat = *p, ni->has_compat = true;
		break;
	case PK_REG:
		ni->reg = *p, ni->has_reg = true;
		break;
	case PK_INTERRUPTS:
		ni->irqs = *p;
		break;
	case PK_IPARENT:
		ni->ip = u32_value(p, 0);
		break;
	case PK_STATUS:
		ni->enabled = fdt_stringlist_contains(p->val, p->len, "okay") ||
			      fdt_stringlist_contains(p->val, p->len, "ok");
		break;
	case PK_LINUX_STDOUT:
		if (ni->has_stdout)
			break;	/* stdout-path wins */
		/* fall through */
	case PK_STDOUT:
		ni->stdout_path = *p, ni->has_stdout = true;
		break;
	case PK_CLOCKS:
		ni->clock_ph = u32_value(p, 0);
		break;
	case PK_CLOCK_FREQ:
		ni->clock_hz = u32_value(p, 0);
		break;
	case PK_PHANDLE:
		ni->phandle = u32_value(p, 0);
		break;
	case PK_DEVICE_TYPE:
		ni->is_memory |= fdt_is_memory_type(p);
		break;
	case PK_ICELLS:
		ni->icells = u32_value(p, 0);
		break;
	case PK_ACELLS:
		ni->ac = cells_value(p);
		break;
	case PK_SCELLS:
		ni->sc = cells_value(p);
		break;
	default:
		break;
	}
}

/* DTSpec 2.3 "clocks" -> the fixed-clock's clock-frequency; else what the
 * board data says for the same compatible (0 if nothing does). */
static uint32_t node_clock(const struct of_walk *w, uint32_t ph, const char *compat)
{
	for (unsigned i = 0; ph && i < w->nclk; i++)
		if (w->clk_phandle[i] == ph)
			return w->clk_hz[i];
	for (size_t i = 0; i < board.ndevices; i++)
		if (device_is_compatible(&board.devices[i], compat))
			return board.devices[i].clock_hz;
	return 0;
}

/* s (len bytes, not empty) is one of the bindings' compatibles: which
 * binding, and which entry (the first that has it). The key is compared
 * first: the rest share a prefix ("arm,") a byte compare would walk. */
static const struct of_binding *binding_of(const char *s, size_t len, const char **which)
{
	uint32_t key = COMPAT_KEY(len, s[len - 1]);

	for (const struct of_compat *c = compats; c < compats + ARRAY_SIZE(compats); c++) {
		size_t i = 0;

		if (c->key != key)
			continue;
		while (i < len && s[i] == c->s[i])
			i++;
		if (i == len) {
			*which = c->s;
			return &bindings[c->binding];
		}
	}
	return NULL;
}

/* The binding that takes this compatible list, and which of its entries:
 * the node's own order decides (its most specific entry first). */
static const struct of_binding *match(const struct fdt_prop *compat, const char **which)
{
	const char *s = (const char *)compat->val, *end = s + compat->len;
	const struct of_binding *b;
	size_t len;

	/* Only a NUL-terminated list is read; each string once, in order. */
	if (compat->len == 0 || end[-1] != '\0')
		return NULL;
	for (; s < end; s += len + 1) {
		for (len = 0; s[len]; len++)
			;
		b = len ? binding_of(s, len, which) : NULL;
		if (b)
			return b;
	}
	return NULL;
}

typedef uint32_t __attribute__((may_alias)) of_word;

/* Two property values with the same bytes: a word at a time when both are
 * 4-byte aligned (values in an aligned blob are, DTSpec 5.4.1), else byte
 * by byte. */
static bool same_value(const struct fdt_prop *a, const struct fdt_prop *b)
{
	uint32_t i = 0;

	if (a->len != b->len || !b->val)
		return false;
	if ((((uintptr_t)a->val | (uintptr_t)b->val) & 3u) == 0)
		for (; a->len - i >= 4; i += 4)
			if (*(const of_word *)(const void *)(a->val + i) !=
			    *(const of_word *)(const void *)(b->val + i))
				return false;
	for (; i < a->len; i++)
		if (a->val[i] != b->val[i])
			return false;
	return true;
}

/* match(), remembered for the last list matched: a bus often repeats one
 * device (QEMU's virt has 32 "virtio,mmio" nodes in a row), and comparing
 * the list with the last one costs a few words, not a lookup per string. */
static const struct of_binding *match_node(struct of_walk *w, const struct fdt_prop *compat,
					   const char **which)
{
	if (!same_value(compat, &w->last_compat)) {
		w->last_compat = *compat;
		w->last_binding = match(compat, &w->last_which);
	}
	*which = w->last_which;
	return w->last_binding;
}

/* A record for this node if a binding takes it (the first only, unless the
 * binding is numbered). */
static void consider(struct of_walk *w, const struct node_info *ni)
{
	const char *compat;
	const struct of_binding *b = ni->has_compat ? match_node(w, &ni->compat, &compat) : NULL;
	struct device *d;
	uint32_t entry;
	size_t bi;

	if (!b || !ni->enabled)
		return;
	bi = (size_t)(b - bindings);
	if (!b->numbered && w->found[bi])
		return;
	if (b->deferred && !w->completing) {
		if (w->ndef < ARRAY_SIZE(w->def))
			w->def[w->ndef++] = (struct of_deferred){ ni->node, ni->depth, ni->name,
								  ni->pac, ni->psc, ni->ip };
		else
			w->err = -ENOSPC;
		return;
	}
	if (w->n >= w->max) {
		w->err = -ENOSPC;
		return;
	}
	d = &w->out[w->n];
	record_name(d->name, b->name, b->numbered, w->found[bi]++);
	d->node = ni->node;
	d->source = DEV_FROM_TREE;
	d->bus_ac = (uint8_t)ni->pac;
	d->bus_sc = (uint8_t)ni->psc;
	d->compatible = (const char *)ni->compat.val;
	d->compat_len = ni->compat.len;
	/* Entries while the value holds another whole one (a multiply, where
	 * asking for one past the last would cost a call); fdt_reg_decode()
	 * still refuses a value that is not whole entries or bad cells. */
	entry = (ni->pac + ni->psc) * 4;
	for (d->nreg = 0; ni->has_reg && d->nreg < DEV_MAX_REG &&
	     (d->nreg + 1) * entry <= ni->reg.len; d->nreg++)
		if (fdt_reg_decode(&ni->reg, ni->pac, ni->psc, d->nreg,
				   &d->reg[d->nreg].addr, &d->reg[d->nreg].size))
			break;
	d->nirq = 0;
	d->irq[0] = (int)ni->ip;	/* resolved by finish() once the walk is over */
	w->irqs[w->n] = ni->irqs;
	w->clock_ph[w->n] = ni->clock_ph;
	w->compat[w->n] = compat;
	rec_node[w->n] = ni->node;
	rec_depth[w->n] = ni->depth;
	rec_name[w->n] = ni->name;
	rec_binding[w->n] = (unsigned char)bi;
	w->n++;
}

/* A node's properties are complete: act on it. */
static void node_done(struct of_walk *w)
{
	const struct node_info *ni = &w->ni;
	int d = ni->depth;

	w->pending = false;
	w->ac[d] = ni->ac, w->sc[d] = ni->sc, w->ip[d] = ni->ip;
	if (ni->icells && ni->phandle && w->nic < ARRAY_SIZE(w->ic_phandle)) {
		w->ic_phandle[w->nic] = ni->phandle;
		w->ic_cells[w->nic++] = ni->icells;
	}
	if (ni->clock_hz && ni->phandle && w->nclk < ARRAY_SIZE(w->clk_phandle)) {
		w->clk_phandle[w->nclk] = ni->phandle;
		w->clk_hz[w->nclk++] = ni->clock_hz;
	}
	if (d == 2 && (ni->is_memory || fdt_is_memory_name(ni->name)) && ni->enabled &&
	    ni->has_reg && mem_err != -EINVAL)
		mem_err = fdt_memory_add(&ni->reg, w->ac[1], w->sc[1], mem, RAM_MAX_REGIONS, &nmem);
	if (d == 2 && ni->has_stdout && str_same(ni->name, "chosen"))
		stdout_path = ni->stdout_path, has_stdout = true;
	if (d >= 2)
		consider(w, ni);
}

/* Field by field: a compound literal would memset the whole struct for
 * every node of the tree. Values are read only when has_* says. */
static void node_info_init(struct node_info *ni, int node, int depth, const char *name,
			   uint32_t pac, uint32_t psc, uint32_t ip)
{
	ni->node = node, ni->depth = depth, ni->name = name;
	ni->has_compat = ni->has_reg = ni->has_stdout = ni->is_memory = false;
	ni->enabled = true;
	ni->irqs.len = 0;
	ni->clock_ph = ni->phandle = ni->icells = ni->clock_hz = 0;
	ni->ac = 2, ni->sc = 1;	/* DTSpec 2.3.5 defaults */
	ni->pac = pac, ni->psc = psc, ni->ip = ip;
}

static void node_begin(struct of_walk *w, int node, int depth, const char *name)
{
	if (w->pending)
		node_done(w);	/* its first child: the parent's properties are over */
	node_info_init(&w->ni, node, depth, name, w->ac[depth - 1], w->sc[depth - 1],
		       w->ip[depth - 1]);
	w->pending = true;
}

/* Once every controller and clock is known: each record's interrupts,
 * through its interrupt parent (a 3-cell GIC), and its input clock. */
static void finish(const struct of_walk *w, size_t first)
{
	for (size_t i = first; i < w->n; i++) {
		struct device *d = &w->out[i];
		uint32_t ip = (uint32_t)d->irq[0];
		unsigned intid;
		uint32_t flags;
		unsigned c;

		d->clock_hz = bindings[rec_binding[i]].clock ?
			      node_clock(w, w->clock_ph[i], w->compat[i]) : 0;
		d->irq[0] = -1;
		for (c = 0; c < w->nic && w->ic_phandle[c] != ip; c++)
			;
		if (c == w->nic || w->ic_cells[c] != 3)
			continue;
		/* While another whole 3-cell entry is left (as for reg). */
		while (d->nirq < DEV_MAX_IRQ && (d->nirq + 1) * 3u * 4u <= w->irqs[i].len &&
		       fdt_gic_irq_decode(&w->irqs[i], d->nirq, &intid, &flags) == 0)
			d->irq[d->nirq++] = (int)intid;
	}
}

/* Binding order, the tree's order within one binding (a counting sort):
 * the interrupt controller first, as discovery probes by class in that
 * order. */
static void place_by_binding(const struct of_walk *w, struct device *out)
{
	size_t at[ARRAY_SIZE(bindings)], pos = 0;

	for (size_t b = 0; b < ARRAY_SIZE(bindings); b++) {
		at[b] = pos;
		pos += w->found[b];
	}
	for (size_t i = 0; i < w->n; i++)
		out[at[rec_binding[i]]++] = w->out[i];
}

/*
 * One pass over the whole structure block (the cursor checks what
 * fdt_open() checks, so a malformed blob fails here wherever the damage
 * is and nothing it produced is kept).
 */
int of_build(struct device *out, size_t max, size_t *n)
{
	static struct device walked[OF_MAX_DEVICES] __noinit;	/* written before read */
	struct fdt_cursor c;
	struct fdt_view v;
	struct fdt_prop p;
	int node, ev;

	walk.out = walked, walk.max = max < OF_MAX_DEVICES ? max : OF_MAX_DEVICES;
	walk.n = 0, walk.err = 0;
	walk.nic = walk.nclk = walk.ndef = 0, walk.pending = walk.completing = false;
	walk.last_compat.val = NULL;
	walk.ac[0] = 2, walk.sc[0] = 1, walk.ip[0] = 0;
	for (size_t i = 0; i < ARRAY_SIZE(walk.found); i++)
		walk.found[i] = 0;
	nmem = 0, mem_err = -ENOENT, has_stdout = false;
	kind_cache_reset();
	if (!kinds_by_first_built)
		kinds_by_first_build();
	fdt_cursor_init(&tree, &c);
	v = fdt_view_of(&tree);
	while ((ev = fdt_cursor_step(v, &tree, &c, &node, &p)) >= 0 && ev != FDT_EV_DONE) {
		if (ev == FDT_EV_BEGIN)
			node_begin(&walk, node, c.depth, p.name);
		else if (ev == FDT_EV_PROP)
			take_prop(&walk.ni, &v, &p);
		else if (walk.pending)
			node_done(&walk);
	}
	*n = 0;
	if (ev < 0) {
		tree_ok = false;
		return ev;
	}
	finish(&walk, 0);
	place_by_binding(&walk, out);
	*n = walk.n;
	return walk.err;
}

int of_complete(struct device *out, size_t max, size_t *n)
{
	const struct fdt_view v = fdt_view_of(&tree);
	size_t first = *n;
	struct fdt_prop p;

	if (!tree_ok || !walk.ndef)
		return 0;
	walk.out = out, walk.max = max < OF_MAX_DEVICES ? max : OF_MAX_DEVICES;
	walk.n = first, walk.err = 0, walk.completing = true;
	for (unsigned i = 0; i < walk.ndef; i++) {
		const struct of_deferred *d = &walk.def[i];

		node_info_init(&walk.ni, d->node, d->depth, d->name, d->pac, d->psc, d->ip);
		for (int err = fdt_first_prop(&tree, d->node, &p); !err;
		     err = fdt_next_prop(&tree, &p))
			take_prop(&walk.ni, &v, &p);
		consider(&walk, &walk.ni);
	}
	walk.ndef = 0, walk.completing = false;
	finish(&walk, first);
	*n = walk.n;
	return walk.err;
}

int of_memory(struct fdt_region *r, unsigned max, unsigned *n)
{
	unsigned i;

	if (!tree_ok)
		return -ENOENT;
	for (i = 0; mem_err == 0 && i < nmem && i < max && i < RAM_MAX_REGIONS; i++)
		r[i] = mem[i];
	*n = i;
	if (mem_err == 0 && nmem > i)
		return -ENOSPC;	/* the first *n are there */
	return mem_err;
}

/* "/name[:options]" naming a root child that has a record: found without a
 * path walk. -ENOENT sends the caller to the general resolver. */
static int stdout_record_node(size_t n, int *node, uint32_t *baud)
{
	const char *s = fdt_stringlist_get(stdout_path.val, stdout_path.len, 0);
	size_t len = 1;

	if (!s || s[0] != '/')
		return -ENOENT;
	while (s[len] && s[len] != ':' && s[len] != '/')
		len++;
	if (s[len] == '/')
		return -ENOENT;
	for (size_t i = 0; i < n; i++) {
		const char *name = rec_name[i];
		size_t k;

		for (k = 0; k < len - 1 && name[k] == s[1 + k]; k++)
			;
		if (k == len - 1 && name[k] == '\0' && rec_depth[i] == 2) {
			*node = rec_node[i];
			*baud = fdt_stdout_baud(&stdout_path);
			return 0;
		}
	}
	return -ENOENT;
}

int of_stdout(size_t n, int *node, uint32_t *baud)
{
	if (!tree_ok || !has_stdout)
		return -ENOENT;
	if (stdout_record_node(n, node, baud) == 0)
		return 0;
	return fdt_stdout_parse(&tree, &stdout_path, node, baud);
}

const struct device *of_device_at_node(const struct device *d, size_t n, int node)
{
	for (size_t i = 0; i < n; i++)
		if (d[i].node == node)
			return &d[i];
	return NULL;
}
