"""Generated wire types are fresh, and the scaffold makes a service cumulo discovers."""

from __future__ import annotations

from pathlib import Path

from cumulo import codegen, services


def test_wire_types_of_every_implemented_service_are_fresh() -> None:
    for service in services.IMPLEMENTED:
        path = codegen.path_of(service)
        assert path.exists() and path.read_text() == codegen.render(service), f"stale: run `python -m cumulo.codegen` ({path.name})"


def test_wire_types_compile_and_name_errors() -> None:
    from cumulo.generated import sqs

    assert "SendMessage" in sqs.OPERATIONS
    assert sqs.QueueDoesNotExistError("m").code == "QueueDoesNotExist"
    assert "QueueUrl" in sqs.SendMessageRequest.__required_keys__
    assert "DelaySeconds" in sqs.SendMessageRequest.__optional_keys__


def test_scaffold(tmp_path: Path) -> None:
    made = codegen.scaffold("sns", repo=tmp_path)
    names = {p.relative_to(tmp_path).as_posix() for p in made}
    assert names == {
        "cumulo/services/sns/__init__.py", "cumulo/services/sns/api.py", "cumulo/services/sns/models.py",
        "tests/services/sns/test_service.py",
    }
    for path in made:
        compile(path.read_text(), str(path), "exec")
