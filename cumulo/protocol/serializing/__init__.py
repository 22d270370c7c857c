"""Response serializing, one module per wire protocol."""

from __future__ import annotations

from typing import Any

from botocore.model import OperationModel, ServiceModel

from cumulo.core.errors import AwsError
from cumulo.core.http import Response


def serialize(operation: OperationModel, result: dict[str, Any], protocol: str, request_id: str) -> Response:
    raise NotImplementedError("serialize")


def serialize_error(service: ServiceModel, operation: OperationModel | None, error: AwsError, protocol: str, request_id: str) -> Response:
    raise NotImplementedError("serialize_error")
