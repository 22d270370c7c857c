"""The EventBridge events SSM sends (`source: aws.ssm`), through services.call once EventBridge exists.

Sent after the request that caused them, from the scheduler, so a slow or
missing event bus never fails or slows the SSM call itself.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from cumulo import services
from cumulo.core.errors import AwsError

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime

log = logging.getLogger("cumulo.ssm")


def emit(runtime: Runtime, account: str, region: str, detail_type: str, detail: dict[str, Any], resources: list[str]) -> None:
    if "events" not in services.IMPLEMENTED:
        return
    entry = {
        "Source": "aws.ssm",
        "DetailType": detail_type,
        "Detail": json.dumps(detail),
        "Resources": resources,
    }

    async def send() -> None:
        try:
            await services.call(runtime, "events", "PutEvents", {"Entries": [entry]}, account, region)
        except AwsError as error:
            log.debug("SSM event %s not delivered: %s", detail_type, error)

    runtime.scheduler.after(0, send)
