"""Who is behind a key STS issued; and the encoded authorization messages it can decode."""

from __future__ import annotations

import base64
import json
import zlib
from typing import Any

from cumulo.core.context import Principal
from cumulo.core.errors import AwsError
from cumulo.core.runtime import Runtime
from cumulo.services.sts.models import GLOBAL
from cumulo.state import Store, Table

MESSAGE_PREFIX = "cumulo-authz-"


def sessions(store: Store) -> Table:
    return store.scope("sts", *GLOBAL).table("sessions")


def resolve_access_key(runtime: Runtime, access_key: str) -> Principal | None:
    """The identity of a temporary key STS issued; None for keys it did not issue."""
    session = sessions(runtime.store).get(access_key)
    if session is None:
        return None
    if session.expiration <= runtime.clock.now():
        raise AwsError("ExpiredToken", "The security token included in the request is expired", status=403)
    return Principal(session.account, session.arn, session.user_id, access_key, session.secret_key,
                     getattr(session, "policy", ""), tuple(getattr(session, "policy_arns", ())), dict(session.tags) or None)


def encode_authorization_message(document: dict[str, Any]) -> str:
    """What an access-denied error carries, for DecodeAuthorizationMessage to open."""
    return MESSAGE_PREFIX + base64.urlsafe_b64encode(zlib.compress(json.dumps(document).encode())).decode()
