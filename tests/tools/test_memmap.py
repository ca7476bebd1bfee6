#!/usr/bin/env python3
"""`make memmap` against the shell's `pt`, one TAP line a check.

Runs `make BOARD=<board> memmap`, parses the SVG it writes with xml.etree,
and compares the picture's ranges (each <g class="range"> carries its range's
`pt` line as its <title>) with what the shell's `pt` prints on a separate
boot of the same image; checks that every image region, guard page and I/O
owner is labelled, and that the picture says its scale is not linear.
"""
import argparse
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_gdb import Tap, Target, diff  # noqa: E402

SVG = "{http://www.w3.org/2000/svg}"


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--qemu", required=True)
    ap.add_argument("--elf", required=True)
    ap.add_argument("--board", required=True)
    ap.add_argument("--build", required=True, help="the board's build directory")
    args = ap.parse_args()
    t = Tap()

    svg_path = os.path.join(args.build, "memmap.svg")
    json_path = os.path.join(args.build, "memmap.json")
    for p in (svg_path, json_path):
        if os.path.exists(p):
            os.remove(p)
    build_root = os.path.dirname(os.path.normpath(args.build))
    try:
        p = subprocess.run(["make", "--no-print-directory", f"BOARD={args.board}",
                            f"BUILD={build_root}", "memmap"], capture_output=True, text=True,
                           timeout=300, stdin=subprocess.DEVNULL)
        status, out = p.returncode, p.stdout + p.stderr
    except subprocess.TimeoutExpired:
        status, out = -1, "make memmap timed out after 300 s"
    t.check("make memmap succeeds and writes the SVG", status == 0 and os.path.exists(svg_path),
            out)
    try:
        root = ET.parse(svg_path).getroot()
    except (OSError, ET.ParseError) as e:
        t.check("the SVG parses as XML", False, e)
        print(f"1..{t.n}")
        return 1
    t.check("the SVG parses as XML, root <svg>", root.tag == SVG + "svg", root.tag)

    target = Target(args.qemu, args.elf)
    try:
        pt = target.run("pt").strip("\n").split("\n")[:-1]     # drop the bytes-in-use line
    finally:
        target.close()
    titles = [g.find(SVG + "title").text for g in root.iter(SVG + "g")
              if g.get("class") == "range"]
    t.check("the picture's ranges are exactly pt's ranges, in order", titles == pt,
            diff("\n".join(pt), "\n".join(titles)))

    texts = {"".join(e.itertext()) for e in root.iter(SVG + "text")}
    with open(json_path) as f:
        live = json.load(f)
    wanted = [r["name"] for r in live["regions"]] + [m["owner"] for m in live["iomap"]] + \
        ["below the image" if live["ram"]["base"] else None, "free RAM"]
    missing = [w for w in wanted if w and w not in texts]
    t.check("every image region, guard, stack, I/O owner and RAM is labelled", not missing,
            f"missing: {missing}")
    ribbons = [g for g in root.iter(SVG + "g") if g.get("class") == "ribbons"]
    t.check("one VA-to-PA ribbon per mapped band",
            ribbons and len(ribbons[0]) >= len(pt), f"{len(ribbons[0]) if ribbons else 0} "
            f"ribbons for {len(pt)} ranges")
    t.check("the picture says its scale is not linear",
            any("Not to scale" in s for s in texts), "")
    print(f"1..{t.n}")
    return 1 if t.failed else 0


if __name__ == "__main__":
    sys.exit(main())
