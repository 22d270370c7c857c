"""scripts/update_models.py: the pins it rewrites and the versions it reads from pip's resolution."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parent.parent / "scripts" / "update_models.py"
_spec = importlib.util.spec_from_file_location("update_models", _PATH)
assert _spec is not None and _spec.loader is not None
update_models = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(update_models)


def test_pins_are_read_and_moved_in_place() -> None:
    text = _PATH.parent.parent.joinpath("pyproject.toml").read_text()
    pins = update_models.current_pins(text)
    assert set(pins) == {"botocore", "boto3", "awscli"}
    moved = update_models.with_pins(text, {"botocore": "9.9.9", "boto3": "9.9.8", "awscli": "9.9.7"})
    assert update_models.current_pins(moved) == {"botocore": "9.9.9", "boto3": "9.9.8", "awscli": "9.9.7"}
    assert moved.replace("9.9.9", pins["botocore"]).replace("9.9.8", pins["boto3"]).replace("9.9.7", pins["awscli"]) == text
    with pytest.raises(SystemExit):
        update_models.with_pins('"botocore==1"', {"boto3": "2"})


def test_versions_come_from_pips_report() -> None:
    report = {"install": [{"metadata": {"name": name, "version": version}} for name, version in
                          (("boto3", "1.44.8"), ("botocore", "1.44.8"), ("awscli", "1.46.3"), ("jmespath", "1.0.1"))]}
    assert update_models.versions_in_report(report) == {"botocore": "1.44.8", "boto3": "1.44.8", "awscli": "1.46.3"}
    with pytest.raises(SystemExit):
        update_models.versions_in_report({"install": []})
