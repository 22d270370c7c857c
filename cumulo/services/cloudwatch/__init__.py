"""Amazon CloudWatch."""

from cumulo.services import Service
from cumulo.services.cloudwatch import api

SERVICE = Service(name="cloudwatch", api=api)
