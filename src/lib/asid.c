/* ASID allocation: see include/asid.h. */
#include <errno.h>
#include "asid.h"

void asid_init(struct asid_space *s)
{
	*s = (struct asid_space){ 0 };
}

bool asid_is_live(const struct asid_space *s, unsigned asid)
{
	return asid <= ASID_MAX && (s->live[asid / 32] >> (asid % 32)) & 1u;
}

int asid_alloc(struct asid_space *s, bool *flush_all)
{
	unsigned asid = s->next;

	*flush_all = false;
	for (unsigned tries = 0; tries < ASID_MAX; tries++) {
		if (asid >= ASID_MAX) {
			asid = 1;
			/* a wrap, not the first allocation: last round's ASIDs return */
			if (s->next) {
				*flush_all = true;
				s->rollovers++;
			}
		} else {
			asid++;
		}
		if (!asid_is_live(s, asid)) {
			s->live[asid / 32] |= 1u << (asid % 32);
			s->next = (uint8_t)asid;
			return (int)asid;
		}
	}
	*flush_all = false;
	return -EAGAIN;
}

int asid_free(struct asid_space *s, unsigned asid)
{
	if (asid == 0 || !asid_is_live(s, asid))
		return -EINVAL;
	s->live[asid / 32] &= ~(1u << (asid % 32));
	return 0;
}
