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
"""

from __future__ import annotations

import argparse
import json
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harness import RawJson, boto3_client, measure, moto_available, server

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--no-moto", action="store_true")
    parser.add_argument("--json", help="write the results here too")
    args = parser.parse_args()
    kinds = ["cumulo"] + ([] if args.no_moto or not moto_available() else ["moto"])
    rows: list[dict[str, Any]] = []
    for kind in kinds:
        with server(kind) as url:
            pool, client = _pool(url, 4)
            for n in (1, 4):
                rows.append({"server": kind, "work": "InitiateAuth USER_PASSWORD_AUTH",
                             **measure(password_sign_in(url, client), n, args.seconds, warm=10)})
            rows.append({"server": kind, "work": "SRP sign-in (pycognito)", **measure(srp_sign_in(url, pool, client), 1, args.seconds, warm=3)})
    print(f"{'server':8} {'work':34} {'clients':>7} {'per s':>8} {'p50 ms':>8} {'p99 ms':>8}")
    for r in rows:
        print(f"{r['server']:8} {r['work']:34} {r['clients']:>7} {r['per_s']:>8} {r['p50_ms']:>8} {r['p99_ms']:>8}")
    mine = {(r["work"], r["clients"]): r for r in rows if r["server"] == "cumulo"}
    for r in rows:
        if r["server"] == "moto":
            ours = mine[(r["work"], r["clients"])]
            print(f"cumulo/moto, {r['work']} x{r['clients']}: {ours['per_s'] / r['per_s']:.1f}x per s, "
                  f"p50 {ours['p50_ms']} ms vs {r['p50_ms']} ms")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1) + "\n")


if __name__ == "__main__":
    main()
