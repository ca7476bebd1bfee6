#!/usr/bin/env python3
"""`make memmap`: boot the board, read its live tables, draw the memory map as SVG.

The firmware boots under QEMU to its prompt with a gdb stub on a free port;
gdb-multiarch attaches in batch mode and the extension's `fw-dump-json`
(scripts/gdb/fw.py) walks the live tables by physical address, reads the
ioremap registry and the image regions, and writes JSON. QEMU is then ended
and scripts/memmap_draw.py draws the picture with svgwrite.

  memmap.py --qemu 'qemu-system-arm -M virt ...' --elf build/virt/firmware.elf \\
            --out build/virt/memmap.svg [--json build/virt/memmap.json]
"""
import argparse
import os
import shlex
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import memmap_draw  # noqa: E402

BOOT_TIMEOUT = 60       # seconds to the prompt, on a loaded host
GDB_TIMEOUT = 60


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_prompt(qemu, console_log):
    deadline = time.monotonic() + BOOT_TIMEOUT
    while time.monotonic() < deadline:
        if qemu.poll() is not None:
            return False
        with open(console_log, "rb") as f:
            if b"\n> " in f.read():
                return True
        time.sleep(0.1)
    return False


def dump_live_map(qemu_cmd, elf, json_path, workdir):
    """Boot, attach, dump; returns an error string or None."""
    console_log = os.path.join(workdir, "console.log")
    for _ in range(5):      # another process may take the port first: retry
        port = free_port()
        open(console_log, "wb").close()
        qemu = subprocess.Popen(shlex.split(qemu_cmd) + [
            "-serial", f"file:{console_log}", "-gdb", f"tcp:127.0.0.1:{port}", "-kernel", elf],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            if not wait_for_prompt(qemu, console_log):
                out = qemu.stdout.read().decode(errors="replace") if qemu.poll() is not None else ""
                if "Address already in use" in out:
                    continue
                with open(console_log, errors="replace") as f:
                    return f"the firmware did not reach its prompt:\n{out}{f.read()}"
            try:
                g = subprocess.run(
                    ["gdb-multiarch", "-q", "-batch", "-nx", "-ex", "set confirm off",
                     "-ex", f"target remote 127.0.0.1:{port}",
                     "-x", os.path.join(HERE, "gdb", "fw.py"),
                     "-ex", f"fw-dump-json {json_path}", elf],
                    capture_output=True, text=True, timeout=GDB_TIMEOUT, stdin=subprocess.DEVNULL)
            except subprocess.TimeoutExpired:
                return f"gdb-multiarch timed out after {GDB_TIMEOUT} s"
            if g.returncode or not os.path.exists(json_path) or "Error" in g.stderr:
                return f"gdb-multiarch failed:\n{g.stdout}{g.stderr}"
            return None
        finally:
            qemu.kill()
            qemu.wait()
    return "QEMU could not open a gdb port"


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--qemu", required=True, help="QEMU command for the board")
    ap.add_argument("--elf", required=True)
    ap.add_argument("--out", required=True, help="the SVG to write")
    ap.add_argument("--json", help="also keep the live map as JSON here")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="memmap-") as work:
        json_path = args.json or os.path.join(work, "memmap.json")
        err = dump_live_map(args.qemu, args.elf, json_path, work)
        if err:
            print(f"memmap: {err}", file=sys.stderr)
            return 1
        live = memmap_draw.load(json_path)
    memmap_draw.draw(live, args.out)
    print(f"memmap: wrote {args.out} ({live['board']}, {len(live['ranges'])} mapped ranges, "
          f"{len(live['iomap'])} I/O mappings)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
