#!/usr/bin/env python3
"""The boot-step attribution of measure.step_counts(), on made-up traces (TAP).

A step is a call boot_c made: its call instruction ran, and the time from
the previous step's return to its own return is its own. A return address
that was reached by a branch over a call that did not run is no step.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from measure import step_counts  # noqa: E402
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


CASES = [case_steps_add_up, case_a_skipped_call_is_no_step, case_a_call_made_is_a_step,
         case_steps_before_the_mmu_are_not_counted]


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
