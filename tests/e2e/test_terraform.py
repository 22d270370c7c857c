"""Terraform's AWS provider against cumulo, the way teams run tflocal-style setups.

Per configuration in `terraform/` (copied with the shared `provider.tf` into a
temp dir; the configurations run side by side): `init` from the provider mirror at /opt/tf-plugins (no network),
`apply`, checks through boto3 against the same server, `plan -detailed-exitcode`
(exit 0: what the provider reads back matches what it wrote, so a dropped or
misshaped field shows up as drift), `destroy`, and checks that all is gone.

Most of the wall time is the provider's own waits (each SQS queue polls its
attributes for ~25 s, a lifecycle configuration ~55 s), not cumulo.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import time
import traceback
import urllib.request
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer

HERE = Path(__file__).parent / "terraform"
MIRROR = Path("/opt/tf-plugins")
TERRAFORM = shutil.which("terraform")

pytestmark = pytest.mark.skipif(
    TERRAFORM is None or not MIRROR.is_dir(),
    reason="needs the terraform binary on PATH and the AWS provider mirror at /opt/tf-plugins",
)


class Stack:
    """One configuration in its own directory, run by the terraform CLI against `url`."""

    def __init__(self, name: str, workdir: Path, url: str) -> None:
        self.dir = workdir / name
        shutil.copytree(HERE / name, self.dir)
        shutil.copy(HERE / "provider.tf", self.dir)
        cli_config = self.dir / "cli.tfrc"
        cli_config.write_text(f'provider_installation {{\n  filesystem_mirror {{\n    path = "{MIRROR}"\n  }}\n}}\n')
        # Only what terraform needs: the AWS_* the cumulo fixture sets must not steer the provider.
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "TF_"))}
        self.env |= {"TF_CLI_CONFIG_FILE": str(cli_config), "TF_IN_AUTOMATION": "1", "TF_INPUT": "0", "CHECKPOINT_DISABLE": "1", "TF_VAR_endpoint": url}

    def run(self, *args: str, ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess[str]:
        assert TERRAFORM is not None
        done = subprocess.run([TERRAFORM, *args, "-no-color"], cwd=self.dir, env=self.env, capture_output=True, text=True, timeout=300)
        assert done.returncode in ok, f"terraform {args[0]} exited {done.returncode}:\n{done.stdout[-6000:]}\n{done.stderr[-6000:]}"
        return done

    def apply(self, **variables: str) -> dict[str, Any]:
        if not (self.dir / ".terraform").is_dir():
            self.run("init")
        self.env |= {f"TF_VAR_{k}": v for k, v in variables.items()}
        self.run("apply", "-auto-approve")
        outputs = json.loads(self.run("output", "-json").stdout)
        return {name: value["value"] for name, value in outputs.items()}

    def assert_no_drift(self) -> None:
        plan = self.run("plan", "-detailed-exitcode", ok=(0, 2))
        assert plan.returncode == 0, f"drift after apply:\n{plan.stdout[-6000:]}"

    def destroy(self) -> None:
        self.run("destroy", "-auto-approve")


def client(cumulo: CumuloServer, service: str) -> Any:
    return boto3.client(service, endpoint_url=cumulo.url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")


def error_code(call: Callable[..., Any], **kwargs: Any) -> str:
    with pytest.raises(ClientError) as e:
        call(**kwargs)
    return str(e.value.response["Error"]["Code"])


def wait_for(probe: Callable[[], Any], timeout: float = 30) -> Any:
    deadline = time.monotonic() + timeout
    while not (found := probe()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.5)
    return found


QUEUES = ("tf-orders", "tf-orders-dlq", "tf-events.fifo")


def messaging(cumulo: CumuloServer, workdir: Path) -> None:
    sqs, s3 = client(cumulo, "sqs"), client(cumulo, "s3")
    stack = Stack("messaging", workdir, cumulo.url)
    outputs = stack.apply()
    assert outputs["account_id"] == "000000000000"

    urls = {name: sqs.get_queue_url(QueueName=name)["QueueUrl"] for name in QUEUES}
    assert outputs["orders_url"] == urls["tf-orders"]
    orders = sqs.get_queue_attributes(QueueUrl=urls["tf-orders"], AttributeNames=["All"])["Attributes"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=urls["tf-orders-dlq"], AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    assert (orders["VisibilityTimeout"], orders["DelaySeconds"], orders["ReceiveMessageWaitTimeSeconds"]) == ("45", "2", "5")
    assert json.loads(orders["RedrivePolicy"]) == {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 3}
    assert json.loads(orders["Policy"])["Statement"][0]["Principal"] == {"Service": "s3.amazonaws.com"}
    assert sqs.list_queue_tags(QueueUrl=urls["tf-orders"])["Tags"] == {"team": "payments", "env": "test"}
    fifo = sqs.get_queue_attributes(QueueUrl=urls["tf-events.fifo"], AttributeNames=["All"])["Attributes"]
    assert (fifo["FifoQueue"], fifo["ContentBasedDeduplication"]) == ("true", "true")
    assert (fifo["DeduplicationScope"], fifo["FifoThroughputLimit"]) == ("messageGroup", "perMessageGroupId")
    allow = sqs.get_queue_attributes(QueueUrl=urls["tf-orders-dlq"], AttributeNames=["RedriveAllowPolicy"])["Attributes"]
    assert json.loads(allow["RedriveAllowPolicy"])["redrivePermission"] == "byQueue"

    bucket = "tf-uploads"
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    (sse,) = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    assert sse == {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": True}
    rules = {rule["ID"]: rule for rule in s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]}
    assert rules["expire-tmp"]["Expiration"] == {"Days": 7} and rules["expire-tmp"]["Filter"] == {"Prefix": "tmp/"}
    assert rules["archive-logs"]["Transitions"] == [{"Days": 30, "StorageClass": "STANDARD_IA"}]
    (cors,) = s3.get_bucket_cors(Bucket=bucket)["CORSRules"]
    assert cors["AllowedMethods"] == ["GET", "PUT"] and cors["MaxAgeSeconds"] == 3000
    assert json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])["Statement"][0]["Sid"] == "DenyInsecure"
    block = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    assert block == {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": False, "RestrictPublicBuckets": False}
    assert s3.get_bucket_tagging(Bucket=bucket)["TagSet"] == [{"Key": "team", "Value": "payments"}]
    readme = s3.get_object(Bucket=bucket, Key="docs/readme.txt")
    assert readme["Body"].read() == b"hello from terraform\n"
    assert (readme["ContentType"], readme["Metadata"]) == ("text/plain", {"owner": "payments"})
    assert s3.get_object_tagging(Bucket=bucket, Key="docs/readme.txt")["TagSet"] == [{"Key": "kind", "Value": "doc"}]
    assert s3.get_bucket_logging(Bucket=bucket)["LoggingEnabled"] == {"TargetBucket": "tf-logs", "TargetPrefix": "uploads/"}
    assert s3.get_bucket_ownership_controls(Bucket="tf-logs")["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerPreferred"}]
    assert s3.get_bucket_website(Bucket="tf-site")["IndexDocument"] == {"Suffix": "index.html"}
    assert s3.get_bucket_accelerate_configuration(Bucket="tf-site")["Status"] == "Enabled"
    assert s3.get_bucket_request_payment(Bucket="tf-site")["Payer"] == "Requester"
    inventory = s3.get_bucket_inventory_configuration(Bucket="tf-site", Id="weekly")["InventoryConfiguration"]
    assert inventory["Destination"]["S3BucketDestination"]["Bucket"] == "arn:aws:s3:::tf-locked"
    lock = s3.get_object_lock_configuration(Bucket="tf-locked")["ObjectLockConfiguration"]
    assert lock["Rule"]["DefaultRetention"] == {"Mode": "GOVERNANCE", "Days": 1}

    # The notification reaches the queue Terraform made (after S3's own test event).
    s3.put_object(Bucket=bucket, Key="incoming/order.json", Body=b"{}")
    s3.put_object(Bucket=bucket, Key="incoming/skipped.txt", Body=b"")

    def created() -> list[dict[str, Any]]:
        messages = sqs.receive_message(QueueUrl=urls["tf-orders"], MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", [])
        return [r for m in messages for r in json.loads(m["Body"]).get("Records", [])]

    (record,) = wait_for(created)
    assert record["eventName"] == "ObjectCreated:Put" and record["s3"]["object"]["key"] == "incoming/order.json"
    assert record["s3"]["configurationId"] == "new-uploads"

    stack.assert_no_drift()
    stack.destroy()
    for name in QUEUES:
        assert "NonExistentQueue" in error_code(sqs.get_queue_url, QueueName=name)
    assert {"tf-uploads", "tf-logs", "tf-site", "tf-locked"}.isdisjoint(b["Name"] for b in s3.list_buckets()["Buckets"])


def compute(cumulo: CumuloServer, workdir: Path) -> None:
    dynamodb, lam, sqs = client(cumulo, "dynamodb"), client(cumulo, "lambda"), client(cumulo, "sqs")
    package = workdir / "worker.zip"
    with zipfile.ZipFile(package, "w") as archive:
        archive.write(HERE / "compute" / "worker.py", "worker.py")
    stack = Stack("compute", workdir, cumulo.url)
    outputs = stack.apply(function_zip=str(package))

    table = dynamodb.describe_table(TableName="tf-orders")["Table"]
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert table["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    (gsi,) = table["GlobalSecondaryIndexes"]
    assert gsi["IndexName"] == "by-status" and gsi["Projection"] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["total"]}
    (lsi,) = table["LocalSecondaryIndexes"]
    assert lsi["IndexName"] == "by-created" and lsi["KeySchema"][1] == {"AttributeName": "created", "KeyType": "RANGE"}
    assert table["SSEDescription"]["Status"] == "ENABLED" and table["TableClassSummary"]["TableClass"] == "STANDARD_INFREQUENT_ACCESS"
    ttl = dynamodb.describe_time_to_live(TableName="tf-orders")["TimeToLiveDescription"]
    assert ttl == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires_at"}
    backups = dynamodb.describe_continuous_backups(TableName="tf-orders")["ContinuousBackupsDescription"]
    assert backups["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"
    assert dynamodb.list_tags_of_resource(ResourceArn=table["TableArn"])["Tags"] == [{"Key": "team", "Value": "payments"}]
    seed = dynamodb.get_item(TableName="tf-orders", Key={"pk": {"S": "o-0"}, "sk": {"S": "seed"}})["Item"]
    assert seed["total"] == {"N": "12.5"}
    assert dynamodb.describe_contributor_insights(TableName="tf-orders")["ContributorInsightsStatus"] == "ENABLED"
    assert json.loads(dynamodb.get_resource_policy(ResourceArn=table["TableArn"])["Policy"])["Statement"][0]["Action"] == "dynamodb:GetItem"

    function = lam.get_function(FunctionName="tf-worker")
    config = function["Configuration"]
    assert (config["Runtime"], config["Handler"], config["Timeout"], config["MemorySize"]) == ("python3.12", "worker.handler", 20, 256)
    assert config["CodeSha256"] == base64.b64encode(hashlib.sha256(package.read_bytes()).digest()).decode()
    assert config["Environment"]["Variables"] == {"TABLE_NAME": "tf-orders", "GENERATION": "1"}
    assert function["Tags"] == {"team": "payments"}
    assert function["Concurrency"] == {"ReservedConcurrentExecutions": 5}
    assert [layer["Arn"].split(":")[-2:] for layer in config["Layers"]] == [["tf-shared", "1"]]
    assert (config["Version"], config["EphemeralStorage"], config["LoggingConfig"]["LogFormat"]) == ("$LATEST", {"Size": 1024}, "JSON")
    assert [v["Version"] for v in lam.list_versions_by_function(FunctionName="tf-worker")["Versions"]] == ["$LATEST", "1"]
    assert lam.get_alias(FunctionName="tf-worker", Name="live")["FunctionVersion"] == "1"
    (statement,) = json.loads(lam.get_policy(FunctionName="tf-worker", Qualifier="live")["Policy"])["Statement"]
    assert statement["Sid"] == "AllowS3" and statement["Principal"] == {"Service": "s3.amazonaws.com"}
    assert lam.get_function_url_config(FunctionName="tf-worker")["AuthType"] == "NONE"
    mappings = {m["EventSourceArn"].split(":")[2]: m for m in lam.list_event_source_mappings(FunctionName="tf-worker")["EventSourceMappings"]}
    assert sorted(mappings) == ["dynamodb", "sqs"]
    assert (mappings["sqs"]["BatchSize"], mappings["sqs"]["MaximumBatchingWindowInSeconds"]) == (5, 1)
    assert mappings["dynamodb"]["FilterCriteria"] == {"Filters": [{"Pattern": '{"eventName":["REMOVE"]}'}]}

    # A job on the queue runs the function through the mapping, which writes the table.
    sqs.send_message(QueueUrl=outputs["queue_url"], MessageBody=json.dumps({"order": "o-1"}))
    item = wait_for(lambda: dynamodb.get_item(TableName="tf-orders", Key={"pk": {"S": "o-1"}, "sk": {"S": "job"}}).get("Item"))
    assert item["status"] == {"S": "done"}
    stack.assert_no_drift()

    # Generation 2: in-place updates, read back without drift too.
    stack.apply(generation="2")
    config = lam.get_function_configuration(FunctionName="tf-worker")
    assert config["MemorySize"] == 512 and config["Environment"]["Variables"]["GENERATION"] == "2"
    assert lam.get_alias(FunctionName="tf-worker", Name="live")["FunctionVersion"] == "2"
    assert lam.get_event_source_mapping(UUID=mappings["sqs"]["UUID"])["BatchSize"] == 8
    assert lam.get_function_url_config(FunctionName="tf-worker")["Cors"]["MaxAge"] == 600
    assert lam.get_function_event_invoke_config(FunctionName="tf-worker")["MaximumRetryAttempts"] == 2
    tags = dynamodb.list_tags_of_resource(ResourceArn=table["TableArn"])["Tags"]
    assert sorted(tags, key=lambda t: t["Key"]) == [{"Key": "stage", "Value": "two"}, {"Key": "team", "Value": "payments"}]
    stack.assert_no_drift()

    stack.destroy()
    assert error_code(dynamodb.describe_table, TableName="tf-orders") == "ResourceNotFoundException"
    assert error_code(lam.get_function, FunctionName="tf-worker") == "ResourceNotFoundException"
    # Other configurations run beside this one on the same server: only this one's mappings count.
    assert [m for m in lam.list_event_source_mappings()["EventSourceMappings"] if ":function:tf-worker" in m["FunctionArn"]] == []
    assert "NonExistentQueue" in error_code(sqs.get_queue_url, QueueName="tf-jobs")


def streaming(cumulo: CumuloServer, workdir: Path) -> None:
    kinesis, firehose, lam, s3 = client(cumulo, "kinesis"), client(cumulo, "firehose"), client(cumulo, "lambda"), client(cumulo, "s3")
    package = workdir / "transform.zip"
    with zipfile.ZipFile(package, "w") as archive:
        archive.write(HERE / "streaming" / "transform.py", "transform.py")
    stack = Stack("streaming", workdir, cumulo.url)
    outputs = stack.apply(function_zip=str(package))

    clicks = kinesis.describe_stream_summary(StreamName="tf-clicks")["StreamDescriptionSummary"]
    assert clicks["StreamARN"] == outputs["clicks_arn"] and clicks["OpenShardCount"] == 2 and clicks["RetentionPeriodHours"] == 48
    assert sorted(clicks["EnhancedMonitoring"][0]["ShardLevelMetrics"]) == ["IncomingBytes", "OutgoingBytes"]
    assert kinesis.list_tags_for_stream(StreamName="tf-clicks")["Tags"] == [{"Key": "team", "Value": "analytics"}]
    assert kinesis.describe_stream_summary(StreamName="tf-events")["StreamDescriptionSummary"]["StreamModeDetails"]["StreamMode"] == "ON_DEMAND"
    (consumer,) = kinesis.list_stream_consumers(StreamARN=clicks["StreamARN"])["Consumers"]
    assert consumer["ConsumerName"] == "tf-reader" and consumer["ConsumerStatus"] == "ACTIVE"
    lake = firehose.describe_delivery_stream(DeliveryStreamName="tf-lake-stream")["DeliveryStreamDescription"]
    ext = lake["Destinations"][0]["ExtendedS3DestinationDescription"]
    assert lake["DeliveryStreamARN"] == outputs["firehose_arn"] and ext["CompressionFormat"] == "GZIP" and ext["Prefix"] == "clicks/"
    assert ext["ProcessingConfiguration"]["Processors"][0]["Type"] == "Lambda"
    (mapping,) = lam.list_event_source_mappings(FunctionName="tf-transform")["EventSourceMappings"]
    assert mapping["EventSourceArn"] == clicks["StreamARN"] and mapping["BatchSize"] == 50 and mapping["BisectBatchOnFunctionError"] is True

    # Records put to Firehose land in the bucket, transformed by the function, gzipped.
    firehose.put_record(DeliveryStreamName="tf-lake-stream", Record={"Data": b"hello\n"})
    assert json.loads(post(cumulo, "/_cumulo/firehose/tf-lake-stream/flush"))["flushed"] == 1
    (key,) = [o["Key"] for o in s3.list_objects_v2(Bucket="tf-lake", Prefix="clicks/")["Contents"]]
    assert key.endswith(".gz") and gzip.decompress(s3.get_object(Bucket="tf-lake", Key=key)["Body"].read()) == b"HELLO\n"

    stack.assert_no_drift()
    stack.destroy()
    assert error_code(kinesis.describe_stream, StreamName="tf-clicks") == "ResourceNotFoundException"
    assert error_code(firehose.describe_delivery_stream, DeliveryStreamName="tf-lake-stream") == "ResourceNotFoundException"
    assert [m for m in lam.list_event_source_mappings()["EventSourceMappings"] if ":function:tf-transform" in m["FunctionArn"]] == []


def post(cumulo: CumuloServer, path: str) -> bytes:
    with urllib.request.urlopen(urllib.request.Request(cumulo.url + path, method="POST")) as answer:
        return bytes(answer.read())


def monitoring(cumulo: CumuloServer, workdir: Path) -> None:
    logs, cw = client(cumulo, "logs"), client(cumulo, "cloudwatch")
    package = workdir / "sink.zip"
    with zipfile.ZipFile(package, "w") as archive:
        archive.write(HERE / "monitoring" / "sink.py", "sink.py")
    stack = Stack("monitoring", workdir, cumulo.url)
    outputs = stack.apply(function_zip=str(package))
    group = logs.describe_log_groups(logGroupNamePrefix="/tf/app")["logGroups"][0]
    assert (group["retentionInDays"], group["metricFilterCount"]) == (14, 1)
    assert outputs["log_group_arn"] == group["logGroupArn"]
    assert logs.list_tags_log_group(logGroupName="/tf/app")["tags"] == {"team": "platform"}
    assert [s["logStreamName"] for s in logs.describe_log_streams(logGroupName="/tf/app")["logStreams"]] == ["web-1"]
    (mf,) = logs.describe_metric_filters(logGroupName="/tf/app")["metricFilters"]
    assert mf["metricTransformations"][0]["metricNamespace"] == "TF/App"
    (sf,) = logs.describe_subscription_filters(logGroupName="/tf/app")["subscriptionFilters"]
    assert sf["destinationArn"].endswith(":function:tf-log-sink")
    alarms = cw.describe_alarms(AlarmNamePrefix="tf-", AlarmTypes=["MetricAlarm", "CompositeAlarm"])
    assert sorted(a["AlarmName"] for a in alarms["MetricAlarms"]) == ["tf-app-errors", "tf-error-ratio"]
    assert alarms["CompositeAlarms"][0]["AlarmName"] == "tf-app-health"
    assert json.loads(cw.get_dashboard(DashboardName="tf-main")["DashboardBody"])["widgets"][1]["type"] == "text"
    # Logs that match the metric filter make the alarm fire.
    now = int(time.time() * 1000)
    logs.put_log_events(logGroupName="/tf/app", logStreamName="web-1",
                        logEvents=[{"timestamp": now + i, "message": '{"level": "error"}'} for i in range(6)])
    wait_for(lambda: cw.describe_alarms(AlarmNames=["tf-app-errors"])["MetricAlarms"][0]["StateValue"] == "ALARM", timeout=30)
    stack.assert_no_drift()
    stack.destroy()
    assert logs.describe_log_groups(logGroupNamePrefix="/tf/app")["logGroups"] == []
    left = cw.describe_alarms(AlarmNamePrefix="tf-", AlarmTypes=["MetricAlarm", "CompositeAlarm"])
    assert (left["MetricAlarms"], left["CompositeAlarms"]) == ([], [])
    assert cw.list_dashboards()["DashboardEntries"] == []


def identity(cumulo: CumuloServer, workdir: Path) -> None:
    iam = client(cumulo, "iam")
    stack = Stack("identity", workdir, cumulo.url)
    outputs = stack.apply()

    role = iam.get_role(RoleName="tf-worker-role")["Role"]
    assert outputs["role_arn"] == role["Arn"] == "arn:aws:iam::000000000000:role/service/tf-worker-role"
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Service": "lambda.amazonaws.com"}
    assert (role["MaxSessionDuration"], role["Description"]) == (7200, "runs the worker")
    attached = {p["PolicyName"] for p in iam.list_attached_role_policies(RoleName="tf-worker-role")["AttachedPolicies"]}
    assert attached == {"tf-queue-access", "AWSLambdaBasicExecutionRole"}
    assert iam.get_role_policy(RoleName="tf-worker-role", PolicyName="table")["PolicyDocument"]["Statement"][0]["Action"] == [
        "dynamodb:GetItem", "dynamodb:PutItem"]
    profile = iam.get_instance_profile(InstanceProfileName="tf-worker-profile")["InstanceProfile"]
    assert [r["RoleName"] for r in profile["Roles"]] == ["tf-worker-role"]
    assert [g["GroupName"] for g in iam.list_groups_for_user(UserName="tf-deployer")["Groups"]] == ["tf-developers"]
    assert iam.list_attached_group_policies(GroupName="tf-developers")["AttachedPolicies"][0]["PolicyName"] == "ReadOnlyAccess"
    provider = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=outputs["oidc_arn"])
    assert provider["ClientIDList"] == ["sts.amazonaws.com"]
    # The key Terraform created signs as its user.
    sts = boto3.client("sts", endpoint_url=cumulo.url, region_name="us-east-1", aws_access_key_id=outputs["access_key_id"],
                       aws_secret_access_key=outputs["secret_access_key"])
    assert sts.get_caller_identity()["Arn"] == "arn:aws:iam::000000000000:user/people/tf-deployer"

    stack.assert_no_drift()
    stack.destroy()
    assert error_code(iam.get_role, RoleName="tf-worker-role") == "NoSuchEntity"
    assert error_code(iam.get_user, UserName="tf-deployer") == "NoSuchEntity"
    assert iam.list_policies(Scope="Local")["Policies"] == []
    assert iam.list_open_id_connect_providers()["OpenIDConnectProviderList"] == []


CONFIGURATIONS = {"messaging": messaging, "compute": compute, "streaming": streaming, "monitoring": monitoring, "identity": identity}


def test_configurations_apply_read_back_and_destroy(cumulo: CumuloServer, tmp_path: Path) -> None:
    """Each configuration in its own thread: their time is the provider's own waits
    (polls seconds apart), so running them side by side halves the wall time."""
    with ThreadPoolExecutor(len(CONFIGURATIONS)) as pool:
        runs = {name: pool.submit(check, cumulo, tmp_path) for name, check in CONFIGURATIONS.items()}
    failed = {name: run.exception() for name, run in runs.items() if run.exception() is not None}
    assert not failed, "\n\n".join(f"{name}:\n{''.join(traceback.format_exception(error))}" for name, error in failed.items())


# SSM: parameters of every type (a public one read through a data source), a document, a maintenance
# window with a target and a task, an association.
def ssm_stack(cumulo: CumuloServer, workdir: Path) -> None:
    import yaml

    ssm = client(cumulo, "ssm")
    stack = Stack("ssm", workdir, cumulo.url)
    outputs = stack.apply()
    assert outputs["secret_value"] == "s3cr3t"
    assert outputs["ami"].startswith("ami-")
    assert sorted(outputs["by_path"]) == ["/tf/app/advanced", "/tf/app/image", "/tf/app/list", "/tf/app/plain", "/tf/app/secret"]

    params = {p["Name"]: p for p in ssm.describe_parameters()["Parameters"]}
    assert params["/tf/app/plain"]["Description"] == "a plain string" and params["/tf/app/advanced"]["Tier"] == "Advanced"
    assert params["/tf/app/secret"]["Type"] == "SecureString" and params["/tf/app/secret"]["KeyId"] == "alias/aws/ssm"
    assert params["/tf/app/image"]["DataType"] == "aws:ec2:image" and params["/tf/app/list"]["Type"] == "StringList"
    assert ssm.get_parameter(Name="/tf/app/secret", WithDecryption=True)["Parameter"]["Value"] == "s3cr3t"
    assert ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId="/tf/app/plain")["TagList"] == [{"Key": "team", "Value": "ops"}]

    doc = ssm.describe_document(Name="tf-hello")["Document"]
    assert doc["DocumentFormat"] == "YAML" and doc["Parameters"][0]["Name"] == "who"
    assert yaml.safe_load(ssm.get_document(Name="tf-hello")["Content"])["mainSteps"][0]["action"] == "aws:runShellScript"

    window = ssm.get_maintenance_window(WindowId=outputs["window_id"])
    assert (window["Schedule"], window["ScheduleTimezone"], window["Duration"], window["Cutoff"]) == ("cron(0 2 ? * SUN *)", "Europe/Paris", 3, 1)
    (task,) = ssm.describe_maintenance_window_tasks(WindowId=outputs["window_id"])["Tasks"]
    full = ssm.get_maintenance_window_task(WindowId=outputs["window_id"], WindowTaskId=task["WindowTaskId"])
    assert full["TaskInvocationParameters"]["RunCommand"]["Parameters"] == {"who": ["terraform"]}
    (target,) = ssm.describe_maintenance_window_targets(WindowId=outputs["window_id"])["Targets"]
    assert target["Targets"] == [{"Key": "tag:role", "Values": ["web"]}]

    association = ssm.describe_association(AssociationId=outputs["association_id"])["AssociationDescription"]
    assert association["Parameters"] == {"who": ["association"]} and association["ScheduleExpression"] == "rate(30 minutes)"
    stack.assert_no_drift()

    stack.apply(generation="2")
    plain = ssm.get_parameter(Name="/tf/app/plain")["Parameter"]
    assert (plain["Value"], plain["Version"]) == ("hello-2", 2)
    stack.assert_no_drift()

    stack.destroy()
    assert error_code(ssm.get_parameter, Name="/tf/app/plain") == "ParameterNotFound"
    assert error_code(ssm.describe_document, Name="tf-hello") == "InvalidDocument"
    assert error_code(ssm.get_maintenance_window, WindowId=outputs["window_id"]) == "DoesNotExistException"
    assert ssm.list_associations()["Associations"] == []


CONFIGURATIONS["ssm"] = ssm_stack


# ECR: repositories with lifecycle and repository policies, a replication configuration, a registry
# policy, a pull-through cache rule and a creation template.
def containers(cumulo: CumuloServer, workdir: Path) -> None:
    ecr = client(cumulo, "ecr")
    stack = Stack("containers", workdir, cumulo.url)
    outputs = stack.apply()
    repo = ecr.describe_repositories(repositoryNames=["tf/app"])["repositories"][0]
    assert outputs["repository_arn"] == repo["repositoryArn"] and outputs["repository_url"] == repo["repositoryUri"]
    assert (repo["imageTagMutability"], repo["imageScanningConfiguration"]) == ("IMMUTABLE", {"scanOnPush": True})
    assert ecr.list_tags_for_resource(resourceArn=repo["repositoryArn"])["tags"] == [{"Key": "team", "Value": "platform"}]
    rules = json.loads(ecr.get_lifecycle_policy(repositoryName="tf/app")["lifecyclePolicyText"])["rules"]
    assert [r["selection"]["tagStatus"] for r in rules] == ["tagged", "untagged"]
    policy = json.loads(ecr.get_repository_policy(repositoryName="tf/app")["policyText"])
    assert policy["Statement"][0]["Principal"] == {"AWS": "arn:aws:iam::111111111111:root"}
    destinations = ecr.describe_registry()["replicationConfiguration"]["rules"][0]["destinations"]
    assert destinations == [{"region": "eu-west-1", "registryId": "000000000000"}]
    assert json.loads(ecr.get_registry_policy()["policyText"])["Statement"][0]["Sid"] == "replicate"
    assert ecr.describe_pull_through_cache_rules()["pullThroughCacheRules"][0]["ecrRepositoryPrefix"] == "mirror"
    assert ecr.describe_repository_creation_templates()["repositoryCreationTemplates"][0]["prefix"] == "auto"
    stack.assert_no_drift()
    stack.destroy()
    assert ecr.describe_repositories()["repositories"] == []
    assert ecr.describe_registry()["replicationConfiguration"]["rules"] == []
    assert error_code(ecr.get_registry_policy) == "RegistryPolicyNotFoundException"
    assert ecr.describe_pull_through_cache_rules()["pullThroughCacheRules"] == []
    assert ecr.describe_repository_creation_templates()["repositoryCreationTemplates"] == []


CONFIGURATIONS["containers"] = containers
