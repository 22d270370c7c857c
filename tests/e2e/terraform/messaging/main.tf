# Messaging: SQS queues (standard with a redrive policy to a DLQ, tags and a
# policy letting S3 send; FIFO) and an S3 bucket with every configuration
# resource teams attach to one, notifying the standard queue, plus an object.

resource "aws_sqs_queue" "dlq" {
  name                      = "tf-orders-dlq"
  message_retention_seconds = 1209600
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = ["arn:aws:sqs:us-east-1:${data.aws_caller_identity.current.account_id}:tf-orders"]
  })
}

resource "aws_sqs_queue" "orders" {
  name                       = "tf-orders"
  visibility_timeout_seconds = 45
  delay_seconds              = 2
  receive_wait_time_seconds  = 5
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = 3
  })
  # Inline rather than aws_sqs_queue_policy: each SQS resource waits ~25 s for
  # its attributes to settle, and a separate policy would add one more round.
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AllowS3"
      Effect    = "Allow"
      Principal = { Service = "s3.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:us-east-1:${data.aws_caller_identity.current.account_id}:tf-orders"
      Condition = { ArnLike = { "aws:SourceArn" = aws_s3_bucket.uploads.arn } }
    }]
  })
  tags = {
    team = "payments"
    env  = "test"
  }
}

resource "aws_sqs_queue" "events" {
  name                        = "tf-events.fifo"
  fifo_queue                  = true
  content_based_deduplication = true
  deduplication_scope         = "messageGroup"
  fifo_throughput_limit       = "perMessageGroupId"
}

resource "aws_s3_bucket" "uploads" {
  bucket = "tf-uploads"
  # The test writes objects Terraform does not manage: destroy empties the
  # bucket (every version and delete marker) first.
  force_destroy = true
  tags = {
    team = "payments"
  }
}

resource "aws_s3_bucket_versioning" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  rule {
    id     = "expire-tmp"
    status = "Enabled"
    filter {
      prefix = "tmp/"
    }
    expiration {
      days = 7
    }
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
  }
  rule {
    id     = "archive-logs"
    status = "Enabled"
    filter {
      and {
        prefix = "logs/"
        tags = {
          archive = "yes"
        }
      }
    }
    transition {
      days          = 30
      storage_class = "STANDARD_IA"
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 3
    }
  }
  depends_on = [aws_s3_bucket_versioning.uploads]
}

resource "aws_s3_bucket_cors_configuration" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  cors_rule {
    allowed_headers = ["*"]
    allowed_methods = ["GET", "PUT"]
    allowed_origins = ["https://app.example.com"]
    expose_headers  = ["ETag"]
    max_age_seconds = 3000
  }
}

resource "aws_s3_bucket_public_access_block" "uploads" {
  bucket                  = aws_s3_bucket.uploads.id
  block_public_acls       = true
  block_public_policy     = false
  ignore_public_acls      = true
  restrict_public_buckets = false
}

resource "aws_s3_bucket_policy" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecure"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.uploads.arn, "${aws_s3_bucket.uploads.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
  depends_on = [aws_s3_bucket_public_access_block.uploads]
}

resource "aws_s3_bucket_notification" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  queue {
    id            = "new-uploads"
    queue_arn     = aws_sqs_queue.orders.arn
    events        = ["s3:ObjectCreated:*"]
    filter_prefix = "incoming/"
    filter_suffix = ".json"
  }
}

resource "aws_s3_object" "readme" {
  bucket       = aws_s3_bucket.uploads.id
  key          = "docs/readme.txt"
  content      = "hello from terraform\n"
  content_type = "text/plain"
  metadata = {
    owner = "payments"
  }
  tags = {
    kind = "doc"
  }
  depends_on = [aws_s3_bucket_versioning.uploads, aws_s3_bucket_server_side_encryption_configuration.uploads]
}

# A bucket with no configuration of its own: reading it back goes through every
# "not configured" answer (NoSuchTagSet, NoSuchCORSConfiguration, ...).
resource "aws_s3_bucket" "logs" {
  bucket        = "tf-logs"
  force_destroy = true
}

resource "aws_s3_bucket_ownership_controls" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

resource "aws_s3_bucket_logging" "uploads" {
  bucket        = aws_s3_bucket.uploads.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "uploads/"
}

# A static-site bucket with the rest of the bucket-level configurations, and an
# Object Lock bucket (lock enabled at creation) that receives the inventory.
resource "aws_s3_bucket" "site" {
  bucket        = "tf-site"
  force_destroy = true
}

resource "aws_s3_bucket_website_configuration" "site" {
  bucket = aws_s3_bucket.site.id
  index_document {
    suffix = "index.html"
  }
  error_document {
    key = "error.html"
  }
  routing_rule {
    condition {
      key_prefix_equals = "docs/"
    }
    redirect {
      replace_key_prefix_with = "documents/"
    }
  }
}

resource "aws_s3_bucket_accelerate_configuration" "site" {
  bucket = aws_s3_bucket.site.id
  status = "Enabled"
}

resource "aws_s3_bucket_request_payment_configuration" "site" {
  bucket = aws_s3_bucket.site.id
  payer  = "Requester"
}

resource "aws_s3_bucket_intelligent_tiering_configuration" "site" {
  bucket = aws_s3_bucket.site.id
  name   = "whole"
  tiering {
    access_tier = "ARCHIVE_ACCESS"
    days        = 125
  }
}

resource "aws_s3_bucket_metric" "site" {
  bucket = aws_s3_bucket.site.id
  name   = "all"
}

resource "aws_s3_bucket_analytics_configuration" "site" {
  bucket = aws_s3_bucket.site.id
  name   = "all"
}

resource "aws_s3_bucket_inventory" "site" {
  bucket                   = aws_s3_bucket.site.id
  name                     = "weekly"
  included_object_versions = "All"
  schedule {
    frequency = "Weekly"
  }
  destination {
    bucket {
      format     = "CSV"
      bucket_arn = aws_s3_bucket.locked.arn
    }
  }
}

resource "aws_s3_bucket_ownership_controls" "site" {
  bucket = aws_s3_bucket.site.id
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

resource "aws_s3_bucket_acl" "site" {
  bucket     = aws_s3_bucket.site.id
  acl        = "private"
  depends_on = [aws_s3_bucket_ownership_controls.site]
}

resource "aws_s3_bucket" "locked" {
  bucket              = "tf-locked"
  object_lock_enabled = true
  force_destroy       = true
}

resource "aws_s3_bucket_object_lock_configuration" "locked" {
  bucket = aws_s3_bucket.locked.id
  rule {
    default_retention {
      mode = "GOVERNANCE"
      days = 1
    }
  }
}

output "orders_url" {
  value = aws_sqs_queue.orders.id
}
