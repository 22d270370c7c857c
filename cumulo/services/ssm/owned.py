"""AWS-owned documents (`Owner: Amazon`): listed and readable in every account, never stored.

The contents are cumulo's own minimal, working versions of the documents AWS
publishes under these names (same parameters and step actions), so Run
Command and Automation can run them.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

CREATED = 1546300800.0  # 2019-01-01

_INSTANCE = {"type": "String", "description": "(Required) EC2 Instance(s) to act on", "allowedPattern": "^i-[a-z0-9]{8,17}$"}
_ROLE = {"type": "String", "description": "(Optional) The ARN of the role that allows Automation to perform the actions on your behalf.", "default": ""}


def _shell(action: str, platform: str) -> dict[str, Any]:
    return {
        "schemaVersion": "2.2",
        "description": f"Run a {'PowerShell' if 'Power' in action else 'shell'} script or specify the commands to run.",
        "parameters": {
            "commands": {"type": "StringList", "description": "(Required) Specify a shell script or a command to run.", "minItems": 1, "displayType": "textarea"},
            "workingDirectory": {"type": "String", "default": "", "description": "(Optional) The path to the working directory on your instance.", "maxChars": 4096},
            "executionTimeout": {"type": "String", "default": "3600", "description": "(Optional) The time in seconds for a command to complete before it is considered to have failed. Default is 3600 (1 hour). Maximum is 172800 (48 hours).", "allowedPattern": "([1-9][0-9]{0,4})|(1[0-6][0-9]{4})|(17[0-1][0-9]{3})|(172[0-7][0-9]{2})|(172800)"},
        },
        "mainSteps": [
            {
                "precondition": {"StringEquals": ["platformType", platform]},
                "action": action,
                "name": "runShellScript" if "Shell" in action else "runPowerShellScript",
                "inputs": {"timeoutSeconds": "{{ executionTimeout }}", "runCommand": "{{ commands }}", "workingDirectory": "{{ workingDirectory }}"},
            }
        ],
    }


def _ec2(action: str, api: str, state: str) -> dict[str, Any]:
    return {
        "schemaVersion": "0.3",
        "description": f"{action} EC2 instances",
        "assumeRole": "{{ AutomationAssumeRole }}",
        "parameters": {"InstanceId": {"type": "StringList", "description": "(Required) EC2 Instance(s) to act on"}, "AutomationAssumeRole": _ROLE},
        "mainSteps": [
            {"name": f"{action.lower()}Instances", "action": "aws:changeInstanceState", "inputs": {"InstanceIds": "{{ InstanceId }}", "DesiredState": state}}
            if state
            else {"name": "rebootInstances", "action": "aws:executeAwsApi", "inputs": {"Service": "ec2", "Api": api, "InstanceIds": "{{ InstanceId }}"}}
        ],
    }


def _catalogue() -> dict[str, dict[str, Any]]:
    docs: dict[str, dict[str, Any]] = {
        "AWS-RunShellScript": {"type": "Command", "platforms": ["Linux", "MacOS"], "content": _shell("aws:runShellScript", "Linux")},
        "AWS-RunPowerShellScript": {"type": "Command", "platforms": ["Windows", "Linux"], "content": _shell("aws:runPowerShellScript", "Windows")},
        "AWS-StartEC2Instance": {"type": "Automation", "content": _ec2("Start", "StartInstances", "running")},
        "AWS-StopEC2Instance": {"type": "Automation", "content": _ec2("Stop", "StopInstances", "stopped")},
        "AWS-RestartEC2Instance": {"type": "Automation", "content": _ec2("Restart", "RebootInstances", "")},
        "AWS-PublishSNSNotification": {
            "type": "Automation",
            "content": {
                "schemaVersion": "0.3",
                "description": "Publish SNS Notification",
                "assumeRole": "{{ AutomationAssumeRole }}",
                "parameters": {
                    "TopicArn": {"type": "String", "description": "(Required) The ARN of the SNS topic to publish the notification to."},
                    "Message": {"type": "String", "description": "(Required) The message to include in the SNS notification."},
                    "AutomationAssumeRole": _ROLE,
                },
                "mainSteps": [{"name": "PublishSNSNotification", "action": "aws:executeAwsApi", "inputs": {"Service": "sns", "Api": "Publish", "TopicArn": "{{TopicArn}}", "Message": "{{Message}}"}}],
            },
        },
        "AWS-InvokeLambdaFunction": {
            "type": "Automation",
            "content": {
                "schemaVersion": "0.3",
                "description": "Invoke a Lambda function",
                "assumeRole": "{{ AutomationAssumeRole }}",
                "parameters": {
                    "FunctionName": {"type": "String", "description": "(Required) The name of the Lambda function."},
                    "Payload": {"type": "String", "description": "(Optional) The JSON input.", "default": "{}"},
                    "AutomationAssumeRole": _ROLE,
                },
                "mainSteps": [{"name": "invoke", "action": "aws:invokeLambdaFunction", "inputs": {"FunctionName": "{{FunctionName}}", "Payload": "{{Payload}}"}}],
            },
        },
        "AWS-UpdateSSMAgent": {
            "type": "Command",
            "platforms": ["Windows", "Linux", "MacOS"],
            "content": {
                "schemaVersion": "2.2",
                "description": "Update the SSM Agent to the latest version or a specified version.",
                "parameters": {"version": {"type": "String", "default": "", "description": "(Optional) A specific version of the SSM Agent to install."}},
                "mainSteps": [{"action": "aws:updateSsmAgent", "name": "updateSSMAgent", "inputs": {"agentName": "amazon-ssm-agent", "source": "https://s3.{Region}.amazonaws.com/amazon-ssm-{Region}/ssm-agent-manifest.json", "targetVersion": "{{ version }}"}}],
            },
        },
        "AWS-RunPatchBaseline": {
            "type": "Command",
            "platforms": ["Windows", "Linux", "MacOS"],
            "content": {
                "schemaVersion": "2.2",
                "description": "Scans for or installs patches from a patch baseline to a Linux or Windows operating system.",
                "parameters": {
                    "Operation": {"type": "String", "description": "(Required) The update or configuration to perform on the instance.", "allowedValues": ["Scan", "Install"]},
                    "RebootOption": {"type": "String", "default": "RebootIfNeeded", "description": "(Optional) Reboot behavior after a patch Install operation.", "allowedValues": ["RebootIfNeeded", "NoReboot"]},
                },
                "mainSteps": [{"action": "aws:runShellScript", "name": "PatchLinux", "inputs": {"runCommand": ["echo patch baseline {{ Operation }} ({{ RebootOption }})"]}}],
            },
        },
        "AWS-StartInteractiveCommand": {
            "type": "Session",
            "content": {
                "schemaVersion": "1.0",
                "description": "Document to run single interactive command on an instance",
                "sessionType": "InteractiveCommands",
                "parameters": {"command": {"type": "String", "description": "The command to run on the instance"}},
                "properties": {"linux": {"commands": "{{command}}", "runAsElevated": False}},
            },
        },
        "AWS-StartPortForwardingSession": {
            "type": "Session",
            "content": {
                "schemaVersion": "1.0",
                "description": "Document to start port forwarding session over Session Manager",
                "sessionType": "Port",
                "parameters": {
                    "portNumber": {"type": "String", "description": "(Optional) Port number of the server on the instance", "default": "80"},
                    "localPortNumber": {"type": "String", "description": "(Optional) Port number on local machine to forward traffic to.", "default": "0"},
                },
                "properties": {"portNumber": "{{ portNumber }}", "type": "LocalPortForwarding", "localPortNumber": "{{ localPortNumber }}"},
            },
        },
        "SSM-SessionManagerRunShell": {
            "type": "Session",
            "content": {
                "schemaVersion": "1.0",
                "description": "Document to hold regional settings for Session Manager",
                "sessionType": "Standard_Stream",
                "inputs": {"s3BucketName": "", "s3KeyPrefix": "", "s3EncryptionEnabled": True, "cloudWatchLogGroupName": "", "cloudWatchEncryptionEnabled": True, "kmsKeyId": "", "runAsEnabled": False, "runAsDefaultUser": ""},
            },
        },
    }
    return docs


@cache
def documents() -> dict[str, dict[str, Any]]:
    """name -> {"type", "platforms", "content" (JSON text)}."""
    out = {}
    for name, doc in _catalogue().items():
        content = json.dumps(doc["content"], indent=2)
        out[name] = {
            "type": doc["type"],
            "platforms": doc.get("platforms", ["Windows", "Linux", "MacOS"]),
            "content": content,
            "parsed": doc["content"],
        }
    return out
