#!/usr/bin/env python3
"""make mutate: seed single-line bugs into the sources and see whether the tests notice.

Two sets of sources, each with the tests that cover it:
  pure   PURE_SRCS: descriptor formats, table builder, allocators, parsers.
         Killed when a host unit test (cmocka, ASan) fails.
  hw     MMU, ioremap, accessors, timers, interrupt controllers.
         Killed when a host test fails (the driver host tests run the
         interrupt controller and timer drivers against register models), or
         when an on-target test image (virt and/or versatilepb, the
         boards that compile the file, and their machine variants such as
         virt's GICv3) fails or hangs, or, for the accessor header, when
         `make check-accessors` rejects the build.

Operators (one change on one line):
  cmp      flip a comparison: < <=, > >=, == !=
  logic    swap && and ||
  const    an integer constant plus or minus one
  drop     drop a single-line statement (a call or an assignment)
  sync     drop a barrier, cache, TLB or table-sync call (hw set, and pure
           code that calls the maintenance hooks)

Safety: every mutant is built and tested in scratch copies of the tree under
$BUILD/mutate/ (one per worker), never in the working tree, so an interrupted
run leaves the tree exactly as it was.

Verdicts: killed, survived, stillborn (does not compile: not counted),
identical (the compiled target object does not change, e.g. a constant folded
away or dead code: provably equivalent, not counted), equivalent (listed with
its reason in tests/mutate/equivalent.txt: not counted). The kill rate is
killed / (killed + survived) per set. Seeded: the same seed and sources give
the same mutants in the same order.
"""
import argparse
import concurrent.futures
import difflib
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

CMP_SWAP = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "=="}
CMP_RE = re.compile(r"<=|>=|==|!=|(?<![<\-])<(?![<=])|(?<![>\-])>(?![>=])")
LOGIC_RE = re.compile(r"&&|\|\|")
CONST_RE = re.compile(r"(?<![\w.])(0[xX][0-9a-fA-F]+|\d+)([uUlL]*)(?![\w.])")
SYNC_CALL_RE = re.compile(r"\b(dsb|dmb|isb|dsb_st|io_wmb|io_rmb|arch_tlb_\w+|arch_cache_\w+|"
                          r"arch_pt_sync|arch_icache_\w+|\w*cache_\w*(clean|inval|flush)\w*|"
                          r"\w*tlb_\w*)\s*\(")
ARRAY_DIM_RE = re.compile(r"[uUlL]*\s*\]")
CALL_STMT_RE = re.compile(r"^\s*(\(void\)\s*)?[A-Za-z_]\w*(\s*(\.|->)\s*\w+)*\s*\(.*\)\s*;\s*$")
ASSIGN_STMT_RE = re.compile(r"^\s*[A-Za-z_*(][\w\s.\->\[\]*()]*?\s*"
                            r"(=|\+=|-=|\*=|/=|\|=|&=|\^=|<<=|>>=)(?!=).*;\s*$|"
                            r"^\s*(\+\+|--)?[A-Za-z_][\w.\->\[\]]*(\+\+|--)?\s*;\s*$")
DECL_START_RE = re.compile(r"^\s*(static|const|struct|union|enum|unsigned|signed|int|char|"
                           r"short|long|bool|void|size_t|uint\d+_t|int\d+_t|uintptr_t|"
                           r"phys_addr_t|return|case|default|goto|typedef|extern|register)\b")


def log(msg):
    print(msg, flush=True)


def mask_code(text):
    """The text with comments, strings and character literals blanked (same
    length, newlines kept) and preprocessor lines blanked, so the operators
    only ever see code."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(c + " " * (j - i - 2) + c if j - i >= 2 else " " * (j - i))
            i = j
        else:
            out.append(c)
            i += 1
    masked = "".join(out)
    lines = masked.split("\n")
    in_pp = False
    for k, line in enumerate(lines):
        if in_pp or line.lstrip().startswith("#"):
            in_pp = line.rstrip().endswith("\\")
            lines[k] = " " * len(line)
    return "\n".join(lines)


class Mutant:
    def __init__(self, path, lineno, op, old, new, group):
        self.path, self.lineno, self.op = path, lineno, op
        self.old, self.new, self.group = old, new, group

    @property
    def key(self):
        return f"{self.path}:{self.lineno}:{self.op}:{self.new.strip()}"

    def describe(self):
        return f"{self.path}:{self.lineno} [{self.op}]"

    def diff(self):
        return "".join(difflib.unified_diff([self.old + "\n"], [self.new + "\n"],
                                            f"a/{self.path}:{self.lineno}",
                                            f"b/{self.path}:{self.lineno}"))


def line_mutants(path, lineno, raw, code, group, with_sync):
    """Every mutant of one source line. code is the masked line (same length)."""
    found = []

    def at(span, repl, op):
        a, b = span
        found.append(Mutant(path, lineno, op, raw, raw[:a] + repl + raw[b:], group))

    if not code.strip():
        return found
    for m in CMP_RE.finditer(code):
        at(m.span(), CMP_SWAP[m.group(0)], "cmp")
    for m in LOGIC_RE.finditer(code):
        at(m.span(), "||" if m.group(0) == "&&" else "&&", "logic")
    declaration = bool(DECL_START_RE.match(code))
    for m in CONST_RE.finditer(code):
        if declaration and ARRAY_DIM_RE.match(code[m.end():]):
            continue        # an array's size: room, not behaviour
        text, suffix = m.group(1), m.group(2)
        value = int(text, 0)
        fmt = (lambda v: hex(v)) if text.lower().startswith("0x") else str
        at(m.span(), fmt(value + 1) + suffix, "const")
        if value > 0:
            at(m.span(), fmt(value - 1) + suffix, "const")
    stmt = code.strip()
    if stmt.endswith(";") and stmt.count("(") == stmt.count(")") and \
            not declaration and stmt.count(";") == 1:
        indent = raw[:len(raw) - len(raw.lstrip())]
        is_sync = bool(SYNC_CALL_RE.search(code))
        if is_sync and with_sync:
            found.append(Mutant(path, lineno, "sync", raw, indent + ";", group))
        elif not is_sync and (CALL_STMT_RE.match(code) or ASSIGN_STMT_RE.match(code)):
            found.append(Mutant(path, lineno, "drop", raw, indent + ";", group))
    return found


def file_mutants(path, group, with_sync):
    with open(os.path.join(ROOT, path)) as f:
        text = f.read()
    raw_lines = text.split("\n")
    code_lines = mask_code(text).split("\n")
    found = []
    for k, (raw, code) in enumerate(zip(raw_lines, code_lines)):
        found += line_mutants(path, k + 1, raw, code, group, with_sync)
    return found


def load_equivalents():
    """tests/mutate/equivalent.txt: 'path:line-text-after-mutation | reason'
    lines; matched on the path and the mutated line's text (not its number,
    which moves as the file is edited). A dropped statement's text is a bare
    ';', which would name every drop in the file: those are written
    'path:original-text => ; | reason' (equivalent_key()). The key ends at
    the last ' | ': code may hold '|', '||' and ' | ', a reason may not
    hold ' | '."""
    known = {}
    p = os.path.join(ROOT, "tests", "mutate", "equivalent.txt")
    if os.path.exists(p):
        with open(p) as f:
            for line in f:
                line = line.strip()
                if not line or line.startswith("#") or " | " not in line:
                    continue
                what, reason = line.rsplit(" | ", 1)
                path, _, text = what.strip().partition(":")
                known[(path, text.strip())] = reason.strip()
    return known


def equivalent_key(mutant):
    """The equivalent.txt keys a mutant matches: its mutated text, or for a
    dropped statement (a bare ';') the original text too."""
    new = mutant.new.strip()
    if new == ";":
        return [(mutant.path, f"{mutant.old.strip()} => ;")]
    return [(mutant.path, new)]


def run(cmd, cwd, timeout):
    try:
        p = subprocess.run(cmd, cwd=cwd, shell=isinstance(cmd, str), timeout=timeout,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL)
        return p.returncode, p.stdout.decode(errors="replace")
    except subprocess.TimeoutExpired:
        return -1, "[timed out]"


BOARD_OBJECTS = {}  # path -> [(board, object)], shared by the workers (Worker.objects())


class Worker:
    """One scratch copy of the tree, built once, mutated one file at a time."""

    def __init__(self, index, args, files):
        self.args = args
        self.dir = os.path.join(args.scratch, f"tree{index}")
        self.make = f"make --no-print-directory BUILD=build"
        shutil.rmtree(self.dir, ignore_errors=True)
        for rel in files:
            dst = os.path.join(self.dir, rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy2(os.path.join(ROOT, rel), dst)

    def build_all(self):
        for target in ["host-tests"] + [f"BOARD={b} target-tests" for b in self.args.boards]:
            status, out = run(f"{self.make} {target}", self.dir, 900)
            if status:
                raise SystemExit(f"mutate: the unmutated tree does not build ({target}):\n{out}")

    def objects(self, path):
        """(board, object path) for each board that compiles path, if a .c file.
        Found once, on the built unmutated tree (baseline_hashes() asks
        first), and kept: a mutant that does not compile deletes its object,
        and the boards of the mutants after it must not shrink with it."""
        if path not in BOARD_OBJECTS:
            rel = os.path.splitext(path)[0] + ".o"
            BOARD_OBJECTS[path] = [] if not path.endswith(".c") else \
                [(b, f"build/{b}/obj/{rel}") for b in self.args.boards
                 if os.path.exists(os.path.join(self.dir, "build", b, "obj", rel))]
        return BOARD_OBJECTS[path]

    def object_hash(self, obj):
        """Hash of an object's code and data, without debug information."""
        tmp = os.path.join(self.dir, "build", "mutate-strip.o")
        status, _ = run(["arm-none-eabi-objcopy", "--strip-debug", obj, tmp], self.dir, 60)
        if status:
            return None
        with open(tmp, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()

    def write(self, path, text):
        full = os.path.join(self.dir, path)
        with open(full, "w") as f:
            f.write(text)
        # A fresh mtime, later than every object, on every write (restores too).
        now = time.time() + 1
        os.utime(full, (now, now))

    def baseline_hashes(self, paths):
        return {(b, o): self.object_hash(os.path.join(self.dir, o))
                for p in paths for b, o in self.objects(p)}

    def test(self, mutant, baseline):
        with open(os.path.join(self.dir, mutant.path)) as f:
            original = f.read()
        lines = original.split("\n")
        lines[mutant.lineno - 1] = mutant.new
        self.write(mutant.path, "\n".join(lines))
        try:
            return self._verdict(mutant, baseline)
        finally:
            self.write(mutant.path, original)

    def _verdict(self, mutant, baseline):
        objs = self.objects(mutant.path)
        changed_boards = []
        for board, obj in objs:
            status, out = run(f"{self.make} BOARD={board} {obj}", self.dir, 300)
            if status:
                return "stillborn", out.strip().splitlines()[-1:] and out.strip().splitlines()[-1]
            if self.object_hash(os.path.join(self.dir, obj)) != baseline.get((board, obj)):
                changed_boards.append(board)
        if objs and not changed_boards:
            return "identical", ""
        # Host tests first, for either set: the driver host tests
        # (tests/host/test_drv_*.c) build the drivers against register models.
        verdict = self._host_tests()
        if mutant.group == "pure" or verdict[0] != "survived":
            return verdict
        return self._target_tests(changed_boards or self.args.boards, mutant)

    def _host_tests(self):
        status, out = run(f"{self.make} host-tests", self.dir, 600)
        if status:
            return "stillborn", "host build failed"
        env = dict(os.environ, CMOCKA_MESSAGE_OUTPUT="TAP")
        for name in self.args.host_tests:
            try:
                p = subprocess.run([os.path.join(self.dir, "build", "host", name)],
                                   cwd=self.dir, timeout=self.args.test_timeout, env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL)
            except subprocess.TimeoutExpired:
                return "killed", f"{name} timed out"
            if p.returncode:
                return "killed", f"{name} failed"
        return "survived", ""

    def _target_tests(self, boards, mutant):
        if mutant.path.startswith("include/") or "/asm/" in mutant.path:
            for board in boards:
                status, _ = run(f"{self.make} BOARD={board} check-accessors", self.dir, 300)
                if status:
                    return "killed", f"check-accessors ({board})"
        for board in boards:
            status, out = run(f"{self.make} BOARD={board} all target-tests", self.dir, 600)
            if status:
                return "stillborn", f"build failed ({board})"
        # One image at a time, stopping at the first that fails or hangs: a
        # mutant that hangs every image would otherwise cost a timeout each.
        for board in boards:
            machines = [(board, self.args.qemu[board], self.args.target_tests)]
            for name_images, cmd in self.args.variants.get(board, []):
                name, _, images = name_images.partition(":")
                machines.append((name, cmd, images.split("+")))
            for name, cmd, images in machines:
                for image in images:
                    # NAME:image runs just that image on this machine
                    spec = f"{name}:{image}=build/{board}={cmd}"
                    # A timeout on a loaded host is not a kill by itself: a
                    # second run with twice the time must time out too.
                    for timeout in (self.args.test_timeout, 2 * self.args.test_timeout):
                        status, out = run([sys.executable, "tests/run_tests.py", "--only",
                                           "target", "--host-build", "build/host", "--board",
                                           spec, "--timeout", str(timeout)],
                                          self.dir, timeout + 30)
                        if "[timed out after" not in out:
                            break
                    if status:
                        failed = [l for l in out.splitlines() if l.startswith("FAIL")]
                        return "killed", (failed[0] if failed else f"{image} on {name}")
        return "survived", ""


def tracked_files():
    out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT,
                         stdout=subprocess.PIPE, check=True).stdout.decode()
    return [f for f in out.splitlines() if os.path.isfile(os.path.join(ROOT, f))]


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pure", required=True, help="pure sources (host-tested)")
    ap.add_argument("--hw", required=True, help="MMU, accessor, timer and interrupt sources")
    ap.add_argument("--boards", required=True)
    ap.add_argument("--qemu", action="append", default=[], metavar="BOARD=CMD")
    ap.add_argument("--variant", action="append", default=[], metavar="BOARD=NAME:IMAGES=CMD",
                    help="a machine variant of a board's build (e.g. virt's GICv3) "
                         "whose images run too when that board's code changed")
    ap.add_argument("--host-tests", required=True)
    ap.add_argument("--target-tests", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=200, help="mutants per set, at most")
    ap.add_argument("--time", type=int, default=3600, help="seconds for the whole run")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--sets", default="pure,hw")
    ap.add_argument("--test-timeout", type=int, default=30,
                    help="seconds for one test binary or image (a clean run takes 1-3)")
    ap.add_argument("--build", default="build")
    args = ap.parse_args()
    args.boards = args.boards.split()
    args.qemu = dict(q.split("=", 1) for q in args.qemu)
    variants = {}
    for v in args.variant:
        board, name_images, cmd = v.split("=", 2)
        variants.setdefault(board, []).append((name_images, cmd))
    args.variants = variants
    args.host_tests = args.host_tests.split()
    args.target_tests = args.target_tests.split()
    args.scratch = os.path.abspath(os.path.join(ROOT, args.build, "mutate"))
    deadline = time.monotonic() + args.time

    rng = random.Random(args.seed)
    sets = {}
    for group in args.sets.split(","):
        paths = sorted((args.pure if group == "pure" else args.hw).split())
        pool = [m for p in paths for m in file_mutants(p, group, with_sync=True)]
        rng.shuffle(pool)
        sets[group] = (paths, pool)
        log(f"mutate: {group}: {len(pool)} candidate mutants in {len(paths)} files, "
            f"testing up to {args.count} (seed {args.seed})")

    files = tracked_files()
    jobs = max(1, args.jobs)
    log(f"mutate: building {jobs} scratch cop{'y' if jobs == 1 else 'ies'} under {args.scratch}")
    workers = [Worker(i, args, files) for i in range(jobs)]
    with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
        list(ex.map(Worker.build_all, workers))
    all_paths = sorted({p for paths, _ in sets.values() for p in paths})
    baseline = workers[0].baseline_hashes(all_paths)

    known = load_equivalents()
    results = {g: [] for g in sets}
    lock = threading.Lock()
    free = list(workers)

    def one(mutant):
        with lock:
            w = free.pop()
        try:
            if time.monotonic() > deadline:
                return mutant, "not run", "out of time"
            verdict, why = w.test(mutant, baseline)
        finally:
            with lock:
                free.append(w)
        listed = [known[k] for k in equivalent_key(mutant) if k in known]
        if verdict == "survived" and listed:
            verdict, why = "equivalent", listed[0]
        return mutant, verdict, why

    for group, (paths, pool) in sets.items():
        # Stillborn and identical mutants do not count towards --count: keep
        # drawing until that many have really been tested, or the pool ends.
        tested, queue = 0, iter(pool)
        with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
            running = set()
            while True:
                while len(running) < jobs and tested + len(running) < args.count:
                    m = next(queue, None)
                    if m is None:
                        break
                    running.add(ex.submit(one, m))
                if not running:
                    break
                done, running = concurrent.futures.wait(
                    running, return_when=concurrent.futures.FIRST_COMPLETED)
                for fut in done:
                    m, verdict, why = fut.result()
                    results[group].append((m, verdict, why))
                    if verdict in ("killed", "survived", "equivalent"):
                        tested += 1
                    log(f"{verdict:10} {group:4} {m.describe()}  {m.new.strip()[:70]}"
                        + (f"  ({why})" if why and verdict != "killed" else ""))
                if time.monotonic() > deadline:
                    log("mutate: out of time (MUTATE_TIME); finishing what runs")
                    for fut in running:
                        m, verdict, why = fut.result()
                        results[group].append((m, verdict, why))
                    running = set()
                    break

    summary = {"seed": args.seed, "date": time.strftime("%Y-%m-%d"), "sets": {}}
    for group, rows in results.items():
        count = {v: sum(1 for _, vv, _ in rows if vv == v)
                 for v in ("killed", "survived", "equivalent", "identical", "stillborn")}
        judged = count["killed"] + count["survived"]
        rate = 100.0 * count["killed"] / judged if judged else 0.0
        survivors = [m for m, v, _ in rows if v == "survived"]
        log(f"\n== {group}: {count['killed']} killed, {count['survived']} survived, "
            f"{count['equivalent']} listed equivalent, {count['identical']} identical code, "
            f"{count['stillborn']} stillborn: kill rate {rate:.1f}%")
        for m in survivors:
            log(f"-- survivor {m.describe()}\n{m.diff()}")
        for m, v, why in rows:
            if v == "equivalent":
                log(f"-- equivalent {m.describe()}: {why}\n{m.diff()}")
        summary["sets"][group] = dict(count, kill_rate=round(rate, 1),
                                      survivors=[m.key for m in survivors])
    with open(os.path.join(args.scratch, "mutate.json"), "w") as f:
        json.dump(summary, f, indent=1)
    log(f"mutate: results in {os.path.join(args.scratch, 'mutate.json')}")
    record(args, summary)
    return 0


RECORDED = os.path.join(ROOT, "tests", "mutate", "recorded.json")
README = os.path.join(ROOT, "README.md")
README_BEGIN = "<!-- mutate:begin: generated by `make mutate` from tests/mutate/recorded.json -->"
README_END = "<!-- mutate:end -->"


def tree_commit():
    """The commit measured, with '+changes' when the tracked tree differs from it."""
    head = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT,
                          stdout=subprocess.PIPE).stdout.decode().strip() or "unknown"
    dirty = subprocess.run(["git", "diff", "--quiet", "HEAD", "--"], cwd=ROOT).returncode
    return head + ("+changes" if dirty else "")


def render(recorded):
    """The README's table: one row per set, from tests/mutate/recorded.json."""
    rows = ["| set | seed | mutants judged | killed | survived | listed equivalent "
            "| kill rate | target | measured |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for group in ("pure", "hw"):
        r = recorded.get(group)
        if not r:
            rows.append(f"| {group} | | | | | | not measured yet | {TARGETS[group]}% | |")
            continue
        met = "met" if r["kill_rate"] >= TARGETS[group] else "**missed**"
        rows.append(f"| {group} | {r['seed']} | {r['killed'] + r['survived'] + r['equivalent']} | {r['killed']} "
                    f"| {r['survived']} | {r['equivalent']} | {r['kill_rate']}% "
                    f"| {TARGETS[group]}%: {met} | {r['date']}, {r['commit']} |")
    return "\n".join(rows) + "\n"


TARGETS = {"pure": 90, "hw": 80}


def record(args, summary):
    """A set that judged its full --count (not cut short by MUTATE_TIME) is
    recorded in tests/mutate/recorded.json, and the README's table is
    rendered from that file: the figures there are always a run's."""
    try:
        with open(RECORDED) as f:
            recorded = json.load(f)
    except FileNotFoundError:
        recorded = {}
    changed = False
    for group, r in summary["sets"].items():
        judged = r["killed"] + r["survived"] + r["equivalent"]
        if judged < args.count:
            log(f"mutate: {group}: {judged} of {args.count} judged; not recorded")
            continue
        recorded[group] = {k: r[k] for k in ("killed", "survived", "equivalent", "kill_rate")}
        recorded[group].update(seed=summary["seed"], date=summary["date"], commit=tree_commit())
        changed = True
    if not changed:
        return
    with open(RECORDED, "w") as f:
        json.dump(recorded, f, indent=1, sort_keys=True)
        f.write("\n")
    with open(README) as f:
        text = f.read()
    if README_BEGIN in text and README_END in text:
        head, rest = text.split(README_BEGIN, 1)
        tail = rest.split(README_END, 1)[1]
        with open(README, "w") as f:
            f.write(head + README_BEGIN + "\n" + render(recorded) + README_END + tail)
    log("mutate: recorded in tests/mutate/recorded.json; README.md's table rewritten from it")


if __name__ == "__main__":
    sys.exit(main())
