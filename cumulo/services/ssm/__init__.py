"""Amazon Simple Systems Manager (SSM): Parameter Store, documents, Automation, Run Command and the control planes.

Registration only; the handlers are in `api/` (one module per resource noun),
the state in `models`, the engines beside them.
"""

from cumulo.services import InternalRoute, Service, Tick
from cumulo.services.ssm import api, associations, automation, commands, internal, policies, windows

SERVICE = Service(
    name="ssm",
    api=api,
    internal=[
        InternalRoute("GET", "ssm/commands", internal.list_commands),
        InternalRoute("GET", "ssm/automations", internal.list_automations),
        InternalRoute("GET", "ssm/parameters", internal.list_parameters),
    ],
    ticks=[
        Tick(every=10.0, fn=policies.run),
        Tick(every=1.0, fn=automation.tick),
        Tick(every=5.0, fn=commands.recover),
        Tick(every=10.0, fn=windows.tick),
        Tick(every=10.0, fn=associations.tick),
    ],
)
