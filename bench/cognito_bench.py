"""Cognito user pools: password sign-ins per second and an SRP sign-in's latency, cumulo beside moto.

    python bench/cognito_bench.py                 # cumulo, and moto_server if installed (pip install '.[bench]')
    python bench/cognito_bench.py --seconds 5 --no-moto --json bench/results/cognito.json

`InitiateAuth` (USER_PASSWORD_AUTH) is measured with a raw JSON client (the server's own
cost: check the password hash, sign an ID and an access token, record the sign-in) by
1 and 4 clients. The SRP sign-in is pycognito's full USER_SRP_AUTH exchange (InitiateAuth,
then RespondToAuthChallenge with PASSWORD_VERIFIER) sent with the same raw JSON client to
both servers, by 1 and 2 clients, each with its own user in one pool. The client is made
as fast as it goes (its `pow` on GMP, its secret `a` at 256 bits instead of 1024), yet its
3072-bit arithmetic (A = g^a, S = (B - kg^x)^(a+ux)) is still a large share of a sign-in:
the time it spends is measured and shown (`client ms`), and for one client the latency
without it is compared too. pycognito's own pure-Python arithmetic through boto3 (about
45 ms a sign-in here) would hide any server's cost, so it is not a row.

Last, the server's own CPU per password sign-in and per SRP sign-in (user + system time
from /proc/<pid>/stat, all threads, over a run by one client) for both servers. moto
answers USER_SRP_AUTH with a random SRP_B and accepts any PASSWORD_CLAIM_SIGNATURE, so
its SRP figure holds no SRP math; cumulo's holds all of it (B = kv + g^b, S = (A v^u)^b,
the HMAC proof) and two RS256 tokens.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from harness import RawJson, boto3_client, measure, moto_available, spawn

PASSWORD = "Bench-passw0rd!"
PASSWORD_WORK = "InitiateAuth USER_PASSWORD_AUTH"
SRP_WORK = "SRP sign-in (fast client, raw)"


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


@contextmanager
def _gmp_srp() -> Iterator[Any]:
    """pycognito's SRP client made fast while inside: its modular exponentiation on GMP and its
    secret exponent `a` drawn at 256 bits (RFC 5054's floor for this group) instead of 1024.
    The exchange on the wire is the same; the client's own arithmetic shrinks so that the
    server's cost shows in the wall latency."""
    import gmpy2
    from pycognito import aws_srp

    class FastSRP(aws_srp.AWSSRP):  # type: ignore[misc]
        def generate_random_small_a(self) -> int:
            return secrets.randbits(256)

    aws_srp.pow = lambda base, exponent, modulus: int(gmpy2.powmod(base, exponent, modulus))  # type: ignore[attr-defined]
    try:
        yield FastSRP
    finally:
        del aws_srp.pow  # type: ignore[attr-defined]


def _srp_raw_once(call: RawJson, srp_class: Any, pool: str, client: str, username: str) -> float:
    """One full SRP sign-in over raw HTTP; the seconds spent in the client's own arithmetic."""
    t0 = time.perf_counter()
    srp = srp_class(username=username, password=PASSWORD, pool_id=pool, client_id=client, client=object())
    params = srp.get_auth_params()
    t1 = time.perf_counter()
    started = call("InitiateAuth", {"ClientId": client, "AuthFlow": "USER_SRP_AUTH", "AuthParameters": params})
    t2 = time.perf_counter()
    answers = srp.process_challenge(started["ChallengeParameters"], params)
    t3 = time.perf_counter()
    done = call("RespondToAuthChallenge", {"ClientId": client, "ChallengeName": "PASSWORD_VERIFIER", "ChallengeResponses": answers})
    assert done["AuthenticationResult"]["AccessToken"]
    return (t1 - t0) + (t3 - t2)


def srp_sign_in(url: str, pool: str, client: str, srp_class: Any, client_seconds: list[float]) -> Callable[[int], Callable[[], None]]:
    def make(i: int) -> Callable[[], None]:
        call = RawJson(url, "AWSCognitoIdentityProviderService", "cognito-idp", json_version="1.1")

        def work() -> None:
            client_seconds.append(_srp_raw_once(call, srp_class, pool, client, f"user{i}"))

        return work

    return make


def cpu_seconds(pid: int) -> float:
    """A process's user + system CPU time so far, every thread counted (/proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_cpu(pid: int, work: Callable[[], Any], seconds: float, least: int = 50) -> dict[str, float]:
    """The server's CPU milliseconds per unit of `work` over a run of units by one client."""
    for _ in range(5):
        work()
    count, began, cpu_before = 0, time.perf_counter(), cpu_seconds(pid)
    while time.perf_counter() - began < seconds or count < least:
        work()
        count += 1
    return {"count": count, "server_cpu_ms": round((cpu_seconds(pid) - cpu_before) * 1000 / count, 3)}


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
    cpu: dict[str, dict[str, dict[str, float]]] = {}
    with _gmp_srp() as fast:
        for kind in kinds:
            with _server(kind) as (pid, url):
                pool, client = _pool(url, 4)
                for n in (1, 4):
                    rows.append({"server": kind, "work": PASSWORD_WORK, **measure(password_sign_in(url, client), n, args.seconds, warm=10)})
                for n in (1, 2):
                    client_seconds: list[float] = []
                    row = measure(srp_sign_in(url, pool, client, fast, client_seconds), n, args.seconds, warm=3)
                    row["client_ms"] = round(statistics.fmean(client_seconds) * 1000, 3)
                    rows.append({"server": kind, "work": SRP_WORK, **row})
                call = RawJson(url, "AWSCognitoIdentityProviderService", "cognito-idp", json_version="1.1")
                cpu[kind] = {
                    PASSWORD_WORK: server_cpu(pid, password_sign_in(url, client)(0), args.seconds, least=200),
                    SRP_WORK: server_cpu(pid, lambda: _srp_raw_once(call, fast, pool, client, "user0"), args.seconds),
                }
    report(rows, cpu)
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": rows, "server_cpu": cpu}, indent=1) + "\n")


def report(rows: list[dict[str, Any]], cpu: dict[str, dict[str, dict[str, float]]]) -> None:
    print(f"{'server':8} {'work':34} {'clients':>7} {'per s':>8} {'p50 ms':>8} {'p99 ms':>8} {'client ms':>10}")
    for r in rows:
        print(f"{r['server']:8} {r['work']:34} {r['clients']:>7} {r['per_s']:>8} {r['p50_ms']:>8} {r['p99_ms']:>8} {r.get('client_ms', ''):>10}")
    mine = {(r["work"], r["clients"]): r for r in rows if r["server"] == "cumulo"}
    for r in rows:
        if r["server"] != "moto":
            continue
        ours = mine[(r["work"], r["clients"])]
        line = f"cumulo/moto, {r['work']} x{r['clients']}: {ours['per_s'] / r['per_s']:.1f}x per s, p50 {ours['p50_ms']} ms vs {r['p50_ms']} ms"
        if "client_ms" in r and r["clients"] == 1:
            # one client: the mean wall time of a sign-in is 1/rate; what is not the client's is the server's and HTTP's
            theirs, own = 1000 / r["per_s"] - r["client_ms"], 1000 / ours["per_s"] - ours["client_ms"]
            line += (f"; the client's arithmetic is {ours['client_ms']} / {r['client_ms']} ms of it, "
                     f"without it {own:.2f} ms vs {theirs:.2f} ms: {theirs / own:.1f}x")
        print(line)
    for kind, figures in cpu.items():
        for work, f in figures.items():
            print(f"{kind}: server CPU per {work}: {f['server_cpu_ms']} ms (over {f['count']})")
    if "moto" in cpu:
        for work in cpu["moto"]:
            print(f"cumulo/moto, server CPU per {work}: {cpu['moto'][work]['server_cpu_ms'] / cpu['cumulo'][work]['server_cpu_ms']:.1f}x less")

if __name__ == "__main__":
    main()
