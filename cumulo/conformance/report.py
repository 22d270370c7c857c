"""The conformance summary line, counted from pytest reports (works across xdist workers).

Each conformance test puts `("conformance", json)` into its report's
`user_properties`; xdist sends those to the controller with the report, where
`summary_lines(terminalreporter.stats)` adds them up.
"""

from __future__ import annotations

import json
from typing import Any


def summary_lines(stats: dict[str, list[Any]]) -> list[str]:
    passed = total = expected = 0
    services: set[str] = set()
    operations = 0
    for reports in stats.values():
        for report in reports:
            if getattr(report, "when", "") != "call":
                continue
            for key, value in getattr(report, "user_properties", ()):
                if key != "conformance":
                    continue
                data = json.loads(value)
                passed += data["passed"]
                total += data["total"]
                expected += data.get("expected_failures", 0)
                services.add(data["service"])
                operations += 1
    if not operations:
        return []
    line = f"conformance: {passed}/{total} variants passed across {len(services)} services, {operations} operations"
    if expected:
        line += f" ({expected} expected failures, listed in cumulo/conformance/expected_failures.json)"
    return [line]
