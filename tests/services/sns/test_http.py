"""HTTP/S subscriptions: a subscriber in the test process confirms via SubscribeURL, verifies every
signature with a standard library, and a failing endpoint is retried on the moved clock, then dead-lettered."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from cumulo.testing import ClockControl, CumuloServer

from .conftest import bodies
from .test_publish import verify


class Subscriber:
    """An HTTP endpoint that records what SNS posts, confirms subscriptions, and answers `status`."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], str]] = []
        self.status = 200
        self.confirm = True
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server API
                body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode()
                outer.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(outer.status if self.headers.get("x-amz-sns-message-type") == "Notification" else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()
                if self.headers.get("x-amz-sns-message-type") == "SubscriptionConfirmation" and outer.confirm:
                    url = json.loads(body)["SubscribeURL"]
                    threading.Thread(target=lambda: urllib.request.urlopen(url, timeout=5).read()).start()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def of_type(self, kind: str) -> list[tuple[dict[str, str], str]]:
        return [(h, b) for h, b in self.received if h.get("x-amz-sns-message-type") == kind]

    def wait(self, kind: str, count: int, timeout: float = 10.0) -> list[tuple[dict[str, str], str]]:
        deadline = time.monotonic() + timeout
        while len(self.of_type(kind)) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.of_type(kind)


@pytest.fixture
def subscriber() -> Iterator[Subscriber]:
    s = Subscriber()
    yield s
    s.server.shutdown()


def wait_for(check: Callable[[], Any], timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.02)


def test_confirmation_handshake_and_signed_notifications(sns: Any, topic: str, subscriber: Subscriber) -> None:
    assert sns.subscribe(TopicArn=topic, Protocol="http", Endpoint=subscriber.url)["SubscriptionArn"] == "pending confirmation"
    [(headers, body)] = subscriber.wait("SubscriptionConfirmation", 1)
    doc = json.loads(body)
    assert headers["x-amz-sns-topic-arn"] == topic and doc["Type"] == "SubscriptionConfirmation" and doc["Token"]
    verify(doc)
    [sub] = wait_for(lambda: [s for s in sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"] if s["SubscriptionArn"] != "PendingConfirmation"])
    assert sns.get_subscription_attributes(SubscriptionArn=sub["SubscriptionArn"])["Attributes"]["ConfirmationWasAuthenticated"] == "false"
    message_id = sns.publish(TopicArn=topic, Message="to the webhook", Subject="Hi")["MessageId"]
    [(headers, body)] = subscriber.wait("Notification", 1)
    assert headers["x-amz-sns-message-id"] == message_id and headers["x-amz-sns-subscription-arn"] == sub["SubscriptionArn"]
    assert headers["content-type"].startswith("text/plain") and headers["user-agent"] == "Amazon Simple Notification Service Agent"
    doc = json.loads(body)
    assert doc["Message"] == "to the webhook" and doc["Subject"] == "Hi"
    verify(doc)
    sns.unsubscribe(SubscriptionArn=sub["SubscriptionArn"])
    [(headers, body)] = subscriber.wait("UnsubscribeConfirmation", 1)
    doc = json.loads(body)
    assert doc["Type"] == "UnsubscribeConfirmation" and sub["SubscriptionArn"] in doc["Message"]
    verify(doc)


def test_raw_http_delivery(sns: Any, topic: str, subscriber: Subscriber) -> None:
    sns.subscribe(TopicArn=topic, Protocol="http", Endpoint=subscriber.url, Attributes={"RawMessageDelivery": "true"})
    subscriber.wait("SubscriptionConfirmation", 1)
    wait_for(lambda: sns.get_topic_attributes(TopicArn=topic)["Attributes"]["SubscriptionsConfirmed"] == "1")
    sns.publish(TopicArn=topic, Message="raw body")
    [(headers, body)] = subscriber.wait("Notification", 1)
    assert body == "raw body" and headers["x-amz-sns-rawdelivery"] == "true"


def test_retries_on_the_clock_then_the_dead_letter_queue(
    sns: Any, sqs: Any, topic: str, subscriber: Subscriber, cumulo: CumuloServer, cumulo_clock: ClockControl, make_queue: Any, drain: Any
) -> None:
    dlq_url, dlq = make_queue("webhook-dlq")
    retry = {"healthyRetryPolicy": {"numRetries": 3, "minDelayTarget": 10, "maxDelayTarget": 40, "backoffFunction": "linear"}}
    sns.subscribe(TopicArn=topic, Protocol="http", Endpoint=subscriber.url,
                  Attributes={"RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq}), "DeliveryPolicy": json.dumps(retry)})
    subscriber.wait("SubscriptionConfirmation", 1)
    wait_for(lambda: sns.get_topic_attributes(TopicArn=topic)["Attributes"]["SubscriptionsConfirmed"] == "1")
    subscriber.status = 500
    sns.publish(TopicArn=topic, Message="doomed")
    subscriber.wait("Notification", 1)

    def pending() -> list[dict[str, Any]]:
        return httpx.get(f"{cumulo.url}/_cumulo/sns/deliveries").json()["pending"]

    [entry] = wait_for(lambda: [p for p in pending() if p["attempts"] == 1])
    assert entry["lastError"] == "HTTP 500"
    assert len(subscriber.of_type("Notification")) == 1  # nothing more until the clock moves
    for attempts in (2, 3, 4):
        # move the clock only once cumulo has recorded the last failure (and scheduled the retry)
        wait_for(lambda: [p for p in pending() if p["attempts"] == attempts - 1])
        cumulo_clock.advance(60)
        subscriber.wait("Notification", attempts)
    assert len(subscriber.of_type("Notification")) == 4  # the first try and three retries
    wait_for(lambda: not pending())
    assert bodies(drain(dlq_url))[0]["Message"] == "doomed"
    failed = httpx.get(f"{cumulo.url}/_cumulo/sns/deliveries").json()["failed"]
    assert any(f["endpoint"] == subscriber.url and f["error"] == "HTTP 500" for f in failed)


def test_unreachable_endpoint_is_pending_not_lost(sns: Any, topic: str, cumulo: CumuloServer) -> None:
    sns.subscribe(TopicArn=topic, Protocol="http", Endpoint="http://127.0.0.1:9/nothing-listens")
    rows = wait_for(lambda: [p for p in httpx.get(f"{cumulo.url}/_cumulo/sns/deliveries").json()["pending"] if p["attempts"] >= 1])
    assert rows[0]["kind"] == "SubscriptionConfirmation" and rows[0]["lastError"]


def _self_signed(tmp: Any) -> tuple[str, str]:
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key()).serial_number(1)
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=1)).sign(key, hashes.SHA256()))
    cert_file, key_file = tmp / "cert.pem", tmp / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return str(cert_file), str(key_file)


def test_https_endpoint_with_a_self_signed_certificate(sns: Any, topic: str, tmp_path: Any) -> None:
    import ssl

    subscriber = Subscriber()
    try:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*_self_signed(tmp_path))
        subscriber.server.socket = context.wrap_socket(subscriber.server.socket, server_side=True)
        subscriber.confirm = False
        url = subscriber.url.replace("http://", "https://")
        sns.subscribe(TopicArn=topic, Protocol="https", Endpoint=url)
        [(headers, body)] = subscriber.wait("SubscriptionConfirmation", 1)
        doc = json.loads(body)
        assert doc["TopicArn"] == topic
        verify(doc)
        arn = sns.confirm_subscription(TopicArn=topic, Token=doc["Token"])["SubscriptionArn"]
        sns.publish(TopicArn=topic, Message="over TLS")
        [(headers, body)] = subscriber.wait("Notification", 1)
        assert headers["x-amz-sns-subscription-arn"] == arn and json.loads(body)["Message"] == "over TLS"
    finally:
        subscriber.server.shutdown()
