"""Dispatch from protocol name to the parser and serializer of that wire protocol."""

from __future__ import annotations

from typing import Any

from botocore.model import OperationModel, ServiceModel

from cumulo.core.errors import AwsError
from cumulo.core.http import Request, Response


def parse(request: Request, operation: OperationModel, protocol: str, uri_params: dict[str, str] | None = None) -> dict[str, Any]:
    raise NotImplementedError


def validate(operation: OperationModel, params: dict[str, Any]) -> None:
    raise NotImplementedError


def serialize(operation: OperationModel, result: dict[str, Any], protocol: str, request_id: str) -> Response:
    raise NotImplementedError


def serialize_error(service: ServiceModel, operation: OperationModel | None, error: AwsError, protocol: str, request_id: str) -> Response:
    raise NotImplementedError
