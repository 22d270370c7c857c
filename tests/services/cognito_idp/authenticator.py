"""A software WebAuthn authenticator for the passkey tests: it builds what a browser and a
platform authenticator would hand back (authenticator data, client data JSON, a 'none'
attestation, ES256 or RS256 assertion signatures) from the options cumulo gives out."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import struct
from dataclasses import dataclass, field
from typing import Any

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Authenticator:
    origin: str
    alg: int = -7  # -7 ES256, -257 RS256
    credential_id: bytes = field(default_factory=lambda: secrets.token_bytes(16))
    counter: int = 0
    key: Any = None

    def __post_init__(self) -> None:
        if self.key is None:
            self.key = ec.generate_private_key(ec.SECP256R1()) if self.alg == -7 else rsa.generate_private_key(65537, 2048)

    def _cose(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        if self.alg == -7:
            return cbor2.dumps({1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"), -3: numbers.y.to_bytes(32, "big")})
        n = numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big")
        return cbor2.dumps({1: 3, 3: -257, -1: n, -2: numbers.e.to_bytes(3, "big")})

    def _client_data(self, kind: str, challenge: str, origin: str | None) -> bytes:
        return json.dumps({"type": kind, "challenge": challenge, "origin": origin or self.origin, "crossOrigin": False}).encode()

    def _sign(self, message: bytes) -> bytes:
        if self.alg == -7:
            return bytes(self.key.sign(message, ec.ECDSA(hashes.SHA256())))
        return bytes(self.key.sign(message, padding.PKCS1v15(), hashes.SHA256()))

    def create(self, options: dict[str, Any], origin: str | None = None, rp_id: str | None = None) -> dict[str, Any]:
        """navigator.credentials.create(): a registration response with a 'none' attestation."""
        rp = rp_id or options["rp"]["id"]
        attested = b"\x00" * 16 + struct.pack(">H", len(self.credential_id)) + self.credential_id + self._cose()
        auth_data = hashlib.sha256(rp.encode()).digest() + bytes([0x45]) + struct.pack(">I", self.counter) + attested
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        return {"id": b64url(self.credential_id), "rawId": b64url(self.credential_id), "type": "public-key",
                "authenticatorAttachment": "platform", "clientExtensionResults": {},
                "response": {"clientDataJSON": b64url(self._client_data("webauthn.create", options["challenge"], origin)),
                             "attestationObject": b64url(attestation), "transports": ["internal", "hybrid"]}}

    def get(self, options: dict[str, Any], origin: str | None = None, counter: int | None = None,
            user_handle: bytes = b"", verified: bool = True) -> dict[str, Any]:
        """navigator.credentials.get(): an assertion signed over authenticator data and the client data hash
        (flags: user present, and user verified unless told otherwise)."""
        self.counter = self.counter + 1 if counter is None else counter
        flags = 0x05 if verified else 0x01
        auth_data = hashlib.sha256(options["rpId"].encode()).digest() + bytes([flags]) + struct.pack(">I", self.counter)
        client_data = self._client_data("webauthn.get", options["challenge"], origin)
        signature = self._sign(auth_data + hashlib.sha256(client_data).digest())
        return {"id": b64url(self.credential_id), "rawId": b64url(self.credential_id), "type": "public-key",
                "authenticatorAttachment": "platform", "clientExtensionResults": {},
                "response": {"clientDataJSON": b64url(client_data), "authenticatorData": b64url(auth_data),
                             "signature": b64url(signature), "userHandle": b64url(user_handle)}}
