"""Stacks, resources, events and change sets as the API returns them."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from cumulo.services.cloudformation import parameters
from cumulo.services.cloudformation.models import ChangeSet, Stack, StackEvent, StackResource


def utc(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def tag_list(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"Key": k, "Value": v} for k, v in tags.items()]


def stack(s: Stack) -> dict[str, Any]:
    out: dict[str, Any] = {
        "StackId": s.stack_id,
        "StackName": s.name,
        "CreationTime": utc(s.created),
        "StackStatus": s.status,
        "DisableRollback": s.disable_rollback,
        "NotificationARNs": list(s.notification_arns),
        "Capabilities": list(s.capabilities),
        "Outputs": [dict(o) for o in s.outputs],
        "Tags": tag_list(s.tags),
        "EnableTerminationProtection": s.termination_protection,
        "DriftInformation": {"StackDriftStatus": s.drift},
        "RollbackConfiguration": s.rollback_configuration or {},
        "RetainExceptOnCreate": s.retain_except_on_create,
        "DeletionMode": s.deletion_mode,
    }
    declared = (s.template.get("Parameters") or {})
    if s.parameters:
        out["Parameters"] = parameters.shown(declared, s.parameters, s.resolved_parameters)
    if s.drift_checked:
        out["DriftInformation"]["LastCheckTimestamp"] = utc(s.drift_checked)
    if s.description:
        out["Description"] = s.description
    if s.reason:
        out["StackStatusReason"] = s.reason
    if s.updated:
        out["LastUpdatedTime"] = utc(s.updated)
    if s.deleted:
        out["DeletionTime"] = utc(s.deleted)
    if s.timeout:
        out["TimeoutInMinutes"] = s.timeout
    if s.role_arn:
        out["RoleARN"] = s.role_arn
    if s.change_set_id:
        out["ChangeSetId"] = s.change_set_id
    if s.parent_id:
        out["ParentId"], out["RootId"] = s.parent_id, s.root_id or s.parent_id
    return out


def summary(s: Stack) -> dict[str, Any]:
    out: dict[str, Any] = {"StackId": s.stack_id, "StackName": s.name, "CreationTime": utc(s.created),
                           "StackStatus": s.status, "DriftInformation": {"StackDriftStatus": s.drift}}
    if s.description:
        out["TemplateDescription"] = s.description
    if s.reason:
        out["StackStatusReason"] = s.reason
    if s.updated:
        out["LastUpdatedTime"] = utc(s.updated)
    if s.deleted:
        out["DeletionTime"] = utc(s.deleted)
    if s.parent_id:
        out["ParentId"], out["RootId"] = s.parent_id, s.root_id or s.parent_id
    return out


def _drift(r: StackResource) -> dict[str, Any]:
    info: dict[str, Any] = {"StackResourceDriftStatus": r.drift}
    if r.drift_checked:
        info["LastCheckTimestamp"] = utc(r.drift_checked)
    return info


def resource(s: Stack, r: StackResource, *, detail: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "LogicalResourceId": r.logical_id,
        "ResourceType": r.type,
        "ResourceStatus": r.status,
        "DriftInformation": _drift(r),
    }
    if r.physical_id:
        out["PhysicalResourceId"] = r.physical_id
    if r.reason:
        out["ResourceStatusReason"] = r.reason
    if detail:
        out["StackName"], out["StackId"] = s.name, s.stack_id
        out["LastUpdatedTimestamp"] = utc(r.updated or s.created)
        metadata = ((s.template.get("Resources") or {}).get(r.logical_id) or {}).get("Metadata")
        if metadata is not None:
            out["Metadata"] = json.dumps(metadata)
    return out


def stack_resource(s: Stack, r: StackResource) -> dict[str, Any]:
    """DescribeStackResources' shape: a Timestamp and the stack's names."""
    out = resource(s, r)
    out["StackName"], out["StackId"], out["Timestamp"] = s.name, s.stack_id, utc(r.updated or s.created)
    return out


def resource_summary(s: Stack, r: StackResource) -> dict[str, Any]:
    out = resource(s, r)
    out["LastUpdatedTimestamp"] = utc(r.updated or s.created)
    return out


def event(e: StackEvent) -> dict[str, Any]:
    out: dict[str, Any] = {
        "StackId": e.stack_id, "EventId": e.event_id, "StackName": e.stack_name, "LogicalResourceId": e.logical_id,
        "PhysicalResourceId": e.physical_id, "ResourceType": e.type, "Timestamp": utc(e.timestamp), "ResourceStatus": e.status,
    }
    if e.reason:
        out["ResourceStatusReason"] = e.reason
    if e.properties:
        out["ResourceProperties"] = e.properties
    if e.token:
        out["ClientRequestToken"] = e.token
    return out


def change_set_summary(c: ChangeSet) -> dict[str, Any]:
    out: dict[str, Any] = {
        "StackId": c.stack_id, "StackName": c.stack_name, "ChangeSetId": c.change_set_id, "ChangeSetName": c.name,
        "ExecutionStatus": c.execution_status, "Status": c.status, "CreationTime": utc(c.created),
        "IncludeNestedStacks": c.include_nested, "ImportExistingResources": c.import_existing,
    }
    if c.reason:
        out["StatusReason"] = c.reason
    if c.description:
        out["Description"] = c.description
    return out
