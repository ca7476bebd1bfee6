#!/usr/bin/env python3
"""make bench / make bench-quick: deterministic figures for the firmware.

Every instruction count comes from an exec trace of QEMU's TCG with one guest
instruction per translation block ('-accel tcg -singlestep -d exec,nochain'):
QEMU logs one 'Trace' line per block it starts, so the lines up to a PC count
the instructions retired before it, exactly, once the blocks that QEMU logged
but did not complete are dropped: each is followed by a 'Stopped execution of
TB chain before <pc>' line (an exit request seen at its start) or a
'cpu_io_recompile: rewound execution of TB to <pc>' line (under icount, a
device access in a block not built for I/O: QEMU rebuilds it and runs it
again, and logs it again). Every run uses '-icount shift=0,sleep=off' and a
virtual-clock RTC, so timer interrupts arrive at the same instruction in
every run and the guest sees the same time. 'make bench'
runs every trace twice and fails if the two runs disagree, and cross-checks
the boot markers with a second, independent counter: a gdb breakpoint under
'-icount shift=0,sleep=off,rr=record', where the monitor's 'info replay'
gives the instruction count at the stop.

Definitions (both methods):
  reset             the first instruction the CPU executes (the trace's first
                    line; for an ELF on virt this is the entry point, _start)
  MMU on            the instruction after the 'mcr p15, 0, rX, c1, c0, 0' in
                    arch_mmu_enable that writes SCTLR with M set: the count is
                    every instruction up to and including that MCR
  first prompt char the store to the PL011 data register in pl011_write that
                    writes '>': the count includes that store. The firmware's
                    banner has no '>', so it is the (N+1)-th data store, N
                    being the bytes before the first '>' on the serial line
                    (CRs included: console_putc sends one before each LF).
  a call            from the callee's first instruction to its return
                    (inclusive), i.e. excluding the caller's BL/BLX

Figures: boot counts per board, translation-table bytes
in use at 64, 512 and 1024 MiB (tests/target/b_tables.c), ioremap+readl+
iounmap of a page with the mappings boot leaves live (4 on virt: the issue's
"1" cannot be had without unmapping the console or the GIC), 100 and 1000
live, and of a 1 MiB section,
readl/writel/_relaxed from the disassembly and from measured loops
(tests/target/b_ioremap.c), PCI's bring-up at the first `lspci` (pci_init,
and record_fn per function found; boot leaves the bus alone, and a boot
trace that calls pci_init is an error), user tasks through the shell
(`run hello` from cmd_run's first instruction to the task's SYS_EXIT and
to cmd_run's return; mmap of one page fault-driven and eager: `run lazy 1
[eager]`, the mmap SVC and the first touch's abort, each from the exception
vector to the return to PL0; interrupts inside a span subtracted), image sizes
(arm-none-eabi-size) and the wall time of 'make test' (run here, or with
--no-make-test the last run's, from BUILD/test-results.xml: run_tests.py's
own time, without the builds before it). Boot counts at -m 64, 128, 1024,
3072 and 8192 (make bench; bench-quick and the gdb cross-check: 128 and 1024). Results: one table on stdout, BUILD/bench.json and the
same table in Markdown in BUILD/bench.md (bench-quick.* for --quick).

--quick measures only what the reset-to-prompt guard and the table-memory
target need (the MMU-on count comes with it and is shown, not judged) and the
text size, and exits 1 if the guard (T_PROMPT_GUARD, a regression bound: the
issue 17 targets are judged by the full run) or a target is missed, a measurement fails, or a boot, table or
text figure differs from the recorded one (tests/bench/recorded.py: figures
recorded under another QEMU are not compared). A full run without a
measurement error records its figures in tests/bench/recorded.json and
rewrites the README's Performance table from them.

No measurement shares a file with another: the untraced boot reads QEMU's
stdout through a pipe until the prompt (with a deadline), every other run
writes into a scratch directory of its own, and gdb reaches QEMU's stub
through a pipe, not a TCP port. A loaded host makes runs slower, never
different: every count is in guest instructions.
"""
import argparse
import json
import os
import shlex
import shutil
import sys
import tempfile
import time

from measure import (ACCESSORS, accessor_disassembly, gdb_crosscheck, image_size,
                     last_make_test, measure_boot, measure_ioremap, measure_tables,
                     measure_task, sctlr_write_marker, time_make_test, uart_store_marker)
from qemu_trace import BenchError, Elf, Unsupported, log, qemu_version, run


# ---- targets (the issue "make bench: deterministic figures ...") ---------------
T_MMU_ON = 4000            # instructions, reset to MMU on, every board (issue 17)
T_PROMPT = {"versatilepb": 30000}  # reset to the first prompt character (issue 17) ...
T_PROMPT_DEFAULT = 40000   # ... on virt, in both formats, at every -m
T_PROMPT_GUARD = 200000    # bench-quick's bound inside make test: a regression guard, not the goal
T_TABLES = 24 * 1024       # bytes of L1 + L2 tables, up to 1 GiB of RAM
T_IOREMAP = 800            # instructions per ioremap + first access + iounmap of a page (issue 17)
T_IOREMAP_RATIO = 1.2      # 1000 live mappings vs the fewest (issue 17)
T_TEXT = 96 * 1024         # bytes of text + rodata per board (issue 17)


def prompt_target(board):
    """Issue 17's reset-to-prompt target for board."""
    return T_PROMPT.get(board, T_PROMPT_DEFAULT)


BOOT_MEM = (64, 128, 1024, 3072, 8192)  # MiB, boot counts (make bench)
BOOT_MEM_QUICK = (128, 1024)      # MiB, boot counts of bench-quick, and the gdb cross-check
TABLE_MEM = (64, 512, 1024)       # MiB, table memory


# ---- the report ------------------------------------------------------------------------
class Report:
    def __init__(self):
        self.rows = []      # (figure, board, value, target, status)
        self.targets = []   # dicts for the JSON
        self.errors = []

    def figure(self, figure, board, value, target="", status=""):
        self.rows.append((figure, board, value, target, status))

    def judge(self, name, board, value, limit, unit, figure, shown=None, why=""):
        met = value is not None and value <= limit
        self.targets.append({"target": name, "board": board, "value": value, "limit": limit,
                             "unit": unit, "met": met, "why": why})
        self.figure(figure, board, shown if shown is not None else fmt(value, unit),
                    f"<= {fmt(limit, unit)}", "met" if met else "MISSED")
        return met

    def markdown(self):
        esc = lambda c: str(c).replace("|", "\\|")
        lines = ["| " + " | ".join(HEAD) + " |", "|" + " --- |" * len(HEAD)]
        lines += ["| " + " | ".join(esc(c) for c in r) + " |" for r in self.rows]
        return "\n".join(lines) + "\n"

    def print(self):
        w = [max(len(str(r[i])) for r in self.rows + [HEAD]) for i in range(5)]
        for r in [HEAD, tuple("-" * x for x in w)] + self.rows:
            print("  ".join(str(c).ljust(w[i]) for i, c in enumerate(r)).rstrip())


HEAD = ("figure", "board", "value", "target", "status")


def fmt(v, unit):
    if v is None:
        return "n/a"
    if unit == "bytes":
        return f"{v:,} B ({v / 1024:.1f} KiB)" if v % 1024 else f"{v:,} B ({v // 1024} KiB)"
    if unit == "x":
        return f"{v:.2f}x"
    if isinstance(v, float):
        return f"{v:g}"
    return f"{v:,}"


# ---- main ------------------------------------------------------------------------------
def build_board(args, board):
    """Build a board, or "<board>-<format>" (make FORMAT=<format>, e.g.
    virt-short: virt with short descriptors), into BUILD/<name>."""
    log(f"bench: building {board}")
    name, _, fmt_ = board.partition("-")
    st, out = run(shlex.split(args.make) + [f"BOARD={name}", f"BUILD={args.build}"]
                  + ([f"FORMAT={fmt_}"] if fmt_ else []) + ["bench-images"], 900)
    if st:
        log(f"bench: {board} does not build; skipped\n" + out.strip()[-1500:])
    return st == 0


def crosscheck(ctx, rep, board, mem, r, workdir):
    """The boot counts again by gdb + icount record; an error if they differ."""
    log(f"bench: {board} -m {mem}: gdb + icount record cross-check")
    r["gdb_icount"] = g = gdb_crosscheck(ctx, mem, workdir)
    if "mmu_on" in g:
        r["gdb_agrees"] = all(g[k] == r[k] for k in ("mmu_on", "le_start_entry") if k in g)
        if not r["gdb_agrees"]:
            rep.errors.append(f"{board} -m {mem}: gdb/icount counts {g} differ from the trace's")
    elif "error" in g:
        rep.errors.append(f"{board} -m {mem}: gdb cross-check: {g['error']}")


def bench_board(args, rep, board, qemu, version, workdir):
    b = os.path.join(args.build, board)
    ctx = {"qemu": qemu, "qemu_version": version, "cross": args.cross,
           "timeout": args.timeout,
           "fw": Elf(os.path.join(b, "firmware.elf"), args.cross),
           "b_tables": Elf(os.path.join(b, "tests", "b_tables.elf"), args.cross)}
    if not args.quick:
        ctx["b_ioremap"] = Elf(os.path.join(b, "tests", "b_ioremap.elf"), args.cross)
    out = {"qemu": qemu}
    ctx["mmu_pc"], mmu_text = sctlr_write_marker(ctx["fw"])
    ctx["str_pc"], ctx["str_reg"], ctx["str_next"], str_text = uart_store_marker(ctx["fw"])
    out["markers"] = {
        "mmu_on": f"first execution of {ctx['mmu_pc']:#010x}, the instruction after "
                  f"the SCTLR write '{mmu_text}' in arch_mmu_enable",
        "prompt": f"the execution of '{str_text}' in pl011_write that stores '>' "
                  f"(count includes it)"}

    # boot counts
    out["boot"] = {}
    for mem in BOOT_MEM_QUICK if args.quick else BOOT_MEM:
        log(f"bench: {board} -m {mem}: tracing reset to prompt")
        try:
            r = measure_boot(ctx, board, mem, workdir, profile=not args.quick)
            if not args.quick:
                r2 = measure_boot(ctx, board, mem, workdir, profile=False)
                r["second_run"] = {"mmu_on": r2["mmu_on"], "prompt": r2["prompt"]}
                r["deterministic"] = (r2["mmu_on"], r2["prompt"]) == (r["mmu_on"], r["prompt"])
                if not r["deterministic"]:
                    rep.errors.append(f"{board} -m {mem}: two trace runs disagree")
                if mem in BOOT_MEM_QUICK:   # the other sizes: the trace alone
                    crosscheck(ctx, rep, board, mem, r, workdir)
        except Unsupported as e:
            r = {"unsupported": str(e)}
        except BenchError as e:
            r = {"error": str(e)}
            rep.errors.append(f"{board} -m {mem}: {e}")
        out["boot"][str(mem)] = r
        if "unsupported" in r:
            rep.figure(f"insns reset -> MMU on, prompt (-m {mem})", board, "n/a", "",
                       r["unsupported"])
            continue
        mmu, prompt = r.get("mmu_on"), r.get("prompt")
        if not args.quick:
            rep.judge("reset to MMU on", f"{board} -m {mem}", mmu, T_MMU_ON, "insns",
                      f"insns reset -> MMU on (-m {mem})")
            rep.judge("reset to prompt", f"{board} -m {mem}", prompt, prompt_target(board),
                      "insns", f"insns reset -> first prompt char (-m {mem})")
        else:
            rep.figure(f"insns reset -> MMU on (-m {mem})", board, fmt(mmu, "insns"),
                       f"<= {fmt(T_MMU_ON, 'insns')}", "(judged by make bench)")
            rep.judge("reset to prompt (make test's guard)", f"{board} -m {mem}", prompt,
                      T_PROMPT_GUARD, "insns", f"insns reset -> first prompt char (-m {mem})")

    # table memory
    out["tables"] = {}
    for mem in TABLE_MEM:
        log(f"bench: {board} -m {mem}: table memory")
        r = measure_tables(ctx, mem)
        out["tables"][str(mem)] = r
        value = r.get("table_bytes") if "note" not in r else None
        if "error" in r:
            rep.errors.append(f"{board} -m {mem}: table memory: {r['error']}")
        if "error" in r or "note" in r or "unsupported" in r:
            rep.figure(f"table memory, L1+L2 ({mem} MiB)", board, "n/a",
                       f"<= {fmt(T_TABLES, 'bytes')}",
                       r.get("error") or r.get("note") or r.get("unsupported"))
        else:
            # the target is for the top and next levels; LPAE's 32-byte
            # root (level 1) is shown on top of it
            root, n = r["root_bytes"], r["l2_tables"]
            per = r["l2_bytes"] // n // 1024 if n else 0
            levels = (f"{root} B L1 + {r['l1_bytes'] // 1024} KiB L2 + {n} x {per} KiB L3"
                      if root else f"{r['l1_bytes'] // 1024} KiB L1 + {n} x {per} KiB L2")
            rep.judge("table memory" + (" (without the root)" if root else ""),
                      f"{board} {mem} MiB", value - root, T_TABLES, "bytes",
                      f"table memory, every level ({mem} MiB)",
                      shown=f"{value:,} B = {levels}")
    if args.quick:
        # the size is not judged here, only compared with the recorded one
        try:
            out["size"] = image_size(ctx)
            rep.figure("firmware text (size: .text+.rodata+.ARM.exidx)", board,
                       fmt(out["size"]["text"], "bytes"))
        except BenchError as e:
            rep.errors.append(f"{board}: {e}")
        return out

    # ioremap and accessors
    log(f"bench: {board}: tracing b_ioremap.elf (twice)")
    try:
        io = measure_ioremap(ctx, workdir, profile=True)
        io2 = measure_ioremap(ctx, workdir, profile=False)
        io["deterministic"] = (
            [p["runs"] for p in io["page"]] == [p["runs"] for p in io2["page"]] and
            io["section"]["runs"] == io2["section"]["runs"] and
            io["loop_per_iteration"] == io2["loop_per_iteration"])
        io["repeats_equal"] = all(len(set(p["runs"])) == 1
                                  for p in io["page"] + [io["section"]])
        if not io["deterministic"]:
            rep.errors.append(f"{board}: two traces of b_ioremap.elf disagree")
    except BenchError as e:
        io = {"error": str(e)}
        rep.errors.append(f"{board}: ioremap: {e}")
    out["ioremap"] = io
    if "error" not in io:
        for p in io["page"]:
            rep.judge("ioremap+readl+iounmap of a page", f"{board} {p['live']} live",
                      p["instructions"], T_IOREMAP, "insns",
                      f"insns ioremap+readl+iounmap, page, {p['live']} live")
        ratio = io["page"][-1]["instructions"] / io["page"][0]["instructions"]
        io["ratio_most_vs_fewest_live"] = round(ratio, 3)
        rep.judge(f"ioremap cost ratio, {io['page'][-1]['live']} vs {io['page'][0]['live']} live",
                  board, ratio, T_IOREMAP_RATIO, "x",
                  f"ioremap cycle, {io['page'][-1]['live']} live / {io['page'][0]['live']} live")
        rep.figure(f"insns ioremap+readl+iounmap, 1 MiB section, {io['section']['live']} live",
                   board, fmt(io["section"]["instructions"], "insns"))
        loops = io["loop_per_iteration"]
        try:
            dis = accessor_disassembly(ctx["b_ioremap"])
        except BenchError as e:
            dis = {}
            rep.errors.append(str(e))
        io["accessors"] = {}
        for acc in ACCESSORS:
            measured = loops[acc] - loops["empty"]
            d = dis.get(acc, {})
            io["accessors"][acc] = {"disassembly": d.get("instructions"),
                                    "code": d.get("code"), "measured": measured}
            rep.figure(f"insns per {acc}", board,
                       f"{d.get('instructions', 'n/a')} ({d.get('code', '?')}); "
                       f"loop: {measured:g}")
        rep.figure("loop control per iteration (subtracted)", board, f"{loops['empty']:g}")

    # user tasks
    log(f"bench: {board}: tracing lspci, run hello, run lazy 1, run lazy 1 eager (twice)")
    try:
        out["task"] = tk = measure_task(ctx)
        again = measure_task(ctx)
        tk["deterministic"] = all(again[k] == tk[k] for k in
                                  ("pci", "run_hello_to_exit", "run_hello_command",
                                   "mmap_lazy", "mmap_eager"))
        if not tk["deterministic"]:
            rep.errors.append(f"{board}: two traces of the tasks disagree")
        if tk.get("pci"):
            rep.figure("insns PCI bring-up at the first lspci / per function found", board,
                       f"{tk['pci']['init']:,} / "
                       + (", ".join(f"{n:,}" for n in tk["pci"]["per_device"]) or "none"))
        rep.figure("insns run hello: dispatch -> task's exit / -> back at the shell", board,
                   f"{tk['run_hello_to_exit']:,} / {tk['run_hello_command']:,}")
        rep.figure("insns mmap of one page + first touch: fault-driven (mmap + fault) / eager",
                   board, f"{tk['mmap_lazy']['total']:,} ({tk['mmap_lazy']['mmap']:,} + "
                          f"{tk['mmap_lazy']['fault']:,}) / {tk['mmap_eager']['total']:,}")
    except BenchError as e:
        out["task"] = {"error": str(e)}
        rep.errors.append(f"{board}: task: {e}")

    # size
    try:
        size = image_size(ctx)
        out["size"] = size
        rep.figure("image size text/data/bss", board,
                   f"{size['text']:,} / {size['data']:,} / {size['bss']:,} B")
        rep.judge("firmware text", board, size["text"], T_TEXT, "bytes",
                  "firmware text (size: .text+.rodata+.ARM.exidx)")
    except BenchError as e:
        rep.errors.append(f"{board}: {e}")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build")
    ap.add_argument("--boards", default="virt", help="space-separated board names")
    ap.add_argument("--qemu", action="append", default=[], metavar="BOARD=ARGS",
                    help="a board's QEMU arguments (the Makefile's <board>.qemu)")
    ap.add_argument("--make", default="make --no-print-directory")
    ap.add_argument("--cross", default="arm-none-eabi-")
    ap.add_argument("--timeout", type=int, default=120, help="seconds per QEMU run")
    ap.add_argument("--quick", action="store_true",
                    help="reset-to-prompt and table-memory targets only; exit 1 on a miss")
    ap.add_argument("--no-make-test", action="store_true", help="do not time 'make test'")
    ap.add_argument("--no-build", action="store_true", help="use what is already built")
    ap.add_argument("--tap", action="store_true",
                    help="also print one TAP line per target (for tests/run_tests.py)")
    ap.add_argument("--json", help="output file (default BUILD/bench.json or bench-quick.json)")
    args = ap.parse_args()

    qemus = dict(q.split("=", 1) for q in args.qemu)
    version, version_text = qemu_version()
    rep = Report()
    result = {"tool": "tests/bench/bench.py" + (" --quick" if args.quick else ""),
              "qemu": version_text, "method": __doc__.split("\n\n")[1].replace("\n", " "),
              "boards": {}}
    start = time.monotonic()
    workdir = tempfile.mkdtemp(prefix="bench-")
    try:
        for board in args.boards.split():
            if board not in qemus:
                rep.errors.append(f"{board}: no --qemu {board}=... given")
                continue
            if not args.no_build and not build_board(args, board):
                result["boards"][board] = {"built": False}
                rep.figure("build", board, "failed: board skipped")
                continue
            try:
                result["boards"][board] = bench_board(args, rep, board, qemus[board],
                                                      version, workdir)
                result["boards"][board]["built"] = True
            except BenchError as e:
                rep.errors.append(f"{board}: {e}")
                result["boards"][board] = {"built": True, "error": str(e)}
        if not args.quick and not args.no_make_test:
            for board, r in result["boards"].items():
                if r.get("built"):
                    log(f"bench: timing make test (BOARD={board})")
                    r["make_test"] = mt = time_make_test(args, board)
                    rep.figure("wall time of make test (not judged)", board,
                               f"{mt['seconds']} s ({mt['result'] or 'status %d' % mt['status']})")
        elif not args.quick:
            # --no-make-test: the last `make test`'s own figure, every board at once
            result["make_test"] = mt = last_make_test(args.build)
            rep.figure("wall time of the last make test, all boards (not judged)", "all",
                       f"{mt['seconds']:g} s ({mt['result']}; {mt['when']})" if mt else
                       f"n/a (no {os.path.join(args.build, 'test-results.xml')} with a time)")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    result["targets"] = rep.targets
    result["errors"] = rep.errors
    result["seconds"] = round(time.monotonic() - start, 1)
    path = args.json or os.path.join(args.build, "bench-quick.json" if args.quick else "bench.json")
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")

    with open(os.path.splitext(path)[0] + ".md", "w") as f:
        f.write(rep.markdown())

    rep.print()
    missed = [t for t in rep.targets if not t["met"]]
    drifted = record_or_compare(args, result, rep)
    if args.tap:
        lines = [(t["met"], f"{t['target']} ({t['board']}): {fmt(t['value'], t['unit'])}"
                            f" <= {fmt(t['limit'], t['unit'])}") for t in rep.targets]
        lines += drifted
        lines += [(False, f"measurement: {e}") for e in rep.errors]
        print(f"1..{len(lines)}")
        for i, (ok, text) in enumerate(lines, 1):
            if ok is None:
                print(f"ok {i} - figures match the recorded ones # SKIP {text}")
            else:
                print(f"{'ok' if ok else 'not ok'} {i} - {text}")
    for ok, text in drifted:
        if ok is False:
            print(f"bench: drift: {text}")
    for e in rep.errors:
        print(f"bench: error: {e}")
    print(f"bench: {len(rep.targets) - len(missed)} of {len(rep.targets)} targets met"
          + (", missed: " + "; ".join(f"{t['target']} ({t['board']})" for t in missed)
             if missed else "")
          + f"; {result['seconds']} s; figures in {path}")
    if rep.errors:
        return 1
    return 1 if (args.quick and (missed or any(ok is False for ok, _ in drifted))) else 0


def record_or_compare(args, result, rep):
    """A full run without errors records its figures (tests/bench/recorded.json)
    and rewrites the README's table from them; a quick run compares its figures
    with the recorded ones: [(ok, text)], ok None for a skip."""
    import recorded
    if args.quick:
        return recorded.drift(result, recorded.load())
    boards = args.boards.split()
    if rep.errors or not all(result["boards"].get(b, {}).get("built") for b in boards):
        log("bench: not recorded: a board did not build or a measurement failed")
        return []
    rec = recorded.record(result, boards)
    recorded.write_readme(rec)
    log(f"bench: recorded in {os.path.relpath(recorded.RECORDED)}; README.md's table "
        "rewritten from it")
    return []


if __name__ == "__main__":
    sys.exit(main())
