#!/usr/bin/env python3
"""Run every kind of test and close with one line: 'N passed, N failed'.

Kinds, in order:
  host     cmocka binaries (build/host/test_*), TAP output
  check    sparse (make check) and the accessor disassembly check
  target   on-target images under qemu-system-arm -semihosting, TAP output;
           an image may declare in its source comments
             expect-exit: N        the exit status QEMU must end with
             expect-output: text   a line fragment its output must contain
  console  the real firmware driven through its serial port (pexpect)
  bench    make bench-quick: reset-to-prompt and table-memory targets, in
           exact guest instruction counts, so a regression fails the run

Every case is one count. A binary or image that dies without reporting its
cases counts as one failure, named after it.
"""
import argparse
import os
import re
import shlex
import subprocess
import sys
import time

TAP_LINE = re.compile(r"^(not ok|ok)\s+\d+\s*(?:-\s*)?(.*?)(\s+#\s*SKIP\b.*)?$")


class Results:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0

    def record(self, group, name, ok, detail="", skip=False):
        if skip:
            self.skipped += 1
            print(f"SKIP {group}: {name}{detail}")
        elif ok:
            self.passed += 1
            print(f"PASS {group}: {name}")
        else:
            self.failed += 1
            print(f"FAIL {group}: {name}{': ' + detail if detail else ''}")
        sys.stdout.flush()


def run(cmd, timeout, env=None, shell=False):
    """Run cmd; return (exit status, combined output). A timeout is status -1."""
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, timeout=timeout, env=env,
                           shell=shell)
        return p.returncode, p.stdout.decode(errors="replace")
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode(errors="replace")
        return -1, out + f"\n[timed out after {timeout} s]"


def parse_tap(output):
    """Yield (ok, name, skip_reason) for each TAP result line."""
    for line in output.splitlines():
        m = TAP_LINE.match(line.strip())
        if m:
            skip = m.group(3)
            yield m.group(1) == "ok", m.group(2).strip(), skip


def record_tap(res, group, label, status, output, expect_status=0):
    """Record the TAP cases in output; a bad exit without a failed case fails too."""
    cases = list(parse_tap(output))
    any_failed = False
    for ok, name, skip in cases:
        if skip:
            res.record(group, f"{label}/{name}", True, detail=skip.replace("# SKIP", " -"),
                       skip=True)
            continue
        res.record(group, f"{label}/{name}", ok)
        any_failed |= not ok
    if any_failed:
        print(indent(output))
    elif not cases or status != expect_status:
        res.record(group, label, False, f"exit status {status}, {len(cases)} cases reported")
        print(indent(output))


def indent(text, limit=60):
    lines = text.rstrip().splitlines()
    if len(lines) > limit:
        lines = lines[:limit // 2] + ["    ..."] + lines[-limit // 2:]
    return "\n".join("    | " + l for l in lines)


def host_tests(res, args):
    env = dict(os.environ, CMOCKA_MESSAGE_OUTPUT="TAP")
    for name in args.host_tests.split():
        status, out = run([os.path.join(args.host_build, name)], 300, env=env)
        record_tap(res, "host", name, status, out)


def checks(res, args):
    for label, target in (("sparse (make check)", "check"),
                          ("accessors are single LDR/STR (make check-accessors)",
                           "check-accessors")):
        status, out = run(f"{args.board_make} {target}", 300, shell=True)
        res.record(f"check {args.board_name}", label, status == 0,
                   "" if status == 0 else "see output")
        if status:
            print(indent(out))


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


def target_tests(res, args):
    qemu = shlex.split(args.qemu) + ["-serial", "null",
                                     "-semihosting-config", "enable=on,target=native"]
    for name in args.target_tests.split():
        elf = os.path.join(args.build, "tests", name + ".elf")
        expect_status, outputs = expectations(os.path.join("tests", "target", name + ".c"))
        status, out = run(qemu + ["-kernel", elf], args.timeout)
        group = f"target {args.board_name}"
        if not outputs:
            record_tap(res, group, name, status, out, expect_status)
            continue
        # A deliberate crash: the report lines and the exit status are the cases.
        problems = 0
        res.record(group, f"{name}/exit status {expect_status}", status == expect_status,
                   f"got {status}")
        problems += status != expect_status
        for text in outputs:
            found = text in out
            res.record(group, f"{name}/output has '{text}'", found)
            problems += not found
        if problems:
            print(indent(out))


def console_tests(res, args):
    script = os.path.join("tests", "console", "test_console.py")
    elf = os.path.join(args.build, "firmware.elf")
    status, out = run([sys.executable, script, "--qemu", args.qemu, "--elf", elf,
                       "--board", args.board_name], 600)
    record_tap(res, "console", args.board_name, status, out)
    matrix = os.path.join("tests", "console", "test_matrix.py")
    status, out = run([sys.executable, matrix, "--elf", elf, "--board", args.board_name], 600)
    record_tap(res, "console", f"{args.board_name} matrix", status, out)


def bench_quick(res, args):
    status, out = run(f"{args.make} bench-quick BENCH_FLAGS=--tap", 300, shell=True)
    record_tap(res, "bench", "bench-quick", status, out)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--board", action="append", required=True, metavar="NAME=BUILD_DIR=QEMU",
                    help="a board to test: its name, build directory and QEMU command")
    ap.add_argument("--host-build", required=True)
    ap.add_argument("--timeout", type=int, default=30)
    ap.add_argument("--host-tests", default="")
    ap.add_argument("--target-tests", default="")
    ap.add_argument("--make", default="make")
    ap.add_argument("--only", default="host,check,target,console,bench",
                    help="comma-separated kinds to run")
    args = ap.parse_args()

    res = Results()
    start = time.monotonic()
    kinds = args.only.split(",")
    if "host" in kinds:
        host_tests(res, args)
    for spec in args.board:
        name, build, qemu = spec.split("=", 2)
        board = argparse.Namespace(**vars(args), board_name=name, build=build, qemu=qemu,
                                   board_make=f"{args.make} BOARD={name}")
        for kind, fn in (("check", checks), ("target", target_tests), ("console", console_tests)):
            if kind in kinds:
                fn(res, board)
    if "bench" in kinds:
        bench_quick(res, args)
    print(f"# {time.monotonic() - start:.1f} s")
    tail = f", {res.skipped} skipped" if res.skipped else ""
    print(f"{res.passed} passed, {res.failed} failed{tail}")
    return 1 if res.failed else 0


if __name__ == "__main__":
    sys.exit(main())
