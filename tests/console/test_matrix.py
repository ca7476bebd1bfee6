#!/usr/bin/env python3
"""Boot-configuration matrix: the firmware under many QEMU machine options.

Each configuration boots the real firmware and checks, through its serial
console: the prompt; `sleep 100` and `uptime` ticks (the tick fires: at least
100 ticks pass over the sleep); `irq` (the tick's interrupt is the one the
configuration needs: secure=on uses the secure physical timer PPI, INTID 29);
a word written at the top of mapped RAM reads back; an access just past RAM
faults (or, where RAM is clamped below the I/O window, the banner says so);
`poweroff` (QEMU exits with status 0 through PSCI, or, with no power control,
the firmware says so and halts). Where a configuration lists `info` lines,
`info` must say them (where each fact came from); where it lists `says`
(command, text) pairs, each command's output must hold the text (`fdt`
output; `ioremap` of RAM the identity map could not hold, refused); where it
lists `banner` lines, the boot must print them. Most boot the ELF; `image`
"bin" boots the raw image with -kernel, "bios" with -bios, "bin@addr"
through QEMU's generic loader at addr. A configuration with `refuse` must
print that line and halt: no prompt.

Configurations run in parallel, one QEMU per host CPU. Each prints one TAP
line per check.
"""
import argparse
import concurrent.futures
import os
import re
import shlex
import sys

import pexpect

PROMPT = "\r\n> "
TIMEOUT = 30            # per step, generous: the host is shared and loaded

VIRT = "-M virt{opts} -cpu {cpu} -m {mib} -nic none"
VPB = "-M versatilepb -m {mib} -nic none -audiodev none,id=snd0 -global pl041.audiodev=snd0"

# name, board, machine options, -m, the tick's INTID (None: no interrupts,
# and no_irq the boot message that says why), RAM mapped (MiB),
# poweroff ("exit": QEMU exits 0; "halt": says so and halts), info (text
# `info` must show), says ((command, text its output must show)).
CONFIGS = [
    dict(name="virt gic-version=2", board="virt", opts=",gic-version=2", mib=128,
         tick=30, mapped=128, poweroff="exit",
         info=["(from the device tree; 128 MiB reported)", "devices   from the device tree",
               "(console, 115200 baud, /chosen stdout-path)",
               "timer     interrupt 30: the non-secure physical timer",
               "power     PSCI through hvc (from the device tree)",
               "pcie       pci-host-ecam-generic  0x4010000000 262144 KiB"],
         says=[("fdt /intc", "reg = <0x8000000 0x10000>, <0x8010000 0x10000>;"),
              ("fdt /intc", "compatible = \"arm,cortex-a15-gic\";"),
              ("fdt /intc", "\tv2m@8020000 {"),
              ("fdt /chosen", "stdout-path = \"/pl011@9000000\";"),
              ("fdt /timer", "interrupts = <0x1 0xd 0x104 0x1 0xe 0x104"),
              ("fdt /memory", "reg = <0x40000000 0x8000000>;"),
              ("fdt /nope", "fdt: /nope: no such node"),
              ("fdt", "/ {")]),
    dict(name="virt gic-version=3", board="virt", opts=",gic-version=3", mib=128,
         tick=30, mapped=128, poweroff="exit",
         info=["gic        arm,gic-v3"],
         says=[("fdt /intc", "compatible = \"arm,gic-v3\";")]),
    dict(name="virt virtualization=on (GICv2)", board="virt", opts=",virtualization=on",
         mib=128, tick=30, mapped=128, poweroff="exit",
         info=["power     PSCI through smc (from the device tree)"]),
    dict(name="virt virtualization=on,gic-version=3", board="virt",
         opts=",virtualization=on,gic-version=3", mib=128, tick=30, mapped=128,
         poweroff="exit", info=["gic        arm,gic-v3", "power     PSCI through smc"]),
    dict(name="virt secure=on", board="virt", opts=",secure=on", mib=128, tick=29,
         mapped=128, poweroff="halt",
         info=["timer     interrupt 29: the secure physical timer (the CPU runs in Secure state",
               "power     none: the device tree has no /psci node"]),
    # Secure firmware on a GICv3 with two security states would need Secure
    # Group 1: refused with a reason, and the console still answers.
    dict(name="virt secure=on,gic-version=3", board="virt", opts=",secure=on,gic-version=3",
         mib=128, tick=None, mapped=128, poweroff="halt",
         no_irq="gicv3: the GIC has two security states and the firmware runs Secure"),
    dict(name="virt -smp 4", board="virt", opts="", smp=4, mib=128, tick=30, mapped=128,
         poweroff="exit"),
    dict(name="virt -cpu cortex-a7", board="virt", opts="", cpu="cortex-a7", mib=128,
         tick=30, mapped=128, poweroff="exit"),
    dict(name="virt -m 64", board="virt", opts="", mib=64, tick=30, mapped=64,
         poweroff="exit"),
    dict(name="virt -m 1024", board="virt", opts="", mib=1024, tick=30, mapped=1024,
         poweroff="exit"),
    # 0x4000_0000 + 3 GiB and more run into the I/O window at 0xF000_0000:
    # the identity map stops there (2816 MiB), and boot says so.
    # RAM above the identity map is still RAM: ioremap() refuses it.
    dict(name="virt -m 3072", board="virt", opts="", mib=3072, tick=30, mapped=2816,
         poweroff="exit", says=[("ioremap 0xf0000000 0x1000", "overlaps RAM"),
                                ("ioremap 0xfffff000 0x1000", "overlaps RAM")]),
    dict(name="virt -m 4096", board="virt", opts="", mib=4096, tick=30, mapped=2816,
         poweroff="exit", info=["2816 MiB mapped (from the device tree; 4096 MiB reported)"],
         says=[("ioremap 0xf0000000 0x1000", "overlaps RAM")]),
    dict(name="virt highmem=off", board="virt", opts=",highmem=off", mib=1024, tick=30,
         mapped=1024, poweroff="exit"),
    # A raw image (firmware.bin): QEMU enters it by Linux's boot protocol at
    # RAM + 0x10000, r2 the device tree, which it puts at RAM + min(RAM / 2,
    # 128 MiB). The image moves itself to its link address, the tree to the
    # reserved MiB at the base of RAM.
    dict(name="virt -kernel firmware.bin", board="virt", opts="", mib=128, tick=30,
         mapped=128, poweroff="exit", image="bin",
         banner=["boot: device tree moved from 0x44000000 (r2, Linux's boot protocol) "
                 "to 0x40000000"],
         info=["(from the device tree; 128 MiB reported)", "devices   from the device tree"],
         says=[("fdt /chosen", "stdout-path = \"/pl011@9000000\";")]),
    dict(name="virt virtualization=on -kernel firmware.bin", board="virt",
         opts=",virtualization=on", mib=1024, tick=30, mapped=1024, poweroff="exit",
         image="bin", banner=["boot: device tree moved from 0x48000000"],
         info=["power     PSCI through smc (from the device tree)"]),
    # -bios: QEMU runs it from flash at 0, the tree at the base of RAM.
    dict(name="virt -bios firmware.bin", board="virt", opts="", mib=128, tick=30,
         mapped=128, poweroff="exit", image="bios",
         info=["(from the device tree; 128 MiB reported)"]),
    dict(name="versatilepb -kernel firmware.bin", board="versatilepb", mib=128, tick=4,
         mapped=128, poweroff="halt", image="bin",
         info=["128 MiB mapped (probed; 128 MiB reported)"]),
    # The same image where QEMU's generic loader puts it (image="bin@addr":
    # loaded there, the CPU started there): every kind of move. Down by
    # 4 KiB, overlapping itself: one hop up first. Up by 64 bytes, less
    # than the moving code's end: two hops. Up by 4 KiB: backwards, in
    # place. (virt's tree stays where QEMU put it, at the base of RAM.)
    dict(name="virt firmware.bin at its link address + 4 KiB", board="virt", opts="",
         mib=128, tick=30, mapped=128, poweroff="exit", image="bin@0x40101000",
         info=["(from the device tree; 128 MiB reported)"]),
    dict(name="versatilepb firmware.bin at its link address - 64", board="versatilepb",
         mib=64, tick=4, mapped=64, poweroff="halt", image="bin@0xfffc0"),
    dict(name="versatilepb firmware.bin at its link address - 4 KiB", board="versatilepb",
         mib=64, tick=4, mapped=64, poweroff="halt", image="bin@0xff000"),
    # Other CPUs QEMU puts on versatilepb: ARMv6 walks ARMv5 tables (with
    # SCTLR.XP clear) and boots; ARMv7 and MMU-less parts are refused with
    # the reason, and the firmware halts instead of faulting silently.
    dict(name="versatilepb -cpu arm1176", board="versatilepb", cpu="arm1176", mib=128,
         tick=4, mapped=128, poweroff="halt",
         info=["cpu       ARMv5TEJ ARM1176JZ(F)-S, MIDR 0x410fb767"]),
    dict(name="versatilepb -cpu cortex-a8", board="versatilepb", cpu="cortex-a8", mib=128,
         refuse="boot: this image is built for ARMv5 and the CPU is ARMv7, whose MMU "
                "does not walk ARMv5 tables: boot it with -cpu arm926, or build BOARD=virt; "
                "halting"),
    dict(name="versatilepb -cpu arm946", board="versatilepb", cpu="arm946", mib=128,
         refuse="boot: this CPU has no MMU (a protection unit at most): boot it with "
                "-cpu arm926; halting"),
    dict(name="versatilepb -m 16", board="versatilepb", mib=16, tick=4, mapped=16,
         poweroff="halt", info=["16 MiB mapped (probed; 16 MiB reported)",
                                "devices   from the board data"],
         says=[("fdt", "fdt: no device tree")]),
    dict(name="versatilepb -m 64", board="versatilepb", mib=64, tick=4, mapped=64,
         poweroff="halt"),
    dict(name="versatilepb -m 128", board="versatilepb", mib=128, tick=4, mapped=128,
         poweroff="halt"),
    dict(name="versatilepb -m 256", board="versatilepb", mib=256, tick=4, mapped=256,
         poweroff="halt"),
]

RAM_BASE = {"virt": 0x40000000, "versatilepb": 0}


def qemu_args(cfg):
    if cfg["board"] == "virt":
        line = VIRT.format(opts=cfg["opts"], cpu=cfg.get("cpu", "cortex-a15"), mib=cfg["mib"])
        if cfg.get("smp"):
            line += f" -smp {cfg['smp']}"
    else:
        line = VPB.format(mib=cfg["mib"])
        if cfg.get("cpu"):
            line += f" -cpu {cfg['cpu']}"
    return shlex.split(line) + ["-display", "none", "-monitor", "none"]


class Session:
    def __init__(self, cfg, elf):
        image = cfg.get("image", "elf")
        binary = elf[:-len(".elf")] + ".bin"
        if image == "elf":
            load = ["-kernel", elf]
        elif image == "bin":
            load = ["-kernel", binary]
        elif image == "bios":
            load = ["-bios", binary]
        else:                           # bin@addr: QEMU's generic loader
            addr = image.split("@")[1]
            load = ["-device", f"loader,file={binary},addr={addr}",
                    "-device", f"loader,addr={addr},cpu-num=0"]
        args = qemu_args(cfg) + ["-chardev", "stdio,id=con,signal=off",
                                 "-serial", "chardev:con"] + load
        self.p = pexpect.spawn("qemu-system-arm", args, timeout=TIMEOUT, encoding="utf-8",
                               codec_errors="replace")
        self.log = ""

    def boot(self):
        self.p.expect_exact(PROMPT)
        self.log += self.p.before
        return self.p.before

    def run(self, line):
        self.p.send(line + "\r")
        self.p.expect_exact(PROMPT)
        out = self.p.before
        self.log += f"> {out}"
        return out.split("\r\n", 1)[1] if "\r\n" in out else ""

    def close(self):
        self.p.terminate(force=True)


def ticks(out):
    m = re.search(r"(\d+) ticks", out)
    return int(m.group(1)) if m else -1


def check_time(s, cfg, results):
    if cfg["tick"] is None:
        # No interrupt controller this firmware can drive: boot says why,
        # the console answers (polled), and sleep refuses instead of hanging.
        results.append(("boot says why there are no interrupts", cfg["no_irq"] in s.log,
                        s.log))
        out = s.run("sleep 100")
        results.append(("sleep refuses without a tick", "error: cannot sleep" in out, out))
        return
    before = ticks(s.run("uptime"))
    s.run("sleep 100")
    after = ticks(s.run("uptime"))
    results.append(("sleep 100 lets at least 100 ticks pass", after - before >= 100,
                    f"ticks {before} -> {after}"))
    out = s.run("irq")
    m = re.search(rf"^\s*{cfg['tick']}\s+tick\s+(\d+)", out, re.M)
    results.append((f"irq: the tick is interrupt {cfg['tick']} and fires",
                    bool(m) and int(m.group(1)) >= 100, out))


def check_ram(s, cfg, banner, results):
    top = RAM_BASE[cfg["board"]] + cfg["mapped"] * 1024 * 1024
    results.append((f"RAM: {cfg['mapped']} MiB mapped",
                    f", {cfg['mapped']} MiB (" in banner, banner))
    s.run(f"poke {top - 4:#x} 0x5a5aa5a5")
    out = s.run(f"peek {top - 4:#x}")
    results.append(("a word at the top of RAM reads back", "0x5a5aa5a5" in out, out))
    if cfg["mapped"] < cfg["mib"]:
        # The next address is the I/O window: boot must have said why it stops.
        results.append(("boot says RAM above the I/O window is clamped",
                        f"RAM clamped: {cfg['mapped']} MiB of {cfg['mib']} MiB" in banner,
                        banner))
    else:
        out = s.run(f"peek {top:#x}")
        results.append(("an access just past RAM faults", "data abort" in out, out))


def check_poweroff(s, cfg, results):
    s.p.send("poweroff\r")
    if cfg["poweroff"] == "halt":
        i = s.p.expect([pexpect.EOF, r"no power control; halting instead"])
        results.append(("poweroff without power control says so and halts",
                        i == 1 and s.p.isalive(), s.p.before))
        return
    i = s.p.expect([pexpect.EOF, r"poweroff: [^\r]*"])
    if i == 0:
        s.p.close()
    results.append(("poweroff ends QEMU with status 0", i == 0 and s.p.exitstatus == 0,
                    f"exit {s.p.exitstatus}, signal {s.p.signalstatus}: {s.p.before}"))


def check_reports(s, cfg, results):
    out = s.run("info")
    for text in cfg.get("info", []):
        results.append((f"info says '{text}'", text in out, out))
    for cmd, text in cfg.get("says", []):
        out = s.run(cmd)
        results.append((f"{cmd} shows '{text}'", text in out, out))


def run_config(cfg, elf):
    """Every check of one configuration: a list of (name, ok, detail)."""
    results = []
    s = Session(cfg, elf)
    try:
        if cfg.get("refuse"):
            # Said on the early console; then halted: no prompt follows.
            s.p.expect_exact(cfg["refuse"])
            results.append(("says why it cannot run", True, ""))
            i = s.p.expect_exact([PROMPT, pexpect.TIMEOUT], timeout=2)
            results.append(("and halts: no prompt", i == 1, s.p.before))
            return results
        banner = s.boot()
        results.append(("boots to the prompt", True, ""))
        for text in cfg.get("banner", []):
            results.append((f"boot says '{text}'", text in banner, banner))
        check_time(s, cfg, results)
        check_ram(s, cfg, banner, results)
        check_reports(s, cfg, results)
        check_poweroff(s, cfg, results)
    except (pexpect.TIMEOUT, pexpect.EOF) as e:
        results.append(("session ran to the end", False,
                        f"{type(e).__name__}\n{s.log}{s.p.before}"))
    finally:
        s.close()
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--elf", required=True)
    ap.add_argument("--board", required=True)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()

    configs = [c for c in CONFIGS if c["board"] == args.board]
    n = 0
    failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {c["name"]: pool.submit(run_config, c, args.elf) for c in configs}
        for c in configs:
            for name, ok, detail in futures[c["name"]].result():
                n += 1
                print(f"{'ok' if ok else 'not ok'} {n} - matrix {c['name']}: {name}")
                if not ok:
                    failed += 1
                    for line in str(detail).splitlines()[-25:]:
                        print(f"#   {line}")
            sys.stdout.flush()
    print(f"1..{n}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
