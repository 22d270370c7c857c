"""Amazon API Gateway REST APIs (v1): the control plane (`api`) and the invoke URLs (`dataplane`).

Registration only; the handlers are in `api`, the state in `models`.
"""

from cumulo.services import InternalRoute, Service
from cumulo.services.apigateway import api, dataplane, internal

SERVICE = Service(
    name="apigateway",
    api=api,
    data_plane=dataplane.serve,
    # API Gateway answers bad enum values itself, as BadRequestException with its own wording.
    protocol_options={"validate_enums": False},
    internal=[InternalRoute("GET", "apigateway/requests", internal.list_requests)],
)
