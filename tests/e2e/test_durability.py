"""Nothing acknowledged is lost: a server killed with SIGKILL under a write load
comes back on the same data dir with every write it had answered 2xx."""

from __future__ import annotations

import os
import signal
import threading

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from cumulo.testing import free_port, spawned_server


def sts(port: int, **creds: str):  # type: ignore[no-untyped-def]
    return boto3.client(
        "sts", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
        aws_access_key_id=creds.get("key", "test"), aws_secret_access_key=creds.get("secret", "test"),
        aws_session_token=creds.get("token"), config=Config(retries={"max_attempts": 1}, connect_timeout=2, read_timeout=5),
    )


def test_sigkill_under_write_load_loses_no_acknowledged_write(tmp_path) -> None:  # type: ignore[no-untyped-def]
    port = free_port()
    acknowledged: list[dict] = []
    with spawned_server(port, str(tmp_path)) as proc:
        stop = threading.Event()

        def writer(n: int) -> None:
            client = sts(port)
            i = 0
            while not stop.is_set():
                try:
                    out = client.assume_role(RoleArn="arn:aws:iam::111122223333:role/r", RoleSessionName=f"w{n}-{i}")
                except (BotoCoreError, ClientError):
                    return  # the server is gone
                acknowledged.append(out)
                i += 1

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        while len(acknowledged) < 200:
            threading.Event().wait(0.01)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        stop.set()
        for t in threads:
            t.join()

    assert len(acknowledged) >= 200
    with spawned_server(port, str(tmp_path)):
        for out in acknowledged:
            c = out["Credentials"]
            identity = sts(port, key=c["AccessKeyId"], secret=c["SecretAccessKey"], token=c["SessionToken"]).get_caller_identity()
            assert identity["Arn"] == out["AssumedRoleUser"]["Arn"]


def test_state_survives_a_clean_restart(tmp_path) -> None:  # type: ignore[no-untyped-def]
    port = free_port()
    with spawned_server(port, str(tmp_path)):
        out = sts(port).assume_role(RoleArn="arn:aws:iam::111122223333:role/r", RoleSessionName="kept")
    with spawned_server(port, str(tmp_path)):
        c = out["Credentials"]
        assert sts(port, key=c["AccessKeyId"], secret=c["SecretAccessKey"], token=c["SessionToken"]).get_caller_identity()["Arn"].endswith("/r/kept")


def test_without_a_data_dir_nothing_is_kept(tmp_path) -> None:  # type: ignore[no-untyped-def]
    port = free_port()
    with spawned_server(port):
        out = sts(port).assume_role(RoleArn="arn:aws:iam::111122223333:role/r", RoleSessionName="gone")
    with spawned_server(port):
        c = out["Credentials"]
        # An unknown session key is just another access key: the default account's root.
        identity = sts(port, key=c["AccessKeyId"], secret=c["SecretAccessKey"], token=c["SessionToken"]).get_caller_identity()
        assert identity["Arn"] == "arn:aws:iam::000000000000:root"
