# Compute: a DynamoDB table (GSI, TTL, stream, PITR, tags), a Python Lambda
# function from a local zip (built by the test: the archive provider is not in
# the mirror) and event source mappings from an SQS queue and the table's
# stream. cumulo has no IAM yet, so the role is an ARN string.

variable "function_zip" {
  type = string
}

# The test applies generation 1, then 2: every change below is an in-place
# update the provider must make and read back without drift.
variable "generation" {
  type    = number
  default = 1
}

locals {
  second = var.generation > 1
}

resource "aws_dynamodb_table" "orders" {
  name             = "tf-orders"
  billing_mode     = "PAY_PER_REQUEST"
  hash_key         = "pk"
  range_key        = "sk"
  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"

  attribute {
    name = "pk"
    type = "S"
  }
  attribute {
    name = "sk"
    type = "S"
  }
  attribute {
    name = "status"
    type = "S"
  }
  attribute {
    name = "created"
    type = "N"
  }

  global_secondary_index {
    name               = "by-status"
    hash_key           = "status"
    range_key          = "sk"
    projection_type    = "INCLUDE"
    non_key_attributes = ["total"]
  }

  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }

  local_secondary_index {
    name            = "by-created"
    range_key       = "created"
    projection_type = "KEYS_ONLY"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }

  table_class                 = "STANDARD_INFREQUENT_ACCESS"
  deletion_protection_enabled = false

  tags = merge({ team = "payments" }, local.second ? { stage = "two" } : {})
}

resource "aws_dynamodb_table_item" "seed" {
  table_name = aws_dynamodb_table.orders.name
  hash_key   = aws_dynamodb_table.orders.hash_key
  range_key  = aws_dynamodb_table.orders.range_key
  item = jsonencode({
    pk     = { S = "o-0" }
    sk     = { S = "seed" }
    status = { S = "new" }
    total  = { N = "12.5" }
  })
}

resource "aws_dynamodb_contributor_insights" "orders" {
  table_name = aws_dynamodb_table.orders.name
}

resource "aws_dynamodb_resource_policy" "orders" {
  resource_arn = aws_dynamodb_table.orders.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
      Action    = "dynamodb:GetItem"
      Resource  = aws_dynamodb_table.orders.arn
    }]
  })
}

resource "aws_sqs_queue" "jobs" {
  name                       = "tf-jobs"
  visibility_timeout_seconds = 60
  message_retention_seconds  = 86400
  max_message_size           = 65536
  sqs_managed_sse_enabled    = true
}

resource "aws_lambda_layer_version" "shared" {
  layer_name          = "tf-shared"
  filename            = var.function_zip
  source_code_hash    = filebase64sha256(var.function_zip)
  compatible_runtimes = ["python3.12"]
}

resource "aws_lambda_function" "worker" {
  function_name    = "tf-worker"
  role             = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/tf-worker"
  runtime          = "python3.12"
  handler          = "worker.handler"
  filename         = var.function_zip
  source_code_hash = filebase64sha256(var.function_zip)
  timeout          = 20
  memory_size      = local.second ? 512 : 256
  architectures    = ["x86_64"]
  layers           = [aws_lambda_layer_version.shared.arn]

  reserved_concurrent_executions = 5
  publish                        = true
  ephemeral_storage {
    size = 1024
  }
  tracing_config {
    mode = "PassThrough"
  }
  logging_config {
    log_format = "JSON"
  }
  environment {
    variables = {
      TABLE_NAME = aws_dynamodb_table.orders.name
      GENERATION = var.generation
    }
  }
  tags = {
    team = "payments"
  }
}

resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.worker.function_name
  function_version = aws_lambda_function.worker.version
}

resource "aws_lambda_permission" "from_s3" {
  statement_id  = "AllowS3"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.worker.function_name
  principal     = "s3.amazonaws.com"
  source_arn    = "arn:aws:s3:::tf-uploads"
  qualifier     = aws_lambda_alias.live.name
}

resource "aws_lambda_function_url" "worker" {
  function_name      = aws_lambda_function.worker.function_name
  authorization_type = "NONE"
  cors {
    allow_origins = ["https://app.example.com"]
    allow_methods = ["POST"]
    max_age       = local.second ? 600 : 300
  }
}

resource "aws_lambda_function_event_invoke_config" "worker" {
  function_name                = aws_lambda_function.worker.function_name
  maximum_retry_attempts       = local.second ? 2 : 1
  maximum_event_age_in_seconds = 600
}

resource "aws_lambda_event_source_mapping" "jobs" {
  event_source_arn                   = aws_sqs_queue.jobs.arn
  function_name                      = aws_lambda_function.worker.arn
  batch_size                         = local.second ? 8 : 5
  maximum_batching_window_in_seconds = 1
}

resource "aws_lambda_event_source_mapping" "changes" {
  event_source_arn  = aws_dynamodb_table.orders.stream_arn
  function_name     = aws_lambda_function.worker.function_name
  starting_position = "LATEST"
  batch_size        = 10
  filter_criteria {
    filter {
      pattern = jsonencode({ eventName = ["REMOVE"] })
    }
  }
}

output "queue_url" {
  value = aws_sqs_queue.jobs.id
}
