# CloudFormation: a stack of SQS queues made by terraform's aws_cloudformation_stack,
# with parameters, tags and outputs; `generation` changes a parameter (an in-place update).

variable "generation" {
  type    = string
  default = "1"
}

resource "aws_cloudformation_stack" "queues" {
  name = "tf-queues"

  parameters = {
    Timeout = var.generation == "1" ? "30" : "60"
  }

  template_body = jsonencode({
    Parameters = {
      Timeout = { Type = "Number" }
    }
    Resources = {
      Dead = { Type = "AWS::SQS::Queue" }
      Jobs = {
        Type = "AWS::SQS::Queue"
        Properties = {
          VisibilityTimeout = { Ref = "Timeout" }
          RedrivePolicy = {
            deadLetterTargetArn = { "Fn::GetAtt" = ["Dead", "Arn"] }
            maxReceiveCount     = 3
          }
        }
      }
    }
    Outputs = {
      JobsUrl = { Value = { Ref = "Jobs" } }
      DeadArn = { Value = { "Fn::GetAtt" = ["Dead", "Arn"] }, Export = { Name = "tf-dead-arn" } }
    }
  })

  tags = {
    team = "platform"
  }
}

output "jobs_url" {
  value = aws_cloudformation_stack.queues.outputs["JobsUrl"]
}

output "stack_id" {
  value = aws_cloudformation_stack.queues.id
}
