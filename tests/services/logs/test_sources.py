"""Data sources: GetLogFields, GetLogObject, DescribeConfigurationTemplates (boto3 and the
AWS CLI), and the sources associated with an S3 Table integration."""

from __future__ import annotations

import json
import shutil
import time
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer

INTEGRATION = "arn:aws:observabilityadmin:us-east-1:000000000000:s3tableintegration/i-1"


@pytest.fixture
def loaded(logs: Any, stream: tuple[str, str]) -> str:
    group, name = stream
    t = int(time.time() * 1000)
    logs.put_log_events(logGroupName=group, logStreamName=name, logEvents=[
        {"timestamp": t, "message": json.dumps({"level": "INFO", "latency": 3, "req": {"path": "/a", "tags": ["x"]}})},
        {"timestamp": t + 1, "message": json.dumps({"level": "WARN", "latency": 2.5, "ok": True})},
        {"timestamp": t + 2, "message": "plain text"},
    ])
    return group


def test_get_log_fields(logs: Any, loaded: str) -> None:
    fields = {f["logFieldName"]: f["logFieldType"] for f in logs.get_log_fields(dataSourceName=loaded, dataSourceType="custom")["logFields"]}
    assert fields["@timestamp"] == {"type": "timestamp"} and fields["@message"] == {"type": "string"}
    assert fields["level"] == {"type": "string"}
    assert fields["latency"] == {"type": "double"}  # seen as a long and a double
    assert fields["ok"] == {"type": "boolean"}
    req = fields["req"]
    assert req["type"] == "struct"
    inner = {f["logFieldName"]: f["logFieldType"] for f in req["fields"]}
    assert inner == {"path": {"type": "string"}, "tags": {"type": "array", "element": {"type": "string"}}}
    with pytest.raises(ClientError) as e:
        logs.get_log_fields(dataSourceName="nothing_here", dataSourceType="x")
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_get_log_object(logs: Any, loaded: str, cumulo: CumuloServer) -> None:
    qid = logs.start_query(logGroupName=loaded, startTime=0, endTime=int(time.time()) + 3600,
                           queryString="fields @message | filter level = 'INFO'")["queryId"]
    ptr = next(f["value"] for f in logs.get_query_results(queryId=qid)["results"][0] if f["field"] == "@ptr")
    client = boto3.client("logs", endpoint_url=cumulo.url, region_name="us-east-1", config=Config(inject_host_prefix=False))

    def read(pointer: str) -> bytes:
        out = client.get_log_object(logObjectPointer=pointer)
        return b"".join(e["fields"]["data"] for e in out["fieldStream"] if "fields" in e)

    assert json.loads(read(ptr))["level"] == "INFO"
    assert read(ptr + "$['req']['path']") == b"/a"
    assert json.loads(read(ptr + "$['req']")) == {"path": "/a", "tags": ["x"]}
    for pointer, code in ((ptr + "$['nope']", "ResourceNotFoundException"), ("garbage!", "InvalidParameterException")):
        with pytest.raises(ClientError) as e:
            read(pointer)
        assert e.value.response["Error"]["Code"] == code


def test_configuration_templates(logs: Any, cumulo: CumuloServer) -> None:
    every = logs.describe_configuration_templates(limit=50)
    assert len(every["configurationTemplates"]) == 50 and "nextToken" in every
    cf = logs.describe_configuration_templates(service="cloudfront", deliveryDestinationTypes=["S3"])["configurationTemplates"]
    assert len(cf) == 1
    t = cf[0]
    assert (t["logType"], t["resourceType"]) == ("ACCESS_LOGS", "distribution")
    assert {"name": "timestamp", "mandatory": True} in t["allowedFields"]
    assert "parquet" in t["allowedOutputFormats"]
    assert t["defaultDeliveryConfigValues"]["s3DeliveryConfiguration"]["suffixPath"].startswith("{DistributionId}")
    workmail = logs.describe_configuration_templates(service="workmail", logTypes=["AUTHENTICATION_LOGS"])["configurationTemplates"]
    assert {w["deliveryDestinationType"] for w in workmail} == {"S3", "CWL", "FH"}
    with pytest.raises(ClientError) as e:
        logs.describe_configuration_templates(service="nosuchservice")
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"


@pytest.mark.skipif(shutil.which("aws") is None, reason="needs the AWS CLI")
def test_configuration_templates_cli(cumulo: CumuloServer) -> None:
    from tests.services.logs.test_cli import _aws

    out = _aws(cumulo, "logs", "describe-configuration-templates", "--service", "cloudfront", "--delivery-destination-types", "CWL")
    assert [t["deliveryDestinationType"] for t in out["configurationTemplates"]] == ["CWL"]


def test_s3_table_integration_sources(logs: Any, loaded: str) -> None:
    ident = logs.associate_source_to_s3_table_integration(integrationArn=INTEGRATION, dataSource={"name": loaded, "type": "custom"})["identifier"]
    sources = logs.list_sources_for_s3_table_integration(integrationArn=INTEGRATION)["sources"]
    assert [(s["identifier"], s["dataSource"]["name"], s["status"]) for s in sources] == [(ident, loaded, "ACTIVE")]
    with pytest.raises(ClientError) as e:  # already associated
        logs.associate_source_to_s3_table_integration(integrationArn=INTEGRATION, dataSource={"name": loaded, "type": "custom"})
    assert e.value.response["Error"]["Code"] == "ValidationException"
    # the source's log group goes away: the association turns unhealthy
    logs.delete_log_group(logGroupName=loaded)
    assert logs.list_sources_for_s3_table_integration(integrationArn=INTEGRATION)["sources"][0]["status"] == "UNHEALTHY"
    assert logs.disassociate_source_from_s3_table_integration(identifier=ident)["identifier"] == ident
    assert logs.list_sources_for_s3_table_integration(integrationArn=INTEGRATION)["sources"] == []
    cases = [
        (logs.disassociate_source_from_s3_table_integration, {"identifier": ident}, "ResourceNotFoundException"),
        (logs.associate_source_to_s3_table_integration, {"integrationArn": "arn:aws:s3:::b", "dataSource": {"name": "x"}}, "ValidationException"),
        (logs.associate_source_to_s3_table_integration, {"integrationArn": INTEGRATION, "dataSource": {"name": "missing"}}, "ResourceNotFoundException"),
        (logs.list_sources_for_s3_table_integration, {"integrationArn": "bad"}, "ValidationException"),
    ]
    for call, kwargs, code in cases:
        with pytest.raises(ClientError) as e:
            call(**kwargs)
        assert e.value.response["Error"]["Code"] == code, kwargs
