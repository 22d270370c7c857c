"""Crash durability: every commit that returned survives a SIGKILL of the process.

A child process commits one entity (and one blob it references) at a time,
printing the key after `commit()` returns; the parent kills it with SIGKILL
while it is still writing, reopens the data dir and checks every printed key.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cumulo.state.sqlite import SqliteStore

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent(
    """
    import sys
    from cumulo.state.sqlite import SqliteStore

    store = SqliteStore(sys.argv[1], durability=sys.argv[2])
    table = store.scope("s3", "000000000000", "us-east-1").table("objects")
    for i in range(1_000_000):
        key = f"k{i:07d}"
        ref = store.blobs.write_bytes(key.encode() * 100, service="s3")
        table[key] = {"i": i, "ref": ref}
        if i and i % 3 == 0:  # some deletes too, blob with it
            old = f"k{i - 1:07d}"
            store.blobs.delete(table[old]["ref"])
            del table[old]
        store.commit()
        print(key, flush=True)
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("durability", ["normal", "full"])
def test_committed_writes_survive_sigkill(tmp_path, durability):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(tmp_path), durability], stdout=subprocess.PIPE, env=env, text=True
    )
    printed = []
    try:
        assert child.stdout is not None
        while len(printed) < 300:
            line = child.stdout.readline()
            assert line, f"child ended early with {child.wait()}"
            printed.append(line.strip())
        child.send_signal(signal.SIGKILL)
        rest, _ = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    # A key printed in full (newline included) was committed before printing.
    lines = rest.split("\n")
    printed += [line for line in lines[:-1] if line]

    store = SqliteStore(tmp_path)
    try:
        table = store.scope("s3", "000000000000", "us-east-1").table("objects")
        for key in printed:
            i = int(key[1:])
            if (i + 1) % 3 == 0:  # the next commit deletes it
                if f"k{i + 1:07d}" in printed:
                    assert key not in table
                    continue
                if key not in table:  # that commit happened; its print did not
                    continue
            ref = table[key]["ref"]
            body = store.blobs.read_bytes(ref)
            assert body == key.encode() * 100
            assert hashlib.md5(body).hexdigest() == ref.md5
        # Blobs of deleted entities are gone, even one whose unlink the kill
        # interrupted (reopening finishes it). At most one orphan remains: the
        # blob written for a commit that never happened.
        live = {entity["ref"].id for entity in table.values()}
        assert len(set(store.blobs.ids()) - live) <= 1
    finally:
        store.close()

