"""The AWS CLI against the live server: aws s3 cp (multipart), ls, sync, rm and s3api."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

MIB = 1024 * 1024


def aws(cumulo: Any, config: Path, *args: str) -> str:
    env = {**os.environ, "AWS_CONFIG_FILE": str(config), "AWS_SHARED_CREDENTIALS_FILE": os.devnull}
    done = subprocess.run(
        [sys.executable, "-m", "awscli", "--endpoint-url", cumulo.url, *args],
        env=env, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_cli_cp_ls_sync_rm(cumulo: Any, s3: Any, tmp_path: Path) -> None:
    config = tmp_path / "config"
    # Small multipart settings, so an 11 MiB file goes up in three parts.
    config.write_text("[default]\nregion = us-east-1\ns3 =\n    multipart_threshold = 5MB\n    multipart_chunksize = 5MB\n")
    aws(cumulo, config, "s3", "mb", "s3://cli-bucket")
    big = tmp_path / "big.bin"
    data = os.urandom(11 * MIB)
    big.write_bytes(data)
    aws(cumulo, config, "s3", "cp", str(big), "s3://cli-bucket/dir/big.bin")
    assert s3.head_object(Bucket="cli-bucket", Key="dir/big.bin")["ETag"].endswith('-3"')
    back = tmp_path / "back.bin"
    aws(cumulo, config, "s3", "cp", "s3://cli-bucket/dir/big.bin", str(back))
    assert back.read_bytes() == data

    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / "a.txt").write_text("a")
    (tree / "sub" / "b c.txt").write_text("b")
    aws(cumulo, config, "s3", "sync", str(tree), "s3://cli-bucket/tree")
    listing = aws(cumulo, config, "s3", "ls", "--recursive", "s3://cli-bucket/tree/")
    assert "tree/a.txt" in listing and "tree/sub/b c.txt" in listing
    assert "PRE tree/" in aws(cumulo, config, "s3", "ls", "s3://cli-bucket/")
    aws(cumulo, config, "s3", "rm", "--recursive", "s3://cli-bucket/tree")
    assert s3.list_objects_v2(Bucket="cli-bucket", Prefix="tree/")["KeyCount"] == 0

    head = json.loads(aws(cumulo, config, "s3api", "head-object", "--bucket", "cli-bucket", "--key", "dir/big.bin"))
    assert head["ContentLength"] == 11 * MIB
    aws(cumulo, config, "s3", "rb", "--force", "s3://cli-bucket")
    assert "cli-bucket" not in [b["Name"] for b in s3.list_buckets()["Buckets"]]
