"""Amazon CloudWatch Logs: log groups and streams, events, filter patterns, metric and
subscription filters, Logs Insights, live tail, and the resources recorded beside them.

Registration only; handlers in `api`, state in `models`, engines in `patterns`
(filter patterns), `events` (storage), `delivery` (metric and subscription filters),
`insights` (the query language), `imports` (import tasks from S3), `templates`
(delivery configuration templates).
"""

from cumulo.services import InternalRoute, Service, Tick
from cumulo.services.logs import api, imports, internal, retention

SERVICE = Service(
    name="logs",
    api=api,
    internal=[
        InternalRoute("GET", "logs/groups", internal.list_groups),
        InternalRoute("GET", "logs/events", internal.list_events),
        InternalRoute("POST", "logs/retention/tick", internal.retention_tick),
    ],
    ticks=[Tick(every=60.0, fn=retention.trim_all), Tick(every=30.0, fn=imports.resume)],
)
