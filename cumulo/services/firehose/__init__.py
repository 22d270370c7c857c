"""Amazon Data Firehose: delivery streams that buffer records and land them in S3 (or POST
them to HTTP endpoints), transformed, partitioned, compressed or converted as configured.

Registration only; the handlers are in `api`, delivery in `delivery`, sources in `sources`.
"""

from cumulo.services import InternalRoute, Service, Tick
from cumulo.services.firehose import api, delivery, internal, sources

SERVICE = Service(
    name="firehose",
    api=api,
    internal=[
        InternalRoute("GET", "firehose/deliveries", internal.deliveries),
        InternalRoute("POST", "firehose/{name}/flush", internal.flush),
    ],
    ticks=[Tick(every=1.0, fn=sources.poll_all), Tick(every=1.0, fn=delivery.flush_due)],
)
