"""AWS Security Token Service: temporary credentials that really act as their identity."""

from cumulo.services import Service
from cumulo.services.sts import api
from cumulo.services.sts.identity import resolve_access_key

SERVICE = Service(name="sts", api=api, resolve_access_key=resolve_access_key)
