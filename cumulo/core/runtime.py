"""The runtime: the long-lived objects of one cumulo server, handed to every layer.

One per server (the pytest plugin may run several in one process, so nothing
here is a module global): the store, the one clock, the one scheduler, the
wake-up signals, and the settings.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cumulo.core.clock import Clock
from cumulo.core.scheduler import Scheduler
from cumulo.core.signals import Signals

if TYPE_CHECKING:
    from cumulo.config import Config
    from cumulo.state import Store


@dataclass
class Runtime:
    config: Config
    store: Store
    clock: Clock = field(default_factory=Clock)
    signals: Signals = field(default_factory=Signals)
    scheduler: Scheduler = field(init=False)
    started: float = 0.0
    # Live objects a service keeps beside its state (Lambda's warm processes), by
    # service name: never persisted, never reset with the store.
    live: dict[str, Any] = field(default_factory=dict)
    # Called with (exchange, response) as each HTTP request is answered (the console's
    # live request log, cumulo.console.live); empty, and so free, until a console listens.
    observers: list[Callable[[Any, Any], None]] = field(default_factory=list)
    # Runs an operation without the wire (set by the gateway; see services.call).
    dispatch: Callable[[str, str, dict[str, Any], str, str], Awaitable[dict[str, Any]]] | None = None

    def __post_init__(self) -> None:
        self.scheduler = Scheduler(self.clock, after_run=self.store.commit)
