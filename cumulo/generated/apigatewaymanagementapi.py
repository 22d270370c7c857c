"""Wire types of AmazonApiGatewayManagementApi, generated from botocore's model: do not edit.

Regenerate with `python -m cumulo.codegen`.
"""

from datetime import datetime

from typing import Required, TypedDict

from cumulo.core.errors import ModelledError

OPERATIONS = ('DeleteConnection', 'GetConnection', 'PostToConnection')


class DeleteConnectionRequest(TypedDict, total=False):
    ConnectionId: Required[str]


class GetConnectionRequest(TypedDict, total=False):
    ConnectionId: Required[str]


class GetConnectionResponse(TypedDict, total=False):
    ConnectedAt: datetime
    Identity: "Identity"
    LastActiveAt: datetime


class PostToConnectionRequest(TypedDict, total=False):
    Data: Required[bytes]
    ConnectionId: Required[str]


class Identity(TypedDict, total=False):
    SourceIp: Required[str]
    UserAgent: Required[str]


class ForbiddenExceptionError(ModelledError):
    code = "ForbiddenException"
    status = 403


class GoneExceptionError(ModelledError):
    code = "GoneException"
    status = 410


class LimitExceededExceptionError(ModelledError):
    code = "LimitExceededException"
    status = 429


class PayloadTooLargeExceptionError(ModelledError):
    code = "PayloadTooLargeException"
    status = 413
