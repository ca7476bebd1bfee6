#!/usr/bin/env python3
"""The gdb extension's pure decoders (scripts/gdb/fwmmu.py, fwfault.py) on
synthetic tables whose descriptors are computed by hand from the ARM ARM:
the LPAE format (no firmware writes it yet, so no live comparison exists),
the TTBCR.N split of the short format, and fault status decoding. One TAP
line a check. Takes the same options as the other tools tests, and ignores them.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts", "gdb"))
import fwfault  # noqa: E402
import fwmmu    # noqa: E402


class Tap:
    def __init__(self):
        self.n = self.failed = 0

    def check(self, name, ok, detail=""):
        self.n += 1
        print(f"{'ok' if ok else 'not ok'} {self.n} - {name}")
        if not ok:
            self.failed += 1
            for line in str(detail).splitlines():
                print(f"#   {line}")


class Memory:
    """Sparse physical memory of descriptors; unwritten bytes read as 0."""

    def __init__(self):
        self.words = {}

    def put(self, pa, value, width):
        self.words[pa] = (value, width)

    def read(self, pa, size):
        out = bytearray(size)
        for addr, (value, width) in self.words.items():
            if pa <= addr < pa + size:
                out[addr - pa:addr - pa + width] = value.to_bytes(width, "little")
        return bytes(out)


# MAIR0: Attr0 0xff Normal write-back, Attr1 0x04 Device, Attr2 0x44 Normal
# non-cacheable, Attr3 0x00 Strongly-ordered (B4.1.104).
MAIR = 0x004404ff
AF, XN, SH_INNER = 1 << 10, 1 << 54, 3 << 8


def lpae_tables():
    """L1 at 0x1000; VA 1-2 GiB -> L2 at 0x2000; its first 2 MiB -> L3 at 0x3000."""
    m = Memory()
    m.put(0x1000 + 8 * 1, 0x2000 | 3, 8)                        # L1[1]: table
    m.put(0x1000 + 8 * 3, 0xc0000000 | 1 | (3 << 2) | AF | XN, 8)  # L1[3]: 1 GiB SO block
    m.put(0x2000 + 8 * 0, 0x3000 | 3, 8)                        # L2[0]: table
    # L2[1], L2[2]: 2 MiB blocks, Normal rw- XN, PA above 4 GiB, contiguous: one range
    m.put(0x2000 + 8 * 1, 0x100200000 | 1 | SH_INNER | AF | XN, 8)
    m.put(0x2000 + 8 * 2, 0x100400000 | 1 | SH_INNER | AF | XN, 8)
    m.put(0x3000 + 8 * 0, 0x40000000 | 3 | (2 << 6) | SH_INNER | AF, 8)   # r-x page
    m.put(0x3000 + 8 * 1, 0x09000000 | 3 | (1 << 2) | AF | XN, 8)        # Device rw- page
    m.put(0x3000 + 8 * 2, 0x40002000 | 3 | SH_INNER | XN, 8)             # AF clear
    m.put(0x3000 + 8 * 3, 0x40003000 | 3 | (2 << 2) | (1 << 6) | AF | XN, 8)  # NC, user rw
    return m


def lpae_checks(t):
    m = lpae_tables()
    regs = {"ttbr0": 0x1000, "ttbcr": 0x80000000, "mair": MAIR}
    fmt = fwmmu.format_for(regs)
    t.check("TTBCR.EAE selects the LPAE format", isinstance(fmt, fwmmu.Lpae), fmt.name)
    walk = fwmmu.Walk(fmt, m.read, regs)
    got = [r.format() for r in walk.ranges()]
    want = [
        "0x40000000-0x40000fff     4K  pa 0x40000000  normal           r-x sh  0 sections, 1 page",
        "0x40001000-0x40001fff     4K  pa 0x09000000  device           rw- sh  0 sections, 1 page",
        "0x40003000-0x40003fff     4K  pa 0x40003000  normal-nc        rw-u --  0 sections, 1 page",
        "0x40200000-0x405fffff     4M  pa 0x100200000  normal           rw- sh  2 sections, 0 pages",
        "0xc0000000-0xffffffff  1024M  pa 0xc0000000  strongly-ordered rw- sh  1 section, 0 pages",
    ]
    t.check("LPAE: pages, 2 MiB and 1 GiB blocks merge into pt-style ranges; AF=0 is left out",
            got == want, "\n".join(["got:"] + got + ["want:"] + want))
    t.check("LPAE: table memory is the L1 (32 bytes) plus one L2 and one L3 (4 KiB each)",
            walk.table_bytes() == 32 + 4096 * 2, walk.table_bytes())
    got = walk.walk_lines(0x40001234)
    want = ["walk of 0x40001234:",
            "  L1 descriptor 0x0000000000002003: table, L2 table at pa 0x00002000",
            "  L2 descriptor 0x0000000000003003: table, L3 table at pa 0x00003000",
            "  L3 descriptor 0x0040000009000407: page, pa 0x09000000, device, rw-, shareable, "
            "execute-never",
            "  -> pa 0x09000234"]
    t.check("LPAE: fw-pt <va> decodes all three levels", got == want,
            "\n".join(["got:"] + got + ["want:"] + want))
    got = walk.walk_lines(0x40002000)
    t.check("LPAE: an entry with AF clear is shown and reported as faulting",
            "access flag clear" in got[3] and got[-1] == "  -> unmapped: an access faults",
            "\n".join(got))


def short_split_checks(t):
    """TTBCR.N = 1 (B3.5.4): TTBR0's 8 KiB table below 2 GiB, TTBR1's full
    16 KiB table, indexed by VA[31:20], above."""
    m = Memory()
    v7 = fwmmu.ArmV7Short()
    sec = 0x2 | (1 << 4) | (1 << 10)           # section, XN, AP = 0b001 (PL1 rw)
    m.put(0x8000 + 4 * 0x401, 0x40100000 | sec | (1 << 12) | 0xc | (1 << 16), 4)  # Normal
    m.put(0xc000 + 4 * 0xf00, 0x09000000 | sec | 0x4, 4)                          # Device
    regs = {"ttbr0": 0x8000, "ttbr1": 0xc000, "ttbcr": 1}
    got = [r.format() for r in fwmmu.Walk(v7, m.read, regs).ranges()]
    want = ["0x40100000-0x401fffff     1M  pa 0x40100000  normal           rw- sh  1 section, 0 pages",
            "0xf0000000-0xf00fffff     1M  pa 0x09000000  device           rw- sh  1 section, 0 pages"]
    t.check("short format, TTBCR.N = 1: VAs from 2 GiB up walk TTBR1's table", got == want,
            "\n".join(["got:"] + got + ["want:"] + want))


def short_supersection_checks(t):
    """Supersections (B3.5.1) as the firmware writes them on virt-short:
    PA 0x40_1000_0000 Device rw- XN is 0x10000000 (PA[31:24]) | 0x80 (PA[39:36]
    = 4 in bits 8:5) | 0x40000 (bit 18) | 0x400 (AP 01) | 0x10 (XN) | 0x4 (B)
    | 0x2 = 0x10040496, in all 16 entries of VA 0xf100_0000. A run of 15 (the
    16th cleared) is not one the firmware wrote: not a range."""
    m = Memory()
    for k in range(16):
        m.put(0xc000 + 4 * (0xf10 + k), 0x10040496, 4)
    for k in range(15):
        m.put(0xc000 + 4 * (0xf20 + k), 0x10040496 | 0x01000000, 4)
    regs = {"ttbr0": 0xc000, "ttbcr": 0}
    walk = fwmmu.Walk(fwmmu.ArmV7Short(), m.read, regs)
    got = [r.format() for r in walk.ranges()]
    want = ["0xf1000000-0xf1ffffff    16M  pa 0x4010000000  device           rw- sh  "
            "0 sections, 0 pages, 1 supersection"]
    t.check("short format: 16 equal supersection entries are one 16 MiB range, as `pt` prints it",
            got == want, "\n".join(["got:"] + got + ["want:"] + want))
    got = walk.walk_lines(0xf1abcde8)
    want = ["walk of 0xf1abcde8:",
            "  L1 descriptor 0x10040496: supersection (16 MiB), pa 0x4010000000, device, rw-, "
            "shareable, execute-never",
            "  -> pa 0x4010abcde8"]
    t.check("short format: a walk inside a supersection reaches its 40-bit address",
            got == want, "\n".join(["got:"] + got + ["want:"] + want))


def format_choice_checks(t):
    t.check("MIDR architecture 0xf (CPUID scheme) selects ARMv7 short descriptors",
            isinstance(fwmmu.format_for({"midr": 0x414fc0f0, "ttbcr": 0}), fwmmu.ArmV7Short))
    t.check("MIDR architecture 6 (ARMv5TEJ) selects the ARMv5 format",
            isinstance(fwmmu.format_for({"midr": 0x41069265}), fwmmu.ArmV5))


def fault_checks(t):
    cases = [
        (0x805, True, "armv7s", ("translation fault (section)", True, True)),
        (0x00f, True, "armv7s", ("permission fault (page)", True, False)),
        (0x406, True, "armv7s", ("asynchronous external abort", False, False)),
        (0x005, True, "armv5", ("translation fault (section)", True, None)),
        (0x20b, True, "lpae", ("access flag fault (level 3)", True, False)),
        (0xa05, True, "lpae", ("translation fault (level 1)", True, True)),
        (0x221, True, "lpae", ("alignment fault", True, False)),
    ]
    for fsr, is_data, fmt, want in cases:
        got = fwfault.decode(fsr, is_data, fmt)
        t.check(f"fault status 0x{fsr:03x} ({fmt}) decodes as '{want[0]}'", got == want, got)


def main():
    t = Tap()
    lpae_checks(t)
    short_split_checks(t)
    short_supersection_checks(t)
    format_choice_checks(t)
    fault_checks(t)
    print(f"1..{t.n}")
    return 1 if t.failed else 0


if __name__ == "__main__":
    sys.exit(main())
