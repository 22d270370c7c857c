"""Amazon Kinesis Data Streams: shards, ordered records, iterators, resharding, enhanced fan-out.

Registration only; the handlers are in `api`, the state in `models`, the log in `log`.
"""

from cumulo.services import InternalRoute, Service, Tick
from cumulo.services.kinesis import api, internal

SERVICE = Service(
    name="kinesis",
    api=api,
    internal=[
        InternalRoute("GET", "kinesis/streams", internal.list_streams),
        InternalRoute("GET", "kinesis/streams/{name}/records", internal.stream_records),
    ],
    ticks=[Tick(every=60.0, fn=internal.trim_all)],
)
