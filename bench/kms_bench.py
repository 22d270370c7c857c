"""KMS and Secrets Manager throughput: Encrypt, Decrypt, GenerateDataKey, GetSecretValue, 1 and 8 clients, cumulo beside moto.

    python bench/kms_bench.py                    # cumulo, and moto_server if installed (pip install '.[bench]')
    python bench/kms_bench.py --seconds 5 --no-moto --json bench/results/kms.json

Each client has its own key (and secret) and repeats one call: Encrypt of 1 KiB
with an encryption context, Decrypt of such a ciphertext, GenerateDataKey
(AES_256), or GetSecretValue of a 200-byte secret. Two kinds of client (see
harness.py): boto3, what a test suite sees, and a raw JSON client, which
measures the server itself. cumulo's answers are real cryptography (AES-256-GCM;
GetSecretValue is a KMS Decrypt of the version's data key, then AES-GCM).
"""

from __future__ import annotations

import argparse
import base64
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harness import RawJson, boto3_client, measure, moto_available, server

PLAINTEXT = b"k" * 1024
CONTEXT = {"purpose": "bench"}


def boto3_work(url: str, operation: str, tag: str) -> Callable[[], None]:
    kms = boto3_client("kms", url)
    key = kms.create_key(Description=tag)["KeyMetadata"]["KeyId"]
    if operation == "Encrypt":
        return lambda: kms.encrypt(KeyId=key, Plaintext=PLAINTEXT, EncryptionContext=CONTEXT) and None
    if operation == "Decrypt":
        blob = kms.encrypt(KeyId=key, Plaintext=PLAINTEXT, EncryptionContext=CONTEXT)["CiphertextBlob"]
        return lambda: kms.decrypt(CiphertextBlob=blob, EncryptionContext=CONTEXT) and None
    if operation == "GenerateDataKey":
        return lambda: kms.generate_data_key(KeyId=key, KeySpec="AES_256") and None
    sm = boto3_client("secretsmanager", url)
    sm.create_secret(Name=tag, SecretString="s" * 200)
    return lambda: sm.get_secret_value(SecretId=tag) and None


def raw_work(url: str, operation: str, tag: str) -> Callable[[], None]:
    kms = RawJson(url, "TrentService", "kms", "1.1")
    key = kms("CreateKey", {"Description": tag})["KeyMetadata"]["KeyId"]
    plain = base64.b64encode(PLAINTEXT).decode()
    if operation == "Encrypt":
        return lambda: kms("Encrypt", {"KeyId": key, "Plaintext": plain, "EncryptionContext": CONTEXT}) and None
    if operation == "Decrypt":
        blob = kms("Encrypt", {"KeyId": key, "Plaintext": plain, "EncryptionContext": CONTEXT})["CiphertextBlob"]
        return lambda: kms("Decrypt", {"CiphertextBlob": blob, "EncryptionContext": CONTEXT}) and None
    if operation == "GenerateDataKey":
        return lambda: kms("GenerateDataKey", {"KeyId": key, "KeySpec": "AES_256"}) and None
    sm = RawJson(url, "secretsmanager", "secretsmanager", "1.1")
    sm("CreateSecret", {"Name": tag, "SecretString": "s" * 200, "ClientRequestToken": "b" * 32 + tag[-8:].rjust(8, "0")})
    return lambda: sm("GetSecretValue", {"SecretId": tag}) and None


CLIENTS: dict[str, Callable[[str, str, str], Callable[[], None]]] = {"boto3": boto3_work, "raw": raw_work}
OPERATIONS = ("Encrypt", "Decrypt", "GenerateDataKey", "GetSecretValue")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--no-moto", action="store_true")
    parser.add_argument("--clients", default="boto3,raw", help="client kinds, comma-separated")
    parser.add_argument("--json", help="write the results here too")
    args = parser.parse_args()
    kinds = ["cumulo"] + ([] if args.no_moto or not moto_available() else ["moto"])
    rows: list[dict[str, Any]] = []
    for kind in kinds:
        with server(kind) as url:
            for client in args.clients.split(","):
                make = CLIENTS[client]
                for operation in OPERATIONS:
                    for n in (1, 8):
                        result = measure(lambda i: make(url, operation, f"bench-{client}-{operation}-{n}-{i}"), n, args.seconds)
                        rows.append({"server": kind, "client": client, "operation": operation, **result})
    print(f"{'server':8} {'client':6} {'operation':16} {'clients':>7} {'calls/s':>9} {'p50 ms':>8} {'p99 ms':>8}")
    for r in rows:
        print(f"{r['server']:8} {r['client']:6} {r['operation']:16} {r['clients']:>7} {r['per_s']:>9} {r['p50_ms']:>8} {r['p99_ms']:>8}")
    mine = {(r["client"], r["operation"], r["clients"]): r["per_s"] for r in rows if r["server"] == "cumulo"}
    for r in rows:
        if r["server"] == "moto":
            ratio = mine[(r["client"], r["operation"], r["clients"])] / r["per_s"]
            print(f"cumulo/moto, {r['client']} {r['operation']} x{r['clients']}: {ratio:.1f}x")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1) + "\n")


if __name__ == "__main__":
    main()
