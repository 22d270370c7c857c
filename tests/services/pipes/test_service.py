"""Amazon EventBridge Pipes through boto3 against the live server."""

from cumulo import services
from cumulo.testing import CumuloServer


def test_registered(cumulo: CumuloServer) -> None:
    assert services.get("pipes") is not None
