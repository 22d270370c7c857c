"""Paging tokens: opaque to clients, they name what kind of listing they continue and where."""

from __future__ import annotations

import base64
import binascii

from cumulo.core.errors import AwsError


def make(kind: str, *fields: str) -> str:
    return base64.b64encode("|".join((kind, *fields)).encode()).decode()


def read(token: str, kind: str, count: int) -> list[str]:
    """The `count` fields of a token of `kind`; InvalidArgumentException for anything else."""
    try:
        fields = base64.b64decode(token, validate=True).decode().split("|")
    except (ValueError, UnicodeDecodeError, binascii.Error):
        fields = []
    if len(fields) != count + 1 or fields[0] != kind:
        raise AwsError("InvalidArgumentException", f"Invalid NextToken: {token[:128]}")
    return fields[1:]
