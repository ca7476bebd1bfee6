#!/usr/bin/env python3
"""Drive the real firmware through its serial console under QEMU.

Each check prints one TAP line. Every QEMU run is bounded by a timeout and
killed at the end.
"""
import argparse
import os
import random
import re
import shlex
import sys
import time
import zlib

import pexpect

PROMPT = "\r\n> "
PROMPT_RE = r"(?:\r\n|\x1b\[2J)> "     # after `clear` the prompt follows the erase
TIMEOUT = 10


class Console:
    def __init__(self, qemu, elf, memory=None):
        cmd = shlex.split(qemu)
        if memory:
            i = cmd.index("-m")
            cmd[i + 1] = str(memory)
        # signal=off: Ctrl-C goes to the firmware, not to QEMU as SIGINT
        cmd += ["-chardev", "stdio,id=con,signal=off", "-serial", "chardev:con",
                "-kernel", elf]
        self.p = pexpect.spawn(cmd[0], cmd[1:], timeout=TIMEOUT, encoding="utf-8",
                               codec_errors="replace")
        self.p.delaybeforesend = None    # each line waits for its prompt anyway
        self.banner = ""

    def boot(self):
        self.p.expect_exact(PROMPT)
        self.banner = self.p.before
        return self.banner

    def run(self, line):
        """Type a line, return what it printed before the next prompt."""
        self.p.send(line + "\r")
        self.p.expect(PROMPT_RE)
        out = self.p.before
        # drop the echoed command line itself
        return out.split("\r\n", 1)[1] if "\r\n" in out else ""

    def close(self):
        self.p.terminate(force=True)


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def skip(self, name, why):
        self.n += 1
        print(f"ok {self.n} - {name} # SKIP {why}")
        sys.stdout.flush()

    def check(self, name, ok, detail=""):
        self.n += 1
        if ok:
            print(f"ok {self.n} - {name}")
        else:
            self.failed += 1
            print(f"not ok {self.n} - {name}")
            for line in str(detail).splitlines()[-25:]:
                print(f"#   {line}")
        sys.stdout.flush()


def console_args(doc):
    """The arguments every console test script takes."""
    ap = argparse.ArgumentParser(description=doc)
    ap.add_argument("--qemu", required=True)
    ap.add_argument("--elf", required=True)
    ap.add_argument("--board", required=True)
    return ap.parse_args()


def one_session(t, qemu, elf, checks):
    """Boot one firmware, run checks(c) on its console, close it. A console
    that stops answering is one failed check, not a traceback."""
    c = Console(qemu, elf)
    try:
        c.boot()
        checks(c)
    except (pexpect.TIMEOUT, pexpect.EOF) as e:
        t.check("the console answered", False, f"{type(e).__name__}\n{c.p.before}")
    finally:
        c.close()


def tap_end(t):
    """The TAP plan line, and the exit status."""
    print(f"1..{t.n}")
    return 1 if t.failed else 0


def contains(out, *needles):
    return all(n in out for n in needles)


def session_checks(t, qemu, elf, board):
    c = Console(qemu, elf)
    try:
        banner = c.boot()
        t.check("banner names the board and CPU",
                re.search(rf"firmware on {board}: \S+ .*MIDR 0x[0-9a-f]{{8}}", banner), banner)
        t.check("banner shows RAM and the image",
                re.search(r"RAM 0x[0-9a-f]{8}, \d+ MiB", banner) and
                re.search(r"image 0x[0-9a-f]{8}-0x[0-9a-f]{8}, \d+ KiB", banner), banner)
        t.check("banner says the MMU is on", "MMU on:" in banner, banner)

        out = c.run("help")
        t.check("help lists the commands",
                contains(out, "info", "pt", "iomap", "ioremap", "md", "peek", "poke"), out)
        out = c.run("help md")
        t.check("help <command> shows its usage", contains(out, "usage: md <addr> [len]"), out)

        out = c.run("peek 0")
        t.check("NULL read is reported decoded and the prompt returns",
                re.search(r"data abort: translation fault \((section|level 2)\)", out) and
                contains(out, "read at 0x00000000", "mapping: unmapped"), out)
        out = c.run("info")
        t.check("the shell keeps working after a fault",
                contains(out, f"board     {board}", "tables"), out)
        t.check("info shows uptime and the RTC's wall-clock time",
                re.search(r"^uptime\s+\d+\.\d{3} s", out, re.M) and
                re.search(r"^rtc\s+20\d\d-\d\d-\d\d \d\d:\d\d:\d\d UTC", out, re.M), out)

        text = re.search(r"text\s+0x([0-9a-f]{8})", out)
        if text:
            out = c.run(f"poke 0x{text.group(1)} 0")
            t.check("a write to .text is a permission fault, reported",
                    re.search(r"permission fault \((page|level 3)\)", out) and
                    contains(out, "write at 0x" + text.group(1)), out)
            out = c.run(f"md 0x{text.group(1)} 16")
            t.check("md dumps .text in hex and ASCII",
                    re.search(rf"{text.group(1)}: ([0-9a-f]{{2}} ){{16}}", out), out)
        else:
            t.check("info shows the text region", False, out)

        out = c.run("pt")
        t.check("pt lists .text as r-x and the console as device",
                # rwx where the CPU has no execute-never (ARMv5); t_mmu checks XN on v7
                re.search(r"normal\s+r-x", out) and re.search(r"device\s+rw[-x]", out), out)
        out = c.run("pt 0")
        t.check("pt <va> walks an unmapped address",
                re.search(r"L[12] descriptor 0x0+: fault", out) and "unmapped" in out, out)
        out = c.run("iomap")
        t.check("iomap lists the console mapping",
                re.search(r"pa 0x[0-9a-f]{8}\s+4 KiB\s+device\s+console_init", out), out)

        out = c.run("frobnicate")
        t.check("an unknown command is refused", "unknown command 'frobnicate'" in out, out)
        out = c.run("peek 0xZZ")
        t.check("a bad number is refused", "is not a number" in out, out)
        out = c.run("peek")
        t.check("a missing argument gets the usage",
                contains(out, "missing arguments", "usage: peek"), out)
        out = c.run("help a b c")
        t.check("extra arguments get the usage", contains(out, "too many arguments"), out)
        out = c.run("x" * 300)
        t.check("an overlong line is refused", "line too long" in out, out)

        c.p.send("info\x03")
        c.p.expect_exact(PROMPT)
        t.check("Ctrl-C abandons the line", "^C" in c.p.before, c.p.before)
        c.run("help pt")
        c.p.send("\x1b[A\r")
        c.p.expect_exact(PROMPT)
        t.check("up-arrow recalls the last line", "usage: pt [va]" in c.p.before, c.p.before)
        c.p.send("ioma\t\r")
        c.p.expect_exact(PROMPT)
        t.check("tab completes a command name", "mappings" in c.p.before, c.p.before)
        time_checks(t, c)
        command_checks(t, c)
        editing_checks(t, c)
        inline_editing_checks(t, c)
        ownership_checks(t, c)
        high_ioremap_checks(t, c)
        access_checks(t, c)
        typeahead_checks(t, c)
        random_lines(t, c, 1000)
        receive_checks(t, c)
        power_checks(t, c)
    except (pexpect.TIMEOUT, pexpect.EOF) as e:
        t.check("console session finished without a hang", False, f"{e}\n{c.p.before}")
    finally:
        c.close()


def time_checks(t, c):
    out = c.run("uptime")
    t.check("uptime reports seconds and ticks",
            re.search(r"up \d+\.\d{3} s, \d+ ticks at 1000 Hz", out), out)
    # The upper bound comes from this host's own round-trip time, measured
    # now, so a loaded host widens it instead of failing the check.
    trips = []
    for _ in range(5):
        start = time.monotonic()
        c.run("uptime")
        trips.append(time.monotonic() - start)
    bound = 0.3 + 1.0 + 10 * max(trips)
    start = time.monotonic()
    c.run("sleep 300")
    took = time.monotonic() - start
    t.check("sleep 300 takes at least 300 ms, and not much more", 0.3 <= took < bound,
            f"took {took:.3f} s; bound {bound:.3f} s from round trips of "
            + ", ".join(f"{x * 1000:.0f}" for x in trips) + " ms")
    out = c.run("irq")
    t.check("irq counts the tick and the console UART",
            re.search(r"tick\s+[1-9]\d*", out) and re.search(r"uart0\s+[1-9]\d*", out), out)
    c.p.send("timer start 100\r")
    c.p.expect(r"timer: callback 3 at \d+ ms")
    c.p.send("timer start 200\r")
    i = c.p.expect([r"timer: replacing the running timer \((\d+) callbacks\)", pexpect.TIMEOUT])
    t.check("timer start while one runs says it replaces it",
            i == 0 and int(c.p.match.group(1)) >= 3, c.p.before)
    c.p.expect(r"timer: callback 2 at \d+ ms")
    # each report re-prints the prompt, so wait for the stop's own answer
    c.p.send("timer stop\r")
    i = c.p.expect([r"timer stopped after (\d+) callbacks", pexpect.TIMEOUT])
    t.check("a periodic software timer reports, then stops",
            i == 0 and int(c.p.match.group(1)) >= 2, c.p.before)
    c.p.expect_exact(PROMPT)
    out = c.run("timer stop")
    t.check("stopping no timer is an error", "no timer running" in out, out)
    out = c.run("help timer")
    t.check("help timer states the minimum period", "period >= 10 ms" in out, out)


def write_paced(fd, data, chunk=16, gap=0.001):
    """Send like a serial line at roughly 115200 baud: 16 bytes a millisecond.

    Bursts are not what a UART sees, and QEMU 7.2's chardev input can stall
    for good after the guest FIFO fills (its read watch is a child GSource
    whose readiness can skip re-arming; fixed in later QEMU's char-io.c).
    A pty may also take only part of a write: keep writing the rest."""
    view = memoryview(data)
    while view:
        try:
            n = os.write(fd, view[:chunk])
        except BlockingIOError:
            n = 0
        view = view[n:]
        time.sleep(gap)


def board_facts(c):
    """RAM and device addresses as the firmware's `info` reports them."""
    out = c.run("info")
    ram = re.search(r"^ram\s+0x([0-9a-f]{8})-0x([0-9a-f]{8})", out, re.M)
    devices = {m.group(1): int(m.group(2), 16)
               for m in re.finditer(r"^  (\S+)\s+\S+\s+0x([0-9a-f]{8})\s+\d+ KiB", out, re.M)}
    return int(ram.group(1), 16), int(ram.group(2), 16), devices


def command_checks(t, c):
    """Every command's help and error paths; ioremap/iounmap through the shell."""
    ram, ram_last, devices = board_facts(c)
    rtc = devices.get("rtc")
    names = re.findall(r"^  (\w+)\s", c.run("help"), re.M)
    bad = [n for n in names if f"usage: {n}" not in c.run(f"help {n}")]
    t.check(f"help <command> works for all {len(names)} commands", names and not bad, bad)
    cases = [
        ("poke 0x40100000 0x1ff b", "does not fit in 1 byte"),
        ("peek 0x40100000 q", "width 'q' is not b, w or l"),
        ("md 0xfffffff0 0x100", "range wraps past 4 GiB"),
        (f"ioremap 0x{ram + 0x100000:08x} 0x1000", "overlaps RAM"),
        (f"ioremap 0x{rtc:08x} 0", "size 0"),
        (f"ioremap 0x{rtc:08x} 0x1000 xx", "type 'xx' is not dev, so or wc"),
        ("iounmap 0x12345678", "not the start of a live ioremap() mapping"),
        ("cache inval 0x1000 4K", "'inval' is not clean or flush"),
        ("cache flush 0xfffff000 8K", "range wraps past 4 GiB"),
        ("timer start 5", "period below 10 ms"),
        ("timer bogus", "say 'timer start <ms>' or 'timer stop'"),
        ("sleep 1Q", "is not a number"),
        # above 4 GiB an address is physical RAM, reached through kmap_phys()
        ("peek 0x100000000", "above 4 GiB and not RAM beyond the identity map"),
        ("peek 0x10000000000", "below 1 TiB"),
        ("poke 0x40000000 0x100000000", "below 4 GiB"),
        ("help nosuch", "no command 'nosuch'"),
        ('info "unterminated', "unterminated quote"),
        ("a b c d e f g h i", "more than 8 words"),
        # sizes beyond what makes sense, refused before anything runs
        ("rx 4095M", "more than rx takes"),
        ("md 0 2M", "more than the 1024 KiB this command takes"),
        ("cache clean 0 128M", "more than the 65536 KiB this command takes"),
        ("sleep 4000000", "more than an hour"),
    ]
    for line, want in cases:
        out = c.run(line)
        t.check(f"'{line}' is refused: {want}", want in out, out)

    out = c.run(f"cache flush 0x{ram + 0x200001:08x} 4K")
    t.check("cache flush counts the lines of an unaligned range",
            re.search(r"flush: (\d+) lines of (\d+) bytes", out) and
            int(re.search(r"(\d+) lines of (\d+)", out).group(1)) ==
            4096 // int(re.search(r"lines of (\d+)", out).group(1)) + 1, out)
    out = c.run(f"ioremap 0x{rtc:08x} 0x1000")
    m = re.search(r"^0x([0-9a-f]{8})", out, re.M)
    t.check("ioremap from the shell prints a window address", m and m.group(1).startswith("f"), out)
    if m:
        va = "0x" + m.group(1)
        out = c.run("iomap")
        t.check("iomap lists the shell's mapping",
                re.search(rf"{va}-\S+\s+pa 0x{rtc:08x}\s+4 KiB\s+device\s+shell", out), out)
        out = c.run(f"peek {va}")
        t.check("peek reads the RTC through the new mapping", re.search(r"^0x[0-9a-f]{8}", out, re.M), out)
        c.run(f"iounmap {va}")
        out = c.run(f"peek {va}")
        t.check("after iounmap the address faults, and the shell goes on",
                "translation fault" in out and "I/O window" in out, out)
        out = c.run(f"iounmap {va}")
        t.check("a second iounmap warns", "warning" in out, out)

    # Ctrl-C stops long commands
    start_md = ram + 0x200000
    c.p.send(f"md 0x{start_md:08x} 1M\r")
    c.p.expect(rf"{start_md >> 12:05x}[0-9a-f]{{3}}: ")
    c.p.send("\x03")
    c.p.expect_exact(PROMPT)
    t.check("Ctrl-C stops a long md", "^C" in c.p.before, c.p.before[-300:])
    start = time.monotonic()
    c.p.send("sleep 20000\r")
    time.sleep(0.3)
    c.p.send("\x03")
    c.p.expect_exact(PROMPT)
    t.check("Ctrl-C stops a sleep", time.monotonic() - start < 5, c.p.before)


def editing_checks(t, c):
    out = c.run("helq\x08p md")
    t.check("backspace erases", "usage: md" in out, out)
    out = c.run("helq\x7fp pt")
    t.check("DEL erases", "usage: pt" in out, out)
    out = c.run("garbage\x15uptime")
    t.check("Ctrl-U kills the line", "up " in out and "unknown" not in out, out)
    c.run("help iomap")
    c.run("help irq")
    out = c.run("\x1b[A\x1b[A")
    t.check("up twice recalls the line before last", "usage: iomap" in out, out)
    # running the recalled line made it the newest: iomap, irq, iomap
    out = c.run("\x1b[A\x1b[A\x1b[B")
    t.check("down moves back towards the newest line", "usage: iomap" in out, out)
    # Lines that each print something different, so a recall shows which
    # line came back: after h00..h19, 16 ups reach h04 only if 16 are kept.
    for i in range(20):
        c.run(f"h{i:02d}")
    out = c.run("\x1b[A" * 16)
    t.check("history holds 16 lines (16 ups recall the 16th newest)",
            "unknown command 'h04'" in out, out)
    # running h04 again made it the newest: h05 is now the oldest
    out = c.run("\x1b[A" * 40)
    t.check("up past the oldest line stays on it", "unknown command 'h05'" in out, out)


def inline_editing_checks(t, c):
    """Item 17: cursor keys in xterm and VT100 encodings, Delete, the ESC timeout."""
    left, right, home, end, delete = "\x1b[D", "\x1b[C", "\x1b[H", "\x1b[F", "\x1b[3~"
    out = c.run("hlp md" + home + right + "e")
    t.check("Home and Right, then a character inserted mid-line", "usage: md" in out, out)
    out = c.run("elp pt" + "\x1bOH" + "h" + "\x1bOF" + "\x1bOD" + "\x1bOC")
    t.check("VT100 Home/End/Left/Right (ESC O H/F/D/C)", "usage: pt" in out, out)
    out = c.run("help m" + "\x1b[1~" + "\x1b[4~" + "d")
    t.check("Home and End as ESC [ 1 ~ / ESC [ 4 ~", "usage: md" in out, out)
    out = c.run("uptimex" + left + delete)
    t.check("Delete erases the character under the cursor", re.search(r"^up \d", out, re.M), out)
    out = c.run("uptime" + left * 3 + "\x08" + "t" + end)
    t.check("Backspace mid-line", re.search(r"^up \d", out, re.M), out)
    # Unknown sequences are dropped whole: Linux console F1, Insert, F5,
    # a device-attributes report, bracketed-paste markers
    out = c.run("\x1b[[A\x1b[2~\x1b[15~\x1b[?1;2c\x1b[200~uptime\x1b[201~")
    t.check("unknown escape sequences leave nothing in the line",
            re.search(r"^up \d", out, re.M), out)
    # a lone ESC, a pause, then a command: the ESC must not eat the 'u'
    c.p.send("\x1b")
    time.sleep(1.0)     # five times the firmware's 200 ms ESC timeout
    out = c.run("uptime")
    t.check("a lone ESC times out and the next key is typed", re.search(r"^up \d", out, re.M), out)


def ownership_checks(t, c):
    """Item 14: the shell unmaps only what it mapped."""
    out = c.run("iomap")
    entries = re.findall(r"^  (0x[0-9a-f]{8})-\S+\s+pa \S+\s+\d+ KiB\s+\S+\s+(\S+)\s*$", out, re.M)
    drivers = [(va, owner) for va, owner in entries if owner != "shell"]
    t.check("iomap lists the drivers' mappings", len(drivers) >= 3, out)
    bad = []
    for va, owner in drivers:
        res = c.run(f"iounmap {va}")
        if f"belongs to {owner}" not in res:
            bad.append((va, owner, res))
        # an address inside the mapping, not its start, names the owner too
        inside = f"0x{int(va, 16) + 4:08x}"
        res = c.run(f"iounmap {inside}")
        if f"belongs to {owner}" not in res:
            bad.append((inside, owner, res))
    t.check(f"iounmap of each of {len(drivers)} driver mappings is refused with its owner",
            drivers and not bad, bad)
    after = c.run("iomap")
    t.check("the drivers' mappings are all still there, and the console answers",
            all(va in after for va, _ in drivers) and "up " in c.run("uptime"), after)
    c.p.send("sleep 200\r")
    c.p.expect_exact(PROMPT)
    t.check("the tick and console interrupts still run (sleep returns)", True)


def high_ioremap_checks(t, c, label=""):
    """Issue 13: a device above 4 GiB (QEMU virt's ECAM at 0x40_1000_0000, in
    the tree when highmem is on) is mapped where the tables reach 40-bit
    physical addresses (LPAE pages, or short-descriptor supersections), and
    refused with a reason where they do not (ARMv5: no supersections)."""
    info = c.run("info")
    ecam = re.search(r"pci-host-ecam-generic\s+0x([0-9a-f]{9,10})\b", info)
    reaches = "long-descriptor" in info or "supersections" in info
    if not reaches:
        out = c.run("ioremap 0x4010000000 0x1000")
        t.check(f"{label}tables without 40-bit reach refuse ioremap above 4 GiB, saying why",
                not re.search(r"^0x[0-9a-f]{8}\s*$", out, re.M) and "ioremap: refused" in out
                and "above" in out, out)
        return
    if not ecam:
        t.skip(f"{label}ioremap of a device above 4 GiB",
               "no PCIe configuration space above 4 GiB in this machine's tree")
        return
    pa = int(ecam.group(1), 16)
    out = c.run(f"ioremap 0x{pa:x} 0x1000")
    va = re.search(r"^(0x[0-9a-f]{8})\s*$", out, re.M)
    t.check(f"{label}ioremap of the ECAM above 4 GiB returns an address", va, out)
    if not va:
        return
    got = c.run(f"peek {va.group(1)}")
    t.check(f"{label}peek there reads the host bridge's vendor/device ID 0x00081b36",
            "0x00081b36" in got, got)
    walk = c.run(f"pt {va.group(1)}")
    t.check(f"{label}pt walks it to the 40-bit physical address",
            f"-> pa 0x{pa:x}" in walk, walk)
    # short descriptors map the 16 MiB supersection around it
    size = "4 KiB" if "long-descriptor" in info else "16384 KiB"
    iomap = c.run("iomap")
    t.check(f"{label}iomap lists it with its 40-bit physical address and {size}",
            re.search(rf"pa 0x{pa:x}\s+{size}\s+device\s+shell", iomap), iomap)
    if "supersections" in info:
        t.check(f"{label}pt shows the supersection", "supersection (16 MiB)" in walk, walk)
        dump = c.run("pt")
        t.check(f"{label}the table dump counts it as one supersection",
                re.search(rf"pa 0x{pa:x} .*1 supersection", dump), dump)
    c.run(f"iounmap {va.group(1)}")
    walk = c.run(f"pt {va.group(1)}")
    t.check(f"{label}iounmap leaves it unmapped", "unmapped" in walk, walk)


def short_format_checks(t, qemu, elf):
    """Issue 13 on short descriptors (FORMAT=short, built beside virt's
    image): ioremap of the high ECAM goes through a supersection."""
    short = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(elf))),
                         "virt-short", "firmware.elf")
    if not os.path.exists(short):
        t.skip("virt-short: ioremap above 4 GiB", f"{short} not built (make FORMAT=short)")
        return
    c = Console(qemu, short)
    try:
        c.boot()
        high_ioremap_checks(t, c, "virt-short: ")
    except (pexpect.TIMEOUT, pexpect.EOF) as e:
        t.check("virt-short: console session finished without a hang", False,
                f"{e}\n{c.p.before}")
    finally:
        c.close()


def access_checks(t, c):
    """Items 18 and 19: pokes into the tables, unaligned Device accesses."""
    out = c.run("info")
    pg = re.search(r"^  pgtables\s+0x([0-9a-f]{8})-0x([0-9a-f]{8})", out, re.M)
    if not pg:
        t.check("info shows the pgtables region", False, out)
        return
    start, last = int(pg.group(1), 16), int(pg.group(2), 16)
    bad = []
    for addr, width in ((start, "l"), (start + (last - start) // 2 & ~3, "l"), (last, "b"),
                        (last - 1, "w")):
        res = c.run(f"poke 0x{addr:08x} 0 {width}")
        if "translation tables" not in res:
            bad.append((hex(addr), width, res))
    t.check("poke into the translation tables is refused, saying why", not bad, bad)
    out = c.run(f"peek 0x{start:08x}")
    t.check("reading the tables is still allowed", re.search(r"^0x[0-9a-f]{8}", out, re.M), out)
    t.check("the firmware still runs after the refused pokes",
            "L1 descriptor" in c.run(f"pt 0x{start:08x}") and "up " in c.run("uptime"))

    iomap = c.run("iomap")
    con = re.search(r"^  (0x[0-9a-f]{8})-\S+.*device\s+console_init", iomap, re.M)
    if not con:
        t.check("iomap shows the console mapping", False, iomap)
        return
    va = int(con.group(1), 16)
    bad = []
    for line in (f"peek 0x{va + 1:08x}", f"peek 0x{va + 2:08x} l", f"peek 0x{va + 1:08x} w",
                 f"poke 0x{va + 2:08x} 0", f"poke 0x{va + 1:08x} 0 w"):
        res = c.run(line)
        if "unaligned access to device memory" not in res:
            bad.append((line, res))
    t.check("unaligned peek/poke of device memory is refused, saying why", not bad, bad)
    out = c.run(f"peek 0x{va + 0x18:08x}")     # UARTFR: aligned, harmless
    t.check("an aligned device read still works", re.search(r"^0x[0-9a-f]{8}", out, re.M), out)


def typeahead_checks(t, c):
    """Item 16: what is typed while a command runs stays for the line editor."""
    ram, _, _ = board_facts(c)
    up = r"up \d+\.\d{3} s, \d+ ticks"
    c.p.send("sleep 300\r" + "uptime\r")
    i = c.p.expect([up, pexpect.TIMEOUT], timeout=5)
    t.check("a line typed during sleep runs after it", i == 0, c.p.before)
    c.p.expect_exact(PROMPT)
    c.p.send(f"md 0x{ram + 0x200000:08x} 0x1000\r" + "uptime\r")
    i = c.p.expect([up, pexpect.TIMEOUT], timeout=10)
    t.check("a line typed during md runs after it", i == 0, c.p.before[-300:])
    c.p.expect_exact(PROMPT)
    # text typed before a Ctrl-C survives it: only the Ctrl-C is taken
    c.p.send("sleep 20000\r")
    time.sleep(0.3)
    c.p.send("upt")
    time.sleep(0.2)
    c.p.send("\x03")
    time.sleep(0.2)
    c.p.send("ime\r")
    i = c.p.expect([up, pexpect.TIMEOUT], timeout=5)
    t.check("Ctrl-C stops a sleep and only the Ctrl-C is consumed", i == 0, c.p.before)
    c.p.expect_exact(PROMPT)


def random_lines(t, c, count):
    """Random commands with random arguments, and junk: the shell answers each."""
    rng = random.Random(4242)
    safe = ["help", "info", "pt", "iomap", "md", "peek", "uptime", "irq", "iounmap", "ioremap",
            "clear", "frob", "", "h", "p"]
    words = ["0", "0x40100000", "0xf0000000", "0xffffffff", "4K", "1M", "16", "b", "w", "l",
             "x", "0x", "-1", "99999999999", '"a b"', "dev", "so", "wc", "\t"]
    junk = "abcdefghijklmnopqrstuvwxyz0123456789 _-+=/.,:;'\"!@#$%^&*()[]{}<>?\t"
    answered = 0
    for i in range(count):
        kind = rng.random()
        if kind < 0.6:
            cmd = rng.choice(safe)
            args = [rng.choice(words) for _ in range(rng.randrange(0, 4))]
            if cmd == "md" and len(args) > 1:
                args[1] = str(rng.randrange(0, 64))
            line = " ".join([cmd] + args)
        elif kind < 0.9:
            line = "".join(rng.choice(junk) for _ in range(rng.randrange(0, 140)))
        else:
            line = rng.choice(["\x1b[A", "\x1b[B", "\x1b[C", "\x1bOA", "\x1b[1;5A", "\x15",
                               "ab\x08\x08\x08", "\x07", "\x1b"]) + rng.choice(safe)
        try:
            c.run(line)
            answered += 1
        except pexpect.TIMEOUT:
            break
    out = c.run("uptime")
    t.check(f"{count} random lines each get an answer, and the shell still works",
            answered == count and "up " in out, f"answered {answered}; last output {out!r}")


def receive_checks(t, c):
    data = random.Random(1234).randbytes(64 * 1024)
    c.p.send(f"rx {len(data)}\r")
    c.p.expect(rf"rx: send {len(data)} bytes[^\n]*\n")
    write_paced(c.p.child_fd, data)
    c.p.expect(r"rx: (\d+) bytes, crc32 0x([0-9a-f]{8}), dropped (\d+)", timeout=60)
    got, crc, dropped = int(c.p.match.group(1)), int(c.p.match.group(2), 16), int(c.p.match.group(3))
    want = zlib.crc32(data)
    t.check("64 KiB pushed into the UART arrive complete (CRC-32 compared)",
            got == len(data) and crc == want and dropped == 0,
            f"got {got} bytes crc 0x{crc:08x} dropped {dropped}, want crc 0x{want:08x}")
    c.p.expect_exact(PROMPT)
    out = c.run("help uptime")
    t.check("the console still works after the transfer", "usage: uptime" in out, out)

    # Item 15: Ctrl-C on its own, between pauses, stops rx; 0x03 in the
    # data above was data (the CRC matched)
    c.p.send("rx 1M\r")
    c.p.expect(r"rx: send 1048576 bytes[^\n]*\n")
    write_paced(c.p.child_fd, bytes(b for b in data[:100]))
    time.sleep(1.5)
    c.p.send("\x03")
    i = c.p.expect([r"rx: stopped by Ctrl-C after (\d+) bytes", r"rx: timed out", pexpect.TIMEOUT],
                   timeout=8)
    t.check("Ctrl-C stops rx (after 100 of 1 MiB)",
            i == 0 and c.p.match.group(1) == "100", f"{c.p.before}{c.p.after}")
    c.p.expect_exact(PROMPT)


def power_checks(t, c):
    c.p.send("reset\r")
    c.p.expect(r"firmware on \S+: ")
    c.p.expect_exact(PROMPT)
    out = c.run("uptime")
    t.check("reset reboots to a fresh prompt", re.search(r"up 0\.\d{3} s", out), out)
    c.p.send("poweroff\r")
    i = c.p.expect([pexpect.EOF, r"this board has no power control; halting instead"])
    if i == 1:
        # versatilepb: no power-off hardware; the documented fallback is a halt
        time.sleep(0.5)
        t.check("poweroff without power control halts, saying so", c.p.isalive())
        return
    c.p.close()
    t.check("poweroff ends QEMU with status 0", c.p.exitstatus == 0,
            f"exit status {c.p.exitstatus}, signal {c.p.signalstatus}")


def memory_sizes(t, qemu, elf, board, sizes):
    for mib in sizes:
        c = Console(qemu, elf, memory=mib)
        try:
            banner = c.boot()
            t.check(f"boots with -m {mib} and maps {mib} MiB",
                    f", {mib} MiB (from the device tree)" in banner, banner)
        except (pexpect.TIMEOUT, pexpect.EOF) as e:
            t.check(f"boots with -m {mib}", False, f"{e}\n{c.p.before}")
        finally:
            c.close()


def high_ram_checks(t, qemu, elf):
    """Issue 13: with -m 4096, the RAM past the identity map is shown by info
    and reached by peek/poke/md at its physical address above 4 GiB."""
    c = Console(qemu, elf, memory=4096)
    try:
        c.boot()
        info = c.run("info")
        t.check("-m 4096: info shows the high RAM beside the identity-mapped part",
                re.search(r"^ram high\s+0xf0000000-0x13fffffff, 1280 MiB", info, re.M), info)
        if "long-descriptor" not in info:
            out = c.run("peek 0x120000000")
            t.check("-m 4096, short descriptors: RAM above 4 GiB is refused, saying why",
                    "out of reach of these tables" in out, out)
            return
        c.run("poke 0x120000ff8 0xcafef00d")
        out = c.run("peek 0x120000ff8")
        t.check("-m 4096: poke then peek at 0x120000ff8 (above 4 GiB) reads the value back",
                "0xcafef00d" in out, out)
        out = c.run("md 0x120000ff8 16")
        t.check("-m 4096: md across a page boundary above 4 GiB",
                re.search(r"^120000ff8: 0d f0 fe ca ", out, re.M), out)
    except (pexpect.TIMEOUT, pexpect.EOF) as e:
        t.check("-m 4096: high RAM through the shell", False, f"{e}\n{c.p.before}")
    finally:
        c.close()


def main():
    args = console_args(__doc__)
    t = Tap()
    session_checks(t, args.qemu, args.elf, args.board)
    if args.board == "virt":
        memory_sizes(t, args.qemu, args.elf, args.board, (64, 128, 512, 1024))
        high_ram_checks(t, args.qemu, args.elf)
        short_format_checks(t, args.qemu, args.elf)
    return tap_end(t)


if __name__ == "__main__":
    sys.exit(main())
