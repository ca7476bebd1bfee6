/*
 * vawin - allocator of a virtual-address window. See include/vawin.h for the
 * contract, the invariants and the extent-slot bound.
 *
 * All arithmetic on positions is done on offsets from w->base. An offset is
 * at most w->size, and offset + length never exceeds w->size for ranges that
 * were checked to lie inside the window, so nothing here can overflow even
 * when the window ends at the top of a 32-bit address space. No exclusive end
 * *address* is ever computed.
 *
 * The array shifts are plain loops (no memmove), so this file needs no libc.
 */
#include <errno.h>
#include <vawin.h>

static bool is_page_multiple(uintptr_t x)
{
	return (x & (VAWIN_PAGE - 1)) == 0;
}

static bool is_valid_align(size_t align)
{
	return align >= VAWIN_PAGE && (align & (align - 1)) == 0;
}

/* Offset of the first byte of e from the window base. */
static size_t ext_off(const struct vawin *w, const struct vawin_extent *e)
{
	return e->start - w->base;
}

/* Offset one past the last byte of e; <= w->size, so it cannot overflow. */
static size_t ext_end_off(const struct vawin *w, const struct vawin_extent *e)
{
	return ext_off(w, e) + e->size;
}

/*
 * True if [va, va + size) lies inside the window; on success *off is the
 * offset of va. Does not overflow: size is compared against the room left.
 */
static bool range_in_window(const struct vawin *w, uintptr_t va, size_t size,
			    size_t *off)
{
	if (va < w->base)
		return false;
	if (va - w->base > w->size)
		return false;
	if (size > w->size - (va - w->base))
		return false;
	*off = va - w->base;
	return true;
}

/* Index of the first extent whose start offset is greater than off (0..n). */
static unsigned int ext_upper_bound(const struct vawin *w, size_t off)
{
	unsigned int lo = 0, hi = w->n;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (ext_off(w, &w->ext[mid]) > off)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* Insert {start, size} at index i, shifting ext[i..n) up. Caller checked n < cap. */
static void ext_insert(struct vawin *w, unsigned int i, uintptr_t start,
		       size_t size)
{
	unsigned int j;

	for (j = w->n; j > i; j--)
		w->ext[j] = w->ext[j - 1];
	w->ext[i].start = start;
	w->ext[i].size = size;
	w->n++;
}

/* Remove the extent at index i, shifting ext[i+1..n) down. */
static void ext_remove(struct vawin *w, unsigned int i)
{
	unsigned int j;

	for (j = i + 1; j < w->n; j++)
		w->ext[j - 1] = w->ext[j];
	w->n--;
}

/* Bytes to skip from start to reach the next multiple of align (< align). */
static size_t align_head(uintptr_t start, size_t align)
{
	size_t mis = start & (align - 1);

	return mis ? align - mis : 0;
}

int vawin_init(struct vawin *w, uintptr_t base, size_t size,
	       struct vawin_extent *storage, unsigned int cap)
{
	if (!w || !storage || cap == 0)
		return -EINVAL;
	if (size == 0 || !is_page_multiple(base) || !is_page_multiple(size))
		return -EINVAL;
	/* The last byte, base + size - 1, must be representable. */
	if (size - 1 > UINTPTR_MAX - base)
		return -EINVAL;

	w->base = base;
	w->size = size;
	w->ext = storage;
	w->cap = cap;
	w->ext[0].start = base;
	w->ext[0].size = size;
	w->n = 1;
	w->free_bytes = size;
	return 0;
}

/*
 * Carve [head, head + size) (offsets relative to e->start) out of extent i.
 * The caller checked that it fits and, if both a head and a tail remain,
 * that a free slot exists.
 */
static void ext_carve(struct vawin *w, unsigned int i, size_t head, size_t size)
{
	struct vawin_extent *e = &w->ext[i];
	size_t tail = e->size - head - size;

	if (head && tail) {
		/* Keep the head in place, the tail goes into a new slot after it. */
		ext_insert(w, i + 1, e->start + head + size, tail);
		e->size = head;
	} else if (head) {
		e->size = head;
	} else if (tail) {
		e->start += size;
		e->size = tail;
	} else {
		ext_remove(w, i);
	}
	w->free_bytes -= size;
}

int vawin_alloc(struct vawin *w, size_t size, size_t align, uintptr_t *va)
{
	unsigned int i;

	if (size == 0 || !is_page_multiple(size) || !is_valid_align(align))
		return -EINVAL;
	if (size > w->free_bytes)
		return -ENOSPC;

	for (i = 0; i < w->n; i++) {
		const struct vawin_extent *e = &w->ext[i];
		size_t head = align_head(e->start, align);
		uintptr_t addr;

		/* Written so that neither side can overflow. */
		if (head >= e->size || size > e->size - head)
			continue;

		if (head && size < e->size - head && w->n == w->cap)
			return -ENOMEM;

		addr = e->start + head;
		ext_carve(w, i, head, size);
		*va = addr;
		return 0;
	}
	return -ENOSPC;
}

int vawin_free(struct vawin *w, uintptr_t va, size_t size)
{
	struct vawin_extent *prev, *next;
	bool join_prev, join_next;
	size_t off, end;
	unsigned int i;

	if (size == 0 || !is_page_multiple(va) || !is_page_multiple(size))
		return -EINVAL;
	if (!range_in_window(w, va, size, &off))
		return -EINVAL;
	end = off + size;	/* <= w->size */

	/* prev starts at or before off, next strictly after it. */
	i = ext_upper_bound(w, off);
	prev = i > 0 ? &w->ext[i - 1] : NULL;
	next = i < w->n ? &w->ext[i] : NULL;

	/* Any overlap with free space is a (partial) double free. */
	if (prev && ext_end_off(w, prev) > off)
		return -EINVAL;
	if (next && ext_off(w, next) < end)
		return -EINVAL;

	join_prev = prev && ext_end_off(w, prev) == off;
	join_next = next && ext_off(w, next) == end;

	if (join_prev && join_next) {
		prev->size += size + next->size;
		ext_remove(w, i);
	} else if (join_prev) {
		prev->size += size;
	} else if (join_next) {
		next->start = va;
		next->size += size;
	} else {
		if (w->n == w->cap)
			return -ENOMEM;
		ext_insert(w, i, va, size);
	}
	w->free_bytes += size;
	return 0;
}

bool vawin_is_allocated(const struct vawin *w, uintptr_t va, size_t size)
{
	size_t off;
	unsigned int i;

	if (size == 0 || !range_in_window(w, va, size, &off))
		return false;

	/*
	 * ext[i - 1] is the last extent starting before off + size. Extents
	 * are sorted and disjoint, so if it ends at or before off, so do all
	 * earlier ones, and no free byte lies in the range.
	 */
	i = ext_upper_bound(w, off + size - 1);
	if (i > 0 && ext_end_off(w, &w->ext[i - 1]) > off)
		return false;
	return true;
}

void vawin_stats(const struct vawin *w, struct vawin_stats *st)
{
	size_t largest = 0;
	unsigned int i;

	for (i = 0; i < w->n; i++)
		if (w->ext[i].size > largest)
			largest = w->ext[i].size;

	st->free_bytes = w->free_bytes;
	st->largest_free = largest;
	st->extents = w->n;
}
