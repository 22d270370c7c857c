# Streaming: a Kinesis stream (shards, retention, metrics, tags), an enhanced
# fan-out consumer, an on-demand stream, a Firehose stream landing in S3 with a
# Lambda processor, GZIP and a dynamic prefix, and a Lambda mapping reading the
# stream. Roles are ARN strings here (the IAM configuration is its own).

variable "function_zip" {
  type = string
}

locals {
  role = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/tf-streaming"
}

resource "aws_kinesis_stream" "clicks" {
  name             = "tf-clicks"
  shard_count      = 2
  retention_period = 48
  shard_level_metrics = ["IncomingBytes", "OutgoingBytes"]

  stream_mode_details {
    stream_mode = "PROVISIONED"
  }

  tags = {
    team = "analytics"
  }
}

resource "aws_kinesis_stream" "events" {
  name = "tf-events"

  stream_mode_details {
    stream_mode = "ON_DEMAND"
  }
}

resource "aws_kinesis_stream_consumer" "reader" {
  name       = "tf-reader"
  stream_arn = aws_kinesis_stream.clicks.arn
}

resource "aws_s3_bucket" "lake" {
  bucket        = "tf-lake"
  force_destroy = true
}

resource "aws_lambda_function" "transform" {
  function_name    = "tf-transform"
  role             = local.role
  runtime          = "python3.12"
  handler          = "transform.handler"
  filename         = var.function_zip
  source_code_hash = filebase64sha256(var.function_zip)
  timeout          = 30
}

resource "aws_kinesis_firehose_delivery_stream" "lake" {
  name        = "tf-lake-stream"
  destination = "extended_s3"

  extended_s3_configuration {
    role_arn            = local.role
    bucket_arn          = aws_s3_bucket.lake.arn
    prefix              = "clicks/"
    error_output_prefix = "errors/"
    buffering_size      = 1
    buffering_interval  = 60
    compression_format  = "GZIP"

    processing_configuration {
      enabled = true

      processors {
        type = "Lambda"

        parameters {
          parameter_name  = "LambdaArn"
          parameter_value = "${aws_lambda_function.transform.arn}:$LATEST"
        }
      }
    }
  }

  tags = {
    team = "analytics"
  }
}

resource "aws_lambda_event_source_mapping" "clicks" {
  event_source_arn  = aws_kinesis_stream.clicks.arn
  function_name     = aws_lambda_function.transform.arn
  starting_position = "TRIM_HORIZON"
  batch_size        = 50
  bisect_batch_on_function_error = true
  maximum_retry_attempts         = 2
}

output "clicks_arn" {
  value = aws_kinesis_stream.clicks.arn
}

output "firehose_arn" {
  value = aws_kinesis_firehose_delivery_stream.lake.arn
}
