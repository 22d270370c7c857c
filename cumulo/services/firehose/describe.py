"""Delivery stream descriptions, from the configurations clients wrote, driven by the model.

A destination is stored as its create configuration (`ExtendedS3DestinationConfiguration`
members); its description (`ExtendedS3DestinationDescription`) has the same members
under a few other names (`S3BackupConfiguration` -> `S3BackupDescription`,
`S3Configuration` -> `S3DestinationDescription`), drops what AWS never reads back
(an HTTP endpoint's `AccessKey`), and fills the defaults AWS reports (buffering
hints, compression, encryption). Updates (`...DestinationUpdate`) merge into the
stored configuration under the same renames.
"""

from __future__ import annotations

import typing
from functools import cache
from typing import Any, is_typeddict

from cumulo.generated import firehose as wire

# description member -> the configuration member it comes from, where the names differ
_FROM_CONFIG = {"S3BackupDescription": "S3BackupConfiguration", "S3DestinationDescription": "S3Configuration"}
# update member -> configuration member, where the names differ
_FROM_UPDATE = {"S3BackupUpdate": "S3BackupConfiguration", "S3Update": "S3Configuration"}
S3_DEFAULTS: dict[str, Any] = {
    "BufferingHints": {"SizeInMBs": 5, "IntervalInSeconds": 300},
    "CompressionFormat": "UNCOMPRESSED",
    "EncryptionConfiguration": {"NoEncryptionConfig": "NoEncryption"},
}
HTTP_DEFAULTS: dict[str, Any] = {"BufferingHints": {"SizeInMBs": 5, "IntervalInSeconds": 300}, "RequestConfiguration": {"ContentEncoding": "NONE"}, "RetryOptions": {"DurationInSeconds": 300}}


def defaults_for(kind: str) -> dict[str, Any]:
    defaults: dict[str, dict[str, Any]] = {"ExtendedS3": S3_DEFAULTS, "S3": S3_DEFAULTS, "HttpEndpoint": HTTP_DEFAULTS}
    return defaults.get(kind, {})


def with_defaults(kind: str, config: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {**defaults_for(kind), **config}
    for nested in ("S3Configuration", "S3BackupConfiguration"):
        if isinstance(out.get(nested), dict):
            out[nested] = {**S3_DEFAULTS, **out[nested]}
    if kind in ("ExtendedS3", "S3") and isinstance(out.get("BufferingHints"), dict):
        out["BufferingHints"] = {**S3_DEFAULTS["BufferingHints"], **out["BufferingHints"]}
    return out


def description_of(kind: str, config: dict[str, Any]) -> dict[str, Any]:
    """A stored `<kind>DestinationConfiguration` as `<kind>DestinationDescription`."""
    return describe(getattr(wire, f"{kind}DestinationDescription"), with_defaults(kind, config))


@cache
def _members(typed: type) -> dict[str, Any]:
    # The generated TypedDicts are the model's shapes: member name -> Python type.
    return typing.get_type_hints(typed)


def describe(typed: Any, value: Any) -> Any:
    """`value` reshaped to the generated type `typed`: the members it has, under its names."""
    if is_typeddict(typed):
        if not isinstance(value, dict):
            return None
        out = {}
        for name, member in _members(typed).items():
            item = value.get(name, value.get(_FROM_CONFIG.get(name, ""), None))
            if item is None:
                continue
            described = describe(member, item)
            if described is not None:
                out[name] = described
        return out
    origin = typing.get_origin(typed)
    if origin is list:
        (inner,) = typing.get_args(typed)
        return [describe(inner, v) for v in value] if isinstance(value, list) else None
    if origin is dict:
        _, inner = typing.get_args(typed)
        return {k: describe(inner, v) for k, v in value.items()} if isinstance(value, dict) else None
    return value


def merge_update(config: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    """The configuration after an update: nested structures merge, other members replace."""
    out = dict(config)
    for name, value in update.items():
        target = _FROM_UPDATE.get(name, name)
        if isinstance(value, dict) and isinstance(out.get(target), dict) and target not in ("ProcessingConfiguration",):
            out[target] = merge_update(out[target], value)
        else:
            out[target] = value
    return out
