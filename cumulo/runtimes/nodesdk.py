"""The AWS SDK for JavaScript v3, as Lambda's Node.js runtimes include it.

On AWS a `nodejs18.x`+ function may `require("@aws-sdk/client-s3")` without bundling
it: the runtime has the SDK on its search path, behind the function's own
`node_modules` and its layers'. cumulo runs Node functions as local processes, so it
keeps the same SDK (the clients of the services cumulo implements, `lib-dynamodb`,
`lib-storage`, the presigner and the credential providers; `node/package.json`, pinned
by its lockfile) in a folder of its own, installed once by `cumulo node-sdk` (npm) and
put last on the function's NODE_PATH. The SDK reads AWS_ENDPOINT_URL, which cumulo
sets, so its calls come back here. ES modules, which ignore NODE_PATH, find it through
the bootstrap's resolve hook (bootstrap/node.js).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from cumulo.config import Config

PACKAGE = Path(__file__).with_name("node")  # package.json and package-lock.json


def directory() -> Path:
    """Where the SDK is installed: CUMULO_NODE_SDK_DIR, else the user's cache (~/.cache/cumulo/node-sdk)."""
    configured = Config.from_env().node_sdk_dir
    if configured:
        return Path(configured)
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "cumulo" / "node-sdk"


def modules() -> str:
    """The installed SDK's node_modules folder, or "" when it has not been installed."""
    found = directory() / "node_modules" / "@aws-sdk"
    return str(found.parent) if found.is_dir() else ""


def install() -> int:
    """Install (or bring up to date) the SDK with `npm ci`; the process's exit status."""
    npm = shutil.which("npm")
    if npm is None:
        print("npm is not on PATH: install Node.js (with npm) first")
        return 1
    target = directory()
    target.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(PACKAGE / name, target / name)
    done = subprocess.run([npm, "ci", "--prefix", str(target), "--omit=dev", "--no-audit", "--no-fund", "--loglevel=error"])
    if done.returncode == 0:
        print(target / "node_modules")
    return done.returncode
