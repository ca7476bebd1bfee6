#!/usr/bin/env python3
"""The bench's attributions, on made-up inputs (TAP).

measure.step_counts(): a step is a call boot_c made: its call instruction
ran, and the time from the previous step's return to its own return is its
own. A return address that was reached by a branch over a call that did
not run is no step.

measure.text_by_part(): each input section of the link map counts for the
part of the tree its file is in, up to where the next one starts; fill and
the page padding after the last one count as padding.
"""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from measure import step_counts, text_by_part  # noqa: E402
from qemu_trace import BenchError  # noqa: E402


class FakeTrace:
    """hits(pc): the instruction indices at which pc ran."""

    def __init__(self, hits):
        self._hits = hits

    def hits(self, pc):
        return self._hits.get(pc, [])


# boot_c's calls: (call PC, return PC, callee), in code order.
STEPS = [(0x10, 0x14, "mmu_init"), (0x20, 0x24, "printf"), (0x24, 0x28, "device_init"),
         (0x30, 0x34, "main")]


def case_steps_add_up():
    # MMU on at 100; mmu_init returns at 150, the printf is skipped (its
    # return address 0x24 is where the branch over it lands, at 152),
    # device_init is called at 153 and returns at 900; the prompt at 1000.
    t = FakeTrace({0x10: [10], 0x14: [150], 0x24: [152, 900], 0x20: [],
                   0x28: [900], 0x30: [901]})
    steps, main_start = step_counts(t, STEPS, 100, 1000)
    assert steps == [["mmu_init", 50], ["device_init", 750], ["main", 100]], steps
    assert main_start == 900, main_start


def case_a_skipped_call_is_no_step():
    t = FakeTrace({0x10: [10], 0x14: [150], 0x24: [152], 0x28: [900], 0x30: [901]})
    steps, _ = step_counts(t, STEPS, 100, 1000)
    assert "printf" not in [name for name, _ in steps], steps


def case_a_call_made_is_a_step():
    # printf is called at 151 and returns at 400, where device_init's call is.
    t = FakeTrace({0x10: [10], 0x14: [150], 0x20: [151], 0x24: [400], 0x28: [900],
                   0x30: [901]})
    steps, _ = step_counts(t, STEPS, 100, 1000)
    assert steps == [["mmu_init", 50], ["printf", 250], ["device_init", 500],
                     ["main", 100]], steps


def case_steps_before_the_mmu_are_not_counted():
    t = FakeTrace({0x10: [10], 0x14: [50], 0x24: [52, 900], 0x28: [900], 0x30: [901]})
    steps, _ = step_counts(t, STEPS, 100, 1000)
    assert steps == [["device_init", 800], ["main", 100]], steps
    assert sum(n for _, n in steps) == 1000 - 100


# A link map in GNU ld's layout: a one-line and a two-line input section,
# fill, merged strings listed at their size before merging (overlapping the
# next), a stub section listed shorter than it grew, and page padding.
MAP = """Discarded input sections

 .text.gone     0x00000000       0x40 build/b/obj/src/mmu/dropped.o

Linker script and memory map

.text           0x00001000     0x1000
 .text.boot     0x00001000      0x100 build/b/obj/src/boot/entry.o
 .text.a_long_function_name
                0x00001100      0x200 build/b/obj/src/mmu/pgtable.o
 *fill*         0x00001300        0x4 
 .text.__stub   0x00001304       0x10 linker stubs
 .text.main     0x00001400       0x80 build/b/obj/src/main.o
                0x00002000                        . = ALIGN (PAGE_SIZE)
 *fill*         0x00001480      0xb80 

.rodata         0x00002000      0x100
 .rodata.str1.1
                0x00002000       0x90 build/b/obj/src/lib/fmt.o
 .rodata.str1.1
                0x00002080       0x80 /usr/lib/libc_nano.a(lib_a-x.o)

.data           0x00003000       0x10
 .data          0x00003000       0x10 build/b/obj/src/mmu/pgtable.o
"""


def parts_of(text):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "firmware.map")
        with open(path, "w") as f:
            f.write(text)
        return text_by_part(path)


def case_text_parts_follow_the_files():
    p = parts_of(MAP)
    want = {"src/boot": 0x100, "src/mmu": 0x200, "alignment and page padding": 0x4 + 0xb80,
            "interworking veneers (linker stubs)": 0xfc, "src/main.c": 0x80,
            "src/lib": 0x80, "newlib and libgcc": 0x80}
    assert p == want, p


def case_text_parts_add_up_to_the_sections():
    assert sum(parts_of(MAP).values()) == 0x1000 + 0x100


def case_discarded_sections_and_data_are_not_text():
    p = parts_of(MAP)
    assert p.get("src/mmu") == 0x200, p     # not the discarded 0x40, not .data's 0x10


CASES = [case_steps_add_up, case_a_skipped_call_is_no_step, case_a_call_made_is_a_step,
         case_steps_before_the_mmu_are_not_counted, case_text_parts_follow_the_files,
         case_text_parts_add_up_to_the_sections, case_discarded_sections_and_data_are_not_text]


def main():
    print(f"1..{len(CASES)}")
    failed = 0
    for i, case in enumerate(CASES, 1):
        name = case.__name__[len("case_"):].replace("_", " ")
        try:
            case()
            print(f"ok {i} - {name}")
        except (AssertionError, BenchError) as e:
            failed += 1
            print(f"not ok {i} - {name}\n# {e}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
