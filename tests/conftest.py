"""Suite-wide hooks: the protocol vector and conformance counts in the closing summary.

Counted from the test reports on the controller, so the lines are right with
pytest-xdist too (module state in a worker never reaches the controller).
"""

from __future__ import annotations

from typing import Any

from cumulo.conformance.report import summary_lines

VECTOR_SUITES = {
    "protocol input vectors": "test_input_vectors.py::",
    "protocol output vectors": "test_output_vectors.py::",
}


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for label, marker in VECTOR_SUITES.items():
        counts = {"passed": 0, "failed": 0, "skipped": 0}
        for outcome in counts:
            for report in terminalreporter.stats.get(outcome, []):
                if marker in getattr(report, "nodeid", "") and (report.when == "call" or outcome == "skipped"):
                    counts[outcome] += 1
        if sum(counts.values()):
            terminalreporter.write_line(f"{label}: {counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped (botocore's ignore list)")
    for line in summary_lines(terminalreporter.stats):
        terminalreporter.write_line(line)
