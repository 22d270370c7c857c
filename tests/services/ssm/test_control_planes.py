"""The other control planes, created and read back: patch baselines and groups, OpsItems, OpsMetadata,
inventory, compliance, resource data syncs, service settings, resource policies, sessions, change
calendars, cloud connectors, execution previews, access requests."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pytest
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer


def code(e: pytest.ExceptionInfo[ClientError]) -> str:
    return str(e.value.response["Error"]["Code"])


def test_patch_baselines_groups_and_defaults(ssm: Any) -> None:
    rules = {"PatchRules": [{"PatchFilterGroup": {"PatchFilters": [{"Key": "CLASSIFICATION", "Values": ["Security"]}]}, "ApproveAfterDays": 3, "ComplianceLevel": "HIGH"}]}
    bid = ssm.create_patch_baseline(Name="linux-sec", OperatingSystem="AMAZON_LINUX_2023", ApprovalRules=rules, ApprovedPatches=["kernel"],
                                    Description="security", Tags=[{"Key": "k", "Value": "v"}])["BaselineId"]
    got = ssm.get_patch_baseline(BaselineId=bid)
    assert got["ApprovalRules"] == rules and got["ApprovedPatches"] == ["kernel"] and got["OperatingSystem"] == "AMAZON_LINUX_2023"
    default = ssm.get_default_patch_baseline(OperatingSystem="AMAZON_LINUX_2023")["BaselineId"]
    assert default.startswith("arn:aws:ssm:us-east-1:") and ssm.get_patch_baseline(BaselineId=default)["Name"].startswith("AWS-")
    ssm.register_default_patch_baseline(BaselineId=bid)
    assert ssm.get_default_patch_baseline(OperatingSystem="AMAZON_LINUX_2023")["BaselineId"] == bid
    ssm.register_patch_baseline_for_patch_group(BaselineId=bid, PatchGroup="web")
    assert ssm.get_patch_baseline_for_patch_group(PatchGroup="web", OperatingSystem="AMAZON_LINUX_2023")["BaselineId"] == bid
    assert ssm.describe_patch_groups()["Mappings"][0]["PatchGroup"] == "web"
    assert ssm.get_patch_baseline(BaselineId=bid)["PatchGroups"] == ["web"]
    with pytest.raises(ClientError) as e:
        ssm.delete_patch_baseline(BaselineId=bid)
    assert code(e) == "ResourceInUseException"
    updated = ssm.update_patch_baseline(BaselineId=bid, Name="renamed", RejectedPatches=["bash"])
    assert updated["Name"] == "renamed" and updated["ApprovedPatches"] == ["kernel"]
    own = ssm.describe_patch_baselines(Filters=[{"Key": "OWNER", "Values": ["Self"]}])["BaselineIdentities"]
    assert [(b["BaselineName"], b["DefaultBaseline"]) for b in own] == [("renamed", True)]
    props = ssm.describe_patch_properties(OperatingSystem="WINDOWS", Property="MSRC_SEVERITY")["Properties"]
    assert {"Name": "Critical"} in props
    ssm.deregister_patch_baseline_for_patch_group(BaselineId=bid, PatchGroup="web")
    with pytest.raises(ClientError) as e:
        ssm.get_patch_baseline(BaselineId="pb-0123456789abcdef0")
    assert code(e) == "DoesNotExistException"


def test_ops_items_and_metadata(ssm: Any) -> None:
    oid = ssm.create_ops_item(Title="disk full", Description="the disk is full", Source="ec2", Priority=2, Severity="2",
                              OperationalData={"/aws/dedup": {"Value": '{"dedupString":"disk"}', "Type": "SearchableString"},
                                               "host": {"Value": "web-1", "Type": "SearchableString"}})["OpsItemId"]
    item = ssm.get_ops_item(OpsItemId=oid)["OpsItem"]
    assert (item["Title"], item["Status"], item["Priority"]) == ("disk full", "Open", 2)
    with pytest.raises(ClientError) as e:
        ssm.create_ops_item(Title="again", Description="d", Source="ec2", OperationalData={"/aws/dedup": {"Value": '{"dedupString":"disk"}', "Type": "SearchableString"}})
    assert code(e) == "OpsItemAlreadyExistsException"
    ssm.update_ops_item(OpsItemId=oid, Status="Resolved", OperationalDataToDelete=["host"])
    item = ssm.get_ops_item(OpsItemId=oid)["OpsItem"]
    assert item["Status"] == "Resolved" and "host" not in item["OperationalData"]
    found = ssm.describe_ops_items(OpsItemFilters=[{"Key": "Status", "Values": ["Resolved"], "Operator": "Equal"}])["OpsItemSummaries"]
    assert [f["OpsItemId"] for f in found] == [oid]
    assoc = ssm.associate_ops_item_related_item(OpsItemId=oid, AssociationType="IsParentOf", ResourceType="AWS::SSMIncidents::IncidentRecord",
                                                ResourceUri="arn:aws:ssm-incidents::000000000000:incident-record/x")["AssociationId"]
    assert ssm.list_ops_item_related_items(OpsItemId=oid)["Summaries"][0]["AssociationId"] == assoc
    ssm.disassociate_ops_item_related_item(OpsItemId=oid, AssociationId=assoc)
    assert ssm.list_ops_item_related_items(OpsItemId=oid)["Summaries"] == []

    arn = ssm.create_ops_metadata(ResourceId="/aws/ssm/app/web", Metadata={"owner": {"Value": "ops"}}, Tags=[{"Key": "k", "Value": "v"}])["OpsMetadataArn"]
    assert ssm.get_ops_metadata(OpsMetadataArn=arn)["Metadata"] == {"owner": {"Value": "ops"}}
    ssm.update_ops_metadata(OpsMetadataArn=arn, MetadataToUpdate={"tier": {"Value": "1"}}, KeysToDelete=["owner"])
    assert ssm.get_ops_metadata(OpsMetadataArn=arn)["Metadata"] == {"tier": {"Value": "1"}}
    assert ssm.list_tags_for_resource(ResourceType="OpsMetadata", ResourceId="/aws/ssm/app/web")["TagList"] == [{"Key": "k", "Value": "v"}]
    assert [m["OpsMetadataArn"] for m in ssm.list_ops_metadata()["OpsMetadataList"]] == [arn]
    ssm.delete_ops_metadata(OpsMetadataArn=arn)
    with pytest.raises(ClientError) as e:
        ssm.get_ops_metadata(OpsMetadataArn=arn)
    assert code(e) == "OpsMetadataNotFoundException"


def test_inventory_compliance_and_syncs(ssm: Any) -> None:
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    ssm.put_inventory(InstanceId="i-0123456789abcdef0", Items=[{"TypeName": "Custom:Rack", "SchemaVersion": "1.0", "CaptureTime": now,
                                                                "Content": [{"Location": "row-1", "Slot": "4"}, {"Location": "row-2", "Slot": "9"}]}])
    entries = ssm.list_inventory_entries(InstanceId="i-0123456789abcdef0", TypeName="Custom:Rack",
                                         Filters=[{"Key": "Location", "Values": ["row-2"], "Type": "Equal"}])["Entries"]
    assert entries == [{"Location": "row-2", "Slot": "9"}]
    inventory = ssm.get_inventory(Filters=[{"Key": "Custom:Rack.Slot", "Values": ["4"], "Type": "Equal"}])["Entities"]
    assert [e["Id"] for e in inventory] == ["i-0123456789abcdef0"]
    schema = ssm.get_inventory_schema(TypeName="Custom:Rack")["Schemas"][0]
    assert {a["Name"] for a in schema["Attributes"]} == {"Location", "Slot"}
    deleted = ssm.delete_inventory(TypeName="Custom:Rack", SchemaDeleteOption="DeleteSchema")
    assert deleted["DeletionSummary"]["TotalCount"] == 1
    assert ssm.describe_inventory_deletions(DeletionId=deleted["DeletionId"])["InventoryDeletions"][0]["LastStatus"] == "Complete"

    ssm.put_compliance_items(ResourceId="i-0123456789abcdef0", ResourceType="ManagedInstance", ComplianceType="Custom:Backup",
                             ExecutionSummary={"ExecutionTime": datetime.now(timezone.utc)},
                             Items=[{"Id": "nightly", "Severity": "HIGH", "Status": "NON_COMPLIANT", "Title": "nightly backup"},
                                    {"Id": "weekly", "Severity": "LOW", "Status": "COMPLIANT"}])
    items = ssm.list_compliance_items(ResourceIds=["i-0123456789abcdef0"], ResourceTypes=["ManagedInstance"])["ComplianceItems"]
    assert sorted(i["Id"] for i in items) == ["nightly", "weekly"]
    summary = ssm.list_resource_compliance_summaries()["ResourceComplianceSummaryItems"][0]
    assert (summary["Status"], summary["OverallSeverity"], summary["NonCompliantSummary"]["NonCompliantCount"]) == ("NON_COMPLIANT", "HIGH", 1)
    assert ssm.list_compliance_summaries()["ComplianceSummaryItems"][0]["NonCompliantSummary"]["NonCompliantCount"] == 1

    ssm.create_resource_data_sync(SyncName="to-s3", S3Destination={"BucketName": "inv", "SyncFormat": "JsonSerDe", "Region": "us-east-1"})
    with pytest.raises(ClientError) as e:
        ssm.create_resource_data_sync(SyncName="to-s3", S3Destination={"BucketName": "inv", "SyncFormat": "JsonSerDe", "Region": "us-east-1"})
    assert code(e) == "ResourceDataSyncAlreadyExistsException"
    assert ssm.list_resource_data_sync()["ResourceDataSyncItems"][0]["S3Destination"]["BucketName"] == "inv"
    ssm.delete_resource_data_sync(SyncName="to-s3")
    assert ssm.list_resource_data_sync()["ResourceDataSyncItems"] == []


def test_service_settings_drive_parameter_store(ssm: Any) -> None:
    setting = ssm.get_service_setting(SettingId="/ssm/parameter-store/default-parameter-tier")["ServiceSetting"]
    assert (setting["SettingValue"], setting["Status"]) == ("Standard", "Default")
    ssm.update_service_setting(SettingId="/ssm/parameter-store/default-parameter-tier", SettingValue="Advanced")
    assert ssm.put_parameter(Name="/adv", Value="v", Type="String")["Tier"] == "Advanced"
    with pytest.raises(ClientError) as e:
        ssm.update_service_setting(SettingId="/ssm/parameter-store/default-parameter-tier", SettingValue="Gold")
    assert code(e) == "ValidationException"
    reset = ssm.reset_service_setting(SettingId="/ssm/parameter-store/default-parameter-tier")["ServiceSetting"]
    assert reset["SettingValue"] == "Standard"
    with pytest.raises(ClientError) as e:
        ssm.get_service_setting(SettingId="/ssm/no/such/setting")
    assert code(e) == "ServiceSettingNotFound"


def test_resource_policies(ssm: Any) -> None:
    ssm.put_parameter(Name="/shared", Value="v", Type="String", Tier="Advanced")
    arn = ssm.get_parameter(Name="/shared")["Parameter"]["ARN"]
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ssm:GetParameter", "Resource": arn}]})
    put = ssm.put_resource_policy(ResourceArn=arn, Policy=policy)
    got = ssm.get_resource_policies(ResourceArn=arn)["Policies"]
    assert got == [{"PolicyId": put["PolicyId"], "PolicyHash": put["PolicyHash"], "Policy": policy}]
    with pytest.raises(ClientError) as e:
        ssm.put_resource_policy(ResourceArn=arn, Policy=policy, PolicyId=put["PolicyId"], PolicyHash="stale")
    assert code(e) == "ResourcePolicyConflictException"
    ssm.delete_resource_policy(ResourceArn=arn, PolicyId=put["PolicyId"], PolicyHash=put["PolicyHash"])
    assert ssm.get_resource_policies(ResourceArn=arn)["Policies"] == []
    with pytest.raises(ClientError) as e:
        ssm.put_resource_policy(ResourceArn=arn, Policy="{not json")
    assert code(e) == "MalformedResourcePolicyDocumentException"


def test_sessions_on_the_local_instance(ssm: Any, cumulo: CumuloServer, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ClientError) as e:
        ssm.start_session(Target="mi-0123456789abcdef0")
    assert code(e) == "TargetNotConnected"
    monkeypatch.setattr(cumulo.runtime.config, "ssm_local_instance", True)
    from cumulo.services.ssm.instances import local_id

    started = ssm.start_session(Target=local_id(), Reason="debug")
    assert started["StreamUrl"].startswith("wss://") and started["TokenValue"]
    active = ssm.describe_sessions(State="Active")["Sessions"]
    assert [(s["SessionId"], s["Status"], s["Reason"]) for s in active] == [(started["SessionId"], "Connected", "debug")]
    ssm.terminate_session(SessionId=started["SessionId"])
    assert ssm.describe_sessions(State="History")["Sessions"][0]["Status"] == "Terminated"
    with pytest.raises(ClientError) as e:
        ssm.resume_session(SessionId=started["SessionId"])
    assert code(e) == "DoesNotExistException"
    assert ssm.get_connection_status(Target=local_id())["Status"] == "connected"


def test_change_calendar_state(ssm: Any) -> None:
    calendar = "\r\n".join([
        "BEGIN:VCALENDAR", "X-CALENDAR-TYPE:DEFAULT_OPEN", "BEGIN:VEVENT", "DTSTART:20300101T000000Z", "DTEND:20300102T000000Z",
        "SUMMARY:freeze", "END:VEVENT", "END:VCALENDAR",
    ])
    ssm.create_document(Name="freeze-cal", DocumentType="ChangeCalendar", DocumentFormat="TEXT", Content=calendar)
    assert ssm.get_calendar_state(CalendarNames=["freeze-cal"], AtTime="2029-12-31T12:00:00Z")["State"] == "OPEN"
    inside = ssm.get_calendar_state(CalendarNames=["freeze-cal"], AtTime="2030-01-01T12:00:00Z")
    assert inside["State"] == "CLOSED" and inside["NextTransitionTime"] == "2030-01-02T00:00:00Z"
    with pytest.raises(ClientError) as e:
        ssm.get_calendar_state(CalendarNames=["AWS-RunShellScript"])
    assert code(e) == "InvalidDocumentType"


def test_cloud_connectors_previews_and_access_requests(ssm: Any) -> None:
    cid = ssm.create_cloud_connector(DisplayName="azure-prod", RoleArn="arn:aws:iam::000000000000:role/c",
                                     Configuration={"AzureConfiguration": {"TenantId": "00000000-0000-0000-0000-000000000000", "ApplicationId": "11111111-0000-0000-0000-000000000000"}})["CloudConnectorId"]
    got = ssm.get_cloud_connector(CloudConnectorId=cid)
    assert got["DisplayName"] == "azure-prod" and "AzureConfiguration" in got["Configuration"]
    assert ssm.list_cloud_connectors()["CloudConnectors"][0]["Provider"] == "Azure"
    assert ssm.validate_cloud_connector(CloudConnectorId=cid)["ValidationFindings"][0]["Code"] == "TargetInaccessible"
    ssm.delete_cloud_connector(CloudConnectorId=cid)
    with pytest.raises(ClientError) as e:
        ssm.get_cloud_connector(CloudConnectorId=cid)
    assert code(e) == "ResourceNotFoundException"

    preview = ssm.start_execution_preview(DocumentName="AWS-PublishSNSNotification")["ExecutionPreviewId"]
    got_preview = ssm.get_execution_preview(ExecutionPreviewId=preview)
    assert got_preview["Status"] == "Success" and got_preview["ExecutionPreview"]["Automation"]["Regions"] == ["us-east-1"]

    request = ssm.start_access_request(Reason="fix prod", Targets=[{"Key": "tag:env", "Values": ["prod"]}])["AccessRequestId"]
    assert ssm.get_access_token(AccessRequestId=request)["AccessRequestStatus"] == "Pending"
    ssm.update_ops_item(OpsItemId=request, Status="Approved")
    token = ssm.get_access_token(AccessRequestId=request)
    assert token["AccessRequestStatus"] == "Approved" and token["Credentials"]["AccessKeyId"].startswith("ASIA")
