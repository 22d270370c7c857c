"""Amazon Cognito Identity: the state, as plain slotted dataclasses."""

from __future__ import annotations
