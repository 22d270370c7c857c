"""AWS Identity and Access Management: users, groups, roles, policies and credentials,
global per account; its access keys sign requests as their user.

Registration only; handlers in `api`, state in `models`, what other layers ask
IAM (a principal's policies, an access key's user) in `principals`.
"""

from cumulo.services import Service
from cumulo.services.iam import api
from cumulo.services.iam.principals import resolve_access_key

SERVICE = Service(name="iam", api=api, resolve_access_key=resolve_access_key)
