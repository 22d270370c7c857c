"""The stack engine: create, update, delete and roll back a stack's resources through
their providers (cumulo.core.provisioning), in the background on the server's loop.

An API call records the stack's new operation and returns at once (`*_IN_PROGRESS`,
as on AWS); `start()` runs the operation as an asyncio task. Resources start as soon
as everything they wait for is done, so independent ones run in parallel. Every step
writes its event and commits, so a restart finds each resource's status: `recover()`
(a tick) rolls an interrupted create or update back and finishes an interrupted
delete or rollback.

Phases, in `Stack.operation`: CREATE, ROLLBACK (of a create), UPDATE, UPDATE_CLEANUP,
UPDATE_ROLLBACK, UPDATE_ROLLBACK_CLEANUP, DELETE, IMPORT.
"""

from __future__ import annotations

import asyncio
import copy
import importlib
import fnmatch
import json
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from cumulo.core.errors import AwsError
from cumulo.core.provisioning import ProvisionContext, ResourceType, with_previous_tags
from cumulo.services.cloudformation import dynamic
from cumulo.services.cloudformation.intrinsics import AttributeMissing, contains_unknown
from cumulo.services.cloudformation.models import Stack, StackResource
from cumulo.services.cloudformation.stacks import (
    GONE, active_resources, emit, evaluator, stack_event, table,
)

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime

log = logging.getLogger("cumulo.cloudformation")
LIVE = "cloudformation"


class ResourceFailed(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _live(runtime: Runtime) -> dict[str, Any]:
    live: dict[str, Any] = runtime.live.setdefault(LIVE, {})
    live.setdefault("running", {})
    live.setdefault("cancel", set())
    return live


# CloudFormation namespace (lowercased) -> the package of the service that provides its
# types, where the two names differ.
_PACKAGES = {"lambda": "awslambda", "kinesisfirehose": "firehose", "cognito": "cognito_idp",
             "elasticloadbalancingv2": "elbv2", "apigatewayv2": "apigatewayv2"}


def provider(type_name: str) -> ResourceType | None:
    """The provider of a resource type. Only the owning service's `cfn` module is imported
    (its package named after the type's namespace), so the first stack does not import
    every service; a namespace no package is named after falls back to the registry."""
    from cumulo.services import resource_types

    if type_name.startswith("Custom::"):
        type_name = "AWS::CloudFormation::CustomResource"
    parts = type_name.split("::")
    if len(parts) == 3:
        package = _PACKAGES.get(parts[1].lower(), parts[1].lower())
        try:
            module = importlib.import_module(f"cumulo.services.{package}.cfn")
        except ModuleNotFoundError as e:
            if not (e.name or "").startswith("cumulo.services."):
                raise
        else:
            found: ResourceType | None = module.RESOURCE_TYPES.get(type_name)
            if found is not None:
                return found
    return resource_types().get(type_name)


class _Known:
    """`type in known_types()`: whether a provider exists, asked per type."""

    def __contains__(self, type_name: object) -> bool:
        return isinstance(type_name, str) and provider(type_name) is not None


def known_types() -> Any:
    return _Known()


def running(runtime: Runtime, stack_id: str) -> bool:
    return stack_id in _live(runtime)["running"]


def start(runtime: Runtime, account: str, region: str, stack_id: str) -> asyncio.Task[None]:
    """Run the stack's recorded operation in the background."""
    live = _live(runtime)
    task = asyncio.get_running_loop().create_task(_guarded(runtime, account, region, stack_id), name=f"cfn {stack_id}")
    live["running"][stack_id] = task
    return task


async def wait(runtime: Runtime, stack_id: str) -> None:
    task = _live(runtime)["running"].get(stack_id)
    if task is not None:
        await asyncio.shield(task)


def cancel(runtime: Runtime, stack_id: str) -> None:
    """CancelUpdateStack: no resource starts from now on, those in progress are stopped,
    and the update rolls back."""
    live = _live(runtime)
    live["cancel"].add(stack_id)
    for task in list(live.setdefault("inflight", {}).get(stack_id, ())):
        task.cancel()


def delete_after(runtime: Runtime, stack_id: str, operation: str) -> None:
    """DeleteStack on a stack whose operation is running: a create is stopped and the
    stack deleted at once (as AWS cancels a create it is asked to delete); anything
    else is deleted once it ends."""
    _live(runtime).setdefault("delete_after", set()).add(stack_id)
    if operation == "CREATE":
        cancel(runtime, stack_id)


async def _guarded(runtime: Runtime, account: str, region: str, stack_id: str) -> None:
    try:
        stack: Stack | None = table(runtime, account, region).get(stack_id)
        while stack is not None and stack.operation:
            before = stack.operation
            await PHASES[before](Run(runtime, account, region, stack))
            if stack.operation == before:  # a phase must move on; guard against a loop
                stack.operation = ""
            if not stack.operation and stack_id in _live(runtime).get("delete_after", set()):
                _live(runtime)["delete_after"].discard(stack_id)
                if stack.status != GONE:
                    stack.operation = "DELETE"
                    stack_event(runtime, account, region, stack, "DELETE_IN_PROGRESS", "User Initiated")
    except Exception:
        log.exception("stack operation failed on %s", stack_id)
        stack = table(runtime, account, region).get(stack_id)
        if stack is not None and stack.operation:
            stack.operation = ""
            failed = {"CREATE": "CREATE_FAILED", "ROLLBACK": "ROLLBACK_FAILED", "DELETE": "DELETE_FAILED"}
            stack_event(runtime, account, region, stack, failed.get(stack.status.split("_")[0], "UPDATE_ROLLBACK_FAILED"),
                        "Internal Failure")
    finally:
        live = _live(runtime)
        live["running"].pop(stack_id, None)
        live["cancel"].discard(stack_id)
        runtime.store.commit()


def recover(runtime: Runtime, now: float) -> None:
    """A tick: operations a restart interrupted. A create or update rolls back; a
    delete or rollback goes on from where it stopped."""
    live = _live(runtime)
    if live.get("recovered"):
        return  # once per start: afterwards every operation runs as a task from its request
    live["recovered"] = True
    for sc in runtime.store.scopes_of("cloudformation"):
        for stack in list(sc.table("stacks").values()):
            if not stack.operation or stack.stack_id in live["running"]:
                continue
            if stack.operation in ("CREATE", "UPDATE", "IMPORT"):
                account, region = sc.account, sc.region
                interrupted = []
                for res in list(stack.resources.values()):
                    if res.status.endswith("_IN_PROGRESS"):
                        interrupted.append(res.logical_id)
                        emit(runtime, account, region, stack, res.logical_id, res.physical_id, res.type,
                             res.status.replace("_IN_PROGRESS", "_FAILED"), "Resource handler interrupted by a restart of cumulo")
                verb = {"CREATE": "create", "UPDATE": "update", "IMPORT": "import"}[stack.operation]
                reason = f"The following resource(s) failed to {verb}: [{', '.join(sorted(interrupted))}]. " if interrupted else \
                    "Stack operation interrupted by a restart of cumulo"
                if stack.operation == "CREATE" and (stack.disable_rollback or stack.on_failure == "DO_NOTHING"):
                    stack.operation = ""
                    stack_event(runtime, account, region, stack, "CREATE_FAILED", reason)
                    continue
                if stack.operation == "CREATE" and stack.on_failure == "DELETE":
                    stack.operation = "DELETE"
                    stack_event(runtime, account, region, stack, "DELETE_IN_PROGRESS", reason)
                else:
                    stack.operation = {"CREATE": "ROLLBACK", "UPDATE": "UPDATE_ROLLBACK", "IMPORT": "IMPORT_ROLLBACK"}[stack.operation]
                    status = {"ROLLBACK": "ROLLBACK_IN_PROGRESS", "UPDATE_ROLLBACK": "UPDATE_ROLLBACK_IN_PROGRESS",
                              "IMPORT_ROLLBACK": "IMPORT_ROLLBACK_IN_PROGRESS"}[stack.operation]
                    stack_event(runtime, account, region, stack, status, reason)
            sc.table("stacks").touch(stack.stack_id)
            start(runtime, sc.account, sc.region, stack.stack_id)


def failure_reason(type_name: str, e: AwsError) -> str:
    """A provider's error as the stack event's reason: CloudFormation's own resources give
    their message; another service's error names it, as AWS's handlers do."""
    if type_name.startswith(("AWS::CloudFormation::", "Custom::")) or not e.message:
        return e.message or e.code
    service = type_name.split("::")[1] if type_name.count("::") == 2 else type_name
    return f"{e.message} (Service: {service}; Status Code: {e.status or 400}; Error Code: {e.code})"


def _duration(text: str) -> float:
    """An ISO 8601 duration as CreationPolicy writes it (PT1H30M, PT15M, PT90S), in seconds."""
    import re

    m = re.fullmatch(r"P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?", text.strip())
    if m is None:
        return 300.0
    days, hours, minutes, seconds = (int(g or 0) for g in m.groups())
    return float(((days * 24 + hours) * 60 + minutes) * 60 + seconds)


class Run:
    """One operation on one stack."""

    def __init__(self, runtime: Runtime, account: str, region: str, stack: Stack) -> None:
        self.runtime, self.account, self.region, self.stack = runtime, account, region, stack

    def event(self, logical: str, physical: str, type_name: str, status: str, reason: str = "", props: str = "",
              *, touch: bool = True) -> None:
        emit(self.runtime, self.account, self.region, self.stack, logical, physical, type_name, status, reason, props, touch=touch)

    def stack_status(self, status: str, reason: str = "") -> None:
        stack_event(self.runtime, self.account, self.region, self.stack, status, reason)

    def context(self, logical: str, type_name: str = "") -> ProvisionContext:
        s = self.stack
        tags = dict(s.tags)
        tags.update({"aws:cloudformation:stack-name": s.name, "aws:cloudformation:stack-id": s.stack_id,
                     "aws:cloudformation:logical-id": logical})
        res = s.resources.get(logical)
        return ProvisionContext(self.runtime, self.account, self.region, s.name, s.stack_id, logical, tags,
                                type_name or (res.type if res is not None else ""))

    def cancelled(self) -> bool:
        return self.stack.stack_id in _live(self.runtime)["cancel"]

    def uncancel(self) -> None:
        _live(self.runtime)["cancel"].discard(self.stack.stack_id)

    def delete_requested(self) -> bool:
        pending: set[str] = _live(self.runtime).setdefault("delete_after", set())
        if self.stack.stack_id in pending:
            pending.discard(self.stack.stack_id)
            return True
        return False

    # ------------------------------------------------------------ resolving

    async def properties(self, name: str, definition: dict[str, Any], imports: list[str] | None = None) -> dict[str, Any]:
        ev = evaluator(self.runtime, self.account, self.region, self.stack, record_imports=imports)
        try:
            props = ev.resolve(definition.get("Properties") or {})
        except AttributeMissing as e:
            raise ResourceFailed(str(e)) from None
        except AwsError as e:
            raise ResourceFailed(e.message) from None
        if contains_unknown(props):
            raise ResourceFailed(f"Resource {name} refers to a resource that does not exist")
        if dynamic.has_references(props):
            try:
                props = await dynamic.resolve(self.runtime, self.account, self.region, props)
            except AwsError as e:
                raise ResourceFailed(e.message) from None
        return props

    def definitions(self) -> dict[str, dict[str, Any]]:

        ev = evaluator(self.runtime, self.account, self.region, self.stack)
        return active_resources(ev, self.stack.template)

    # ------------------------------------------------------------ one resource

    async def create_one(self, name: str, definition: dict[str, Any], *, replacing: StackResource | None = None) -> None:
        type_name = definition["Type"]
        res = StackResource(name, type_name)
        if replacing is None:
            self.stack.resources[name] = res
        verb = "UPDATE" if replacing is not None else "CREATE"
        if replacing is None:
            self.event(name, "", type_name, "CREATE_IN_PROGRESS")
        else:
            self.event(name, replacing.physical_id, type_name, "UPDATE_IN_PROGRESS",
                       "Requested update requires the creation of a new physical resource; hence creating one.")
        try:
            props = await self.properties(name, definition, self.stack.imports)
            impl = provider(type_name)
            if impl is None:
                raise ResourceFailed(f"Unrecognized resource types: [{type_name}]")
            made = await impl.create(self.context(name, type_name), props)
        except ResourceFailed as e:
            self._fail(name, res, replacing, f"{verb}_FAILED", e.reason)
            raise
        except AwsError as e:
            reason = failure_reason(type_name, e)
            self._fail(name, res, replacing, f"{verb}_FAILED", reason)
            raise ResourceFailed(reason) from None
        except Exception as e:
            log.exception("provider of %s failed", type_name)
            self._fail(name, res, replacing, f"{verb}_FAILED", f"Internal Failure ({type(e).__name__})")
            raise ResourceFailed("Internal Failure") from None
        res.physical_id, res.attributes, res.properties = made.physical_id, dict(made.attributes), props
        policy = (definition.get("CreationPolicy") or {}).get("ResourceSignal")
        if isinstance(policy, dict) and replacing is None:
            self.event(name, made.physical_id, type_name, f"{verb}_IN_PROGRESS", "Resource creation Initiated")
            if reason := await self.signals(name, policy):
                self.event(name, made.physical_id, type_name, f"{verb}_FAILED", reason)
                raise ResourceFailed(reason)
            self.event(name, made.physical_id, type_name, f"{verb}_COMPLETE")
            return
        if replacing is not None:
            self.stack.replaced.append(replacing)
            self.stack.resources[name] = res
        self.event(name, made.physical_id, type_name, f"{verb}_IN_PROGRESS", "Resource creation Initiated",
                   json.dumps(props, default=str))
        self.event(name, made.physical_id, type_name, f"{verb}_COMPLETE")

    async def signals(self, name: str, policy: dict[str, Any]) -> str:
        """A CreationPolicy's wait for SignalResource: "" once Count SUCCESS signals came,
        AWS's reason on a FAILURE signal or when Timeout passes on the cumulo clock."""
        from cumulo.services.cloudformation import callbacks

        count = int(policy.get("Count", 1))
        timeout = _duration(str(policy.get("Timeout", "PT5M")))
        token = callbacks.signal_token(self.stack.stack_id, name)

        def enough(bodies: list[dict[str, Any]]) -> bool:
            return sum(b.get("Status") == "SUCCESS" for b in bodies) >= count or any(b.get("Status") == "FAILURE" for b in bodies)

        try:
            bodies = await callbacks.wait(self.runtime, self.account, self.region, token, self.runtime.clock.now() + timeout, enough)
        except callbacks.CallbackTimeout:
            return f"Failed to receive {count} resource signal(s) within the specified duration"
        failure = next((b for b in bodies if b.get("Status") == "FAILURE"), None)
        return f"Received FAILURE signal with UniqueId {failure.get('UniqueId')}" if failure else ""

    def _fail(self, name: str, res: StackResource, replacing: StackResource | None, status: str, reason: str) -> None:
        if replacing is not None:
            # The old resource stays the stack's; the failed replacement is noted on it.
            self.event(name, replacing.physical_id, res.type, status, reason)
        else:
            self.event(name, res.physical_id, res.type, status, reason)

    def denied(self, name: str, type_name: str) -> str:
        """The stack policy's refusal to update `name`, if it refuses ("" when allowed).
        Without a policy every update is allowed; with one, only what it allows."""
        text = self.stack.update_policy or self.stack.policy
        if not text:
            return ""
        try:
            statements = json.loads(text).get("Statement", [])
        except (ValueError, AttributeError):
            return ""
        allowed = False
        for i, st in enumerate(statements if isinstance(statements, list) else [statements]):
            actions = st.get("Action", []) if "Action" in st else ["Update:*"]
            actions = [actions] if isinstance(actions, str) else actions
            resources = st.get("Resource", "*")
            resources = [resources] if isinstance(resources, str) else resources
            target = f"LogicalResourceId/{name}"
            hit = any(a in ("Update:*", "Update:Modify", "Update:Replace") for a in actions) and any(
                fnmatch.fnmatchcase(target, r) or r == "*" for r in resources)
            types = (st.get("Condition") or {}).get("StringEquals", {}).get("ResourceType")
            if types and type_name not in (types if isinstance(types, list) else [types]):
                hit = False
            if hit and st.get("Effect") == "Deny":
                return f"Action denied by stack policy: Statement [#{i + 1}] does not allow [Update:*] for resource [{target}]"
            allowed = allowed or hit and st.get("Effect") == "Allow"
        return "" if allowed else f"Action not allowed by stack policy: no statement allows [Update:*] for resource [LogicalResourceId/{name}]"

    def previous_tags(self, name: str, type_name: str) -> tuple[str, dict[str, str], bool] | None:
        """When this update changed the stack's tags and the resource takes tags: its tag
        property, the tags the stack gave it before, and whether its tags are a map."""
        from cumulo.services.cloudformation.schemas import tag_property

        before: dict[str, str] | None = (self.stack.previous or {}).get("tags")
        if before is None or before == self.stack.tags or (found := tag_property(type_name)) is None:
            return None
        system = {k: v for k, v in self.context(name, type_name).tags.items() if k.startswith("aws:cloudformation:")}
        return found[0], {**before, **system}, found[1]

    async def update_one(self, name: str, definition: dict[str, Any]) -> None:
        """Update in place, replace, or leave alone, as the property change asks."""
        old = self.stack.resources[name]
        type_name = definition["Type"]
        try:
            props = await self.properties(name, definition, self.stack.imports)
        except ResourceFailed as e:
            self.event(name, old.physical_id, type_name, "UPDATE_FAILED", e.reason)
            raise
        retag = self.previous_tags(name, type_name)
        if type_name == old.type and props == old.properties and retag is None and not old.status.endswith("FAILED"):
            return
        if reason := self.denied(name, type_name):
            # The stack policy is asked only about resources the update changes.
            self.event(name, old.physical_id, type_name, "UPDATE_FAILED", reason)
            raise ResourceFailed(reason)
        if type_name != old.type:
            await self.create_one(name, definition, replacing=copy.deepcopy(old))
            return
        impl = provider(type_name)
        changed = {k for k in props.keys() | old.properties.keys() if props.get(k) != old.properties.get(k)}
        if impl is None or impl.update is None or changed & impl.replaces or not old.physical_id:
            await self.create_one(name, definition, replacing=copy.deepcopy(old))
            return
        self.event(name, old.physical_id, type_name, "UPDATE_IN_PROGRESS")
        old.attempted = props
        try:
            before = old.properties if retag is None else with_previous_tags(old.properties, *retag)
            made = await impl.update(self.context(name, type_name), old.physical_id, props, before)
        except AwsError as e:
            self.event(name, old.physical_id, type_name, "UPDATE_FAILED", e.message or e.code)
            raise ResourceFailed(e.message or e.code) from None
        except Exception as e:
            log.exception("provider of %s failed", type_name)
            self.event(name, old.physical_id, type_name, "UPDATE_FAILED", f"Internal Failure ({type(e).__name__})")
            raise ResourceFailed("Internal Failure") from None
        if made.physical_id and made.physical_id != old.physical_id and impl is provider("Custom::Any"):
            # A custom resource that answers an update with a new physical id was replaced:
            # CloudFormation sends Delete for the old id in cleanup.
            self.stack.replaced.append(copy.deepcopy(old))
        old.physical_id, old.attributes, old.properties = made.physical_id or old.physical_id, dict(made.attributes), props
        old.attempted = None
        self.event(name, old.physical_id, type_name, "UPDATE_COMPLETE")

    async def delete_one(self, res: StackResource, policy: str, *, in_stack: bool = True, rollback: bool = False) -> None:
        name = res.logical_id
        if res.status in ("DELETE_COMPLETE", "DELETE_SKIPPED") and in_stack:
            return
        # A rollback removes what it made unless the policy is Retain and the stack did not
        # ask RetainExceptOnCreate; a stack delete keeps Retain and RetainExceptOnCreate ones.
        if rollback:
            retain = policy == "Retain" and not self.stack.retain_except_on_create
        else:
            retain = policy in ("Retain", "RetainExceptOnCreate") or res.logical_id in self.stack.retain_resources
        if retain:
            self._resource_event(res, in_stack, "DELETE_SKIPPED")
            return
        if not res.physical_id:
            # Never made (its create failed before the provider answered): nothing to remove.
            self._resource_event(res, in_stack, "DELETE_COMPLETE")
            return
        self._resource_event(res, in_stack, "DELETE_IN_PROGRESS")
        impl = provider(res.type)
        try:
            if impl is not None:
                await impl.delete(self.context(name, res.type), res.physical_id, res.properties)
        except AwsError as e:
            self._resource_event(res, in_stack, "DELETE_FAILED", e.message or e.code)
            raise ResourceFailed(e.message or e.code) from None
        except Exception as e:
            log.exception("provider of %s failed to delete", res.type)
            self._resource_event(res, in_stack, "DELETE_FAILED", f"Internal Failure ({type(e).__name__})")
            raise ResourceFailed("Internal Failure") from None
        self._resource_event(res, in_stack, "DELETE_COMPLETE")

    def _resource_event(self, res: StackResource, in_stack: bool, status: str, reason: str = "") -> None:
        self.event(res.logical_id, res.physical_id, res.type, status, reason, touch=in_stack)
        if not in_stack:
            res.status, res.reason = status, reason

    # ------------------------------------------------------------ walking the graph

    async def walk(self, deps: dict[str, set[str]], work: Callable[[str], Awaitable[None]], *,
                   stop_on_failure: bool = True) -> list[str]:
        """Run `work` for each node once everything it waits for is done, in parallel;
        returns the nodes that failed. After a failure no new node starts (unless
        `stop_on_failure` is off); those already running finish."""
        done: set[str] = set()
        pending = set(deps)
        inflight: dict[asyncio.Task[None], str] = {}
        tracked: set[asyncio.Task[None]] = _live(self.runtime).setdefault("inflight", {}).setdefault(self.stack.stack_id, set())
        failed: list[str] = []
        while pending or inflight:
            if not (failed and stop_on_failure) and not self.cancelled():
                for name in sorted(pending):
                    if deps[name] <= done or not stop_on_failure and deps[name] <= done | set(failed):
                        pending.discard(name)
                        task = asyncio.ensure_future(work(name))
                        inflight[task] = name
                        tracked.add(task)
            if not inflight:
                break
            finished, _ = await asyncio.wait(inflight, return_when=asyncio.FIRST_COMPLETED)
            for task in finished:
                name = inflight.pop(task)
                tracked.discard(task)
                if task.cancelled():
                    self._stopped(name)
                    failed.append(name)
                elif task.exception() is not None:
                    if not isinstance(task.exception(), ResourceFailed):
                        log.error("stack step %s failed", name, exc_info=task.exception())
                    failed.append(name)
                else:
                    done.add(name)
        return failed

    def _stopped(self, name: str) -> None:
        """A resource whose handler CancelUpdateStack stopped: its event says so."""
        res = self.stack.resources.get(name)
        if res is not None and res.status.endswith("_IN_PROGRESS"):
            verb = res.status.split("_")[0]
            self.event(name, res.physical_id, res.type, f"{verb}_FAILED",
                       "Resource creation cancelled" if verb == "CREATE" else "Resource update cancelled")


from cumulo.services.cloudformation.phases import PHASES  # noqa: E402  (the phases use Run)
