"""QEMU under an exec trace, and the ELF it runs: the machinery of tests/bench.

bench.py's docstring gives the method (one guest instruction per translation
block, retracted blocks dropped, -icount for repeatable interrupts); this is
its implementation: the Elf (symbols, disassembly), the streaming Trace
parser, QEMU's argument lists, and the process helpers (run with a deadline
and a process group, scratch directories, reading a pipe until a marker).
"""
import bisect
import collections
import os
import re
import select
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time

MAX_TRACE = 60_000_000            # instructions: no run here comes near this

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
        self._next = None              # address -> the next instruction's

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

    def after(self, addr):
        """The address of the instruction after the one at addr: 4 bytes
        in A32 code, 2 or 4 in Thumb code (a BLX rN is 16 bits, a BL 32)."""
        if self._next is None:
            self._next = {}
            for insns in self.disassembly().values():
                for (a, _, _), (b, _, _) in zip(insns, insns[1:]):
                    self._next[a] = b
        return self._next.get(addr, addr + 4)

    def function(self, name):
        insns = self.disassembly().get(name)
        if not insns:
            raise BenchError(f"{os.path.basename(self.path)}: no function {name}")
        return insns


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
    few thousand lines and ends the run when true. elf (an Elf): where a call
    returns to, the instruction after the caller's (a Thumb caller's BLX rN is
    2 bytes); without it, 4 bytes on (A32 callers).
    """

    def __init__(self, watch_pcs=(), calls=None, histogram=False, keep=100000, elf=None):
        self.n = 0                      # instructions counted
        self.retracted = 0              # logged blocks QEMU did not execute
        self.first_pc = None
        self.watch = {b"%08x" % pc: [] for pc in watch_pcs}
        self.keep = keep
        self.calls_at = {b"%08x" % pc: name for pc, name in (calls or {}).items()}
        self.calls = []                 # (name, instructions, Counter of PCs)
        self.call_starts = []           # the instruction index where each began
        self.hist = collections.Counter() if histogram else None
        self.after = elf.after if elf is not None else (lambda addr: addr + 4)
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
                self.call_starts.append(top[2])
        name = self.calls_at.get(pc)
        if name is not None and prev is not None:
            ret = b"%08x" % self.after(int(prev, 16))
            stack.append([name, ret, n, collections.Counter({pc: 1})])
        self.n = n + 1

    def run(self, argv, timeout, stop=None, stdout=None, typist=None):
        """typist: an object whose start(proc) begins a thread that reads
        QEMU's stdout (the serial line, '-serial stdio') and types into its
        stdin; then stdout must be None."""
        out = open(stdout, "wb") if stdout else (subprocess.PIPE if typist else subprocess.DEVNULL)
        try:
            proc = subprocess.Popen(argv, stdin=subprocess.PIPE if typist else subprocess.DEVNULL,
                                    stdout=out, stderr=subprocess.PIPE, bufsize=1 << 20)
        finally:
            if stdout:
                out.close()
        if typist:
            typist.start(proc)
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
