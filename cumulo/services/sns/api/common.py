"""What the handler modules share: resolving topics and subscriptions by ARN, paging."""

from __future__ import annotations

import base64
import re
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.services.sns.errors import SUBSCRIPTION_NOT_FOUND, TOPIC_NOT_FOUND, invalid, not_found
from cumulo.services.sns.models import Subscription, Topic, subs_table

PAGE = 100
_TOPIC_ARN = re.compile(r"^arn:aws[\w-]*:sns:([\w-]+):(\d{12}):([\w-]{1,256}(?:\.fifo)?)$")


def parse_topic_arn(arn: str, member: str = "TopicArn") -> tuple[str, str, str]:
    """(account, region, name), or InvalidParameter as AWS words it."""
    m = _TOPIC_ARN.match(arn or "")
    if m is None:
        raise invalid(f"{member}")
    return m.group(2), m.group(1), m.group(3)


def topic(ctx: RequestContext, arn: str, member: str = "TopicArn") -> Topic:
    account, region, name = parse_topic_arn(arn, member)
    found: Topic | None = ctx.store.scope("sns", account, region).table("topics").get(name)
    if found is None:
        raise not_found(TOPIC_NOT_FOUND)
    return found


def topic_subscriptions(ctx: RequestContext, t: Topic) -> Any:
    return ctx.store.scope("sns", t.account, t.region).table(subs_table(t.name))


def subscription(ctx: RequestContext, arn: str) -> tuple[Topic, Subscription]:
    parts = (arn or "").split(":")
    if len(parts) != 7 or parts[2] != "sns":
        raise invalid("SubscriptionArn Reason: An ARN must have 6 elements" if len(parts) < 6 else "SubscriptionId")
    account, region, name, sid = parts[4], parts[3], parts[5], parts[6]
    scope = ctx.store.scope("sns", account, region)
    t: Topic | None = scope.table("topics").get(name)
    sub: Subscription | None = scope.table(subs_table(name)).get(sid) if t is not None else None
    if t is None or sub is None:
        raise not_found(SUBSCRIPTION_NOT_FOUND)
    return t, sub


def page(items: list[Any], token: str | None, size: int = PAGE) -> tuple[list[Any], str | None]:
    start = 0
    if token:
        try:
            start = int(base64.b64decode(token).decode())
        except ValueError:
            raise invalid("NextToken") from None
    chunk = items[start : start + size]
    following = start + size
    return chunk, (base64.b64encode(str(following).encode()).decode() if following < len(items) else None)


def touch_topic(ctx: RequestContext, t: Topic) -> None:
    ctx.store.scope("sns", t.account, t.region).table("topics").touch(t.name)


def touch_subscription(ctx: RequestContext, t: Topic, sub: Subscription) -> None:
    ctx.store.scope("sns", t.account, t.region).table(subs_table(t.name)).touch(sub.id)
