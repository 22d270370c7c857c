"""Identity providers (OIDC, SAML) and server certificates."""

from __future__ import annotations

import uuid
from xml.etree import ElementTree

from cryptography.hazmat.primitives import serialization

from cumulo.core.context import RequestContext
from cumulo.generated import iam as wire
from cumulo.services.iam import common as c
from cumulo.services.iam.api.credentials import _load_certificate
from cumulo.services.iam.models import OidcProvider, SamlProvider, ServerCert

MAX_CLIENT_IDS = 100
MAX_THUMBPRINTS = 5


# ---------------------------------------------------------------- OIDC


def _oidc_table(ctx: RequestContext):  # type: ignore[no-untyped-def]
    return c.table(ctx, "oidc")


def _oidc(ctx: RequestContext, arn: str) -> OidcProvider:
    found = _oidc_table(ctx).get(arn)
    if found is None:
        raise wire.NoSuchEntityExceptionError(f"OpenIDConnect Provider not found for arn {arn}")
    return found


def create_open_id_connect_provider(ctx: RequestContext, req: wire.CreateOpenIDConnectProviderRequest) -> wire.CreateOpenIDConnectProviderResponse:
    url = req["Url"]
    if not url.startswith("https://"):
        raise wire.InvalidInputExceptionError("Invalid Open ID Connect Provider URL")
    host = url[len("https://"):].rstrip("/")
    arn = f"arn:aws:iam::{ctx.account}:oidc-provider/{host}"
    if arn in _oidc_table(ctx):
        raise wire.EntityAlreadyExistsExceptionError(f"Provider with url {url} already exists.")
    client_ids, thumbprints = list(dict.fromkeys(req.get("ClientIDList", []))), req.get("ThumbprintList", [])
    if len(client_ids) > MAX_CLIENT_IDS:
        raise wire.LimitExceededExceptionError(f"Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: {MAX_CLIENT_IDS}")
    if len(thumbprints) > MAX_THUMBPRINTS:
        raise wire.LimitExceededExceptionError(f"Cannot exceed quota for ThumbprintsPerOpenIdConnectProvider: {MAX_THUMBPRINTS}")
    provider = OidcProvider(arn, host, client_ids, list(thumbprints), c.now(ctx))
    c.add_tags(provider.tags, req.get("Tags"))
    _oidc_table(ctx)[arn] = provider
    out: wire.CreateOpenIDConnectProviderResponse = {"OpenIDConnectProviderArn": arn}
    if provider.tags:
        out["Tags"] = c.tag_list(provider.tags)
    return out


def get_open_id_connect_provider(ctx: RequestContext, req: wire.GetOpenIDConnectProviderRequest) -> wire.GetOpenIDConnectProviderResponse:
    p = _oidc(ctx, req["OpenIDConnectProviderArn"])
    return {"Url": p.url, "ClientIDList": p.client_ids, "ThumbprintList": p.thumbprints, "CreateDate": c.utc(p.created),
            "Tags": c.tag_list(p.tags)}


def list_open_id_connect_providers(ctx: RequestContext, req: wire.ListOpenIDConnectProvidersRequest) -> wire.ListOpenIDConnectProvidersResponse:
    return {"OpenIDConnectProviderList": [{"Arn": arn} for arn in sorted(_oidc_table(ctx))]}


def delete_open_id_connect_provider(ctx: RequestContext, req: wire.DeleteOpenIDConnectProviderRequest) -> None:
    _oidc(ctx, req["OpenIDConnectProviderArn"])
    del _oidc_table(ctx)[req["OpenIDConnectProviderArn"]]


def add_client_id_to_open_id_connect_provider(ctx: RequestContext, req: wire.AddClientIDToOpenIDConnectProviderRequest) -> None:
    p = _oidc(ctx, req["OpenIDConnectProviderArn"])
    if req["ClientID"] not in p.client_ids:
        if len(p.client_ids) >= MAX_CLIENT_IDS:
            raise wire.LimitExceededExceptionError(f"Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: {MAX_CLIENT_IDS}")
        p.client_ids.append(req["ClientID"])
        _oidc_table(ctx).touch(p.arn)


def remove_client_id_from_open_id_connect_provider(ctx: RequestContext, req: wire.RemoveClientIDFromOpenIDConnectProviderRequest) -> None:
    p = _oidc(ctx, req["OpenIDConnectProviderArn"])
    if req["ClientID"] in p.client_ids:
        p.client_ids.remove(req["ClientID"])
        _oidc_table(ctx).touch(p.arn)


def update_open_id_connect_provider_thumbprint(ctx: RequestContext, req: wire.UpdateOpenIDConnectProviderThumbprintRequest) -> None:
    p = _oidc(ctx, req["OpenIDConnectProviderArn"])
    if len(req["ThumbprintList"]) > MAX_THUMBPRINTS:
        raise wire.LimitExceededExceptionError(f"Cannot exceed quota for ThumbprintsPerOpenIdConnectProvider: {MAX_THUMBPRINTS}")
    p.thumbprints = list(req["ThumbprintList"])
    _oidc_table(ctx).touch(p.arn)


def tag_open_id_connect_provider(ctx: RequestContext, req: wire.TagOpenIDConnectProviderRequest) -> None:
    p = _oidc(ctx, req["OpenIDConnectProviderArn"])
    c.add_tags(p.tags, req["Tags"])
    _oidc_table(ctx).touch(p.arn)


def untag_open_id_connect_provider(ctx: RequestContext, req: wire.UntagOpenIDConnectProviderRequest) -> None:
    p = _oidc(ctx, req["OpenIDConnectProviderArn"])
    c.remove_tags(p.tags, req["TagKeys"])
    _oidc_table(ctx).touch(p.arn)


def list_open_id_connect_provider_tags(ctx: RequestContext, req: wire.ListOpenIDConnectProviderTagsRequest) -> wire.ListOpenIDConnectProviderTagsResponse:
    p = _oidc(ctx, req["OpenIDConnectProviderArn"])
    return c.page(ctx, req, list(p.tags.items()), lambda t: t[0], "Tags", lambda t: {"Key": t[0], "Value": t[1]})  # type: ignore[return-value]


# ---------------------------------------------------------------- SAML

_MD = "{urn:oasis:names:tc:SAML:2.0:metadata}"


def _saml_table(ctx: RequestContext):  # type: ignore[no-untyped-def]
    return c.table(ctx, "saml")


def _saml(ctx: RequestContext, arn: str) -> SamlProvider:
    found = _saml_table(ctx).get(arn)
    if found is None:
        raise wire.NoSuchEntityExceptionError(f"SAMLProvider {arn} does not exist.")
    return found


def _valid_until(ctx: RequestContext, metadata: str) -> float:
    """The metadata document's validUntil, or a year from now; refuses a document that is not SAML metadata."""
    try:
        root = ElementTree.fromstring(metadata)
    except ElementTree.ParseError:
        raise wire.InvalidInputExceptionError("Could not parse metadata") from None
    if root.tag != f"{_MD}EntityDescriptor":
        raise wire.InvalidInputExceptionError("Could not parse metadata")
    until = root.get("validUntil")
    if until:
        from cumulo.engines.policy.conditions import parse_date

        parsed = parse_date(until)
        if parsed is not None:
            return parsed
    return c.now(ctx) + 365 * 86400


def create_saml_provider(ctx: RequestContext, req: wire.CreateSAMLProviderRequest) -> wire.CreateSAMLProviderResponse:
    arn = f"arn:aws:iam::{ctx.account}:saml-provider/{req['Name']}"
    if arn in _saml_table(ctx):
        raise wire.EntityAlreadyExistsExceptionError(f"SAMLProvider {req['Name']} already exists.")
    provider = SamlProvider(arn, req["SAMLMetadataDocument"], str(uuid.uuid4()), c.now(ctx),
                            _valid_until(ctx, req["SAMLMetadataDocument"]), req.get("AssertionEncryptionMode", ""))
    c.add_tags(provider.tags, req.get("Tags"))
    _saml_table(ctx)[arn] = provider
    out: wire.CreateSAMLProviderResponse = {"SAMLProviderArn": arn}
    if provider.tags:
        out["Tags"] = c.tag_list(provider.tags)
    return out


def get_saml_provider(ctx: RequestContext, req: wire.GetSAMLProviderRequest) -> wire.GetSAMLProviderResponse:
    p = _saml(ctx, req["SAMLProviderArn"])
    out: wire.GetSAMLProviderResponse = {"SAMLProviderUUID": p.uuid, "SAMLMetadataDocument": p.metadata,
                                         "CreateDate": c.utc(p.created), "ValidUntil": c.utc(p.valid_until), "Tags": c.tag_list(p.tags)}
    if p.encryption_mode:
        out["AssertionEncryptionMode"] = p.encryption_mode
    return out


def list_saml_providers(ctx: RequestContext, req: wire.ListSAMLProvidersRequest) -> wire.ListSAMLProvidersResponse:
    return {"SAMLProviderList": [{"Arn": p.arn, "ValidUntil": c.utc(p.valid_until), "CreateDate": c.utc(p.created)}
                                 for p in sorted(_saml_table(ctx).values(), key=lambda p: p.arn)]}


def update_saml_provider(ctx: RequestContext, req: wire.UpdateSAMLProviderRequest) -> wire.UpdateSAMLProviderResponse:
    p = _saml(ctx, req["SAMLProviderArn"])
    if req.get("SAMLMetadataDocument"):
        p.valid_until = _valid_until(ctx, req["SAMLMetadataDocument"])
        p.metadata = req["SAMLMetadataDocument"]
    if req.get("AssertionEncryptionMode"):
        p.encryption_mode = req["AssertionEncryptionMode"]
    _saml_table(ctx).touch(p.arn)
    return {"SAMLProviderArn": p.arn}


def delete_saml_provider(ctx: RequestContext, req: wire.DeleteSAMLProviderRequest) -> None:
    _saml(ctx, req["SAMLProviderArn"])
    del _saml_table(ctx)[req["SAMLProviderArn"]]


def tag_saml_provider(ctx: RequestContext, req: wire.TagSAMLProviderRequest) -> None:
    p = _saml(ctx, req["SAMLProviderArn"])
    c.add_tags(p.tags, req["Tags"])
    _saml_table(ctx).touch(p.arn)


def untag_saml_provider(ctx: RequestContext, req: wire.UntagSAMLProviderRequest) -> None:
    p = _saml(ctx, req["SAMLProviderArn"])
    c.remove_tags(p.tags, req["TagKeys"])
    _saml_table(ctx).touch(p.arn)


def list_saml_provider_tags(ctx: RequestContext, req: wire.ListSAMLProviderTagsRequest) -> wire.ListSAMLProviderTagsResponse:
    p = _saml(ctx, req["SAMLProviderArn"])
    return c.page(ctx, req, list(p.tags.items()), lambda t: t[0], "Tags", lambda t: {"Key": t[0], "Value": t[1]})  # type: ignore[return-value]


# ---------------------------------------------------------------- server certificates


def _certs(ctx: RequestContext):  # type: ignore[no-untyped-def]
    return c.table(ctx, "server_certs")


def _cert(ctx: RequestContext, name: str) -> ServerCert:
    found = _certs(ctx).get(name.lower())
    if found is None:
        raise wire.NoSuchEntityExceptionError(f"The Server Certificate with name {name} cannot be found.")
    return found


def _metadata(ctx: RequestContext, cert: ServerCert) -> wire.ServerCertificateMetadata:
    return {"Path": cert.path, "ServerCertificateName": cert.name, "ServerCertificateId": cert.id,
            "Arn": c.arn(ctx, "server-certificate", cert.path, cert.name), "UploadDate": c.utc(cert.uploaded),
            "Expiration": c.utc(cert.expires)}


def upload_server_certificate(ctx: RequestContext, req: wire.UploadServerCertificateRequest) -> wire.UploadServerCertificateResponse:
    name = req["ServerCertificateName"]
    if name.lower() in _certs(ctx):
        raise wire.EntityAlreadyExistsExceptionError(f"The Server Certificate with name {name} already exists.")
    cert = _load_certificate(req["CertificateBody"])
    try:
        key = serialization.load_pem_private_key(req["PrivateKey"].strip().encode(), password=None)
    except (ValueError, TypeError):
        raise wire.MalformedCertificateExceptionError("Unable to parse the private key.") from None
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    if key.public_key().public_bytes(serialization.Encoding.DER, spki) != cert.public_key().public_bytes(serialization.Encoding.DER, spki):
        raise wire.KeyPairMismatchExceptionError("The public key in the certificate does not match the private key.")
    if req.get("CertificateChain"):
        _load_certificate(req["CertificateChain"].split("-----END CERTIFICATE-----")[0] + "-----END CERTIFICATE-----")
    stored = ServerCert(name, c.new_id("ASCA"), c.check_path(req.get("Path")), req["CertificateBody"],
                        req.get("CertificateChain", ""), c.now(ctx), cert.not_valid_after_utc.timestamp())
    c.add_tags(stored.tags, req.get("Tags"))
    _certs(ctx)[name.lower()] = stored
    out: wire.UploadServerCertificateResponse = {"ServerCertificateMetadata": _metadata(ctx, stored)}
    if stored.tags:
        out["Tags"] = c.tag_list(stored.tags)
    return out


def get_server_certificate(ctx: RequestContext, req: wire.GetServerCertificateRequest) -> wire.GetServerCertificateResponse:
    cert = _cert(ctx, req["ServerCertificateName"])
    out: wire.ServerCertificate = {"ServerCertificateMetadata": _metadata(ctx, cert), "CertificateBody": cert.body,
                                   "Tags": c.tag_list(cert.tags)}
    if cert.chain:
        out["CertificateChain"] = cert.chain
    return {"ServerCertificate": out}


def list_server_certificates(ctx: RequestContext, req: wire.ListServerCertificatesRequest) -> wire.ListServerCertificatesResponse:
    chosen = [x for x in _certs(ctx).values() if c.under(req.get("PathPrefix"), x.path)]
    return c.page(ctx, req, chosen, lambda x: x.name, "ServerCertificateMetadataList", lambda x: _metadata(ctx, x))  # type: ignore[return-value]


def update_server_certificate(ctx: RequestContext, req: wire.UpdateServerCertificateRequest) -> None:
    cert = _cert(ctx, req["ServerCertificateName"])
    new = req.get("NewServerCertificateName")
    if new and new.lower() != cert.name.lower() and new.lower() in _certs(ctx):
        raise wire.EntityAlreadyExistsExceptionError(f"The Server Certificate with name {new} already exists.")
    del _certs(ctx)[cert.name.lower()]
    if req.get("NewPath"):
        cert.path = c.check_path(req["NewPath"])
    if new:
        cert.name = new
    _certs(ctx)[cert.name.lower()] = cert


def delete_server_certificate(ctx: RequestContext, req: wire.DeleteServerCertificateRequest) -> None:
    cert = _cert(ctx, req["ServerCertificateName"])
    del _certs(ctx)[cert.name.lower()]


def tag_server_certificate(ctx: RequestContext, req: wire.TagServerCertificateRequest) -> None:
    cert = _cert(ctx, req["ServerCertificateName"])
    c.add_tags(cert.tags, req["Tags"])
    _certs(ctx).touch(cert.name.lower())


def untag_server_certificate(ctx: RequestContext, req: wire.UntagServerCertificateRequest) -> None:
    cert = _cert(ctx, req["ServerCertificateName"])
    c.remove_tags(cert.tags, req["TagKeys"])
    _certs(ctx).touch(cert.name.lower())


def list_server_certificate_tags(ctx: RequestContext, req: wire.ListServerCertificateTagsRequest) -> wire.ListServerCertificateTagsResponse:
    cert = _cert(ctx, req["ServerCertificateName"])
    return c.page(ctx, req, list(cert.tags.items()), lambda t: t[0], "Tags", lambda t: {"Key": t[0], "Value": t[1]})  # type: ignore[return-value]
