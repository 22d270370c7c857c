"""How an entity becomes bytes in the persistent store and in snapshots.

Pickle, protocol 5. Entities are plain slotted dataclasses holding nested dicts
and lists, datetimes, bytes, sets, enums and `BlobRef`s; pickle round-trips all
of them exactly with no schema to keep and no converter per type, and it is the
fastest stdlib encoder for such objects. A JSON or msgspec encoding would need
a typed schema for every entity of every service and would turn datetimes,
bytes and tuples into something else on the way back.

What this costs, and what a service author must know:
- A pickle names its class by module path: moving or renaming an entity class
  makes stored data unreadable (keep the old name importable, or migrate).
- Unpickling does not call `__init__`: a field added to a *slotted* dataclass
  is unset on entities stored before the change (reading it raises
  AttributeError). Give such a field a fallback when you read it, or migrate.
- Unpickling runs code named by the data: only ever decode the store's own
  files and snapshots you trust, never bytes from a client.
"""

from __future__ import annotations

import pickle
from typing import Any

PICKLE_PROTOCOL = 5


def encode(value: Any) -> bytes:
    return pickle.dumps(value, protocol=PICKLE_PROTOCOL)


def decode(data: bytes) -> Any:
    return pickle.loads(data)
