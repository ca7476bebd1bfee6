"""Fault status decoding for `fw-fault` (pure; the texts are src/boot/fsr.c's).

decode(fsr, is_data, fmt) -> (text, far_valid, wnr) where wnr is True/False for
a write/read, or None when the architecture does not say (ARMv5).
"""

# ARM ARM B3.13.3, Table B3-23: short-descriptor FS[4:0] (FS[4] is bit 10).
# status: (text, data_only, far_valid)
V7_SHORT = {
    0x01: ("alignment fault", True, True),
    0x04: ("fault on instruction cache maintenance", True, True),
    0x0c: ("synchronous external abort on table walk (first level)", False, True),
    0x0e: ("synchronous external abort on table walk (second level)", False, True),
    0x1c: ("synchronous parity error on table walk (first level)", False, True),
    0x1e: ("synchronous parity error on table walk (second level)", False, True),
    0x05: ("translation fault (section)", False, True),
    0x07: ("translation fault (page)", False, True),
    0x03: ("access flag fault (section)", False, True),
    0x06: ("access flag fault (page)", False, True),
    0x09: ("domain fault (section)", False, True),
    0x0b: ("domain fault (page)", False, True),
    0x0d: ("permission fault (section)", False, True),
    0x0f: ("permission fault (page)", False, True),
    0x02: ("debug event", False, False),
    0x08: ("synchronous external abort", False, True),
    0x10: ("TLB conflict abort", False, True),
    0x14: ("implementation defined (lockdown)", False, False),
    0x1a: ("implementation defined (coprocessor abort)", False, False),
    0x19: ("synchronous parity error on memory access", False, True),
    0x16: ("asynchronous external abort", True, False),
    0x18: ("asynchronous parity error on memory access", True, False),
}

# ARMv5 (DDI 0100I B4.6, Table B4-1): FS[3:0]; data aborts only.
V5 = {
    0x1: ("alignment fault", True, True),
    0x3: ("alignment fault", True, True),
    0x0: ("vector exception", True, True),
    0x2: ("terminal exception", True, False),
    0xc: ("external abort on table walk (first level)", True, True),
    0xe: ("external abort on table walk (second level)", True, True),
    0x5: ("translation fault (section)", True, True),
    0x7: ("translation fault (page)", True, True),
    0x9: ("domain fault (section)", True, True),
    0xb: ("domain fault (page)", True, True),
    0xd: ("permission fault (section)", True, True),
    0xf: ("permission fault (page)", True, True),
    0x4: ("external abort on linefetch (section)", True, True),
    0x6: ("external abort on linefetch (page)", True, True),
    0x8: ("external abort on non-linefetch (section)", True, True),
    0xa: ("external abort on non-linefetch (page)", True, True),
}

# ARM ARM B3.13.3, Table B3-24: long-descriptor STATUS[5:0] (FSR bit 9 = 1).
LPAE_LEVELED = {0x1: "translation fault", 0x2: "access flag fault", 0x3: "permission fault",
                0x5: "synchronous external abort on table walk",
                0x7: "synchronous parity error on table walk"}
LPAE_OTHER = {
    0x10: ("synchronous external abort", False, True),
    0x18: ("synchronous parity error on memory access", False, True),
    0x11: ("asynchronous external abort", True, False),
    0x19: ("asynchronous parity error on memory access", True, False),
    0x21: ("alignment fault", False, True),
    0x22: ("debug event", False, False),
    0x30: ("TLB conflict abort", False, True),
    0x34: ("implementation defined (lockdown)", False, False),
    0x3a: ("implementation defined (coprocessor abort)", False, False),
}


def _lookup(table, status, is_data):
    rule = table.get(status)
    if rule is None or (rule[1] and not is_data):
        return "reserved fault status 0x%02x" % status, False
    return rule[0], rule[2]


def decode(fsr, is_data, fmt_name):
    """fmt_name: "armv7s", "armv5" or "lpae" (the fault status layout follows
    the table format: B4.1.52, DFSR.LPAE is bit 9)."""
    if fmt_name == "armv5":
        text, far_valid = _lookup(V5, fsr & 0xf, is_data)
        return text, far_valid, None
    wnr = bool(fsr & (1 << 11)) if is_data else None
    if fsr & (1 << 9):                      # long-descriptor layout
        status = fsr & 0x3f
        if status >> 2 in LPAE_LEVELED and status & 3:
            return "%s (level %d)" % (LPAE_LEVELED[status >> 2], status & 3), True, wnr
        text, far_valid = _lookup(LPAE_OTHER, status, is_data)
        return text, far_valid, wnr
    text, far_valid = _lookup(V7_SHORT, (fsr & 0xf) | ((fsr >> 6) & 0x10), is_data)
    return text, far_valid, wnr
