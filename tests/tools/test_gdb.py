#!/usr/bin/env python3
"""The gdb extension (scripts/gdb/fw.py) against the real firmware, one TAP line a check.

The firmware boots under QEMU with its console on a pty (pexpect) and a gdb
stub on a free port. The shell's `pt`, `pt <va>` and `iomap` are compared
line for line with `fw-pt`, `fw-pt <va>` and `fw-iomap` run by gdb-multiarch
in batch mode; `fw-fault` with the shell's own fault report. Then the
firmware is crashed for real (a fatal data abort, reported and halted) and
the commands must still work on the hung CPU.
"""
import argparse
import os
import re
import shlex
import socket
import subprocess
import sys

import pexpect

HERE = os.path.dirname(os.path.abspath(__file__))
EXTENSION = os.path.join(HERE, "..", "..", "scripts", "gdb", "fw.py")
PROMPT_RE = r"\r\n> "
GDB_TIMEOUT = 60
# Mappings of every memory type and size class, outside RAM on both boards:
# a 1 MiB section, a Strongly-ordered page, two write-combining pages, and a
# Device page that is unmapped again.
EXTRA_MAPPINGS = ("ioremap 0xe0000000 0x100000", "ioremap 0xe0200000 0x1000 so",
                  "ioremap 0xe0300000 0x2000 wc", "ioremap 0xe0400000 0x1000")


class Tap:
    def __init__(self):
        self.n = self.failed = 0

    def check(self, name, ok, detail=""):
        self.n += 1
        print(f"{'ok' if ok else 'not ok'} {self.n} - {name}")
        if not ok:
            self.failed += 1
            for line in str(detail).splitlines()[-40:]:
                print(f"#   {line}")
        sys.stdout.flush()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Target:
    """The firmware under QEMU: console through pexpect, gdb stub on a TCP port."""

    def __init__(self, qemu, elf):
        self.elf = elf
        for _ in range(5):          # another process may take the port first: retry
            self.port = free_port()
            cmd = shlex.split(qemu) + ["-chardev", "stdio,id=con,signal=off",
                                       "-serial", "chardev:con",
                                       "-gdb", f"tcp:127.0.0.1:{self.port}", "-kernel", elf]
            self.p = pexpect.spawn(cmd[0], cmd[1:], timeout=20, encoding="utf-8",
                                   codec_errors="replace")
            i = self.p.expect([r"\r\n> ", "Address already in use", pexpect.EOF])
            if i == 0:
                return
            self.p.terminate(force=True)
        raise RuntimeError("QEMU did not start with a gdb stub")

    def run(self, line):
        self.p.send(line + "\r")
        self.p.expect(PROMPT_RE)
        out = self.p.before.replace("\r", "")    # the firmware's CRLF, and the pty's CR
        return out.split("\n", 1)[1] if "\n" in out else ""

    def gdb(self, *commands, pre=()):
        """Run gdb-multiarch in batch mode; returns (status, stdout, stderr)."""
        argv = ["gdb-multiarch", "-q", "-batch", "-nx",
                "-ex", "set pagination off", "-ex", "set confirm off",
                "-ex", f"target remote 127.0.0.1:{self.port}", "-x", EXTENSION]
        for c in list(pre) + list(commands):
            argv += ["-ex", c]
        try:
            p = subprocess.run(argv + [self.elf], capture_output=True, text=True,
                               timeout=GDB_TIMEOUT, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as e:
            return -1, e.stdout or "", f"gdb timed out after {GDB_TIMEOUT} s"
        return p.returncode, p.stdout, p.stderr

    def close(self):
        self.p.terminate(force=True)


def gdb_sections(stdout, commands):
    """Split gdb's output into one block per command, using echo markers."""
    blocks = re.split(r"^@@@ (\d+)$", stdout, flags=re.M)
    out = {}
    for i in range(1, len(blocks) - 1, 2):
        out[commands[int(blocks[i])]] = blocks[i + 1].strip("\n")
    return out


def run_gdb_commands(t, target, commands, pre=()):
    """Each command preceded by a marker; {command: output}."""
    seq = []
    for i, c in enumerate(commands):
        seq += [f"echo @@@ {i}\\n", c]
    seq.append(f"echo @@@ {len(commands)}\\n")
    status, out, err = target.gdb(*seq, pre=pre)
    if status != 0 or "Error" in err or "Python Exception" in err:
        t.check("gdb-multiarch runs the extension without errors", False, out + err)
    return gdb_sections(out, commands + ["end"])


def diff(a, b):
    import difflib
    return "\n".join(difflib.unified_diff(a.split("\n"), b.split("\n"), "shell", "gdb",
                                          lineterm="")) or f"{a!r}\n{b!r}"


def range_starts_and_gaps(pt):
    """Addresses worth walking: 0, each range's first address and the first past it."""
    vas = {0}
    for m in re.finditer(r"^0x([0-9a-f]{8})-0x([0-9a-f]{8}) ", pt, re.M):
        vas.add(int(m.group(1), 16))
        end = int(m.group(2), 16) + 1
        if end < 1 << 32:
            vas.add(end)
    return sorted(vas)


def compare_live(t, target, label):
    pt = target.run("pt").strip("\n")
    iomap = target.run("iomap").strip("\n")
    vas = range_starts_and_gaps(pt)
    walks = {va: target.run(f"pt 0x{va:08x}").strip("\n") for va in vas}
    cmds = ["fw-pt", "maint packet qqemu.PhyMemMode", "fw-iomap"] + \
        [f"fw-pt 0x{va:08x}" for va in vas]
    got = run_gdb_commands(t, target, cmds)
    t.check(f"{label}: after fw-pt the stub reads virtual addresses again",
            'received: "0"' in got.get("maint packet qqemu.PhyMemMode", ""),
            got.get("maint packet qqemu.PhyMemMode"))
    t.check(f"{label}: fw-pt prints exactly what the shell's pt prints",
            got.get("fw-pt") == pt, diff(pt, got.get("fw-pt", "")))
    t.check(f"{label}: fw-iomap prints exactly what the shell's iomap prints",
            got.get("fw-iomap") == iomap, diff(iomap, got.get("fw-iomap", "")))
    bad = [va for va in vas if got.get(f"fw-pt 0x{va:08x}") != walks[va]]
    t.check(f"{label}: fw-pt <va> decodes each level as pt <va> does ({len(vas)} addresses)",
            not bad, "\n".join(diff(walks[va], got.get(f"fw-pt 0x{va:08x}", ""))
                               for va in bad[:3]))
    return pt


FAULT_LINE = re.compile(r"(data abort): (.*?) \((?:fsr|DFSR) 0x([0-9a-f]+)\), "
                        r"(read|write|access) at 0x([0-9a-f]{8})")


def compare_fault(t, target, shell_out, label):
    """fw-fault's data-abort line against the shell's report of the same fault."""
    s = FAULT_LINE.search(shell_out)
    got = run_gdb_commands(t, target, ["fw-fault"]).get("fw-fault", "")
    g = FAULT_LINE.search(got)
    ok = bool(s and g and s.group(2) == g.group(2) and s.group(5) == g.group(5) and
              int(s.group(3), 16) == int(g.group(3), 16) and
              g.group(4) in (s.group(4), "access"))
    t.check(f"{label}: fw-fault decodes DFSR/DFAR as the firmware reported the fault", ok,
            f"shell: {shell_out}\ngdb:   {got}")
    return got


def crash_and_hang(t, target, pt_before):
    """Crash the firmware for real: stop at the first instruction of the `info`
    command, point sp at 0 and let go. Its first push is a data abort outside
    fault_try(): reported, then the CPU parks in system_halt()."""
    gdb = pexpect.spawn("gdb-multiarch", [
        "-q", "-batch", "-nx", "-ex", "set confirm off",
        "-ex", f"target remote 127.0.0.1:{target.port}", "-ex", "break *cmd_info",
        "-ex", "continue", "-ex", "set $sp = 0", "-ex", "delete", "-ex", "detach",
        target.elf], timeout=GDB_TIMEOUT, encoding="utf-8", codec_errors="replace")
    report = ""
    try:
        # The CPU stays stopped from the attach until `continue` has inserted
        # the breakpoint, so `info` may be typed once the breakpoint exists.
        gdb.expect_exact("Breakpoint 1 at")
        target.p.send("info\r")
        target.p.expect(r"\*\*\* (data abort: .*?)\r\n", timeout=30)
        report = target.p.match.group(1)
        target.p.expect(r"return address", timeout=10)
        gdb.expect(pexpect.EOF)
    except (pexpect.TIMEOUT, pexpect.EOF):
        pass
    out = (gdb.before or "") + target.p.before
    gdb.close(force=True)
    t.check("hung: the firmware took a fatal data abort and halted", bool(report),
            out + target.p.before)
    if not report:
        return
    got = run_gdb_commands(t, target, ["fw-pt", "info symbol $pc"])
    t.check("hung: the CPU is parked after the report (pc in the halt loop)",
            re.search(r"arch_wait_for_interrupt|system_halt", got.get("info symbol $pc", "")),
            got.get("info symbol $pc"))
    t.check("hung: fw-pt still prints what pt printed before the crash",
            got.get("fw-pt") == pt_before, diff(pt_before, got.get("fw-pt", "")))
    compare_fault(t, target, report, "hung")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--qemu", required=True)
    ap.add_argument("--elf", required=True)
    ap.add_argument("--board", required=True)
    ap.add_argument("--build", help="the board's build directory (unused here)")
    args = ap.parse_args()

    t = Tap()
    target = Target(args.qemu, args.elf)
    try:
        compare_live(t, target, "at boot")
        mapped = []
        for line in EXTRA_MAPPINGS:
            out = target.run(line)
            mapped += re.findall(r"^0x[0-9a-f]{8}$", out, re.M)
            t.check(f"setup: {line}", "refused" not in out and "usage" not in out, out)
        # one slot freed again: the registry then holds a stale entry that is not live
        out = target.run(f"iounmap {mapped[-1]}") if len(mapped) == 4 else "no address"
        t.check("setup: iounmap of the last one", "warning" not in out, out)
        pt = compare_live(t, target, "with SO, WC and section mappings, one unmapped")
        text = re.search(r"^(0x[0-9a-f]{8})-\S+\s+\S+\s+pa \S+\s+normal\s+r-x", pt, re.M)
        out = target.run("peek 0")
        compare_fault(t, target, out, "peek 0")
        if text:
            out = target.run(f"poke {text.group(1)} 0")
            compare_fault(t, target, out, "poke into .text")
        crash_and_hang(t, target, pt)
    finally:
        target.close()
    print(f"1..{t.n}")
    return 1 if t.failed else 0


if __name__ == "__main__":
    sys.exit(main())
