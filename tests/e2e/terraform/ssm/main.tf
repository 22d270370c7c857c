# SSM through Terraform: parameters of every type, a document, a maintenance
# window with a target and a task, an association, and the data sources that
# read parameters back, a public /aws/service one among them.

variable "generation" {
  type    = string
  default = "1"
}

resource "aws_ssm_parameter" "plain" {
  name        = "/tf/app/plain"
  type        = "String"
  value       = "hello-${var.generation}"
  description = "a plain string"
  tags = {
    team = "ops"
  }
}

resource "aws_ssm_parameter" "list" {
  name  = "/tf/app/list"
  type  = "StringList"
  value = "a,b,c"
}

resource "aws_ssm_parameter" "secret" {
  name  = "/tf/app/secret"
  type  = "SecureString"
  value = "s3cr3t"
}

resource "aws_ssm_parameter" "advanced" {
  name            = "/tf/app/advanced"
  type            = "String"
  tier            = "Advanced"
  value           = "lowercase"
  allowed_pattern = "^[a-z]+$"
}

resource "aws_ssm_parameter" "image" {
  name      = "/tf/app/image"
  type      = "String"
  data_type = "aws:ec2:image"
  value     = data.aws_ssm_parameter.al2023.value
}

data "aws_ssm_parameter" "al2023" {
  name = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
}

data "aws_ssm_parameter" "secret" {
  name            = aws_ssm_parameter.secret.name
  with_decryption = true
}

data "aws_ssm_parameters_by_path" "app" {
  path      = "/tf/app"
  recursive = true
  depends_on = [
    aws_ssm_parameter.plain, aws_ssm_parameter.list, aws_ssm_parameter.secret, aws_ssm_parameter.advanced, aws_ssm_parameter.image,
  ]
}

resource "aws_ssm_document" "hello" {
  name            = "tf-hello"
  document_type   = "Command"
  document_format = "YAML"
  content         = <<-DOC
    schemaVersion: '2.2'
    description: Say hello from Terraform
    parameters:
      who:
        type: String
        default: world
        description: whom to greet
    mainSteps:
      - action: aws:runShellScript
        name: hello
        inputs:
          runCommand:
            - echo hello {{ who }}
  DOC
  tags = {
    team = "ops"
  }
}

resource "aws_ssm_maintenance_window" "nightly" {
  name              = "tf-nightly"
  schedule          = "cron(0 2 ? * SUN *)"
  schedule_timezone = "Europe/Paris"
  duration          = 3
  cutoff            = 1
  description       = "patch night"
  tags = {
    team = "ops"
  }
}

resource "aws_ssm_maintenance_window_target" "web" {
  window_id     = aws_ssm_maintenance_window.nightly.id
  name          = "web-servers"
  resource_type = "INSTANCE"
  targets {
    key    = "tag:role"
    values = ["web"]
  }
}

resource "aws_ssm_maintenance_window_task" "hello" {
  window_id       = aws_ssm_maintenance_window.nightly.id
  name            = "say-hello"
  task_type       = "RUN_COMMAND"
  task_arn        = aws_ssm_document.hello.name
  priority        = 1
  max_concurrency = "2"
  max_errors      = "1"
  targets {
    key    = "WindowTargetIds"
    values = [aws_ssm_maintenance_window_target.web.id]
  }
  task_invocation_parameters {
    run_command_parameters {
      timeout_seconds = 600
      parameter {
        name   = "who"
        values = ["terraform"]
      }
    }
  }
}

resource "aws_ssm_association" "hello" {
  name                = aws_ssm_document.hello.name
  association_name    = "tf-hello-web"
  schedule_expression = "rate(30 minutes)"
  compliance_severity = "LOW"
  parameters = {
    who = "association"
  }
  targets {
    key    = "tag:role"
    values = ["web"]
  }
}

output "secret_value" {
  value     = data.aws_ssm_parameter.secret.value
  sensitive = true
}

output "ami" {
  value = nonsensitive(data.aws_ssm_parameter.al2023.value)
}

output "by_path" {
  value = data.aws_ssm_parameters_by_path.app.names
}

output "window_id" {
  value = aws_ssm_maintenance_window.nightly.id
}

output "association_id" {
  value = aws_ssm_association.hello.association_id
}
