"""CloudFormation's own resource types: nested stacks (AWS::CloudFormation::Stack), wait
conditions and their handles, and custom resources (Custom::* and
AWS::CloudFormation::CustomResource) backed by a Lambda function or an SNS topic, and
AWS::CDK::Metadata, the resource every CDK app's stack carries.

A nested stack is made through CloudFormation's own API (ctx.call CreateStack) and
waited for; a custom resource's request goes to its ServiceToken through
services.call (Lambda Invoke, SNS Publish) and its answer comes back to the pre-signed
ResponseURL that cumulo serves (`callbacks`).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from cumulo.core.errors import AwsError
from cumulo.core.provisioning import ProvisionContext, Resource, ResourceType
from cumulo.services.cloudformation import callbacks

CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"]
CUSTOM_TIMEOUT = 3600.0  # AWS's default: an hour for the function to answer


def _failed(message: str) -> AwsError:
    return AwsError("ValidationError", message, status=400)


# ---------------------------------------------------------------------------- nested stacks


def _child_params(props: dict[str, Any]) -> list[dict[str, str]]:
    params = props.get("Parameters") or {}
    return [{"ParameterKey": k, "ParameterValue": ",".join(map(str, v)) if isinstance(v, list) else str(v)} for k, v in params.items()]


async def _settle(ctx: ProvisionContext, stack_id: str) -> Any:
    from cumulo.services.cloudformation import deploy
    from cumulo.services.cloudformation.stacks import find

    await deploy.wait(ctx.runtime, stack_id)
    return find(ctx.runtime, ctx.account, ctx.region, stack_id, deleted=True)


def _outputs(child: Any) -> Resource:
    return Resource(child.stack_id, {f"Outputs.{o['OutputKey']}": o["OutputValue"] for o in child.outputs})


def _adopt(ctx: ProvisionContext, stack_id: str) -> None:
    from cumulo.services.cloudformation.stacks import find, save

    child = find(ctx.runtime, ctx.account, ctx.region, stack_id)
    parent = find(ctx.runtime, ctx.account, ctx.region, ctx.stack_id)
    if child is not None:
        child.parent_id = ctx.stack_id
        child.root_id = (parent.root_id or parent.stack_id) if parent is not None else ctx.stack_id
        save(ctx.runtime, ctx.account, ctx.region, child)


async def create_stack(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    request: dict[str, Any] = {"StackName": ctx.physical_name(128), "Parameters": _child_params(props),
                               "Capabilities": CAPABILITIES, "Tags": ctx.tag_list(props.get("Tags"))}
    request["Tags"] = [t for t in request["Tags"] if not t["Key"].startswith("aws:")]
    request["TemplateURL" if "TemplateURL" in props else "TemplateBody"] = props.get("TemplateURL") or json.dumps(props.get("TemplateBody", {}))
    for key in ("TimeoutInMinutes", "NotificationARNs"):
        if key in props:
            request[key] = int(props[key]) if key == "TimeoutInMinutes" else props[key]
    stack_id = (await ctx.call("cloudformation", "CreateStack", request))["StackId"]
    _adopt(ctx, stack_id)
    child = await _settle(ctx, stack_id)
    if child is None or child.status != "CREATE_COMPLETE":
        raise _failed(f"Embedded stack {stack_id} was not successfully created: {child.reason if child else ''}".strip())
    return _outputs(child)


async def update_stack(ctx: ProvisionContext, stack_id: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    request: dict[str, Any] = {"StackName": stack_id, "Parameters": _child_params(props), "Capabilities": CAPABILITIES}
    request["TemplateURL" if "TemplateURL" in props else "TemplateBody"] = props.get("TemplateURL") or json.dumps(props.get("TemplateBody", {}))
    from cumulo.services.cloudformation.stacks import UPDATABLE

    changed = True
    try:
        await ctx.call("cloudformation", "UpdateStack", request)
    except AwsError as e:
        if "No updates are to be performed" not in e.message:
            raise
        changed = False  # already as asked (a rollback finding the child rolled back itself)
    child = await _settle(ctx, stack_id)
    if child is None or (child.status != "UPDATE_COMPLETE" if changed else child.status not in UPDATABLE):
        raise _failed(f"Embedded stack {stack_id} was not successfully updated. Currently in {child.status if child else 'DELETE_COMPLETE'}.")
    return _outputs(child)


async def delete_stack(ctx: ProvisionContext, stack_id: str, props: dict[str, Any]) -> None:
    await ctx.call("cloudformation", "DeleteStack", {"StackName": stack_id})
    child = await _settle(ctx, stack_id)
    if child is not None and child.status != "DELETE_COMPLETE":
        raise _failed(f"Embedded stack {stack_id} was not successfully deleted: {child.reason}")


# ---------------------------------------------------------------------------- wait conditions


async def create_handle(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    url, _ = callbacks.new_url(ctx.runtime, ctx.account, ctx.region, 86400)
    return Resource(url)


async def _nothing(ctx: ProvisionContext, pid: str, props: dict[str, Any]) -> None:
    return None


async def create_wait_condition(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    handle = props.get("Handle")
    if not handle:
        # A WaitCondition with a CreationPolicy waits for SignalResource instead; cumulo
        # treats it as satisfied (no instance exists to signal).
        return Resource(ctx.arn("cloudformation", f"waitcondition/{ctx.logical_id}"), {"Data": "{}"})
    count = int(props.get("Count", 1))
    timeout = float(props.get("Timeout", 43200))
    token = callbacks.token_of(handle)

    def enough(bodies: list[dict[str, Any]]) -> bool:
        return sum(1 for b in bodies if b.get("Status") == "SUCCESS") >= count or any(b.get("Status") == "FAILURE" for b in bodies)

    try:
        bodies = await callbacks.wait(ctx.runtime, ctx.account, ctx.region, token, ctx.runtime.clock.now() + timeout, enough)
    except callbacks.CallbackTimeout:
        got = sum(1 for b in callbacks.received(ctx.runtime, ctx.account, ctx.region, token) if b.get("Status") == "SUCCESS")
        raise _failed(f"WaitCondition timed out. Received {got} conditions when expecting {count}") from None
    failure = next((b for b in bodies if b.get("Status") == "FAILURE"), None)
    if failure is not None:
        raise _failed(f"WaitCondition received failed message: '{failure.get('Reason', '')}' for uniqueId: {failure.get('UniqueId', '')}")
    data = {str(b.get("UniqueId", i)): b.get("Data", "") for i, b in enumerate(bodies) if b.get("Status") == "SUCCESS"}
    return Resource(handle, {"Data": json.dumps(data)})


# ---------------------------------------------------------------------------- custom resources


async def _send(ctx: ProvisionContext, token_arn: str, event: dict[str, Any]) -> None:
    service = token_arn.split(":")[2] if token_arn.startswith("arn:") else ""
    if service == "lambda":
        await ctx.call("lambda", "Invoke", {"FunctionName": token_arn, "InvocationType": "Event",
                                            "Payload": json.dumps(event).encode()})
    elif service == "sns":
        await ctx.call("sns", "Publish", {"TopicArn": token_arn, "Message": json.dumps(event)})
    else:
        raise _failed(f"Invalid service token {token_arn}: a Lambda function or SNS topic ARN is required")


async def _request(ctx: ProvisionContext, kind: str, props: dict[str, Any], physical: str | None = None,
                   old: dict[str, Any] | None = None) -> dict[str, Any]:
    service_token = props.get("ServiceToken")
    if not service_token:
        raise _failed("ServiceToken is required for a custom resource")
    url, token = callbacks.new_url(ctx.runtime, ctx.account, ctx.region)
    event: dict[str, Any] = {
        "RequestType": kind, "ServiceToken": service_token, "ResponseURL": url, "StackId": ctx.stack_id,
        "RequestId": str(uuid.uuid4()), "LogicalResourceId": ctx.logical_id, "ResourceType": ctx.type_name or "AWS::CloudFormation::CustomResource",
        "ResourceProperties": props,
    }
    if physical is not None:
        event["PhysicalResourceId"] = physical
    if old is not None:
        event["OldResourceProperties"] = old
    await _send(ctx, service_token, event)
    timeout = float(props.get("ServiceTimeout", CUSTOM_TIMEOUT))
    try:
        bodies = await callbacks.wait(ctx.runtime, ctx.account, ctx.region, token, ctx.runtime.clock.now() + timeout, bool)
    except callbacks.CallbackTimeout:
        raise _failed("CloudFormation did not receive a response from your Custom Resource. Please check your logs for requestId "
                      f"[{event['RequestId']}]. If you are using the Python cfn-response module, you may need to update your "
                      "Lambda function code so that CloudFormation can attach the updated version.") from None
    answer = bodies[-1]
    if answer.get("Status") != "SUCCESS":
        raise _failed(f"Received response status [FAILED] from custom resource. Message returned: {answer.get('Reason', '')}")
    return answer


async def create_custom(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    answer = await _request(ctx, "Create", props)
    physical = answer.get("PhysicalResourceId") or f"{ctx.stack_name}-{ctx.logical_id}-{uuid.uuid4().hex[:12].upper()}"
    return Resource(str(physical), dict(answer.get("Data") or {}))


async def update_custom(ctx: ProvisionContext, physical: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    answer = await _request(ctx, "Update", props, physical, old)
    return Resource(str(answer.get("PhysicalResourceId") or physical), dict(answer.get("Data") or {}))


async def delete_custom(ctx: ProvisionContext, physical: str, props: dict[str, Any]) -> None:
    try:
        await _request(ctx, "Delete", props, physical)
    except AwsError as e:
        # The function or topic gone: nothing is left to answer, and nothing to clean.
        if e.code in ("ResourceNotFoundException", "NotFound", "NotFoundException"):
            return
        raise


# ---------------------------------------------------------------------------- CDK metadata


async def create_cdk_metadata(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    # The CDK's usage report (`Analytics`, the constructs an app used, compressed): AWS keeps it
    # as a resource of the stack that makes nothing; its physical id is a UUID.
    return Resource(str(uuid.uuid4()))


async def update_cdk_metadata(ctx: ProvisionContext, physical: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    return Resource(physical)


RESOURCE_TYPES = {
    "AWS::CloudFormation::Stack": ResourceType(create_stack, delete_stack, update_stack),
    "AWS::CloudFormation::WaitConditionHandle": ResourceType(create_handle, _nothing),
    "AWS::CloudFormation::WaitCondition": ResourceType(create_wait_condition, _nothing),
    "AWS::CloudFormation::CustomResource": ResourceType(create_custom, delete_custom, update_custom, replaces=frozenset({"ServiceToken"})),
    "AWS::CDK::Metadata": ResourceType(create_cdk_metadata, _nothing, update_cdk_metadata),
}
