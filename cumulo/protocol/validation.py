"""Input validation from the model's constraints."""

from __future__ import annotations

from typing import Any

from botocore.model import OperationModel


def validate(operation: OperationModel, params: dict[str, Any], protocol: str) -> None:
    raise NotImplementedError("validate")
