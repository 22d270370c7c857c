"""LocalStack's environment variables that have a meaning in cumulo, read with a one-line notice.

    PERSISTENCE=1          state persists: in CUMULO_DATA_DIR, else /var/lib/localstack when it
                           exists (LocalStack's volume), else the user's cache
    GATEWAY_LISTEN         host:port (the first of a comma list) to listen on
    LOCALSTACK_HOST        a host other than localhost.localstack.cloud: SQS queue URLs on the
                           origin the client used (which is that host) rather than LocalStack's form
    DEFAULT_REGION         the region for unsigned requests

A CUMULO_* variable or flag set explicitly wins; each notice says what was read and what it does.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

LOCALSTACK_VOLUME = "/var/lib/localstack"


def _cache_dir(env: Mapping[str, str]) -> str:
    base = env.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "cumulo", "state")


def settings_from(env: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The CUMULO_* variables LocalStack's variables in `env` stand for (those not set
    already), and one notice line for each."""
    out: dict[str, str] = {}
    notices: list[str] = []

    def take(source: str, target: str, value: str, what: str) -> None:
        if env.get(target):
            notices.append(f"cumulo: {source} ignored: {target} is set")
            return
        out[target] = value
        notices.append(f"cumulo: read LocalStack's {source}: {what} ({target}={value})")

    if env.get("PERSISTENCE", "").strip().lower() in ("1", "true"):
        if env.get("CUMULO_DATA_DIR"):
            notices.append(f"cumulo: read LocalStack's PERSISTENCE=1: state persists in {env['CUMULO_DATA_DIR']} (CUMULO_DATA_DIR)")
        else:
            folder = LOCALSTACK_VOLUME if os.path.isdir(LOCALSTACK_VOLUME) else _cache_dir(env)
            take("PERSISTENCE=1", "CUMULO_DATA_DIR", folder, "state persists across restarts")
    listen = env.get("GATEWAY_LISTEN", "").split(",")[0].strip()
    if listen:
        host, _, port = listen.rpartition(":")
        if port.isdigit():
            take(f"GATEWAY_LISTEN={listen}", "CUMULO_PORT", port, "the port")
        if host:
            take(f"GATEWAY_LISTEN={listen}", "CUMULO_HOST", host.strip("[]"), "the bind address")
    host = env.get("LOCALSTACK_HOST", "").strip()
    if host and not host.split(":")[0].endswith("localhost.localstack.cloud"):
        take(f"LOCALSTACK_HOST={host}", "CUMULO_SQS_ENDPOINT_STRATEGY", "origin", "queue URLs on the host clients use")
    region = env.get("DEFAULT_REGION", "").strip()
    if region:
        take(f"DEFAULT_REGION={region}", "CUMULO_DEFAULT_REGION", region, "the region for unsigned requests")
    return out, notices
