"""Draw a live memory map (the JSON of `fw-dump-json`) as SVG with svgwrite.

Virtual address space on the left, physical on the right, both growing
downward; each band coloured by memory type and labelled with its name,
permissions and size; a translucent ribbon joins each virtual band to the
physical range it maps. The scale is not linear: a band's height grows with
the logarithm of its size, and unmapped stretches are collapsed to a fixed
height, so a 4 KiB guard page and 128 MiB of RAM are both readable.

Every merged range of the tables is one <g class="range"> whose <title> is
the range's line exactly as the shell's `pt` prints it: tooltips for a
reader, and what tests/tools/test_memmap.py compares with `pt`.
"""
import json
import math

import svgwrite

COLOURS = {"normal": "#8fb8e8", "normal-nc": "#86d0c0", "device": "#f5b16a",
           "strongly-ordered": "#e8837a", "other": "#c9a0dc"}
GUARD_COLOUR, GAP_COLOUR = "#d8d8d8", "#f4f4f4"
FONT = "DejaVu Sans, Verdana, sans-serif"
MONO = "DejaVu Sans Mono, monospace"

VA_X, PA_X, COL_W = 150, 760, 330
TOP = 110
GAP_H = 22


def load(path):
    with open(path) as f:
        return json.load(f)


def band_height(size):
    """The non-linear scale: 16 px for 4 KiB, 7 px more per doubling."""
    return 16 + 7 * math.log2(max(size, 4096) / 4096)


def size_text(size):
    """Exact where it divides, else one decimal in the largest unit that fits."""
    for unit, div in (("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)):
        if size >= div:
            return f"{size // div}{unit}" if size % div == 0 else f"{size / div:.1f}{unit}"
    return f"{size}B"


def va_names(live):
    """[(start, end, name)] naming virtual ranges: image regions, RAM, I/O mappings."""
    names = [(r["start"], r["end"], r["name"]) for r in live["regions"]]
    img_start = min(r["start"] for r in live["regions"])
    img_end = max(r["end"] for r in live["regions"])
    ram = live["ram"]
    names.append((ram["base"], img_start, "below the image"))
    names.append((img_end, ram["base"] + ram["size"], "free RAM"))
    names += [(m["va"], m["va"] + m["size"], m["owner"]) for m in live["iomap"]]
    return sorted(n for n in names if n[1] > n[0])


def split_range(r, names):
    """Cut one mapped range at name boundaries: [(va, pa, size, name)]."""
    start, end = r["va"], r["va"] + r["size"]
    cuts = {start, end}
    for s, e, _ in names:
        cuts.update(c for c in (s, e) if start < c < end)
    cuts = sorted(cuts)
    out = []
    for a, b in zip(cuts, cuts[1:]):
        name = next((n for s, e, n in names if s <= a < e), "mapping")
        if name == "mapping" and r["prot"].startswith("r-x"):
            name = "vectors"        # ARMv5 high vectors: code mapped a second time
        out.append((a, r["pa"] + (a - start), b - a, name))
    return out


def va_layout(live):
    """The left column: bands (mapped pieces, guards, collapsed gaps) in VA order."""
    names = va_names(live)
    guards = [(s, e, n) for s, e, n in names if n.startswith("guard")]
    bands, cursor = [], 0
    ranges = sorted(live["ranges"], key=lambda r: r["va"])

    def gap(a, b):
        # a guard page is a named hole; anything else unmapped is collapsed
        for s, e, n in guards:
            if a <= s and e <= b:
                if s > a:
                    gap(a, s)
                bands.append({"kind": "guard", "va": s, "size": e - s, "name": n})
                a = e
        if b > a:
            bands.append({"kind": "gap", "va": a, "size": b - a, "name": "unmapped"})

    for i, r in enumerate(ranges):
        gap(cursor, r["va"])
        for va, pa, size, name in split_range(r, names):
            bands.append({"kind": "map", "va": va, "pa": pa, "size": size, "name": name,
                          "range": i, "type": r["type"], "prot": r["prot"]})
        cursor = r["va"] + r["size"]
    gap(cursor, 1 << 32)
    return bands


def pa_layout(va_bands):
    """The right column: every physical range some band maps, split where the
    mapping bands begin or end (aliases share a piece), gaps collapsed."""
    mapped = [b for b in va_bands if b["kind"] == "map"]
    cuts = sorted({b["pa"] for b in mapped} | {b["pa"] + b["size"] for b in mapped})
    bands, cursor = [], None
    for a, b in zip(cuts, cuts[1:]):
        users = [m for m in mapped if m["pa"] <= a and b <= m["pa"] + m["size"]]
        if not users:
            continue
        if cursor is not None and cursor < a:
            bands.append({"kind": "gap", "pa": cursor, "size": a - cursor})
        bands.append({"kind": "map", "pa": a, "size": b - a, "users": users,
                      "type": users[0]["type"]})
        cursor = b
    return bands


def place(bands):
    y = TOP
    for b in bands:
        b["h"] = GAP_H if b["kind"] == "gap" else band_height(b["size"])
        b["y"] = y
        y += b["h"]
    return y


def draw_band(dwg, parent, x, b, label, detail):
    fill = {"gap": GAP_COLOUR, "guard": "url(#hatch)"}.get(b["kind"]) or COLOURS.get(
        b.get("type"), COLOURS["other"])
    dashes = {"stroke_dasharray": "4,3"} if b["kind"] == "gap" else {}
    parent.add(dwg.rect(insert=(x, b["y"]), size=(COL_W, b["h"]), fill=fill,
                        stroke="#555" if b["kind"] != "gap" else "#bbb", stroke_width=0.6,
                        **dashes))
    size = max(9, min(13, b["h"] - 4))
    mid = b["y"] + b["h"] / 2 + size * 0.35
    parent.add(dwg.text(label, insert=(x + 6, mid), font_size=size, font_family=FONT,
                        font_weight="bold" if b["kind"] == "map" else "normal",
                        fill="#222" if b["kind"] != "gap" else "#888"))
    if detail:
        parent.add(dwg.text(detail, insert=(x + COL_W - 6, mid), font_size=size,
                            font_family=MONO, text_anchor="end", fill="#222"))


def address(dwg, x, y, value, anchor):
    dwg.add(dwg.text("0x%08x" % value, insert=(x, y + 4), font_size=10, font_family=MONO,
                     text_anchor=anchor, fill="#444"))


def draw(live, out_path):
    va_bands = va_layout(live)
    pa_bands = pa_layout(va_bands)
    height = max(place(va_bands), place(pa_bands)) + 90
    width = PA_X + COL_W + 150
    dwg = svgwrite.Drawing(out_path, size=(width, height), profile="full")
    pattern = dwg.defs.add(dwg.pattern(id="hatch", size=(6, 6), patternUnits="userSpaceOnUse"))
    pattern.add(dwg.rect(insert=(0, 0), size=(6, 6), fill=GUARD_COLOUR))
    pattern.add(dwg.line(start=(0, 6), end=(6, 0), stroke="#999", stroke_width=1))
    dwg.add(dwg.rect(insert=(0, 0), size=(width, height), fill="white"))

    dwg.add(dwg.text(f"Memory map of {live['board']} as the live tables say ({live['format']})",
                     insert=(20, 30), font_size=18, font_family=FONT, font_weight="bold"))
    dwg.add(dwg.text("Not to scale: a band's height grows with log2 of its size; unmapped "
                     "stretches are collapsed (dashed). Addresses grow downward.",
                     insert=(20, 52), font_size=12, font_family=FONT, fill="#444"))
    dwg.add(dwg.text("virtual", insert=(VA_X + COL_W / 2, TOP - 12), font_size=15,
                     font_family=FONT, font_weight="bold", text_anchor="middle"))
    dwg.add(dwg.text("physical", insert=(PA_X + COL_W / 2, TOP - 12), font_size=15,
                     font_family=FONT, font_weight="bold", text_anchor="middle"))
    legend(dwg, 20, 76)

    pa_of = {}
    for p in pa_bands:
        if p["kind"] == "map":
            for u in p["users"]:
                pa_of.setdefault(id(u), []).append(p)

    ribbons = dwg.add(dwg.g(class_="ribbons"))
    groups = {}
    for b in va_bands:
        if b["kind"] != "map":
            draw_band(dwg, dwg, VA_X, b, b["name"] if b["kind"] == "guard" else
                      "unmapped, %s" % size_text(b["size"]), "" if b["kind"] == "gap" else
                      "---  " + size_text(b["size"]))
            address(dwg, VA_X - 6, b["y"], b["va"], "end")
            continue
        g = groups.get(b["range"])
        if g is None:
            g = groups[b["range"]] = dwg.add(dwg.g(class_="range"))
            g.set_desc(title=live["ranges"][b["range"]]["line"])
        draw_band(dwg, g, VA_X, b, b["name"], f"{b['prot']}  {size_text(b['size'])}")
        address(dwg, VA_X - 6, b["y"], b["va"], "end")
        targets = pa_of[id(b)]
        top, bottom = targets[0]["y"], targets[-1]["y"] + targets[-1]["h"]
        ribbons.add(dwg.polygon(
            [(VA_X + COL_W, b["y"]), (PA_X, top), (PA_X, bottom), (VA_X + COL_W, b["y"] + b["h"])],
            fill=COLOURS.get(b["type"], COLOURS["other"]), fill_opacity=0.35,
            stroke="#777", stroke_width=0.4))

    for p in pa_bands:
        if p["kind"] == "gap":
            draw_band(dwg, dwg, PA_X, p, "not mapped, %s" % size_text(p["size"]), "")
        else:
            names = []
            for u in p["users"]:
                if u["name"] not in names:
                    names.append(u["name"])
            ram = live["ram"]
            where = "RAM" if ram["base"] <= p["pa"] < ram["base"] + ram["size"] else "I/O"
            draw_band(dwg, dwg, PA_X, p, f"{where}: " + ", ".join(names), size_text(p["size"]))
        address(dwg, PA_X + COL_W + 6, p["y"], p["pa"], "start")
    last_va, last_pa = va_bands[-1], pa_bands[-1] if pa_bands else None
    address(dwg, VA_X - 6, last_va["y"] + last_va["h"], 0xffffffff, "end")
    if last_pa:
        address(dwg, PA_X + COL_W + 6, last_pa["y"] + last_pa["h"],
                last_pa["pa"] + last_pa["size"] - 1, "start")
    dwg.save(pretty=True)


def legend(dwg, x, y):
    items = [(COLOURS[t], t) for t in ("normal", "normal-nc", "device", "strongly-ordered")]
    items += [("url(#hatch)", "guard page (unmapped)"), (GAP_COLOUR, "unmapped, collapsed")]
    for colour, name in items:
        dwg.add(dwg.rect(insert=(x, y - 10), size=(14, 12), fill=colour, stroke="#555",
                         stroke_width=0.6))
        dwg.add(dwg.text(name, insert=(x + 19, y), font_size=12, font_family=FONT))
        x += 32 + 7.2 * len(name)
    dwg.add(dwg.text("labels: name, permissions (r w x; u = unprivileged), size",
                     insert=(x + 10, y), font_size=12, font_family=FONT, fill="#444"))
