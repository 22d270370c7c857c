"""Account-wide IAM: aliases, password policy, summary, credential report, authorization
details, access reports, outbound federation, STS preferences, organizations features
and delegation requests."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.engines import policy as engine
from cumulo.generated import iam as wire
from cumulo.services.iam import common as c
from cumulo.services.iam import views
from cumulo.services.iam.api.policies import _policies
from cumulo.services.iam.api.roles import _profiles, _roles
from cumulo.services.iam.api.users import _groups, _the_group, _users
from cumulo.services.iam.models import Delegation, Job

REPORT_TTL = 4 * 3600  # a credential report expires after four hours


# ---------------------------------------------------------------- aliases


def create_account_alias(ctx: RequestContext, req: wire.CreateAccountAliasRequest) -> None:
    acct = c.account(ctx)
    alias = req["AccountAlias"]
    if alias in acct.aliases:
        return
    if acct.aliases:
        raise wire.EntityAlreadyExistsExceptionError("The account already has an alias; delete it before creating another.")
    acct.aliases.append(alias)
    c.save_account(ctx, acct)


def delete_account_alias(ctx: RequestContext, req: wire.DeleteAccountAliasRequest) -> None:
    acct = c.account(ctx)
    if req["AccountAlias"] not in acct.aliases:
        raise wire.NoSuchEntityExceptionError(f"The account alias {req['AccountAlias']} does not exist.")
    acct.aliases.remove(req["AccountAlias"])
    c.save_account(ctx, acct)


def list_account_aliases(ctx: RequestContext, req: wire.ListAccountAliasesRequest) -> wire.ListAccountAliasesResponse:
    return c.page(ctx, req, list(c.account(ctx).aliases), lambda a: a, "AccountAliases", lambda a: a)  # type: ignore[return-value]


# ---------------------------------------------------------------- password policy

_POLICY_DEFAULTS = {"MinimumPasswordLength": 6, "RequireSymbols": False, "RequireNumbers": False,
                    "RequireUppercaseCharacters": False, "RequireLowercaseCharacters": False,
                    "AllowUsersToChangePassword": False, "HardExpiry": False}


def update_account_password_policy(ctx: RequestContext, req: wire.UpdateAccountPasswordPolicyRequest) -> None:
    acct = c.account(ctx)
    acct.password_policy = {**_POLICY_DEFAULTS, **req}
    c.save_account(ctx, acct)


def get_account_password_policy(ctx: RequestContext, req: dict[str, Any]) -> wire.GetAccountPasswordPolicyResponse:
    policy = c.account(ctx).password_policy
    if policy is None:
        raise wire.NoSuchEntityExceptionError(f"The Password Policy with domain name {ctx.account} cannot be found.")
    out: dict[str, Any] = dict(policy)
    out["ExpirePasswords"] = bool(policy.get("MaxPasswordAge"))
    return {"PasswordPolicy": out}  # type: ignore[typeddict-item]


def delete_account_password_policy(ctx: RequestContext, req: dict[str, Any]) -> None:
    acct = c.account(ctx)
    if acct.password_policy is None:
        raise wire.NoSuchEntityExceptionError("The account policy with name PasswordPolicy cannot be found.")
    acct.password_policy = None
    c.save_account(ctx, acct)


# ---------------------------------------------------------------- summary, properties


def get_account_summary(ctx: RequestContext, req: dict[str, Any]) -> wire.GetAccountSummaryResponse:
    all_users = list(_users(ctx).values())
    customer = list(_policies(ctx).values())
    _mfa = c.table(ctx, "mfa")
    summary = {
        "Users": len(all_users), "UsersQuota": 5000, "Groups": len(_groups(ctx)), "GroupsQuota": 300,
        "Roles": len(_roles(ctx)), "RolesQuota": 1000, "Policies": len(customer), "PoliciesQuota": 1500,
        "InstanceProfiles": len(_profiles(ctx)), "InstanceProfilesQuota": 1000,
        "ServerCertificates": len(c.table(ctx, "server_certs")), "ServerCertificatesQuota": 20,
        "MFADevices": len(_mfa), "MFADevicesInUse": sum(1 for d in _mfa.values() if d.user),
        "AccountMFAEnabled": 0, "AccountAccessKeysPresent": 0, "AccountSigningCertificatesPresent": 0,
        "AccountPasswordPresent": 0,
        "GroupsPerUserQuota": c.MAX_GROUPS_PER_USER, "AttachedPoliciesPerUserQuota": c.MAX_ATTACHED,
        "AttachedPoliciesPerGroupQuota": c.MAX_ATTACHED, "AttachedPoliciesPerRoleQuota": c.MAX_ATTACHED,
        "PolicySizeQuota": c.MANAGED_SIZE, "PolicyVersionsInUse": sum(len(p.versions) for p in customer) + sum(
            1 for a in c.table(ctx, "aws_attachments").values() if a[0]),
        "PolicyVersionsInUseQuota": 10000, "VersionsPerPolicyQuota": c.MAX_POLICY_VERSIONS,
        "UserPolicySizeQuota": c.INLINE_SIZE["user"], "GroupPolicySizeQuota": c.INLINE_SIZE["group"],
        "AccessKeysPerUserQuota": c.MAX_ACCESS_KEYS, "SigningCertificatesPerUserQuota": c.MAX_SIGNING_CERTS,
        "GlobalEndpointTokenVersion": 2 if c.account(ctx).sts_token_version == "v2Token" else 1,
        "Providers": len(c.table(ctx, "oidc")) + len(c.table(ctx, "saml")),
    }
    return {"SummaryMap": summary}


def get_account_properties(ctx: RequestContext, req: wire.GetAccountPropertiesRequest) -> wire.GetAccountPropertiesResponse:
    return {"Properties": c.account(ctx).properties}  # type: ignore[typeddict-item]


def put_account_properties(ctx: RequestContext, req: wire.PutAccountPropertiesRequest) -> None:
    acct = c.account(ctx)
    acct.properties = dict(req["Properties"])
    c.save_account(ctx, acct)


def set_security_token_service_preferences(ctx: RequestContext, req: wire.SetSecurityTokenServicePreferencesRequest) -> None:
    acct = c.account(ctx)
    acct.sts_token_version = req["GlobalEndpointTokenVersion"]
    c.save_account(ctx, acct)


# ---------------------------------------------------------------- credential report


def _report(ctx: RequestContext) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header = ["user", "arn", "user_creation_time", "password_enabled", "password_last_used", "password_last_changed",
              "password_next_rotation", "mfa_active"]
    for n in (1, 2):
        header += [f"access_key_{n}_active", f"access_key_{n}_last_rotated", f"access_key_{n}_last_used_date",
                   f"access_key_{n}_last_used_region", f"access_key_{n}_last_used_service"]
    header += ["cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated"]
    writer.writerow(header)
    iso = lambda t: c.utc(t).isoformat() if t else "N/A"  # noqa: E731
    writer.writerow(["<root_account>", f"arn:aws:iam::{ctx.account}:root", iso(0.001), "not_supported", "no_information",
                     "not_supported", "not_supported", "false"] + ["false", "N/A", "N/A", "N/A", "N/A"] * 2 + ["false", "N/A"] * 2)
    for user in sorted(_users(ctx).values(), key=lambda u: u.name.lower()):
        row = [user.name, views.user_arn(ctx.account, user), iso(user.created), str(user.login is not None).lower(),
               iso(user.password_last_used) if user.login else "N/A", iso(user.login.created) if user.login else "N/A",
               "N/A", str(bool(user.mfa)).lower()]
        keys = sorted(user.access_keys.values(), key=lambda k: k.created)
        for n in range(2):
            if n < len(keys):
                k = keys[n]
                row += [str(k.status == "Active").lower(), iso(k.created), iso(k.last_used),
                        k.last_region or "N/A", k.last_service or "N/A"]
            else:
                row += ["false", "N/A", "N/A", "N/A", "N/A"]
        _certs = sorted(user.signing_certs.values(), key=lambda s: s.uploaded)
        for n in range(2):
            row += [str(_certs[n].status == "Active").lower(), iso(_certs[n].uploaded)] if n < len(_certs) else ["false", "N/A"]
        writer.writerow(row)
    return out.getvalue()


def generate_credential_report(ctx: RequestContext, req: dict[str, Any]) -> wire.GenerateCredentialReportResponse:
    acct = c.account(ctx)
    fresh = acct.credential_report and c.now(ctx) - acct.credential_report < REPORT_TTL
    if fresh:
        return {"State": "COMPLETE"}
    acct.report_csv, acct.credential_report = _report(ctx), c.now(ctx)
    c.save_account(ctx, acct)
    return {"State": "STARTED", "Description": "No report exists. Starting a new report generation task"}


def get_credential_report(ctx: RequestContext, req: dict[str, Any]) -> wire.GetCredentialReportResponse:
    acct = c.account(ctx)
    if not acct.credential_report:
        raise wire.CredentialReportNotPresentExceptionError("Credential report not present. Use GenerateCredentialReport first.")
    if c.now(ctx) - acct.credential_report >= REPORT_TTL:
        raise wire.CredentialReportExpiredExceptionError("Credential report expired. Use GenerateCredentialReport to make a new one.")
    return {"Content": acct.report_csv.encode(), "ReportFormat": "text/csv", "GeneratedTime": c.utc(acct.credential_report)}


# ---------------------------------------------------------------- authorization details


def get_account_authorization_details(ctx: RequestContext, req: wire.GetAccountAuthorizationDetailsRequest) -> wire.GetAccountAuthorizationDetailsResponse:
    wanted = set(req.get("Filter") or ["User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"])
    entries: list[tuple[str, str, Any]] = []
    inline = lambda d: [{"PolicyName": n, "PolicyDocument": c.encoded(doc)} for n, doc in d.items()]  # noqa: E731
    if "User" in wanted:
        for u in _users(ctx).values():
            detail = {**views.user(ctx, u), "UserPolicyList": inline(u.inline), "GroupList": list(u.groups),
                      "AttachedManagedPolicies": c.attached_view(u.attached)}
            entries.append(("1", u.name, ("UserDetailList", detail)))
    if "Group" in wanted:
        for g in _groups(ctx).values():
            detail = {**views.group(ctx, g), "GroupPolicyList": inline(g.inline), "AttachedManagedPolicies": c.attached_view(g.attached)}
            entries.append(("2", g.name, ("GroupDetailList", detail)))
    if "Role" in wanted:
        for r in _roles(ctx).values():
            role_profiles = [p for p in _profiles(ctx).values() if r.name in p.roles]
            detail = {**views.role(ctx, r), "RolePolicyList": inline(r.inline), "AttachedManagedPolicies": c.attached_view(r.attached),
                      "InstanceProfileList": [views.instance_profile(ctx, p, [r]) for p in role_profiles]}
            entries.append(("3", r.name, ("RoleDetailList", detail)))
    chosen = []
    if "LocalManagedPolicy" in wanted:
        chosen += list(_policies(ctx).values())
    if "AWSManagedPolicy" in wanted:
        chosen += [p for p in (c.find_policy(ctx, a) for a in c.table(ctx, "aws_attachments")) if p.attachments or p.boundary_uses]
    for p in chosen:
        detail = {k: v for k, v in views.policy(p, tags=False).items()}
        detail["PolicyVersionList"] = [views.version(p, v) for v in p.versions]
        entries.append(("4", p.arn, ("Policies", detail)))
    out = c.page(ctx, req, entries, lambda e: e[0] + e[1], "_all", lambda e: e[2])
    for member in ("UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"):
        out[member] = [d for m, d in out["_all"] if m == member]
    del out["_all"]
    return out  # type: ignore[return-value]


# ---------------------------------------------------------------- access reports


def _entity_policies(ctx: RequestContext, arn: str) -> list[str]:
    """The documents that grant an entity (user, group, role or policy) its permissions."""
    from cumulo.services.iam.principals import documents_for_arn

    return documents_for_arn(ctx.store, ctx.account, arn)


def _namespaces(documents: list[str]) -> list[str]:
    found: set[str] = set()
    for document in documents:
        for st in engine.parse(document).statements:
            if st.effect == "Allow" and st.actions is not None:
                for raw in st.actions.raw:
                    found.add("*" if raw == "*" else raw.split(":", 1)[0])
    return sorted(found)


def generate_service_last_accessed_details(ctx: RequestContext, req: wire.GenerateServiceLastAccessedDetailsRequest) -> wire.GenerateServiceLastAccessedDetailsResponse:
    _entity_policies(ctx, req["Arn"])  # NoSuchEntity for an unknown entity
    job = Job(str(uuid.uuid4()), "service", req["Arn"], c.now(ctx), req.get("Granularity", "SERVICE_LEVEL"))
    c.table(ctx, "jobs")[job.id] = job
    return {"JobId": job.id}


def _job(ctx: RequestContext, job_id: str, kind: str) -> Job:
    job = c.table(ctx, "jobs").get(job_id)
    if job is None or job.kind != kind:
        raise wire.NoSuchEntityExceptionError(f"The job with id {job_id} cannot be found.")
    return job


def get_service_last_accessed_details(ctx: RequestContext, req: wire.GetServiceLastAccessedDetailsRequest) -> wire.GetServiceLastAccessedDetailsResponse:
    job = _job(ctx, req["JobId"], "service")
    namespaces = _namespaces(_entity_policies(ctx, job.arn))
    if "*" in namespaces:
        namespaces = sorted({n for n in namespaces if n != "*"} | {"iam", "s3", "sqs", "sts", "dynamodb", "lambda"})
    out = c.page(ctx, req, namespaces, lambda n: n, "ServicesLastAccessed",
                 lambda n: {"ServiceName": n, "ServiceNamespace": n, "TotalAuthenticatedEntities": 0})
    out.update(JobStatus="COMPLETED", JobType="SERVICE_LEVEL" if job.granularity == "SERVICE_LEVEL" else "ACTION_LEVEL",
               JobCreationDate=c.utc(job.created), JobCompletionDate=c.utc(job.created))
    return out  # type: ignore[return-value]


def get_service_last_accessed_details_with_entities(ctx: RequestContext, req: wire.GetServiceLastAccessedDetailsWithEntitiesRequest) -> wire.GetServiceLastAccessedDetailsWithEntitiesResponse:
    job = _job(ctx, req["JobId"], "service")
    entities: list[dict[str, Any]] = []
    if ":group/" in job.arn:
        group = _the_group(ctx, job.arn.rsplit("/", 1)[-1])
        for name in group.members:
            u = _users(ctx)[name.lower()]
            entities.append({"EntityInfo": {"Arn": views.user_arn(ctx.account, u), "Name": u.name, "Type": "USER", "Id": u.id, "Path": u.path}})
    out = c.page(ctx, req, entities, lambda e: e["EntityInfo"]["Name"], "EntityDetailsList", lambda e: e)
    out.update(JobStatus="COMPLETED", JobCreationDate=c.utc(job.created), JobCompletionDate=c.utc(job.created))
    return out  # type: ignore[return-value]


def list_policies_granting_service_access(ctx: RequestContext, req: wire.ListPoliciesGrantingServiceAccessRequest) -> wire.ListPoliciesGrantingServiceAccessResponse:
    from cumulo.services.iam.principals import labelled_documents_for_arn

    labelled = labelled_documents_for_arn(ctx.store, ctx.account, req["Arn"])
    entries = []
    for namespace in req["ServiceNamespaces"]:
        granting = []
        for label, kind, document in labelled:
            names = _namespaces([document])
            if namespace in names or "*" in names:
                entry: dict[str, Any] = {"PolicyName": label.rsplit("/", 1)[-1].split(":")[-1], "PolicyType": kind}
                if kind == "MANAGED":
                    entry["PolicyArn"] = label
                granting.append(entry)
        entries.append({"ServiceNamespace": namespace, "Policies": granting})
    return {"PoliciesGrantingServiceAccess": entries, "IsTruncated": False}  # type: ignore[typeddict-item]


def get_human_readable_summary(ctx: RequestContext, req: wire.GetHumanReadableSummaryRequest) -> wire.GetHumanReadableSummaryResponse:
    documents = _entity_policies(ctx, req["EntityArn"])
    lines = []
    for document in documents:
        for st in engine.parse(document).statements:
            actions = ", ".join((st.actions or st.not_actions).raw) if (st.actions or st.not_actions) else "*"  # type: ignore[union-attr]
            resources = ", ".join((st.resources or st.not_resources).raw) if (st.resources or st.not_resources) else "*"  # type: ignore[union-attr]
            verb = "Allows" if st.effect == "Allow" else "Denies"
            lines.append(f"{verb} {'all actions except ' if st.not_actions else ''}{actions} on {resources}"
                         f"{' under conditions' if st.conditions else ''}.")
    return {"SummaryContent": "\n".join(lines) or "Grants no permissions.", "Locale": req.get("Locale", "en"), "SummaryState": "AVAILABLE"}


# ---------------------------------------------------------------- organizations (none locally)


def _no_organization() -> wire.OrganizationNotFoundExceptionError:
    return wire.OrganizationNotFoundExceptionError("The request failed because your account is not a member of an organization.")


def disable_organizations_root_credentials_management(ctx: RequestContext, req: wire.DisableOrganizationsRootCredentialsManagementRequest) -> wire.DisableOrganizationsRootCredentialsManagementResponse:
    raise _no_organization()


def disable_organizations_root_sessions(ctx: RequestContext, req: wire.DisableOrganizationsRootSessionsRequest) -> wire.DisableOrganizationsRootSessionsResponse:
    raise _no_organization()


def enable_organizations_root_credentials_management(ctx: RequestContext, req: wire.EnableOrganizationsRootCredentialsManagementRequest) -> wire.EnableOrganizationsRootCredentialsManagementResponse:
    raise _no_organization()


def enable_organizations_root_sessions(ctx: RequestContext, req: wire.EnableOrganizationsRootSessionsRequest) -> wire.EnableOrganizationsRootSessionsResponse:
    raise _no_organization()


def list_organizations_features(ctx: RequestContext, req: wire.ListOrganizationsFeaturesRequest) -> wire.ListOrganizationsFeaturesResponse:
    raise _no_organization()


def generate_organizations_access_report(ctx: RequestContext, req: wire.GenerateOrganizationsAccessReportRequest) -> wire.GenerateOrganizationsAccessReportResponse:
    raise _no_organization()


def get_organizations_access_report(ctx: RequestContext, req: wire.GetOrganizationsAccessReportRequest) -> wire.GetOrganizationsAccessReportResponse:
    raise wire.NoSuchEntityExceptionError(f"The job with id {req['JobId']} cannot be found.")


# ---------------------------------------------------------------- outbound web identity federation


def enable_outbound_web_identity_federation(ctx: RequestContext, req: dict[str, Any]) -> wire.EnableOutboundWebIdentityFederationResponse:
    acct = c.account(ctx)
    if acct.outbound_federation:
        raise wire.FeatureEnabledExceptionError("Outbound web identity federation is already enabled.")
    acct.outbound_federation = True
    acct.issuer_id = acct.issuer_id or f"https://{uuid.uuid4()}.tokens.sts.global.api.aws"
    c.save_account(ctx, acct)
    return {"IssuerIdentifier": acct.issuer_id}


def disable_outbound_web_identity_federation(ctx: RequestContext, req: dict[str, Any]) -> None:
    acct = c.account(ctx)
    if not acct.outbound_federation:
        raise wire.FeatureDisabledExceptionError("Outbound web identity federation is not enabled.")
    acct.outbound_federation = False
    c.save_account(ctx, acct)


def get_outbound_web_identity_federation_info(ctx: RequestContext, req: dict[str, Any]) -> wire.GetOutboundWebIdentityFederationInfoResponse:
    acct = c.account(ctx)
    if not acct.issuer_id:
        raise wire.FeatureDisabledExceptionError("Outbound web identity federation has never been enabled.")
    return {"IssuerIdentifier": acct.issuer_id, "JwtVendingEnabled": acct.outbound_federation}


# ---------------------------------------------------------------- delegation requests


def _delegations(ctx: RequestContext):  # type: ignore[no-untyped-def]
    return c.table(ctx, "delegations")


def _delegation(ctx: RequestContext, request_id: str) -> Delegation:
    found = _delegations(ctx).get(request_id)
    if found is None:
        raise wire.NoSuchEntityExceptionError(f"The delegation request {request_id} cannot be found.")
    return found


def create_delegation_request(ctx: RequestContext, req: wire.CreateDelegationRequestRequest) -> wire.CreateDelegationRequestResponse:
    now = c.now(ctx)
    d = Delegation(str(uuid.uuid4()), req.get("OwnerAccountId", ctx.account), req["Description"], dict(req["Permissions"]),
                   req.get("RequestMessage", ""), "UNASSIGNED", now, now, duration=req["SessionDuration"],
                   redirect=req.get("RedirectUrl", ""), workflow=req["RequestorWorkflowId"],
                   only_owner_sends=bool(req.get("OnlySendByOwner")))
    _delegations(ctx)[d.id] = d
    return {"DelegationRequestId": d.id, "ConsoleDeepLink": f"https://console.aws.amazon.com/iam/home#/delegation/{d.id}"}


def _view_delegation(d: Delegation) -> dict[str, Any]:
    out = {"DelegationRequestId": d.id, "OwnerAccountId": d.owner, "Description": d.description, "RequestMessage": d.message,
           "Permissions": d.permissions, "State": d.state, "RequestorWorkflowId": d.workflow, "SessionDuration": d.duration,
           "CreateDate": c.utc(d.created), "UpdatedTime": c.utc(d.updated), "OnlySendByOwner": d.only_owner_sends}
    if d.notes:
        out["Notes"] = d.notes
    if d.redirect:
        out["RedirectUrl"] = d.redirect
    return out


def get_delegation_request(ctx: RequestContext, req: wire.GetDelegationRequestRequest) -> wire.GetDelegationRequestResponse:
    return {"DelegationRequest": _view_delegation(_delegation(ctx, req["DelegationRequestId"]))}  # type: ignore[typeddict-item]


def list_delegation_requests(ctx: RequestContext, req: wire.ListDelegationRequestsRequest) -> wire.ListDelegationRequestsResponse:
    chosen = [d for d in _delegations(ctx).values() if not req.get("OwnerId") or d.owner == req["OwnerId"]]
    out = c.page(ctx, req, chosen, lambda d: d.id, "DelegationRequests", _view_delegation)
    out["isTruncated"] = out.pop("IsTruncated")
    return out  # type: ignore[return-value]


def _move(ctx: RequestContext, request_id: str, allowed_from: tuple[str, ...], to: str, notes: str | None = None) -> None:
    d = _delegation(ctx, request_id)
    if d.state not in allowed_from:
        raise wire.InvalidInputExceptionError(f"The delegation request is {d.state} and cannot move to {to}.")
    d.state, d.updated = to, c.now(ctx)
    if notes is not None:
        d.notes = notes
    _delegations(ctx).touch(d.id)


def associate_delegation_request(ctx: RequestContext, req: wire.AssociateDelegationRequestRequest) -> None:
    _move(ctx, req["DelegationRequestId"], ("UNASSIGNED",), "ASSIGNED")


def accept_delegation_request(ctx: RequestContext, req: wire.AcceptDelegationRequestRequest) -> None:
    _move(ctx, req["DelegationRequestId"], ("ASSIGNED", "PENDING_APPROVAL"), "ACCEPTED")


def reject_delegation_request(ctx: RequestContext, req: wire.RejectDelegationRequestRequest) -> None:
    _move(ctx, req["DelegationRequestId"], ("UNASSIGNED", "ASSIGNED", "PENDING_APPROVAL"), "REJECTED", req.get("Notes"))


def update_delegation_request(ctx: RequestContext, req: wire.UpdateDelegationRequestRequest) -> None:
    d = _delegation(ctx, req["DelegationRequestId"])
    if req.get("Notes") is not None:
        d.notes = req["Notes"]
    d.updated = c.now(ctx)
    _delegations(ctx).touch(d.id)


def send_delegation_token(ctx: RequestContext, req: wire.SendDelegationTokenRequest) -> None:
    _move(ctx, req["DelegationRequestId"], ("ACCEPTED",), "FINALIZED")
