"""Email subscriptions through an SMTP relay (CUMULO_SMTP_RELAY): the confirmation email's link
confirms, notifications arrive as mail with the unsubscribe footer; email-json carries the envelope."""

from __future__ import annotations

import email
import json
import re
import socketserver
import threading
import time
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from cumulo.testing import CumuloServer


class Relay(socketserver.ThreadingTCPServer):
    """A minimal SMTP server keeping every message it is given."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self) -> None:
        self.messages: list[tuple[str, email.message.Message]] = []
        outer = self

        class Session(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                self.wfile.write(b"220 test relay\r\n")
                recipient = ""
                while line := self.rfile.readline():
                    verb = line[:4].upper()
                    if verb == b"EHLO":
                        self.wfile.write(b"250-test\r\n250 8BITMIME\r\n")
                    elif verb == b"RCPT":
                        recipient = line.decode().split("<", 1)[1].split(">", 1)[0]
                        self.wfile.write(b"250 ok\r\n")
                    elif verb == b"DATA":
                        self.wfile.write(b"354 go\r\n")
                        lines = []
                        while (data := self.rfile.readline()) not in (b".\r\n", b""):
                            lines.append(data[1:] if data.startswith(b"..") else data)
                        outer.messages.append((recipient, email.message_from_bytes(b"".join(lines))))
                        self.wfile.write(b"250 queued\r\n")
                    elif verb == b"QUIT":
                        self.wfile.write(b"221 bye\r\n")
                        return
                    else:
                        self.wfile.write(b"250 ok\r\n")

        super().__init__(("127.0.0.1", 0), Session)

    def wait(self, count: int, timeout: float = 10.0) -> list[tuple[str, email.message.Message]]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages


@pytest.fixture
def relay(cumulo: CumuloServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[Relay]:
    server = Relay()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setattr(cumulo.runtime.config, "smtp_relay", f"127.0.0.1:{server.server_address[1]}")
    yield server
    server.shutdown()
    server.server_close()


def test_email_confirmation_and_notifications_through_the_relay(sns: Any, topic: str, relay: Relay) -> None:
    sns.set_topic_attributes(TopicArn=topic, AttributeName="DisplayName", AttributeValue="Shop")
    sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="ops@example.com")
    [(to, confirmation)] = relay.wait(1)
    assert to == "ops@example.com" and confirmation["Subject"] == "AWS Notification - Subscription Confirmation"
    assert confirmation["From"] == "Shop <no-reply@sns.amazonaws.com>"
    link = re.search(r"http://\S+/_cumulo/sns/confirm\?\S+", confirmation.get_payload(decode=True).decode())
    assert link is not None
    urllib.request.urlopen(link.group(0), timeout=5).read()
    assert sns.get_topic_attributes(TopicArn=topic)["Attributes"]["SubscriptionsConfirmed"] == "1"
    sns.publish(TopicArn=topic, Message="disk full\n.\nsecond paragraph", Subject="Alarm")
    _, mail = relay.wait(2)[1]
    text = mail.get_payload(decode=True).decode().replace("\r\n", "\n")
    assert mail["Subject"] == "Alarm" and text.startswith("disk full\n.\nsecond paragraph")
    assert "/_cumulo/sns/unsubscribe?SubscriptionArn=" in text


def test_email_json_gets_the_envelope(sns: Any, topic: str, relay: Relay) -> None:
    sns.subscribe(TopicArn=topic, Protocol="email-json", Endpoint="hooks@example.com")
    [(_, confirmation)] = relay.wait(1)
    urllib.request.urlopen(re.search(r"http://\S+/_cumulo/sns/confirm\?\S+", confirmation.get_payload(decode=True).decode()).group(0), timeout=5)  # type: ignore[union-attr]
    sns.publish(TopicArn=topic, Message="as json")
    _, mail = relay.wait(2)[1]
    doc = json.loads(mail.get_payload(decode=True))
    assert doc["Type"] == "Notification" and doc["Message"] == "as json" and mail["Subject"] == "AWS Notification Message"
