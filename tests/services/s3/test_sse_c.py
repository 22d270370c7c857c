"""SSE-C through boto3: writes encrypt under the customer's key, reads need the same key,
copies and multipart uploads carry keys as S3 does, and the stored bytes are ciphertext."""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from cumulo.services.s3.models import Body, KeyCheck, ObjectKey, ObjectVersion, Seal, Segment, Upload
from cumulo.state import codec, open_store
from cumulo.testing import CumuloServer

KEY = bytes(range(32))
OTHER = bytes(range(1, 33))
MIB = 1024 * 1024


def sse(key: bytes = KEY, prefix: str = "") -> dict[str, Any]:
    return {prefix + "SSECustomerAlgorithm": "AES256", prefix + "SSECustomerKey": key}


def key_md5(key: bytes = KEY) -> str:
    return base64.b64encode(hashlib.md5(key).digest()).decode()


def error(call: Any, **kwargs: Any) -> tuple[str, int, str]:
    with pytest.raises(ClientError) as info:
        call(**kwargs)
    response = info.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"], response["Error"].get("Message", "")


def stored(cumulo: CumuloServer, bucket: str, key: str) -> ObjectVersion:
    entry: ObjectKey = cumulo.runtime.store.scope("s3", "_global", "_global").table(f"objects/{bucket}").get(key)
    assert entry is not None and entry.current is not None
    return entry.current


def stored_bytes(cumulo: CumuloServer, body: Body) -> bytes:
    if body.data is not None:
        return body.data
    assert body.blob is not None
    return cumulo.runtime.store.blobs.read_bytes(body.blob)


NOT_ENCRYPTED_MSG = "The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object."


# ---------------------------------------------------------------- put, get, head


def test_put_get_head_echo_the_key_md5(s3: Any, bucket: str) -> None:
    put = s3.put_object(Bucket=bucket, Key="k", Body=b"secret data", **sse())
    assert put["SSECustomerAlgorithm"] == "AES256" and put["SSECustomerKeyMD5"] == key_md5()
    assert "ServerSideEncryption" not in put
    # S3 documents that an SSE-C object's ETag is not the MD5 of its data
    assert put["ETag"].strip('"') != hashlib.md5(b"secret data").hexdigest()
    got = s3.get_object(Bucket=bucket, Key="k", **sse())
    assert got["Body"].read() == b"secret data"
    assert (got["SSECustomerAlgorithm"], got["SSECustomerKeyMD5"], got["ETag"]) == ("AES256", key_md5(), put["ETag"])
    assert "ServerSideEncryption" not in got
    head = s3.head_object(Bucket=bucket, Key="k", **sse())
    assert (head["ContentLength"], head["SSECustomerKeyMD5"], head["ETag"]) == (11, key_md5(), put["ETag"])
    assert "x-amz-server-side-encryption-customer-key" not in head["ResponseMetadata"]["HTTPHeaders"]  # never the key itself


def test_reads_without_the_key_or_with_another_are_refused(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"secret", **sse())
    assert error(s3.get_object, Bucket=bucket, Key="k") == ("InvalidRequest", 400, NOT_ENCRYPTED_MSG)
    assert error(s3.get_object, Bucket=bucket, Key="k", Range="bytes=0-1") == ("InvalidRequest", 400, NOT_ENCRYPTED_MSG)
    assert error(s3.get_object, Bucket=bucket, Key="k", PartNumber=1)[:2] == ("InvalidRequest", 400)
    assert error(s3.head_object, Bucket=bucket, Key="k")[1] == 400
    assert error(s3.get_object, Bucket=bucket, Key="k", **sse(OTHER)) == ("AccessDenied", 403, "Access Denied")
    assert error(s3.head_object, Bucket=bucket, Key="k", **sse(OTHER))[1] == 403
    assert error(s3.get_object_attributes, Bucket=bucket, Key="k", ObjectAttributes=["ETag"])[:2] == ("InvalidRequest", 400)
    # botocore base64-encodes the key only for the operations it knows: here it goes encoded
    encoded = {"SSECustomerAlgorithm": "AES256", "SSECustomerKey": base64.b64encode(KEY).decode(), "SSECustomerKeyMD5": key_md5()}
    assert s3.get_object_attributes(Bucket=bucket, Key="k", ObjectAttributes=["ObjectSize"], **encoded)["ObjectSize"] == 6


def test_a_key_for_an_object_stored_without_one_is_refused(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="plain", Body=b"x")
    code, status, message = error(s3.get_object, Bucket=bucket, Key="plain", **sse())
    assert (code, status, message) == ("InvalidRequest", 400, "The encryption parameters are not applicable to this object.")


def test_write_headers_are_checked(s3: Any, bucket: str) -> None:
    code, status, message = error(s3.put_object, Bucket=bucket, Key="k", Body=b"x", **sse(b"too short"))
    assert (code, status, message) == ("InvalidArgument", 400, "The secret key was invalid for the specified algorithm.")
    code, status, _ = error(s3.put_object, Bucket=bucket, Key="k", Body=b"x", SSECustomerAlgorithm="AES128", SSECustomerKey=KEY)
    assert (code, status) == ("InvalidEncryptionAlgorithmError", 400)
    code, _, message = error(s3.put_object, Bucket=bucket, Key="k", Body=b"x", ServerSideEncryption="AES256", **sse())
    assert (code, message) == ("InvalidArgument", "Server Side Encryption with Customer provided key is incompatible with the encryption method specified.")

    def wrong_md5(request: Any, **_: Any) -> None:
        request.headers.replace_header("x-amz-server-side-encryption-customer-key-MD5", key_md5(OTHER))

    s3.meta.events.register("before-sign.s3.PutObject", wrong_md5)
    code, status, message = error(s3.put_object, Bucket=bucket, Key="k", Body=b"x", **sse())
    assert (code, status, message) == ("InvalidArgument", 400, "The calculated MD5 hash of the key did not match the hash that was provided.")
    s3.meta.events.unregister("before-sign.s3.PutObject", wrong_md5)
    assert error(s3.head_object, Bucket=bucket, Key="k")[1] == 404  # nothing was stored


def test_content_md5_is_checked_against_the_plaintext(s3: Any, bucket: str) -> None:
    body = b"checked" * 100
    good = base64.b64encode(hashlib.md5(body).digest()).decode()
    s3.put_object(Bucket=bucket, Key="k", Body=body, ContentMD5=good, **sse())
    bad = base64.b64encode(hashlib.md5(b"other").digest()).decode()
    assert error(s3.put_object, Bucket=bucket, Key="k", Body=body, ContentMD5=bad, **sse())[0] == "BadDigest"


# ---------------------------------------------------------------- what is stored


@pytest.mark.parametrize("size", [1000, 3 * MIB + 7], ids=["inline", "blob"])
def test_stored_bytes_are_ciphertext_and_the_key_is_not_kept(s3: Any, bucket: str, cumulo: CumuloServer, size: int) -> None:
    plain = (b"plaintext-" * (size // 10 + 1))[:size]
    s3.put_object(Bucket=bucket, Key="k", Body=plain, **sse())
    version = stored(cumulo, bucket, "k")
    assert version.body is not None and version.body.seal is not None
    raw = stored_bytes(cumulo, version.body)
    assert len(raw) == size and raw != plain and b"plaintext-plaintext-" not in raw
    pickled = codec.encode(version)
    for secret in (KEY, base64.b64encode(KEY), hashlib.md5(KEY).digest(), key_md5().encode()):
        assert secret not in pickled
    assert s3.get_object(Bucket=bucket, Key="k", **sse())["Body"].read() == plain


def test_the_same_body_twice_is_stored_differently(s3: Any, bucket: str, cumulo: CumuloServer) -> None:
    a = s3.put_object(Bucket=bucket, Key="a", Body=b"same", **sse())
    b = s3.put_object(Bucket=bucket, Key="b", Body=b"same", **sse())
    assert a["ETag"] != b["ETag"]
    body_a, body_b = stored(cumulo, bucket, "a").body, stored(cumulo, bucket, "b").body
    assert body_a is not None and body_b is not None
    assert stored_bytes(cumulo, body_a) != stored_bytes(cumulo, body_b)


# ---------------------------------------------------------------- ranges


@pytest.mark.parametrize("size", [5000, 2 * MIB + 3], ids=["inline", "blob"])
def test_ranges_decrypt_from_their_offset(s3: Any, bucket: str, size: int) -> None:
    plain = os.urandom(size)
    s3.put_object(Bucket=bucket, Key="k", Body=plain, **sse())
    for first, last in [(0, 0), (1, 30), (17, 4000), (size // 2 + 5, size - 1)]:
        got = s3.get_object(Bucket=bucket, Key="k", Range=f"bytes={first}-{last}", **sse())
        assert got["Body"].read() == plain[first : last + 1]
        assert got["ContentRange"] == f"bytes {first}-{last}/{size}"
    assert s3.get_object(Bucket=bucket, Key="k", Range="bytes=-33", **sse())["Body"].read() == plain[-33:]


# ---------------------------------------------------------------- copy


def test_copy_needs_the_source_key_and_encrypts_as_asked(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="src", Body=b"copy me", **sse())
    source = {"Bucket": bucket, "Key": "src"}
    code, status, message = error(s3.copy_object, Bucket=bucket, Key="dst", CopySource=source)
    assert (code, status, message) == ("InvalidRequest", 400, NOT_ENCRYPTED_MSG)
    assert error(s3.copy_object, Bucket=bucket, Key="dst", CopySource=source, **sse(OTHER, "CopySource"))[:2] == ("AccessDenied", 403)

    # to a plaintext object
    out = s3.copy_object(Bucket=bucket, Key="plain", CopySource=source, **sse(prefix="CopySource"))
    assert out["ServerSideEncryption"] == "AES256" and "SSECustomerAlgorithm" not in out
    assert s3.get_object(Bucket=bucket, Key="plain")["Body"].read() == b"copy me"
    assert out["CopyObjectResult"]["ETag"].strip('"') == hashlib.md5(b"copy me").hexdigest()

    # re-encrypted under another key
    out = s3.copy_object(Bucket=bucket, Key="other", CopySource=source, **sse(prefix="CopySource"), **sse(OTHER))
    assert out["SSECustomerKeyMD5"] == key_md5(OTHER) and "ServerSideEncryption" not in out
    assert s3.get_object(Bucket=bucket, Key="other", **sse(OTHER))["Body"].read() == b"copy me"
    assert error(s3.get_object, Bucket=bucket, Key="other", **sse())[:2] == ("AccessDenied", 403)

    # a plaintext object encrypted by copying it
    s3.copy_object(Bucket=bucket, Key="sealed", CopySource={"Bucket": bucket, "Key": "plain"}, **sse())
    assert error(s3.get_object, Bucket=bucket, Key="sealed")[:2] == ("InvalidRequest", 400)
    assert s3.get_object(Bucket=bucket, Key="sealed", **sse())["Body"].read() == b"copy me"

    # rotating the key of an object in place is a legal copy to itself
    s3.copy_object(Bucket=bucket, Key="src", CopySource=source, **sse(prefix="CopySource"), **sse(OTHER))
    assert s3.get_object(Bucket=bucket, Key="src", **sse(OTHER))["Body"].read() == b"copy me"


# ---------------------------------------------------------------- multipart


def test_multipart_parts_need_the_upload_key(s3: Any, bucket: str) -> None:
    first, second = os.urandom(5 * MIB), os.urandom(1000)
    created = s3.create_multipart_upload(Bucket=bucket, Key="mp", **sse())
    assert created["SSECustomerKeyMD5"] == key_md5() and "ServerSideEncryption" not in created
    upload_id = created["UploadId"]
    part = {"Bucket": bucket, "Key": "mp", "UploadId": upload_id}
    code, status, message = error(s3.upload_part, **part, PartNumber=1, Body=first)
    assert (code, status) == ("InvalidRequest", 400) and "must include the appropriate encryption parameters" in message
    code, _, message = error(s3.upload_part, **part, PartNumber=1, Body=first, **sse(OTHER))
    assert (code, message) == ("InvalidRequest", "The provided encryption parameters did not match the ones used originally.")
    one = s3.upload_part(**part, PartNumber=1, Body=first, **sse())
    assert one["SSECustomerKeyMD5"] == key_md5()
    two = s3.upload_part(**part, PartNumber=2, Body=second, **sse())
    done = s3.complete_multipart_upload(**part, MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": one["ETag"]}, {"PartNumber": 2, "ETag": two["ETag"]}]})
    assert done["ETag"].endswith('-2"') and "ServerSideEncryption" not in done
    plain = first + second
    assert error(s3.get_object, Bucket=bucket, Key="mp")[:2] == ("InvalidRequest", 400)
    assert s3.get_object(Bucket=bucket, Key="mp", **sse())["Body"].read() == plain
    assert s3.get_object(Bucket=bucket, Key="mp", PartNumber=2, **sse())["Body"].read() == second
    across = s3.get_object(Bucket=bucket, Key="mp", Range=f"bytes={5 * MIB - 10}-{5 * MIB + 20}", **sse())
    assert across["Body"].read() == plain[5 * MIB - 10 : 5 * MIB + 21]


def test_a_plain_upload_refuses_keyed_parts(s3: Any, bucket: str) -> None:
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="mp")["UploadId"]
    assert error(s3.upload_part, Bucket=bucket, Key="mp", UploadId=upload_id, PartNumber=1, Body=b"x", **sse())[:2] == ("InvalidRequest", 400)


def test_upload_part_copy_reads_and_writes_with_their_keys(s3: Any, bucket: str) -> None:
    plain = os.urandom(300_000)
    s3.put_object(Bucket=bucket, Key="src", Body=plain, **sse(OTHER))
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="mp", **sse())["UploadId"]
    part = {"Bucket": bucket, "Key": "mp", "UploadId": upload_id, "CopySource": {"Bucket": bucket, "Key": "src"}, "PartNumber": 1}
    assert error(s3.upload_part_copy, **part, **sse())[:2] == ("InvalidRequest", 400)
    copied = s3.upload_part_copy(**part, CopySourceRange="bytes=100-200099", **sse(OTHER, "CopySource"), **sse())
    assert copied["SSECustomerKeyMD5"] == key_md5()
    s3.complete_multipart_upload(Bucket=bucket, Key="mp", UploadId=upload_id,
                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": copied["CopyPartResult"]["ETag"]}]})
    assert s3.get_object(Bucket=bucket, Key="mp", **sse())["Body"].read() == plain[100:200100]


# ---------------------------------------------------------------- select, state


def test_select_reads_the_plaintext_with_the_key(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="data.csv", Body=b"name,n\na,1\nb,2\n", **sse())
    query = {"Bucket": bucket, "Key": "data.csv", "Expression": "SELECT s.name FROM S3Object s WHERE s.n = '2'", "ExpressionType": "SQL",
             "InputSerialization": {"CSV": {"FileHeaderInfo": "USE"}}, "OutputSerialization": {"CSV": {}}}
    assert error(s3.select_object_content, **query)[:2] == ("InvalidRequest", 400)
    events = s3.select_object_content(**query, **sse())["Payload"]
    assert b"".join(e["Records"]["Payload"] for e in events if "Records" in e) == b"b\n"


def test_sealed_entities_round_trip_the_store(tmp_path: Path) -> None:
    seal = Seal(KeyCheck(b"s" * 16, b"d" * 32), [Segment(2, b"n" * 16), Segment(1, b"m" * 16)])
    version = ObjectVersion(key="k", version_id="null", last_modified=1.0, etag='"e"', size=3, body=Body(3, "abc", data=b"xyz", seal=seal),
                            extra={"SSECustomerAlgorithm": "AES256"})
    upload = Upload("id", "k", 2.0, "000000000000", key_check=KeyCheck(b"s" * 16, b"d" * 32))
    store = open_store(str(tmp_path))
    scope = store.scope("s3", "_global", "_global")
    scope.table("objects/b")["k"] = ObjectKey([version])
    scope.table("uploads/b")["id"] = upload
    store.commit()
    store.close()
    reopened = open_store(str(tmp_path)).scope("s3", "_global", "_global")
    assert reopened.table("objects/b")["k"] == ObjectKey([version])
    assert reopened.table("uploads/b")["id"] == upload
