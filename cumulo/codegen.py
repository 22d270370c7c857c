"""Wire types generated from the pinned botocore models, and the scaffold of a new service.

    python -m cumulo.codegen            # regenerate cumulo/generated/<service>.py for every implemented service
    cumulo scaffold <service>           # a new service package and its test folder

For each service, `cumulo/generated/<module>.py` holds a TypedDict per structure
its operations take or return (`SendMessageRequest`, `SendMessageResult`...),
one `ModelledError` subclass per modelled error (status from the model), and the
operation names. Handlers annotate with them (`req: SendMessageRequest`) so the
IDE and mypy see the members; at run time they are plain dicts. The files are
exempt from size rules; `tests/test_generated_wire.py` fails when one is stale.
"""

from __future__ import annotations

import keyword
import re
import sys
from pathlib import Path

from botocore.model import ListShape, MapShape, Shape, StructureShape

from cumulo.protocol.models import service_index, service_model

ROOT = Path(__file__).resolve().parent
GENERATED = ROOT / "generated"
SCALARS = {
    "string": "str", "character": "str", "integer": "int", "long": "int", "short": "int", "byte": "int",
    "float": "float", "double": "float", "bigdecimal": "float", "biginteger": "int",
    "boolean": "bool", "blob": "bytes", "timestamp": "datetime", "document": "Any",
}


def module_name(service: str) -> str:
    name = service.replace("-", "_")
    return f"{name}_" if keyword.iskeyword(name) else name


def _type(shape: Shape, wanted: dict[str, StructureShape]) -> str:
    kind = shape.type_name
    if isinstance(shape, StructureShape):
        wanted.setdefault(shape.name, shape)
        return f'"{_class(shape.name)}"'
    if isinstance(shape, ListShape):
        return f"list[{_type(shape.member, wanted)}]"
    if isinstance(shape, MapShape):
        return f"dict[{_type(shape.key, wanted)}, {_type(shape.value, wanted)}]"
    if kind == "blob" and shape.serialization.get("streaming"):
        return "Any"  # a StreamingBody in, bytes or an async iterator out
    return SCALARS.get(kind, "Any")


def _class(name: str) -> str:
    return name if not keyword.iskeyword(name) else f"{name}_"


def render(service: str) -> str:
    model = service_model(service)
    wanted: dict[str, StructureShape] = {}
    for op in model.operation_names:
        operation = model.operation_model(op)
        for shape in (operation.input_shape, operation.output_shape):
            if shape is not None:
                wanted.setdefault(shape.name, shape)
    errors = sorted(model.error_shapes, key=lambda s: s.name)
    lines = [
        f'"""Wire types of {model.metadata.get("serviceFullName", service)}, generated from botocore\'s model: do not edit.',
        "",
        "Regenerate with `python -m cumulo.codegen`.",
        '"""',
        "",
        "{imports}",
        "",
        "from cumulo.core.errors import ModelledError",
        "",
        f"OPERATIONS = {tuple(model.operation_names)!r}",
        "",
    ]
    done: set[str] = set()
    while len(done) < len(wanted):
        for name in sorted(set(wanted) - done):
            done.add(name)
            shape = wanted[name]
            members = list(shape.members.items())
            if any(keyword.iskeyword(m) for m, _ in members):
                # A member named by a Python keyword (Logs' `from`): only the functional form can say it.
                fields = []
                for member, member_shape in members:
                    annotation = _type(member_shape, wanted)
                    fields.append(f"{member!r}: Required[{annotation}]" if member in shape.required_members else f"{member!r}: {annotation}")
                lines += ["", f"{_class(name)} = TypedDict({_class(name)!r}, {{{', '.join(fields)}}}, total=False)", ""]
                continue
            lines += ["", f"class {_class(name)}(TypedDict, total=False):"]
            if not members:
                lines.append("    pass")
            required = set(shape.required_members)
            for member, member_shape in members:
                annotation = _type(member_shape, wanted)
                if member in required:
                    annotation = f"Required[{annotation}]"
                lines.append(f"    {member}: {annotation}")
            lines.append("")
    for shape in errors:
        status = shape.metadata.get("error", {}).get("httpStatusCode")
        fault = shape.metadata.get("fault", False) or shape.metadata.get("error", {}).get("senderFault") is False
        lines += ["", f"class {_class(shape.name)}Error(ModelledError):", f'    code = "{shape.name}"']
        if status:
            lines.append(f"    status = {status}")
        if fault:
            lines.append("    sender_fault = False")
        lines.append("")
    text = "\n".join(lines).rstrip() + "\n"
    body = text.split("{imports}", 1)[1]
    # Import only what the types use: generated files are linted like the rest.
    typing = [name for name in ("Any", "Required", "TypedDict") if re.search(rf"\b{name}\b", body)]
    imports = (["from datetime import datetime", ""] if re.search(r"\bdatetime\b", body) else []) + [f"from typing import {', '.join(typing)}"]
    return text.replace("{imports}", "\n".join(imports))


def path_of(service: str) -> Path:
    return GENERATED / f"{module_name(service)}.py"


def write_one(service: str) -> Path:
    path = path_of(service)
    path.write_text(render(service))
    return path


def write_all() -> list[Path]:
    from cumulo import services

    return [write_one(service) for service in services.IMPLEMENTED]


def scaffold(service: str, repo: Path | None = None) -> list[Path]:
    """Create `cumulo/services/<module>/` and `tests/services/<service>/` for a botocore service."""
    if service not in service_index():
        raise SystemExit(f"botocore has no service named {service!r}")
    repo = repo or ROOT.parent
    package = repo / "cumulo" / "services" / module_name(service)
    tests = repo / "tests" / "services" / service
    if package.exists():
        raise SystemExit(f"{package} exists already")
    full_name = service_model(service).metadata.get("serviceFullName", service)
    files = {
        package / "__init__.py": f'"""{full_name}."""\n\nfrom cumulo.services import Service\nfrom cumulo.services.{module_name(service)} import api\n\nSERVICE = Service(name="{service}", api=api)\n',
        package / "api.py": f'"""{full_name}: the handlers, one per operation, in model order.\n\nA handler is named as botocore names the operation in snake_case and takes\n`(ctx, req)`, `req` typed with `cumulo.generated.{module_name(service)}`. An operation\nwith no handler answers 501 NotImplemented.\n"""\n\nfrom __future__ import annotations\n',
        package / "models.py": f'"""{full_name}: the state, as plain slotted dataclasses."""\n\nfrom __future__ import annotations\n',
        tests / "test_service.py": (
            f'"""{full_name} through boto3 against the live server."""\n\n'
            f"from cumulo import services\nfrom cumulo.testing import CumuloServer\n\n\n"
            f"def test_registered(cumulo: CumuloServer) -> None:\n    assert services.get(\"{service}\") is not None\n"
        ),
    }
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return list(files)


if __name__ == "__main__":
    for written in write_all():
        print(written.relative_to(ROOT.parent), file=sys.stderr)
