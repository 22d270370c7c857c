"""Providers, aliases, summary, credential report, authorization details, access reports,
organizations features, outbound federation and delegation requests through boto3."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.services.iam.conftest import READ_QUEUES, TRUST

SAML_METADATA = ('<?xml version="1.0"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
                 'entityID="https://idp.example.com" validUntil="2030-01-01T00:00:00Z"><md:IDPSSODescriptor '
                 'protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/>' + "<!--" + "x" * 800 + "-->" + '</md:EntityDescriptor>')


def test_oidc_provider(iam: Any) -> None:
    arn = iam.create_open_id_connect_provider(Url="https://token.actions.githubusercontent.com", ClientIDList=["sts.amazonaws.com"],
                                              ThumbprintList=["a" * 40], Tags=[{"Key": "k", "Value": "v"}])["OpenIDConnectProviderArn"]
    assert arn == "arn:aws:iam::000000000000:oidc-provider/token.actions.githubusercontent.com"
    with pytest.raises(ClientError) as e:
        iam.create_open_id_connect_provider(Url="https://token.actions.githubusercontent.com", ThumbprintList=["a" * 40])
    assert e.value.response["Error"]["Code"] == "EntityAlreadyExists"
    iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID="other")
    iam.remove_client_id_from_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID="sts.amazonaws.com")
    iam.update_open_id_connect_provider_thumbprint(OpenIDConnectProviderArn=arn, ThumbprintList=["b" * 40])
    got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    assert (got["Url"], got["ClientIDList"], got["ThumbprintList"]) == ("token.actions.githubusercontent.com", ["other"], ["b" * 40])
    iam.tag_open_id_connect_provider(OpenIDConnectProviderArn=arn, Tags=[{"Key": "x", "Value": "y"}])
    iam.untag_open_id_connect_provider(OpenIDConnectProviderArn=arn, TagKeys=["k"])
    assert iam.list_open_id_connect_provider_tags(OpenIDConnectProviderArn=arn)["Tags"] == [{"Key": "x", "Value": "y"}]
    assert iam.list_open_id_connect_providers()["OpenIDConnectProviderList"] == [{"Arn": arn}]
    iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    with pytest.raises(ClientError) as e:
        iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    assert e.value.response["Error"]["Code"] == "NoSuchEntity"


def test_saml_provider(iam: Any) -> None:
    arn = iam.create_saml_provider(Name="corp", SAMLMetadataDocument=SAML_METADATA)["SAMLProviderArn"]
    assert arn == "arn:aws:iam::000000000000:saml-provider/corp"
    got = iam.get_saml_provider(SAMLProviderArn=arn)
    assert got["SAMLMetadataDocument"] == SAML_METADATA and got["ValidUntil"].year == 2030
    with pytest.raises(ClientError) as e:
        iam.create_saml_provider(Name="bad", SAMLMetadataDocument="<not-metadata>" + "x" * 1000 + "</not-metadata>")
    assert e.value.response["Error"]["Code"] == "InvalidInput"
    iam.update_saml_provider(SAMLProviderArn=arn, SAMLMetadataDocument=SAML_METADATA.replace("2030", "2031"))
    assert iam.list_saml_providers()["SAMLProviderList"][0]["ValidUntil"].year == 2031
    iam.tag_saml_provider(SAMLProviderArn=arn, Tags=[{"Key": "a", "Value": "b"}])
    iam.untag_saml_provider(SAMLProviderArn=arn, TagKeys=["nothing"])
    assert iam.list_saml_provider_tags(SAMLProviderArn=arn)["Tags"] == [{"Key": "a", "Value": "b"}]
    iam.delete_saml_provider(SAMLProviderArn=arn)
    assert iam.list_saml_providers()["SAMLProviderList"] == []


def test_account_alias(iam: Any) -> None:
    iam.create_account_alias(AccountAlias="my-team")
    assert iam.list_account_aliases()["AccountAliases"] == ["my-team"]
    with pytest.raises(ClientError):
        iam.create_account_alias(AccountAlias="another")
    iam.delete_account_alias(AccountAlias="my-team")
    assert iam.list_account_aliases()["AccountAliases"] == []


def test_summary_and_authorization_details(iam: Any) -> None:
    iam.create_user(UserName="u")
    iam.create_group(GroupName="g")
    iam.add_user_to_group(GroupName="g", UserName="u")
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    iam.put_role_policy(RoleName="r", PolicyName="inline", PolicyDocument=READ_QUEUES)
    arn = iam.create_policy(PolicyName="p", PolicyDocument=READ_QUEUES)["Policy"]["Arn"]
    iam.attach_user_policy(UserName="u", PolicyArn=arn)
    summary = iam.get_account_summary()["SummaryMap"]
    assert (summary["Users"], summary["Groups"], summary["Roles"], summary["Policies"]) == (1, 1, 1, 1)
    details = iam.get_account_authorization_details()
    assert details["UserDetailList"][0]["GroupList"] == ["g"]
    assert details["UserDetailList"][0]["AttachedManagedPolicies"] == [{"PolicyName": "p", "PolicyArn": arn}]
    assert details["RoleDetailList"][0]["RolePolicyList"][0]["PolicyDocument"] == json.loads(READ_QUEUES)
    assert details["Policies"][0]["PolicyVersionList"][0]["Document"] == json.loads(READ_QUEUES)
    only_roles = iam.get_account_authorization_details(Filter=["Role"])
    assert only_roles["UserDetailList"] == [] and len(only_roles["RoleDetailList"]) == 1
    page = iam.get_account_authorization_details(MaxItems=2)
    assert page["IsTruncated"]


def test_credential_report(iam: Any) -> None:
    with pytest.raises(ClientError) as e:
        iam.get_credential_report()
    assert e.value.response["Error"]["Code"] == "ReportNotPresent"
    iam.create_user(UserName="u")
    iam.create_access_key(UserName="u")
    assert iam.generate_credential_report()["State"] == "STARTED"
    assert iam.generate_credential_report()["State"] == "COMPLETE"
    report = iam.get_credential_report()
    rows = list(csv.DictReader(io.StringIO(report["Content"].decode())))
    assert report["ReportFormat"] == "text/csv"
    assert [r["user"] for r in rows] == ["<root_account>", "u"] and rows[1]["access_key_1_active"] == "true"


def test_access_reports_and_summaries(iam: Any) -> None:
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    iam.put_role_policy(RoleName="r", PolicyName="inline", PolicyDocument=READ_QUEUES)
    role_arn = "arn:aws:iam::000000000000:role/r"
    job = iam.generate_service_last_accessed_details(Arn=role_arn)["JobId"]
    details = iam.get_service_last_accessed_details(JobId=job)
    assert details["JobStatus"] == "COMPLETED" and [s["ServiceNamespace"] for s in details["ServicesLastAccessed"]] == ["sqs"]
    assert iam.get_service_last_accessed_details_with_entities(JobId=job, ServiceNamespace="sqs")["EntityDetailsList"] == []
    granting = iam.list_policies_granting_service_access(Arn=role_arn, ServiceNamespaces=["sqs", "s3"])["PoliciesGrantingServiceAccess"]
    assert [(g["ServiceNamespace"], [p["PolicyName"] for p in g["Policies"]]) for g in granting] == [("sqs", ["inline"]), ("s3", [])]
    assert "sqs:ReceiveMessage" in iam.get_human_readable_summary(EntityArn=role_arn)["SummaryContent"]


def test_no_organization_here(iam: Any) -> None:
    for call in (iam.list_organizations_features, iam.enable_organizations_root_sessions,
                 iam.disable_organizations_root_credentials_management):
        with pytest.raises(ClientError) as e:
            call()
        assert e.value.response["Error"]["Code"] == "OrganizationNotFoundException"


def test_outbound_federation_and_sts_preferences(iam: Any) -> None:
    with pytest.raises(ClientError):
        iam.get_outbound_web_identity_federation_info()
    issuer = iam.enable_outbound_web_identity_federation()["IssuerIdentifier"]
    info = iam.get_outbound_web_identity_federation_info()
    assert (info["IssuerIdentifier"], info["JwtVendingEnabled"]) == (issuer, True)
    iam.disable_outbound_web_identity_federation()
    assert not iam.get_outbound_web_identity_federation_info()["JwtVendingEnabled"]
    iam.set_security_token_service_preferences(GlobalEndpointTokenVersion="v2Token")
    assert iam.get_account_summary()["SummaryMap"]["GlobalEndpointTokenVersion"] == 2


def test_delegation_request_lifecycle(iam: Any) -> None:
    request = iam.create_delegation_request(Description="d", Permissions={"PolicyTemplateArn": "arn:aws:iam::aws:policy-template/x"},
                                            RequestorWorkflowId="workflow-1", NotificationChannel="arn:aws:sns:us-east-1:000000000000:t",
                                            SessionDuration=3600)["DelegationRequestId"]
    iam.associate_delegation_request(DelegationRequestId=request)
    iam.accept_delegation_request(DelegationRequestId=request)
    iam.send_delegation_token(DelegationRequestId=request)
    assert iam.get_delegation_request(DelegationRequestId=request)["DelegationRequest"]["State"] == "FINALIZED"
    with pytest.raises(ClientError):
        iam.reject_delegation_request(DelegationRequestId=request)
    iam.update_delegation_request(DelegationRequestId=request, Notes="n")
    assert [d["DelegationRequestId"] for d in iam.list_delegation_requests()["DelegationRequests"]] == [request]
