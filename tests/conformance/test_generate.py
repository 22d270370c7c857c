"""The generator: deterministic, and its positive values satisfy the model's constraints."""

from __future__ import annotations

import random

import pytest

from cumulo.conformance import patterns
from cumulo.conformance.generate import Generator, Hints
from cumulo.protocol.models import service_model
from cumulo.protocol.validation import validate

SERVICES = ["sts", "sqs", "s3", "dynamodb", "lambda", "iam"]


@pytest.mark.parametrize("service", SERVICES)
def test_the_same_seed_gives_the_same_variants(service: str) -> None:
    ops = service_model(service).operation_names[:15]
    first = [(v.name, repr(v.params)) for op in ops for v in Generator(service, 7).variants(op)]
    again = [(v.name, repr(v.params)) for op in ops for v in Generator(service, 7).variants(op)]
    other = [(v.name, repr(v.params)) for op in ops for v in Generator(service, 8).variants(op)]
    assert first == again
    assert first != other


@pytest.mark.parametrize("service", SERVICES)
def test_positive_variants_pass_the_servers_own_validation(service: str) -> None:
    """Every positive variant is valid input (unless its pattern can't be derived), every negative invalid."""
    model = service_model(service)
    gen = Generator(service, 0, Hints())
    protocol = model.protocol
    for name in model.operation_names:
        op = model.operation_model(name)
        for variant in gen.variants(name):
            if variant.name.startswith("unicode:") or variant.name.startswith(("min:", "max:")):
                continue  # a pattern-bound member may have no value of that length or alphabet
            try:
                validate(op, variant.params, protocol)
                ok = True
            except Exception:  # noqa: BLE001
                ok = False
            if variant.negative:
                assert not ok, f"{service} {variant} passed validation"
            else:
                assert ok, f"{service} {variant} failed validation: {variant.params!r:.300}"


@pytest.mark.parametrize(
    ("pattern", "low", "high"),
    [
        (r"[\w+=,.@-]+", 2, 64),
        (r"arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+", 20, 2048),
        (r"[\p{L}\p{Z}\p{N}_.:/=+\-@]*", 0, 128),
        (r"^(?!\s*$).+", 1, 50),
        (r"(|[a-zA-Z0-9$_-]+)", 1, 128),
        (r"([0-9a-f]{16})+", 112, 1024),
        (r"[\w-_]*", 0, 10),
    ],
)
def test_strings_match_their_pattern_at_every_length_asked(pattern: str, low: int, high: int) -> None:
    rng = random.Random(0)
    rx = patterns.compiled(pattern)
    assert rx is not None
    for target in (low, (low + high) // 2, high):
        value = patterns.string_for(pattern, rng, low, high, target)
        assert value is not None and rx.fullmatch(value) and low <= len(value) <= high, (pattern, target, value)
    unicode = patterns.string_for(r"[\p{L}\p{Z}\p{N}_.:/=+\-@]*", rng, 1, 20, non_ascii=True)
    assert unicode and not unicode.isascii()


def test_variants_cover_enums_lengths_sizes_and_negatives() -> None:
    names = {v.name for v in Generator("sqs").variants("ReceiveMessage")} | {v.name for v in Generator("sts").variants("AssumeRole")}
    assert {"required", "all", "neg:missing:QueueUrl", "size0:AttributeNames", "size3:AttributeNames"} <= names
    assert {"min:RoleSessionName", "max:RoleSessionName", "unicode:RoleArn", "neg:short:RoleSessionName", "neg:long:RoleSessionName"} <= names
    assert {"min:DurationSeconds", "max:DurationSeconds", "neg:low:DurationSeconds", "neg:high:DurationSeconds", "min:Tags[0].Key"} <= names
    enums = {v.name for v in Generator("sqs").variants("ReceiveMessage") if v.name.startswith("enum:")}
    assert {"enum:MessageSystemAttributeNames=SenderId", "enum:AttributeNames=All"} <= enums
