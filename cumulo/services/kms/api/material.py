"""Imported key material: GetParametersForImport, ImportKeyMaterial, DeleteImportedKeyMaterial.

GetParametersForImport makes a fresh RSA wrapping key (valid 24 hours on the
cumulo clock) and an import token naming it; ImportKeyMaterial unwraps the
client's material with it (RSAES-OAEP, PKCS#1 v1.5, or RSA-OAEP + AES key wrap),
checks it fits the key spec, and installs it. Material ids are derived from
the material, so re-importing what was deleted restores the old ciphertexts.
"""

from __future__ import annotations

import secrets
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import kms as wire
from cumulo.services.kms import crypto, keys, vault
from cumulo.services.kms.keys import find, utc
from cumulo.services.kms.models import ImportParameters, Key

VALID_FOR = 24 * 3600.0


def delete_imported_key_material(ctx: RequestContext, req: wire.DeleteImportedKeyMaterialRequest) -> wire.DeleteImportedKeyMaterialResponse:
    key = _external(ctx, req["KeyId"])
    if key.state in ("PendingDeletion", "PendingReplicaDeletion"):
        keys.require_state(key, "DeleteImportedKeyMaterial")
    wanted = req.get("KeyMaterialId")
    removed = ""
    for m in key.materials:
        if m.imported and (wanted is None and m.state == "CURRENT" or m.id == wanted):
            m.imported = False
            removed = m.id
    if wanted and not removed:
        raise wire.NotFoundExceptionError(f"Key material {wanted} of {key.arn} does not exist.")
    if key.current() is None and key.state in ("Enabled", "Disabled"):
        key.state = "PendingImport"
    keys.save(ctx, key)
    out: wire.DeleteImportedKeyMaterialResponse = {"KeyId": key.arn}
    if removed:
        out["KeyMaterialId"] = removed
    return out


def get_parameters_for_import(ctx: RequestContext, req: wire.GetParametersForImportRequest) -> wire.GetParametersForImportResponse:
    key = _external(ctx, req["KeyId"])
    if key.state in ("PendingDeletion", "PendingReplicaDeletion"):
        keys.require_state(key, "GetParametersForImport")
    spec = req["WrappingKeySpec"]
    algorithm = req["WrappingAlgorithm"]
    if spec == "SM2" or algorithm == "SM2PKE":
        raise wire.UnsupportedOperationExceptionError("SM2 wrapping keys are not supported by cumulo: the cryptography package cannot compute them.")
    if algorithm == "RSAES_PKCS1_V1_5" and key.spec != "SYMMETRIC_DEFAULT":
        raise AwsError("ValidationException", "RSAES_PKCS1_V1_5 can only wrap symmetric key material.")
    wrapping = crypto.new_private_key(spec)
    token = secrets.token_hex(32)
    valid_to = ctx.clock.now() + VALID_FOR
    key.imports = [p for p in key.imports if p.valid_to > ctx.clock.now()][-4:]
    key.imports.append(ImportParameters(token, vault.seal(ctx.runtime, token, crypto.private_der(wrapping)), algorithm, valid_to))
    keys.save(ctx, key)
    return {
        "KeyId": key.arn,
        "ImportToken": bytes.fromhex(token) + key.id.encode(),
        "PublicKey": crypto.public_der(wrapping),
        "ParametersValidTo": utc(valid_to),
    }


def import_key_material(ctx: RequestContext, req: wire.ImportKeyMaterialRequest) -> wire.ImportKeyMaterialResponse:
    key = _external(ctx, req["KeyId"])
    if key.state in ("PendingDeletion", "PendingReplicaDeletion"):
        keys.require_state(key, "ImportKeyMaterial")
    raw = req["ImportToken"]
    token = raw[:32].hex()
    params = next((p for p in key.imports if p.token == token), None)
    if params is None or raw[32:] != key.id.encode():
        raise wire.InvalidImportTokenExceptionError("The import token is not valid for this KMS key.")
    if params.valid_to <= ctx.clock.now():
        raise wire.ExpiredImportTokenExceptionError("The import token has expired: call GetParametersForImport again.")
    model = req.get("ExpirationModel", "KEY_MATERIAL_EXPIRES")
    valid_to = req.get("ValidTo")
    if model == "KEY_MATERIAL_EXPIRES" and valid_to is None:
        raise AwsError("ValidationException", "A ValidTo date is required when ExpirationModel is KEY_MATERIAL_EXPIRES.")
    if model == "KEY_MATERIAL_DOES_NOT_EXPIRE" and valid_to is not None:
        raise AwsError("ValidationException", "ValidTo cannot be set when ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE.")
    expires = valid_to.timestamp() if valid_to is not None else None
    if expires is not None and expires <= ctx.clock.now():
        raise AwsError("ValidationException", "ValidTo must be in the future.")
    wrapping = vault.private_key(ctx.runtime, params.token, params.wrapping_pem)
    try:
        material = crypto.unwrap(wrapping, params.algorithm, req["EncryptedKeyMaterial"])
    except crypto.CryptoError:
        raise wire.InvalidCiphertextExceptionError("The encrypted key material does not decrypt with the import parameters.") from None
    if not crypto.check_imported(key.spec, material):
        raise wire.IncorrectKeyMaterialExceptionError(f"The key material is not valid for a {key.spec} key.")
    mid = crypto.material_id(key.id, material)
    known = key.material(mid)
    import_type = req.get("ImportType")
    ever = any(m for m in key.materials)
    if known is not None:
        known.imported, known.valid_to, known.expiration_model = True, expires, model
        if "KeyMaterialDescription" in req:
            known.description = req["KeyMaterialDescription"]
    elif ever and import_type != "NEW_KEY_MATERIAL":
        raise wire.IncorrectKeyMaterialExceptionError("The key material is not the key's material: import it with ImportType NEW_KEY_MATERIAL to rotate.")
    elif ever:
        if key.spec != "SYMMETRIC_DEFAULT" or key.multi_region:
            raise wire.UnsupportedOperationExceptionError(f"{key.arn} cannot take new key material: only single-Region symmetric keys rotate imported material.")
        key.materials.append(
            _pending(ctx, key, mid, material, expires, model, req.get("KeyMaterialDescription", ""))
        )
    else:
        keys.add_material(ctx, key, material, imported=True, valid_to=expires, expiration_model=model, description=req.get("KeyMaterialDescription", ""))
    if key.state == "PendingImport" and key.current() is not None:
        key.state = "Enabled"
    keys.save(ctx, key)
    return {"KeyId": key.arn, "KeyMaterialId": mid}


def _pending(ctx: RequestContext, key: Key, mid: str, material: bytes, expires: float | None, model: str, description: str) -> Any:
    from cumulo.services.kms.models import Material

    return Material(mid, vault.seal(ctx.runtime, mid, material), ctx.clock.now(), "PENDING_ROTATION", "", description, expires, model, True)


def _external(ctx: RequestContext, key_id: str) -> Key:
    key = find(ctx, key_id, aliases=False)
    if key.origin != "EXTERNAL":
        raise wire.UnsupportedOperationExceptionError(f"{key.arn} origin is {key.origin} which is not valid for this operation.")
    return key
