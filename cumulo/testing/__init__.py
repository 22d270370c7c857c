"""Testing support: the pytest plugin (`cumulo.testing.plugin`) and server helpers.

`CumuloServer` and `ClockControl` come from `cumulo.testing.server`, which needs no
pytest; the plugin's helpers are imported only when asked for.
"""

from typing import Any

from cumulo.testing.server import ClockControl, CumuloServer

__all__ = ["ClockControl", "CumuloServer", "free_port", "spawned_server"]


def __getattr__(name: str) -> Any:
    if name in ("free_port", "spawned_server", "wait_healthy"):
        from cumulo.testing import plugin

        return getattr(plugin, name)
    raise AttributeError(f"module 'cumulo.testing' has no attribute {name!r}")
