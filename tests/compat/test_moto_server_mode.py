"""`cumulo --compat moto` runs a suite written for moto's server mode unchanged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from cumulo.config import Config
from cumulo.testing import free_port, spawned_server

SUITE = Path(__file__).parent / "moto_suite" / "moto_style_suite.py"


def test_preset_settings_and_explicit_settings_win() -> None:
    config = Config.from_env({"CUMULO_COMPAT": "moto"})
    assert (config.port, config.default_account, config.sqs_endpoint_strategy) == (5000, "123456789012", "origin")
    config = Config.from_env({"CUMULO_COMPAT": "moto", "CUMULO_PORT": "5001"}, default_account="222222222222")
    assert (config.port, config.default_account) == (5001, "222222222222")
    assert Config.from_env({}, compat="moto").port == 5000
    with pytest.raises(SystemExit):
        Config.from_env({"CUMULO_COMPAT": "nonesuch"})


def test_moto_style_suite_runs_unchanged(tmp_path: Path) -> None:
    pytest.importorskip("moto")
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    with spawned_server(port, env={"CUMULO_COMPAT": "moto"}):
        suite = tmp_path / "test_moto_suite.py"
        suite.write_text(SUITE.read_text())
        (tmp_path / "pytest.ini").write_text("[pytest]\n")
        env = {**os.environ, "TEST_SERVER_MODE": "true", "TEST_SERVER_MODE_ENDPOINT": endpoint}
        run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", str(suite)],
                             cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stdout + run.stderr
        assert "6 passed" in run.stdout
        # moto's reset: every account and region emptied.
        request = urllib.request.Request(endpoint + "/moto-api/reset", method="POST")
        with urllib.request.urlopen(request, timeout=5) as answer:
            assert json.loads(answer.read()) == {"status": "ok"}
