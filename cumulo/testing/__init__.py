"""Testing support: the pytest plugin (`cumulo.testing.plugin`) and server helpers."""

from cumulo.testing.plugin import ClockControl, CumuloServer, spawned_server

__all__ = ["ClockControl", "CumuloServer", "spawned_server"]
