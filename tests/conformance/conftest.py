"""The closing `conformance: N/N variants passed across S services, O operations` line.

Counted from the reports' user properties, so it is right under pytest-xdist
when this conftest is loaded on the controller (`pytest tests/conformance`);
`cumulo.conformance.report` holds the counting for a suite-wide conftest to call.
"""

from __future__ import annotations

from typing import Any

from cumulo.conformance.report import summary_lines


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for line in summary_lines(terminalreporter.stats):
        terminalreporter.write_line(line)
