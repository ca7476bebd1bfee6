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
  first prompt char the store to the PL011 data register in pl011_putc that
                    writes '>': the count includes that store. The firmware's
                    banner has no '>', so it is the (N+1)-th data store, N
                    being the bytes before the first '>' on the serial line
                    (CRs included: console_putc sends one before each LF).
  a call            from the callee's first instruction to its return
                    (inclusive), i.e. excluding the caller's BL/BLX

Figures: boot counts per board at -m 128 and -m 1024, translation-table bytes
in use at 64, 512 and 1024 MiB (tests/target/b_tables.c), ioremap+readl+
iounmap of a page with the mappings boot leaves live (4 on virt: the issue's
"1" cannot be had without unmapping the console or the GIC), 100 and 1000
live, and of a 1 MiB section,
readl/writel/_relaxed from the disassembly and from measured loops
(tests/target/b_ioremap.c), image sizes (arm-none-eabi-size) and the wall
time of 'make test'. Results: one table on stdout, BUILD/bench.json and the
same table in Markdown in BUILD/bench.md (bench-quick.* for --quick).

--quick measures only what the reset-to-prompt and table-memory targets need
(the MMU-on count comes with it and is shown, not judged) and the text size,
and exits 1 if a target is missed, a measurement fails, or a boot, table or
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
import bisect
import collections
import json
import os
import re
import shlex
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time


# ---- targets (the issue "make bench: deterministic figures ...") ---------------
T_MMU_ON = 9000            # instructions, reset to MMU on, virt
T_PROMPT = 200000          # instructions, reset to the first prompt character, virt
T_TABLES = 24 * 1024       # bytes of L1 + L2 tables, up to 1 GiB of RAM
T_IOREMAP = 1500           # instructions per ioremap + first access + iounmap of a page
T_IOREMAP_RATIO = 2.0      # 1000 live mappings vs 1
T_TEXT = 64 * 1024         # bytes of text per board
TARGET_BOARDS = ("virt",)  # the boot targets are stated for virt

BOOT_MEM = (128, 1024)            # MiB, boot counts
TABLE_MEM = (64, 512, 1024)       # MiB, table memory
REPS = 3                          # calls per scenario in b_ioremap.c
LOOP_N = 1000                     # b_ioremap.c's loops run LOOP_N, then 2 * LOOP_N
MAX_TRACE = 60_000_000            # instructions: no run here comes near this
PROMPT = b">"
# Every run: virtual time from the instruction count (one instruction per ns,
# no sleeping in WFI), and an RTC that starts at a fixed date and runs on that
# virtual clock, so timer interrupts land on the same instruction and the
# banner's date has the same digits in every run.
DET_ARGS = ["-icount", "shift=0,sleep=off", "-rtc", "base=2025-01-01T00:00:00,clock=vm"]


class BenchError(Exception):
    pass


class Unsupported(BenchError):
    """QEMU refused the configuration (e.g. versatilepb above 256 MiB)."""


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run(cmd, timeout, **kw):
    """(status, stdout+stderr text); status -1 on a timeout. The command runs
    in its own process group, and a timeout kills the whole group (a gdb's
    QEMU too), so nothing outlives the run."""
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL, start_new_session=True, **kw)
    try:
        out, _ = p.communicate(timeout=timeout)
        return p.returncode, out.decode(errors="replace")
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, _ = p.communicate()
        return -1, out.decode(errors="replace") + f"\n[timed out after {timeout} s]"


def scratch(workdir, label):
    """A new, empty directory for one measurement's files: no two runs (boards,
    memory sizes, repeats) ever share a file name, so none can read another's."""
    return tempfile.mkdtemp(prefix=label + "-", dir=workdir)


def read_until(proc, needle, timeout):
    """Read proc's stdout until needle appears, it closes, or timeout seconds
    pass (a deadline, not a sleep: under host load boot may take a while).
    Returns (bytes read, whether needle was seen)."""
    deadline = time.monotonic() + timeout
    data = b""
    fd = proc.stdout.fileno()
    while needle not in data:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            break
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        data += chunk
    return data, needle in data


# ---- the ELF: symbols and disassembly --------------------------------------------
class Elf:
    def __init__(self, path, cross):
        self.path = path
        self.cross = cross
        self.syms = {}                 # name -> address (code symbols)
        st, out = run([cross + "readelf", "-sW", path], 60)
        if st:
            raise BenchError(f"readelf {path}: {out.strip()[:200]}")
        best = {}                      # address -> (rank, name)
        for line in out.splitlines():
            f = line.split()
            # Num: Value Size Type Bind Vis Ndx Name
            if len(f) != 8 or not f[0].endswith(":") or f[6] in ("UND", "ABS") \
                    or f[3] not in ("FUNC", "NOTYPE") or f[7].startswith("$"):
                continue
            addr = int(f[1], 16) & ~1
            self.syms.setdefault(f[7], addr)
            if f[3] == "NOTYPE" and f[7].startswith("__"):
                continue               # the linker script's __text_start and kin
            # Where labels share an address (_start and vectors_end), name the
            # code after a function, then a global, then not an "_end" label.
            rank = (f[3] == "FUNC", f[4] == "GLOBAL", not f[7].endswith("_end"))
            if addr not in best or rank > best[addr][0]:
                best[addr] = (rank, f[7])
        self._addrs = sorted(best)
        self._names = [best[a][1] for a in self._addrs]
        self._dis = None

    def name_of(self, pc):
        i = bisect.bisect_right(self._addrs, pc) - 1
        return self._names[i] if i >= 0 else "?"

    def disassembly(self):
        """{function: [(address, mnemonic, operands)]} of the whole ELF."""
        if self._dis is None:
            st, out = run([self.cross + "objdump", "-d", "--no-show-raw-insn", self.path], 120)
            if st:
                raise BenchError(f"objdump {self.path}: {out.strip()[:200]}")
            self._dis, cur = {}, None
            for line in out.splitlines():
                m = re.match(r"^[0-9a-f]+ <(.+)>:$", line)
                if m:
                    cur = self._dis.setdefault(m.group(1), [])
                    continue
                m = re.match(r"^\s*([0-9a-f]+):\s+(\S+)\s*(.*?)\s*(?:@.*)?$", line)
                if m and cur is not None:
                    cur.append((int(m.group(1), 16), m.group(2), m.group(3)))
        return self._dis

    def function(self, name):
        insns = self.disassembly().get(name)
        if not insns:
            raise BenchError(f"{os.path.basename(self.path)}: no function {name}")
        return insns


def sctlr_write_marker(elf):
    """(marker PC, text): the instruction after the last SCTLR write in
    arch_mmu_enable, i.e. the first one executed with the MMU on."""
    insns = elf.function("arch_mmu_enable")
    idx = [i for i, (_, mn, ops) in enumerate(insns)
           if mn == "mcr" and re.match(r"(p?15),\s*0,\s*\w+,\s*c?r1,\s*c?r0,\s*\{?0\}?$", ops)]
    if not idx or idx[-1] + 1 >= len(insns):
        raise BenchError("arch_mmu_enable: no 'mcr p15, 0, rX, c1, c0, 0' (SCTLR write) found")
    i = idx[-1]
    a, mn, ops = insns[i]
    return insns[i + 1][0], f"{a:#010x} {mn} {ops}"


def uart_store_marker(elf):
    """(PC, source register, PC of the next instruction, text) of the
    data-register store in pl011_putc."""
    insns = elf.function("pl011_putc")
    stores = [i for i, (a, mn, ops) in enumerate(insns) if re.match(r"^str(b)?$", mn)]
    if len(stores) != 1 or stores[0] + 1 >= len(insns):
        raise BenchError(f"pl011_putc: expected one store to UARTDR, found {len(stores)}")
    a, mn, ops = insns[stores[0]]
    return a, ops.split(",")[0].strip(), insns[stores[0] + 1][0], f"{a:#010x} {mn} {ops}"


# ---- QEMU -------------------------------------------------------------------------
def qemu_version():
    st, out = run(["qemu-system-arm", "--version"], 30)
    m = re.search(r"version (\d+)\.(\d+)\.?(\d*)", out)
    if st or not m:
        raise BenchError("qemu-system-arm --version failed: " + out.strip()[:200])
    return tuple(int(x or 0) for x in m.groups()), out.splitlines()[0].strip()


def with_mem(qemu, mem):
    """The board's QEMU arguments with its -m replaced by mem MiB."""
    args = shlex.split(qemu)
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
            continue
        if a == "-m":
            skip = True
            continue
        if a.startswith("-m") and a[2:].isdigit():
            continue
        out.append(a)
    return out + ["-m", str(mem)]


class Trace:
    """One traced QEMU run, parsed as it streams out of QEMU's stderr.

    watch_pcs: PCs (int) whose every execution index is recorded (up to
    `keep` each); calls: {entry PC: name} of functions whose calls are timed
    and profiled; histogram: count every PC; stop(trace) -> bool is asked every
    few thousand lines and ends the run when true.
    """

    def __init__(self, watch_pcs=(), calls=None, histogram=False, keep=100000):
        self.n = 0                      # instructions counted
        self.retracted = 0              # logged blocks QEMU did not execute
        self.first_pc = None
        self.watch = {b"%08x" % pc: [] for pc in watch_pcs}
        self.keep = keep
        self.calls_at = {b"%08x" % pc: name for pc, name in (calls or {}).items()}
        self.calls = []                 # (name, instructions, Counter of PCs)
        self.hist = collections.Counter() if histogram else None
        self.stopped_by_us = False
        self.status = None
        self.stderr_other = []

    def _count(self, pc, prev, stack):
        n = self.n
        if self.first_pc is None:
            self.first_pc = int(pc, 16)
        hits = self.watch.get(pc)
        if hits is not None and len(hits) < self.keep:
            hits.append(n)
        if self.hist is not None:
            self.hist[pc] += 1
        if stack:
            top = stack[-1]
            top[3][pc] += 1
            if pc == top[1]:            # back at the caller's return address
                stack.pop()
                top[3][pc] -= 1         # the return site is the caller's
                self.calls.append((top[0], n - top[2], top[3]))
        name = self.calls_at.get(pc)
        if name is not None and prev is not None:
            ret = b"%08x" % (int(prev, 16) + 4)
            stack.append([name, ret, n, collections.Counter({pc: 1})])
        self.n = n + 1

    def run(self, argv, timeout, stop=None, stdout=None):
        out = open(stdout, "wb") if stdout else subprocess.DEVNULL
        try:
            proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out,
                                    stderr=subprocess.PIPE, bufsize=1 << 20)
        finally:
            if stdout:
                out.close()
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        pending = prev = None
        stack = []
        try:
            for line in proc.stderr:
                if line.startswith(b"Trace "):
                    if pending is not None:
                        self._count(pending, prev, stack)
                        prev = pending
                    i = line.find(b"[")
                    pending = line[i + 10:i + 18]
                    if stop is not None and (self.n & 0xfff) == 0 and stop(self):
                        self.stopped_by_us = True
                        break
                    if self.n > MAX_TRACE:
                        raise BenchError(f"trace longer than {MAX_TRACE} instructions")
                elif line.startswith(b"Stopped execution of TB chain before") or \
                        line.startswith(b"cpu_io_recompile: rewound execution of TB to"):
                    # The block logged last did not run: it saw an exit request
                    # (icount budget, interrupt) at its start, or, under icount,
                    # it reached a device access and is run again as a block
                    # that may do I/O. Either way it is logged again when it runs.
                    if pending is not None and pending in line:
                        pending = None
                        self.retracted += 1
                    else:
                        raise BenchError("unexpected trace line: " + line.decode(errors="replace"))
                elif len(self.stderr_other) < 20:
                    self.stderr_other.append(line.decode(errors="replace").rstrip())
            else:
                if pending is not None:
                    self._count(pending, prev, stack)
        finally:
            timed_out = not timer.is_alive() and not self.stopped_by_us
            timer.cancel()
            if proc.poll() is None:
                proc.kill()
            proc.stderr.close()
            self.status = proc.wait()
        if timed_out and not self.stopped_by_us:
            raise BenchError(f"QEMU did not finish within {timeout} s")
        return self

    def hits(self, pc):
        return self.watch[b"%08x" % pc]


def trace_argv(qemu_args, elf, version, extra):
    single = (["-accel", "tcg,one-insn-per-tb=on"] if version >= (8, 1)
              else ["-accel", "tcg", "-singlestep"])
    return (["qemu-system-arm"] + qemu_args + ["-display", "none", "-monitor", "none"]
            + DET_ARGS + single + ["-d", "exec,nochain"] + extra + ["-kernel", elf])


def plain_run(qemu_args, elf, timeout=60):
    argv = (["qemu-system-arm"] + qemu_args +
            ["-display", "none", "-monitor", "none", "-serial", "null",
             "-semihosting-config", "enable=on,target=native"] + DET_ARGS + ["-kernel", elf])
    return run(argv, timeout)


# ---- boot: reset to MMU on and to the first prompt character -------------------
def symbol_histogram(elf, counter, limit=None):
    by = collections.Counter()
    for pc, c in counter.items():
        by[elf.name_of(int(pc, 16) if isinstance(pc, bytes) else pc)] += c
    total = sum(by.values())
    rows = [{"symbol": s, "instructions": c, "percent": round(100.0 * c / total, 1) if total else 0}
            for s, c in by.most_common(limit)]
    return total, rows


class PhaseTrace(Trace):
    """A boot trace that also keeps one PC histogram per phase: reset..MMU on
    (exclusive), MMU on..the prompt store (inclusive), and after it."""

    def __init__(self, mmu_pc, str_pc, stores_to_prompt, watch):
        super().__init__(watch_pcs=watch)
        self.mmu_b = b"%08x" % mmu_pc
        self.str_b = b"%08x" % str_pc
        self.phases = [collections.Counter(), collections.Counter(), collections.Counter()]
        self.phase = 0
        self.stores_to_prompt = stores_to_prompt
        self.stores = 0

    def _count(self, pc, prev, stack):
        if self.phase == 0 and pc == self.mmu_b:
            self.phase = 1
        self.phases[self.phase][pc] += 1
        if pc == self.str_b:
            self.stores += 1
            if self.stores == self.stores_to_prompt:
                self.phase = 2
        super()._count(pc, prev, stack)


def serial_until_prompt(ctx, mem, timeout=60):
    """What the firmware prints before its prompt, from an untraced run. The
    serial line is QEMU's stdout, a pipe read until the prompt arrives: no
    file that an earlier run (the other board, another -m) could have left."""
    argv = (["qemu-system-arm"] + with_mem(ctx["qemu"], mem) +
            ["-display", "none", "-monitor", "none", "-serial", "stdio"]
            + DET_ARGS + ["-kernel", ctx["fw"].path])
    q = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    try:
        data, _ = read_until(q, PROMPT, timeout)
    finally:
        if q.poll() is None:
            q.kill()
        err = q.communicate()[1].decode(errors="replace").strip()
    if PROMPT not in data and not data and q.returncode not in (None, 0) and \
            err.startswith("qemu-system-arm:"):
        raise Unsupported(err.splitlines()[0])
    if PROMPT not in data:
        raise BenchError(f"-m {mem}: no prompt on the serial line within {timeout} s"
                         + (f" ({err.splitlines()[0]})" if err else "")
                         + (f"; it printed: {data[-200:]!r}" if data else ""))
    before = data[:data.index(PROMPT)]
    if before and not before.endswith(b"\n"):
        raise BenchError(f"-m {mem}: the first '>' on the serial line is not at the start of "
                         f"a line, so it is not the prompt: {before[-60:]!r}")
    return before


def measure_boot(ctx, board, mem, workdir, profile):
    """Counts (and, with profile, per-phase histograms) for one boot."""
    fw = ctx["fw"]
    mmu_pc, str_pc = ctx["mmu_pc"], ctx["str_pc"]
    before = serial_until_prompt(ctx, mem)
    # Written by QEMU into a directory of its own, read once QEMU has ended.
    serial = os.path.join(scratch(workdir, f"boot-{board}-{mem}"), "serial.log")
    le_start = fw.syms.get("le_start")
    watch = [mmu_pc, str_pc] + ([le_start] if le_start else [])
    t = PhaseTrace(mmu_pc, str_pc, len(before) + 1, watch)
    argv = trace_argv(with_mem(ctx["qemu"], mem), fw.path, ctx["qemu_version"],
                      ["-serial", "file:" + serial])
    t.run(argv, ctx["timeout"], stop=lambda tr: tr.phase == 2)
    if not t.stopped_by_us:
        raise BenchError(f"{board} -m {mem}: QEMU ended (status {t.status}) before the prompt"
                         + (": " + " | ".join(t.stderr_other[:3]) if t.stderr_other else ""))
    with open(serial, "rb") as f:
        text = f.read()
    if not text.startswith(before + PROMPT):
        raise BenchError(f"{board} -m {mem}: the traced run printed something else "
                         "before its prompt than the untraced one")
    hits_mmu, hits_str = t.hits(mmu_pc), t.hits(str_pc)
    if not hits_mmu or hits_mmu[0] > hits_str[len(before)]:
        raise BenchError(f"{board} -m {mem}: the MMU-on marker was not reached before the prompt")
    mmu = hits_mmu[0]                        # instructions before the marker
    prompt = hits_str[len(before)] + 1       # up to and including the store of '>'
    if sum(t.phases[0].values()) != mmu or \
            sum(t.phases[0].values()) + sum(t.phases[1].values()) != prompt:
        raise BenchError("internal: phase histograms do not add up to the marker counts")
    res = {
        "mmu_on": mmu,
        "prompt": prompt,
        "le_start_entry": (t.hits(le_start)[0] if le_start and t.hits(le_start) else None),
        "first_pc": f"{t.first_pc:#010x}",
        "first_pc_is_elf_entry": t.first_pc == fw.syms.get("_start"),
        "uart_bytes_before_prompt": len(before),
        "retracted_blocks": t.retracted,
        "banner": [l for l in before.decode(errors="replace").replace("\r", "").splitlines()
                   if l.strip()],
    }
    if profile:
        res["profile_reset_to_mmu_on"] = symbol_histogram(fw, t.phases[0], 15)[1]
        res["profile_mmu_on_to_prompt"] = symbol_histogram(fw, t.phases[1], 15)[1]
    return res


def gdb_count(ctx, mem, pc, workdir):
    """Instructions executed before pc is first reached, from a gdb breakpoint
    under icount record mode ('monitor info replay'). One stop per QEMU run:
    QEMU 7.2 in record mode does not come back from a second 'continue'.
    gdb starts QEMU itself and talks to its stub over a pipe ('target remote |'
    with '-gdb stdio'): no TCP port that another process could take first."""
    fw = ctx["fw"]
    d = scratch(workdir, f"gdb-{mem}")
    rr, script = os.path.join(d, "replay.bin"), os.path.join(d, "count.gdb")
    qemu = (["qemu-system-arm"] + with_mem(ctx["qemu"], mem) +
            ["-display", "none", "-monitor", "none", "-serial", "null",
             "-icount", f"shift=0,sleep=off,rr=record,rrfile={rr}", DET_ARGS[2], DET_ARGS[3],
             "-S", "-gdb", "stdio", "-kernel", fw.path])
    with open(script, "w") as f:
        f.write("\n".join(["set pagination off", "set confirm off",
                           "target remote | exec " + shlex.join(qemu), f"break *{pc:#x}",
                           "continue", "monitor info replay", "kill", "quit", ""]))
    st, out = run(["gdb-multiarch", "-q", "-batch", "-nx", "-x", script, fw.path], 120)
    m = re.search(r"instruction count = (\d+)", out)
    if not m:
        raise BenchError(f"gdb gave no count (status {st}): " + out.strip()[-200:])
    return int(m.group(1))


def gdb_crosscheck(ctx, mem, workdir):
    """The MMU-on count and the count at the first entry of le_start (the line
    editor's start, which prints the prompt) by gdb + icount instead of the
    trace. Both are 'instructions before the PC', like the trace's indices."""
    if not shutil.which("gdb-multiarch"):
        return {"skipped": "no gdb-multiarch"}
    out = {}
    try:
        out["mmu_on"] = gdb_count(ctx, mem, ctx["mmu_pc"], workdir)
        if "le_start" in ctx["fw"].syms:
            out["le_start_entry"] = gdb_count(ctx, mem, ctx["fw"].syms["le_start"], workdir)
    except BenchError as e:
        out["error"] = str(e)
    return out


# ---- table memory -----------------------------------------------------------------
def measure_tables(ctx, mem):
    st, out = plain_run(with_mem(ctx["qemu"], mem), ctx["b_tables"].path, 60)
    vals = dict(re.findall(r"(\w+) (0x[0-9a-f]+|\d+)", " ".join(re.findall(r"bench: (.*)", out))))
    if st != 0 or "table_bytes" not in vals:
        line = next((l for l in out.splitlines() if l.startswith("qemu-system-arm:")), None)
        if line and not vals:
            return {"unsupported": line}
        return {"error": f"status {st}: " + (line or out.strip()[-200:])}
    res = {"table_bytes": int(vals["table_bytes"]), "l1_bytes": int(vals["l1_bytes"]),
           "l2_tables": int(vals["l2_tables"]), "l2_bytes": int(vals["l2_bytes"]),
           "ram_mapped_mib": int(vals["ram_mapped"]) >> 20,
           "ram_reported_mib": int(vals["ram_reported"]) >> 20,
           "ram_from_dt": vals["from_dt"] == "1"}
    if res["ram_reported_mib"] != mem:
        res["note"] = (f"the firmware saw {res['ram_reported_mib']} MiB, not {mem}: "
                       "the figure is not for this RAM size")
    return res


# ---- ioremap and accessors ----------------------------------------------------------
CALLS = ["bench_page_cycle", "bench_section_cycle", "bench_loop_empty", "bench_loop_readl",
         "bench_loop_readl_relaxed", "bench_loop_writel", "bench_loop_writel_relaxed"]
ACCESSORS = ["readl", "readl_relaxed", "writel", "writel_relaxed"]


def measure_ioremap(ctx, workdir, profile):
    img = ctx["b_ioremap"]
    calls = {img.syms[n]: n for n in CALLS if n in img.syms}
    if len(calls) != len(CALLS):
        raise BenchError("b_ioremap.elf lacks " + ", ".join(set(CALLS) - set(calls.values())))
    t = Trace(calls=calls)
    argv = trace_argv(with_mem(ctx["qemu"], 128), img.path, ctx["qemu_version"],
                      ["-serial", "null", "-semihosting-config", "enable=on,target=native"])
    console = os.path.join(scratch(workdir, "b_ioremap"), "console.out")
    t.run(argv, ctx["timeout"] * 4, stdout=console)
    with open(console, errors="replace") as f:
        out = f.read()
    if t.status != 0:
        raise BenchError(f"b_ioremap.elf failed (status {t.status}): "
                         + " | ".join(l for l in out.splitlines() if l.startswith("not ok")))
    lives = [int(x) for x in re.findall(r"bench: page_cycle live (\d+)", out)]
    sec_live = re.search(r"bench: section_cycle phys (0x[0-9a-f]+) live (\d+)", out)
    by = collections.defaultdict(list)
    for name, n, hist in t.calls:
        by[name].append((n, hist))
    page = by["bench_page_cycle"]
    if len(lives) != 3 or not sec_live or len(page) != 3 * REPS or \
            len(by["bench_section_cycle"]) != REPS:
        raise BenchError("b_ioremap.elf: unexpected output or number of measured calls")
    res = {"retracted_blocks": t.retracted, "page": [], "section": {}}
    for k, live in enumerate(lives):
        runs = [n for n, _ in page[k * REPS:(k + 1) * REPS]]
        r = {"live": live, "runs": runs, "instructions": max(runs)}
        if profile:
            r["profile"] = symbol_histogram(img, page[k * REPS][1], 12)[1]
        res["page"].append(r)
    runs = [n for n, _ in by["bench_section_cycle"]]
    res["section"] = {"phys": sec_live.group(1), "live": int(sec_live.group(2)),
                      "runs": runs, "instructions": max(runs)}
    if profile:
        res["section"]["profile"] = symbol_histogram(img, by["bench_section_cycle"][0][1], 12)[1]
    loops = {}
    for name in CALLS[2:]:
        got = [n for n, _ in by[name]]
        if len(got) != 2:
            raise BenchError(f"b_ioremap.elf: {name} ran {len(got)} times, not 2")
        loops[name[len("bench_loop_"):]] = (got[1] - got[0]) / LOOP_N
    res["loop_per_iteration"] = loops
    return res


def accessor_disassembly(img):
    out = {}
    for acc in ACCESSORS:
        insns = img.function("bench_" + acc)
        body = [f"{mn} {ops}".strip() for _, mn, ops in insns
                if not (mn == "bx" and ops == "lr")]
        out[acc] = {"instructions": len(body), "code": "; ".join(body)}
    return out


# ---- sizes and make test ------------------------------------------------------------
def image_size(ctx):
    st, out = run([ctx["cross"] + "size", ctx["fw"].path], 30)
    m = re.search(r"^\s*(\d+)\s+(\d+)\s+(\d+)\s+\d+\s+[0-9a-f]+\s", out, re.M)
    if st or not m:
        raise BenchError("size failed: " + out.strip()[:200])
    text, data, bss = (int(x) for x in m.groups())
    st, out = run([ctx["cross"] + "size", "-A", ctx["fw"].path], 30)
    sections = {m.group(1): int(m.group(2))
                for m in re.finditer(r"^(\.\S+)\s+(\d+)\s+\d+", out, re.M)}
    return {"text": text, "data": data, "bss": bss,
            "sections": {k: sections[k] for k in (".text", ".rodata", ".ARM.exidx", ".data",
                                                  ".bss", ".stacks", ".pgtables", ".heap")
                         if k in sections}}


def time_make_test(args, board):
    start = time.monotonic()
    st, out = run(shlex.split(args.make) + [f"BOARD={board}", f"BUILD={args.build}", "test"], 1800)
    wall = time.monotonic() - start
    tail = [l for l in out.splitlines() if re.match(r"^\d+ passed, \d+ failed", l)]
    fails = [l for l in out.splitlines() if l.startswith("FAIL ")][:10]
    return {"seconds": round(wall, 1), "status": st, "result": tail[-1] if tail else None,
            "failures": fails}


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
    log(f"bench: building {board}")
    st, out = run(shlex.split(args.make) + [f"BOARD={board}", f"BUILD={args.build}",
                                            "bench-images"], 900)
    if st:
        log(f"bench: {board} does not build; skipped\n" + out.strip()[-1500:])
    return st == 0


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
        "prompt": f"the execution of '{str_text}' in pl011_putc that stores '>' "
                  f"(count includes it)"}
    judged = board in TARGET_BOARDS

    # boot counts
    out["boot"] = {}
    for mem in BOOT_MEM:
        log(f"bench: {board} -m {mem}: tracing reset to prompt")
        try:
            r = measure_boot(ctx, board, mem, workdir, profile=not args.quick)
            if not args.quick:
                r2 = measure_boot(ctx, board, mem, workdir, profile=False)
                r["second_run"] = {"mmu_on": r2["mmu_on"], "prompt": r2["prompt"]}
                r["deterministic"] = (r2["mmu_on"], r2["prompt"]) == (r["mmu_on"], r["prompt"])
                if not r["deterministic"]:
                    rep.errors.append(f"{board} -m {mem}: two trace runs disagree")
                log(f"bench: {board} -m {mem}: gdb + icount record cross-check")
                r["gdb_icount"] = gdb_crosscheck(ctx, mem, workdir)
                g = r["gdb_icount"]
                if "mmu_on" in g:
                    r["gdb_agrees"] = all(g[k] == r[k] for k in ("mmu_on", "le_start_entry")
                                          if k in g)
                    if not r["gdb_agrees"]:
                        rep.errors.append(f"{board} -m {mem}: gdb/icount counts {g} differ "
                                          "from the trace's")
                elif "error" in g:
                    rep.errors.append(f"{board} -m {mem}: gdb cross-check: {g['error']}")
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
        if judged and not args.quick:
            rep.judge("reset to MMU on", f"{board} -m {mem}", mmu, T_MMU_ON, "insns",
                      f"insns reset -> MMU on (-m {mem})")
        else:
            rep.figure(f"insns reset -> MMU on (-m {mem})", board, fmt(mmu, "insns"),
                       f"<= {fmt(T_MMU_ON, 'insns')}" if judged else "",
                       "(judged by make bench)" if judged else "")
        if judged:
            rep.judge("reset to prompt", f"{board} -m {mem}", prompt, T_PROMPT, "insns",
                      f"insns reset -> first prompt char (-m {mem})")
        else:
            rep.figure(f"insns reset -> first prompt char (-m {mem})", board,
                       fmt(prompt, "insns"))

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
            rep.judge("table memory", f"{board} {mem} MiB", value, T_TABLES, "bytes",
                      f"table memory, L1+L2 ({mem} MiB)",
                      shown=f"{value:,} B = {r['l1_bytes'] // 1024} KiB L1 + "
                            f"{r['l2_tables']} x 1 KiB L2")
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
