"""Message archiving and replay (FIFO topics).

https://docs.aws.amazon.com/sns/latest/dg/message-archiving-and-replay-topic-owner.html
A FIFO topic with an `ArchivePolicy` keeps every published notification for
`MessageRetentionPeriod` days (table `archive/<topic>`, in sequence order; the `purge` tick drops
what is older). A subscription given a `ReplayPolicy` (`{"PointType": "Timestamp",
"StartingPoint": ..., "EndingPoint": ...}`) gets the archived notifications of that window
again, in order, through its filter policy; its `ReplayStatus` then reads `Completed`.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING

from cumulo.services.sns import delivery, filter_policy
from cumulo.services.sns.errors import invalid
from cumulo.services.sns.models import Archived, Notification, Subscription, Topic, archive_table, seq_key

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime

DAY = 86400.0


def retention_days(topic: Topic) -> int | None:
    policy = topic.attributes.get("ArchivePolicy")
    if not policy:
        return None
    return int(json.loads(policy)["MessageRetentionPeriod"])


def archive(runtime: Runtime, topic: Topic, n: Notification, seq: int) -> None:
    if retention_days(topic) is None:
        return
    runtime.store.scope("sns", topic.account, topic.region).table(archive_table(topic.name))[seq_key(seq)] = Archived(n)


def beginning(runtime: Runtime, topic: Topic) -> float | None:
    rows = runtime.store.scope("sns", topic.account, topic.region).table(archive_table(topic.name)).rows
    return rows[min(rows)].notification.timestamp if rows else None


def _epoch(text: str, member: str) -> float:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except (ValueError, AttributeError):
        raise invalid(f"ReplayPolicy: {member} must be an ISO 8601 timestamp") from None


async def start(runtime: Runtime, topic: Topic, sub: Subscription) -> int:
    """Replay the archived window to `sub` now; returns how many notifications went."""
    policy = json.loads(sub.attributes["ReplayPolicy"])
    if policy.get("PointType") != "Timestamp":
        raise invalid("ReplayPolicy: PointType must be Timestamp")
    since = _epoch(policy["StartingPoint"], "StartingPoint")
    until = _epoch(policy["EndingPoint"], "EndingPoint") if policy.get("EndingPoint") else runtime.clock.now()
    if retention_days(topic) is None:
        raise invalid("ReplayPolicy: the topic has no ArchivePolicy")
    days = retention_days(topic)
    if days is None:
        raise invalid("ReplayPolicy: the topic has no ArchivePolicy")
    since = max(since, runtime.clock.now() - days * DAY)  # what the purge tick has not dropped yet is gone too
    rows = runtime.store.scope("sns", topic.account, topic.region).table(archive_table(topic.name)).rows
    sent = 0
    for key in sorted(rows):
        n = rows[key].notification
        if not since <= n.timestamp <= until:
            continue
        attrs = sub.attributes
        if attrs.get("FilterPolicy") and not filter_policy.admits(attrs["FilterPolicy"], attrs.get("FilterPolicyScope", "MessageAttributes"), n.attributes, n.body_for(sub.protocol)):
            continue
        await delivery.deliver(runtime, topic, sub, n)
        sent += 1
    sub.attributes["ReplayStatus"] = "Completed"
    runtime.store.scope("sns", topic.account, topic.region).table(f"subs/{topic.name}").touch(sub.id)
    return sent


def purge(runtime: Runtime, now: float) -> None:
    """Tick: drop archived notifications older than their topic's retention."""
    for scope in runtime.store.scopes_of("sns"):
        for topic in list(scope.table("topics").rows.values()):
            days = retention_days(topic)
            if days is None:
                continue
            table = scope.table(archive_table(topic.name))
            for key in [k for k, a in table.rows.items() if a.notification.timestamp < now - days * DAY]:
                del table[key]
