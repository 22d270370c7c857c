"""Platform applications and endpoints, SMS settings, the sandbox, opt-outs, and the delivery ledger
(email, email-json, SMS, application endpoints) in cumulo's, fakecloud's and LocalStack's shapes."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer


def error_of(call: Any, **kwargs: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as raised:
        call(**kwargs)
    return raised.value.response["Error"]["Code"], raised.value.response["Error"]["Message"]


def test_platform_applications_and_endpoints(sns: Any, cumulo: CumuloServer) -> None:
    app = sns.create_platform_application(Name="mobile", Platform="GCM", Attributes={"PlatformCredential": "server-key"})["PlatformApplicationArn"]
    assert app == "arn:aws:sns:us-east-1:000000000000:app/GCM/mobile"
    assert "PlatformCredential" not in sns.get_platform_application_attributes(PlatformApplicationArn=app)["Attributes"]
    assert error_of(sns.create_platform_application, Name="x", Platform="GCM", Attributes={"EventEndpointCreated": "arn:aws:sns:us-east-1:000000000000:t"}) == ("InvalidParameter", "Invalid parameter: Attributes Reason: PlatformCredential is required for GCM")
    sns.set_platform_application_attributes(PlatformApplicationArn=app, Attributes={"EventDeliveryFailure": "arn:aws:sns:us-east-1:000000000000:t"})
    assert [a["PlatformApplicationArn"] for a in sns.list_platform_applications()["PlatformApplications"]] == [app]
    endpoint = sns.create_platform_endpoint(PlatformApplicationArn=app, Token="device-1", CustomUserData="alice")["EndpointArn"]
    assert sns.create_platform_endpoint(PlatformApplicationArn=app, Token="device-1", CustomUserData="alice")["EndpointArn"] == endpoint
    assert "already exists with the same Token" in error_of(sns.create_platform_endpoint, PlatformApplicationArn=app, Token="device-1", CustomUserData="bob")[1]
    assert sns.get_endpoint_attributes(EndpointArn=endpoint)["Attributes"] == {"Enabled": "true", "CustomUserData": "alice", "Token": "device-1"}
    sns.publish(TargetArn=endpoint, MessageStructure="json", Message=json.dumps({"default": "d", "GCM": json.dumps({"notification": {"title": "hi"}})}))
    got = httpx.get(f"{cumulo.url}/_aws/sns/platform-endpoint-messages", params={"endpointArn": endpoint}).json()
    [message] = got["platform_endpoint_messages"][endpoint]
    assert json.loads(message["Message"]) == {"notification": {"title": "hi"}} and message["TargetArn"] == endpoint
    sns.set_endpoint_attributes(EndpointArn=endpoint, Attributes={"Enabled": "false"})
    assert error_of(sns.publish, TargetArn=endpoint, Message="x") == ("EndpointDisabled", "Endpoint is disabled")
    assert [e["EndpointArn"] for e in sns.list_endpoints_by_platform_application(PlatformApplicationArn=app)["Endpoints"]] == [endpoint]
    httpx.delete(f"{cumulo.url}/_aws/sns/platform-endpoint-messages")
    assert httpx.get(f"{cumulo.url}/_aws/sns/platform-endpoint-messages").json()["platform_endpoint_messages"] == {}
    sns.delete_endpoint(EndpointArn=endpoint)
    assert error_of(sns.get_endpoint_attributes, EndpointArn=endpoint) == ("NotFound", "Endpoint does not exist")
    sns.delete_platform_application(PlatformApplicationArn=app)
    assert sns.list_platform_applications()["PlatformApplications"] == []


def test_sms_attributes_and_direct_publish(sns: Any, cumulo: CumuloServer) -> None:
    sns.set_sms_attributes(attributes={"DefaultSMSType": "Transactional", "DefaultSenderID": "Shop"})
    assert sns.get_sms_attributes(attributes=["DefaultSMSType"])["attributes"] == {"DefaultSMSType": "Transactional"}
    assert error_of(sns.set_sms_attributes, attributes={"Bogus": "1"})[0] == "InvalidParameter"
    sns.publish(PhoneNumber="+15555550111", Message="your code is 42")
    got = httpx.get(f"{cumulo.url}/_aws/sns/sms-messages").json()["sms_messages"]
    assert got["+15555550111"][0]["Message"] == "your code is 42"
    assert {"phoneNumber": "+15555550111", "message": "your code is 42"} in httpx.get(f"{cumulo.url}/_fakecloud/sns/sms").json()["messages"]


def test_opt_outs(sns: Any, cumulo: CumuloServer) -> None:
    assert sns.check_if_phone_number_is_opted_out(phoneNumber="+15555550122")["isOptedOut"] is False
    httpx.post(f"{cumulo.url}/_cumulo/sns/opt-out", json={"phoneNumber": "+15555550122"})
    assert sns.check_if_phone_number_is_opted_out(phoneNumber="+15555550122")["isOptedOut"] is True
    assert sns.list_phone_numbers_opted_out()["phoneNumbers"] == ["+15555550122"]
    sns.publish(PhoneNumber="+15555550122", Message="not delivered")
    assert "+15555550122" not in httpx.get(f"{cumulo.url}/_aws/sns/sms-messages").json()["sms_messages"]
    sns.opt_in_phone_number(phoneNumber="+15555550122")
    assert sns.list_phone_numbers_opted_out()["phoneNumbers"] == []


def test_sms_sandbox(sns: Any, cumulo: CumuloServer) -> None:
    assert sns.get_sms_sandbox_account_status()["IsInSandbox"] is True
    sns.create_sms_sandbox_phone_number(PhoneNumber="+15555550133", LanguageCode="en-US")
    assert sns.list_sms_sandbox_phone_numbers()["PhoneNumbers"] == [{"PhoneNumber": "+15555550133", "Status": "Pending"}]
    text = httpx.get(f"{cumulo.url}/_aws/sns/sms-messages", params={"phoneNumber": "+15555550133"}).json()["sms_messages"]["+15555550133"][0]["Message"]
    code = text.rsplit(" ", 1)[-1]
    assert error_of(sns.verify_sms_sandbox_phone_number, PhoneNumber="+15555550133", OneTimePassword="000000" if code != "000000" else "111111")[0] == (
        "VerificationException")
    sns.verify_sms_sandbox_phone_number(PhoneNumber="+15555550133", OneTimePassword=code)
    assert sns.list_sms_sandbox_phone_numbers()["PhoneNumbers"][0]["Status"] == "Verified"
    sns.delete_sms_sandbox_phone_number(PhoneNumber="+15555550133")
    assert error_of(sns.delete_sms_sandbox_phone_number, PhoneNumber="+15555550133")[0] == "ResourceNotFound"
    assert sns.list_origination_numbers()["PhoneNumbers"] == []


def test_email_and_sms_subscriptions_reach_the_ledger(sns: Any, topic: str, cumulo: CumuloServer) -> None:
    sns.subscribe(TopicArn=topic, Protocol="sms", Endpoint="+15555550144")
    sns.subscribe(TopicArn=topic, Protocol="email-json", Endpoint="ops@example.com")
    token = httpx.get(f"{cumulo.url}/_fakecloud/sns/pending-confirmations").json()["pendingConfirmations"][0]
    assert httpx.post(f"{cumulo.url}/_fakecloud/sns/confirm-subscription", json={"subscriptionArn": token["subscriptionArn"]}).json() == {"confirmed": True}
    message_id = sns.publish(TopicArn=topic, Message="alert", Subject="Alarm")["MessageId"]
    delivered = httpx.get(f"{cumulo.url}/_cumulo/sns/deliveries").json()["delivered"]
    by_protocol = {d["protocol"]: d for d in delivered if d["messageId"] == message_id}
    assert by_protocol["sms"]["message"] == "alert" and by_protocol["sms"]["endpoint"] == "+15555550144"
    doc = json.loads(by_protocol["email-json"]["message"])
    assert doc["Type"] == "Notification" and doc["Message"] == "alert" and doc["Subject"] == "Alarm"
