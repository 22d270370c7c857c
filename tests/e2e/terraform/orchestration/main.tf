# A state machine with a published version, an alias routing to it, tags,
# tracing and execution logging to a log group, as a team's Step Functions module declares them.

resource "aws_cloudwatch_log_group" "flow" {
  name = "/aws/vendedlogs/states/tf-orders-flow"
}

resource "aws_sfn_state_machine" "orders" {
  name     = "tf-orders-flow"
  role_arn = "arn:aws:iam::000000000000:role/tf-sfn"
  publish  = true
  definition = jsonencode({
    Comment = "orders"
    StartAt = "Check"
    States = {
      Check = {
        Type    = "Choice"
        Choices = [{ Variable = "$.amount", NumericGreaterThan = 100, Next = "Big" }]
        Default = "Small"
      }
      Big   = { Type = "Pass", Result = "big", End = true }
      Small = { Type = "Succeed" }
    }
  })
  tracing_configuration {
    enabled = true
  }
  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.flow.arn}:*"
    include_execution_data = true
    level                  = "ALL"
  }
  tags = {
    team = "orders"
  }
}

resource "aws_sfn_alias" "live" {
  name = "live"
  routing_configuration {
    state_machine_version_arn = aws_sfn_state_machine.orders.state_machine_version_arn
    weight                    = 100
  }
}

output "machine_arn" {
  value = aws_sfn_state_machine.orders.arn
}

output "alias_arn" {
  value = aws_sfn_alias.live.arn
}
