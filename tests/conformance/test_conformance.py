"""Model-generated requests for every implemented operation, sent by botocore to a live server.

One test per (service, operation), discovered from the service registry: a
service that lands is covered with no code here. CI sends a seeded sample of
each operation's variants (`CUMULO_CONFORMANCE_SAMPLE`, default 12); the full
set is one command away:

    CUMULO_CONFORMANCE=full pytest tests/conformance

Each test writes its results under .pytest_cache (read by `cumulo coverage`)
and its counts into the report, for the `conformance: N/N variants passed`
line. Failures owned by a service are listed in
cumulo/conformance/expected_failures.json, with the reason.
"""

from __future__ import annotations

import json
import os

import pytest

from cumulo.conformance import coverage
from cumulo.conformance.runner import Runner, load_expected_failures, summary

MODE = "full" if os.environ.get("CUMULO_CONFORMANCE") == "full" else "sample"
SAMPLE = None if MODE == "full" else int(os.environ.get("CUMULO_CONFORMANCE_SAMPLE", "12"))
SEED = int(os.environ.get("CUMULO_CONFORMANCE_SEED", "0"))

_found, _broken = coverage.implemented_services()
CASES = [pytest.param(s.name, op, id=f"{s.name}.{op}") for s in _found for op in coverage.operations(s)]
BROKEN = [pytest.param(name, error, id=name) for name, error in _broken]


@pytest.fixture(scope="module")
def runner(cumulo_server) -> Runner:
    return Runner(cumulo_server.url, SEED, load_expected_failures())


@pytest.mark.parametrize(("service", "operation"), CASES)
def test_operation(service: str, operation: str, runner: Runner, cumulo, request: pytest.FixtureRequest) -> None:
    results = runner.run_operation(service, operation, SAMPLE)
    outcome = summary(results)
    request.node.user_properties.append(("conformance", json.dumps({"service": service, "operation": operation, **outcome})))
    coverage.write_result(request.config.rootpath / coverage.RESULTS_DIR, MODE, service, operation, outcome)
    unexpected = [r for r in results if not r.ok and not r.expected and not r.skipped]
    assert not unexpected, f"{len(unexpected)} of {len(results)} variants failed:\n" + "\n".join(map(str, unexpected))


@pytest.mark.skipif(not BROKEN, reason="every service package imports")
@pytest.mark.parametrize(("package", "error"), BROKEN or [pytest.param("", "", id="none")])
def test_service_package_imports(package: str, error: str) -> None:
    pytest.fail(f"services/{package} does not load, so none of its operations are checked: {error}")
