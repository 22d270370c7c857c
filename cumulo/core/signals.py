"""Named wake-ups for handlers that wait (SQS long polling, Lambda invoke results).

Runtime objects, not state: they are never persisted. `wait(key, timeout)`
returns True when `notify(key)` was called before the timeout.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict


class Signals:
    def __init__(self) -> None:
        self._waiters: defaultdict[str, set[asyncio.Future[None]]] = defaultdict(set)

    async def wait(self, key: str, timeout: float) -> bool:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        waiters = self._waiters[key]
        waiters.add(future)
        try:
            await asyncio.wait_for(future, timeout)
            return True
        except TimeoutError:
            return False
        finally:
            waiters.discard(future)
            if not waiters:
                self._waiters.pop(key, None)

    def notify(self, key: str) -> None:
        for future in self._waiters.get(key, ()):
            if not future.done():
                future.set_result(None)

    def notify_all(self) -> None:
        for key in list(self._waiters):
            self.notify(key)
