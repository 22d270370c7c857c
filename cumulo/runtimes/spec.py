"""What the Lambda service hands the executor, and what it gets back.

Plain values only: the service builds a `FunctionSpec` from its stored
configuration, the executor runs `Invocation`s against it and answers with an
`Outcome`. Nothing here knows the Lambda service's models, and nothing the
service stores holds a process.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True, slots=True)
class FunctionSpec:
    """Everything that shapes an execution environment of one function version."""

    function_arn: str  # unqualified
    name: str
    version: str  # "$LATEST" or a number
    runtime: str  # "python3.12", "nodejs20.x", "provided.al2023", ...
    handler: str
    code_dir: Path
    opt_dir: Path | None  # the layers, merged in order (AWS's /opt)
    environment: tuple[tuple[str, str], ...]
    memory_mb: int
    timeout: float  # seconds
    account: str
    region: str
    architecture: str = "x86_64"
    log_group: str = ""
    role: str = ""  # the execution role: environments run with its credentials
    # A container image function (PackageType=Image, docker executor only): its
    # image, and the ImageConfig overrides of its entry point, command and directory.
    image: str = ""
    entrypoint: tuple[str, ...] = ()
    command: tuple[str, ...] = ()
    workdir: str = ""
    # Credentials the engine pulls `image` with (X-Registry-Auth): an image in cumulo's ECR.
    # Left out of `key`: a fresh token must not make warm environments unreusable.
    registry_auth: str = field(default="", compare=False, repr=False)

    @property
    def key(self) -> str:
        """Warm environments are shared by invocations whose spec is the same."""
        digest = hashlib.sha256(repr(self).encode()).hexdigest()[:24]
        return f"{self.function_arn}:{self.version}:{digest}"


@dataclass(frozen=True, slots=True)
class Credentials:
    """An execution role's temporary credentials, as one environment holds them."""

    access_key_id: str
    secret_access_key: str
    session_token: str
    expiration: float  # epoch seconds on the cumulo clock

    def __repr__(self) -> str:  # never print a secret
        return f"Credentials({self.access_key_id}, expires {self.expiration:.0f})"


class Issuer(Protocol):
    """The service's source of credentials for the environments of a spec."""

    async def issue(self, spec: FunctionSpec) -> Credentials:
        """Credentials for a new environment (its execution role's)."""
        ...

    def honoured(self, credentials: Credentials) -> bool:
        """Whether credentials issued earlier are still known (a reset forgets them)."""
        ...


@dataclass(slots=True)
class Invocation:
    request_id: str
    payload: bytes
    invoked_arn: str
    client_context: str = ""  # base64 JSON, passed through
    cognito_identity: str = ""
    trace_id: str = ""
    # InvokeWithResponseStream: told each chunk of a streamed response as it arrives.
    on_chunk: Callable[[bytes], None] | None = None


@dataclass(slots=True)
class Outcome:
    """The result of one invocation."""

    payload: bytes
    error_type: str = ""  # set when the function failed (FunctionError: Unhandled): its errorType or our own
    logs: str = ""  # START ... REPORT, as CloudWatch would show them
    duration_ms: float = 0.0
    init_ms: float = 0.0  # cold start only
    cold: bool = False
    chunks: list[bytes] = field(default_factory=list)  # a streamed response, in order
    environment: str = ""  # the id of the environment that ran it (its log stream's suffix)
    max_memory_mb: int = 0

    @property
    def failed(self) -> bool:
        return bool(self.error_type)


class Throttled(Exception):
    """No environment may start: the function is at its concurrency limit."""


class Unsupported(Exception):
    """The executor cannot run this runtime here (a missing toolchain, say); the message says why."""
