# CloudWatch Logs and CloudWatch: a log group with a stream, metric and subscription
# filters (to a Lambda function from a zip the test builds), metric alarms, a
# composite alarm and a dashboard.

variable "function_zip" {
  type = string
}

resource "aws_lambda_function" "sink" {
  function_name    = "tf-log-sink"
  role             = "arn:aws:iam::000000000000:role/tf-log-sink" # no IAM in cumulo yet
  runtime          = "python3.12"
  handler          = "sink.handler"
  filename         = var.function_zip
  source_code_hash = filebase64sha256(var.function_zip)
}

resource "aws_lambda_permission" "logs" {
  statement_id  = "logs"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.sink.function_name
  principal     = "logs.amazonaws.com"
  source_arn    = "${aws_cloudwatch_log_group.app.arn}:*"
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/tf/app"
  retention_in_days = 14
  tags = {
    team = "platform"
  }
}

resource "aws_cloudwatch_log_stream" "web" {
  name           = "web-1"
  log_group_name = aws_cloudwatch_log_group.app.name
}

resource "aws_cloudwatch_log_metric_filter" "errors" {
  name           = "errors"
  log_group_name = aws_cloudwatch_log_group.app.name
  pattern        = "{ $.level = \"error\" }"

  metric_transformation {
    name      = "AppErrors"
    namespace = "TF/App"
    value     = "1"
    unit      = "Count"
  }
}

resource "aws_cloudwatch_log_subscription_filter" "sink" {
  name            = "to-sink"
  log_group_name  = aws_cloudwatch_log_group.app.name
  filter_pattern  = "ERROR"
  destination_arn = aws_lambda_function.sink.arn
  depends_on      = [aws_lambda_permission.logs]
}

resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name          = "tf-app-errors"
  alarm_description   = "errors in the app"
  namespace           = "TF/App"
  metric_name         = "AppErrors"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 2
  datapoints_to_alarm = 1
  threshold           = 5
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_lambda_function.sink.arn]
  tags = {
    team = "platform"
  }
}

resource "aws_cloudwatch_metric_alarm" "ratio" {
  alarm_name          = "tf-error-ratio"
  evaluation_periods  = 1
  threshold           = 10
  comparison_operator = "GreaterThanThreshold"

  metric_query {
    id          = "rate"
    expression  = "100 * errors / FILL(requests, 1)"
    label       = "Error rate"
    return_data = true
  }

  metric_query {
    id = "errors"
    metric {
      namespace   = "TF/App"
      metric_name = "AppErrors"
      period      = 60
      stat        = "Sum"
    }
  }

  metric_query {
    id = "requests"
    metric {
      namespace   = "TF/App"
      metric_name = "Requests"
      period      = 60
      stat        = "Sum"
    }
  }
}

resource "aws_cloudwatch_composite_alarm" "app" {
  alarm_name = "tf-app-health"
  alarm_rule = "ALARM(${aws_cloudwatch_metric_alarm.errors.alarm_name}) OR ALARM(${aws_cloudwatch_metric_alarm.ratio.alarm_name})"
}

resource "aws_cloudwatch_dashboard" "main" {
  dashboard_name = "tf-main"
  dashboard_body = jsonencode({
    widgets = [
      {
        type   = "metric"
        x      = 0
        y      = 0
        width  = 12
        height = 6
        properties = {
          metrics = [["TF/App", "AppErrors"]]
          period  = 60
          stat    = "Sum"
          region  = "us-east-1"
          title   = "Errors"
        }
      },
      {
        type   = "text"
        x      = 12
        y      = 0
        width  = 6
        height = 6
        properties = {
          markdown = "# App"
        }
      }
    ]
  })
}

output "log_group_arn" {
  value = aws_cloudwatch_log_group.app.arn
}
