"""What tests/run_tests.py records: the PASS/FAIL/SKIP lines, the closing
count, the JUnit XML file for CI, and the 'runs remaining' status line."""
import os
import sys
import time
import xml.etree.ElementTree as ET


class Results:
    """Counts, prints and keeps every case. A group is '<kind>' or
    '<kind> <board>' (the text after PASS/FAIL/SKIP); a case may name its
    board explicitly (the console's group is just 'console')."""

    def __init__(self, progress=None):
        self.passed = self.failed = self.skipped = 0
        self.cases = []         # dicts: kind, board, name, status, message, output, seconds
        self.progress = progress
        self.last = time.monotonic()

    def record(self, group, name, ok, detail="", skip=False, board=None, message=None,
               output=""):
        """One case. detail goes on the printed line; message (default: detail)
        and output (what the run printed) go into the JUnit failure."""
        kind, _, group_board = group.partition(" ")
        if skip:
            self.skipped += 1
            status, line = "SKIP", f"SKIP {group}: {name}{detail}"
        elif ok:
            self.passed += 1
            status, line = "PASS", f"PASS {group}: {name}"
        else:
            self.failed += 1
            status, line = "FAIL", f"FAIL {group}: {name}{': ' + detail if detail else ''}"
        now = time.monotonic()
        self.cases.append({"kind": kind, "board": board or group_board, "name": name,
                           "status": status,
                           "message": (detail if message is None else message).strip(" -:"),
                           "output": output, "seconds": now - self.last})
        self.last = now
        self.say(line)

    def say(self, text):
        """Print a line of the log, keeping the status line below it."""
        if self.progress:
            self.progress.clear()
        print(text)
        sys.stdout.flush()
        if self.progress:
            self.progress.show(self)

    @staticmethod
    def cases_in_junit(path):
        """How many cases the JUnit file of an earlier run holds, or None."""
        try:
            return int(ET.parse(path).getroot().get("tests"))
        except (OSError, ET.ParseError, TypeError, ValueError):
            return None

    def closing_line(self):
        tail = f", {self.skipped} skipped" if self.skipped else ""
        return f"{self.passed} passed, {self.failed} failed{tail}"

    def write_junit(self, path, seconds=None):
        """One <testsuite> per kind and board (e.g. 'target.virt'), one
        <testcase> per case; a FAIL carries its message and the run's output,
        a SKIP its reason. seconds: the whole run's wall time, the root's
        'time' (with a UTC 'timestamp'; make bench reports it)."""
        root = ET.Element("testsuites", name="make test", tests=str(len(self.cases)),
                          failures=str(self.failed), skipped=str(self.skipped))
        if seconds is not None:
            root.set("time", f"{seconds:.1f}")
            root.set("timestamp", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
        suites, counts = {}, {}
        for c in self.cases:
            name = f"{c['kind']}.{c['board']}" if c["board"] else c["kind"]
            if name not in suites:
                suites[name] = ET.SubElement(root, "testsuite", name=name)
                counts[name] = {"tests": 0, "failures": 0, "skipped": 0}
            suite, count = suites[name], counts[name]
            count["tests"] += 1
            case = ET.SubElement(suite, "testcase", classname=name, name=c["name"],
                                 time=f"{c['seconds']:.3f}")
            props = ET.SubElement(case, "properties")
            ET.SubElement(props, "property", name="kind", value=c["kind"])
            ET.SubElement(props, "property", name="board", value=c["board"] or "all")
            if c["status"] == "FAIL":
                count["failures"] += 1
                failure = ET.SubElement(case, "failure", message=c["message"] or "failed")
                failure.text = c["output"] or c["message"]
            elif c["status"] == "SKIP":
                count["skipped"] += 1
                ET.SubElement(case, "skipped", message=c["message"])
        for name, suite in suites.items():
            for k, v in counts[name].items():
                suite.set(k, str(v))
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        tmp = path + ".tmp"
        ET.ElementTree(root).write(tmp, encoding="utf-8", xml_declaration=True)
        os.replace(tmp, path)       # a reader never sees half a file


class Progress:
    """A status line on stderr, kept below the result lines: how many runs
    (test binaries, checks, images, console sessions) remain, and which one is
    running, and, when the last run's JUnit file says how many cases there
    were, about how many cases remain. Only for a terminal: a log gets no
    carriage returns."""

    def __init__(self, total, expected_cases=None):
        self.total = total
        self.expected = expected_cases
        self.done = 0
        self.current = ""
        self.shown = False

    def start(self, what, res):
        self.current = what
        self.show(res)

    def finish(self):
        self.done += 1

    def show(self, res):
        cases = (f"~{max(self.expected - len(res.cases), 0)} cases, "
                 if self.expected else "")
        text = (f"[{cases}{self.total - self.done} of {self.total} runs remaining, "
                f"{res.failed} failed so far] {self.current}")
        sys.stderr.write("\r\033[K" + text[:160])
        sys.stderr.flush()
        self.shown = True

    def clear(self):
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
            self.shown = False
