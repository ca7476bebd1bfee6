"""Translation-table decoding and walking from outside the firmware (pure).

Nothing here talks to gdb: a walk takes a `read(pa, size) -> bytes` callable,
so the same code serves the gdb commands (scripts/gdb/fw.py), `make memmap`
and the unit tests (tests/tools/test_fwmmu.py), which feed it synthetic
tables.

A format is one class: its levels (VA shift, entry count, descriptor width)
and how one descriptor decodes at each level. The generic walker descends
through TABLE entries and merges leaves into ranges exactly as the
firmware's pt_for_each_range() and pt_range_format() do (src/mmu/pgtable.c),
so `fw-pt` and the shell's `pt` print identical lines. Decoding follows the
firmware's backends (src/mmu/fmt_armv7s.c, src/mmu/fmt_armv5.c) bit for bit,
including what they report for encodings they never write.
"""
import struct

# enum mem_type and its names (include/pgtable.h, mem_type_name())
MT_NONE, MT_NORMAL, MT_NORMAL_NC, MT_DEVICE, MT_STRONGLY_ORDERED, MT_UNKNOWN = range(6)
MEM_TYPE_NAMES = ["none", "normal", "normal-nc", "device", "strongly-ordered", "other"]

PROT_R, PROT_W, PROT_X, PROT_U = 1, 2, 4, 8

# enum pte_kind
FAULT, SECTION, TABLE, PAGE, OTHER, SUPERSECTION = range(6)

SECTION_SIZE = 1 << 20
SUPERSECTION_SIZE = 16 << 20    # one descriptor in 16 first-level entries (B3.5.1)


def mem_type_name(t):
    return MEM_TYPE_NAMES[t] if 0 <= t < len(MEM_TYPE_NAMES) else "other"


def prot_str(prot):
    """The firmware's prot_str(): "rwx", plus 'u' when unprivileged access is allowed."""
    s = ("r" if prot & PROT_R else "-") + ("w" if prot & PROT_W else "-") + \
        ("x" if prot & PROT_X else "-")
    return s + ("u" if prot & PROT_U else "")


class Entry:
    """One descriptor decoded: struct pte_info."""
    __slots__ = ("kind", "pa", "type", "prot", "shareable", "domain", "raw", "note")

    def __init__(self, raw, kind=FAULT, pa=0, type=MT_NONE, prot=0, shareable=False,
                 domain=0, note=""):
        self.raw, self.kind, self.pa, self.type = raw, kind, pa, type
        self.prot, self.shareable, self.domain, self.note = prot, shareable, domain, note

    @property
    def is_leaf(self):
        return self.kind in (SECTION, PAGE, SUPERSECTION)


class Level:
    """One level of a table: VA bits [shift + bits - 1 : shift] index it."""

    def __init__(self, shift, entries, width):
        self.shift, self.entries, self.width = shift, entries, width

    @property
    def span(self):
        return 1 << self.shift

    @property
    def table_bytes(self):
        return self.entries * self.width


class Format:
    """A descriptor format. Subclasses set name, levels, raw_digits and decode()."""
    name = "?"
    levels = ()
    raw_digits = 8          # hex digits a raw descriptor prints with
    has_xn = True

    def decode(self, level, raw):
        raise NotImplementedError

    def kind_name(self, level, e):
        return {FAULT: "fault", SECTION: "section", TABLE: "table", PAGE: "small page",
                OTHER: "other (not written by this firmware)",
                SUPERSECTION: "supersection (16 MiB)"}[e.kind]

    def table_label(self, level, e):
        return f"L{level + 2} table at pa 0x{e.pa:08x}, domain {e.domain}"

    def roots(self, regs):
        """[(va_base, va_size, root table pa)] from the CPU's registers."""
        raise NotImplementedError

    def unpack(self, data, width):
        fmt = "<%d%s" % (len(data) // width, "I" if width == 4 else "Q")
        return struct.unpack(fmt, data)


# ---- ARMv7 short-descriptor (ARM ARM B3.5), TEX remap and AFE off -----------------

def _v7_type(tex, c, b):
    return {(1, 1, 1): MT_NORMAL, (1, 0, 0): MT_NORMAL_NC, (0, 0, 1): MT_DEVICE,
            (0, 0, 0): MT_STRONGLY_ORDERED}.get((tex, c, b), MT_UNKNOWN)


def _v7_prot(ap):
    """B3.7.1, Table B3-8 (AFE = 0), as fmt_armv7s.c reports it."""
    return {1: PROT_R | PROT_W, 2: PROT_R | PROT_W | PROT_U, 3: PROT_R | PROT_W | PROT_U,
            5: PROT_R, 6: PROT_R | PROT_U, 7: PROT_R | PROT_U}.get(ap, 0)


class ShortDescriptor(Format):
    """Two levels: 4096 x 1 MiB, then 256 x 4 KiB; TTBCR.N splits TTBR0/TTBR1."""
    levels = (Level(20, 4096, 4), Level(12, 256, 4))

    def roots(self, regs):
        n = regs.get("ttbcr", 0) & 7
        if n == 0:
            return [(0, 1 << 32, regs["ttbr0"] & 0xffffc000)]
        # B3.5.4: TTBR0 covers VA below 2^(32-N) with a table 16 KiB >> N in size.
        # TTBR1's table is always 16 KiB, indexed by VA[31:20]: its part starts
        # at the entry for the boundary.
        boundary = 1 << (32 - n)
        return [(0, boundary, regs["ttbr0"] & (0xffffffff << (14 - n)) & 0xffffffff),
                (boundary, (1 << 32) - boundary,
                 (regs["ttbr1"] & 0xffffc000) + (boundary >> 20) * 4)]


class ArmV7Short(ShortDescriptor):
    name = "ARMv7 short-descriptor"

    def decode(self, level, d):
        return self._l1(d) if level == 0 else self._l2(d)

    def _l1(self, d):
        e = Entry(d, domain=(d >> 5) & 0xf)
        t = d & 3
        if t == 0:
            return e
        if t == 1:
            e.kind, e.pa = TABLE, d & 0xfffffc00
            return e
        if t == 2 and not d & (1 << 18):
            e.kind, e.pa = SECTION, d & 0xfff00000
        elif t == 2:
            # a supersection: PA[39:36] in bits [8:5] (no domain), PA[35:32] in
            # bits [23:20], PA[31:24] in bits [31:24]
            e.kind, e.domain = SUPERSECTION, 0
            e.pa = ((d >> 5) & 0xf) << 36 | ((d >> 20) & 0xf) << 32 | (d & 0xff000000)
        else:
            e.kind, e.domain = OTHER, 0     # the PXN section encoding
            return e
        e.type = _v7_type((d >> 12) & 7, (d >> 3) & 1, (d >> 2) & 1)
        e.prot = _v7_prot(((d >> 10) & 3) | (4 if d & (1 << 15) else 0))
        if e.prot and not d & (1 << 4):
            e.prot |= PROT_X
        e.shareable = e.type in (MT_DEVICE, MT_STRONGLY_ORDERED) or bool(d & (1 << 16))
        return e

    def _l2(self, d):
        e = Entry(d)
        if d & 3 == 0:
            return e
        if not d & 2:
            e.kind = OTHER              # 64 KiB large page
            return e
        e.kind, e.pa = PAGE, d & 0xfffff000
        e.type = _v7_type((d >> 6) & 7, (d >> 3) & 1, (d >> 2) & 1)
        e.prot = _v7_prot(((d >> 4) & 3) | (4 if d & (1 << 9) else 0))
        if e.prot and not d & 1:
            e.prot |= PROT_X
        e.shareable = e.type in (MT_DEVICE, MT_STRONGLY_ORDERED) or bool(d & (1 << 10))
        return e


# ---- ARMv5 (ARM926EJ-S TRM chapter 3), SCTLR.S = 1, R = 0 --------------------------

def _v5_type(c, b):
    return {3: MT_NORMAL, 1: MT_NORMAL_NC, 0: MT_DEVICE}.get((c << 1) | b, MT_UNKNOWN)


def _v5_prot(ap):
    """No execute-never: everything accessible is executable."""
    return {0: PROT_R | PROT_X, 1: PROT_R | PROT_W | PROT_X}.get(
        ap, PROT_R | PROT_W | PROT_X | PROT_U)


class ArmV5(ShortDescriptor):
    name = "ARMv5 short-descriptor"
    has_xn = False

    def decode(self, level, d):
        return self._l1(d) if level == 0 else self._l2(d)

    def _l1(self, d):
        e = Entry(d, domain=(d >> 5) & 0xf)
        t = d & 3
        if t == 0:
            e.domain = 0
        elif t == 1:
            e.kind, e.pa = TABLE, d & 0xfffffc00      # coarse table
        elif t == 2:
            e.kind, e.pa = SECTION, d & 0xfff00000
            e.type = _v5_type((d >> 3) & 1, (d >> 2) & 1)
            e.prot = _v5_prot((d >> 10) & 3)
            e.shareable = True
        else:
            e.kind, e.domain = OTHER, 0               # fine table
        return e

    def _l2(self, d):
        e = Entry(d)
        t = d & 3
        ap = (d >> 4) & 3
        if t == 0:
            return e
        if t == 2 and ((d & 0xff0) >> 4) == ap * 0x55:  # four equal subpage APs
            e.kind, e.pa = PAGE, d & 0xfffff000
            e.type = _v5_type((d >> 3) & 1, (d >> 2) & 1)
            e.prot = _v5_prot(ap)
            e.shareable = True
            return e
        e.kind = OTHER                                  # large or tiny page, mixed APs
        return e


# ---- LPAE long-descriptor (ARM ARM B3.6), three levels, 64-bit descriptors ---------

def _mair_type(attr):
    """Memory type of a MAIR attribute byte (B4.1.104)."""
    if attr == 0x00:
        return MT_STRONGLY_ORDERED
    if attr == 0x04:
        return MT_DEVICE
    if attr == 0xff:
        return MT_NORMAL            # inner and outer write-back, read/write-allocate
    if attr == 0x44:
        return MT_NORMAL_NC
    return MT_UNKNOWN


class Lpae(Format):
    """Level 1: 4 x 1 GiB (T0SZ = 0); level 2: 512 x 2 MiB; level 3: 512 x 4 KiB.

    Permissions (B3.7.1, long format): AP[2:1] = 00 PL1 read/write, 01 read/write
    at both, 10 PL1 read-only, 11 read-only at both. Execution at PL1 (where the
    firmware runs) needs XN = 0 and PXN = 0. An entry with AF = 0 faults on any
    access (an access-flag fault, as hardware AF management is off), so it is
    reported, but never merged into a mapped range.
    """
    name = "LPAE long-descriptor"
    levels = (Level(30, 4, 8), Level(21, 512, 8), Level(12, 512, 8))
    raw_digits = 16
    OA_MASK = 0xfffffff000      # OA[39:12]

    def __init__(self, mair=0):
        self.mair = mair

    def roots(self, regs):
        t0sz = regs.get("ttbcr", 0) & 7
        if t0sz > 1 or (regs.get("ttbcr", 0) >> 16) & 7:
            raise ValueError("LPAE with T0SZ > 1 or T1SZ != 0 is not decoded yet")
        size = 1 << (32 - t0sz)
        return [(0, size, regs["ttbr0"] & 0xffffffffe0)]

    def kind_name(self, level, e):
        if e.kind == SECTION:
            return "%s block" % ("1 GiB" if level == 0 else "2 MiB")
        if e.kind == PAGE:
            return "page"
        if e.kind == OTHER and e.note:
            return e.note
        return super().kind_name(level, e)

    def table_label(self, level, e):
        return f"L{level + 2} table at pa 0x{e.pa:08x}"

    def decode(self, level, d):
        e = Entry(d)
        t = d & 3
        if t in (0, 2):
            return e
        last = level == len(self.levels) - 1
        if t == 3 and not last:
            e.kind, e.pa = TABLE, d & self.OA_MASK
            return e
        if t == 1 and last:
            e.kind = OTHER              # reserved at level 3
            return e
        e.kind = PAGE if last else SECTION
        e.pa = d & self.OA_MASK & ~((1 << self.levels[level].shift) - 1)
        e.type = _mair_type((self.mair >> (8 * ((d >> 2) & 7))) & 0xff)
        ap = (d >> 6) & 3
        e.prot = PROT_R | (0 if ap & 2 else PROT_W) | (PROT_U if ap & 1 else 0)
        if not (d >> 54) & 1 and not (d >> 53) & 1:
            e.prot |= PROT_X
        sh = (d >> 8) & 3
        e.shareable = e.type in (MT_DEVICE, MT_STRONGLY_ORDERED) or sh in (2, 3)
        if not (d >> 10) & 1:
            e.kind, e.note = OTHER, "access flag clear (an access faults)"
        return e


FORMATS = {"armv7s": ArmV7Short, "armv5": ArmV5, "lpae": Lpae}


def format_for(regs, name=None):
    """Pick the format the CPU walks with: TTBCR.EAE says LPAE (B4.1.153); the
    MIDR architecture field says ARMv7 (0xf, CPUID scheme) or ARMv5 (B4.1.105).
    name ("armv7s", "armv5", "lpae") overrides."""
    if name:
        cls = FORMATS[name]
    elif regs.get("ttbcr", 0) & (1 << 31):
        cls = Lpae
    elif regs.get("midr") is not None:
        cls = ArmV7Short if (regs["midr"] >> 16) & 0xf == 0xf else ArmV5
    else:
        raise ValueError("cannot tell the table format: no TTBCR or MIDR")
    if cls is Lpae:
        return Lpae(regs.get("mair", 0))
    return cls()


# ---- walking ------------------------------------------------------------------------

class Range:
    """struct pt_range: contiguous VA and PA, identical attributes."""
    __slots__ = ("va", "pa", "size", "type", "prot", "shareable", "sections", "pages",
                 "supersections")

    def __init__(self, va, e, size):
        self.va, self.pa, self.size = va, e.pa, 0
        self.type, self.prot, self.shareable = e.type, e.prot, e.shareable
        self.sections = self.pages = self.supersections = 0

    def joins(self, va, e, size):
        return (va == self.va + self.size and e.pa == self.pa + self.size and
                e.type == self.type and e.prot == self.prot and
                e.shareable == self.shareable and self.size <= 0xffffffff - size)

    def add(self, size, kind):
        self.size += size
        if kind == SUPERSECTION:
            self.supersections += 1
        elif kind == SECTION:
            self.sections += 1
        else:
            self.pages += 1

    def format(self):
        """pt_range_format(), character for character."""
        if self.size % SECTION_SIZE == 0:
            size, unit = self.size // SECTION_SIZE, "M"
        else:
            size, unit = self.size // 1024, "K"
        supers = ", %u supersection%s" % (self.supersections, "" if self.supersections == 1
                                          else "s") if self.supersections else ""
        return ("0x%08x-0x%08x %5u%s  pa 0x%08x  %-16s %-3s %s  %u section%s, %u page%s%s" % (
            self.va, self.va + self.size - 1, size, unit, self.pa, mem_type_name(self.type),
            prot_str(self.prot), "sh" if self.shareable else "--",
            self.sections, "" if self.sections == 1 else "s",
            self.pages, "" if self.pages == 1 else "s", supers))

    def as_dict(self):
        return {"va": self.va, "pa": self.pa, "size": self.size,
                "type": mem_type_name(self.type), "prot": prot_str(self.prot),
                "shareable": self.shareable, "line": self.format()}


class Walk:
    """The whole address space of one set of tables, read once."""

    def __init__(self, fmt, read, regs):
        self.fmt, self.read, self.regs = fmt, read, regs
        self.tables = []            # (level, pa, bytes read) of every table visited

    def ranges(self):
        """Merged ranges in VA order, as pt_for_each_range() yields them."""
        out, cur = [], None
        self.tables = []

        def leaf(va, e, size):
            nonlocal cur
            # a section (or LPAE block) counts as a section, a page as a page
            if cur is None or not cur.joins(va, e, size):
                flush()
                cur = Range(va, e, size)
            cur.add(size, e.kind)

        def flush():
            nonlocal cur
            if cur is not None:
                out.append(cur)
            cur = None

        def descend(level, pa, va_base, count):
            lv = self.fmt.levels[level]
            self.tables.append((level, pa, count * lv.width))
            entries = self.fmt.unpack(self.read(pa, count * lv.width), lv.width)
            skip = 0
            for k, raw in enumerate(entries):
                if skip:
                    skip -= 1
                    continue
                e = self.fmt.decode(level, raw)
                va = va_base + k * lv.span
                if e.kind == SUPERSECTION:
                    # whole (16-aligned, 16 equal entries) or not the firmware's
                    per = SUPERSECTION_SIZE // lv.span
                    if k % per == 0 and entries[k:k + per] == (raw,) * per:
                        leaf(va, e, SUPERSECTION_SIZE)
                        skip = per - 1
                    else:
                        flush()
                elif e.is_leaf:
                    leaf(va, e, lv.span)
                elif e.kind == TABLE and level + 1 < len(self.fmt.levels):
                    descend(level + 1, e.pa, va, self.fmt.levels[level + 1].entries)
                else:
                    flush()

        # a root table holds only the entries its VA range needs (TTBCR.N, T0SZ)
        for va_base, va_size, pa in self.fmt.roots(self.regs):
            descend(0, pa, va_base, va_size // self.fmt.levels[0].span)
        flush()
        return out

    def table_bytes(self):
        """Bytes of table memory reachable from the roots (the firmware's
        pt_bytes_in_use(): the L1 table and every second-level table in use)."""
        if not self.tables:
            self.ranges()
        return sum(dict(((pa, level), size) for level, pa, size in self.tables).values())

    def walk(self, va):
        """[(level, entry)] down to the final descriptor, and the PA or None."""
        path = []
        for va_base, va_size, pa in self.fmt.roots(self.regs):
            if va_base <= va < va_base + va_size:
                break
        else:
            return path, None
        level = 0
        index = (va - va_base) >> self.fmt.levels[0].shift
        while True:
            lv = self.fmt.levels[level]
            raw = self.fmt.unpack(self.read(pa + index * lv.width, lv.width), lv.width)[0]
            e = self.fmt.decode(level, raw)
            path.append((level, e))
            if e.is_leaf:
                span = SUPERSECTION_SIZE if e.kind == SUPERSECTION else lv.span
                return path, e.pa | (va & (span - 1))
            if e.kind != TABLE or level + 1 >= len(self.fmt.levels):
                return path, None
            level += 1
            pa = e.pa
            nxt = self.fmt.levels[level]
            index = (va >> nxt.shift) & (nxt.entries - 1)

    def walk_lines(self, va):
        """The shell's `pt <va>` output (cmd_pt, print_pte), line for line."""
        path, pa = self.walk(va)
        lines = ["walk of 0x%08x:" % va]
        for level, e in path:
            s = "  L%d descriptor 0x%0*x: %s" % (level + 1, self.fmt.raw_digits, e.raw,
                                                  self.fmt.kind_name(level, e))
            if e.kind == TABLE:
                s += ", " + self.fmt.table_label(level, e)
            if e.is_leaf:
                s += ", pa 0x%08x, %s, %s, %s%s" % (
                    e.pa, mem_type_name(e.type), prot_str(e.prot),
                    "shareable" if e.shareable else "non-shareable",
                    "" if e.prot & PROT_X else ", execute-never")
            lines.append(s)
        lines.append("  -> pa 0x%08x" % pa if pa is not None else
                     "  -> unmapped: an access faults")
        return lines
