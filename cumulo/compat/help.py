"""What a newcomer asks first: which settings exist (`cumulo --help`) and which services
are implemented (`cumulo services`), both read from the code so they never go stale."""

from __future__ import annotations

import inspect
import re
import textwrap
from dataclasses import MISSING, fields

from cumulo.config import Config

_FIELD = re.compile(r"^\s+(\w+)\s*:\s*[\w| ]+=\s*(.+?)\s*(?:#\s*(.*))?$")


def _descriptions() -> dict[str, str]:
    """Each setting's comment in config.py (the one on its line, else the lines above it)."""
    out: dict[str, str] = {}
    above: list[str] = []
    for line in inspect.getsource(Config).splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            above.append(stripped.lstrip("#").strip())
            continue
        m = _FIELD.match(line)
        if m is not None:
            text = m.group(3) or " ".join(above)
            out[m.group(1)] = re.sub(r"^CUMULO_\w+\s*:?\s*", "", text)
        above = []
    return out


def settings_help(width: int = 100) -> str:
    """Every setting: its variable, its default and what it does."""
    described = _descriptions()
    lines = ["settings (environment variables; a flag, where there is one, wins):"]
    for f in fields(Config):
        default = f.default if f.default is not MISSING else ""
        shown = {True: "1", False: "0"}.get(default, default) if isinstance(default, bool) else default
        lines.append(f"  CUMULO_{f.name.upper()} (default: {shown if shown != '' else 'unset'})")
        text = described.get(f.name, "")
        if text:
            lines += textwrap.wrap(text, width, initial_indent="      ", subsequent_indent="      ")
    return "\n".join(lines)


def services_table() -> str:
    """The services cumulo implements and how many of each one's operations."""
    from cumulo.conformance.coverage import coverage, implemented_services
    from cumulo.protocol.models import service_model

    found, _ = implemented_services()
    rows = [("service", "name", "operations")]
    for service in found:
        row = coverage(service)
        full = service_model(service.name).metadata.get("serviceFullName", service.name)
        rows.append((full, service.name, f"{len(row.implemented)}/{row.total}"))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append("")
    lines.append("Every operation, with its conformance results: docs/coverage.md. A running server: GET /_cumulo/health.")
    return "\n".join(lines)
