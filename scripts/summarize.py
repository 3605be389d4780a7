"""Sums the results of every suite into the one closing line CI reads: "N passed, N failed".

Reads what scripts/test.sh left in the results folder: pytest's JUnit XML, jest's --json
files and Playwright's JSON report. A suite that left no file counts as one failure, so a
crashed runner can never look green.
"""
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

EXPECTED = ["pytest.xml", "jest-unit.json", "jest-webgpu.json", "e2e.json"]


def pytest_counts(path: Path) -> tuple[int, int]:
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else list(root)
    tests = sum(int(s.get("tests", 0)) for s in suites)
    failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
    skipped = sum(int(s.get("skipped", 0)) for s in suites)
    return tests - failed - skipped, failed


def jest_counts(path: Path) -> tuple[int, int]:
    r = json.loads(path.read_text())
    failed = r["numFailedTests"] + r.get("numRuntimeErrorTestSuites", 0)
    return r["numPassedTests"], failed


def playwright_counts(path: Path) -> tuple[int, int]:
    s = json.loads(path.read_text())["stats"]
    return s.get("expected", 0) + s.get("flaky", 0), s.get("unexpected", 0)


def main(folder: str) -> int:
    out = Path(folder)
    passed = failed = 0
    for name in EXPECTED:
        path = out / name
        try:
            if name.endswith(".xml"):
                p, f = pytest_counts(path)
            elif name.startswith("jest"):
                p, f = jest_counts(path)
            else:
                p, f = playwright_counts(path)
        except (OSError, ValueError, KeyError, ET.ParseError) as err:
            print(f"{name}: no usable results ({err}); counted as a failure")
            p, f = 0, 1
        print(f"{name}: {p} passed, {f} failed")
        passed += p
        failed += f
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "test-results"))
