"""`AwsError`: what handlers raise; only the protocol layer renders it.

A handler raises `AwsError("QueueDoesNotExist", "The specified queue does not
exist.")`, or a subclass. The code should be one the model declares for the
operation (or a common AWS error); the protocol layer then takes the HTTP
status and the query-compatible code from the model's error shape, so handlers
never repeat what the model already says. `status` given here wins over the model.
Extra members of the error shape (S3's `BucketName`, DynamoDB's
`CancellationReasons`) go in `fields`.
"""

from __future__ import annotations

from typing import Any


class AwsError(Exception):
    code: str = "InternalFailure"
    status: int | None = None
    sender_fault: bool = True

    def __init__(
        self,
        code: str | None = None,
        message: str = "",
        *,
        status: int | None = None,
        sender_fault: bool | None = None,
        headers: dict[str, str] | None = None,
        **fields: Any,
    ) -> None:
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        if sender_fault is not None:
            self.sender_fault = sender_fault
        self.message = message
        self.headers = headers or {}
        self.fields = fields
        super().__init__(f"{self.code}: {message}")


class ValidationError(AwsError):
    """Input that breaks the model's constraints. Protocols rename it per service
    (`ValidationException`, `ValidationError`, `InvalidParameterValue`, ...)."""

    code = "ValidationException"
    status = 400


class NotImplementedYet(AwsError):
    """An operation the model has and cumulo does not implement yet."""

    code = "NotImplemented"
    status = 501
    sender_fault = False

    def __init__(self, service: str, operation: str, whole_service: bool = False) -> None:
        # Says where to see what is implemented: newcomers meet this error first.
        if whole_service:
            message = (f"Service {service} is not implemented in cumulo yet (operation {operation}). "
                       "GET /_cumulo/health lists the services cumulo implements; docs/coverage.md, every operation.")
        else:
            message = (f"The operation {operation} of service {service} is not implemented in cumulo yet. "
                       "docs/coverage.md lists every operation implemented; GET /_cumulo/health, the services.")
        super().__init__(message=message)
        self.service, self.operation = service, operation


class InternalFailure(AwsError):
    code = "InternalFailure"
    status = 500
    sender_fault = False


class UnknownOperation(AwsError):
    code = "UnknownOperationException"
    status = 400


class ModelledError(AwsError):
    """Base of the generated per-service error classes (`cumulo.generated.<svc>`):
    the code is the class's, so the first argument is the message."""

    def __init__(self, message: str = "", **fields: Any) -> None:
        super().__init__(None, message, **fields)
