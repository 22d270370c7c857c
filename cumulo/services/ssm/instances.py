"""Managed instances: the local machine (opt-in, `CUMULO_SSM_LOCAL_INSTANCE=1`) and activation-registered ones.

With the setting on, the machine cumulo runs on is a managed instance with a
stable id (`mi-` + a hash of the host name), online, Linux; Run Command and
State Manager run their shell commands on it. Without it, no instance is
online, and commands to any instance fail as AWS fails them for an unknown one.
"""

from __future__ import annotations

import hashlib
import platform
import socket
from typing import TYPE_CHECKING, Any

from cumulo.services.ssm.models import Resource

if TYPE_CHECKING:
    from cumulo.core.context import RequestContext

AGENT_VERSION = "3.3.1142.0"


def local_id() -> str:
    return "mi-" + hashlib.sha256(socket.gethostname().encode()).hexdigest()[:17]


def enabled(ctx: RequestContext) -> bool:
    return bool(getattr(ctx.runtime.config, "ssm_local_instance", False))


def _os_release() -> tuple[str, str]:
    try:
        with open("/etc/os-release") as f:
            fields = dict(line.rstrip().split("=", 1) for line in f if "=" in line)
        return fields.get("NAME", "Linux").strip('"'), fields.get("VERSION_ID", "").strip('"')
    except OSError:
        return platform.system(), platform.release()


def table(ctx: RequestContext) -> Any:
    return ctx.scope.table("resources/instance")


def all_instances(ctx: RequestContext) -> dict[str, Resource]:
    """Every managed instance of the account and region, the local one first when on."""
    found: dict[str, Resource] = {}
    t = table(ctx)
    if enabled(ctx):
        instance_id = local_id()
        if instance_id not in t:
            name, version = _os_release()
            t[instance_id] = Resource(
                id=instance_id,
                created=ctx.clock.now(),
                body={
                    "InstanceId": instance_id,
                    "AgentVersion": AGENT_VERSION,
                    "IsLatestVersion": True,
                    "PlatformType": "Linux" if platform.system() == "Linux" else "MacOS",
                    "PlatformName": name,
                    "PlatformVersion": version,
                    "ResourceType": "ManagedInstance",
                    "Name": socket.gethostname(),
                    "IPAddress": "127.0.0.1",
                    "ComputerName": socket.gethostname(),
                    "SourceId": instance_id,
                    "SourceType": "AWS::SSM::ManagedInstance",
                    "IamRole": "",
                },
                extra={"local": True},
            )
    for key, resource in t.items():
        if resource.extra.get("local") and not enabled(ctx):
            continue
        found[key] = resource
    return found


def online(ctx: RequestContext, instance_id: str) -> bool:
    return enabled(ctx) and instance_id == local_id()


def information(ctx: RequestContext, resource: Resource) -> dict[str, Any]:
    body = dict(resource.body)
    now = ctx.clock.now()
    body["PingStatus"] = "Online" if online(ctx, resource.id) else "ConnectionLost"
    body["LastPingDateTime"] = now if online(ctx, resource.id) else resource.created
    body["RegistrationDate"] = resource.created
    association = resource.extra.get("association")
    if association:
        body.update(association)
    return body
