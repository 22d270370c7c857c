"""Amazon API Gateway v2: HTTP and WebSocket APIs, and the management API of their connections.

Registration only. Two services share this package's state, as DynamoDB and its
streams do: `apigatewayv2` (the control plane, `api`) and `apigatewaymanagementapi`
(`@connections`, `management`), since a connection belongs to its WebSocket API.
The invoke URLs are this package's data plane (`dataplane`), WebSocket upgrades
its `websocket` hook.
"""

from cumulo.services import Service
from cumulo.services.apigatewayv2 import api

SERVICE = Service(name="apigatewayv2", api=api)
SERVICES = [SERVICE]
