"""The server side of Cognito's SRP-6a (USER_SRP_AUTH), as its clients compute it.

Cognito uses the RFC 5054 3072-bit group (the RFC 3526 prime, g = 2), SHA-256,
k = H(N | g), u = H(A | B) over hex strings padded to whole, non-negative bytes,
x = H(salt | H(pool | user | ":" | password)) where `pool` is the part of the pool
id after the underscore, and derives a 16-byte key from S with HKDF whose info is
"Caldera Derived Key". The client proves the key with an HMAC of
pool | user | SECRET_BLOCK | TIMESTAMP (PASSWORD_VERIFIER).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from typing import Any

try:  # GMP's modular arithmetic is several times faster than Python's for 3072-bit numbers
    from gmpy2 import mpz as _number
    from gmpy2 import powmod as _gmp_powmod

    def _powmod(base: int, exponent: int, modulus: int) -> int:
        return _gmp_powmod(base, exponent, modulus)  # type: ignore[no-any-return]
except ImportError:  # pragma: no cover - gmpy2 is a dependency; pow is the same arithmetic
    _number = int  # type: ignore[assignment,misc]

    def _powmod(base: int, exponent: int, modulus: int) -> int:
        return pow(base, exponent, modulus)

# RFC 3526, group 15: the 3072-bit MODP prime.
N_HEX = (
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"
)
N = int(N_HEX, 16)
G = 2
_N = _number(N)


def pad_hex(value: int | str) -> str:
    """Hex of a non-negative number as whole bytes, with a leading 00 when the top bit is set."""
    text = f"{value:x}" if isinstance(value, int) else value
    if len(text) % 2:
        return "0" + text
    return "00" + text if text[0] in "89abcdefABCDEF" else text


def _hex_hash(hex_text: str) -> str:
    return hashlib.sha256(bytes.fromhex(hex_text)).hexdigest()


K = int(_hex_hash("00" + N_HEX + "0" + f"{G:x}"), 16)


# g^e for the server's secret b and the verifier's x (both 256 bits) from a table made once:
# the powers g^(d * 2^(6j)) for every 6-bit digit d at every position j, so that g^e is 43
# multiplications instead of 256 squarings and their multiplications (about 4x less work).
_WINDOW = 6
_EXPONENT_BITS = 256
_table: list[list[Any]] = []


def _fixed_base_table() -> list[list[Any]]:
    if not _table:
        base = _number(G)
        for _ in range(0, _EXPONENT_BITS, _WINDOW):
            row = [_number(1)]
            for _ in range(1, 1 << _WINDOW):
                row.append(row[-1] * base % _N)
            _table.append(row)
            base = row[-1] * base % _N
    return _table


def g_pow(exponent: int) -> int:
    """g^exponent mod N; exponents of up to 256 bits through the fixed-base table."""
    if exponent >> _EXPONENT_BITS:
        return _powmod(G, exponent, _N)
    table, mask = _fixed_base_table(), (1 << _WINDOW) - 1
    result, position = _number(1), 0
    while exponent:
        digit = exponent & mask
        if digit:
            result = result * table[position][digit] % _N
        exponent >>= _WINDOW
        position += 1
    return int(result)


def _x(pool_id: str, user_id: str, password: str, salt_hex: str) -> int:
    inner = hashlib.sha256(f"{pool_id.split('_', 1)[1]}{user_id}:{password}".encode()).hexdigest()
    return int(_hex_hash(pad_hex(salt_hex) + inner), 16)


def verifier(pool_id: str, user_id: str, password: str) -> tuple[str, int]:
    """A fresh salt (hex) and the verifier g^x mod N for the password: all SRP keeps of it."""
    salt = secrets.token_hex(16)
    return salt, g_pow(_x(pool_id, user_id, password, salt))


def server_values(v: int) -> tuple[int, int]:
    """The server's secret b and public B = k*v + g^b mod N."""
    while True:
        b = secrets.randbits(_EXPONENT_BITS)
        big_b = (K * v + g_pow(b)) % N
        if big_b % N:
            return b, big_b


def _hkdf(ikm: bytes, salt: bytes) -> bytes:
    prk = hmac.new(salt, ikm, hashlib.sha256).digest()
    return hmac.new(prk, b"Caldera Derived Key\x01", hashlib.sha256).digest()[:16]


def session_key(a: int, big_b: int, b: int, v: int) -> bytes | None:
    """The key both sides derive; None for an A the protocol forbids (A mod N == 0)."""
    if a % N == 0:
        return None
    u = int(_hex_hash(pad_hex(a) + pad_hex(big_b)), 16)
    if u == 0:
        return None
    s = int(_powmod(_number(a) * _powmod(v, u, _N) % _N, b, _N))
    return _hkdf(bytes.fromhex(pad_hex(s)), bytes.fromhex(pad_hex(f"{u:x}")))


def signature(key: bytes, pool_id: str, user_id: str, secret_block: str, timestamp: str) -> str:
    return _signed(key, pool_id.split("_", 1)[1], user_id, secret_block, timestamp)


def device_signature(key: bytes, group_key: str, device_key: str, secret_block: str, timestamp: str) -> str:
    """A remembered device's proof (DEVICE_PASSWORD_VERIFIER): its group key stands for the pool."""
    return _signed(key, group_key, device_key, secret_block, timestamp)


def _signed(key: bytes, prefix: str, user_id: str, secret_block: str, timestamp: str) -> str:
    message = prefix.encode() + user_id.encode() + base64.b64decode(secret_block) + timestamp.encode()
    return base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()


def new_secret_block() -> str:
    return base64.b64encode(secrets.token_bytes(1024)).decode()
