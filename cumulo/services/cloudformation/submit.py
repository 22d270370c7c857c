"""What CreateStack, UpdateStack, CreateChangeSet and ValidateTemplate share: reading
the submitted template (body, cumulo's S3 URL, or the stack's previous one), running
its transforms, AWS's up-front checks (format, references, cycles, capabilities,
parameters), and the parameter values the stack will use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cumulo.core.errors import AwsError
from cumulo.services.cloudformation import graph, parameters, rules, template, transforms
from cumulo.services.cloudformation.intrinsics import SUB_VAR, pseudo_parameters

if TYPE_CHECKING:
    from cumulo.core.context import RequestContext
    from cumulo.services.cloudformation.models import Stack

IAM_TYPES = frozenset({
    "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy",
    "AWS::IAM::AccessKey", "AWS::IAM::InstanceProfile", "AWS::IAM::UserToGroupAddition", "AWS::IAM::RolePolicy",
    "AWS::IAM::UserPolicy", "AWS::IAM::GroupPolicy",
})
NAMED = {"AWS::IAM::Role": "RoleName", "AWS::IAM::User": "UserName", "AWS::IAM::Group": "GroupName",
         "AWS::IAM::ManagedPolicy": "ManagedPolicyName", "AWS::IAM::InstanceProfile": "InstanceProfileName"}


@dataclass
class Submitted:
    body: str
    raw: dict[str, Any]
    template: dict[str, Any]
    given: dict[str, str] = field(default_factory=dict)
    resolved: dict[str, str] = field(default_factory=dict)


async def read_body(ctx: RequestContext, req: dict[str, Any], stack: Stack | None) -> str:
    body, url = req.get("TemplateBody"), req.get("TemplateURL")
    if req.get("UsePreviousTemplate"):
        if stack is None:
            raise template.validation("UsePreviousTemplate can only be used with an existing stack")
        return stack.template_body
    if body and url:
        raise template.validation("Specify exactly one of TemplateBody or TemplateUrl.")
    if url:
        return await transforms.fetch_s3(ctx.runtime, ctx.account, ctx.region, url)
    if not body:
        raise template.validation("Either Template URL or Template Body must be specified.")
    return body


async def submit(ctx: RequestContext, req: dict[str, Any], stack_name: str, stack: Stack | None,
                 *, check_capabilities: bool = True, previous_params: dict[str, str] | None = None) -> Submitted:
    from cumulo.services.cloudformation.deploy import known_types

    body = await read_body(ctx, req, stack)
    raw = template.parse(body)
    declared = raw.get("Parameters") or {}
    given = parameters.given_values(declared, req.get("Parameters") or [], previous_params)
    processed = await transforms.apply(ctx.runtime, ctx.account, ctx.region, raw, stack_name, given)
    template.check(processed, known_types())
    check_references(processed)
    if check_capabilities:
        capabilities(processed, req.get("Capabilities") or [], bool(transforms.names(raw)) and not req.get("ChangeSetName"))
    declared = processed.get("Parameters") or {}
    given = {k: v for k, v in given.items() if k in declared}
    resolved = await parameters.resolve_ssm(ctx.runtime, ctx.account, ctx.region, declared, given)
    check_conditions(ctx, stack_name, processed, given, resolved)
    return Submitted(body, raw, processed, given, resolved)


def check_conditions(ctx: RequestContext, stack_name: str, tpl: dict[str, Any], given: dict[str, str], resolved: dict[str, str]) -> None:
    """With the parameters known: every condition evaluates, and no resource that will be
    made depends on one its condition leaves out."""
    from cumulo.services.cloudformation.models import Stack
    from cumulo.services.cloudformation.stacks import active_resources, evaluator

    probe = Stack("", stack_name, "", 0.0, template=tpl, parameters=given, resolved_parameters=resolved)
    ev = evaluator(ctx.runtime, ctx.account, ctx.region, probe)
    active = active_resources(ev, tpl)
    graph.dependencies(active)
    rules.check(ev, tpl)


def capabilities(tpl: dict[str, Any], given: list[str], macro: bool) -> None:
    needed = ""
    for res in (tpl.get("Resources") or {}).values():
        typ = res.get("Type")
        if typ in IAM_TYPES:
            if NAMED.get(typ) in (res.get("Properties") or {}):
                needed = "CAPABILITY_NAMED_IAM"
            elif not needed:
                needed = "CAPABILITY_IAM"
    if needed == "CAPABILITY_IAM" and ("CAPABILITY_IAM" in given or "CAPABILITY_NAMED_IAM" in given):
        needed = ""
    if needed == "CAPABILITY_NAMED_IAM" and "CAPABILITY_NAMED_IAM" in given:
        needed = ""
    if needed:
        raise AwsError("InsufficientCapabilitiesException", f"Requires capabilities : [{needed}]", status=400)
    if macro and "CAPABILITY_AUTO_EXPAND" not in given:
        raise AwsError("InsufficientCapabilitiesException", "Requires capabilities : [CAPABILITY_AUTO_EXPAND]", status=400)


def check_references(tpl: dict[str, Any]) -> None:
    """Every Ref and GetAtt names a parameter, pseudo parameter or resource; no cycles."""
    resources = tpl.get("Resources") or {}
    names = set(resources) | set(tpl.get("Parameters") or {}) | set(pseudo_parameters("0", "us-east-1", "", "", []))
    missing: list[str] = []
    _refs(resources, names, set(resources), missing)
    _refs(tpl.get("Outputs") or {}, names, set(resources), missing)
    if missing:
        raise template.format_error(f"Unresolved resource dependencies [{', '.join(dict.fromkeys(missing))}] in the Resources block of the template")
    for name, cond in ((n, r.get("Condition")) for n, r in resources.items()):
        if cond is not None and cond not in (tpl.get("Conditions") or {}):
            raise template.format_error(f"Unresolved dependencies [{cond}]. Cannot reference resources in the Conditions block of the template")
    graph.check_cycles(graph.dependencies(resources))


def _refs(value: Any, names: set[str], resources: set[str], missing: list[str], local: frozenset[str] = frozenset()) -> None:
    if isinstance(value, dict):
        if len(value) == 1:
            (key, arg), = value.items()
            if key == "Ref" and isinstance(arg, str):
                if arg not in names and arg not in local:
                    missing.append(arg)
                return
            if key == "Fn::GetAtt":
                target = arg.split(".", 1)[0] if isinstance(arg, str) else arg[0] if isinstance(arg, list) and arg else None
                if isinstance(target, str) and target not in resources:
                    missing.append(target)
                return
            if key == "Fn::Sub":
                text, variables = (arg[0], arg[1]) if isinstance(arg, list) and len(arg) == 2 else (arg, {})
                if isinstance(variables, dict):
                    _refs(variables, names, resources, missing, local)
                if isinstance(text, str):
                    for var in SUB_VAR.findall(text):
                        var = var.strip()
                        if var.startswith("!") or var in (variables or {}) or var in names:
                            continue
                        if var.split(".", 1)[0] not in resources:
                            missing.append(var)
                return
        for v in value.values():
            _refs(v, names, resources, missing, local)
    elif isinstance(value, list):
        for v in value:
            _refs(v, names, resources, missing, local)
