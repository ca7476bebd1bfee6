/*
 * ASID allocation (pure; host-tested). ARMv7 tags the TLB entries of
 * non-global (nG) mappings with the 8-bit ASID in CONTEXTIDR (ARM ARM
 * B3.9.1); ASID 0 is the kernel's (only global mappings are used while it is
 * current). Tasks get 1-255 in turn, never one that is still live; when the
 * counter wraps, entries left by tasks of the previous round could still
 * carry a reused ASID, so the caller must invalidate the whole TLB before the
 * ASID is used (Linux's rollover does the same).
 */
#ifndef ASID_H
#define ASID_H

#include <stdbool.h>
#include <stdint.h>

#define ASID_MAX	255u	/* ASIDs 1..ASID_MAX go to tasks */

struct asid_space {
	uint8_t next;			/* the next candidate; 0 before the first */
	uint32_t live[(ASID_MAX + 1) / 32];
	uint32_t rollovers;
};

void asid_init(struct asid_space *s);

/*
 * An ASID that no live task holds: 1..ASID_MAX, or -EAGAIN when all are
 * live. *flush_all is set true when the allocation wrapped around, so every
 * TLB entry tagged with an ASID of the last round must go first.
 */
int asid_alloc(struct asid_space *s, bool *flush_all);

/* Release a live ASID: 0, or -EINVAL for 0, one above ASID_MAX or one not live. */
int asid_free(struct asid_space *s, unsigned asid);

bool asid_is_live(const struct asid_space *s, unsigned asid);

#endif
