"""How Java functions start: cumulo's own runtime client in Java, and the JVM's command line.

- The client (`java/*.java`, package `cumulo.runtime`, standard library only,
  Java 8 source so one build serves java8.al2 to java21) is compiled with the
  `javac` on PATH the first time any Java function starts cold, into
  `<work>/java/<hash of the sources>`; later cold starts reuse that build. A
  build lands in a temporary folder renamed into place, so concurrent cold
  starts never run half a build, and `compiled()` blocks: call it off the event loop.
- Classpath, as the managed runtime's: the task root (the zip's classes), its
  `lib/*.jar`, then the layers' `java/lib/*.jar`.
- JVM flags, as the managed runtimes set them
  (https://docs.aws.amazon.com/lambda/latest/dg/java-customization.html): serial
  GC, a heap of 85% of the function's memory, and C1 only
  (`-XX:TieredStopAtLevel=1`) on java17 and later. A function's own
  JAVA_TOOL_OPTIONS must win over them, and the JVM reads that variable before
  its command line: so when the function sets it, ours go in front of its value
  there; otherwise on the command line, so no "Picked up JAVA_TOOL_OPTIONS" line
  is logged that AWS would not log.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from cumulo.runtimes.spec import FunctionSpec, Unsupported

SOURCES = Path(__file__).with_name("java")
MAIN = "cumulo.runtime.Bootstrap"
HEAP_SHARE = 0.85
COMPILE_SECONDS = 120


def command(spec: FunctionSpec, work: Path) -> list[str]:
    java = shutil.which("java")
    if java is None:
        raise Unsupported(f"Runtime {spec.runtime} needs a Java runtime, and no `java` is on PATH.")
    classes = compiled(work, spec.runtime)
    flags = [] if _own_tool_options(spec) is not None else flags_for(spec)
    return [java, *flags, "-cp", classpath(spec, classes), MAIN]


def classpath(spec: FunctionSpec, classes: Path) -> str:
    task = spec.code_dir
    entries = [str(classes), str(task), str(task / "lib" / "*")]
    if spec.opt_dir is not None:
        entries.append(str(spec.opt_dir / "java" / "lib" / "*"))
    return os.pathsep.join(entries)


def flags_for(spec: FunctionSpec) -> list[str]:
    flags = ["-XX:+UseSerialGC", f"-Xmx{max(16, int(spec.memory_mb * HEAP_SHARE))}m", "-Dfile.encoding=UTF-8"]
    if _major(spec.runtime) >= 17:
        flags += ["-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"]
    return flags


def tool_options(spec: FunctionSpec) -> str | None:
    """JAVA_TOOL_OPTIONS for the process: ours, then the function's own; None when it sets none."""
    own = _own_tool_options(spec)
    return None if own is None else " ".join([*flags_for(spec), own])


def compiled(work: Path, runtime: str = "java") -> Path:
    """The folder holding the compiled client, compiling it first if this work folder has no build yet."""
    sources = sorted(SOURCES.glob("*.java"))
    digest = hashlib.sha256()
    for source in sources:
        digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    dest = work / "java" / digest.hexdigest()[:24]
    if (dest / "cumulo" / "runtime" / "Bootstrap.class").is_file():
        return dest
    javac = shutil.which("javac")
    if javac is None:
        raise Unsupported(f"Runtime {runtime} needs a JDK: cumulo compiles its Java runtime client with `javac`, and none is on PATH.")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=dest.name + ".", dir=dest.parent))
    try:
        done = subprocess.run(
            [javac, "-encoding", "UTF-8", "-nowarn", "-d", str(tmp), *map(str, sources)],
            capture_output=True, text=True, timeout=COMPILE_SECONDS, check=False,
        )
        if done.returncode != 0:
            raise Unsupported(f"Runtime {runtime}: compiling cumulo's Java runtime client failed: {(done.stderr or done.stdout).strip()[-2000:]}")
        try:
            tmp.rename(dest)
        except OSError:  # another cold start finished its build first
            pass
    except subprocess.TimeoutExpired as error:
        raise Unsupported(f"Runtime {runtime}: compiling cumulo's Java runtime client took over {COMPILE_SECONDS} s") from error
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return dest


def _own_tool_options(spec: FunctionSpec) -> str | None:
    return next((value for key, value in spec.environment if key == "JAVA_TOOL_OPTIONS"), None)


def _major(runtime: str) -> int:
    digits = "".join(ch for ch in runtime.split(".")[0] if ch.isdigit())
    return int(digits) if digits else 8
