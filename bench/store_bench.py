"""Commit throughput of the state backends: commits/s and entities/s.

    python bench/store_bench.py [--seconds 2]

For each backend (memory; SQLite WAL with synchronous NORMAL and FULL) it
times commits of 1 changed entity and of 100 changed entities, each entity a
small slotted dataclass shaped like a queue or an object's metadata. Numbers
depend on the disk (FULL is bound by fsync latency); compare runs on one machine.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cumulo.state import MemoryStore, Store  # noqa: E402
from cumulo.state.sqlite import SqliteStore  # noqa: E402


@dataclass(slots=True)
class Entity:
    name: str
    created: datetime
    attributes: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


def entity(i: int) -> Entity:
    return Entity(
        name=f"entity-{i}",
        created=datetime.now(timezone.utc),
        attributes={"VisibilityTimeout": "30", "DelaySeconds": "0", "Policy": "x" * 100},
        body=b"y" * 200,
    )


def run(store: Store, batch: int, seconds: float) -> tuple[float, float]:
    table = store.scope("bench", "000000000000", "us-east-1").table("entities")
    commits = 0
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        for j in range(batch):
            table[f"k{(commits * batch + j) % 10_000}"] = entity(j)
        store.commit()
        commits += 1
        if commits % 16 == 0 and time.perf_counter() > deadline:
            break
    elapsed = time.perf_counter() - start
    return commits / elapsed, commits * batch / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=2.0, help="time per measurement")
    args = parser.parse_args()

    rows = []
    with tempfile.TemporaryDirectory(prefix="cumulo-bench-") as tmp:
        backends = [
            ("memory", lambda d: MemoryStore()),
            ("sqlite WAL NORMAL", lambda d: SqliteStore(d, durability="normal")),
            ("sqlite WAL FULL", lambda d: SqliteStore(d, durability="full")),
        ]
        for n, (label, make) in enumerate(backends):
            for batch in (1, 100):
                store = make(Path(tmp) / f"{n}-{batch}")
                try:
                    rows.append((label, batch, *run(store, batch, args.seconds)))
                finally:
                    store.close()

    print(f"{'backend':<20} {'entities/commit':>15} {'commits/s':>12} {'entities/s':>12}")
    for label, batch, commits, entities in rows:
        print(f"{label:<20} {batch:>15} {commits:>12,.0f} {entities:>12,.0f}")


if __name__ == "__main__":
    main()
