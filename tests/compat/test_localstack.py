"""LocalStack's conventions: init hooks run at their stages with their state reported, and its
environment variables read."""

from __future__ import annotations

import json
import os
import stat
import time
import urllib.request
from pathlib import Path

import boto3

from cumulo.compat import inithooks, localstack
from cumulo.testing import free_port, spawned_server


def _get(url: str) -> dict[str, object]:
    with urllib.request.urlopen(url, timeout=5) as answer:
        return json.loads(answer.read())


def _write(path: Path, text: str, executable: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    if executable:
        path.chmod(path.stat().st_mode | stat.S_IXUSR)


def test_hooks_run_in_order_at_their_stages_with_state_reported(tmp_path: Path) -> None:
    init, log = tmp_path / "init", tmp_path / "log.txt"
    _write(init / "boot.d" / "boot.sh", f'echo "boot $AWS_ENDPOINT_URL" >> {log}\n')
    _write(init / "start.d" / "start.py", f'open({str(log)!r}, "a").write("start\\n")\n')
    _write(init / "ready.d" / "01-first.sh", f"#!/bin/sh\necho ready-1 >> {log}\n", executable=True)
    _write(init / "ready.d" / "02-fails.sh", f"echo ready-2 >> {log}\nexit 3\n")
    _write(init / "ready.d" / "03_seed.py", (
        "import boto3\n"  # AWS_ENDPOINT_URL, credentials and region come from the hook's environment
        "boto3.client('s3').create_bucket(Bucket='seeded')\n"
        f"open({str(log)!r}, 'a').write('ready-3\\n')\n"))
    _write(init / "ready.d" / "sub" / "04.sh", f"echo ready-4 >> {log}\n")
    _write(init / "ready.d" / "notes.txt", "not a script\n")
    _write(init / "shutdown.d" / "bye.py", (
        "import boto3\n"  # the port is still open while shutdown scripts run
        "names = [b['Name'] for b in boto3.client('s3').list_buckets()['Buckets']]\n"
        f"open({str(log)!r}, 'a').write('shutdown ' + ','.join(names) + '\\n')\n"))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {"CUMULO_INIT_DIR": str(init), "AWS_ENDPOINT_URL": "", "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""}
    env = {k: v for k, v in {**os.environ, **env}.items() if v}
    with spawned_server(port, env=env) as proc:
        deadline = time.monotonic() + 60
        while not _get(url + "/_localstack/init/ready")["completed"]:
            assert time.monotonic() < deadline, "ready.d never completed"
            time.sleep(0.05)
        report = _get(url + "/_localstack/init")
        assert report["completed"] == {"BOOT": True, "START": True, "READY": True, "SHUTDOWN": False}
        assert report["scripts"] == [
            {"stage": "BOOT", "name": "boot.sh", "state": "SUCCESSFUL"},
            {"stage": "START", "name": "start.py", "state": "SUCCESSFUL"},
            {"stage": "READY", "name": "01-first.sh", "state": "SUCCESSFUL"},
            {"stage": "READY", "name": "02-fails.sh", "state": "ERROR"},
            {"stage": "READY", "name": "03_seed.py", "state": "SUCCESSFUL"},
            {"stage": "READY", "name": "04.sh", "state": "SUCCESSFUL"},
            {"stage": "SHUTDOWN", "name": "bye.py", "state": "UNKNOWN"},
        ]
        assert _get(url + "/_cumulo/init/start") == {"completed": True, "scripts": [{"stage": "START", "name": "start.py", "state": "SUCCESSFUL"}]}
        s3 = boto3.client("s3", endpoint_url=url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
        assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["seeded"]
        proc.terminate()
        assert proc.wait(timeout=60) == 0
    assert log.read_text().splitlines() == [f"boot {url}", "start", "ready-1", "ready-2", "ready-3", "ready-4", "shutdown seeded"]


def test_without_an_init_folder_every_stage_is_complete() -> None:
    class Runtime:
        live: dict[str, object] = {}

    assert inithooks.report(Runtime(), "ready") == {"completed": True, "scripts": []}  # type: ignore[arg-type]
    assert inithooks.report(Runtime(), "nonesuch") is None  # type: ignore[arg-type]


def test_localstack_variables_are_read_with_a_notice(tmp_path: Path) -> None:
    env = {"PERSISTENCE": "1", "GATEWAY_LISTEN": "0.0.0.0:4567,:443", "LOCALSTACK_HOST": "localstack:4567",
           "DEFAULT_REGION": "eu-west-1", "XDG_CACHE_HOME": str(tmp_path)}
    settings, notices = localstack.settings_from(env)
    expected_dir = localstack.LOCALSTACK_VOLUME if os.path.isdir(localstack.LOCALSTACK_VOLUME) else str(tmp_path / "cumulo" / "state")
    assert settings == {"CUMULO_DATA_DIR": expected_dir, "CUMULO_PORT": "4567", "CUMULO_HOST": "0.0.0.0",
                        "CUMULO_SQS_ENDPOINT_STRATEGY": "origin", "CUMULO_DEFAULT_REGION": "eu-west-1"}
    assert len(notices) == 5 and all(n.startswith("cumulo: read LocalStack's ") for n in notices)
    settings, notices = localstack.settings_from({"DEFAULT_REGION": "eu-west-1", "CUMULO_DEFAULT_REGION": "us-west-2",
                                                  "LOCALSTACK_HOST": "localhost.localstack.cloud:4566"})
    assert settings == {}
    assert notices == ["cumulo: DEFAULT_REGION=eu-west-1 ignored: CUMULO_DEFAULT_REGION is set"]
    assert localstack.settings_from({}) == ({}, [])
