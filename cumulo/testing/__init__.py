"""Testing support: the pytest plugin (`cumulo.testing.plugin`) and server helpers."""

from cumulo.testing.plugin import ClockControl, CumuloServer, free_port, spawned_server

__all__ = ["ClockControl", "CumuloServer", "free_port", "spawned_server"]
