"""The runner catches a broken handler, and says which service, operation and variant."""

from __future__ import annotations

import pytest

from cumulo import services
from cumulo.conformance import check
from cumulo.conformance.runner import Runner
from cumulo.core.errors import AwsError
from cumulo.protocol.models import service_model


def _failures(runner: Runner, service: str, operation: str) -> list[str]:
    return [str(r) for r in runner.run_operation(service, operation) if not r.ok and not r.skipped]


def test_a_wrong_typed_member_fails_naming_service_operation_and_variant(cumulo, monkeypatch: pytest.MonkeyPatch) -> None:
    def list_queues(ctx, req):  # noqa: ANN001, ANN202 - a deliberately broken handler
        return {"QueueUrls": [1234]}

    monkeypatch.setitem(services.get("sqs").handlers, "ListQueues", list_queues)
    failures = _failures(Runner(cumulo.url), "sqs", "ListQueues")
    assert failures
    assert any(f.startswith("sqs.ListQueues[required]: QueueUrls[0]: expected string, got int") for f in failures), failures


def test_a_member_the_shape_lacks_fails_on_the_wire_and_after_parsing() -> None:
    # The serializer writes only modelled members, so no handler can send an extra one; a
    # protocol bug could, and botocore would silently drop it: the raw body is checked too.
    shape = service_model("sqs").operation_model("ListQueues").output_shape
    assert check.raw_json_problems(shape, {"QueueUrls": [], "Surprise": 1}) == ["Surprise: on the wire but not a member of ListQueuesResult"]
    assert check.output_problems(shape, {"QueueUrls": [], "Surprise": 1}) == ["Surprise: not a member of ListQueuesResult"]


def test_an_undeclared_error_code_fails(cumulo, monkeypatch: pytest.MonkeyPatch) -> None:
    def get_caller_identity(ctx, req):  # noqa: ANN001, ANN202
        raise AwsError("TotallyMadeUpFault", "made up", status=400)

    monkeypatch.setitem(services.get("sts").handlers, "GetCallerIdentity", get_caller_identity)
    failures = _failures(Runner(cumulo.url), "sts", "GetCallerIdentity")
    assert failures == ["sts.GetCallerIdentity[required]: undeclared error code TotallyMadeUpFault (HTTP 400); the operation declares: none"]


def test_a_server_fault_fails(cumulo, monkeypatch: pytest.MonkeyPatch) -> None:
    def get_session_token(ctx, req):  # noqa: ANN001, ANN202
        raise RuntimeError("a bug")

    monkeypatch.setitem(services.get("sts").handlers, "GetSessionToken", get_session_token)
    failures = _failures(Runner(cumulo.url), "sts", "GetSessionToken")
    assert any(f.startswith("sts.GetSessionToken[required]: HTTP 500 InternalFailure") for f in failures), failures
