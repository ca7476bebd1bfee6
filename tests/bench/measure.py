"""The measurements of tests/bench (see bench.py's docstring for the method and
the definitions): boot counts, the gdb cross-check, table memory, ioremap and
accessor costs, image size and the wall time of make test."""
import collections
import os
import re
import shlex
import shutil
import struct
import subprocess
import threading
import time

from qemu_trace import (DET_ARGS, BenchError, Trace, Unsupported, plain_run, read_until,
                        run, scratch, trace_argv, with_mem)

REPS = 3                          # calls per scenario in b_ioremap.c
LOOP_N = 1000                     # b_ioremap.c's loops run LOOP_N, then 2 * LOOP_N
PROMPT = b">"


# ---- the markers: found in the firmware's disassembly ------------------------------
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
    data-register store in pl011_write (the console's path)."""
    insns = elf.function("pl011_write")
    stores = [i for i, (a, mn, ops) in enumerate(insns) if re.match(r"^str(b)?$", mn)]
    if len(stores) != 1 or stores[0] + 1 >= len(insns):
        raise BenchError(f"pl011_write: expected one store to UARTDR, found {len(stores)}")
    a, mn, ops = insns[stores[0]]
    return a, ops.split(",")[0].strip(), insns[stores[0] + 1][0], f"{a:#010x} {mn} {ops}"


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

    def __init__(self, mmu_pc, str_pc, stores_to_prompt, watch, calls=None, elf=None):
        super().__init__(watch_pcs=watch, calls=calls, elf=elf)
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


def boot_steps(elf):
    """[(call PC, return PC, callee)] for each call boot_c makes, in code
    order: the boot's steps. A callee reached through an interworking veneer
    (__x_from_thumb, __x_from_arm) is named x."""
    steps = []
    insns = elf.function("boot_c")
    for i, (a, mn, ops) in enumerate(insns):
        m = re.search(r"<(\w+)>", ops)
        if mn in ("bl", "blx") and m and i + 1 < len(insns):
            callee = re.sub(r"^__(\w+)_from_(thumb|arm)$", r"\1", m.group(1))
            steps.append((a, elf.after(a), callee))
    if not any(name == "main" for _, _, name in steps):
        raise BenchError("boot_c: no call of main found")
    return steps


def step_counts(t, steps, mmu, prompt):
    """MMU on to the prompt, step by step: each call boot_c made (its call
    instruction ran), from the previous one's return (or the MMU-on marker)
    to its own, boot_c's few instructions between calls included; main,
    which prints the banner and starts the shell, up to the prompt.
    ([(callee, instructions)], adding up to prompt - mmu; the index where
    main's part begins). A return address alone says nothing: a branch over
    a call that did not run lands there too."""
    ends = {}
    for call, ret, name in steps:
        for c in t.hits(call):
            back = [n for n in t.hits(ret) if n > c]
            if back and mmu < back[0] < prompt:
                ends[back[0]] = name     # one step ends at one instruction
    ends = sorted(ends.items())
    out, prev = [], mmu
    for n, name in ends:
        out.append([name, n - prev])
        prev = n
    out.append(["main", prompt - prev])
    if sum(c for _, c in out) != prompt - mmu:
        raise BenchError("internal: the boot steps do not add up to MMU on..prompt")
    return out, prev


def dt_tokens(ctx, mem, workdir, banner):
    """The tree QEMU gave the firmware, counted: {"nodes", "props",
    "tokens"} (node starts, properties and node ends: what the discovery
    pass reads); None when the banner says RAM came from elsewhere (no tree,
    as on versatilepb). QEMU's dumpdtb option writes the tree at machine
    creation and exits; -S keeps the guest from running either way."""
    args = with_mem(ctx["qemu"], mem)
    if b"from the device tree" not in banner or "-M" not in args or \
            args.index("-M") + 1 >= len(args):
        return None
    path = os.path.join(scratch(workdir, f"dtb-{mem}"), "machine.dtb")
    i = args.index("-M") + 1
    args = args[:i] + [args[i] + ",dumpdtb=" + path] + args[i + 1:]
    run(["qemu-system-arm"] + args + ["-display", "none", "-monitor", "none", "-S"], 30)
    if not os.path.exists(path):
        return None
    with open(path, "rb") as f:
        blob = f.read()
    off, end = struct.unpack(">II", blob[8:16])[0], len(blob)
    counts = {1: 0, 2: 0, 3: 0}
    while off + 4 <= end:
        tok = struct.unpack(">I", blob[off:off + 4])[0]
        off += 4
        if tok == 1:                                # FDT_BEGIN_NODE: a padded name
            off = (blob.index(b"\0", off) + 4) & ~3
        elif tok == 3:                              # FDT_PROP: len, nameoff, value
            off = (off + 8 + struct.unpack(">I", blob[off:off + 4])[0] + 3) & ~3
        elif tok == 9:                              # FDT_END
            break
        if tok in counts:
            counts[tok] += 1
    return {"nodes": counts[1], "props": counts[3], "tokens": sum(counts.values())}


def measure_boot(ctx, board, mem, workdir, profile):
    """Counts (and, with profile, per-phase histograms) for one boot."""
    fw = ctx["fw"]
    mmu_pc, str_pc = ctx["mmu_pc"], ctx["str_pc"]
    before = serial_until_prompt(ctx, mem)
    # Written by QEMU into a directory of its own, read once QEMU has ended.
    serial = os.path.join(scratch(workdir, f"boot-{board}-{mem}"), "serial.log")
    le_start = fw.syms.get("le_start")
    steps = boot_steps(fw)
    watch = ([mmu_pc, str_pc] + ([le_start] if le_start else [])
             + [pc for call, ret, _ in steps for pc in (call, ret)])
    # PCI comes up on first use (measure_task() times it): a call before
    # the prompt is an error below.
    pci = {fw.syms["pci_init"]: "pci_init"} if "pci_init" in fw.syms else None
    t = PhaseTrace(mmu_pc, str_pc, len(before) + 1, watch, calls=pci, elf=fw)
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
    res["steps"], main_start = step_counts(t, steps, mmu, prompt)
    res["main_bytes"] = sum(1 for n in hits_str[:len(before) + 1] if n >= main_start)
    if any(name == "pci_init" for name, _, _ in t.calls):
        raise BenchError(f"{board} -m {mem}: PCI came up before the prompt; it comes up on "
                         "first use (include/pci_host.h)")
    if profile:     # the full bench's first run: the one recorded
        res["dt"] = dt_tokens(ctx, mem, workdir, before)
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
           "root_bytes": int(vals.get("root_bytes", 0)), "format": vals.get("format", "?"),
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
    t = Trace(calls=calls, elf=img)
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
    parts = text_by_part(os.path.splitext(ctx["fw"].path)[0] + ".map")
    if sum(parts.values()) != text:
        raise BenchError(f"the link map's text parts add up to {sum(parts.values())} bytes, "
                         f"size says {text}")
    return {"text": text, "data": data, "bss": bss, "text_parts": parts,
            "sections": {k: sections[k] for k in (".text", ".rodata", ".ARM.exidx", ".data",
                                                  ".bss", ".stacks", ".pgtables", ".heap")
                         if k in sections}}


TEXT_SECTIONS = (".text", ".rodata", ".ARM.exidx")   # what `size` counts as text here


def text_part(path):
    """The part of the tree an input file of the link belongs to: its source
    directory (src/mmu, src/lib, ...), the user programs, or the C library."""
    m = re.search(r"/obj/(src/bus/\w+|src/\w+|user)/", path)
    if m:
        return "user programs" if m.group(1) == "user" else m.group(1)
    m = re.search(r"/obj/(src/\w+)\.o$", path)
    if m:
        return m.group(1) + ".c"
    if re.search(r"lib(c|c_nano|gcc|nosys|rdimon)\w*\.a\(", path):
        return "newlib and libgcc"
    if path == "linker stubs":
        return "interworking veneers (linker stubs)"
    return "other"


def text_by_part(map_path):
    """{part: bytes} of the image's text (.text, .rodata, .ARM.exidx), from
    the link map: each input section's bytes go to the part of the file it
    came from, alignment and page padding to their own part. Each input
    section counts up to where the next one starts: the map lists merged
    string sections at their sizes before merging, and the linker's stubs
    at their size before the last veneers were added."""
    with open(map_path) as f:
        text = f.read()
    start = text.find("Linker script and memory map")
    if start < 0:
        raise BenchError(f"{map_path}: not a GNU ld map")
    parts = collections.Counter()
    spans, section, pending = [], None, False     # (address, size, part) per section

    def close():
        if section is None:
            return
        base, size = section
        spans.sort()
        for k, (a, n, part) in enumerate(spans):
            end = spans[k + 1][0] if k + 1 < len(spans) else min(a + n, base + size)
            parts[part] += max(0, end - a)
        last = min(spans[-1][0] + spans[-1][1], base + size) if spans else base
        parts["alignment and page padding"] += base + size - last

    for line in text[start:].splitlines():
        m = re.match(r"^(\.\S+)(?:\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+))?", line)
        if m:                                       # an output section
            close()
            spans, pending = [], False
            section = ((int(m.group(2), 16), int(m.group(3), 16))
                       if m.group(1) in TEXT_SECTIONS and m.group(2) else None)
            continue
        if section is None:
            continue
        m = re.match(r"^ \*fill\*\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)", line)
        if m:
            spans.append((int(m.group(1), 16), int(m.group(2), 16), "alignment and page padding"))
            continue
        if re.match(r"^ \S+\s*$", line):             # an input section's name alone ...
            pending = True
            continue
        m = re.match(r"^ (\S+)?\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(\S.*)$", line)
        if m and (m.group(1) or pending):           # ... or with address, size and file
            spans.append((int(m.group(2), 16), int(m.group(3), 16), text_part(m.group(4))))
        pending = False
    close()
    return dict(parts)


def time_make_test(args, board):
    start = time.monotonic()
    st, out = run(shlex.split(args.make) + [f"BOARD={board}", f"BUILD={args.build}", "test"], 1800)
    wall = time.monotonic() - start
    tail = [l for l in out.splitlines() if re.match(r"^\d+ passed, \d+ failed", l)]
    fails = [l for l in out.splitlines() if l.startswith("FAIL ")][:10]
    return {"seconds": round(wall, 1), "status": st, "result": tail[-1] if tail else None,
            "failures": fails}


# ---- user tasks: run hello, mmap eager vs fault-driven --------------------------
USER_BASE, USER_END = 0x20000000, 0x30000000    # include/uabi.h: the user window
# PCI comes up on first use: lspci first, whose pci_init() is timed too.
TASK_COMMANDS = [b"lspci", b"run hello", b"run lazy 1", b"run lazy 1 eager"]
RUNS = sum(1 for c in TASK_COMMANDS if c.startswith(b"run "))


class Typist:
    """Types one command after each prompt on the serial line (QEMU's stdio),
    then sets done once the prompt after the last command arrives."""

    def __init__(self, commands):
        self.commands = list(commands)
        self.output = b""
        self.done = False

    def start(self, proc):
        threading.Thread(target=self._loop, args=(proc,), daemon=True).start()

    def prompts(self):
        return len(re.findall(rb"(?:^|\n)> ", self.output))

    def _loop(self, proc):
        sent = 0
        fd = proc.stdout.fileno()
        while True:
            chunk = os.read(fd, 65536)
            if not chunk:
                return
            self.output += chunk
            seen = self.prompts()
            if seen > sent and sent < len(self.commands):
                try:
                    proc.stdin.write(self.commands[sent] + b"\r")
                    proc.stdin.flush()
                except OSError:
                    return
                sent += 1
            elif seen > len(self.commands):
                self.done = True


class TaskTrace(Trace):
    """A trace that also cuts the run into kernel windows: each run of
    instructions outside the user window between two user instructions (an
    SVC, an abort or an interrupt taken from PL0, up to the return to PL0),
    with the marker functions entered in it; and times every interrupt, from
    its vector slot (the 'ldr pc' executed just before irq_entry, wherever
    the vectors are: VBAR, 0 or 0xFFFF0000) to the exception return that ends
    it (IRQs do not nest)."""

    def __init__(self, calls, markers, irq_pc, eret_pc, elf):
        super().__init__(calls=calls, elf=elf)
        self.markers = {b"%08x" % pc: name for pc, name in markers.items()}
        self.irq_b, self.eret_b = b"%08x" % irq_pc, b"%08x" % eret_pc
        self.irqs = []                  # (index of irq_entry, instructions to its return)
        self.irq_open = None
        self.windows = []               # (start index, instructions, {marker names})
        self.marker_at = collections.defaultdict(list)
        self.in_user = False
        self.win = None

    def _count(self, pc, prev, stack):
        user = USER_BASE <= int(pc, 16) < USER_END
        if user and self.win is not None:
            self.windows.append((self.win[0], self.n - self.win[0], self.win[1]))
            self.win = None
        elif not user and self.in_user:
            self.win = (self.n, set())
        self.in_user = user
        name = self.markers.get(pc)
        if name is not None:
            self.marker_at[name].append(self.n)
            if self.win is not None:
                self.win[1].add(name)
        if pc == self.irq_b:            # reached from the vector slot, just before
            self.irq_open = self.n - 1
        elif pc == self.eret_b and self.irq_open is not None:
            self.irqs.append((self.irq_open, self.n + 1 - self.irq_open))
            self.irq_open = None
        super()._count(pc, prev, stack)

    def without_irqs(self, start, n):
        """Instructions in [start, start + n) outside interrupt handling."""
        return n - sum(k for i, k in self.irqs if start <= i < start + n)


def exception_return_pc(fw):
    """The exception return shared by every vector: exception_common's
    'ldmfd sp!, {r0-r12, pc}^' (src/boot/entry.S)."""
    rets = [a for a, mn, ops in fw.function("exception_common")
            if mn.startswith(("ldm", "pop")) and "pc}^" in ops.replace(" ", "")]
    if len(rets) != 1:
        raise BenchError(f"exception_common: expected one exception return, found {len(rets)}")
    return rets[0]


def pci_bring_up(t):
    """pci_init() (the first `lspci` brings the bus up) and record_fn() once
    per function found (its header read, its BARs sized), interrupts
    subtracted; None where the machine has no host bridge (no call)."""
    spans = [(name, t.without_irqs(i, n)) for (name, n, _), i in zip(t.calls, t.call_starts)]
    init = [n for name, n in spans if name == "pci_init"]
    if len(init) > 1:
        raise BenchError(f"pci_init ran {len(init)} times: it must run once")
    return {"init": init[0], "per_device": [n for name, n in spans if name == "record_fn"]} \
        if init else None


def measure_task(ctx):
    """The first `lspci`, which brings PCI up (pci_bring_up()); run hello
    from the shell's dispatch (cmd_run's first instruction) to the task's
    exit (sys_exit's first instruction) and to cmd_run's return; mmap
    of one page of flash, fault-driven (`run lazy 1`: the mmap SVC, then the
    first touch's abort up to the retried load) and eager (`run lazy 1
    eager`: the MAP_POPULATE SVC; the touch then costs the load only). The
    commands are typed when each prompt appears, so the 1 kHz tick lands at
    a point the host's timing decides: every interrupt inside a span is
    subtracted (its vector slot to its exception return), which leaves the
    count the same in every run."""
    fw = ctx["fw"]
    calls = {fw.syms[n]: n for n in ("cmd_run", "pci_init", "record_fn")}
    markers = {fw.syms[n]: n for n in ("sys_exit", "sys_mmap", "uspace_fault")}
    t = TaskTrace(calls, markers, fw.syms["irq_entry"], exception_return_pc(fw), fw)
    typist = Typist(TASK_COMMANDS)
    argv = trace_argv(with_mem(ctx["qemu"], 128), fw.path, ctx["qemu_version"],
                      ["-serial", "stdio"])
    # The serial line runs ahead of the trace parser (a loaded host): stop
    # only once the trace has also seen the last command return.
    t.run(argv, ctx["timeout"] * 2, typist=typist,
          stop=lambda tr: typist.done and
          sum(1 for c in tr.calls if c[0] == "cmd_run") >= RUNS)
    if not typist.done:
        raise BenchError("lspci / run hello / lazy: the prompt did not come back after each command "
                         f"(status {t.status}); the serial line ended: {typist.output[-200:]!r}")
    out = typist.output.decode(errors="replace")
    for want in ("hello from pid", "lazy: touched 1 pages, faults 1, pages mapped 1",
                 "lazy: touched 1 pages, faults 0, pages mapped 1"):
        if want not in out:
            raise BenchError(f"the traced tasks did not print '{want}': {out[-300:]!r}")
    cmd = [(n, c, i) for (name, n, c), i in zip(t.calls, t.call_starts) if name == "cmd_run"]
    mmaps = [w for w in t.windows if "sys_mmap" in w[2]]
    faults = [w for w in t.windows if "uspace_fault" in w[2]]
    if len(cmd) != RUNS or len(mmaps) != 2 or len(faults) != 1:
        raise BenchError(f"expected {RUNS} commands, 2 mmap calls and 1 fault; "
                         f"saw {len(cmd)}, {len(mmaps)} and {len(faults)}")
    start = cmd[0][2]
    exit_at = next(i for i in t.marker_at["sys_exit"] if i > start)
    lazy_mmap, fault = (t.without_irqs(s, n) for s, n, _ in (mmaps[0], faults[0]))
    eager_mmap = t.without_irqs(*mmaps[1][:2])
    return {"pci": pci_bring_up(t),
            "run_hello_to_exit": t.without_irqs(start, exit_at - start),
            "run_hello_command": t.without_irqs(start, cmd[0][0]),
            "mmap_lazy": {"mmap": lazy_mmap, "fault": fault, "total": lazy_mmap + fault},
            "mmap_eager": {"mmap": eager_mmap, "total": eager_mmap},
            "interrupts_subtracted": sum(1 for i, _ in t.irqs
                                         if any(s <= i < s + n for s, n in
                                                [(start, cmd[0][0]), mmaps[0][:2],
                                                 mmaps[1][:2], faults[0][:2]])),
            "profile_run_hello": symbol_histogram(fw, cmd[0][1], 15)[1]}


# ---- make test's wall time, from its last run ------------------------------------
def last_make_test(build):
    """The wall time tests/run_tests.py recorded in BUILD/test-results.xml
    (its 'time' attribute: the runs, not the incremental builds before
    them), or None when there is no such file or it predates the attribute."""
    import xml.etree.ElementTree as ET
    path = os.path.join(build, "test-results.xml")
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        return None
    if root.get("time") is None:
        return None
    return {"seconds": float(root.get("time")), "when": root.get("timestamp"),
            "result": f"{int(root.get('tests')) - int(root.get('failures')) - int(root.get('skipped'))}"
                      f" passed, {root.get('failures')} failed, {root.get('skipped')} skipped",
            "source": os.path.relpath(path)}
