#!/usr/bin/env python3
"""Run every kind of test and close with one line: 'N passed, N failed'.

Kinds, in order:
  host     cmocka binaries (build/host/test_*), TAP output
  check    sparse (make check) and the accessor disassembly check
  target   on-target images under qemu-system-arm -semihosting, TAP output,
           on an instruction-counted clock (TARGET_CLOCK below); an image may
           declare in its source comments
             expect-exit: N        the exit status QEMU must end with
             expect-output: text   a line fragment its output must contain
  console  the real firmware driven through its serial port (pexpect)
  tools    tests/tools/test_*.py: the gdb extension and `make memmap` (TAP)
  bench    make bench-quick: reset-to-prompt and table-memory targets, in
           exact guest instruction counts, so a regression fails the run, and
           its figures against the recorded ones (tests/bench/recorded.json);
           and the README's Performance table against render(recorded.json)

Every case is one count. A binary or image that dies without reporting its
cases counts as one failure, named after it, with its exit status and run
time. With --junit FILE every case is also a <testcase> in a JUnit XML file
(for CI) whose class names the kind and board. On a terminal, a status line
on stderr says how many runs remain.

Nothing here races the host's load: every run is waited for (a timeout
bounds it and is reported with the time it took), results come from pipes,
never from files another run could also write, and the on-target images
keep time by instructions, not by the host's clock (TARGET_CLOCK).
"""
import argparse
import glob
import os
import re
import shlex
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from results import Progress, Results  # noqa: E402

TAP_LINE = re.compile(r"^(not ok|ok)\s+\d+\s*(?:-\s*)?(.*?)(\s+#\s*SKIP\b.*)?$")

# On-target images run with QEMU's virtual clock driven by the instruction
# count (8 ns an instruction: a 125 MHz CPU; idle WFI skips ahead to the next
# timer instead of sleeping) and the RTC on that clock. Without it the guest's
# timers follow the host's clock, so a host that preempts QEMU for a few ms
# makes sleep_ms() look late (t_irq failed 4 runs in 12 under 4 CPU-bound
# processes on 2 cores; 0 in 12 with this). With it, every timing a test
# observes is a property of the firmware, and tolerances can be exact.
TARGET_CLOCK = ["-icount", "shift=3,sleep=off", "-rtc", "clock=vm"]


def run(cmd, timeout, env=None, shell=False):
    """Run cmd; return (exit status, combined output, seconds). A timeout is
    status -1. The command gets its own process group, all killed on a timeout."""
    start = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL, env=env, shell=shell,
                         start_new_session=True)
    try:
        out, _ = p.communicate(timeout=timeout)
        status = p.returncode
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, 9)
        out, _ = p.communicate()
        status = -1
    took = time.monotonic() - start
    text = out.decode(errors="replace")
    if status == -1:
        text += f"\n[timed out after {timeout} s]"
    return status, text, took


def parse_tap(output):
    """[(ok, name, skip_reason, diagnostics)] for each TAP result line; the
    diagnostics are the '#' lines right after it."""
    cases = []
    for line in output.splitlines():
        m = TAP_LINE.match(line.strip())
        if m:
            cases.append((m.group(1) == "ok", m.group(2).strip(), m.group(3), []))
        elif line.startswith("#") and cases:
            cases[-1][3].append(line.lstrip("# ").rstrip())
    return cases


def record_tap(res, group, label, result, expect_status=0, board=None):
    """Record the TAP cases in a run's output; a bad exit status without a
    failed case fails too, saying what the status was and how long it ran."""
    status, output, took = result
    cases = parse_tap(output)
    any_failed = False
    for ok, name, skip, diag in cases:
        if skip:
            res.record(group, f"{label}/{name}", True, detail=skip.replace("# SKIP", " -"),
                       skip=True, board=board)
            continue
        res.record(group, f"{label}/{name}", ok, board=board,
                   message="\n".join(d for d in diag if d) or name,
                   output="" if ok else output)
        any_failed |= not ok
    if any_failed:
        res.say(indent(output))
    elif not cases or status != expect_status:
        res.record(group, label, False, f"exit status {status} (expected {expect_status}) "
                   f"after {took:.1f} s, {len(cases)} cases reported", board=board,
                   output=output)
        res.say(indent(output))


def indent(text, limit=60):
    lines = text.rstrip().splitlines()
    if len(lines) > limit:
        lines = lines[:limit // 2] + ["    ..."] + lines[-limit // 2:]
    return "\n".join("    | " + l for l in lines)


# ---- one function per run; plan() lists the runs in order -------------------------
def host_test(res, args, name):
    env = dict(os.environ, CMOCKA_MESSAGE_OUTPUT="TAP")
    record_tap(res, "host", name, run([os.path.join(args.host_build, name)], 300, env=env))


def make_check(res, board, label, target):
    status, out, took = run(f"{board.board_make} {target}", 300, shell=True)
    res.record(f"check {board.board_name}", label, status == 0,
               "" if status == 0 else f"exit status {status} after {took:.1f} s; see output",
               output=out)
    if status:
        res.say(indent(out))


def expectations(source):
    exit_status, outputs = 0, []
    with open(source) as f:
        for line in f:
            m = re.search(r"expect-exit:\s*(-?\d+)", line)
            if m:
                exit_status = int(m.group(1))
            m = re.search(r"expect-output:\s*(.*?)\s*$", line)
            if m:
                outputs.append(m.group(1))
    return exit_status, outputs


def target_test(res, board, name):
    qemu = shlex.split(board.qemu) + ["-serial", "null", *TARGET_CLOCK,
                                      "-semihosting-config", "enable=on,target=native"]
    elf = os.path.join(board.build, "tests", name + ".elf")
    expect_status, outputs = expectations(os.path.join("tests", "target", name + ".c"))
    result = run(qemu + ["-kernel", elf], board.timeout)
    group = f"target {board.board_name}"
    if not outputs:
        record_tap(res, group, name, result, expect_status)
        return
    # A deliberate crash: the report lines and the exit status are the cases.
    status, out, took = result
    problems = 0
    res.record(group, f"{name}/exit status {expect_status}", status == expect_status,
               f"got {status} after {took:.1f} s", output=out)
    problems += status != expect_status
    for text in outputs:
        found = text in out
        res.record(group, f"{name}/output has '{text}'", found, output=out)
        problems += not found
    if problems:
        res.say(indent(out))


def console_test(res, board, script="test_console.py"):
    """A console test script (tests/console/) against one board's firmware."""
    name = board.board_name if script == "test_console.py" else \
        f"{board.board_name} {script[len('test_'):-len('.py')]}"
    script = os.path.join("tests", "console", script)
    elf = os.path.join(board.build, "firmware.elf")
    record_tap(res, "console", name,
               run([sys.executable, script, "--qemu", board.qemu, "--elf", elf,
                    "--board", board.board_name], 600), board=board.board_name)


def matrix_test(res, board):
    """The boot-configuration matrix: the firmware under many QEMU options."""
    matrix = os.path.join("tests", "console", "test_matrix.py")
    elf = os.path.join(board.build, "firmware.elf")
    record_tap(res, "console", f"{board.board_name} matrix",
               run([sys.executable, matrix, "--elf", elf, "--board", board.board_name], 600),
               board=board.board_name)


def tools_test(res, board, script):
    elf = os.path.join(board.build, "firmware.elf")
    record_tap(res, f"tools {board.board_name}", os.path.basename(script),
               run([sys.executable, script, "--qemu", board.qemu, "--elf", elf,
                    "--board", board.board_name, "--build", board.build], 600),
               board=board.board_name)


def bench_quick(res, args):
    record_tap(res, "bench", "bench-quick",
               run(f"{args.make} bench-quick BENCH_FLAGS=--tap", 300, shell=True))


def bench_self_test(res, args):
    record_tap(res, "bench", "test_attribution.py",
               run([sys.executable, os.path.join("tests", "bench", "test_attribution.py")], 60))


def readme_table(res, args):
    status, out, _ = run([sys.executable, os.path.join("tests", "bench", "recorded.py"),
                          "check-readme"], 60)
    res.record("bench", "README's Performance table is render(tests/bench/recorded.json)",
               status == 0, "" if status == 0 else out.strip().splitlines()[0],
               output=out)
    if status:
        res.say(indent(out))


def plan(args):
    """[(what, function(res))] in the order they run."""
    kinds = args.only.split(",")
    runs = []
    if "host" in kinds:
        runs += [(f"host {n}", lambda res, n=n: host_test(res, args, n))
                 for n in args.host_tests.split()]
    for spec in args.board:
        name, build, qemu = spec.split("=", 2)
        # NAME:t_a+t_b: a machine variant of a built board; only those target images
        name, _, images = name.partition(":")
        board = argparse.Namespace(**vars(args), board_name=name, build=build, qemu=qemu,
                                   board_make=f"{args.make} BOARD={name}")
        if images:
            board.target_tests = images.replace("+", " ")
            if "target" in kinds:
                runs += [(f"target {name} {t}", lambda res, b=board, t=t: target_test(res, b, t))
                         for t in board.target_tests.split()]
            continue
        if "check" in kinds:
            runs += [(f"check {name} {t}", lambda res, b=board, l=l, t=t: make_check(res, b, l, t))
                     for l, t in (("sparse (make check)", "check"),
                                  ("accessors are single LDR/STR with their barriers "
                                   "(make check-accessors)", "check-accessors"))]
        if "target" in kinds:
            runs += [(f"target {name} {t}", lambda res, b=board, t=t: target_test(res, b, t))
                     for t in args.target_tests.split()]
        if "console" in kinds:
            runs.append((f"console {name}", lambda res, b=board: console_test(res, b)))
            runs.append((f"console {name} memcmd",
                         lambda res, b=board: console_test(res, b, "test_memcmd.py")))
            runs.append((f"console {name} pci",
                         lambda res, b=board: console_test(res, b, "test_pci.py")))
            runs.append((f"console {name} tasks",
                         lambda res, b=board: console_test(res, b, "test_tasks.py")))
            runs.append((f"console {name} matrix", lambda res, b=board: matrix_test(res, b)))
        if "tools" in kinds:
            runs += [(f"tools {name} {os.path.basename(s)}",
                      lambda res, b=board, s=s: tools_test(res, b, s))
                     for s in sorted(glob.glob(os.path.join("tests", "tools", "test_*.py")))]
    if "bench" in kinds:
        runs.append(("bench-quick", lambda res: bench_quick(res, args)))
        runs.append(("bench self-test", lambda res: bench_self_test(res, args)))
        runs.append(("README table", lambda res: readme_table(res, args)))
    return runs


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--board", action="append", required=True, metavar="NAME=BUILD_DIR=QEMU",
                    help="a board to test: its name, build directory and QEMU command; "
                         "NAME:t_x+t_y runs only those target images (a machine variant)")
    ap.add_argument("--host-build", required=True)
    ap.add_argument("--timeout", type=int, default=30)
    ap.add_argument("--host-tests", default="")
    ap.add_argument("--target-tests", default="")
    ap.add_argument("--make", default="make")
    ap.add_argument("--only", default="host,check,target,console,tools,bench",
                    help="comma-separated kinds to run")
    ap.add_argument("--junit", metavar="FILE", help="also write the cases as JUnit XML")
    args = ap.parse_args()

    runs = plan(args)
    progress = None
    if sys.stderr.isatty():
        progress = Progress(len(runs), args.junit and Results.cases_in_junit(args.junit))
    res = Results(progress)
    start = time.monotonic()
    for what, fn in runs:
        if progress:
            progress.start(what, res)
        fn(res)
        if progress:
            progress.finish()
    if progress:
        progress.clear()
    if args.junit:
        res.write_junit(args.junit, time.monotonic() - start)
    print(f"# {time.monotonic() - start:.1f} s" + (f"; JUnit XML in {args.junit}"
                                                    if args.junit else ""))
    print(res.closing_line())
    return 1 if res.failed else 0


if __name__ == "__main__":
    sys.exit(main())
