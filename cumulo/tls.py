"""HTTPS on cumulo's own port: TLS and plain HTTP on the same socket, the first byte
of each connection deciding (a TLS ClientHello starts with 0x16, no HTTP method does).

The certificate is issued by a local certificate authority that cumulo creates once,
in the data directory (`<data dir>/tls/`) or, without one, in the user's cache
(`~/.cache/cumulo/tls/`): trust `ca.pem` there (`cumulo ca` prints its path) with
`AWS_CA_BUNDLE`, a browser or Docker, and every cumulo started afterwards is trusted.
The server certificate names localhost, 127.0.0.1, ::1, the machine's host name and
LocalStack's `*.localhost.localstack.cloud` host names (with the per-region and
per-service sub-domains S3, SQS, ECR and API Gateway use). Keys are EC P-256: made in
a millisecond, so a missing or stale certificate costs nothing noticeable at start-up.
"""

from __future__ import annotations

import asyncio
import datetime
import functools
import ipaddress
import os
import socket
import ssl
import tempfile
from asyncio import sslproto
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

BASE = "localhost.localstack.cloud"
# Bumped when the names below change, so certificates issued before are re-issued.
_NAMES_VERSION = "1"


def directory(data_dir: str = "") -> Path:
    """Where the CA and the server certificate live."""
    if data_dir:
        return Path(data_dir) / "tls"
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "cumulo" / "tls"


def _regions() -> list[str]:
    import botocore.session

    session = botocore.session.get_session()
    found: set[str] = set()
    for partition in session.get_available_partitions():
        found.update(session.get_available_regions("s3", partition_name=partition))
    return sorted(found)


def host_names() -> list[str]:
    """The DNS names the server certificate covers."""
    names = ["localhost", "*.localhost", BASE, f"*.{BASE}"]
    for service in ("s3", "execute-api", "s3-website", "lambda-url"):
        names.append(f"*.{service}.{BASE}")
    for region in _regions():
        names += [f"*.{region}.{BASE}", f"*.s3.{region}.{BASE}", f"*.dkr.ecr.{region}.{BASE}",
                  f"*.execute-api.{region}.{BASE}", f"*.lambda-url.{region}.{BASE}"]
    hostname = socket.gethostname()
    if hostname and hostname not in names and "." not in hostname.strip("."):
        names.append(hostname)
    return names


def _write(path: Path, data: bytes) -> None:
    # Written to a temporary name and renamed: a crash never leaves half a key.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(tmp, 0o600 if path.suffix == ".key" else 0o644)
    os.replace(tmp, path)


def _pem_key(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def _still_good(cert_path: Path, marker: str | None = None) -> bool:
    try:
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    except (OSError, ValueError):
        return False
    if cert.not_valid_after_utc - _now() < datetime.timedelta(days=7):
        return False
    if marker is not None:
        ou = cert.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)
        return bool(ou) and ou[0].value == marker
    return True


def ensure(data_dir: str = "") -> tuple[Path, Path, Path]:
    """The CA certificate, the server certificate chain and its key, made where missing.
    Several cumulo processes may start at once on one cache: a lock file keeps one of
    them issuing while the others wait, so none reads a certificate and a key that
    belong to different issues."""
    home = directory(data_dir)
    home.mkdir(parents=True, exist_ok=True)
    with open(home / ".lock", "a") as lock:
        try:
            import fcntl

            fcntl.flock(lock, fcntl.LOCK_EX)
        except ImportError:  # Windows: one process at a time is the caller's affair
            pass
        return _ensure(home)


def _ensure(home: Path) -> tuple[Path, Path, Path]:
    ca_cert, ca_key = home / "ca.pem", home / "ca.key"
    if not (_still_good(ca_cert) and ca_key.exists()):
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "cumulo local CA"),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, "cumulo")])
        cert = (
            x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(_now() - datetime.timedelta(days=1))
            .not_valid_after(_now() + datetime.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
                                         key_encipherment=False, data_encipherment=False, key_agreement=False,
                                         encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256())
        )
        _write(ca_key, _pem_key(key))
        _write(ca_cert, cert.public_bytes(serialization.Encoding.PEM))
    server_cert, server_key = home / "server.pem", home / "server.key"
    marker = f"cumulo server {_NAMES_VERSION}"
    if not (_still_good(server_cert, marker) and server_key.exists()):
        _issue(ca_cert, ca_key, server_cert, server_key, marker)
    return ca_cert, server_cert, server_key


def _issue(ca_cert: Path, ca_key: Path, cert_path: Path, key_path: Path, marker: str) -> None:
    issuer = x509.load_pem_x509_certificate(ca_cert.read_bytes())
    signer = serialization.load_pem_private_key(ca_key.read_bytes(), None)
    assert isinstance(signer, ec.EllipticCurvePrivateKey)
    key = ec.generate_private_key(ec.SECP256R1())
    sans: list[x509.GeneralName] = [x509.DNSName(n) for n in host_names()]
    sans += [x509.IPAddress(ipaddress.ip_address(a)) for a in ("127.0.0.1", "::1")]
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost"),
                         x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, marker)])
    cert = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(issuer.subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(_now() - datetime.timedelta(days=1))
        # Under 398 days: browsers refuse longer-lived server certificates.
        .not_valid_after(_now() + datetime.timedelta(days=390))
        .add_extension(x509.SubjectAlternativeName(sans), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(signer.public_key()), critical=False)
        .sign(signer, hashes.SHA256())
    )
    _write(key_path, _pem_key(key))
    _write(cert_path, cert.public_bytes(serialization.Encoding.PEM) + ca_cert.read_bytes())


@functools.lru_cache(maxsize=8)
def server_context(data_dir: str = "") -> ssl.SSLContext:
    _, cert, key = ensure(data_dir)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(cert), str(key))
    context.set_alpn_protocols(["http/1.1"])
    return context


def sniffing(http_protocol: type[asyncio.Protocol], context: ssl.SSLContext) -> type[asyncio.Protocol]:
    """A uvicorn protocol class that hands each connection to `http_protocol`, through TLS
    when its first byte opens a TLS handshake."""

    class Sniffing(asyncio.Protocol):
        def __init__(self, **kwargs: Any) -> None:
            self.kwargs = kwargs
            self.loop = kwargs.get("_loop") or asyncio.get_event_loop()
            self.transport: Any = None  # uvloop's transports are not asyncio.Transport subclasses

        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            self.transport = transport

        def data_received(self, data: bytes) -> None:
            assert self.transport is not None
            inner = http_protocol(**self.kwargs)
            if data[:1] != b"\x16":
                self.transport.set_protocol(inner)
                inner.connection_made(self.transport)
                inner.data_received(data)
                return
            # The bytes already read are the ClientHello: the TLS layer is handed them
            # before it reads on from the socket.
            tls = sslproto.SSLProtocol(self.loop, inner, context, None, server_side=True)  # type: ignore[arg-type]  # no waiter
            self.transport.set_protocol(tls)
            tls.connection_made(self.transport)
            buffer = tls.get_buffer(len(data))
            buffer[: len(data)] = data
            tls.buffer_updated(len(data))

        def connection_lost(self, exc: Exception | None) -> None:
            self.transport = None

    return Sniffing
