"""Devices, sessions, auth events, user import jobs, replicas and the other account-level settings."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer


def test_devices(idp: Any, pool: str, client: str, make_user: Any, login: Any) -> None:
    idp.update_user_pool(UserPoolId=pool, AutoVerifiedAttributes=["email"],
                         DeviceConfiguration={"ChallengeRequiredOnNewDevice": False, "DeviceOnlyRememberedOnUserPrompt": True})
    make_user("dora")
    result = login(idp, client, "dora")["AuthenticationResult"]
    key = result["NewDeviceMetadata"]["DeviceKey"]
    confirmed = idp.confirm_device(AccessToken=result["AccessToken"], DeviceKey=key, DeviceName="laptop",
                                   DeviceSecretVerifierConfig={"PasswordVerifier": "x", "Salt": "y"})
    assert confirmed["UserConfirmationNecessary"] is True
    idp.update_device_status(AccessToken=result["AccessToken"], DeviceKey=key, DeviceRememberedStatus="remembered")
    device = idp.admin_get_device(UserPoolId=pool, Username="dora", DeviceKey=key)["Device"]
    attrs = {a["Name"]: a["Value"] for a in device["DeviceAttributes"]}
    assert attrs["device_name"] == "laptop" and attrs["dev:device_remembered_status"] == "remembered"
    assert [d["DeviceKey"] for d in idp.list_devices(AccessToken=result["AccessToken"])["Devices"]] == [key]
    idp.admin_forget_device(UserPoolId=pool, Username="dora", DeviceKey=key)
    assert idp.admin_list_devices(UserPoolId=pool, Username="dora")["Devices"] == []


def test_auth_events_and_feedback(idp: Any, pool: str, client: str, make_user: Any, login: Any) -> None:
    make_user("eve")
    with pytest.raises(ClientError):
        login(idp, client, "eve", "Wrong-passw0rd")
    login(idp, client, "eve")
    events = idp.admin_list_user_auth_events(UserPoolId=pool, Username="eve")["AuthEvents"]
    assert [e["EventResponse"] for e in events] == ["Pass", "Fail"]
    idp.admin_update_auth_event_feedback(UserPoolId=pool, Username="eve", EventId=events[1]["EventId"], FeedbackValue="Invalid")
    again = idp.admin_list_user_auth_events(UserPoolId=pool, Username="eve")["AuthEvents"]
    assert again[1]["EventFeedback"]["FeedbackValue"] == "Invalid"


def test_import_users_from_csv(cumulo: CumuloServer, idp: Any, pool: str) -> None:
    header = idp.get_csv_header(UserPoolId=pool)["CSVHeader"]
    assert header[-2:] == ["cognito:mfa_enabled", "cognito:username"] and "custom:tier" in header
    job = idp.create_user_import_job(UserPoolId=pool, JobName="load", CloudWatchLogsRoleArn="arn:aws:iam::000000000000:role/logs")["UserImportJob"]
    rows = [",".join(header)]
    for name in ("uma", "ulf"):
        values = {"email": f"{name}@example.com", "email_verified": "true", "cognito:mfa_enabled": "false", "cognito:username": name}
        rows.append(",".join(values.get(h, "") for h in header))
    assert httpx.put(job["PreSignedUrl"], content="\n".join(rows).encode()).status_code == 200
    done = idp.start_user_import_job(UserPoolId=pool, JobId=job["JobId"])["UserImportJob"]
    assert done["Status"] == "Succeeded" and done["ImportedUsers"] == 2
    assert idp.admin_get_user(UserPoolId=pool, Username="uma")["UserStatus"] == "RESET_REQUIRED"
    assert idp.describe_user_import_job(UserPoolId=pool, JobId=job["JobId"])["UserImportJob"]["ImportedUsers"] == 2
    assert len(idp.list_user_import_jobs(UserPoolId=pool, MaxResults=10)["UserImportJobs"]) == 1


def test_sessions(idp: Any, pool: str, client: str, make_user: Any, login: Any) -> None:
    make_user("fin")
    first = login(idp, client, "fin")["AuthenticationResult"]
    second = login(idp, client, "fin")["AuthenticationResult"]
    sessions = idp.list_user_sessions(AccessToken=second["AccessToken"])["Sessions"]
    assert len(sessions) == 2 and sum(s["IsCurrentSession"] for s in sessions) == 1
    other = next(s for s in sessions if not s["IsCurrentSession"])
    idp.admin_revoke_user_session(UserPoolId=pool, Username="fin", SessionId=other["SessionId"])
    with pytest.raises(ClientError):
        idp.get_user(AccessToken=first["AccessToken"])


def test_replicas_limits_and_client_tokens(idp: Any, pool: str) -> None:
    idp.create_user_pool_replica(UserPoolId=pool, RegionName="eu-west-1")
    assert [r["Role"] for r in idp.list_user_pool_replicas(UserPoolId=pool)["UserPoolReplicas"]] == ["PRIMARY", "SECONDARY"]
    definition = {"LimitClass": "API_CATEGORY", "Attributes": {"Category": "UserAuthentication"}}
    idp.update_provisioned_limit(LimitDefinition=definition, RequestedLimitValue=300)
    assert idp.get_provisioned_limit(LimitDefinition=definition)["Limit"]["ProvisionedLimitValue"] == 300
    idp.create_resource_server(UserPoolId=pool, Identifier="api", Name="api", Scopes=[{"ScopeName": "read", "ScopeDescription": "r"}])
    made = idp.create_user_pool_client(UserPoolId=pool, ClientName="m2m", GenerateSecret=True, AllowedOAuthFlows=["client_credentials"],
                                       AllowedOAuthScopes=["api/read"], AllowedOAuthFlowsUserPoolClient=True)["UserPoolClient"]
    token = idp.get_client_token(ClientId=made["ClientId"], Secret=made["ClientSecret"])["ClientAuthenticationResult"]
    assert token["TokenType"] == "Bearer"
    idp.set_user_pool_session_configuration(UserPoolId=pool, UserSessionTracking="ENABLED", TokenSession={"MaxPerUser": 5})
    assert idp.get_user_pool_session_configuration(UserPoolId=pool)["TokenSession"] == {"MaxPerUser": 5}
    assert "_session" not in str(idp.get_user_pool_mfa_config(UserPoolId=pool))
