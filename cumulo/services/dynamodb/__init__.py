"""Amazon DynamoDB and DynamoDB Streams (`dynamodbstreams`), which share this
package's state. Registration only: handlers are in `api` (and `streams_api`),
state in `models`, engines in `expressions`, `values`, `indexes`, `streams`,
`ttl` and `partiql`.
"""

from cumulo.services import Service
from cumulo.services.dynamodb import api

SERVICE = Service(name="dynamodb", api=api)
SERVICES = [SERVICE]
