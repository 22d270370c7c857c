"""The service registry: packages found by name, handlers matched to model operations."""

from __future__ import annotations

import types

import pytest

from cumulo import services
from cumulo.protocol.models import service_model


@pytest.mark.parametrize("name", sorted(services.IMPLEMENTED))
def test_every_handler_is_an_operation(name: str) -> None:
    service = services.get(name)
    assert service is not None and service.name == name
    assert set(service.handlers) <= set(service_model(name).operation_names)
    assert service.handlers, f"{name} implements nothing"


def test_internal_routes_start_with_their_service() -> None:
    for name in services.IMPLEMENTED:
        for route in services.get(name).internal:  # type: ignore[union-attr]
            assert route.path.split("/", 1)[0] == name, route.path


def test_a_public_function_matching_no_operation_is_an_error() -> None:
    api = types.ModuleType("fake_api")

    def send_mesage(ctx, req):  # type: ignore[no-untyped-def]  # the typo the check is for
        return {}

    send_mesage.__module__ = api.__name__
    api.send_mesage = send_mesage  # type: ignore[attr-defined]
    with pytest.raises(RuntimeError, match="send_mesage matches no operation of sqs"):
        services.Service(name="sqs", api=api).handlers
