"""Terraform's AWS provider builds an SNS fan-out on cumulo: topics (standard with a delivery policy and a
topic policy, FIFO), SQS, Lambda and HTTP subscriptions with filter policies; then a publish reaches
them, `plan` shows no drift, and `destroy` removes it all. See test_terraform.py for the `Stack` runner."""

from __future__ import annotations

import json
import threading
import urllib.request
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from cumulo.testing import CumuloServer

from .test_terraform import HERE, Stack, client, error_code, pytestmark, wait_for  # noqa: F401 - pytestmark: the same skip


def webhook() -> tuple[ThreadingHTTPServer, list[dict[str, Any]]]:
    """An HTTP subscriber that confirms its subscription (what endpoint_auto_confirms expects) and keeps notifications."""
    received: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server API
            doc = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
            if doc["Type"] == "SubscriptionConfirmation":
                threading.Thread(target=lambda: urllib.request.urlopen(doc["SubscribeURL"], timeout=5).read()).start()
            else:
                received.append(doc)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, received


def test_sns_fan_out_applies_delivers_and_destroys(cumulo: CumuloServer, tmp_path: Path) -> None:
    notifications(cumulo, tmp_path)


def notifications(cumulo: CumuloServer, tmp_path: Path) -> None:
    """The check, shaped like test_terraform.py's CONFIGURATIONS entries, so it can run beside them."""
    sns, sqs = client(cumulo, "sns"), client(cumulo, "sqs")
    package = tmp_path / "audit.zip"
    with zipfile.ZipFile(package, "w") as archive:
        archive.write(HERE / "notifications" / "audit.py", "audit.py")
    httpd, received = webhook()
    try:
        stack = Stack("notifications", tmp_path, cumulo.url)
        outputs = stack.apply(function_zip=str(package), webhook=f"http://127.0.0.1:{httpd.server_address[1]}/sns")
        topic = outputs["topic_arn"]
        attrs = sns.get_topic_attributes(TopicArn=topic)["Attributes"]
        assert attrs["DisplayName"] == "Orders" and attrs["SubscriptionsConfirmed"] == "3"
        assert json.loads(attrs["Policy"])["Statement"][0]["Sid"] == "AllowS3"
        assert json.loads(attrs["EffectiveDeliveryPolicy"])["http"]["defaultHealthyRetryPolicy"]["numRetries"] == 4
        subs = {s["Protocol"]: s for s in sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]}
        assert sorted(subs) == ["http", "lambda", "sqs"]
        sqs_attrs = sns.get_subscription_attributes(SubscriptionArn=subs["sqs"]["SubscriptionArn"])["Attributes"]
        assert sqs_attrs["RawMessageDelivery"] == "true" and json.loads(sqs_attrs["FilterPolicy"])["status"] == ["paid"]
        fifo = sns.get_topic_attributes(TopicArn=topic.replace("tf-orders-topic", "tf-jobs.fifo"))["Attributes"]
        assert (fifo["FifoTopic"], fifo["ContentBasedDeduplication"]) == ("true", "true")

        for status, total in (("paid", 250), ("paid", 5), ("refunded", 900)):
            sns.publish(TopicArn=topic, Message=json.dumps({"kind": "order", "total": total}), MessageAttributes={
                "status": {"DataType": "String", "StringValue": status}, "total": {"DataType": "Number", "StringValue": str(total)}})
        got = wait_for(lambda: sqs.receive_message(QueueUrl=outputs["paid_url"], MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages"))
        assert [json.loads(m["Body"])["total"] for m in got] == [250]
        wait_for(lambda: len(received) == 3)
        assert {json.loads(d["Message"])["total"] for d in received} == {250, 5, 900}

        stack.assert_no_drift()
        stack.destroy()
        assert sns.list_topics()["Topics"] == [] and sns.list_subscriptions()["Subscriptions"] == []
        assert "NonExistentQueue" in error_code(sqs.get_queue_url, QueueName="tf-paid")
    finally:
        httpd.shutdown()
