#!/usr/bin/env python3
"""PCI on the real firmware under QEMU, through its serial console.

virt: with `highmem=off` (ECAM at 0x3f00_0000) the firmware enumerates
edu, pci-testdev and ivshmem-plain, and a root port with a bridge behind
it and a pci-testdev behind both; then drives each device. Then edu with
its default 28-bit DMA mask, a BAR too large for any window, and default
virt, whose ECAM and 64-bit window lie above 4 GiB (reached with LPAE).
versatilepb: its PCI controller, whose memory window decodes another bus
address than its CPU address.
Each check prints one TAP line.
"""
import os
import re
import shlex
import sys
import tempfile

import pexpect

from test_console import Console, Tap, console_args, tap_end

HOST_TEXT = "written by the host"


def machine(qemu, opts, extra):
    """The board's QEMU command with -M virt<opts> and extra devices."""
    cmd = shlex.split(qemu)
    i = cmd.index("-M")
    cmd[i + 1] = cmd[i + 1] + opts
    return shlex.join(cmd + extra)


def run(c, line):
    """What line printed, with plain newlines."""
    return c.run(line).replace("\r", "")


def lspci_functions(out):
    """{bdf: (id, text of its -v block)} from `lspci -v`."""
    funcs = {}
    for m in re.finditer(r"^(\w\w:\w\w\.\d) (\w{4}:\w{4}) [^\n]*\n((?:\t[^\n]*(?:\n|$))*)",
                         out, re.M):
        funcs[m.group(1)] = (m.group(2), m.group(3))
    return funcs


def find(funcs, ident):
    return [(bdf, text) for bdf, (i, text) in funcs.items() if i == ident]


def main_devices(t, qemu, elf, shm):
    c = Console(machine(qemu, ",highmem=off", [
        "-device", "edu,dma_mask=0xffffffff", "-device", "pci-testdev",
        "-object", f"memory-backend-file,id=m,share=on,mem-path={shm},size=1M",
        "-device", "ivshmem-plain,memdev=m",
        "-device", "pcie-root-port,id=rp,chassis=1",
        "-device", "pci-bridge,id=br,bus=rp,chassis_nr=2",
        "-device", "pci-testdev,bus=br,addr=3", "-device", "pci-testdev,bus=rp"]), elf)
    try:
        c.boot()
        # iomem first: it brings the bus up, so PCI's ranges are in its tree.
        iomem = run(c, "iomem")
        out = run(c, "lspci")
        t.check("enumeration leaves nothing disabled", "left disabled" not in iomem + out,
                iomem + out)
        t.check("lspci names each function: bb:dd.f vendor:device class name",
                re.search(r"^00:00\.0 1b36:0008 060000 PCIe host bridge", out, re.M) and
                re.search(r"^\w\w:\w\w\.\d 1234:11e8 00ff00 QEMU edu", out, re.M) and
                re.search(r"^\w\w:\w\w\.\d 1af4:1110 050000 ivshmem", out, re.M), out)
        out = run(c, "lspci -v")
        funcs = lspci_functions(out)
        (edu_bdf, edu), = find(funcs, "1234:11e8")
        slot = int(edu_bdf[3:5], 16)
        t.check("edu: 1 MiB memory BAR, INTA routed by the swizzle to SPI 3 + (slot mod 4)",
                re.search(r"BAR 0: Memory at [0-9a-f]+ \(32-bit, non-prefetchable\) \[size=1M\]",
                          edu) and
                f"Interrupt: pin A routed to IRQ {32 + 3 + slot % 4}" in edu and
                "Driver: edu" in edu, out)
        (_, ivsh), = find(funcs, "1af4:1110")
        t.check("ivshmem: BAR2 64-bit prefetchable, placed below 4 GiB without a 64-bit window",
                re.search(r"BAR 2: Memory at [0-9a-f]{1,8} \(64-bit, prefetchable\) \[size=1M\]",
                          ivsh), out)
        testdevs = find(funcs, "1b36:0005")
        t.check("three pci-testdevs (root bus, behind the root port, behind the bridge), "
                "each with memory and I/O assigned",
                len(testdevs) == 3 and all("I/O ports at" in x and "Memory at" in x
                                           for _, x in testdevs) and
                {b[:2] for b, _ in testdevs} == {"00", "01", "02"}, out)
        t.check("bridges forward bus numbers and windows",
                "Bus: primary=00, secondary=01, subordinate=02" in out and
                "Bus: primary=01, secondary=02, subordinate=02" in out and
                "Memory behind bridge:" in out and "I/O behind bridge:" in out, out)

        t.check("iomem, the first command: RAM with the image inside, the host window, ECAM, "
                "BARs, edu's claim",
                re.search(r"^40000000-[0-9a-f]+ : System RAM\n  [0-9a-f-]+ : text", iomem, re.M)
                and re.search(r"^[0-9a-f-]+ : PCI mem$", iomem, re.M) and
                "PCI configuration space" in iomem and "PCI Bus 01" in iomem and
                re.search(rf"^  [0-9a-f-]+ : {edu_bdf}\n    [0-9a-f-]+ : edu$", iomem, re.M),
                iomem)
        out = run(c, "ioports")
        t.check("ioports: the I/O window with the bridges' windows and I/O BARs",
                re.search(r"^00000000-0000ffff : PCI I/O", out, re.M) and "PCI Bus 02" in out,
                out)

        out = run(c, "edu ident")
        t.check("edu ident reads 0x010000ed", "edu ident 0x010000ed" in out, out)
        out = run(c, "edu live 0x12345678")
        t.check("edu liveness inverts", "-> 0xedcba987 (inverted: alive)" in out, out)
        before = run(c, "irq")
        out = run(c, "edu fact 12")
        after = run(c, "irq")
        count = lambda s: int(re.search(r"^\s+\d+\s+edu\s+(\d+)", s, re.M).group(1))
        t.check("edu factorial by completion interrupt over INTx",
                "edu 12! = 479001600" in out and count(after) > count(before), out + after)
        out = run(c, "edu dma 28")
        t.check("edu DMA with a 28-bit mask is refused before it starts",
                re.search(r"dma: edu cannot reach 0x[0-9a-f]+-0x[0-9a-f]+: its DMA mask is "
                          r"0x0fffffff", out), out)
        out = run(c, "edu dma 32")
        m = re.search(r"sent crc32 (0x\w+), received crc32 (0x\w+): same", out)
        t.check("edu DMA both ways with a 32-bit mask: the checksums agree",
                m and m.group(1) == m.group(2), out)

        out = run(c, "pcitest")
        t.check("pci-testdev: every MMIO and port-I/O test on all three, through the bridges",
                "pcitest: 18 of 18 passed" in out and "FAIL" not in out, out)

        out = run(c, "ivshmem read 0 64")
        t.check("ivshmem: the firmware reads what the host wrote", f"'{HOST_TEXT}'" in out, out)
        run(c, "ivshmem write 0x100 firmware-was-here")
        with open(shm, "rb") as f:
            f.seek(0x100)
            got = f.read(18)
        t.check("ivshmem: the host reads what the firmware wrote",
                got == b"firmware-was-here\0", repr(got))
    finally:
        c.close()


def default_edu(t, qemu, elf):
    c = Console(machine(qemu, ",highmem=off", ["-device", "edu"]), elf)
    try:
        c.boot()
        out = run(c, "edu dma 28")     # the first command: the driver brings the bus up
        t.check("edu with its default mask: DMA refused cleanly", "cannot reach" in out, out)
        out = run(c, "edu ident")
        t.check("and QEMU and the firmware carry on", "edu ident 0x010000ed" in out, out)
    finally:
        c.close()


def too_big(t, qemu, elf):
    c = Console(machine(qemu, ",highmem=off", [
        "-object", "memory-backend-ram,id=m,size=1G", "-device", "ivshmem-plain,memdev=m",
        "-device", "pci-testdev"]), elf)
    try:
        banner = c.boot().replace("\r", "")
        t.check("boot leaves the bus alone: PCI's lines wait for its first use",
                "pci" not in banner, banner)
        out = run(c, "pcitest")        # the first command: the driver brings the bus up
        t.check("a BAR too large for every window: one line, the device left disabled; "
                "the other device still works",
                "1af4:1110: left disabled: BAR 2 (64-bit prefetchable memory) size=1G does "
                "not fit" in out and out.count("PASS") == 6, out)
        out = run(c, "lspci -v")
        t.check("lspci -v says why, and the bus came up once",
                "Disabled: BAR 2" in out and "left disabled" not in out, out)
    finally:
        c.close()


def high_ecam(t, qemu, elf):
    """Default virt (highmem): the ECAM at 0x40_1000_0000 and the 64-bit
    window at 0x80_0000_0000, reached through LPAE's 40-bit addresses."""
    c = Console(machine(qemu, "", ["-device", "edu",
                                   "-object", "memory-backend-ram,id=m,size=1M",
                                   "-device", "ivshmem-plain,memdev=m"]), elf)
    try:
        c.boot()
        run(c, "ivshmem write 0x10 written-above-4-GiB")   # first: the driver brings the bus up
        out = run(c, "lspci -v")
        t.check("default virt: enumerated through the ECAM above 4 GiB",
                "1234:11e8" in out and "1af4:1110" in out, out)
        t.check("ivshmem: BAR2 64-bit prefetchable, placed in the 64-bit window above 4 GiB",
                re.search(r"BAR 2: Memory at 80[0-9a-f]{8} \(64-bit, prefetchable\)", out), out)
        out = run(c, "iomem")
        t.check("iomem shows the high ECAM and the 64-bit window",
                re.search(r"4010000000-", out) and re.search(r"8000000000-", out), out)
        out = run(c, "ivshmem read 0x10 32")
        t.check("ivshmem: its memory above 4 GiB is written and read back through memremap",
                "written-above-4-GiB" in out, out)
    finally:
        c.close()


def versatile(t, qemu, elf):
    c = Console(shlex.join(shlex.split(qemu) + ["-device", "pci-testdev"]), elf)
    try:
        c.boot()
        out = run(c, "ioports")        # the first command: it brings the bus up
        t.check("ioports, the first command: the I/O window with pci-testdev's BAR",
                re.search(r"^[0-9a-f]+-[0-9a-f]+ : PCI I/O\n  [0-9a-f-]+ : 00:", out, re.M), out)
        out = run(c, "lspci -v")
        (_, dev), = find(lspci_functions(out), "1b36:0005")
        m = re.search(r"BAR 0: Memory at ([0-9a-f]+) \(32-bit, non-prefetchable\) \[size=4K\] "
                      r"\(bus address ([0-9a-f]+)\)", dev)
        t.check("versatilepb: the BAR's CPU and bus addresses differ by the window's offset",
                m and int(m.group(1), 16) - int(m.group(2), 16) == 0x40000000, out)
        out = run(c, "iomem")
        t.check("iomem shows the memory window at its CPU address, with the BAR inside",
                re.search(r"^50000000-5fffffff : PCI mem$", out, re.M) and
                f"{m.group(1) if m else '?'}-" in out, out)
        out = run(c, "pcitest")
        t.check("pci-testdev: MMIO and port-I/O tests pass through the Versatile windows",
                "pcitest: 6 of 6 passed" in out, out)
    finally:
        c.close()


def main():
    args = console_args(__doc__)
    t = Tap()
    try:
        if args.board == "virt":
            with tempfile.TemporaryDirectory() as tmp:
                shm = os.path.join(tmp, "ivshmem")
                with open(shm, "wb") as f:
                    f.write(HOST_TEXT.encode() + b"\0")
                    f.truncate(1 << 20)
                main_devices(t, args.qemu, args.elf, shm)
            default_edu(t, args.qemu, args.elf)
            too_big(t, args.qemu, args.elf)
            high_ecam(t, args.qemu, args.elf)
        else:
            versatile(t, args.qemu, args.elf)
    except (pexpect.TIMEOUT, pexpect.EOF, ValueError) as e:
        t.check("the console answered", False, f"{type(e).__name__}: {e}")
    return tap_end(t)


if __name__ == "__main__":
    sys.exit(main())
