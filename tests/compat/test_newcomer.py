"""What a newcomer meets first: the error for a service not implemented yet, `cumulo --help`'s
settings, `cumulo services`."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import fields

import boto3
import botocore.exceptions
import pytest

import cumulo
from cumulo import services
from cumulo.config import Config


def _client(endpoint: str, service: str):  # type: ignore[no-untyped-def]
    return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")


def test_a_service_not_implemented_names_itself_and_where_to_look() -> None:
    assert "glue" not in services.IMPLEMENTED and "appsync" not in services.IMPLEMENTED
    with cumulo.serve() as endpoint:
        for service, call in (("glue", lambda c: c.get_databases()), ("appsync", lambda c: c.list_graphql_apis())):
            with pytest.raises(botocore.exceptions.ClientError) as raised:
                call(_client(endpoint, service))
            error = raised.value.response["Error"]
            assert error["Code"] == "NotImplemented"
            assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501
            assert error["Message"].startswith(f"Service {service} is not implemented in cumulo yet")
            assert "/_cumulo/health" in error["Message"] and "docs/coverage.md" in error["Message"]


def test_help_lists_every_setting_with_its_default() -> None:
    out = subprocess.run([sys.executable, "-m", "cumulo", "--help"], capture_output=True, text=True, check=True).stdout
    assert "--compat" in out and "--init-dir" in out
    defaults = Config()
    for f in fields(Config):
        value = getattr(defaults, f.name)
        shown = ("1" if value else "0") if isinstance(value, bool) else (str(value) if value != "" else "unset")
        assert f"CUMULO_{f.name.upper()} (default: {shown})" in out


def test_services_prints_the_coverage_table() -> None:
    out = subprocess.run([sys.executable, "-m", "cumulo", "services"], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line and not line.startswith("Every")]
    names = {cells[-2] for cells in rows}
    assert names == set(services.IMPLEMENTED)
    sqs = next(cells for cells in rows if cells[-2] == "sqs")
    done, total = map(int, sqs[-1].split("/"))
    assert 0 < done <= total
    assert "docs/coverage.md" in out
