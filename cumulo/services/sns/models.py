"""SNS state: topics, subscriptions, platform applications and endpoints, SMS settings, pending deliveries.

Tables, per (account, region) scope of service "sns":
- `topics`: topic name -> `Topic`.
- `subs/<topic name>`: subscription id -> `Subscription` (the ARN is the topic's ARN, ":", the id), so
  a publish reads only its own topic's subscriptions.
- `apps`: platform application ARN -> `PlatformApplication`; `endpoints`: endpoint ARN -> `PlatformEndpoint`.
- `sms`: "attributes" -> dict of SetSMSAttributes values; `sandbox`: phone -> `SandboxNumber`;
  `opted_out`: phone -> opt-out time.
- `deliveries`: delivery id -> `Delivery`, a notification still to be delivered (HTTP/S with its
  retries on the clock), written before Publish answers and deleted when it is done.
- `dedup/<topic name>`: deduplication id -> `DedupRecord` (FIFO topics, five minutes).
- `archive/<topic name>`: sequence number (zero-padded) -> `Archived` (FIFO topics with an ArchivePolicy).
- `ledger`: key -> `LedgerEntry`: what went to email, email-json, SMS and application endpoints.
- `signing` (account "aws", region "global"): "key" -> `SigningKey`, the certificate messages are signed with.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from typing import Any

KEY_WIDTH = 20


def new_id() -> str:
    """A message id in UUID form. Not a secret, so from `random` (os.urandom costs a syscall per publish)."""
    return str(uuid.UUID(int=random.getrandbits(128), version=4))


def seq_key(seq: int) -> str:
    return f"{seq:0{KEY_WIDTH}d}"


def subs_table(topic: str) -> str:
    return f"subs/{topic}"


def dedup_table(topic: str) -> str:
    return f"dedup/{topic}"


def archive_table(topic: str) -> str:
    return f"archive/{topic}"


@dataclass(slots=True)
class Topic:
    name: str
    account: str
    region: str
    created: float
    # The settable attributes, as strings, exactly as GetTopicAttributes returns them.
    attributes: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    data_protection_policy: str = ""
    fifo: bool = False
    next_seq: int = 1
    deleted_subscriptions: int = 0

    @property
    def arn(self) -> str:
        return f"arn:aws:sns:{self.region}:{self.account}:{self.name}"


@dataclass(slots=True)
class Subscription:
    id: str
    topic_arn: str
    protocol: str
    endpoint: str
    owner: str
    created: float
    attributes: dict[str, str] = field(default_factory=dict)
    confirmed: bool = False
    token: str = ""
    # ConfirmSubscription's AuthenticateOnUnsubscribe: then only a signed Unsubscribe call ends it,
    # not the UnsubscribeURL.
    authenticate_on_unsubscribe: bool = False

    @property
    def arn(self) -> str:
        return f"{self.topic_arn}:{self.id}"


@dataclass(slots=True)
class PlatformApplication:
    arn: str
    name: str
    platform: str
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class PlatformEndpoint:
    arn: str
    application_arn: str
    token: str
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class SandboxNumber:
    phone: str
    verified: bool
    language: str
    code: str


@dataclass(slots=True)
class Notification:
    """One published message, as every subscription's delivery starts from it."""

    message_id: str
    topic_arn: str
    message: str  # the default body; per-protocol bodies in `structured`
    timestamp: float
    subject: str | None = None
    attributes: dict[str, dict[str, Any]] = field(default_factory=dict)
    structured: dict[str, str] | None = None  # MessageStructure=json: protocol -> body
    group_id: str | None = None
    dedup_id: str | None = None
    sequence_number: str | None = None

    def body_for(self, protocol: str) -> str:
        if self.structured is not None:
            return self.structured.get(protocol, self.structured.get("default", self.message))
        return self.message


@dataclass(slots=True)
class Delivery:
    """A notification to one subscription that is not delivered yet (HTTP/S and its retries)."""

    id: str
    subscription_arn: str
    notification: Notification
    created: float
    next_attempt: float
    attempts: int = 0
    kind: str = "Notification"  # or SubscriptionConfirmation / UnsubscribeConfirmation
    last_error: str = ""
    # An UnsubscribeConfirmation goes to a subscription that no longer exists: a copy of it.
    subscription: Subscription | None = None


@dataclass(slots=True)
class DedupRecord:
    expires: float
    message_id: str
    sequence_number: str | None


@dataclass(slots=True)
class Archived:
    notification: Notification


@dataclass(slots=True)
class LedgerEntry:
    key: str
    protocol: str
    endpoint: str
    subscription_arn: str
    topic_arn: str
    message_id: str
    body: str
    subject: str | None
    attributes: dict[str, Any]
    timestamp: float
    structure: str | None = None


@dataclass(slots=True)
class SigningKey:
    private_pem: bytes
    certificate_pem: bytes
