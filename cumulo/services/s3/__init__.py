"""Amazon S3: buckets, objects, multipart uploads, versioning, presigned URLs,
bucket configuration, CORS and notifications to SQS.

Registration only; the handlers are in `api` (split by noun), the state in `models`.
"""

from cumulo.services import InternalRoute, Service
from cumulo.services.s3 import api, cors, forms, internal, presign
from cumulo.services.s3.resource_policy import bucket_policy

SERVICE = Service(
    name="s3",
    api=api,
    # S3 errors are a bare <Error> document (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
    protocol_options={
        "xml_error_root": "Error",
        "xml_namespace": "http://s3.amazonaws.com/doc/2006-03-01/",
        "xml_text_roots": {"GetBucketLocationOutput": "LocationConstraint"},
        # S3 answers bad enum values with its own errors (InvalidLocationConstraint...).
        "validate_enums": False,
        # Successes AWS answers 204 where the model names no status.
        "status_codes": {
            "PutBucketTagging": 204,
            "PutBucketPolicy": 204,
            "PutBucketAnalyticsConfiguration": 204,
            "PutBucketIntelligentTieringConfiguration": 204,
            "PutBucketInventoryConfiguration": 204,
        },
    },
    check_request=presign.check_request,
    resource_policy=bucket_policy,
    cors=cors.cors_headers,
    form_upload=("PutObject", forms.post_object),
    internal=[InternalRoute("GET", "s3/object-lambda/{route}/{token}", internal.object_lambda_response)],
    anonymous=True,
)
