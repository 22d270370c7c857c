"""Java functions really run: handlers compiled with `javac` here, zipped, created as java17 and invoked through boto3.

The package holds the handler classes at its root and, in `lib/`, a jar with
stand-ins for aws-lambda-java-core's `Context`, `LambdaLogger` and
`RequestHandler` interfaces (written here, same names and method shapes), as a
function bundling that library would.
"""

from __future__ import annotations

import base64
import io
import json
import shutil
import subprocess
import urllib.request
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer

pytestmark = pytest.mark.skipif(
    shutil.which("javac") is None or shutil.which("java") is None,
    reason="Java runtimes need a JDK on PATH (`java` to run functions, `javac` to build cumulo's runtime client and these handlers)",
)

ROLE = "arn:aws:iam::000000000000:role/lambda-role"

CORE_STUBS = {
    "com/amazonaws/services/lambda/runtime/Context.java": """
package com.amazonaws.services.lambda.runtime;
public interface Context {
    String getAwsRequestId();
    String getLogGroupName();
    String getLogStreamName();
    String getFunctionName();
    String getFunctionVersion();
    String getInvokedFunctionArn();
    Object getIdentity();
    Object getClientContext();
    int getRemainingTimeInMillis();
    int getMemoryLimitInMB();
    LambdaLogger getLogger();
}
""",
    "com/amazonaws/services/lambda/runtime/LambdaLogger.java": """
package com.amazonaws.services.lambda.runtime;
public interface LambdaLogger {
    void log(String message);
    void log(byte[] message);
}
""",
    "com/amazonaws/services/lambda/runtime/RequestHandler.java": """
package com.amazonaws.services.lambda.runtime;
public interface RequestHandler<I, O> {
    O handleRequest(I input, Context context);
}
""",
}

HANDLERS = {
    "example/Handlers.java": """
package example;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.*;
import java.util.*;

public class Handlers {
    static int invocations = 0;
    static final long LOADED = System.nanoTime();

    public String greet(String name) {
        return "Hello, " + name + "!";
    }

    public Map<String, Object> echo(Map<String, Object> event, Context context) {
        invocations++;
        context.getLogger().log("echo got " + event);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("event", event);
        out.put("requestId", context.getAwsRequestId());
        out.put("function", context.getFunctionName());
        out.put("version", context.getFunctionVersion());
        out.put("arn", context.getInvokedFunctionArn());
        out.put("memory", context.getMemoryLimitInMB());
        out.put("timeLeft", context.getRemainingTimeInMillis() > 0);
        out.put("logGroup", context.getLogGroupName());
        out.put("invocations", invocations);
        out.put("loaded", LOADED);
        out.put("setting", System.getenv("MY_SETTING"));
        out.put("handler", System.getenv("_HANDLER"));
        out.put("heapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        return out;
    }

    public Receipt order(Order order) {
        Receipt receipt = new Receipt();
        receipt.setItem(order.getItem());
        receipt.total = order.getQuantity() * order.price;
        receipt.gift = order.isGift();
        return receipt;
    }

    public Sum add(Pair pair) {
        return new Sum(pair.x() + pair.y(), pair.label().toUpperCase());
    }

    public long count(List<Integer> numbers) {
        return numbers.stream().mapToLong(Integer::longValue).sum();
    }

    public static void shout(InputStream in, OutputStream out, Context context) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != -1; ) all.write(b);
        out.write((all.toString("UTF-8").toUpperCase() + " from " + context.getFunctionName()).getBytes("UTF-8"));
    }

    public int fail(Map<String, Object> event) {
        throw new IllegalStateException("cannot " + event.get("what"), new IOException("disk on fire"));
    }

    public void sleep(Map<String, Object> event) throws InterruptedException {
        Thread.sleep(((Number) event.get("ms")).longValue());
    }
}
""",
    "example/Order.java": """
package example;
public class Order {
    private String item;
    private int quantity;
    private boolean gift;
    public double price;
    public String getItem() { return item; }
    public void setItem(String item) { this.item = item; }
    public int getQuantity() { return quantity; }
    public void setQuantity(int quantity) { this.quantity = quantity; }
    public boolean isGift() { return gift; }
    public void setGift(boolean gift) { this.gift = gift; }
}
""",
    "example/Receipt.java": """
package example;
public class Receipt {
    private String item;
    public double total;
    public boolean gift;
    public String getItem() { return item; }
    public void setItem(String item) { this.item = item; }
}
""",
    "example/Pair.java": "package example;\npublic record Pair(int x, int y, String label) {}\n",
    "example/Sum.java": "package example;\npublic record Sum(int sum, String label) {}\n",
    "example/Typed.java": """
package example;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
public class Typed implements RequestHandler<Map<String, Integer>, String> {
    @Override
    public String handleRequest(Map<String, Integer> input, Context context) {
        return context.getAwsRequestId().isEmpty() ? "no id" : "n=" + (input.get("n") + 1);
    }
}
""",
    "example/Broken.java": """
package example;
public class Broken {
    static { if (true) throw new IllegalStateException("static init says no"); }
    public String handleRequest(String in) { return in; }
}
""",
}


def _jar(classes: Path, package: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as jar:
        jar.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n")
        for path in sorted((classes / package).rglob("*.class")):
            jar.write(path, path.relative_to(classes).as_posix())
    return buf.getvalue()


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """"full": handler classes at the root, the Context stand-ins as lib/aws-lambda-java-core.jar;
    "bare": the classes only; "layer": the stand-ins' jar where a layer puts jars (java/lib/)."""
    root = tmp_path_factory.mktemp("java")
    src, classes = root / "src", root / "classes"
    for name, text in {**CORE_STUBS, **HANDLERS}.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text)
    subprocess.run(["javac", "-d", str(classes), *map(str, sorted(src.rglob("*.java")))], check=True, capture_output=True, timeout=60)
    core = _jar(classes, "com")
    out = {}
    for kind, extra in (("full", {"lib/aws-lambda-java-core.jar": core}), ("bare", {}), ("layer", None)):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
            if extra is None:
                archive.writestr("java/lib/aws-lambda-java-core.jar", core)
            else:
                for path in sorted((classes / "example").rglob("*.class")):
                    archive.write(path, path.relative_to(classes).as_posix())
                for name, data in extra.items():
                    archive.writestr(name, data)
        out[kind] = buf.getvalue()
    return out


@pytest.fixture
def package(packages: dict[str, bytes]) -> bytes:
    return packages["full"]


@pytest.fixture
def java_function(lam: Any, package: bytes) -> Callable[..., None]:
    def create(name: str, handler: str, **extra: Any) -> None:
        params: dict[str, Any] = {
            "FunctionName": name, "Runtime": "java17", "Role": ROLE, "Handler": handler,
            "Code": {"ZipFile": package}, "Timeout": 10, "MemorySize": 256,
        }
        params.update(extra)
        lam.create_function(**params)

    return create


def invoke(lam: Any, name: str, payload: Any = None, raw: bytes | None = None, **extra: Any) -> tuple[dict[str, Any], Any]:
    body = raw if raw is not None else (b"" if payload is None else json.dumps(payload).encode())
    answer = lam.invoke(FunctionName=name, Payload=body, **extra)
    data = answer["Payload"].read()
    try:
        return answer, json.loads(data or b"null")
    except ValueError:
        return answer, data


def test_string_pojo_record_and_list_handlers(lam: Any, java_function: Callable[..., None]) -> None:
    java_function("jv-greet", "example.Handlers::greet")
    answer, result = invoke(lam, "jv-greet", "Duke")
    assert answer["StatusCode"] == 200 and "FunctionError" not in answer
    assert result == "Hello, Duke!"

    java_function("jv-order", "example.Handlers::order")
    result = invoke(lam, "jv-order", {"item": "tea", "quantity": 3, "price": 1.5, "gift": True, "unknown": [1]})[1]
    assert result == {"gift": True, "item": "tea", "total": 4.5}

    java_function("jv-add", "example.Handlers::add")
    assert invoke(lam, "jv-add", {"x": 1, "y": 20, "label": "sum"})[1] == {"sum": 21, "label": "SUM"}

    java_function("jv-count", "example.Handlers::count")
    assert invoke(lam, "jv-count", [1, 2, "3"])[1] == 6


def test_map_handler_with_context_and_warm_reuse(lam: Any, java_function: Callable[..., None], cumulo: CumuloServer) -> None:
    java_function("jv-echo", "example.Handlers::echo", Environment={"Variables": {"MY_SETTING": "on"}})
    event = {"order": 7, "tags": ["a", None, True], "deep": {"pi": 3.25, "big": 2**63, "e": 1e-7}, "text": 'tab\t "q" \\ é ☃ \u2028 / \x01', "no": {}}
    first, one = invoke(lam, "jv-echo", event, LogType="Tail")
    assert one["event"] == event
    assert one["requestId"] == first["ResponseMetadata"]["RequestId"]
    assert one["function"] == "jv-echo" and one["version"] == "$LATEST"
    assert one["arn"] == "arn:aws:lambda:us-east-1:000000000000:function:jv-echo"
    assert (one["memory"], one["timeLeft"], one["logGroup"]) == (256, True, "/aws/lambda/jv-echo")
    assert (one["setting"], one["handler"]) == ("on", "example.Handlers::echo")
    assert 150 < one["heapMb"] <= 256 * 0.85  # -Xmx from MemorySize
    log = base64.b64decode(first["LogResult"]).decode()
    assert "echo got {order=7" in log and "Init Duration" in log

    _, two = invoke(lam, "jv-echo", {"order": 8})
    # The same JVM: the class was loaded once, its static counter went on.
    assert (two["invocations"], two["loaded"]) == (one["invocations"] + 1, one["loaded"])
    url = f"{cumulo.url}/_cumulo/lambda/invocations?functionName=jv-echo"
    with urllib.request.urlopen(url, timeout=5) as reply:
        rows = json.load(reply)["invocations"]
    assert [row["coldStart"] for row in rows[-2:]] == [True, False]


def test_function_java_tool_options_win(lam: Any, java_function: Callable[..., None]) -> None:
    java_function("jv-opts", "example.Handlers::echo", Environment={"Variables": {"JAVA_TOOL_OPTIONS": "-Xmx64m"}})
    answer, result = invoke(lam, "jv-opts", {}, LogType="Tail")
    assert result["heapMb"] <= 64
    assert "Picked up JAVA_TOOL_OPTIONS" in base64.b64decode(answer["LogResult"]).decode()


@pytest.mark.parametrize("runtime", ["java8.al2", "java11", "java21"])
def test_every_java_runtime_runs(lam: Any, java_function: Callable[..., None], runtime: str) -> None:
    name = "jv-" + runtime.replace(".", "-")
    java_function(name, "example.Handlers::greet", Runtime=runtime)
    assert invoke(lam, name, runtime)[1] == f"Hello, {runtime}!"


def test_request_handler_interface_with_core_from_a_layer(lam: Any, packages: dict[str, bytes]) -> None:
    layer = lam.publish_layer_version(LayerName="java-core", Content={"ZipFile": packages["layer"]}, CompatibleRuntimes=["java17"])
    lam.create_function(
        FunctionName="jv-typed", Runtime="java17", Role=ROLE, Handler="example.Typed", Code={"ZipFile": packages["bare"]},
        Layers=[layer["LayerVersionArn"]], Timeout=10,
    )
    assert invoke(lam, "jv-typed", {"n": 41})[1] == "n=42"


def test_stream_handler(lam: Any, java_function: Callable[..., None]) -> None:
    java_function("jv-shout", "example.Handlers::shout")
    answer, result = invoke(lam, "jv-shout", raw=b'"quiet words"')
    assert "FunctionError" not in answer
    assert result == b'"QUIET WORDS" from jv-shout'  # the bytes written, as they are


def test_exceptions_are_unhandled_function_errors(lam: Any, java_function: Callable[..., None]) -> None:
    java_function("jv-fail", "example.Handlers::fail")
    answer, error = invoke(lam, "jv-fail", {"what": "proceed"}, LogType="Tail")
    assert answer["StatusCode"] == 200 and answer["FunctionError"] == "Unhandled"
    assert error["errorType"] == "java.lang.IllegalStateException"
    assert error["errorMessage"] == "cannot proceed"
    assert error["stackTrace"][0].startswith("example.Handlers.fail(Handlers.java:")
    assert not any("cumulo.runtime" in frame or "reflect" in frame for frame in error["stackTrace"])
    assert error["cause"]["errorType"] == "java.io.IOException" and error["cause"]["errorMessage"] == "disk on fire"
    assert "java.lang.IllegalStateException: cannot proceed" in base64.b64decode(answer["LogResult"]).decode()

    # An event that does not fit the handler's type: the managed runtime's parsing error.
    java_function("jv-order", "example.Handlers::order")
    answer, error = invoke(lam, "jv-order", {"quantity": {"not": "a number"}})
    assert answer["FunctionError"] == "Unhandled"
    assert (error["errorType"], error["errorMessage"]) == ("java.lang.RuntimeException", "An error occurred during JSON parsing")
    assert "java.lang.Integer" in error["cause"]["errorMessage"] or "int" in error["cause"]["errorMessage"]
    # The environment survives its function's errors.
    assert invoke(lam, "jv-order", {"item": "ok", "quantity": 1})[1]["item"] == "ok"


def test_init_errors(lam: Any, java_function: Callable[..., None]) -> None:
    java_function("jv-missing", "example.Missing::handleRequest")
    answer, error = invoke(lam, "jv-missing", {})
    assert answer["FunctionError"] == "Unhandled"
    assert (error["errorType"], error["errorMessage"]) == ("java.lang.ClassNotFoundException", "Class not found: example.Missing")
    java_function("jv-nomethod", "example.Handlers::absent")
    error = invoke(lam, "jv-nomethod", {})[1]
    assert error["errorType"] == "java.lang.NoSuchMethodException"
    assert error["errorMessage"] == "No public method named absent with appropriate method signature found on class example.Handlers"
    java_function("jv-broken", "example.Broken")
    error = invoke(lam, "jv-broken", "x")[1]
    assert error["errorType"] == "java.lang.ExceptionInInitializerError"
    assert error["cause"]["errorMessage"] == "static init says no"


def test_timeout_kills_the_jvm(lam: Any, java_function: Callable[..., None]) -> None:
    java_function("jv-sleep", "example.Handlers::sleep", Timeout=1)
    answer, error = invoke(lam, "jv-sleep", {"ms": 5000})
    assert answer["FunctionError"] == "Unhandled"
    assert error["errorType"] == "Sandbox.Timedout"
    assert error["errorMessage"].endswith("Task timed out after 1.00 seconds")
    assert invoke(lam, "jv-sleep", {"ms": 1})[1] is None


def test_without_java_on_path_the_error_names_it(
    cumulo: CumuloServer, java_function: Callable[..., None], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    java_function("jv-nojava", "example.Handlers::greet")
    monkeypatch.setenv("PATH", str(tmp_path))  # the server runs in this process: its cold start looks here
    once = boto3.client("lambda", endpoint_url=cumulo.url, region_name="us-east-1", config=Config(retries={"total_max_attempts": 1}))
    with pytest.raises(ClientError) as e:
        once.invoke(FunctionName="jv-nojava", Payload=b'"x"')
    assert e.value.response["Error"]["Code"] == "InvalidRuntimeException"
    assert "Runtime java17 needs a Java runtime, and no `java` is on PATH." in e.value.response["Error"]["Message"]
