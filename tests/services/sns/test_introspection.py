"""The fakecloud SDK's SNS client against cumulo: its dataclasses accept exactly the shapes cumulo answers."""

from __future__ import annotations

from typing import Any

from cryptography import x509
from fakecloud import FakeCloudSync
from fakecloud.types import ConfirmSubscriptionRequest

from cumulo.testing import CumuloServer


def test_the_fakecloud_sdk_reads_sns(sns: Any, topic: str, cumulo: CumuloServer) -> None:
    fc = FakeCloudSync(cumulo.url).sns
    message_id = sns.publish(TopicArn=topic, Message="hello", Subject="Hi")["MessageId"]
    sns.publish(PhoneNumber="+15555550199", Message="text me")
    sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="a@example.com")
    [message] = [m for m in fc.get_messages().messages if m.message_id == message_id]
    assert (message.topic_arn, message.message, message.subject) == (topic, "hello", "Hi")
    assert [(m.phone_number, m.message) for m in fc.get_sms().messages] == [("+15555550199", "text me")]
    [pending] = fc.get_pending_confirmations().pending_confirmations
    assert pending.endpoint == "a@example.com" and pending.token
    assert fc.confirm_subscription(ConfirmSubscriptionRequest(subscription_arn=pending.subscription_arn)).confirmed is True
    assert fc.get_pending_confirmations().pending_confirmations == []
    x509.load_pem_x509_certificate(fc.get_cert_pem().encode())
