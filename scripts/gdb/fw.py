"""gdb commands for this firmware, read from outside it (`make debug` loads them).

  fw-pt [--format=armv7s|armv5|lpae] [va]   the live tables as merged ranges,
                                            or the walk of one address
  fw-iomap                                   the ioremap() registry
  fw-fault                                   the last data and prefetch abort
  fw-dump-json FILE                          tables, registry and image regions
                                             as JSON (for `make memmap`)

Nothing here runs firmware code: every command only reads registers and
memory, so it works with the firmware stopped anywhere (hung in a loop,
halted after a fatal report, in the middle of an exception).

Where the tables come from: TTBR0/TTBR1/TTBCR as the CPU holds them (QEMU's
gdbstub exposes the CP15 registers); the firmware's own `__pt_l1` only when
the stub has no TTBR0. The format: TTBCR.EAE, then MIDR's architecture field;
failing both, the name of the firmware's own format (`kpt.fmt->name`).

How the tables are read: by physical address. QEMU's gdbstub reads memory
through the CPU's current translation by default, which would show the tables
only where they happen to be mapped (and, on a firmware whose tables are
identity-mapped, silently show the wrong bytes the day they are not).
`maint packet Qqemu.PhyMemMode:1` switches the stub to physical addresses for
the duration of one command (and back, whatever happens). A stub without that
mode (another QEMU, a JTAG probe) gets a one-line note and the reads go through
the current translation, which is right for this firmware because its tables
are identity-mapped in RAM.

The ioremap registry is read through gdb's symbol and type information, field
by field (`slots[i].e.va`, ...), never by offset, so a new field in its
structures does not break it.
"""
import json
import os
import sys

import gdb

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fwfault  # noqa: E402
import fwmmu    # noqa: E402


def register(*names):
    """The first of names the target has, as an int, or None."""
    for name in names:
        try:
            v = gdb.parse_and_eval("$" + name)
        except gdb.error:
            continue
        if v.type.code == gdb.TYPE_CODE_VOID:
            continue
        return int(v) & ((1 << (8 * v.type.sizeof)) - 1)
    return None


def static_var(name, file_suffix):
    """A file-scope variable of the firmware, by name and source file."""
    for sym in gdb.lookup_static_symbols(name):
        if sym.symtab and sym.symtab.filename.endswith(file_suffix):
            return sym.value()
    sym = gdb.lookup_global_symbol(name)
    if sym is None:
        raise gdb.GdbError(f"no symbol '{name}' in {file_suffix}: is the firmware's ELF loaded?")
    return sym.value()


def cpu_registers():
    regs = {
        # TTBR0_EL1 is the 64-bit view (the LPAE base reaches bit 39); the
        # ARMv5 CPU has only that name, the ARMv7 one has both.
        "ttbr0": register("TTBR0_EL1", "TTBR0"),
        "ttbr1": register("TTBR1_EL1", "TTBR1"),
        "ttbcr": register("TTBCR"),
        "midr": register("MIDR"),
        "sctlr": register("SCTLR"),
    }
    mair0, mair1 = register("MAIR0"), register("MAIR1")
    if mair0 is not None:
        regs["mair"] = mair0 | ((mair1 or 0) << 32)
    return regs


def firmware_format_name():
    try:
        name = static_var("kpt", "mmu.c")["fmt"]["name"].string()
    except (gdb.error, gdb.GdbError):
        return None
    return {"ARMv7 short-descriptor": "armv7s", "ARMv5 short-descriptor": "armv5"}.get(
        name, "lpae" if "LPAE" in name or "long" in name else None)


class PhysMem:
    """Physical-address reads for the life of a `with` block."""

    def __init__(self):
        self.phys = False
        self.notes = []

    def _packet(self, text):
        try:
            out = gdb.execute("maint packet " + text, to_string=True)
        except gdb.error:
            return False
        return 'received: "OK"' in out

    def __enter__(self):
        self.phys = self._packet("Qqemu.PhyMemMode:1")
        if not self.phys:
            self.notes.append("note: this gdb stub has no physical-memory mode; reading the "
                              "tables through the current translation (identity for this "
                              "firmware's tables)")
        gdb.execute("maint flush dcache", to_string=True)
        return self

    def __exit__(self, *exc):
        if self.phys:
            self._packet("Qqemu.PhyMemMode:0")
            gdb.execute("maint flush dcache", to_string=True)
        return False

    def read(self, pa, size):
        if pa + size > 1 << 32:
            raise gdb.GdbError("table at pa 0x%x is above 4 GiB, beyond what gdb's 32-bit "
                               "ARM addresses reach" % pa)
        try:
            return bytes(gdb.selected_inferior().read_memory(pa, size))
        except gdb.MemoryError as e:
            raise gdb.GdbError("cannot read the tables at pa 0x%08x: %s" % (pa, e))


def make_walk(mem, format_name=None):
    regs = cpu_registers()
    if not format_name and regs["ttbcr"] is None and regs["midr"] is None:
        format_name = firmware_format_name()
    if format_name and format_name not in fwmmu.FORMATS:
        raise gdb.GdbError("unknown format '%s' (known: %s)" % (
            format_name, ", ".join(fwmmu.FORMATS)))
    try:
        fmt = fwmmu.format_for(regs, format_name)
    except ValueError as e:
        raise gdb.GdbError(str(e))
    if regs["ttbr0"] is None:
        regs["ttbr0"] = int(gdb.parse_and_eval("(unsigned long)&__pt_l1"))
        mem.notes.append("note: no TTBR0 in this gdb stub; walking the firmware's __pt_l1")
    if regs["sctlr"] is not None and not regs["sctlr"] & 1:
        mem.notes.append("note: the MMU is off (SCTLR.M = 0); these are the tables TTBR0 "
                         "names, which the CPU is not using now")
    return fwmmu.Walk(fmt, mem.read, regs)


def parse_args(arg, flags):
    opts, rest = {}, []
    for word in gdb.string_to_argv(arg):
        if word.startswith("--"):
            key, _, value = word[2:].partition("=")
            if key not in flags:
                raise gdb.GdbError("unknown option --%s (known: %s)" % (
                    key, ", ".join("--" + f for f in flags)))
            opts[key] = value or True
        else:
            rest.append(word)
    return opts, rest


def to_address(text):
    try:
        return int(gdb.parse_and_eval(text)) & 0xffffffff
    except gdb.error as e:
        raise gdb.GdbError(f"bad address '{text}': {e}")


class FwPt(gdb.Command):
    """Show the live translation tables, read from outside the firmware.

fw-pt [--format=armv7s|armv5|lpae] [VA]
Without VA: every mapping as merged ranges, as the shell's `pt` prints them.
With VA: each level's descriptor for that address, decoded (the shell's `pt VA`).
The format is found from TTBCR.EAE and MIDR unless --format names it."""

    def __init__(self):
        super().__init__("fw-pt", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        opts, rest = parse_args(arg, ("format",))
        if len(rest) > 1:
            raise gdb.GdbError("usage: fw-pt [--format=armv7s|armv5|lpae] [va]")
        with PhysMem() as mem:
            walk = make_walk(mem, opts.get("format"))
            if rest:
                lines = walk.walk_lines(to_address(rest[0]))
            else:
                lines = [r.format() for r in walk.ranges()]
                lines.append("%u bytes of tables in use" % walk.table_bytes())
        for line in mem.notes + lines:
            gdb.write(line + "\n")


def mem_type_of(value):
    """An enum mem_type value as its name in the dump ("device"), by enumerator name."""
    names = {"MT_NONE": "none", "MT_NORMAL": "normal", "MT_NORMAL_NC": "normal-nc",
             "MT_DEVICE": "device", "MT_STRONGLY_ORDERED": "strongly-ordered"}
    try:
        enum = gdb.lookup_type("enum mem_type")
    except gdb.error:
        return fwmmu.mem_type_name(int(value))
    for field in enum.fields():
        if field.enumval == int(value):
            return names.get(field.name, "other")
    return "other"


def iomap_entries():
    """Live registry entries in VA order: {va, phys, size, type, owner}."""
    slots = static_var("slots", "ioremap.c")
    used = int(static_var("slots_used", "ioremap.c"))
    out = []
    for i in range(min(used, slots.type.range()[1] + 1)):
        s = slots[i]
        if not bool(s["used"]) or int(s["e"]["owner"]) == 0:
            continue    # free, or handed out but not registered yet
        e = s["e"]
        out.append({"va": int(e["va"]), "phys": int(e["phys"]), "size": int(e["size"]),
                    "type": mem_type_of(e["type"]), "owner": e["owner"].string()})
    return sorted(out, key=lambda m: m["va"])


class FwIomap(gdb.Command):
    """List the ioremap() registry, as the shell's `iomap` does (read from memory)."""

    def __init__(self):
        super().__init__("fw-iomap", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        entries = iomap_entries()
        gdb.write("  virtual                pa              size  type             owner\n")
        for m in entries:
            gdb.write("  0x%08x-0x%08x  pa 0x%08x  %7u KiB  %-16s %s\n" % (
                m["va"], m["va"] + m["size"] - 1, m["phys"], m["size"] >> 10, m["type"],
                m["owner"]))
        gdb.write("%u mappings\n" % int(static_var("live", "ioremap.c")))


class FwFault(gdb.Command):
    """Decode the last data abort and prefetch abort from the CP15 fault registers.

DFSR/DFAR and IFSR/IFAR hold the status and address of the most recent abort
of each kind (caught by fault_try() or fatal). ARMv5 has no IFSR/IFAR and no
write/read bit. The mapping of the fault address is walked from the tables."""

    def __init__(self):
        super().__init__("fw-fault", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        dfsr, dfar = register("DFSR"), register("DFAR")
        if dfsr is None:
            raise gdb.GdbError("this gdb stub exposes no DFSR; the firmware records no "
                               "fault of its own outside fault_try()")
        with PhysMem() as mem:
            walk = make_walk(mem)
            fmt_name = next(k for k, c in fwmmu.FORMATS.items() if isinstance(walk.fmt, c))
            lines = self.describe("data abort", dfsr, dfar, True, fmt_name, walk)
            if fmt_name == "armv5":
                lines.append("prefetch abort: ARMv5 has no IFSR/IFAR (the address is the "
                             "aborting pc)")
            else:
                lines += self.describe("prefetch abort", register("IFSR"), register("IFAR"),
                                       False, fmt_name, walk)
        cpsr = register("cpsr")
        if cpsr is not None and cpsr & 0x1f == 0x17:
            lines.append("the CPU is in Abort mode: an abort is being handled now")
        for line in mem.notes + lines:
            gdb.write(line + "\n")

    @staticmethod
    def describe(kind, fsr, far, is_data, fmt_name, walk):
        if fsr is None:
            return [f"{kind}: no fault status register in this gdb stub"]
        if fsr == 0 and not far:
            return [f"{kind}: none recorded (status 0)"]
        text, far_valid, wnr = fwfault.decode(fsr, is_data, fmt_name)
        access = "execute" if not is_data else {True: "write", False: "read"}.get(wnr, "access")
        reg = "DFSR" if is_data else "IFSR"
        if not far_valid or far is None:
            return [f"{kind}: {text} ({reg} 0x{fsr:03x}), address unknown"]
        lines = [f"{kind}: {text} ({reg} 0x{fsr:03x}), {access} at 0x{far:08x}"]
        path, pa = walk.walk(far)
        if pa is None:
            lines.append(f"    mapping at 0x{far:08x}: unmapped")
        else:
            e = path[-1][1]
            lines.append("    mapping at 0x%08x: %s %s %s -> pa 0x%08x" % (
                far, walk.fmt.kind_name(path[-1][0], e), fwmmu.mem_type_name(e.type),
                fwmmu.prot_str(e.prot), pa))
        return lines


def image_regions():
    regions = static_var("regions", "mmu.c")
    n = regions.type.range()[1] + 1
    return [{"name": regions[i]["name"].string(), "start": int(regions[i]["start"]),
             "end": int(regions[i]["end"]), "prot": int(regions[i]["prot"])} for i in range(n)]


class FwDumpJson(gdb.Command):
    """fw-dump-json FILE: tables, ioremap registry, image regions and RAM as JSON."""

    def __init__(self):
        super().__init__("fw-dump-json", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        argv = gdb.string_to_argv(arg)
        if len(argv) != 1:
            raise gdb.GdbError("usage: fw-dump-json FILE")
        with PhysMem() as mem:
            walk = make_walk(mem)
            ranges = [r.as_dict() for r in walk.ranges()]
            tables = [{"level": lvl, "pa": pa, "size": size} for lvl, pa, size in walk.tables]
        ram = static_var("ram", "mmu.c")
        board = gdb.lookup_global_symbol("board").value()
        data = {
            "board": board["name"].string(), "format": walk.fmt.name, "notes": mem.notes,
            "ranges": ranges, "tables": tables, "iomap": iomap_entries(),
            "regions": image_regions(),
            "ram": {"base": int(ram["base"]), "size": int(ram["size"])},
            "io_window": {"base": int(board["io_window_base"]),
                          "size": int(board["io_window_size"])},
        }
        with open(argv[0], "w") as f:
            json.dump(data, f, indent=1)
        gdb.write("wrote %s: %u ranges, %u I/O mappings\n" % (
            argv[0], len(ranges), len(data["iomap"])))


FwPt()
FwIomap()
FwFault()
FwDumpJson()
