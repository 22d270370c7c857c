# EventBridge, Scheduler and Pipes as teams declare them: a custom bus with a
# pattern rule fanning out to a queue (with an input transformer, a retry policy
# and a DLQ) and to the default bus, a schedule rule, an archive, a connection
# and an API destination, a Scheduler schedule in its own group, and a pipe from
# a queue to the bus.

resource "aws_sqs_queue" "inbox" {
  name = "tf-ev-inbox"
}

resource "aws_sqs_queue" "dlq" {
  name = "tf-ev-dlq"
}

resource "aws_sqs_queue" "source" {
  name = "tf-ev-source"
}

resource "aws_cloudwatch_event_bus" "orders" {
  name = "tf-orders-bus"
  tags = { team = "payments" }
}

resource "aws_cloudwatch_event_rule" "placed" {
  name           = "tf-order-placed"
  event_bus_name = aws_cloudwatch_event_bus.orders.name
  description    = "orders over 100"
  event_pattern = jsonencode({
    source        = ["tf.orders"]
    "detail-type" = ["Order Placed"]
    detail        = { total = [{ numeric = [">", 100] }] }
  })
  tags = { team = "payments" }
}

resource "aws_cloudwatch_event_target" "to_queue" {
  rule           = aws_cloudwatch_event_rule.placed.name
  event_bus_name = aws_cloudwatch_event_bus.orders.name
  target_id      = "inbox"
  arn            = aws_sqs_queue.inbox.arn

  input_transformer {
    input_paths    = { id = "$.detail.id", total = "$.detail.total" }
    input_template = "{\"order\": <id>, \"amount\": <total>}"
  }

  retry_policy {
    maximum_event_age_in_seconds = 3600
    maximum_retry_attempts       = 3
  }

  dead_letter_config {
    arn = aws_sqs_queue.dlq.arn
  }
}

resource "aws_cloudwatch_event_target" "to_default_bus" {
  rule           = aws_cloudwatch_event_rule.placed.name
  event_bus_name = aws_cloudwatch_event_bus.orders.name
  target_id      = "default-bus"
  arn            = "arn:aws:events:us-east-1:${data.aws_caller_identity.current.account_id}:event-bus/default"
}

resource "aws_cloudwatch_event_rule" "hourly" {
  name                = "tf-hourly"
  schedule_expression = "rate(1 hour)"
}

resource "aws_cloudwatch_event_target" "hourly_queue" {
  rule      = aws_cloudwatch_event_rule.hourly.name
  target_id = "inbox"
  arn       = aws_sqs_queue.inbox.arn
  input     = jsonencode({ tick = true })
}

resource "aws_cloudwatch_event_archive" "orders" {
  name             = "tf-orders-archive"
  event_source_arn = aws_cloudwatch_event_bus.orders.arn
  retention_days   = 7
  description      = "every order"
}

resource "aws_cloudwatch_event_connection" "hook" {
  name               = "tf-hook"
  authorization_type = "API_KEY"
  auth_parameters {
    api_key {
      key   = "x-api-key"
      value = "secret"
    }
  }
}

resource "aws_cloudwatch_event_api_destination" "hook" {
  name                             = "tf-hook"
  connection_arn                   = aws_cloudwatch_event_connection.hook.arn
  invocation_endpoint              = "https://example.com/hook"
  http_method                      = "POST"
  invocation_rate_limit_per_second = 20
}

resource "aws_scheduler_schedule_group" "jobs" {
  name = "tf-jobs"
  tags = { team = "payments" }
}

resource "aws_scheduler_schedule" "nightly" {
  name                         = "tf-nightly"
  group_name                   = aws_scheduler_schedule_group.jobs.name
  schedule_expression          = "cron(0 2 * * ? *)"
  schedule_expression_timezone = "Europe/Paris"

  flexible_time_window {
    mode                      = "FLEXIBLE"
    maximum_window_in_minutes = 15
  }

  target {
    arn      = aws_sqs_queue.inbox.arn
    role_arn = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/scheduler"
    input    = jsonencode({ job = "nightly" })

    retry_policy {
      maximum_event_age_in_seconds = 3600
      maximum_retry_attempts       = 2
    }
  }
}

resource "aws_pipes_pipe" "orders" {
  name     = "tf-orders-pipe"
  role_arn = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/pipes"
  source   = aws_sqs_queue.source.arn
  target   = aws_cloudwatch_event_bus.orders.arn

  source_parameters {
    filter_criteria {
      filter {
        pattern = jsonencode({ body = { total = [{ numeric = [">", 0] }] } })
      }
    }
    sqs_queue_parameters {
      batch_size = 5
    }
  }

  target_parameters {
    input_template = "<$.body>"
    eventbridge_event_bus_parameters {
      detail_type = "Order Placed"
      source      = "tf.orders"
    }
  }
}

output "inbox_url" {
  value = aws_sqs_queue.inbox.url
}

output "source_url" {
  value = aws_sqs_queue.source.url
}
