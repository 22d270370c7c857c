"""Cognito user pools: password sign-ins per second and an SRP sign-in's latency, cumulo beside moto.

    python bench/cognito_bench.py                 # cumulo, and moto_server if installed (pip install '.[bench]')
    python bench/cognito_bench.py --seconds 5 --no-moto --json bench/results/cognito.json

`InitiateAuth` (USER_PASSWORD_AUTH) is measured with a raw JSON client (the server's own
cost: check the password hash, sign an ID and an access token, record the sign-in) by
1 and 4 clients. The SRP sign-in is pycognito's full USER_SRP_AUTH exchange through boto3
(InitiateAuth, then RespondToAuthChallenge with PASSWORD_VERIFIER), by one client, with
the client's secret exponent `a` drawn at 256 bits instead of pycognito's 1024 so that the
client's own big-number arithmetic does not hide the server's (the server's work is the same).
Each client has its own user in one pool.

Because pycognito's pure-Python 3072-bit arithmetic dominates that figure, the SRP sign-in
is measured a second way: the same pycognito exchange with its `pow` on GMP (gmpy2) and
sent with the raw JSON client, by 1 and 2 clients, so that the server's work shows. The
server's own CPU per SRP sign-in (user + system time from /proc/<pid>/stat, all threads,
over a run of sign-ins) is reported for both servers. moto answers USER_SRP_AUTH with a
random SRP_B and accepts any PASSWORD_CLAIM_SIGNATURE, so its figure holds no SRP math;
cumulo's holds all of it (B = kv + g^b, S = (A v^u)^b, the HMAC proof) and two RS256 tokens.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from harness import RawJson, boto3_client, measure, moto_available, spawn

PASSWORD = "Bench-passw0rd!"


def _pool(url: str, users: int) -> tuple[str, str]:
    idp = boto3_client("cognito-idp", url)
    pool = idp.create_user_pool(PoolName="bench")["UserPool"]["Id"]
    client = idp.create_user_pool_client(UserPoolId=pool, ClientName="bench", ExplicitAuthFlows=[
        "ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]["ClientId"]
    for i in range(users):
        idp.admin_create_user(UserPoolId=pool, Username=f"user{i}", MessageAction="SUPPRESS")
        idp.admin_set_user_password(UserPoolId=pool, Username=f"user{i}", Password=PASSWORD, Permanent=True)
    return pool, client


def password_sign_in(url: str, client: str) -> Callable[[int], Callable[[], None]]:
    def make(i: int) -> Callable[[], None]:
        call = RawJson(url, "AWSCognitoIdentityProviderService", "cognito-idp", json_version="1.1")
        params = {"ClientId": client, "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {"USERNAME": f"user{i}", "PASSWORD": PASSWORD}}

        def work() -> None:
            assert call("InitiateAuth", params)["AuthenticationResult"]["AccessToken"]

        return work

    return make


def srp_sign_in(url: str, pool: str, client: str) -> Callable[[int], Callable[[], None]]:
    from pycognito.aws_srp import AWSSRP

    def make(i: int) -> Callable[[], None]:
        idp = boto3_client("cognito-idp", url)

        def work() -> None:
            srp = AWSSRP(username=f"user{i}", password=PASSWORD, pool_id=pool, client_id=client, client=idp)
            srp.small_a_value = secrets.randbits(256)
            srp.large_a_value = srp.calculate_a()
            out = srp.authenticate_user()
            assert out["AuthenticationResult"]["AccessToken"]

        return work

    return make


@contextmanager
def _gmp_srp() -> Iterator[Any]:
    """pycognito's SRP client with its modular exponentiation on GMP while inside: the same
    exchange, a fast client (pycognito's own rows run outside, on Python's pow)."""
    import gmpy2
    from pycognito import aws_srp

    aws_srp.pow = lambda base, exponent, modulus: int(gmpy2.powmod(base, exponent, modulus))  # type: ignore[attr-defined]
    try:
        yield aws_srp.AWSSRP
    finally:
        del aws_srp.pow  # type: ignore[attr-defined]


def _srp_raw_once(call: RawJson, srp_class: Any, pool: str, client: str, username: str) -> None:
    srp = srp_class(username=username, password=PASSWORD, pool_id=pool, client_id=client, client=object())
    params = srp.get_auth_params()
    started = call("InitiateAuth", {"ClientId": client, "AuthFlow": "USER_SRP_AUTH", "AuthParameters": params})
    answers = srp.process_challenge(started["ChallengeParameters"], params)
    done = call("RespondToAuthChallenge", {"ClientId": client, "ChallengeName": "PASSWORD_VERIFIER", "ChallengeResponses": answers})
    assert done["AuthenticationResult"]["AccessToken"]


def srp_sign_in_fast(url: str, pool: str, client: str, srp_class: Any) -> Callable[[int], Callable[[], None]]:
    def make(i: int) -> Callable[[], None]:
        call = RawJson(url, "AWSCognitoIdentityProviderService", "cognito-idp", json_version="1.1")
        return lambda: _srp_raw_once(call, srp_class, pool, client, f"user{i}")

    return make


def cpu_seconds(pid: int) -> float:
    """A process's user + system CPU time so far, every thread counted (/proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_cpu_per_srp(pid: int, url: str, pool: str, client: str, seconds: float, srp_class: Any) -> dict[str, float]:
    """The server's CPU milliseconds per SRP sign-in over a run of sign-ins by one fast client."""
    call = RawJson(url, "AWSCognitoIdentityProviderService", "cognito-idp", json_version="1.1")
    for _ in range(5):
        _srp_raw_once(call, srp_class, pool, client, "user0")
    count, began, cpu_before = 0, time.perf_counter(), cpu_seconds(pid)
    while time.perf_counter() - began < seconds or count < 50:
        _srp_raw_once(call, srp_class, pool, client, "user0")
        count += 1
    return {"sign_ins": count, "server_cpu_ms": round((cpu_seconds(pid) - cpu_before) * 1000 / count, 3)}


@contextmanager
def _server(kind: str) -> Iterator[tuple[int, str]]:
    proc, url = spawn(kind)
    try:
        yield proc.pid, url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--no-moto", action="store_true")
    parser.add_argument("--json", help="write the results here too")
    args = parser.parse_args()
    kinds = ["cumulo"] + ([] if args.no_moto or not moto_available() else ["moto"])
    rows: list[dict[str, Any]] = []
    cpu: dict[str, dict[str, float]] = {}
    for kind in kinds:
        with _server(kind) as (pid, url):
            pool, client = _pool(url, 4)
            for n in (1, 4):
                rows.append({"server": kind, "work": "InitiateAuth USER_PASSWORD_AUTH",
                             **measure(password_sign_in(url, client), n, args.seconds, warm=10)})
            rows.append({"server": kind, "work": "SRP sign-in (pycognito)", **measure(srp_sign_in(url, pool, client), 1, args.seconds, warm=3)})
            with _gmp_srp() as fast:
                for n in (1, 2):
                    rows.append({"server": kind, "work": "SRP sign-in (pycognito on GMP, raw)",
                                 **measure(srp_sign_in_fast(url, pool, client, fast), n, args.seconds, warm=3)})
                cpu[kind] = server_cpu_per_srp(pid, url, pool, client, args.seconds, fast)
    print(f"{'server':8} {'work':38} {'clients':>7} {'per s':>8} {'p50 ms':>8} {'p99 ms':>8}")
    for r in rows:
        print(f"{r['server']:8} {r['work']:38} {r['clients']:>7} {r['per_s']:>8} {r['p50_ms']:>8} {r['p99_ms']:>8}")
    mine = {(r["work"], r["clients"]): r for r in rows if r["server"] == "cumulo"}
    for r in rows:
        if r["server"] == "moto":
            ours = mine[(r["work"], r["clients"])]
            print(f"cumulo/moto, {r['work']} x{r['clients']}: {ours['per_s'] / r['per_s']:.1f}x per s, "
                  f"p50 {ours['p50_ms']} ms vs {r['p50_ms']} ms")
    for kind, figures in cpu.items():
        print(f"{kind}: server CPU per SRP sign-in {figures['server_cpu_ms']} ms (over {figures['sign_ins']} sign-ins)")
    if "moto" in cpu:
        print(f"cumulo/moto, server CPU per SRP sign-in: {cpu['moto']['server_cpu_ms'] / cpu['cumulo']['server_cpu_ms']:.1f}x less")
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": rows, "server_cpu_per_srp_sign_in": cpu}, indent=1) + "\n")


if __name__ == "__main__":
    main()
