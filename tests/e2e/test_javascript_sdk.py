"""The AWS SDK for JavaScript v3 against cumulo: runs the Node.js suite in `js/`.

The JS tests (`js/*.test.mjs`, Node's built-in test runner) build every client
with `endpoint: process.env.CUMULO_URL`: they talk to an in-process server, and
node's own report is the failure message. The server gives out queue URLs on the
origin the client used (CUMULO_SQS_ENDPOINT_STRATEGY=origin): clients configured
through AWS_ENDPOINT_URL (functions included) send to the QueueUrl's origin, and
LocalStack-style hosts need DNS, which this machine does not have. The suite needs `node` and its packages (`npm ci --prefix tests/e2e/js`,
which scripts/test.sh runs when npm exists); without them it is skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from cumulo.config import Config
from cumulo.testing import CumuloServer

JS = Path(__file__).parent / "js"
NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="node is not installed: the JavaScript SDK suite needs Node.js 20+")
@pytest.mark.skipif(not (JS / "node_modules" / "@aws-sdk").is_dir(), reason="the JS suite's packages are not installed: npm ci --prefix tests/e2e/js")
def test_javascript_sdk_suite() -> None:
    assert NODE is not None
    server = CumuloServer(Config(log_level="warning", sqs_endpoint_strategy="origin")).start()
    try:
        run_suite(server)
    finally:
        server.stop()


def run_suite(cumulo: CumuloServer) -> None:
    assert NODE is not None
    # Files, not the folder: node 20 searches a folder, later versions take globs.
    files = sorted(str(path) for path in JS.glob("*.test.mjs"))
    env = {
        **os.environ,
        "CUMULO_URL": cumulo.url,
        # The SDK warns once per process that it will need node 22 from 2027.
        "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED": "true",
    }
    command = [NODE, "--test", "--test-reporter=spec", "--test-timeout=60000", *files]
    run = subprocess.run(command, cwd=JS, env=env, capture_output=True, text=True, timeout=300)
    report = run.stdout + run.stderr
    if run.returncode != 0:
        pytest.fail(f"node --test exited with {run.returncode}:\n{report}", pytrace=False)
    assert "ℹ fail 0" in report and "ℹ pass 0" not in report, report
