#!/usr/bin/env python3
"""Move cumulo to the newest AWS models in one command.

    python scripts/update_models.py              # newest boto3 with its botocore, newest AWS CLI v1
    python scripts/update_models.py --dry-run    # say what would change, change nothing
    python scripts/update_models.py --awscli 1.46.3

pip resolves the newest `boto3` with the `botocore` it requires, and the newest
`awscli` (which now carries its own copy of botocore, so it no longer holds botocore
back), without installing anything; then this script

1. rewrites the `botocore==`, `boto3==` and `awscli==` pins in pyproject.toml,
2. installs exactly those versions,
3. regenerates what is derived from the models, each in a fresh interpreter so the
   new botocore is the one read: the wire types (`python -m cumulo.codegen`), the
   router's model index (`python -m cumulo.protocol.models`) and the coverage page
   with the README's services table (`cumulo coverage`).

Then run the conformance tests (`CUMULO_CONFORMANCE=full pytest tests/conformance`)
for the services whose models changed, and fix what the new members need.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
PINNED = ("botocore", "boto3", "awscli")
REGENERATE = (
    ["-m", "cumulo.codegen"],
    ["-m", "cumulo.protocol.models"],
    ["-m", "cumulo.cli", "coverage"],
)


def resolve(awscli: str | None) -> dict[str, str]:
    """The versions pip would install for the newest (or the given) AWS CLI and a boto3 beside it."""
    wanted = [f"awscli=={awscli}" if awscli else "awscli", "boto3"]
    report = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
         "--disable-pip-version-check", "--report", "-", *wanted],
        check=True, capture_output=True, text=True,
    ).stdout
    return versions_in_report(json.loads(report))


def versions_in_report(report: dict) -> dict[str, str]:
    """The pinned packages' versions in a `pip install --report` document."""
    found = {item["metadata"]["name"].lower(): item["metadata"]["version"] for item in report.get("install", [])}
    missing = [name for name in PINNED if name not in found]
    if missing:
        raise SystemExit(f"pip's resolution has no {', '.join(missing)}")
    return {name: found[name] for name in PINNED}


def current_pins(text: str) -> dict[str, str]:
    return {name: m.group(1) for name in PINNED if (m := re.search(rf'"{name}==([^"]+)"', text))}


def with_pins(text: str, versions: dict[str, str]) -> str:
    """pyproject.toml's text with each `"<name>==..."` pin moved to `versions[name]`."""
    for name, version in versions.items():
        text, count = re.subn(rf'"{name}==[^"]+"', f'"{name}=={version}"', text)
        if count != 1:
            raise SystemExit(f"pyproject.toml should pin {name} exactly once (found {count})")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--awscli", help="this AWS CLI v1 version instead of the newest")
    parser.add_argument("--dry-run", action="store_true", help="print the versions, change nothing")
    parser.add_argument("--no-install", action="store_true", help="rewrite pins and regenerate, but install nothing")
    args = parser.parse_args(argv)

    text = PYPROJECT.read_text()
    before = current_pins(text)
    after = resolve(args.awscli)
    for name in PINNED:
        print(f"{name:9} {before.get(name, '?'):>10} -> {after[name]}")
    if args.dry_run:
        return 0
    PYPROJECT.write_text(with_pins(text, after))
    if not args.no_install:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        *(f"{name}=={version}" for name, version in after.items())], check=True)
    for command in REGENERATE:
        print("$ python", " ".join(command), flush=True)
        subprocess.run([sys.executable, *command], check=True, cwd=ROOT)
    print("Models updated; now run CUMULO_CONFORMANCE=full pytest tests/conformance for the services that changed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
