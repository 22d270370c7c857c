"""Amazon API Gateway."""

from cumulo.services import Service
from cumulo.services.apigateway import api

SERVICE = Service(name="apigateway", api=api)
