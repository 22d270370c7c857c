"""Account-level things: custom domain names and their base path mappings, domain
access associations, VPC links, client certificates (real self-signed X.509), the
account settings, and tags on any of them by ARN."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from cumulo.core.context import RequestContext
from cumulo.services.apigateway import lookup, patch
from cumulo.services.apigateway.lookup import bad_request, conflict, not_found
from cumulo.services.apigateway.models import DomainName, new_id

# ------------------------------------------------------------ domain names


def create_domain_name(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    domains = lookup.table(ctx, "domain_names")
    name = req["domainName"]
    if name in domains:
        raise conflict("The domain name you provided already exists.")
    if not name or len(name) > 253 or any(c.isspace() for c in name):
        raise bad_request("Invalid domain name identifier specified")
    endpoint = req.get("endpointConfiguration") or {"types": ["EDGE"]}
    info: dict[str, Any] = {
        "domainNameStatus": "AVAILABLE",
        "endpointConfiguration": endpoint,
        "securityPolicy": req.get("securityPolicy") or "TLS_1_2",
        "tags": lookup.tags_from(req),
        "certificateUploadDate": ctx.clock.now(),
    }
    for member in ("certificateName", "certificateArn", "regionalCertificateName", "regionalCertificateArn",
                   "mutualTlsAuthentication", "ownershipVerificationCertificateArn", "policy", "routingMode",
                   "endpointAccessMode"):
        if req.get(member) is not None:
            info[member] = req[member]
    if "REGIONAL" in (endpoint.get("types") or []):
        info["regionalDomainName"] = f"d-{new_id(10)}.execute-api.{ctx.region}.amazonaws.com"
        info["regionalHostedZoneId"] = "Z1UJRXOUMOOFQ8"
    else:
        info["distributionDomainName"] = f"d{new_id(13)}.cloudfront.net"
        info["distributionHostedZoneId"] = "Z2FDTNDATAQYW2"
    if "PRIVATE" in (endpoint.get("types") or []):
        info["domainNameId"] = new_id(6)
        info["domainNameArn"] = f"arn:aws:apigateway:{ctx.region}:{ctx.account}:/domainnames/{name}+{info['domainNameId']}"
    domains[name] = DomainName(name, info)
    return domains[name].wire()


def _domain(ctx: RequestContext, name: str, domain_id: str | None = None) -> DomainName:
    found: DomainName | None = lookup.table(ctx, "domain_names").get(name)
    # A private domain name is also named by its id (`domainNameId`), which must match.
    if found is None or (domain_id is not None and found.info.get("domainNameId") != domain_id):
        raise not_found("Invalid domain name identifier specified")
    return found


def get_domain_name(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _domain(ctx, req["domainName"], req.get("domainNameId")).wire()


def get_domain_names(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return lookup.page([d.wire() for d in lookup.table(ctx, "domain_names").values()], req)


def update_domain_name(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    domain = _domain(ctx, req["domainName"], req.get("domainNameId"))
    patch.apply(domain.info, req.get("patchOperations"), frozenset({
        "certificateName", "certificateArn", "regionalCertificateName", "regionalCertificateArn", "securityPolicy",
        "ownershipVerificationCertificateArn", "policy", "routingMode",
    }), nested={"endpointConfiguration", "mutualTlsAuthentication"})
    lookup.table(ctx, "domain_names").touch(domain.name)
    return domain.wire()


def delete_domain_name(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _domain(ctx, req["domainName"], req.get("domainNameId"))
    del lookup.table(ctx, "domain_names")[req["domainName"]]
    return {}


def create_base_path_mapping(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    domain = _domain(ctx, req["domainName"], req.get("domainNameId"))
    rest_api = lookup.api(ctx, req["restApiId"])
    base = req.get("basePath") or "(none)"
    if base in domain.mappings:
        raise conflict("Base path already exists for this domain name")
    if req.get("stage") and req["stage"] not in rest_api.stages:
        raise bad_request("Invalid stage identifier specified")
    mapping = {"basePath": base, "restApiId": rest_api.id}
    if req.get("stage"):
        mapping["stage"] = req["stage"]
    domain.mappings[base] = mapping
    lookup.table(ctx, "domain_names").touch(domain.name)
    return mapping


def _mapping(ctx: RequestContext, req: dict[str, Any]) -> tuple[DomainName, dict[str, Any]]:
    domain = _domain(ctx, req["domainName"], req.get("domainNameId"))
    found = domain.mappings.get(req["basePath"] or "(none)")
    if found is None:
        raise not_found("Invalid base path mapping identifier specified")
    return domain, found


def get_base_path_mapping(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _mapping(ctx, req)[1]


def get_base_path_mappings(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return lookup.page(list(_domain(ctx, req["domainName"], req.get("domainNameId")).mappings.values()), req)


def update_base_path_mapping(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    domain, mapping = _mapping(ctx, req)
    changed = dict(mapping)
    patch.apply(changed, req.get("patchOperations"), frozenset({"basePath", "restApiId", "stage"}))
    lookup.api(ctx, changed["restApiId"])
    del domain.mappings[mapping["basePath"]]
    changed["basePath"] = changed.get("basePath") or "(none)"
    domain.mappings[changed["basePath"]] = changed
    lookup.table(ctx, "domain_names").touch(domain.name)
    return changed


def delete_base_path_mapping(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    domain, mapping = _mapping(ctx, req)
    del domain.mappings[mapping["basePath"]]
    lookup.table(ctx, "domain_names").touch(domain.name)
    return {}


def create_domain_name_access_association(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    arn = req["domainNameArn"]
    if not any(d.info.get("domainNameArn") == arn for d in lookup.table(ctx, "domain_names").values()):
        raise not_found("Invalid domain name identifier specified")
    association = {
        "domainNameAccessAssociationArn": f"arn:aws:apigateway:{ctx.region}:{ctx.account}:/domainnameaccessassociations/{new_id(8)}",
        "domainNameArn": arn,
        "accessAssociationSourceType": req["accessAssociationSourceType"],
        "accessAssociationSource": req["accessAssociationSource"],
        "tags": lookup.tags_from(req),
    }
    lookup.table(ctx, "access_associations")[association["domainNameAccessAssociationArn"]] = association
    return association


def get_domain_name_access_associations(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return lookup.page(list(lookup.table(ctx, "access_associations").values()), req)


def delete_domain_name_access_association(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = lookup.table(ctx, "access_associations")
    if req["domainNameAccessAssociationArn"] not in table:
        raise not_found("Invalid domain name access association identifier specified")
    del table[req["domainNameAccessAssociationArn"]]
    return {}


def reject_domain_name_access_association(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = lookup.table(ctx, "access_associations")
    if req["domainNameAccessAssociationArn"] not in table:
        raise not_found("Invalid domain name access association identifier specified")
    del table[req["domainNameAccessAssociationArn"]]
    return {}


# ------------------------------------------------------------ VPC links


def create_vpc_link(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    link = {"id": new_id(6), "name": req["name"], "targetArns": req["targetArns"], "status": "AVAILABLE",
            "statusMessage": "Your vpc link is ready for use", "tags": lookup.tags_from(req)}
    if req.get("description") is not None:
        link["description"] = req["description"]
    lookup.table(ctx, "vpc_links")[link["id"]] = link
    return link


def _vpc_link(ctx: RequestContext, link_id: str) -> dict[str, Any]:
    found = lookup.table(ctx, "vpc_links").get(link_id)
    if found is None:
        raise not_found(f"VPC link {link_id} not found")
    return found


def get_vpc_link(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _vpc_link(ctx, req["vpcLinkId"])


def get_vpc_links(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return lookup.page(list(lookup.table(ctx, "vpc_links").values()), req)


def update_vpc_link(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    link = _vpc_link(ctx, req["vpcLinkId"])
    patch.apply(link, req.get("patchOperations"), frozenset({"name", "description"}))
    lookup.table(ctx, "vpc_links").touch(link["id"])
    return link


def delete_vpc_link(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _vpc_link(ctx, req["vpcLinkId"])
    del lookup.table(ctx, "vpc_links")[req["vpcLinkId"]]
    return {}


# ------------------------------------------------------------ client certificates


def _certificate(days: int = 365) -> str:
    """A fresh self-signed certificate, PEM: what the backend sees API Gateway present."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ApiGateway")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now).not_valid_after(now + dt.timedelta(days=days))
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def generate_client_certificate(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    now = ctx.clock.now()
    cert: dict[str, Any] = {"clientCertificateId": new_id(6), "pemEncodedCertificate": _certificate(), "createdDate": now,
            "expirationDate": now + 365 * 86400, "tags": lookup.tags_from(req)}
    if req.get("description") is not None:
        cert["description"] = req["description"]
    lookup.table(ctx, "client_certificates")[cert["clientCertificateId"]] = cert
    return cert


def _cert(ctx: RequestContext, cert_id: str) -> dict[str, Any]:
    found = lookup.table(ctx, "client_certificates").get(cert_id)
    if found is None:
        raise not_found("Invalid Client Certificate identifier specified")
    return found


def get_client_certificate(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _cert(ctx, req["clientCertificateId"])


def get_client_certificates(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return lookup.page(list(lookup.table(ctx, "client_certificates").values()), req)


def update_client_certificate(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    cert = _cert(ctx, req["clientCertificateId"])
    patch.apply(cert, req.get("patchOperations"), frozenset({"description"}))
    lookup.table(ctx, "client_certificates").touch(cert["clientCertificateId"])
    return cert


def delete_client_certificate(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _cert(ctx, req["clientCertificateId"])
    del lookup.table(ctx, "client_certificates")[req["clientCertificateId"]]
    return {}


# ------------------------------------------------------------ account


def _account(ctx: RequestContext) -> dict[str, Any]:
    table = lookup.table(ctx, "account")
    found = table.get("account")
    if found is None:
        found = {"throttleSettings": {"burstLimit": 5000, "rateLimit": 10000.0}, "features": ["UsagePlans"], "apiKeyVersion": "4"}
        table["account"] = found
    return found


def get_account(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _account(ctx)


def update_account(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    account = _account(ctx)
    patch.apply(account, req.get("patchOperations"), frozenset({"cloudwatchRoleArn", "features"}))
    arn = account.get("cloudwatchRoleArn")
    if arn and not arn.startswith("arn:"):
        raise bad_request(f"The role ARN is not well formed: {arn}")
    if isinstance(account.get("features"), str):
        account["features"] = [account["features"]]
    lookup.table(ctx, "account").touch("account")
    return account


# ------------------------------------------------------------ tags

_TAGGED = re.compile(r"^arn:aws[\w-]*:apigateway:[\w-]+::/(restapis/([^/]+)(/stages/([^/]+))?|apikeys/([^/]+)|usageplans/([^/]+)"
                     r"|domainnames/([^/]+)|vpclinks/([^/]+)|clientcertificates/([^/]+))$")


def _tags_of(ctx: RequestContext, arn: str) -> tuple[dict[str, str], Any]:
    """The tag map of the resource `arn` names, and a function recording its change."""
    found = _TAGGED.match(arn)
    if found is None:
        raise bad_request(f"Invalid ARN specified in the request. ARN: {arn}")
    api_id, stage, key, plan, domain, link, cert = found.group(2), found.group(4), *found.group(5, 6, 7, 8, 9)
    if api_id:
        rest_api = lookup.api(ctx, api_id)
        if stage:
            if stage not in rest_api.stages:
                raise not_found("Invalid Stage identifier specified")
            holder = rest_api.stages[stage]
        else:
            holder = rest_api.info
        return holder.setdefault("tags", {}), lambda: lookup.touch(ctx, rest_api)
    if plan:
        from cumulo.services.apigateway.api.keys import get_usage_plan

        get_usage_plan(ctx, {"usagePlanId": plan})
        entity = lookup.table(ctx, "usage_plans")[plan]
        return entity.info.setdefault("tags", {}), lambda: lookup.table(ctx, "usage_plans").touch(plan)
    if domain:
        entity = lookup.table(ctx, "domain_names").get(domain)
        if entity is None:
            raise not_found("Invalid domain name identifier specified")
        return entity.info.setdefault("tags", {}), lambda: lookup.table(ctx, "domain_names").touch(domain)
    table_name, ident = ("api_keys", key) if key else ("vpc_links", link) if link else ("client_certificates", cert)
    entity = lookup.table(ctx, table_name).get(ident)
    if entity is None:
        raise not_found(f"Invalid resource identifier specified: {ident}")
    return entity.setdefault("tags", {}), lambda: lookup.table(ctx, table_name).touch(ident)


def tag_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    tags, changed = _tags_of(ctx, req["resourceArn"])
    if len({**tags, **req["tags"]}) > 50:
        raise bad_request("Too many tags: a resource may have at most 50")
    tags.update(req["tags"])
    changed()
    return {}


def untag_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    tags, changed = _tags_of(ctx, req["resourceArn"])
    for key in req["tagKeys"]:
        tags.pop(key, None)
    changed()
    return {}


def get_tags(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return {"tags": dict(_tags_of(ctx, req["resourceArn"])[0])}
