"""Amazon EventBridge Pipes: the state, as plain slotted dataclasses."""

from __future__ import annotations
