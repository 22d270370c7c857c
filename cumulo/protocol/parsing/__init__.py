"""Request parsing, one module per wire protocol."""

from __future__ import annotations

from typing import Any

from botocore.model import OperationModel

from cumulo.core.http import Request


def parse(request: Request, operation: OperationModel, protocol: str, uri_params: dict[str, str] | None = None) -> dict[str, Any]:
    raise NotImplementedError("parse")
