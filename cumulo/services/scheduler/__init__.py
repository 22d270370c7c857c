"""Amazon EventBridge Scheduler."""

from cumulo.services import Service
from cumulo.services.scheduler import api

SERVICE = Service(name="scheduler", api=api)
