"""Amazon EventBridge Pipes."""

from cumulo.services import Service
from cumulo.services.pipes import api

SERVICE = Service(name="pipes", api=api)
