#!/usr/bin/env node
// The CDK app tests/e2e/test_cdk.py deploys: a queue feeding a function (with its role, through an
// SQS event source mapping) that writes each message it receives into a table, and a bucket the
// CDK's own custom resource (a Node.js function on the SDK) empties when the stack is destroyed.
// Plain JavaScript, so `cdk` runs it with node and no build step. The stack name comes from
// CUMULO_CDK_STACK so one test can deploy it twice side by side (cdk and cdklocal).
"use strict";

const path = require("path");
const cdk = require("aws-cdk-lib");
const dynamodb = require("aws-cdk-lib/aws-dynamodb");
const lambda = require("aws-cdk-lib/aws-lambda");
const s3 = require("aws-cdk-lib/aws-s3");
const sources = require("aws-cdk-lib/aws-lambda-event-sources");
const sqs = require("aws-cdk-lib/aws-sqs");


class QueueToTableStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    // CUMULO_CDK_VARIANT=2 is the app's next version: an update of the queue and the function in place.
    const next = process.env.CUMULO_CDK_VARIANT === "2";
    const queue = new sqs.Queue(this, "Jobs", { visibilityTimeout: cdk.Duration.seconds(next ? 60 : 30) });
    const table = new dynamodb.Table(this, "Results", {
      partitionKey: { name: "id", type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      removalPolicy: cdk.RemovalPolicy.DESTROY,
    });
    const fn = new lambda.Function(this, "Worker", {
      runtime: lambda.Runtime.PYTHON_3_12,
      handler: "index.handler",
      // A folder asset: the CLI zips it and uploads it to the bootstrap staging bucket.
      code: lambda.Code.fromAsset(path.join(__dirname, "worker")),
      timeout: cdk.Duration.seconds(10),
      environment: next ? { TABLE_NAME: table.tableName, VARIANT: "2" } : { TABLE_NAME: table.tableName },
    });
    if (process.env.CUMULO_CDK_VARIANT === "broken") {
      // A version SQS refuses (VisibilityTimeout over 12 hours): the deploy fails and rolls back.
      queue.node.defaultChild.addPropertyOverride("VisibilityTimeout", 99999);
    }
    table.grantWriteData(fn);
    fn.addEventSource(new sources.SqsEventSource(queue, { batchSize: 5 }));
    const uploads = new s3.Bucket(this, "Uploads", { removalPolicy: cdk.RemovalPolicy.DESTROY, autoDeleteObjects: true });
    new cdk.CfnOutput(this, "QueueUrl", { value: queue.queueUrl });
    new cdk.CfnOutput(this, "BucketName", { value: uploads.bucketName });
    new cdk.CfnOutput(this, "TableName", { value: table.tableName });
    new cdk.CfnOutput(this, "FunctionName", { value: fn.functionName });
    new cdk.CfnOutput(this, "RoleName", { value: fn.role.roleName });
  }
}

const app = new cdk.App();
new QueueToTableStack(app, process.env.CUMULO_CDK_STACK || "CumuloCdkE2E", {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
app.synth();
