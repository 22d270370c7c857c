"""Every CUMULO_* setting, typed and documented in one place.

Precedence: command-line flag > environment variable > default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields


@dataclass
class Config:
    host: str = "127.0.0.1"  # CUMULO_HOST: bind address; localhost only, since Lambda runs code it is sent
    port: int = 4566  # CUMULO_PORT
    data_dir: str = ""  # CUMULO_DATA_DIR: persistence on when set
    log_level: str = "info"  # CUMULO_LOG_LEVEL: debug, info, warning, error
    default_account: str = "000000000000"  # CUMULO_DEFAULT_ACCOUNT: for access keys that are not 12 digits
    default_region: str = "us-east-1"  # CUMULO_DEFAULT_REGION: for unsigned requests
    durability: str = "normal"  # CUMULO_DURABILITY: normal (survives a crash) or full (survives power loss)
    lambda_executor: str = "process"  # CUMULO_LAMBDA_EXECUTOR: process (local child processes) or docker
    lambda_idle_seconds: float = 600.0  # CUMULO_LAMBDA_IDLE_SECONDS: a warm function process idle this long is stopped
    verify_signatures: bool = False  # CUMULO_VERIFY_SIGNATURES: refuse requests not signed with their key's secret
    # CUMULO_ACCESS_KEYS: long-term keys no service issued, "AKID:SECRET,...", for signature checks
    access_keys: str = "test:test"
    # CUMULO_DYNAMODB_STATUS_DELAY: seconds (cumulo clock) a DynamoDB table or index stays
    # CREATING/UPDATING/DELETING; 0 settles on the next call, as fast as waiters can see it
    dynamodb_status_delay: float = 0.0
    # CUMULO_SQS_ENDPOINT_STRATEGY: the queue URLs SQS gives out. "standard" (LocalStack's
    # default): http://sqs.<region>.localhost.localstack.cloud:<port>/<account>/<name>;
    # "origin": the origin the client used, http://127.0.0.1:4566/<account>/<name> — for
    # the JavaScript SDK v3 offline, which sends to the QueueUrl's origin when its
    # endpoint came from AWS_ENDPOINT_URL, and *.localhost.localstack.cloud needs DNS.
    sqs_endpoint_strategy: str = "standard"
    # CUMULO_SSM_LOCAL_INSTANCE: register this machine as an SSM managed instance (mi-...), so
    # SendCommand and State Manager associations run the shell commands they are sent here
    ssm_local_instance: bool = False
    # CUMULO_KINESIS_STATUS_DELAY: seconds (cumulo clock) a Kinesis stream stays CREATING/UPDATING
    # (and a consumer CREATING); 0 settles before the next call
    kinesis_status_delay: float = 0.0
    # CUMULO_KINESIS_ENFORCE_LIMITS: refuse writes and reads beyond a shard's throughput
    # (1 MiB or 1,000 records/s in, 5 reads or 2 MiB/s out) with ProvisionedThroughputExceededException
    kinesis_enforce_limits: bool = False
    # CUMULO_SMTP_RELAY: host:port of an SMTP relay; SNS email and email-json subscriptions
    # (their confirmations and notifications) are sent through it. Unset: only recorded.
    smtp_relay: str = ""
    # CUMULO_ENFORCE_IAM: "" (off, the default), "1" (every request authorized by the IAM
    # policy engine; denials answered as AccessDenied) or "audit" (allowed, would-be denials
    # recorded for GET /_cumulo/iam/decisions and /_cumulo/iam/suggest)
    enforce_iam: str = ""
    # CUMULO_COMPAT: a preset for suites written for another emulator. "moto": port 5000,
    # account 123456789012, unknown keys as moto's default user, SQS queue URLs on the origin
    compat: str = ""
    # CUMULO_INIT_DIR: LocalStack-style init hooks, {boot,start,ready,shutdown}.d/*.sh|*.py;
    # unset: /etc/localstack/init when it exists
    init_dir: str = ""
    # CUMULO_STEPFUNCTIONS_MOCK_CONFIG (or LocalStack's SFN_MOCK_CONFIG): a JSON file of mocked task
    # responses per test case, used by executions started with "<state machine ARN>#<test case>"
    stepfunctions_mock_config: str = ""
    # CUMULO_TLS: answer HTTPS as well as HTTP on the port (the first byte of a connection
    # decides), with a certificate from a local CA kept in the data dir or ~/.cache/cumulo/tls
    # (`cumulo ca` prints its path, for AWS_CA_BUNDLE)
    tls: bool = True
    # CUMULO_CONSOLE_TOKEN: when bound beyond loopback, the console and every internal endpoint
    # that changes or dumps state require this token; unset: one is made and printed at start-up;
    # "off": no token (a container whose published port only this machine reaches)
    console_token: str = ""
    # CUMULO_NODE_SDK_DIR: where `cumulo node-sdk` installs the AWS SDK for JavaScript v3 that
    # Node.js functions find as on AWS; unset: ~/.cache/cumulo/node-sdk
    node_sdk_dir: str = ""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Config:
        source: Mapping[str, str] = os.environ if env is None else env
        config = cls()
        compat = overrides.get("compat") or source.get("CUMULO_COMPAT", "")
        if compat:
            from cumulo.compat import PRESETS

            if compat not in PRESETS:
                raise SystemExit(f"CUMULO_COMPAT={compat!r} is not one of {', '.join(PRESETS)}")
            for name, value in PRESETS[str(compat)].items():
                setattr(config, name, value)
        for f in fields(cls):
            raw = source.get(f"CUMULO_{f.name.upper()}")
            if raw not in (None, ""):
                kind = type(getattr(config, f.name))
                try:
                    setattr(config, f.name, _parse_bool(raw) if kind is bool else kind(raw))
                except ValueError:
                    raise SystemExit(f"CUMULO_{f.name.upper()}={raw!r} is not a valid {kind.__name__}") from None
        for name, value in overrides.items():
            if value is not None:
                setattr(config, name, value)
        return config


def _parse_bool(raw: str) -> bool:
    # bool("0") is True: read the words people write instead.
    word = raw.strip().lower()
    if word in ("1", "true", "yes", "on"):
        return True
    if word in ("0", "false", "no", "off"):
        return False
    raise ValueError(raw)
