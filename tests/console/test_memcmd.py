#!/usr/bin/env python3
"""The memory commands (crc32, cmp, cp, mtest; loady and go) on the real
firmware under QEMU, through its serial console.

Each check prints one TAP line. Addresses come from the firmware's own
`info`, so the same checks run on every board.
"""
import os
import re
import subprocess
import sys
import tempfile
import zlib

from test_console import PROMPT, Tap, console_args, one_session, tap_end, write_paced

SOH, STX, EOT, ACK, NAK, CAN = 0x01, 0x02, 0x04, 0x06, 0x15, 0x18


class Layout:
    """RAM, the image's regions and free RAM, as `info` reports them."""

    def __init__(self, info):
        ram = re.search(r"^ram\s+0x([0-9a-f]{8})-0x([0-9a-f]{8})", info, re.M)
        self.ram, self.ram_end = int(ram.group(1), 16), int(ram.group(2), 16) + 1
        self.regions = {m.group(1): (int(m.group(2), 16), int(m.group(3), 16) + 1)
                        for m in re.finditer(r"^  (\w[\w+ ]*?)\s+0x([0-9a-f]{8})-0x([0-9a-f]{8})",
                                             info, re.M)}
        self.free = self.regions["heap"][1]      # free RAM starts after the heap


def md_bytes(c, addr, length):
    """Read memory back with md: the bytes it printed."""
    c.p.timeout = 60
    out = c.run(f"md 0x{addr:x} 0x{length:x}")
    data = bytearray()
    for m in re.finditer(r"^([0-9a-f]{8}): ((?:[0-9a-f]{2} ){1,16})", out, re.M):
        data += bytes.fromhex(m.group(2))
    return bytes(data)


def crc_of(out):
    m = re.search(r"crc32 0x[0-9a-f]{8}-0x[0-9a-f]{8} \((\d+) bytes\): 0x([0-9a-f]{8})", out)
    return (int(m.group(1)), int(m.group(2), 16)) if m else (None, None)


def interrupt_after(c, line, first, what):
    """Start @line, wait for its first progress line @first, send Ctrl-C:
    the prompt must come back with ^C and without the command's result."""
    c.p.send(line + "\r")
    c.p.expect(first, timeout=60)
    c.p.send("\x03")
    c.p.expect_exact(PROMPT, timeout=30)
    return c.p.before


def bulk_checks(t, c, lay):
    text = lay.regions["text"][0]
    buf = lay.free + 0x100000
    # crc32 against zlib, over bytes read back with md (the firmware's code)
    data = md_bytes(c, text, 0x1000)
    n, crc = crc_of(c.run(f"crc32 0x{text:x} 0x1000"))
    t.check("crc32 of 4 KiB of text equals zlib.crc32 of the bytes md shows",
            len(data) == 0x1000 and n == 0x1000 and crc == zlib.crc32(data),
            f"md gave {len(data)} bytes, zlib 0x{zlib.crc32(data):08x}; crc32 said {n} 0x{crc or 0:08x}")
    # an odd length and address: byte-exact ends
    data = md_bytes(c, text + 3, 1001)
    n, crc = crc_of(c.run(f"crc32 0x{text + 3:x} 1001"))
    t.check("crc32 of an unaligned 1001 bytes equals zlib's", n == 1001 and crc == zlib.crc32(data),
            f"{n} 0x{crc or 0:08x} vs 0x{zlib.crc32(data):08x}")

    out = c.run(f"cp 0x{text:x} 0x{buf:x} 0x1000")
    t.check("cp copies 4 KiB of text into free RAM", "cp: 4096 bytes copied" in out, out)
    out = c.run(f"cmp 0x{text:x} 0x{buf:x} 0x1000")
    t.check("cmp finds the copy the same", "cmp: same (4096 bytes)" in out, out)
    _, copy_crc = crc_of(c.run(f"crc32 0x{buf:x} 0x1000"))
    t.check("the copy's crc32 is the original's", copy_crc == zlib.crc32(md_bytes(c, text, 0x1000)),
            f"0x{copy_crc or 0:08x}")
    old = md_bytes(c, buf + 0x123, 1)[0]
    new = old ^ 0x5a
    c.run(f"poke 0x{buf + 0x123:x} 0x{new:x} b")
    out = c.run(f"cmp 0x{text:x} 0x{buf:x} 0x1000")
    t.check("cmp reports the first difference: offset, both addresses and bytes",
            f"first difference at offset 0x123: [0x{text + 0x123:08x}] = 0x{old:02x}, "
            f"[0x{buf + 0x123:08x}] = 0x{new:02x}" in out, out)

    # refusals
    tables = lay.regions["pgtables"][0]
    cases = [
        (f"cp 0x{buf:x} 0x{tables + 0x100:x} 16", "firmware's own memory", "pgtables"),
        (f"cp 0x{buf:x} 0x{text:x} 16", "firmware's own memory", "text"),
        (f"cp 0x{buf:x} 0x{lay.free - 8:x} 16", "firmware's own memory", "heap"),
        (f"cp 0x{buf:x} 0x{buf + 8:x} 16", "source and destination overlap", ""),
        ("crc32 0xf0000000 16", "device memory", ""),
        (f"cmp 0x{buf:x} 0xf0000000 16", "device memory", ""),
        ("crc32 0 0x80000000", "more than the 1024 MiB", ""),
        ("cp 0xfffffff0 0x1000 0x100", "range wraps past 4 GiB", ""),
    ]
    for line, want, name in cases:
        out = c.run(line)
        t.check(f"'{line}' is refused: {want} {name}".rstrip(),
                "error: " in out and want in out and name in out, out)
    out = c.run(f"cp 0x{buf:x} 0x{tables:x} 16") + c.run(f"crc32 0x{tables:x} 16")
    t.check("the tables are still whole after the refused cp (crc32 reads them)",
            "crc32 0x" in out, out)
    # an unmapped source: the decoded fault, then the prompt
    out = c.run(f"crc32 0x{lay.ram_end + 0x100000:x} 16")
    t.check("crc32 of unmapped memory prints the decoded fault and returns",
            "translation fault" in out and "read at" in out, out)
    out = c.run(f"cp 0x{lay.ram_end - 0x800:x} 0x{buf:x} 0x1000")
    t.check("cp from a range running off the end of RAM faults and returns",
            "translation fault" in out, out)
    out = c.run("uptime")
    t.check("the shell goes on after the faults", "up " in out, out)

    # progress, then Ctrl-C mid-way
    size = min(64 << 20, (lay.ram_end - lay.free) & ~0xfffff)
    out = interrupt_after(c, f"crc32 0x{lay.free:x} 0x{size:x}", r"crc32: 8 of \d+ MiB", "crc32")
    t.check(f"Ctrl-C stops crc32 over {size >> 20} MiB after a progress line",
            "^C" in out and "crc32 0x" not in out, out)


def mtest_checks(t, c, lay):
    buf = lay.free + 0x100000
    out = c.run(f"mtest 0x{buf:x} 64K 2 0x1234")
    t.check("mtest passes two iterations over 64 KiB of free RAM, printing its seed",
            "seed 0x00001234" in out and "iteration 2 passed" in out and "FAILED" not in out, out)
    # the last pattern written is the random one: its words are xorshift32
    # from the iteration's seed, so the memory shows what was tested
    seed = (0x1234 + 0x9e3779b9) & 0xffffffff
    x, want = seed, []
    for _ in range(4):
        x ^= (x << 13) & 0xffffffff
        x ^= x >> 17
        x ^= (x << 5) & 0xffffffff
        want.append(x)
    got = md_bytes(c, buf, 16)
    words = [int.from_bytes(got[i:i + 4], "little") for i in range(0, 16, 4)]
    t.check("mtest wrote the seeded random pattern (read back with md)", words == want,
            f"{[hex(w) for w in words]} vs {[hex(w) for w in want]}")
    cases = [
        (f"mtest 0x{lay.regions['heap'][0]:x} 4K", "overlaps the firmware's heap"),
        (f"mtest 0x{lay.regions['pgtables'][0]:x} 4K", "overlaps the firmware's pgtables"),
        (f"mtest 0x{lay.regions['text'][0]:x} 4K", "overlaps the firmware's text"),
        (f"mtest 0x{lay.free - 4:x} 8", "overlaps the firmware's heap"),
        ("mtest 0xf0000000 4K", "tests only free RAM"),
        (f"mtest 0x{lay.ram_end - 4:x} 8", "tests only free RAM"),
        (f"mtest 0x{buf + 2:x} 4K", "multiples of 4"),
        (f"mtest 0x{buf:x} 4K 0", "iterations must be 1 to"),
        (f"mtest 0x{buf:x} 512M", "more than the 256 MiB"),
    ]
    for line, want in cases:
        out = c.run(line)
        t.check(f"'{line}' is refused: {want}", "error: " in out and want in out, out)
    size = min(32 << 20, (lay.ram_end - buf) & ~0xfffff)
    out = interrupt_after(c, f"mtest 0x{buf:x} 0x{size:x} 100", r"mtest: 8 of \d+ MiB", "mtest")
    t.check(f"Ctrl-C stops mtest over {size >> 20} MiB after a progress line",
            "^C" in out and "passed" not in out, out)
    out = c.run("uptime")
    t.check("the shell goes on after mtest", "up " in out, out)


def crc16(data):
    """CRC-16/XMODEM, computed here independently of the firmware."""
    crc = 0
    for b in data:
        crc ^= b << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021 if crc & 0x8000 else crc << 1) & 0xffff
    return crc


def ym_block(seq, payload, size):
    payload = payload.ljust(size, b"\x1a" if seq else b"\0")
    return bytes([SOH if size == 128 else STX, seq & 0xff, ~seq & 0xff]) + payload + \
        crc16(payload).to_bytes(2, "big")


class YmodemSender:
    """The sending side, as sz does it, over the console's pty."""

    def __init__(self, c):
        self.c = c
        self.naks = 0

    def wait(self, *replies, timeout=15):
        i = self.c.p.expect_exact([chr(r) for r in replies], timeout=timeout)
        return replies[i]

    def send(self, block, corrupt=False):
        """Send until ACKed; with @corrupt the first copy has a flipped bit."""
        first = bytearray(block)
        if corrupt:
            first[40] ^= 0x04
        write_paced(self.c.p.child_fd, bytes(first))
        while self.wait(ACK, NAK) == NAK:
            self.naks += 1
            write_paced(self.c.p.child_fd, block)

    def start(self, c_line):
        self.c.p.send(c_line + "\r")
        self.c.p.expect(r"loady: send with YMODEM, up to \d+ bytes at 0x[0-9a-f]{8}[^\n]*\n")
        self.wait(ord("C"))

    def file(self, name, data, corrupt_block=None, stop_after=None):
        header = name.encode() + b"\0" + str(len(data)).encode() + b" 0 100644"
        self.send(ym_block(0, header, 128))
        self.wait(ord("C"))
        blocks = [data[i:i + 1024] for i in range(0, len(data), 1024)]
        for k, chunk in enumerate(blocks, 1):
            if stop_after is not None and k > stop_after:
                write_paced(self.c.p.child_fd, bytes([CAN, CAN]))
                return
            self.send(ym_block(k, chunk, 1024 if len(chunk) > 128 else 128),
                      corrupt=k == corrupt_block)
        self.c.p.send(chr(EOT))
        self.wait(NAK)
        self.c.p.send(chr(EOT))
        self.wait(ACK)
        self.wait(ord("C"))
        self.send(ym_block(0, b"", 128))


LOADY_RE = r"loady: '([^']*)', (\d+) bytes at 0x([0-9a-f]{8}), crc32 0x([0-9a-f]{8})"


def loady(c, data, name="prog.bin", where="", **kw):
    """Send @data with loady; (name, size, addr, crc) it printed, NAKs seen."""
    y = YmodemSender(c)
    y.start(f"loady {where}".strip())
    y.file(name, data, **kw)
    c.p.expect(LOADY_RE, timeout=30)
    m = c.p.match
    c.p.expect_exact(PROMPT)
    return (m.group(1), int(m.group(2)), int(m.group(3), 16), int(m.group(4), 16)), y.naks


def loady_checks(t, c, lay):
    data = bytes((i * 37 + (i >> 8)) & 0xff for i in range(5000))
    (name, size, addr, crc), naks = loady(c, data, corrupt_block=2)
    t.check("loady receives 5000 bytes, one block corrupted and sent again; "
            "its crc32 is zlib's", name == "prog.bin" and size == 5000 and naks == 1 and
            crc == zlib.crc32(data), f"{name} {size} naks {naks} crc 0x{crc:08x} "
            f"want 0x{zlib.crc32(data):08x}")
    t.check("loady's default address is RAM + 16 MiB", addr == lay.ram + (16 << 20), hex(addr))
    back = md_bytes(c, addr, 5000)
    t.check("the file is in memory (read back with md)", back == data,
            f"{len(back)} bytes, first difference at "
            f"{next((i for i in range(min(len(back), len(data))) if back[i] != data[i]), None)}")
    _, mem_crc = crc_of(c.run(f"crc32 0x{addr:x} {size}"))
    t.check("crc32 of the loaded range agrees", mem_crc == crc, f"0x{mem_crc or 0:08x}")

    where = lay.free + 0x300000
    (_, size, addr, crc), _ = loady(c, data[:100], name="small", where=f"0x{where:x}")
    t.check("loady <addr> puts a 100-byte file there",
            size == 100 and addr == where and crc == zlib.crc32(data[:100]), f"{size} 0x{addr:x}")

    y = YmodemSender(c)
    y.start("loady")
    y.file("big.bin", data, stop_after=2)
    c.p.expect_exact(PROMPT, timeout=30)
    out = c.p.before
    t.check("a transfer the sender cancels (CAN CAN) after two blocks ends with a message",
            "loady: cancelled by the sender after 2048 bytes" in out, out)
    out = c.run("uptime")
    t.check("the shell goes on after the cancelled transfer", "up " in out, out)

    c.p.send("loady\r")
    c.p.expect(r"loady: send with YMODEM[^\n]*\n")
    c.p.send("\x03")
    c.p.expect_exact(PROMPT, timeout=30)
    t.check("Ctrl-C cancels loady before the sender starts",
            "loady: cancelled (Ctrl-C) after 0 bytes" in c.p.before, c.p.before)

    cases = [
        (f"loady 0x{lay.regions['heap'][0]:x}", "overlaps the firmware's heap"),
        (f"loady 0x{lay.regions['pgtables'][0]:x}", "overlaps the firmware's pgtables"),
        ("loady 0xf0000000", "loady takes only free RAM"),
    ]
    for line, want in cases:
        out = c.run(line)
        t.check(f"'{line}' is refused: {want}", "error: " in out and want in out, out)


def assemble(source):
    """A32 source to a flat binary (position-independent by construction)."""
    with tempfile.TemporaryDirectory() as d:
        src, obj, out = (os.path.join(d, n) for n in ("p.s", "p.o", "p.bin"))
        with open(src, "w") as f:
            f.write(".syntax unified\n.arm\n" + source + "\n")
        subprocess.run(["arm-none-eabi-as", "-march=armv5te", "-o", obj, src], check=True)
        subprocess.run(["arm-none-eabi-objcopy", "-O", "binary", obj, out], check=True)
        with open(out, "rb") as f:
            return f.read()


# argc * 1000 + the first character of argv[1] (argv[0] is the address)
ARGS_PROG = """
    ldr  r2, [r1, #4]
    ldrb r2, [r2]
    mov  r3, #1000
    mul  r0, r3, r0
    add  r0, r0, r2
    bx   lr
"""
# a + b, the example of the issue: argc and argc again
ADD_PROG = """
    mov  r1, r0
    add  r0, r0, r1
    bx   lr
"""
# writes to its own code: the page must not be writable while it runs
SELF_WRITE_PROG = """
    adr  r1, here
here:
    str  r0, [r1]
    bx   lr
"""
NULL_PROG = """
    mov  r0, #0
    ldr  r0, [r0]
    bx   lr
"""
UDF_PROG = """
    .word 0xe7f000f0
    bx   lr
"""


def pt_prot(c, va):
    """The permissions `pt` shows for the range holding @va."""
    for m in re.finditer(r"^0x([0-9a-f]{8})-0x([0-9a-f]{8})\s+\S+\s+pa \S+\s+\S+\s+([r-][w-][x-])",
                         c.run("pt"), re.M):
        if int(m.group(1), 16) <= va <= int(m.group(2), 16):
            return m.group(3)
    return None


def go_checks(t, c, lay):
    where = lay.free + 0x400000
    (_, size, addr, _), _ = loady(c, assemble(ARGS_PROG), name="args.bin", where=f"0x{where:x}")
    out = c.run(f"go 0x{addr:x} xyz")
    t.check("go runs a program loady received, with argc and argv (2 * 1000 + 'x')",
            "go: returned 2120 (0x00000848)" in out, out)
    out = c.run(f"go 0x{addr:x} A b c")
    t.check("go passes every argument (4 * 1000 + 'A')", "go: returned 4065" in out, out)
    # as the rest of free RAM: rw- (rwx on ARMv5, which has no execute-never)
    after, other = pt_prot(c, addr), pt_prot(c, lay.free + 0x100000)
    t.check("after go the pages are back to what the rest of free RAM is (read-write)",
            after == other and after[1] == "w", f"{after} vs {other}")

    (_, _, addr, _), _ = loady(c, assemble(ADD_PROG), name="add.bin", where=f"0x{where:x}")
    out = c.run(f"go 0x{addr:x} a b")
    t.check("go runs a second program loaded at the same address (add r0, r0, r1: 3 + 3)",
            "go: returned 6 " in out, out)

    (_, _, addr, _), _ = loady(c, assemble(SELF_WRITE_PROG), name="w.bin", where=f"0x{where:x}")
    out = c.run(f"go 0x{addr:x}")
    t.check("code that writes to its own page takes a permission fault (W^X holds)",
            "permission fault" in out and f"write at 0x{addr + 4:08x}" in out, out)
    out = c.run(f"poke 0x{addr:x} 0x12345678")
    t.check("after the fault the pages are writable again", "error" not in out and
            "fault" not in out, out)

    (_, _, addr, _), _ = loady(c, assemble(NULL_PROG), name="null.bin", where=f"0x{where:x}")
    out = c.run(f"go 0x{addr:x}")
    t.check("a NULL dereference inside go prints the decoded fault, then the prompt",
            "data abort" in out and "read at 0x00000000" in out and "returned" not in out, out)
    (_, _, addr, _), _ = loady(c, assemble(UDF_PROG), name="udf.bin", where=f"0x{where:x}")
    out = c.run(f"go 0x{addr:x}")
    t.check("an undefined instruction inside go is reported", "undefined" in out, out)
    out = c.run("uptime")
    t.check("the shell goes on after the faults in go", "up " in out, out)

    out = c.run(f"go 0x{addr + 0x1000:x}")
    t.check("go refuses an address outside what loady received",
            "error: go runs what loady received" in out, out)
    out = c.run(f"go 0x{lay.regions['text'][0]:x}")
    t.check("go refuses the firmware's own code", "error: go runs what loady received" in out, out)


def main():
    args = console_args(__doc__)
    t = Tap()

    def checks(c):
        lay = Layout(c.run("info"))
        bulk_checks(t, c, lay)
        mtest_checks(t, c, lay)
        loady_checks(t, c, lay)
        go_checks(t, c, lay)

    one_session(t, args.qemu, args.elf, checks)
    return tap_end(t)


if __name__ == "__main__":
    sys.exit(main())
