"""Amazon CloudWatch: metrics and their statistics, metric math, alarms that act,
dashboards, metric streams, anomaly detectors and Contributor Insights rules.

Registration only; handlers in `api`, state in `models`, engines in `datapoints`
(storage and statistics), `mathexpr` (metric math), `queries` (MetricDataQueries),
`alarms` (evaluation and actions), `streams` (metric streams).
CloudWatch speaks Smithy RPC v2 CBOR, JSON 1.0 and the query protocol; the
protocol layer picks per request.
"""

from cumulo.services import InternalRoute, Service, Tick
from cumulo.services.cloudwatch import alarms, api, internal, retention

SERVICE = Service(
    name="cloudwatch",
    api=api,
    internal=[
        InternalRoute("GET", "cloudwatch/metrics", internal.list_metrics),
        InternalRoute("GET", "cloudwatch/alarms", internal.list_alarms),
        InternalRoute("POST", "cloudwatch/alarms/evaluate", internal.evaluate),
    ],
    ticks=[Tick(every=10.0, fn=alarms.evaluate_all), Tick(every=3600.0, fn=retention.trim_all)],
)
