"""Message signatures: an RSA key and a self-signed certificate per server, served at SigningCertURL.

https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html
SignatureVersion 1 signs with SHA1withRSA, 2 with SHA256withRSA, over the canonical string: each
field's name and value on their own lines, in this order, for the fields the message has.
The key is made on first use and kept in the store (scope sns/aws/global), so signatures a
subscriber verified before a restart keep verifying after it.
"""

from __future__ import annotations

import base64
import datetime
from typing import TYPE_CHECKING, Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from cumulo.services.sns.models import SigningKey

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime

NOTIFICATION_FIELDS = ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
CONFIRMATION_FIELDS = ("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type")
CERT_PATH = "/_cumulo/sns/cert.pem"
# 1024-bit RSA: every notification is signed, and a 2048-bit signature costs about 15 times as
# much (3 ms against 0.2 ms here), which would cap a topic at a few hundred publishes a second.
# Verifiers (cryptography, Java, Node, Go) accept 1024-bit keys for signatures.
KEY_BITS = 1024


def _key(runtime: Runtime) -> tuple[Any, bytes]:
    live = runtime.live.get("sns-signing")
    if live is not None:
        return live
    table = runtime.store.scope("sns", "aws", "global").table("signing")
    stored: SigningKey | None = table.get("key")
    if stored is None:
        stored = _generate()
        table["key"] = stored
    private = serialization.load_pem_private_key(stored.private_pem, password=None)
    runtime.live["sns-signing"] = (private, stored.certificate_pem)
    return private, stored.certificate_pem


def _generate() -> SigningKey:
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sns.amazonaws.com")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return SigningKey(private, cert.public_bytes(serialization.Encoding.PEM))


def certificate(runtime: Runtime) -> bytes:
    return _key(runtime)[1]


def canonical(message: dict[str, Any]) -> bytes:
    fields = CONFIRMATION_FIELDS if message.get("Type") in ("SubscriptionConfirmation", "UnsubscribeConfirmation") else NOTIFICATION_FIELDS
    return "".join(f"{f}\n{message[f]}\n" for f in fields if message.get(f) is not None).encode()


def sign(runtime: Runtime, message: dict[str, Any], version: str) -> str:
    """The signature of a message. The signed fields are the same for every subscriber of one
    publish (UnsubscribeURL is not signed), so the last signature is remembered for the fan-out."""
    text = canonical(message)
    memo = runtime.live.get("sns-signature")
    if memo is not None and memo[0] == version and memo[1] == text:
        return memo[2]
    private, _ = _key(runtime)
    digest = hashes.SHA256() if version == "2" else hashes.SHA1()  # noqa: S303 - SignatureVersion 1 is SHA1 by definition
    signature = base64.b64encode(private.sign(text, padding.PKCS1v15(), digest)).decode()
    runtime.live["sns-signature"] = (version, text, signature)
    return signature
