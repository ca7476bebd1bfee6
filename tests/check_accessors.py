#!/usr/bin/env python3
"""Prove every MMIO accessor's form and barrier from the disassembly.

include/io.h records, for each accessor instruction wherever it was inlined,
two words in the non-loaded ELF section .accessor_sites: its address and its
kind (IO_RELAXED 0, IO_READ 1, IO_WRITE 2). This disassembles each site and
fails unless:

  form     the instruction is a single LDR/STR (byte, halfword or word) with
           a bare [Rn] address: no offset, no writeback ('!'), no
           post-indexing. Such accesses give a complete syndrome (HSR.ISV)
           when a hypervisor traps them; writeback forms do not. In Thumb
           code the same access may be a 16-bit encoding, which objdump
           prints with its zero immediate ('[Rn, #0]'), or a 32-bit one
           ('.w'): both are that one access.
  barrier  a writeX() store (IO_WRITE) is preceded, and on ARMv7 a readX()
           load (IO_READ) is followed, by a barrier on every path: walking
           from the access towards the barrier, no branch or other accessor
           comes first, and for a store no branch target lies between the
           barrier and it (a path joining there would skip the barrier).
           Thumb's CBZ/CBNZ and TBB/TBH are branches like any other.
           Walking forward from a load, an unconditional branch inside the
           function is followed: it is the only path.
           A barrier is a DSB, or its CP15 form c7,c10,4 (ARMv5's drain write
           buffer, ARMv6/v7's CP15DSB). A DMB is not one: it orders accesses
           only as other observers see them, and I/O ordering against Normal
           memory needs completion (asm/barrier.h, ARM ARM A3.8.3). On ARMv5,
           io_rmb() is a compiler barrier only (asm/barrier.h: the in-order
           ARM926 completes an uncached load before any later access), so
           reads carry no barrier instruction there. *_relaxed: none needed.

QEMU models no memory ordering, so a missing barrier passes every run-time
test; this static check is the only one that sees it.
"""
import argparse
import collections
import re
import struct
import subprocess
import sys

REG = r"(?:r\d{1,2}|sb|sl|fp|ip|sp|lr)"
PLAIN = re.compile(rf"^(ldr|str)(b|h)?(?:\.[nw])?\s+{REG},\s*\[{REG}(?:,\s*#0)?\]$")
BARRIER = re.compile(r"^dsb\b|^mcr\s+(p?15),\s*0,\s*\w+,\s*c?r7,\s*c?r10,\s*\{?4\}?$")
COND = r"(?:eq|ne|cs|hs|cc|lo|mi|pl|vs|vc|hi|ls|ge|lt|gt|le|al)?"
ALWAYS_B = re.compile(r"^b(?:al)?(?:\.[nw])?\s+([0-9a-f]+)\b")
BRANCH = re.compile(rf"^(?:(?:b|bl|bx|blx){COND}|cbn?z|tb[bh]{COND})(?:\.[nw])?\s")
PC_WRITE = re.compile(r"^(?:(?:pop|ldm)\w*\s.*\bpc\b|(?:ldr|mov|add|sub)\w*\s+pc,)")
DIRECT_TARGET = re.compile(rf"^(?:(?:b|bl){COND}(?:\.[nw])?\s+|cbn?z\s+{REG},\s*)([0-9a-f]+)\b")
WINDOW = 16            # instructions searched for the barrier
KINDS = {0: "relaxed", 1: "read", 2: "write"}
# Which kinds need a barrier, and on which side, per architecture.
RULES = {"armv7": {"read": "after", "write": "before"},
         "armv5": {"write": "before"}}


def section_words(objdump, elf, name):
    out = subprocess.run([objdump, "-s", "-j", name, elf], capture_output=True,
                         text=True, check=True).stdout
    data = b""
    for line in out.splitlines():
        m = re.match(r"^\s*[0-9a-f]+\s+((?:[0-9a-f]{1,8}\s)+)", line)
        if m:
            data += bytes.fromhex("".join(m.group(1).split()))
    return [w for (w,) in struct.iter_unpack("<I", data[: len(data) // 4 * 4])]


class Disassembly:
    """Every instruction in address order, with its function and the direct
    branch targets; data words and function starts break a straight line."""

    def __init__(self, objdump, elf):
        out = subprocess.run([objdump, "-d", "--no-show-raw-insn", elf], capture_output=True,
                             text=True, check=True).stdout
        self.addrs, self.text, self.func = [], [], []
        self.targets = set()
        func = None
        for line in out.splitlines():
            m = re.match(r"^[0-9a-f]+ <(.+)>:$", line)
            if m:
                func = m.group(1)
                self.addrs.append(None)         # a boundary between functions
                self.text.append(None)
                self.func.append(func)
                continue
            m = re.match(r"^\s*([0-9a-f]+):\s+(.*?)\s*(?:;.*)?$", line)
            if not m:
                continue
            text = re.sub(r"\s+", " ", m.group(2).split("@")[0]).strip()
            if text.startswith("."):            # a literal pool word is not code
                text = None
            self.addrs.append(int(m.group(1), 16))
            self.text.append(text)
            self.func.append(func)
            t = DIRECT_TARGET.match(text or "")
            if t:
                self.targets.add(int(t.group(1), 16))
        self.index = {a: i for i, a in enumerate(self.addrs) if a is not None}

    def at(self, addr):
        i = self.index.get(addr)
        return None if i is None else self.text[i]

    def listing(self, i, j):
        lo, hi = max(min(i, j), 0), min(max(i, j), len(self.addrs) - 1)
        return "\n".join(f"    {self.addrs[k]:08x}: {self.text[k]}" for k in range(lo, hi + 1)
                         if self.addrs[k] is not None)


def find_barrier(dis, sites, i, step):
    """Walk from instruction i by step (-1 before, +1 after) to the barrier.
    Returns (found, index where the walk stopped, why not found)."""
    j = i
    for _ in range(WINDOW):
        if step < 0 and dis.addrs[j] in dis.targets:
            return False, j, f"a branch to 0x{dis.addrs[j]:08x} joins below the barrier"
        j += step
        if j < 0 or j >= len(dis.addrs) or dis.addrs[j] is None or dis.text[j] is None:
            return False, j - step, "the function or straight-line code ends first"
        text = dis.text[j]
        if BARRIER.match(text):
            return True, j, ""
        if text.startswith("dmb"):
            return False, j, f"'{text}' is a DMB, which does not wait for completion"
        # Walking forward, an unconditional branch within the function is
        # the only way on: follow it (a compiler tail-merges the io_rmb() of
        # several readX() calls into one DSB).
        t = ALWAYS_B.match(text)
        if step > 0 and t and dis.index.get(int(t.group(1), 16)) is not None \
                and dis.func[dis.index[int(t.group(1), 16)]] == dis.func[j]:
            j = dis.index[int(t.group(1), 16)] - 1
            continue
        if BRANCH.match(text + " ") or PC_WRITE.match(text):
            return False, j, f"'{text}' branches first"
        if dis.addrs[j] in sites:
            return False, j, f"another accessor at 0x{dis.addrs[j]:08x} comes first"
    return False, j, f"no barrier within {WINDOW} instructions"


def check_site(dis, sites, addr, kind, arch):
    """A list of problems with the site at addr (empty when it is right)."""
    text = dis.at(addr)
    name = KINDS.get(kind, f"unknown kind {kind}")
    where = f"accessor ({name}) at 0x{addr:08x}"
    if text is None:
        return [f"{where} is not an instruction in the disassembly"]
    i = dis.index[addr]
    where += f" in {dis.func[i]}"
    problems = []
    if not PLAIN.match(text):
        problems.append(f"{where} is '{text}', not one plain LDR/STR")
    if kind not in KINDS:
        problems.append(f"{where}: .accessor_sites has an unknown kind")
        return problems
    loads = text.startswith("ldr")
    if kind != 0 and loads != (name == "read"):
        problems.append(f"{where} is '{text}', not a {'load' if name == 'read' else 'store'}")
    side = RULES[arch].get(name)
    if side:
        ok, j, why = find_barrier(dis, sites, i, -1 if side == "before" else 1)
        if not ok:
            problems.append(f"{where}: no barrier {side} '{text}': {why}\n"
                            + dis.listing(i, j + (-1 if side == "before" else 1)))
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--objdump", default="arm-none-eabi-objdump")
    ap.add_argument("--arch", required=True, choices=sorted(RULES),
                    help="the barrier rules (the Makefile's $(ARCH))")
    ap.add_argument("elf", nargs="+")
    args = ap.parse_args()
    bad = total = 0
    kinds = collections.Counter()
    for elf in args.elf:
        words = section_words(args.objdump, elf, ".accessor_sites")
        if len(words) % 2:
            print(f"{elf}: .accessor_sites holds {len(words)} words, not (address, kind) pairs")
            return 1
        # Sites in functions the linker dropped (--gc-sections) resolve to 0.
        sites = {a: k for a, k in zip(words[0::2], words[1::2]) if a}
        dis = Disassembly(args.objdump, elf)
        for addr in sorted(sites):
            total += 1
            kinds[KINDS.get(sites[addr], "unknown")] += 1
            problems = check_site(dis, sites, addr, sites[addr], args.arch)
            bad += bool(problems)
            for p in problems:
                print(f"{elf}: {p}")
    if total == 0:
        print("check-accessors: no accessor sites found (is .accessor_sites being emitted?)")
        return 1
    print(f"check-accessors: {total} accessor instructions ("
          + ", ".join(f"{n} {k}" for k, n in kinds.items()) + f"), {bad} bad")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
