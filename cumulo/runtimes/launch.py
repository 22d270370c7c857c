"""How a function's runtime starts as a local process: the command, the environment, the files.

Runtime families:
- `python*`: AWS's own runtime interface client, `python -m awslambdaric <handler>`,
  with this interpreter (the function's declared minor version is not enforced).
- `nodejs*`: our bootstrap in JavaScript (`bootstrap/node.js`), with the `node`
  on PATH; the npm runtime interface client does not install here.
- `java*`: our runtime client in Java (`java/*.java`), compiled once with the
  `javac` on PATH and run by the `java` on PATH (`jvm`: classpath, JVM flags).
- `provided*` (and any function whose package holds a `bootstrap`): the
  function's own `bootstrap` executable, or one from a layer (`/opt/bootstrap`).
- others (ruby, dotnet, go1.x): `Unsupported`, naming what is missing.

`command()` may compile (the Java client's first use): call it off the event loop.

Files: a package (zip) is extracted once per content hash into the executor's
work directory, keeping file modes (a `bootstrap` must stay executable) and
refusing entries that would land outside it. Layers are merged, in order, into
one directory per list of layers: the `/opt` of AWS, whose documented
subfolders go on the search paths (`python`, `nodejs/node_modules`, `bin`, `lib`).
See https://docs.aws.amazon.com/lambda/latest/dg/packaging-layers.html
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import stat
import sys
import tempfile
import zipfile
from pathlib import Path

from cumulo.runtimes import jvm, nodesdk
from cumulo.runtimes.spec import Credentials, FunctionSpec, Unsupported

NODE_BOOTSTRAP = Path(__file__).with_name("bootstrap") / "node.js"


def extract(zip_path: Path, dest: Path) -> Path:
    """Unpack a zip into `dest` (once: an existing `dest` is reused as is)."""
    if dest.is_dir():
        return dest
    tmp = dest.with_name(dest.name + f".tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    root = tmp.resolve()
    with zipfile.ZipFile(zip_path) as archive:
        for info in archive.infolist():
            target = (root / info.filename).resolve()
            if root != target and root not in target.parents:
                continue  # "../" or absolute names: never outside the package
            mode = info.external_attr >> 16
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if stat.S_ISLNK(mode):
                link = archive.read(info).decode()
                if not os.path.isabs(link) and root in (target.parent / link).resolve().parents:
                    os.symlink(link, target)
                continue
            with archive.open(info) as src, open(target, "wb") as out:
                shutil.copyfileobj(src, out)
            # Zips made on Windows carry no Unix mode: AWS makes such files readable (0644).
            target.chmod((mode & 0o777) | 0o444 if mode & 0o777 else 0o644)
    try:
        tmp.rename(dest)
    except OSError:  # another extraction won the race
        shutil.rmtree(tmp, ignore_errors=True)
    return dest


def merge_layers(layer_dirs: list[Path], work: Path) -> Path | None:
    """One directory holding the layers' files, later layers over earlier ones."""
    if not layer_dirs:
        return None
    key = hashlib.sha256("\n".join(str(d) for d in layer_dirs).encode()).hexdigest()[:24]
    dest = work / "opt" / key
    if dest.is_dir():
        return dest
    tmp = dest.with_name(key + f".tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    for layer in layer_dirs:
        shutil.copytree(layer, tmp, symlinks=True, dirs_exist_ok=True)
    try:
        tmp.rename(dest)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
    return dest


def command(spec: FunctionSpec, work: Path | None = None) -> list[str]:
    """The process to start; `work` holds builds shared by environments (the Java client's)."""
    runtime = spec.runtime
    if runtime.startswith("python"):
        if importlib.util.find_spec("awslambdaric") is None:
            raise Unsupported(f"Runtime {runtime} needs AWS's runtime interface client: pip install awslambdaric")
        return [sys.executable, "-m", "awslambdaric", spec.handler]
    if runtime.startswith("nodejs"):
        node = shutil.which("node")
        if node is None:
            raise Unsupported(f"Runtime {runtime} needs Node.js, and no `node` is on PATH.")
        return [node, str(NODE_BOOTSTRAP)]
    if runtime.startswith("java"):
        return jvm.command(spec, work if work is not None else Path(tempfile.gettempdir()) / "cumulo-lambda")
    for base in (spec.code_dir, spec.opt_dir):
        if base is not None and (base / "bootstrap").is_file():
            path = base / "bootstrap"
            if not os.access(path, os.X_OK):
                raise Unsupported(f"{path.name} is not executable: zip it with mode 755.")
            return [str(path)]
    if runtime.startswith("provided"):
        raise Unsupported("Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]")
    family = "".join(ch for ch in runtime if ch.isalpha()) or runtime
    tool = {"ruby": "ruby", "dotnet": "dotnet", "go": "a Go toolchain"}
    raise Unsupported(
        f"cumulo's process executor cannot run {runtime}: it needs {tool.get(family, family)}, which is not set up here. "
        "Package the function for a provided.* runtime, or use the docker executor."
    )


def runtime_variables(spec: FunctionSpec, runtime_api: str, task_root: str, endpoint_url: str = "", credentials: Credentials | None = None) -> dict[str, str]:
    """The documented runtime environment variables, wherever the function runs
    (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime).
    `endpoint_url` is cumulo's own address as the function reaches it, so its SDK calls come back here;
    `credentials` are the execution role's, so those calls act as the role (without them, placeholders
    that act as the account's root and that signature verification refuses)."""
    env = {
        "LANG": "en_US.UTF-8",
        "TZ": ":UTC",
        "_HANDLER": spec.handler,
        "AWS_EXECUTION_ENV": f"AWS_Lambda_{spec.runtime}",
        "AWS_LAMBDA_FUNCTION_NAME": spec.name,
        "AWS_LAMBDA_FUNCTION_VERSION": spec.version,
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(spec.memory_mb),
        "AWS_LAMBDA_LOG_GROUP_NAME": spec.log_group,
        "AWS_LAMBDA_LOG_STREAM_NAME": f"{spec.version}-local",
        "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
        "AWS_LAMBDA_RUNTIME_API": runtime_api,
        "AWS_REGION": spec.region,
        "AWS_DEFAULT_REGION": spec.region,
        "AWS_ACCESS_KEY_ID": credentials.access_key_id if credentials else spec.account,
        "AWS_SECRET_ACCESS_KEY": credentials.secret_access_key if credentials else "cumulo",
        "AWS_SESSION_TOKEN": credentials.session_token if credentials else "cumulo",
        "LAMBDA_TASK_ROOT": task_root,
    }
    if endpoint_url:
        env["AWS_ENDPOINT_URL"] = endpoint_url
    return env


def environment(spec: FunctionSpec, runtime_api: str, endpoint_url: str = "", credentials: Credentials | None = None) -> dict[str, str]:
    """A local process's environment: the documented variables, the search paths
    pointing at the unpacked package and layers, then the function's own."""
    task = str(spec.code_dir)
    opt = spec.opt_dir
    env = runtime_variables(spec, runtime_api, task, endpoint_url, credentials)
    env.update(
        {
            "PATH": os.pathsep.join(p for p in (str(opt / "bin") if opt else "", os.environ.get("PATH", "/usr/bin:/bin")) if p),
            "HOME": os.environ.get("HOME", "/tmp"),
            "LAMBDA_RUNTIME_DIR": str(Path(__file__).parent),
            "PYTHONUNBUFFERED": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    if spec.runtime.startswith("python"):
        paths = [task] + ([str(opt / "python"), str(opt / "python" / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages")] if opt else [])
        env["PYTHONPATH"] = os.pathsep.join(paths)
    if spec.runtime.startswith("nodejs"):
        paths = [str(opt / "nodejs" / "node_modules"), str(opt / "nodejs" / f"node{_node_major(spec.runtime)}" / "node_modules")] if opt else []
        sdk = nodesdk.modules()  # last, as on AWS: a function's or layer's own SDK wins
        env["NODE_PATH"] = os.pathsep.join(paths + [task, os.path.join(task, "node_modules")] + ([sdk] if sdk else []))
    libs = [str(opt / "lib")] if opt else []
    env["LD_LIBRARY_PATH"] = os.pathsep.join(libs + [os.path.join(task, "lib")])
    env.update(dict(spec.environment))
    if spec.runtime.startswith("java") and (options := jvm.tool_options(spec)) is not None:
        env["JAVA_TOOL_OPTIONS"] = options
    return env


def _node_major(runtime: str) -> str:
    digits = "".join(ch for ch in runtime.split(".")[0] if ch.isdigit())
    return digits or "20"
