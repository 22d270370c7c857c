"""The SRP engine alone: the fixed-base exponentiation against Python's pow, and the server's
session key against the client's side of the exchange (pycognito's formula), as properties."""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st
from pycognito import aws_srp

from cumulo.services.cognito_idp import srp


@given(st.integers(min_value=0, max_value=(1 << 300)))
@settings(max_examples=30, deadline=None)
def test_fixed_base_power_is_pow(exponent: int) -> None:
    assert srp.g_pow(exponent) == pow(srp.G, exponent, srp.N)


@given(st.text(min_size=1, max_size=20), st.integers(min_value=1, max_value=(1 << 256) - 1))
@settings(max_examples=15, deadline=None)
def test_server_and_client_derive_the_same_key(password: str, small_a: int) -> None:
    pool_id, user = "us-east-1_Abc123", "someone"
    salt, verifier = srp.verifier(pool_id, user, password)
    b, big_b = srp.server_values(verifier)
    big_a = pow(srp.G, small_a, srp.N)
    server_key = srp.session_key(big_a, big_b, b, verifier)
    # The client's side, as pycognito computes it.
    u = aws_srp.calculate_u(big_a, big_b)
    inner = hashlib.sha256(f"Abc123{user}:{password}".encode()).hexdigest()
    x = aws_srp.hex_to_long(aws_srp.hex_hash(aws_srp.pad_hex(salt) + inner))
    s = pow((big_b - srp.K * pow(srp.G, x, srp.N)) % srp.N, small_a + u * x, srp.N)
    client_key = aws_srp.compute_hkdf(bytes.fromhex(aws_srp.pad_hex(s)), bytes.fromhex(aws_srp.pad_hex(aws_srp.long_to_hex(u))))
    assert server_key == client_key
