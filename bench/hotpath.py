"""cumulo's own CPU cost per request, beside a bare ASGI app on the same server stack.

    python bench/hotpath.py                 # the full run: 100,000 stored objects of each kind
    python bench/hotpath.py --quick         # fewer requests and 10,000 stored objects
    python bench/hotpath.py --profile getitem --profile-out /tmp/prof   # py-spy summary of one operation
    python bench/hotpath.py --inprocess getitem --cprofile   # cumulo's App alone, no sockets; cProfile
    HOTPATH_CUMULO=/path/to/other/tree python bench/hotpath.py   # the same bench against another checkout
    python bench/hotpath.py --quick --skip large --skip memory --only item --floor   # beside the floor app

Two child processes on uvicorn + httptools + uvloop: cumulo at its default settings (log
level info, persistence off; its log goes to a file, as a terminal or CI log would take it)
and a bare ASGI app that drains the request and answers a fixed 100-byte body. The bare app
runs on stock uvicorn (the stack cumulo ran on before it wrote a response's head and body
in one write, `cumulo.server._OneWrite`): the ratio is to that, so the one-write saving
counts as cumulo's own. Both are
driven by the same raw keep-alive client: each request's bytes are made once by botocore
(signed, with the headers an SDK sends) and replayed on one socket, so the client costs
next to nothing and what is counted is the server. The figure is the SERVER's CPU time
(every thread; the kernel's CPU clock of that process) per request, median of the rounds.

- simple requests: DynamoDB GetItem / PutItem (100-byte items), SQS SendMessage /
  ReceiveMessage, S3 GetObject / PutObject of 1 KiB, STS GetCallerIdentity; µs per
  request and the ratio to the bare app answering the same request bytes.
- large bodies: S3 PUT and GET of 1 MiB and 64 MiB, CPU ms per MiB (the bare app's
  cost to take the same PUT in is shown beside).
- memory: RSS growth per stored object, for 1 KiB S3 objects, 256-byte SQS messages and
  500-byte DynamoDB items, each kind in a fresh cumulo (distinct keys: the signed request is a template whose key is
  rewritten, which is why signatures are left unchecked, cumulo's default).

Compare figures from one machine and one run only: the machine is shared.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from harness import ROOT, free_port, memory_mib, wait_up

KIB = 1024
MIB = 1024 * KIB
TICK = os.sysconf("SC_CLK_TCK")
BARE_BODY = b'{"Item":{"pk":{"S":"k"},"v":{"S":"' + b"x" * 66 + b'"}}}'


# ---------------------------------------------------------------- the bare app


async def bare_app(scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
    if scope["type"] != "http":
        return
    while True:  # drain the request, as any server must
        message = await receive()
        if not message.get("more_body"):
            break
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/x-amz-json-1.0"), (b"content-length", b"%d" % len(BARE_BODY))]})
    await send({"type": "http.response.body", "body": BARE_BODY})


def floor_app(log_path: str) -> Callable[..., Any]:
    """The least any emulator does for a DynamoDB GetItem or PutItem, and no more: read who
    and where from the Authorization header, the operation from X-Amz-Target, parse the JSON
    body, look the item up in (or put it into) a dict, answer JSON with a request id, and log
    one line. No validation, no routing, no state layer, no errors: the floor under cumulo
    in Python on this server stack (`--floor`)."""
    import re
    import uuid

    import orjson

    credential = re.compile(rb"Credential=([^/]+)/\d{8}/([^/]+)/([^/]+)/")
    items: dict[tuple[str, bytes], Any] = {}
    log = open(log_path, "a", buffering=1 << 16)

    async def app(scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = dict(scope["headers"])
        who = credential.search(headers.get(b"authorization", b""))
        operation = headers.get(b"x-amz-target", b"").partition(b".")[2].decode()
        request = orjson.loads(body) if body and operation else {}  # JSON protocols only
        request_id = str(uuid.uuid4())
        if operation == "GetItem":
            item = items.get((request["TableName"], orjson.dumps(request["Key"], option=orjson.OPT_SORT_KEYS)))
            out = orjson.dumps({"Item": item} if item else {})
        elif operation == "PutItem":
            item = request["Item"]
            items[(request["TableName"], orjson.dumps({"pk": item["pk"]}, option=orjson.OPT_SORT_KEYS))] = item
            out = b"{}"
        else:
            out = BARE_BODY
        log.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} INFO dynamodb {operation} 200 {request_id} {who and who[1]!r}\n")
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/x-amz-json-1.0"), (b"x-amzn-requestid", request_id.encode()),
                                (b"content-length", b"%d" % len(out))]})
        await send({"type": "http.response.body", "body": out})

    return app


def serve_floor(port: int, log_path: str) -> None:
    import uvicorn

    uvicorn.run(floor_app(log_path), host="127.0.0.1", port=port, loop="uvloop", http="httptools", lifespan="off",
                access_log=False, log_config=None, server_header=False, timeout_keep_alive=120)


def serve_bare(port: int) -> None:
    import uvicorn

    # The stack and settings of cumulo.server.uvicorn_config, with uvicorn's own httptools protocol.
    uvicorn.run(bare_app, host="127.0.0.1", port=port, loop="uvloop", http="httptools", lifespan="off",
                access_log=False, log_config=None, server_header=False, timeout_keep_alive=120)


# ---------------------------------------------------------------- processes and CPU


def cpu_seconds(pid: int) -> float:
    """The CPU time of the whole process (every thread), in seconds: Linux's clock for
    another process (clock_getcpuclockid's id, to the ns), else utime + stime from /proc
    (in 10 ms ticks)."""
    try:
        return time.clock_gettime(((~pid) << 3) | 2)  # MAKE_PROCESS_CPUCLOCK(pid, CPUCLOCK_SCHED)
    except OSError:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK


@contextmanager
def process(args: list[str], port: int, log_path: str | None = None, tree: str | None = None) -> Iterator[subprocess.Popen[bytes]]:
    log = open(log_path, "wb") if log_path else subprocess.DEVNULL
    tree = tree or os.environ.get("HOTPATH_CUMULO") or str(ROOT)  # another tree's cumulo (a before/after run)
    proc = subprocess.Popen(args, cwd=tree, stdout=subprocess.DEVNULL, stderr=log,
                            env={**os.environ, "PYTHONPATH": tree})
    try:
        wait_up(f"http://127.0.0.1:{port}/_cumulo/health", timeout=60)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log is not subprocess.DEVNULL:
            log.close()


def cumulo_args(port: int) -> list[str]:
    return [sys.executable, "-m", "cumulo", "--port", str(port)]  # default settings: log level info


def server_pid(proc: subprocess.Popen[bytes]) -> int:
    """The server's pid: the child itself, or py-spy's child when profiled."""
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    if children.exists():
        kids = children.read_text().split()
        if kids and "py-spy" in Path(f"/proc/{proc.pid}/cmdline").read_bytes().decode(errors="replace"):
            return int(kids[0])
    return proc.pid


# ---------------------------------------------------------------- the raw client


class Raw:
    """One keep-alive connection replaying prepared request bytes; reads Content-Length
    and chunked responses."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = bytearray()

    def close(self) -> None:
        self.sock.close()

    def _fill(self) -> None:
        chunk = self.sock.recv(1 << 20)
        if not chunk:
            raise ConnectionError("server closed the connection")
        self.buf += chunk

    def _line(self) -> bytes:
        while (end := self.buf.find(b"\r\n")) < 0:
            self._fill()
        line = bytes(self.buf[:end])
        del self.buf[:end + 2]
        return line

    def _exactly(self, n: int) -> bytes:
        while len(self.buf) < n:
            self._fill()
        out = bytes(self.buf[:n])
        del self.buf[:n]
        return out

    def response(self) -> tuple[int, bytes]:
        while (end := self.buf.find(b"\r\n\r\n")) < 0:
            self._fill()
        head = bytes(self.buf[:end]).split(b"\r\n")
        del self.buf[:end + 4]
        status = int(head[0].split()[1])
        if status < 200:  # 100 Continue: the final answer follows
            return self.response()
        headers = {}
        for line in head[1:]:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip()
        if b"content-length" in headers:
            return status, self._exactly(int(headers[b"content-length"]))
        if b"chunked" in headers.get(b"transfer-encoding", b""):
            parts = []
            while size := int(self._line().split(b";")[0], 16):
                parts.append(self._exactly(size))
                self._line()
            while self._line():  # trailers
                pass
            return status, b"".join(parts)
        return status, b""

    def call(self, data: bytes) -> tuple[int, bytes]:
        self.sock.sendall(data)
        return self.response()

    def pipelined(self, requests: Iterator[bytes], window: int = 32) -> None:
        """Many requests with `window` in flight; any non-2xx answer fails the run."""
        pending = 0
        batch: list[bytes] = []
        for data in requests:
            batch.append(data)
            if len(batch) == window:
                self.sock.sendall(b"".join(batch))
                pending += len(batch)
                batch = []
                while pending:
                    self._check(*self.response())
                    pending -= 1
        if batch:
            self.sock.sendall(b"".join(batch))
            for _ in batch:
                self._check(*self.response())

    @staticmethod
    def _check(status: int, body: bytes) -> None:
        if status >= 300:
            raise RuntimeError(f"HTTP {status}: {body[:300]!r}")


# ---------------------------------------------------------------- requests, as botocore makes them


class _Captured(Exception):
    def __init__(self, data: bytes) -> None:
        self.data = data


def client(service: str, port: int) -> Any:
    import boto3
    from botocore.config import Config

    return boto3.client(service, endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test",
                        config=Config(retries={"max_attempts": 0}, s3={"addressing_style": "path"}))


def prepared(service: str, port: int, operation: str, **params: Any) -> bytes:
    """The exact bytes botocore would send for one call (signed), never sent."""
    c = client(service, port)

    def capture(request: Any, **_: Any) -> None:
        parts = request.url.split("/", 3)
        target = "/" + (parts[3] if len(parts) > 3 else "")
        body = request.body
        if body is None:
            body = b""
        elif hasattr(body, "read"):
            body = body.read()
        elif isinstance(body, str):
            body = body.encode()
        headers = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in request.headers.items()}
        headers.setdefault("Host", f"127.0.0.1:{port}")
        headers.pop("Expect", None)  # the body is sent at once
        headers["Content-Length"] = str(len(body))
        head = f"{request.method} {target} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
        raise _Captured(head.encode("latin-1") + body)

    c.meta.events.register("before-send", capture)
    try:
        getattr(c, operation)(**params)
    except _Captured as captured:
        return captured.data
    raise AssertionError("no request captured")


def setup(port: int) -> None:
    """The table, queue and bucket the requests use, through boto3."""
    ddb = client("dynamodb", port)
    for table in ("hot", "many"):
        ddb.create_table(TableName=table, AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                         KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST")
    ddb.put_item(TableName="hot", Item={"pk": {"S": "k"}, "v": {"S": "x" * 90}})
    sqs = client("sqs", port)
    sqs.create_queue(QueueName="hot")
    sqs.create_queue(QueueName="many")
    s3 = client("s3", port)
    s3.create_bucket(Bucket="hot")
    s3.create_bucket(Bucket="many")
    s3.put_object(Bucket="hot", Key="k1", Body=os.urandom(KIB))


def simple_requests(port: int) -> dict[str, bytes]:
    queue = f"http://127.0.0.1:{port}/000000000000/hot"
    return {
        "DynamoDB GetItem": prepared("dynamodb", port, "get_item", TableName="hot", Key={"pk": {"S": "k"}}),
        "DynamoDB PutItem": prepared("dynamodb", port, "put_item", TableName="hot", Item={"pk": {"S": "k2"}, "v": {"S": "x" * 90}}),
        "SQS SendMessage": prepared("sqs", port, "send_message", QueueUrl=queue, MessageBody="m" * 100),
        "SQS ReceiveMessage": prepared("sqs", port, "receive_message", QueueUrl=queue, MaxNumberOfMessages=1),
        "S3 PutObject 1KiB": prepared("s3", port, "put_object", Bucket="hot", Key="k2", Body=os.urandom(KIB)),
        "S3 GetObject 1KiB": prepared("s3", port, "get_object", Bucket="hot", Key="k1"),
        "STS GetCallerIdentity": prepared("sts", port, "get_caller_identity"),
    }


# ---------------------------------------------------------------- measuring


def cpu_per_request(pid: int, conn: Raw, data: bytes, count: int) -> float:
    """Server CPU seconds per request over `count` sequential round trips."""
    before = cpu_seconds(pid)
    for _ in range(count):
        status, body = conn.call(data)
        if status >= 300:
            raise RuntimeError(f"HTTP {status}: {body[:300]!r}")
    return (cpu_seconds(pid) - before) / count


def simple(cumulo: tuple[int, int], bare: tuple[int, int], count: int, rounds: int, only: str | None = None,
           extra: dict[str, tuple[int, int]] | None = None) -> list[dict[str, Any]]:
    """Each operation in interleaved rounds on the bare app, cumulo and the `extra` servers
    (`against`: a second cumulo from another tree; `floor`: `floor_app`), so that all see
    the same load on a shared machine."""
    (c_pid, c_port), (b_pid, b_port) = cumulo, bare
    requests = simple_requests(c_port)
    rows = []
    servers = [("cumulo", c_pid, Raw(c_port)), ("bare", b_pid, Raw(b_port))]
    servers += [(label, pid, Raw(port)) for label, (pid, port) in (extra or {}).items()]
    for name, data in requests.items():
        if only and only.lower() not in name.lower().replace(" ", ""):
            continue
        if name == "SQS ReceiveMessage":  # one message for each receive to take
            send = requests["SQS SendMessage"]
            for label, _, conn in servers:
                if label not in ("bare", "floor"):
                    conn.pipelined(iter([send] * (count * rounds + 200)))
        runs: dict[str, list[float]] = {label: [] for label, _, _ in servers}
        for _, pid, conn in servers:
            cpu_per_request(pid, conn, data, 200)  # warm
        for _ in range(rounds):
            for label, pid, conn in servers:
                runs[label].append(cpu_per_request(pid, conn, data, count))
        us = {label: statistics.median(values) * 1e6 for label, values in runs.items()}
        row = {"operation": name, "cumulo_us": round(us["cumulo"], 1), "bare_us": round(us["bare"], 1),
               "ratio": round(us["cumulo"] / us["bare"], 2)}
        line = f"  {name:24} cumulo {us['cumulo']:7.1f} µs   bare {us['bare']:6.1f} µs   ratio {us['cumulo'] / us['bare']:5.2f}"
        for label in extra or {}:
            row[f"{label}_us"] = round(us[label], 1)
            line += f"   | {label} {us[label]:7.1f} µs   ratio {us[label] / us['bare']:5.2f}"
        rows.append(row)
        print(line, flush=True)
    for _, _, conn in servers:
        conn.close()
    return rows


def large(cumulo: tuple[int, int], bare: tuple[int, int], sizes: list[tuple[int, int]]) -> list[dict[str, Any]]:
    (c_pid, c_port), (b_pid, b_port) = cumulo, bare
    rows = []
    c_conn, b_conn = Raw(c_port), Raw(b_port)
    for mib, times in sizes:
        key = f"big-{mib}"
        put = prepared("s3", c_port, "put_object", Bucket="hot", Key=key, Body=os.urandom(mib * MIB))
        get = prepared("s3", c_port, "get_object", Bucket="hot", Key=key)
        cpu_per_request(c_pid, c_conn, put, 1)  # warm
        put_c = statistics.median(cpu_per_request(c_pid, c_conn, put, 1) for _ in range(times)) / mib
        put_b = statistics.median(cpu_per_request(b_pid, b_conn, put, 1) for _ in range(times)) / mib
        get_c = statistics.median(cpu_per_request(c_pid, c_conn, get, 1) for _ in range(times)) / mib
        del put
        for what, c, b in (("PUT", put_c, put_b), ("GET", get_c, None)):
            rows.append({"operation": f"S3 {what} {mib} MiB", "cumulo_ms_per_mib": round(c * 1e3, 2),
                         "bare_ms_per_mib": round(b * 1e3, 2) if b is not None else None})
            extra = f"   bare {b * 1e3:5.2f} ms/MiB" if b is not None else ""
            print(f"  S3 {what} {mib:3} MiB           cumulo {c * 1e3:5.2f} ms/MiB{extra}", flush=True)
    c_conn.close()
    b_conn.close()
    return rows


def templated(data: bytes, mark: bytes, start: int, stop: int) -> Iterator[bytes]:
    """`data` with `mark` (8 bytes in a key) rewritten to start..stop-1."""
    head, sep, tail = data.partition(mark)
    assert sep, mark
    for i in range(start, stop):
        yield head + b"%08d" % i + tail


def memory(count: int, log_dir: str) -> list[dict[str, Any]]:
    """Each kind in a server of its own, so that memory one kind frees does not flatter the next."""
    rows = []
    for index in range(3):
        port = free_port()
        with process(cumulo_args(port), port, log_path=f"{log_dir}/memory-{index}.log") as proc:
            setup(port)
            rows += memory_of(proc.pid, port, count, index)
    return rows


def memory_of(c_pid: int, port: int, count: int, index: int) -> list[dict[str, Any]]:
    queue = f"http://127.0.0.1:{port}/000000000000/many"
    kinds = [
        ("S3 object 1 KiB", KIB, prepared("s3", port, "put_object", Bucket="many", Key="obj-QzQzQzQz", Body=os.urandom(KIB))),
        ("SQS message 256 B", 256, prepared("sqs", port, "send_message", QueueUrl=queue, MessageBody="QzQzQzQz" + "m" * 248)),
        ("DynamoDB item 500 B", 500, prepared("dynamodb", port, "put_item", TableName="many",
                                              Item={"pk": {"S": "QzQzQzQz"}, "v": {"S": "x" * 488}})),
    ]
    rows = []
    conn = Raw(port)
    for name, size, data in kinds[index:index + 1]:
        mark = b"QzQzQzQz"
        conn.pipelined(templated(data, mark, 0, 1000))  # warm: the first 1,000 are not counted
        before = memory_mib(c_pid)
        conn.pipelined(templated(data, mark, 1000, 1000 + count))
        grown = (memory_mib(c_pid) - before) * MIB / count
        rows.append({"kind": name, "payload_bytes": size, "rss_bytes_per_object": round(grown),
                     "overhead_bytes": round(grown - size)})
        print(f"  {name:24} {grown / KIB:5.2f} KiB RSS each ({grown - size:+.0f} B beyond the payload)", flush=True)
    conn.close()
    return rows


# ---------------------------------------------------------------- profiles


def summarize(collapsed: Path, top: int = 25) -> str:
    """py-spy's collapsed stacks as two tables: self time and inclusive time by function."""
    own: collections.Counter[str] = collections.Counter()
    incl: collections.Counter[str] = collections.Counter()
    total = 0
    for line in collapsed.read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        frames = [f.split(" (", 1)[0] + " (" + f.split(" (", 1)[1].rsplit(":", 1)[0] + ")" if " (" in f else f
                  for f in stack.split(";")]
        count = int(n)
        total += count
        own[frames[-1]] += count
        for frame in set(frames):
            incl[frame] += count
    out = [f"{total} samples", "self%  function"]
    out += [f"{100 * n / total:5.1f}  {f}" for f, n in own.most_common(top)]
    out += ["", "incl%  function"]
    out += [f"{100 * n / total:5.1f}  {f}" for f, n in incl.most_common(top) if "cumulo" in f or "uvicorn" in f or "logging" in f]
    return "\n".join(out)


def profile(operation: str, count: int, out: Path) -> None:
    spy = shutil.which("py-spy")
    if spy is None:
        raise SystemExit("py-spy is not installed (pip install py-spy)")
    out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    collapsed = out / f"{operation}.txt"
    args = [spy, "record", "--format", "raw", "--rate", "2000", "--nonblocking", "-o", str(collapsed), "--", *cumulo_args(port)]
    with tempfile.TemporaryDirectory() as tmp, process(args, port, log_path=f"{tmp}/cumulo.log") as proc:
        setup(port)
        data = next(d for n, d in simple_requests(port).items() if operation.lower() in n.lower().replace(" ", ""))
        conn = Raw(port)
        for _ in range(count):
            conn.call(data)
        conn.close()
        os.kill(server_pid(proc), 15)  # py-spy writes its file when the server ends
        proc.wait(timeout=60)
    print(summarize(collapsed))


def setup_requests(port: int) -> list[bytes]:
    """What `setup` does, as prepared requests (for the in-process run)."""
    out = []
    for table in ("hot", "many"):
        out.append(prepared("dynamodb", port, "create_table", TableName=table, BillingMode="PAY_PER_REQUEST",
                            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}]))
        out.append(prepared("sqs", port, "create_queue", QueueName=table))
        out.append(prepared("s3", port, "create_bucket", Bucket=table))
    out.append(prepared("dynamodb", port, "put_item", TableName="hot", Item={"pk": {"S": "k"}, "v": {"S": "x" * 90}}))
    out.append(prepared("s3", port, "put_object", Bucket="hot", Key="k1", Body=os.urandom(KIB)))
    return out


def asgi_scope(data: bytes) -> tuple[dict[str, Any], bytes]:
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    method, target, _ = lines[0].split(b" ")
    path, _, query = target.partition(b"?")
    headers = [(n.strip().lower(), v.strip()) for n, _, v in (line.partition(b":") for line in lines[1:])]
    from urllib.parse import unquote

    scope = {"type": "http", "http_version": "1.1", "method": method.decode(), "scheme": "http",
             "path": unquote(path.decode()), "raw_path": path, "query_string": query, "root_path": "",
             "headers": headers, "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 4566)}
    return scope, body


def inprocess(operation: str, count: int, cprofile: bool) -> None:
    """cumulo's App alone (no sockets, no uvicorn), at the default log level with its log
    going to a file: CPU µs per request, and with `cprofile` where it goes."""
    import asyncio
    import cProfile
    import logging
    import pstats

    sys.path.insert(0, os.environ.get("HOTPATH_CUMULO") or str(ROOT))  # another tree's cumulo, to compare
    from cumulo.config import Config
    from cumulo.server import App, build_runtime

    log = tempfile.TemporaryFile("w")
    logging.basicConfig(level="INFO", format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=log)
    app = App(build_runtime(Config()))
    port = 4566
    sent: list[int] = []

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            sent.append(message["status"])

    async def run(data: bytes) -> None:
        scope, body = asgi_scope(data)
        messages = [{"type": "http.request", "body": body, "more_body": False}]

        async def receive() -> dict[str, Any]:
            return messages.pop() if messages else {"type": "http.disconnect"}

        await app(scope, receive, send)

    async def main() -> None:
        for data in setup_requests(port):
            await run(data)
        extra = {"S3 PutObject 1MiB": prepared("s3", port, "put_object", Bucket="hot", Key="m1", Body=os.urandom(MIB))}
        for name, data in {**simple_requests(port), **extra}.items():
            if operation.lower() not in name.lower().replace(" ", ""):
                continue
            for _ in range(200):
                await run(data)
            profiler = cProfile.Profile() if cprofile else None
            if profiler:
                profiler.enable()
            rounds = []  # the best of 5 rounds: the least disturbed by other work on the machine
            for _ in range(5):
                t0 = time.process_time()
                for _ in range(count // 5):
                    await run(data)
                rounds.append((time.process_time() - t0) / (count // 5))
            if profiler:
                profiler.disable()
            assert all(s < 300 for s in sent[-count // 5:]), sent[-5:]
            print(f"  {name:24} in-process {min(rounds) * 1e6:7.1f} µs per request (best of 5 rounds)", flush=True)
            if profiler:
                pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
                pstats.Stats(profiler).sort_stats("cumtime").print_stats("cumulo|logging|uuid", 45)

    asyncio.run(main())


# ---------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer requests; 10,000 stored objects of each kind")
    parser.add_argument("--count", type=int, help="requests per round for each simple operation")
    parser.add_argument("--objects", type=int, help="stored objects of each kind for the memory figures")
    parser.add_argument("--only", help="just the simple operations whose name contains this (e.g. getitem)")
    parser.add_argument("--skip", action="append", default=[], choices=["simple", "large", "memory"])
    parser.add_argument("--profile", help="instead: py-spy profile of cumulo serving this operation (e.g. getitem)")
    parser.add_argument("--profile-out", default="/tmp/hotpath-profile")
    parser.add_argument("--inprocess", help="instead: cumulo's App alone, no sockets, for operations matching this ('' for all)")
    parser.add_argument("--cprofile", action="store_true", help="with --inprocess: cProfile, top 30 by own time")
    parser.add_argument("--against", help="also a cumulo from this tree (e.g. /work/main), in the same rounds of the simple requests")
    parser.add_argument("--floor", action="store_true",
                        help="also `floor_app`, the least an emulator does for GetItem/PutItem, in the same rounds")
    parser.add_argument("--serve-floor", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each simple operation (the median is shown)")
    parser.add_argument("--serve-bare", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_bare:
        serve_bare(args.serve_bare)
        return
    if args.serve_floor:
        serve_floor(int(args.serve_floor[0]), args.serve_floor[1])
        return
    count = args.count or (1000 if args.quick else 3000)
    if args.inprocess is not None:
        inprocess(args.inprocess, count, args.cprofile)
        return
    if args.profile:
        profile(args.profile, count * 3, Path(args.profile_out))
        return
    objects = args.objects or (10_000 if args.quick else 100_000)
    c_port, b_port, a_port = free_port(), free_port(), free_port()
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        c_proc = stack.enter_context(process(cumulo_args(c_port), c_port, log_path=f"{tmp}/cumulo.log"))
        b_proc = stack.enter_context(process([sys.executable, os.path.abspath(__file__), "--serve-bare", str(b_port)], b_port))
        extra: dict[str, tuple[int, int]] = {}
        setup(c_port)
        if args.against:
            a_proc = stack.enter_context(process(cumulo_args(a_port), a_port, log_path=f"{tmp}/against.log", tree=args.against))
            setup(a_port)
            extra["against"] = (a_proc.pid, a_port)
            print(f"against: cumulo from {args.against}, pid {a_proc.pid}")
        if args.floor:
            f_port = free_port()
            f_proc = stack.enter_context(process([sys.executable, os.path.abspath(__file__), "--serve-floor", str(f_port), f"{tmp}/floor.log"], f_port))
            client("dynamodb", f_port).put_item(TableName="hot", Item={"pk": {"S": "k"}, "v": {"S": "x" * 90}})
            extra["floor"] = (f_proc.pid, f_port)
        cumulo, bare = (c_proc.pid, c_port), (b_proc.pid, b_port)
        print(f"cumulo pid {c_proc.pid} (log level info, log to a file), bare ASGI app pid {b_proc.pid}; server CPU per request", flush=True)
        if "simple" not in args.skip:
            simple(cumulo, bare, count, args.rounds, args.only, extra)
        if "large" not in args.skip and not args.only:
            large(cumulo, bare, [(1, 5 if args.quick else 20), (64, 1 if args.quick else 3)])
        if "memory" not in args.skip and not args.only:
            memory(objects, tmp)
        lines = Path(f"{tmp}/cumulo.log").read_bytes().count(b"\n")
        print(f"cumulo's log: {lines} lines")

if __name__ == "__main__":
    main()
