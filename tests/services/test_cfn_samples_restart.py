"""Every provider's resources in the sample templates survive a restart with --data-dir,
and deleting them leaves nothing behind after another restart (through the providers
alone; the CloudFormation service's own tests do the same with real stacks)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cumulo.config import Config
from cumulo.core.errors import AwsError
from cumulo.services import resource_types
from cumulo.testing import CumuloServer
from tests.services.sample_stack import SAMPLES, Deployed, load

SAMPLE_NAMES = sorted(p.name for p in SAMPLES.glob("*.yaml"))


def _reads(server: CumuloServer, stack: Deployed) -> dict[str, Any]:
    """What each readable resource reads back as, or the error code it reads with."""
    out: dict[str, Any] = {}
    for logical, (ctx, made, props) in stack.made.items():
        read = resource_types()[stack.template["Resources"][logical]["Type"]].read
        if read is None:
            continue
        ctx.runtime = server.runtime

        async def one(read: Any = read, pid: str = made.physical_id, props: dict[str, Any] = props, ctx: Any = ctx) -> Any:
            try:
                return await read(ctx, pid, props)
            except AwsError as e:
                return e.code

        out[logical] = server.run(one())
    return out


@pytest.mark.parametrize("sample", SAMPLE_NAMES)
def test_sample_survives_restart_and_leaves_nothing(sample: str, tmp_path: Path) -> None:
    template = load(sample)
    if missing := {r["Type"] for r in template["Resources"].values()} - resource_types().keys():
        pytest.skip(f"the sample also needs {sorted(missing)} (another service's providers)")
    config = Config(log_level="warning", data_dir=str(tmp_path))
    first = CumuloServer(config).start()
    try:
        stack = Deployed(first, template).create()
        before = _reads(first, stack)
    finally:
        first.stop()
    assert before and not any(isinstance(v, str) for v in before.values()), before

    second = CumuloServer(Config(log_level="warning", data_dir=str(tmp_path))).start()
    try:
        assert _reads(second, stack) == before
        stack.cumulo = second
        for ctx, _, _ in stack.made.values():
            ctx.runtime = second.runtime
        stack.delete()
    finally:
        second.stop()

    third = CumuloServer(Config(log_level="warning", data_dir=str(tmp_path))).start()
    try:
        after = _reads(third, stack)
        assert all(isinstance(v, str) for v in after.values()), after  # each read now fails: gone
    finally:
        third.stop()
