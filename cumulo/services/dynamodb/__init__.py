"""Amazon DynamoDB and DynamoDB Streams (`dynamodbstreams`), which share this
package's state. Registration only: handlers are in `api` (and `streams_api`),
state in `models`, engines in `expressions`, `values`, `indexes`, `streams`,
`ttl` and `partiql`.
"""

from cumulo.services import Service, Tick
from cumulo.services.dynamodb import api, streams_api, ttl
from cumulo.services.dynamodb.resource_policy import table_policy

SERVICE = Service(name="dynamodb", api=api, ticks=[Tick(every=ttl.EVERY, fn=ttl.sweep)], resource_policy=table_policy)
STREAMS = Service(name="dynamodbstreams", api=streams_api)
SERVICES = [SERVICE, STREAMS]
