"""cumulo: a local AWS cloud emulator. Every service on one port, real behaviour."""

__version__ = "0.1.0"
