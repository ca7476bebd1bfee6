#!/usr/bin/env python3
"""Prove every MMIO accessor compiled to one plain LDR/STR.

include/io.h records the address of each accessor's instruction, wherever it
was inlined, in the ELF section .accessor_sites. This disassembles each of
those addresses and fails unless the instruction is a single LDR/STR (byte,
halfword or word) with a bare [Rn] address: no offset, no writeback ('!'), no
post-indexing. Such accesses give a complete syndrome (HSR.ISV) when a
hypervisor traps them; writeback forms do not.
"""
import argparse
import re
import struct
import subprocess
import sys

REG = r"(?:r\d{1,2}|sb|sl|fp|ip|sp|lr)"
PLAIN = re.compile(rf"^(ldr|str)(b|h)?\s+{REG},\s*\[{REG}\]$")


def section_words(objdump, elf, name):
    out = subprocess.run([objdump, "-s", "-j", name, elf], capture_output=True,
                         text=True, check=True).stdout
    data = b""
    for line in out.splitlines():
        m = re.match(r"^\s*[0-9a-f]+\s+((?:[0-9a-f]{1,8}\s)+)", line)
        if m:
            data += bytes.fromhex("".join(m.group(1).split()))
    return [w for (w,) in struct.iter_unpack("<I", data[: len(data) // 4 * 4])]


def disassembly(objdump, elf):
    out = subprocess.run([objdump, "-d", "--no-show-raw-insn", elf], capture_output=True,
                         text=True, check=True).stdout
    insns = {}
    for line in out.splitlines():
        m = re.match(r"^\s*([0-9a-f]+):\s+(.*?)\s*(?:;.*)?$", line)
        if m:
            insns[int(m.group(1), 16)] = re.sub(r"\s+", " ", m.group(2).split("@")[0]).strip()
    return insns


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--objdump", default="arm-none-eabi-objdump")
    ap.add_argument("elf", nargs="+")
    args = ap.parse_args()
    bad = total = 0
    for elf in args.elf:
        sites = [a for a in section_words(args.objdump, elf, ".accessor_sites") if a]
        insns = disassembly(args.objdump, elf)
        for addr in sorted(set(sites)):
            text = insns.get(addr)
            total += 1
            if text is None or not PLAIN.match(text):
                bad += 1
                print(f"{elf}: accessor at 0x{addr:08x} is '{text}', not one plain LDR/STR")
    if total == 0:
        print("check-accessors: no accessor sites found (is .accessor_sites being emitted?)")
        return 1
    print(f"check-accessors: {total} accessor instructions, {bad} bad")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
