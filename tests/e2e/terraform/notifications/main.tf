# SNS fan-out as teams write it: a topic with a policy, an SQS subscriber with a filter policy and raw
# delivery, a Lambda subscriber, an HTTP subscriber that confirms itself, and a FIFO topic to a FIFO queue.

variable "function_zip" {
  type = string
}

variable "webhook" {
  type = string
}

resource "aws_sns_topic" "orders" {
  name         = "tf-orders-topic"
  display_name = "Orders"
  delivery_policy = jsonencode({
    http = {
      defaultHealthyRetryPolicy = {
        minDelayTarget     = 5
        maxDelayTarget     = 30
        numRetries         = 4
        numMaxDelayRetries = 0
        numNoDelayRetries  = 0
        numMinDelayRetries = 0
        backoffFunction    = "exponential"
      }
      disableSubscriptionOverrides = false
    }
  })
  tags = {
    team = "payments"
  }
}

resource "aws_sns_topic_policy" "orders" {
  arn = aws_sns_topic.orders.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AllowS3"
      Effect    = "Allow"
      Principal = { Service = "s3.amazonaws.com" }
      Action    = "sns:Publish"
      Resource  = aws_sns_topic.orders.arn
    }]
  })
}

resource "aws_sqs_queue" "paid" {
  name = "tf-paid"
}

resource "aws_sqs_queue_policy" "paid" {
  queue_url = aws_sqs_queue.paid.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sns.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.paid.arn
      Condition = { ArnEquals = { "aws:SourceArn" = aws_sns_topic.orders.arn } }
    }]
  })
}

resource "aws_sns_topic_subscription" "paid" {
  topic_arn            = aws_sns_topic.orders.arn
  protocol             = "sqs"
  endpoint             = aws_sqs_queue.paid.arn
  raw_message_delivery = true
  filter_policy = jsonencode({
    status = ["paid"]
    total  = [{ numeric = [">=", 100] }]
  })
}

resource "aws_lambda_function" "audit" {
  function_name    = "tf-audit"
  role             = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/tf-audit" # cumulo has no IAM yet
  runtime          = "python3.12"
  handler          = "audit.handler"
  filename         = var.function_zip
  source_code_hash = filebase64sha256(var.function_zip)
}

resource "aws_lambda_permission" "sns" {
  statement_id  = "AllowSNS"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.audit.function_name
  principal     = "sns.amazonaws.com"
  source_arn    = aws_sns_topic.orders.arn
}

resource "aws_sns_topic_subscription" "audit" {
  topic_arn           = aws_sns_topic.orders.arn
  protocol            = "lambda"
  endpoint            = aws_lambda_function.audit.arn
  filter_policy_scope = "MessageBody"
  filter_policy       = jsonencode({ kind = [{ prefix = "order" }] })
}

resource "aws_sns_topic_subscription" "webhook" {
  topic_arn              = aws_sns_topic.orders.arn
  protocol               = "http"
  endpoint               = var.webhook
  endpoint_auto_confirms = true
}

resource "aws_sns_topic" "jobs" {
  name                        = "tf-jobs.fifo"
  fifo_topic                  = true
  content_based_deduplication = true
}

resource "aws_sqs_queue" "jobs" {
  name       = "tf-jobs.fifo"
  fifo_queue = true
}

resource "aws_sns_topic_subscription" "jobs" {
  topic_arn = aws_sns_topic.jobs.arn
  protocol  = "sqs"
  endpoint  = aws_sqs_queue.jobs.arn
}

output "topic_arn" {
  value = aws_sns_topic.orders.arn
}

output "paid_url" {
  value = aws_sqs_queue.paid.id
}
