"""Send generated variants with a real botocore client to a live server and judge the answers.

`Runner(endpoint_url).run_operation(service, operation, sample=None)` runs, for
one operation:

1. each variant as generated (`required`, `all`, `enum:...`, `neg:...`);
2. sequence variants (`seq:<variant>`): the same requests after the operations
   that create the resource ran (sequences.setup_chain), with the identifiers
   they produced; `seq:required` must succeed, and so must `seq:arn-form:<m>`,
   the baseline with a name swapped for the ARN the creator answered;
3. round trips (`roundtrip:<Reader>:<Member>`): a writer called with one
   optional member set, then its reader must give the member back.

Rules (check.py): a success must parse and match the output shape; an error
must be declared for the operation or common, with the right status; a
negative variant must be refused with a 4xx that is not a not-found; the
baseline of an operation that needs nothing created first must succeed.
Requests go through botocore's own serializer with client-side validation
off (so negative variants reach the server) and retries off (so a 500 is
seen, not retried away). Nothing here knows any particular service: hints
and expected failures are data.
"""

from __future__ import annotations

import copy
import fnmatch
import json
import random
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import botocore.session
from botocore import handlers, xform_name
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from cumulo.conformance import check, sequences
from cumulo.conformance.generate import Generator, Variant, load_hints
from cumulo.protocol.models import service_model

REGION = "us-east-1"
# service -> operation -> variant (fnmatch pattern) -> why it fails: bugs owned by a service, listed not hidden.
EXPECTED_FAILURES = Path(__file__).parent / "expected_failures.json"
JSON_PROTOCOLS = ("json", "rest-json")


@dataclass
class Result:
    service: str
    operation: str
    variant: str
    ok: bool
    problem: str = ""
    expected: str = ""  # the reason from the expected-failures data, when listed there
    skipped: str = ""  # botocore itself could not build this request: not sent, not counted

    @property
    def label(self) -> str:
        return f"{self.service}.{self.operation}[{self.variant}]"

    def __str__(self) -> str:
        return f"{self.label}: {self.problem}" if self.problem else self.label


@dataclass
class Answer:
    parsed: dict[str, Any] | None = None  # set on success
    code: str = ""
    query_code: str = ""
    status: int = 0
    message: str = ""
    fault: str = ""  # no judgeable answer: timeout, unparseable body, connection error
    unsendable: str = ""  # botocore refused to build the request (nothing reached the server)
    raw_problems: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.fault:
            return self.fault
        if self.parsed is not None:
            return f"HTTP {self.status} success"
        return f"HTTP {self.status} {self.code}: {self.message[:160]}"


class Runner:
    def __init__(self, endpoint_url: str, seed: int = 0, expected_failures: dict[str, Any] | None = None) -> None:
        self.endpoint_url = endpoint_url
        self.seed = seed
        self.expected_failures = expected_failures or {}
        self._session = botocore.session.Session()
        self._clients: dict[str, Any] = {}
        self._raw: dict[str, Any] = {}

    # ------------------------------------------------------------ the wire

    def client(self, service: str) -> Any:
        if service not in self._clients:
            client = self._session.create_client(
                service,
                region_name=REGION,
                endpoint_url=self.endpoint_url,
                aws_access_key_id="test",
                aws_secret_access_key="test",
                config=Config(
                    parameter_validation=False,
                    inject_host_prefix=False,
                    retries={"total_max_attempts": 1},
                    connect_timeout=5,
                    read_timeout=30,
                    s3={"addressing_style": "path"},
                ),
            )
            # botocore turns IAM's URL-encoded policy documents into dicts after parsing;
            # the wire answer (a string) is what is checked against the output shape.
            client.meta.events.unregister(f"after-call.{service}", handlers.json_decode_policies)
            client.meta.events.register("before-parse", self._keep_raw)
            client.meta.events.register("before-send", self._mark_sent)
            self._clients[service] = client
        return self._clients[service]

    def _keep_raw(self, response_dict: dict[str, Any], **_: Any) -> None:
        self._raw = response_dict

    def _mark_sent(self, **_: Any) -> None:
        self._sent = True  # returns None: botocore goes on to send the request itself

    def call(self, service: str, operation: str, params: dict[str, Any]) -> Answer:
        """One request through botocore's own client method for `operation`."""
        client = self.client(service)
        method = getattr(client, xform_name(operation))
        self._raw = {}
        self._sent = False
        try:
            parsed = method(**params)
        except ClientError as e:
            error = e.response.get("Error", {})
            return Answer(
                code=error.get("Code", ""),
                query_code=error.get("QueryErrorCode", ""),
                status=e.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0),
                message=error.get("Message", ""),
            )
        except Exception as e:  # noqa: BLE001 - whatever botocore raises is reported, never fatal
            text = f"{type(e).__name__}: {e}"[:300]
            # ResponseParserError, ReadTimeoutError and friends are faults; a request botocore
            # could not even build (a checksum it does not know, endpoint rules that choke on a
            # negative variant) never reached the server.
            return Answer(fault=text) if self._sent else Answer(unsendable=text)
        status = parsed.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        try:
            for key, value in list(parsed.items()):
                if hasattr(value, "read") and hasattr(value, "close"):
                    value.read()
                    value.close()
        except (BotoCoreError, OSError) as e:
            return Answer(fault=f"reading the streaming body failed: {e}")
        return Answer(parsed=parsed, status=status, raw_problems=tuple(self._raw_problems(service, operation)))

    def _raw_problems(self, service: str, operation: str) -> list[str]:
        model = service_model(service)
        body = self._raw.get("body")
        if model.protocol not in JSON_PROTOCOLS or not isinstance(body, (bytes, bytearray)) or not body.strip():
            return []
        shape = model.operation_model(operation).output_shape
        payload = shape.serialization.get("payload") if shape is not None else None
        if payload:
            shape = shape.members[payload]
            if shape.type_name != "structure":
                return []
        try:
            decoded = json.loads(body)
        except ValueError:
            return ["the body is not JSON"]
        return check.raw_json_problems(shape, decoded)

    # ------------------------------------------------------------ judging

    def judge(self, service: str, variant: Variant, answer: Answer, must_succeed: bool) -> str:
        """The problem with `answer` to `variant`, or "" when it is a pass."""
        op = service_model(service).operation_model(variant.operation)
        if answer.fault:
            return answer.fault
        if answer.parsed is not None:
            if variant.negative:
                return f"invalid input accepted: HTTP {answer.status} success"
            problems = check.output_problems(op.output_shape, answer.parsed) + list(answer.raw_problems)
            return "; ".join(problems[:5])
        problem = check.error_problem(op, answer.code, answer.status, answer.query_code, load_hints(service).errors)
        if problem:
            return problem
        if variant.negative and check.NOT_FOUND.search(answer.code) and not _routes_by(op, variant.target) and not service_model(service).protocol.startswith("rest"):
            return f"invalid input answered {answer.code} (HTTP {answer.status}), not a validation error"
        if must_succeed and not variant.negative:
            return f"must succeed, got {answer.describe()}"
        return ""

    def _result(self, service: str, operation: str, name: str, problem: str, answer: Answer | None = None) -> Result:
        if answer is not None and answer.unsendable:
            return Result(service, operation, name, ok=False, skipped=answer.unsendable)
        result = Result(service, operation, name, ok=not problem, problem=problem)
        if problem:
            result.expected = self._expected(service, operation, name)
        return result

    def _expected(self, service: str, operation: str, variant: str) -> str:
        listed = self.expected_failures.get(service, {}).get(operation, {})
        for pattern, reason in listed.items():
            if fnmatch.fnmatchcase(variant, pattern):
                return reason
        return ""

    # ------------------------------------------------------------ one operation

    def run_operation(self, service: str, operation: str, sample: int | None = None) -> list[Result]:
        gen = Generator(service, self.seed)
        hints = gen.hints
        if operation in hints.skip:
            return []
        variants = gen.variants(operation)
        rng = random.Random(f"{self.seed}/{service}/{operation}/sample")
        chain = sequences.setup_chain(gen.model, operation, hints.setup)
        may_fail = operation in hints.baseline_may_fail
        results: list[Result] = []

        for variant in _sample(variants, sample, rng):
            must = variant.baseline and not chain and not may_fail
            answer = self.call(service, operation, variant.params)
            results.append(self._result(service, operation, variant.name, self.judge(service, variant, answer, must), answer))

        if chain:
            positive = [v for v in variants if not v.negative and "." not in v.target and "[" not in v.target]
            for variant in _sample(positive, sample and max(2, sample // 4), rng):
                results += self._sequence(gen, operation, chain, variant, may_fail)

        reader = sequences.reader_for(gen.model, operation, hints.readers)
        if reader is not None:
            results += self._round_trips(gen, operation, chain, reader, sample and 2, rng)
        return results

    def _setup(self, gen: Generator, chain: list[str], tag: str) -> tuple[dict[str, Any], str]:
        """Run the setup chain with fresh names; (context, problem)."""
        context: dict[str, Any] = {}
        for step in chain:
            if ":" in step:
                # Another service's resource the target needs (a Kinesis stream for a DynamoDB
                # destination): its parameters are the hint `values[step]`. Best effort: it may
                # exist already from an earlier variant, and a real failure shows in the step after.
                other, name = step.split(":", 1)
                self.call(other, name, _template(copy.deepcopy(gen.hints.values.get(step, {})), context))
                continue
            op = gen.model.operation_model(step)
            params = gen.params(op, "required", f"setup:{tag}")
            _fill(op, params, context)
            answer = self.call(gen.service, step, params)
            if answer.parsed is None:
                return context, f"setup step {step} failed: {answer.describe()}"
            sequences.harvest(context, params, answer.parsed)
            if step in gen.hints.settle:
                waiter, args = gen.hints.settle[step]
                try:
                    self.client(gen.service).get_waiter(waiter).wait(**_template(copy.deepcopy(args), context),
                                                                     WaiterConfig={"Delay": 0.05, "MaxAttempts": 600})
                except Exception as error:  # noqa: BLE001 - a resource that never settles is the setup's failure
                    return context, f"setup step {step} did not settle: {error}"
        return context, ""

    def _sequence(self, gen: Generator, operation: str, chain: list[str], variant: Variant, may_fail: bool) -> list[Result]:
        op = gen.model.operation_model(operation)
        name = f"seq:{variant.name}"
        context, problem = self._setup(gen, chain, name)
        if problem:
            return [self._result(gen.service, operation, name, problem)]
        params = json_copy(variant.params)
        filled = _fill(op, params, context)
        if variant.target and variant.target in filled:
            return []  # the varied member is the identifier the setup chose: nothing left to vary
        answer = self.call(gen.service, operation, params)
        must = variant.baseline and not may_fail
        results = [self._result(gen.service, operation, name, self.judge(gen.service, variant, answer, must), answer)]
        if variant.baseline:
            results += self._arn_forms(gen, operation, chain, variant, filled, may_fail)
        return results

    def _arn_forms(self, gen: Generator, operation: str, chain: list[str], variant: Variant, filled: set[str], may_fail: bool) -> list[Result]:
        """Identifiers AWS takes as a name or an ARN: the ARN form must work too."""
        from cumulo.conformance.patterns import matches

        op = gen.model.operation_model(operation)
        results = []
        for member in sorted(filled):
            if not member.endswith("Name"):
                continue
            name = f"seq:arn-form:{member}"
            context, problem = self._setup(gen, chain, name)
            arn = context.get(member[: -len("Name")] + "Arn")
            pattern = op.input_shape.members[member].metadata.get("pattern")
            if problem or not isinstance(arn, str) or not pattern or not matches(pattern, arn):
                continue
            params = json_copy(variant.params)
            _fill(op, params, context)
            params[member] = arn
            answer = self.call(gen.service, operation, params)
            results.append(self._result(gen.service, operation, name, self.judge(gen.service, variant, answer, not may_fail), answer))
        return results

    def _round_trips(self, gen: Generator, writer: str, chain: list[str], reader: tuple[str, dict[str, Any]], sample: int | None, rng: random.Random) -> list[Result]:
        reader_op, reader_params = reader
        w = gen.model.operation_model(writer)
        r = gen.model.operation_model(reader_op)
        full = gen.params(w, "all", "roundtrip")
        readable = _member_names(r.output_shape)
        optional = [m for m in w.input_shape.members if m not in w.input_shape.required_members and m in full and m in readable]
        optional = [m for m in optional if not w.input_shape.members[m].serialization.get("streaming")]
        results = []
        for member in _sample(optional, sample, rng, keep_first=False):
            name = f"roundtrip:{reader_op}:{member}"
            if f"{writer}[{name}]" in gen.hints.skip:  # a member whose request and response shapes differ
                continue
            context, problem = self._setup(gen, chain, name)
            if problem:
                results.append(self._result(gen.service, writer, name, problem))
                continue
            params = gen.params(w, "required", name)
            _fill(w, params, context)
            params[member] = full[member]
            written = self.call(gen.service, writer, params)
            if written.parsed is None:
                # Refused (a value the service may reject, judged in the writer's own variants): nothing to read back.
                problem = self.judge(gen.service, Variant(writer, name, params), written, False)
                if problem:
                    results.append(self._result(gen.service, writer, name, problem))
                continue
            sequences.harvest(context, params, written.parsed)
            read_params = gen.params(r, "required", name)
            read_params.update(reader_params)
            _fill(r, read_params, context)
            read = self.call(gen.service, reader_op, read_params)
            if read.parsed is None:
                results.append(self._result(gen.service, writer, name, f"reader {reader_op} failed: {read.describe()}"))
                continue
            found, got = sequences.find_member(read.parsed, member)
            if not found:
                problem = f"{member} was accepted by {writer} and is missing from {reader_op}"
            elif not sequences.same(params[member], got):
                problem = f"{member}: sent {params[member]!r:.80}, {reader_op} gave {got!r:.80}"
            else:
                problem = ""
            results.append(self._result(gen.service, writer, name, problem))
        return results


def _routes_by(op: Any, target: str) -> bool:
    """Whether the varied member is in the URL or a header: there it can decide which
    operation AWS routes to (S3's `?uploadId=`), so not-found may come first. (REST
    services also look the resource up before reading the body: S3 answers NoSuchBucket
    before it reads a malformed configuration, so there not-found is accepted outright.)"""
    member = op.input_shape.members.get(re.split(r"[.\[]", target)[0]) if op.input_shape is not None and target else None
    return member is not None and member.serialization.get("location") in ("uri", "querystring", "header", "headers")


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _template(value: Any, context: dict[str, Any]) -> Any:
    """Hint values may say `{TableName}`: replaced by what the setup steps produced."""
    if isinstance(value, str) and "{" in value:
        return _PLACEHOLDER.sub(lambda m: str(context.get(m.group(1), m.group(0))), value)
    if isinstance(value, dict):
        return {_template(k, context): _template(v, context) for k, v in value.items()}
    if isinstance(value, list):
        return [_template(v, context) for v in value]
    return value


def _fill(op: Any, params: dict[str, Any], context: dict[str, Any]) -> set[str]:
    """Put identifiers from earlier steps into the required members; the names filled."""
    shape = op.input_shape
    filled: set[str] = set()
    if shape is None:
        return filled
    params.update(_template(params, context))
    for name in shape.required_members:
        if name in context and shape.members[name].type_name in ("string", "integer", "long"):
            params[name] = context[name]
            filled.add(name)
    return filled


def _member_names(shape: Any, depth: int = 0, seen: frozenset[str] = frozenset()) -> set[str]:
    """Every member name anywhere in a shape (a few levels deep)."""
    names: set[str] = set()
    if shape is None or depth > 4 or shape.name in seen:
        return names
    seen = seen | {shape.name}
    if shape.type_name == "structure":
        for name, member in shape.members.items():
            names.add(name)
            names |= _member_names(member, depth + 1, seen)
    elif shape.type_name == "list":
        names |= _member_names(shape.member, depth + 1, seen)
    elif shape.type_name == "map":
        names |= _member_names(shape.value, depth + 1, seen)
    return names


def _sample(items: list[Any], size: int | None, rng: random.Random, keep_first: bool = True) -> list[Any]:
    """All items, or `size` of them: the first two (baseline, all) and a seeded pick of the rest."""
    if size is None or len(items) <= size:
        return list(items)
    head = items[:2] if keep_first else []
    rest = items[len(head) :]
    picked = set(rng.sample(range(len(rest)), max(size - len(head), 0)))
    return head + [item for i, item in enumerate(rest) if i in picked]


def json_copy(value: Any) -> Any:
    """A deep copy of generated params (dicts, lists and immutable leaves)."""
    if isinstance(value, dict):
        return {k: json_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_copy(v) for v in value]
    return value


def load_expected_failures(path: Path = EXPECTED_FAILURES) -> dict[str, Any]:
    data = json.loads(path.read_text()) if path.exists() else {}
    return {k: v for k, v in data.items() if not k.startswith("_")}


def summary(results: list[Result]) -> dict[str, Any]:
    sent = [r for r in results if not r.skipped]
    return {
        "passed": sum(r.ok for r in sent),
        "total": len(sent),
        "expected_failures": sum(bool(r.expected) for r in sent if not r.ok),
        "not_sendable": len(results) - len(sent),
        "failures": [asdict(r) for r in sent if not r.ok],
    }
