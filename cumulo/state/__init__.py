"""The Store: every service's state, scoped by (service, account, region).

A scope holds named tables; a table maps a string key to a plain entity (a
slotted dataclass or other picklable plain data). Handlers change state only
through tables:

    queues = ctx.scope.table("queues")
    queues[name] = Queue(...)        # insert or replace: recorded as changed
    queue = queues[name]; queue.attributes[k] = v
    queues.touch(name)               # changed in place: say so
    del queues[name]                 # recorded as deleted

`Store.commit()` runs once at the end of every request (and every background
tick) and makes the changes since the last commit durable in one transaction;
the memory backend has nothing to write. This is how "a 2xx means it is on
disk" holds at O(changed entities) per request.

Large bodies go to `store.blobs` (`cumulo.state.blobs`); entities keep only the
`BlobRef`. `store.export(path)` / `store.import_(path)` move the whole state
through one snapshot file (`cumulo.state.snapshot`).
"""

from cumulo.state.blobs import BlobRef, BlobStore
from cumulo.state.store import MemoryStore, Scope, Store, Table, open_store

__all__ = ["BlobRef", "BlobStore", "MemoryStore", "Scope", "Store", "Table", "open_store"]
