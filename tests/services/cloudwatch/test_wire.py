"""CloudWatch in each protocol clients send: CBOR (boto3 today), JSON 1.0 and the query protocol."""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET
from typing import Any

import httpx

from cumulo.testing import CumuloServer

AUTH = "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/monitoring/aws4_request, SignedHeaders=host, Signature=0"


def _strip(root: ET.Element) -> ET.Element:
    for el in root.iter():
        el.tag = el.tag.split("}", 1)[-1]
    return root


def test_query_protocol(cumulo: CumuloServer, cw: Any) -> None:
    now = int(time.time())
    form = {
        "Action": "PutMetricData", "Version": "2010-08-01", "Namespace": "Old",
        "MetricData.member.1.MetricName": "Hits", "MetricData.member.1.Value": "3",
        "MetricData.member.1.Dimensions.member.1.Name": "Host", "MetricData.member.1.Dimensions.member.1.Value": "a",
    }
    r = httpx.post(cumulo.url, data=form, headers={"Authorization": AUTH})
    assert r.status_code == 200, r.text
    r = httpx.post(cumulo.url, data={"Action": "ListMetrics", "Version": "2010-08-01", "Namespace": "Old"}, headers={"Authorization": AUTH})
    root = _strip(ET.fromstring(r.content))
    assert [e.text for e in root.iter("MetricName")] == ["Hits"]
    r = httpx.post(cumulo.url, data={"Action": "GetMetricStatistics", "Version": "2010-08-01", "Namespace": "Old", "MetricName": "Hits",
                                     "Dimensions.member.1.Name": "Host", "Dimensions.member.1.Value": "a",
                                     "StartTime": str(now - 600), "EndTime": str(now + 600), "Period": "60", "Statistics.member.1": "Sum"},
                   headers={"Authorization": AUTH})
    assert [e.text for e in _strip(ET.fromstring(r.content)).iter("Sum")] in (["3"], ["3.0"])
    bad = httpx.post(cumulo.url, data={"Action": "PutMetricData", "Version": "2010-08-01", "Namespace": "AWS/X",
                                       "MetricData.member.1.MetricName": "m", "MetricData.member.1.Value": "1"}, headers={"Authorization": AUTH})
    assert bad.status_code == 400
    assert [e.text for e in _strip(ET.fromstring(bad.content)).iter("Code")] == ["InvalidParameterValue"]
    # And what the query client wrote, the CBOR client reads.
    assert cw.list_metrics(Namespace="Old")["Metrics"][0]["Dimensions"] == [{"Name": "Host", "Value": "a"}]


def test_json_protocol(cumulo: CumuloServer) -> None:
    headers = {"Authorization": AUTH, "Content-Type": "application/x-amz-json-1.0", "x-amzn-query-mode": "true"}

    def call(op: str, body: dict[str, Any]) -> httpx.Response:
        return httpx.post(cumulo.url, content=json.dumps(body), headers={**headers, "X-Amz-Target": f"GraniteServiceVersion20100801.{op}"})

    assert call("PutMetricData", {"Namespace": "J", "MetricData": [{"MetricName": "m", "Value": 2.5}]}).status_code == 200
    assert call("ListMetrics", {"Namespace": "J"}).json()["Metrics"] == [{"Namespace": "J", "MetricName": "m", "Dimensions": []}]
    r = call("DescribeAlarms", {"AlarmNames": ["x"], "NextToken": "bad"})
    assert r.status_code == 400
    assert r.headers.get("x-amzn-query-error", "").startswith("InvalidNextToken")
