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
        self.banner = ""

    def boot(self):
        self.p.expect_exact(PROMPT)
        self.banner = self.p.before
        return self.banner

    def run(self, line):
        """Type a line, return what it printed before the next prompt."""
        self.p.send(line + "\r")
        self.p.expect_exact(PROMPT)
        out = self.p.before
        # drop the echoed command line itself
        return out.split("\r\n", 1)[1] if "\r\n" in out else ""

    def close(self):
        self.p.terminate(force=True)


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

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
                contains(out, "data abort: translation fault (section)", "read at 0x00000000",
                         "mapping: unmapped"), out)
        out = c.run("info")
        t.check("the shell keeps working after a fault",
                contains(out, f"board     {board}", "tables"), out)

        text = re.search(r"text\s+0x([0-9a-f]{8})", out)
        if text:
            out = c.run(f"poke 0x{text.group(1)} 0")
            t.check("a write to .text is a permission fault, reported",
                    contains(out, "permission fault (page)", "write at 0x" + text.group(1)), out)
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
        t.check("pt <va> walks an unmapped address", contains(out, "L1 descriptor 0x00000000: fault",
                                                               "unmapped"), out)
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
        c.p.send("iom\t\r")
        c.p.expect_exact(PROMPT)
        t.check("tab completes a command name", "mappings" in c.p.before, c.p.before)
        time_checks(t, c)
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
    start = time.monotonic()
    c.run("sleep 300")
    took = time.monotonic() - start
    t.check("sleep 300 takes at least 300 ms", 0.3 <= took < 3, f"took {took:.3f} s")
    out = c.run("irq")
    t.check("irq counts the tick and the console UART",
            re.search(r"tick\s+[1-9]\d*", out) and re.search(r"uart0\s+[1-9]\d*", out), out)
    c.p.send("timer start 100\r")
    c.p.expect(r"timer: callback 3 at \d+ ms")
    # each report re-prints the prompt, so wait for the stop's own answer
    c.p.send("timer stop\r")
    i = c.p.expect([r"timer stopped after (\d+) callbacks", pexpect.TIMEOUT])
    t.check("a periodic software timer reports, then stops",
            i == 0 and int(c.p.match.group(1)) >= 3, c.p.before)
    c.p.expect_exact(PROMPT)
    out = c.run("timer stop")
    t.check("stopping no timer is an error", "no timer running" in out, out)


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


def receive_checks(t, c):
    data = random.Random(1234).randbytes(64 * 1024)
    c.p.send(f"rx {len(data)}\r")
    c.p.expect(rf"rx: send {len(data)} bytes\r+\n")   # the pty adds a \r (OPOST)
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


def power_checks(t, c):
    c.p.send("reset\r")
    c.p.expect(r"firmware on \S+: ")
    c.p.expect_exact(PROMPT)
    out = c.run("uptime")
    t.check("reset reboots to a fresh prompt", re.search(r"up 0\.\d{3} s", out), out)
    c.p.send("poweroff\r")
    c.p.expect(pexpect.EOF)
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


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--qemu", required=True)
    ap.add_argument("--elf", required=True)
    ap.add_argument("--board", required=True)
    args = ap.parse_args()
    t = Tap()
    session_checks(t, args.qemu, args.elf, args.board)
    if args.board == "virt":
        memory_sizes(t, args.qemu, args.elf, args.board, (64, 128, 512, 1024))
    print(f"1..{t.n}")
    return 1 if t.failed else 0


if __name__ == "__main__":
    sys.exit(main())
