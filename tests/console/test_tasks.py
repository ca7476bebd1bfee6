#!/usr/bin/env python3
"""User tasks (run, ps, mmap, faults from PL0) on the real firmware under
QEMU, through its serial console.

Each check prints one TAP line. What differs per board comes from the
firmware itself (`info` for RAM, the format's execute-never for `crash exec`).
"""
import re
import sys
import time

from test_console import PROMPT_RE, Tap, console_args, one_session, tap_end


def fault_report(out, task, line_re):
    """The task is named, the fault decoded as line_re, in User mode (user
    programs are Thumb code; crash's udf case runs in ARM state)."""
    return (re.search(rf"task \d+ \({task}\) killed by a fault:", out) and
            re.search(line_re, out) and re.search(r"\(USR mode(, Thumb)?\)", out))


def program_checks(t, c, board):
    out = c.run("run hello one two")
    t.check("hello prints through write() with its pid and arguments",
            re.search(r"hello from pid \d+, args: one two\s+hello exited with status 0", out), out)
    out = c.run("run uart")
    t.check("uart writes the UART's data register from PL0",
            "uart: written from PL0 through a user mapping" in out and
            "uart exited with status 0" in out, out)
    out = c.run("run uart uart0 ro")
    t.check("mprotect makes a device mapping read-only: the next write faults",
            "uart: written from PL0" in out and
            fault_report(out, "uart", r"data abort: permission fault \((page|level 3)\) "
                                      r"\(fsr 0x[0-9a-f]+\), write at 0x20100000"), out)
    out = c.run("run rtc")
    t.check("rtc reads the PL031 through its mapping",
            re.search(r"rtc: 20\d\d-\d\d-\d\d \d\d:\d\d:\d\d UTC", out), out)
    out = c.run("run -v lazy 5")
    t.check("lazy: five pages touched, five faults, five pages mapped",
            "lazy: touched 5 pages, faults 5, pages mapped 5" in out, out)
    t.check("run -v lists the task's mappings: text r-x, stack rw-, device on fault",
            re.search(r"0x20000000-0x20000fff .* r-xu", out) and
            re.search(r"0x200fe000-0x200fffff .* rw.u", out) and
            re.search(r"0x20100000-0x20104fff .* device .*5 pages", out) and
            "mmap flash" in out and "on fault, 5 pages mapped" in out, out)
    if board == "virt":
        t.check("run -v names the ASID of each user mapping",
                re.search(r"r-xu .* asid \d+", out), out)
    out = c.run("run lazy 3 eager")
    t.check("lazy eager: MAP_POPULATE maps every page at once, no fault",
            "lazy: touched 3 pages, faults 0, pages mapped 3" in out, out)


def fault_checks(t, c, has_xn):
    cases = [
        ("kernel", r"data abort: permission fault \((page|section|level [23])\) \(fsr 0x[0-9a-f]+\), "
                   r"read at 0xf0000000"),
        ("null", r"data abort: translation fault \((section|level 2)\) \(fsr 0x[0-9a-f]+\), "
                 r"read at 0x00000000"),
        ("rodata", r"data abort: permission fault \((page|level 3)\) \(fsr 0x[0-9a-f]+\), "
                   r"write at 0x2000[0-9a-f]{4}"),
        ("unaligned", r"data abort: alignment fault \(fsr 0x[0-9a-f]+\), read at 0x20100001"),
        ("udf", r"undefined instruction: 0xe7f000f0 at pc 0x2000"),
    ]
    # no execute-never (ARMv5): the data runs, and is an undefined instruction
    cases.append(("exec", r"prefetch abort: permission fault \((page|level 3)\) \(fsr 0x[0-9a-f]+\), "
                          r"execute at 0x200f" if has_xn else
                          r"undefined instruction: 0xe7f000f0 at pc 0x200f"))
    for case, line in cases:
        out = c.run(f"run crash {case}")
        t.check(f"crash {case}: the task is killed with a decoded report",
                fault_report(out, "crash", line), out)
    out = c.run("run hello")
    t.check("the shell and tasks carry on after the faults", "hello exited with status 0" in out, out)
    out = c.run("ps")
    t.check("ps lists the programs and the faulted tasks",
            "programs: crash devid hello lazy rtc spin uart" in out and
            re.search(r"crash\s+\d+\s+faulted\s+-14", out), out)


def mmap_checks(t, c, ram):
    a = c.run("run devid rtc")
    b = c.run("run devid uart0")
    t.check("two tasks in turn see their own device at the same address",
            "devid: rtc at 0x20100000, part 0x00000031" in a and
            "devid: uart0 at 0x20100000, part 0x00000011" in b, a + b)
    out = c.run("run devid gic")
    t.check("the interrupt controller is not user-mappable", "gic: mmap refused: -13" in out, out)
    out = c.run(f"run devid 0x{ram + 0x200000:08x}")
    t.check("RAM is not user-mappable", "mmap refused: -13" in out, out)
    out = c.run("run devid uart0 wc")
    t.check("a second memory type for the console's registers is refused",
            "uart0: mmap refused: -16" in out, out)


def spin_checks(t, c):
    c.p.send("run spin\r")
    c.p.expect_exact("spin: looping")
    time.sleep(0.5)
    c.p.send("\x03")
    c.p.expect(PROMPT_RE)
    out = c.p.before
    t.check("Ctrl-C ends a task spinning at PL0", re.search(r"task \d+ \(spin\) ended by Ctrl-C", out), out)
    out = c.run("ps")
    t.check("ps shows it killed", re.search(r"spin\s+\d+\s+killed\s+-4", out), out)
    c.p.send("run spin sleep\r")
    c.p.expect_exact("spin: sleeping")
    time.sleep(0.5)
    c.p.send("\x03")
    c.p.expect(PROMPT_RE)
    out = c.p.before
    t.check("Ctrl-C ends a task inside its sleep system call",
            re.search(r"task \d+ \(spin\) ended by Ctrl-C", out), out)


def table_state(c):
    pt = c.run("pt")
    io = c.run("iomap")
    tables = re.search(r"tables\s.*", c.run("info"))
    return pt, io, tables.group(0) if tables else ""


def main():
    args = console_args(__doc__)
    t = Tap()

    def checks(c):
        info = c.run("info")
        ram = int(re.search(r"^ram\s+0x([0-9a-f]{8})", info, re.M).group(1), 16)
        before = table_state(c)
        program_checks(t, c, args.board)
        fault_checks(t, c, args.board == "virt")
        mmap_checks(t, c, ram)
        spin_checks(t, c)
        after = table_state(c)
        t.check("pt, iomap and table memory are as at boot after the tasks",
                before == after, "\n".join(before) + "\n----\n" + "\n".join(after))

    one_session(t, args.qemu, args.elf, checks)
    return tap_end(t)


if __name__ == "__main__":
    sys.exit(main())
