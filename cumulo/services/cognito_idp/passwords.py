"""Passwords: the pool's policy, salted hashes, codes, and what is never stored (the plaintext).

A password is kept as a salted HMAC-SHA256 (for password sign-in) and an SRP
verifier (for USER_SRP_AUTH, see `srp`), both made when it is set. The hash is
deliberately not a slow key-derivation function: this is an emulator holding test
passwords, and sign-in throughput matters more than resistance to offline guessing.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string
from typing import Any

from cumulo.core.errors import AwsError

SYMBOLS = set("^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ")
DEFAULT_POLICY = {
    "MinimumLength": 8,
    "RequireUppercase": True,
    "RequireLowercase": True,
    "RequireNumbers": True,
    "RequireSymbols": True,
    "PasswordHistorySize": 0,
    "TemporaryPasswordValidityDays": 7,
}


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    return f"{salt.hex()}${hmac.new(salt, password.encode(), hashlib.sha256).hexdigest()}"


def matches(stored: str, password: str) -> bool:
    if not stored:
        return False
    salt, _, digest = stored.partition("$")
    computed = hmac.new(bytes.fromhex(salt), password.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(computed, digest)


def check_policy(policy: dict[str, Any], password: str) -> None:
    """AWS's InvalidPasswordException for the first rule the password breaks."""
    problems = []
    if len(password) < int(policy.get("MinimumLength", 8)):
        problems.append("Password not long enough")
    if policy.get("RequireUppercase") and not any(c.isupper() for c in password):
        problems.append("Password must have uppercase characters")
    if policy.get("RequireLowercase") and not any(c.islower() for c in password):
        problems.append("Password must have lowercase characters")
    if policy.get("RequireNumbers") and not any(c.isdigit() for c in password):
        problems.append("Password must have numeric characters")
    if policy.get("RequireSymbols") and not any(c in SYMBOLS for c in password):
        problems.append("Password must have symbol characters")
    if problems:
        raise AwsError("InvalidPasswordException", f"Password did not conform with policy: {problems[0]}")


def temporary_password(policy: dict[str, Any]) -> str:
    """A generated password that satisfies `policy` (AdminCreateUser without one)."""
    length = max(int(policy.get("MinimumLength", 8)), 12)
    parts = [secrets.choice(string.ascii_uppercase), secrets.choice(string.ascii_lowercase),
             secrets.choice(string.digits), secrets.choice("^$*.!@#%&")]
    alphabet = string.ascii_letters + string.digits
    parts += [secrets.choice(alphabet) for _ in range(length - len(parts))]
    secrets.SystemRandom().shuffle(parts)
    return "".join(parts)


def code() -> str:
    """A six-digit confirmation or MFA code."""
    return f"{secrets.randbelow(1_000_000):06d}"


def secret_hash(client_id: str, client_secret: str, username: str) -> str:
    import base64

    mac = hmac.new(client_secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()
    return base64.b64encode(mac).decode()
