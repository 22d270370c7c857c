"""Amazon API Gateway v2: HTTP and WebSocket APIs, and the management API of their connections.

Registration only. Two services share this package's state, as DynamoDB and its
streams do: `apigatewayv2` (the control plane, `api`; the invoke URLs, `dataplane`;
WebSocket upgrades, `connections`) and `apigatewaymanagementapi` (`@connections`,
`management`), since a connection belongs to its WebSocket API.
"""

from cumulo.services import InternalRoute, Service
from cumulo.services.apigatewayv2 import api, connections, dataplane, internal, management

SERVICE = Service(
    name="apigatewayv2",
    api=api,
    # API Gateway answers bad input with its modelled BadRequestException (400).
    protocol_options={"validation_error": "BadRequestException"},
    data_plane=dataplane.serve,
    websocket=connections.websocket,
    internal=[
        InternalRoute("GET", "apigatewayv2/requests", internal.requests),
        InternalRoute("GET", "apigatewayv2/apis", internal.apis),
        InternalRoute("GET", "apigatewayv2/connections", internal.connections),
    ],
)
MANAGEMENT = Service(name="apigatewaymanagementapi", api=management)
SERVICES = [SERVICE, MANAGEMENT]
