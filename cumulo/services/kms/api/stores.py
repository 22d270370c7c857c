"""Custom key stores: CloudHSM and external (XKS) key stores, as records.

cumulo has no CloudHSM cluster and reaches no external key manager, so a store
can be created, described, updated and deleted, but connecting it ends in
ConnectionState FAILED with the error code AWS gives when the cluster or proxy
cannot be found (CLUSTER_NOT_FOUND, XKS_PROXY_NOT_REACHABLE). Keys in a store,
and GenerateRandom against one, then fail with CustomKeyStoreInvalidStateException,
which is what AWS answers for a store that is not connected.
"""

from __future__ import annotations

import secrets
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import kms as wire
from cumulo.services.kms import keys
from cumulo.services.kms.keys import utc
from cumulo.services.kms.models import CustomKeyStore

_XKS_FIELDS = ("XksProxyUriEndpoint", "XksProxyUriPath", "XksProxyVpcEndpointServiceName", "XksProxyVpcEndpointServiceOwner", "XksProxyConnectivity")


def connect_custom_key_store(ctx: RequestContext, req: wire.ConnectCustomKeyStoreRequest) -> dict[str, Any]:
    store = _store(ctx, req["CustomKeyStoreId"])
    if store.state not in ("DISCONNECTED", "FAILED"):
        raise wire.CustomKeyStoreInvalidStateExceptionError(f"Custom key store {store.id} is {store.state}: only a disconnected store connects.")
    store.state = "FAILED"
    store.error_code = "CLUSTER_NOT_FOUND" if store.type == "AWS_CLOUDHSM" else "XKS_PROXY_NOT_REACHABLE"
    _tables(ctx).touch(store.id)
    return {}


def create_custom_key_store(ctx: RequestContext, req: wire.CreateCustomKeyStoreRequest) -> wire.CreateCustomKeyStoreResponse:
    table = _tables(ctx)
    name = req["CustomKeyStoreName"]
    if any(s.name == name for s in table.values()):
        raise wire.CustomKeyStoreNameInUseExceptionError(f"A custom key store named {name} already exists.")
    kind = req.get("CustomKeyStoreType", "AWS_CLOUDHSM")
    store = CustomKeyStore(id="cks-" + secrets.token_hex(8), name=name, type=kind, created=ctx.clock.now())
    if kind == "AWS_CLOUDHSM":
        for needed in ("CloudHsmClusterId", "TrustAnchorCertificate", "KeyStorePassword"):
            if needed not in req:
                raise AwsError("ValidationException", f"{needed} is required for an AWS_CLOUDHSM custom key store.")
        store.cluster_id, store.trust_anchor = req["CloudHsmClusterId"], req["TrustAnchorCertificate"]
    else:
        for needed in ("XksProxyUriEndpoint", "XksProxyUriPath", "XksProxyAuthenticationCredential", "XksProxyConnectivity"):
            if needed not in req:
                raise AwsError("ValidationException", f"{needed} is required for an EXTERNAL_KEY_STORE custom key store.")
        endpoint = req["XksProxyUriEndpoint"]
        if any(s.xks.get("XksProxyUriEndpoint") == endpoint and s.xks.get("XksProxyUriPath") == req["XksProxyUriPath"] for s in table.values()):
            raise wire.XksProxyUriInUseExceptionError(f"The proxy URI {endpoint}{req['XksProxyUriPath']} is used by another custom key store.")
        store.xks = {f: str(req[f]) for f in _XKS_FIELDS if f in req}  # type: ignore[literal-required]
        store.xks["AccessKeyId"] = req["XksProxyAuthenticationCredential"]["AccessKeyId"]
    table[store.id] = store
    return {"CustomKeyStoreId": store.id}


def delete_custom_key_store(ctx: RequestContext, req: wire.DeleteCustomKeyStoreRequest) -> dict[str, Any]:
    store = _store(ctx, req["CustomKeyStoreId"])
    if store.state == "CONNECTED":
        raise wire.CustomKeyStoreInvalidStateExceptionError(f"Custom key store {store.id} is connected: disconnect it first.")
    if any(k.custom_key_store == store.id for k in keys.keys_of(ctx.scope).values()):
        raise wire.CustomKeyStoreHasCMKsExceptionError(f"Custom key store {store.id} holds KMS keys.")
    del _tables(ctx)[store.id]
    return {}


def describe_custom_key_stores(ctx: RequestContext, req: wire.DescribeCustomKeyStoresRequest) -> wire.DescribeCustomKeyStoresResponse:
    stores = list(_tables(ctx).values())
    if "CustomKeyStoreId" in req:
        stores = [_store(ctx, req["CustomKeyStoreId"])]
    if "CustomKeyStoreName" in req:
        stores = [s for s in stores if s.name == req["CustomKeyStoreName"]]
        if not stores:
            raise wire.CustomKeyStoreNotFoundExceptionError(f"No custom key store named {req['CustomKeyStoreName']}.")
    chunk, more = keys.page([_entry(s) for s in stores], req.get("Limit"), req.get("Marker"))
    return {"CustomKeyStores": chunk, **more}  # type: ignore[typeddict-item]


def disconnect_custom_key_store(ctx: RequestContext, req: wire.DisconnectCustomKeyStoreRequest) -> dict[str, Any]:
    store = _store(ctx, req["CustomKeyStoreId"])
    store.state, store.error_code = "DISCONNECTED", ""
    _tables(ctx).touch(store.id)
    return {}


def update_custom_key_store(ctx: RequestContext, req: wire.UpdateCustomKeyStoreRequest) -> dict[str, Any]:
    store = _store(ctx, req["CustomKeyStoreId"])
    if store.state not in ("DISCONNECTED", "FAILED") and ("NewCustomKeyStoreName" in req or "CloudHsmClusterId" in req or "KeyStorePassword" in req):
        raise wire.CustomKeyStoreInvalidStateExceptionError(f"Custom key store {store.id} must be disconnected to be updated.")
    if "NewCustomKeyStoreName" in req:
        name = req["NewCustomKeyStoreName"]
        if any(s.name == name and s.id != store.id for s in _tables(ctx).values()):
            raise wire.CustomKeyStoreNameInUseExceptionError(f"A custom key store named {name} already exists.")
        store.name = name
    if "CloudHsmClusterId" in req:
        if store.type != "AWS_CLOUDHSM":
            raise AwsError("ValidationException", "CloudHsmClusterId applies to AWS_CLOUDHSM custom key stores only.")
        store.cluster_id = req["CloudHsmClusterId"]
    for f in _XKS_FIELDS:
        if f in req:
            if store.type != "EXTERNAL_KEY_STORE":
                raise AwsError("ValidationException", f"{f} applies to EXTERNAL_KEY_STORE custom key stores only.")
            store.xks[f] = str(req[f])  # type: ignore[literal-required]
    if "XksProxyAuthenticationCredential" in req:
        store.xks["AccessKeyId"] = req["XksProxyAuthenticationCredential"]["AccessKeyId"]
    _tables(ctx).touch(store.id)
    return {}


# ---------------------------------------------------------------- helpers (also for CreateKey, GenerateRandom)


def store_for_key(ctx: RequestContext, store_id: str, origin: str) -> CustomKeyStore:
    """The store a new key would live in: it must exist and be connected, which none is."""
    if not store_id:
        raise AwsError("ValidationException", f"Origin {origin} requires a CustomKeyStoreId.")
    store = _store(ctx, store_id)
    expected = "AWS_CLOUDHSM" if store.type == "AWS_CLOUDHSM" else "EXTERNAL_KEY_STORE"
    if origin != expected:
        raise AwsError("ValidationException", f"Origin {origin} does not match custom key store type {store.type}.")
    return connected_store(ctx, store_id)


def connected_store(ctx: RequestContext, store_id: str) -> CustomKeyStore:
    store = _store(ctx, store_id)
    if store.state != "CONNECTED":
        raise wire.CustomKeyStoreInvalidStateExceptionError(f"Custom key store {store.id} is not connected (ConnectionState {store.state}).")
    return store


def _tables(ctx: RequestContext) -> Any:
    return ctx.scope.table("stores")


def _store(ctx: RequestContext, store_id: str) -> CustomKeyStore:
    store = _tables(ctx).get(store_id)
    if store is None:
        raise wire.CustomKeyStoreNotFoundExceptionError(f"Custom key store {store_id} does not exist.")
    return store  # type: ignore[no-any-return]


def _entry(s: CustomKeyStore) -> wire.CustomKeyStoresListEntry:
    entry: wire.CustomKeyStoresListEntry = {
        "CustomKeyStoreId": s.id,
        "CustomKeyStoreName": s.name,
        "CustomKeyStoreType": s.type,
        "ConnectionState": s.state,
        "CreationDate": utc(s.created),
    }
    if s.error_code:
        entry["ConnectionErrorCode"] = s.error_code
    if s.type == "AWS_CLOUDHSM":
        entry["CloudHsmClusterId"] = s.cluster_id
        entry["TrustAnchorCertificate"] = s.trust_anchor
    else:
        names = {
            "XksProxyConnectivity": "Connectivity", "AccessKeyId": "AccessKeyId", "XksProxyUriEndpoint": "UriEndpoint",
            "XksProxyUriPath": "UriPath", "XksProxyVpcEndpointServiceName": "VpcEndpointServiceName",
            "XksProxyVpcEndpointServiceOwner": "VpcEndpointServiceOwner",
        }
        entry["XksProxyConfiguration"] = {names[k]: v for k, v in s.xks.items() if k in names}  # type: ignore[typeddict-item]
    return entry
