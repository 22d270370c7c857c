// Lambda through @aws-sdk/client-lambda: a Node.js function zipped here, created,
// invoked synchronously (payloads are Uint8Arrays), failing with FunctionError,
// and streaming its answer through InvokeWithResponseStream's event stream.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import {
  CreateFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  InvokeWithResponseStreamCommand,
  LambdaClient,
  ResourceNotFoundException,
  waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';

import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

import { clientConfig, unique, zip } from './helpers.mjs';

const lambda = new LambdaClient(clientConfig());
const FunctionName = unique('js-fn');

const HANDLER = `
import { greet } from './lib/greet.mjs';

export const handler = async (event, context) => {
  if (event.fail) throw new TypeError('asked to fail: ' + event.fail);
  console.log('handling', JSON.stringify(event));
  return { greeting: greet(event.name), requestId: context.awsRequestId, remaining: context.getRemainingTimeInMillis() > 0, env: process.env.GREETING };
};

export const stream = awslambda.streamifyResponse(async (event, responseStream) => {
  responseStream.setContentType('text/plain');
  for (let i = 0; i < 3; i++) {
    responseStream.write('chunk ' + i + ';');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  if (event.fail) throw new RangeError('stream broke');
  responseStream.end();
});
`;

// A CommonJS handler calling SQS with the SDK, configured only by the
// environment cumulo gives functions (AWS_ENDPOINT_URL, region, role keys).
const RELAY = `
const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
const sqs = new SQSClient({});
exports.handler = async (event) => {
  const out = await sqs.send(new SendMessageCommand({ QueueUrl: event.queueUrl, MessageBody: event.body }));
  return { messageId: out.MessageId, endpoint: process.env.AWS_ENDPOINT_URL };
};
`;

before(async () => {
  const ZipFile = zip({ 'index.mjs': HANDLER, 'relay.cjs': RELAY, 'lib/greet.mjs': "export const greet = (name) => `${process.env.GREETING}, ${name}!`;\n" });
  const created = await lambda.send(new CreateFunctionCommand({
    FunctionName,
    Runtime: 'nodejs20.x',
    Role: 'arn:aws:iam::000000000000:role/js-lambda-role',
    Handler: 'index.handler',
    Code: { ZipFile },
    Environment: { Variables: { GREETING: 'Hello' } },
    Timeout: 10,
  }));
  assert.equal(created.Runtime, 'nodejs20.x');
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName });
});

function json(payload) {
  return new TextEncoder().encode(JSON.stringify(payload));
}

test('GetFunction describes the function that was created', async () => {
  const fn = await lambda.send(new GetFunctionCommand({ FunctionName }));
  assert.equal(fn.Configuration.State, 'Active');
  assert.equal(fn.Configuration.Handler, 'index.handler');
  assert.deepEqual(fn.Configuration.Environment.Variables, { GREETING: 'Hello' });
  assert.ok(fn.Configuration.CodeSize > 0);
  await assert.rejects(lambda.send(new GetFunctionCommand({ FunctionName: 'js-no-such-function' })), (err) => {
    assert.ok(err instanceof ResourceNotFoundException, `${err.name}: ${err.message}`);
    assert.equal(err.$metadata.httpStatusCode, 404);
    return true;
  });
});

test('RequestResponse invoke decodes the payload; LogType Tail returns the log', async () => {
  const out = await lambda.send(new InvokeCommand({ FunctionName, Payload: json({ name: 'Node' }), LogType: 'Tail' }));
  assert.equal(out.StatusCode, 200);
  assert.equal(out.FunctionError, undefined);
  assert.equal(out.ExecutedVersion, '$LATEST');
  assert.ok(out.Payload instanceof Uint8Array);
  const result = JSON.parse(Buffer.from(out.Payload).toString());
  assert.equal(result.greeting, 'Hello, Node!');
  assert.equal(result.env, 'Hello');
  assert.equal(result.remaining, true);
  assert.match(result.requestId, /^[0-9a-f-]{36}$/);
  const log = Buffer.from(out.LogResult, 'base64').toString();
  assert.match(log, /handling \{"name":"Node"\}/);
  assert.match(log, /REPORT RequestId/);

  const second = await lambda.send(new InvokeCommand({ FunctionName, Payload: json({ name: 'again' }) }));
  assert.equal(JSON.parse(new TextDecoder().decode(second.Payload)).greeting, 'Hello, again!');
});

test('a handler that throws answers 200 with FunctionError and the error payload', async () => {
  const out = await lambda.send(new InvokeCommand({ FunctionName, Payload: json({ fail: 'please' }) }));
  assert.equal(out.StatusCode, 200);
  assert.equal(out.FunctionError, 'Unhandled');
  const error = JSON.parse(Buffer.from(out.Payload).toString());
  assert.equal(error.errorType, 'TypeError');
  assert.equal(error.errorMessage, 'asked to fail: please');
  assert.ok(Array.isArray(error.trace));
});

test('Event invocations are accepted with 202', async () => {
  const out = await lambda.send(new InvokeCommand({ FunctionName, InvocationType: 'Event', Payload: json({ name: 'later' }) }));
  assert.equal(out.StatusCode, 202);
  const dry = await lambda.send(new InvokeCommand({ FunctionName, InvocationType: 'DryRun' }));
  assert.equal(dry.StatusCode, 204);
});

test('InvokeWithResponseStream delivers the chunks, then InvokeComplete', async () => {
  const streamName = unique('js-stream');
  await lambda.send(new CreateFunctionCommand({
    FunctionName: streamName,
    Runtime: 'nodejs20.x',
    Role: 'arn:aws:iam::000000000000:role/js-lambda-role',
    Handler: 'index.stream',
    Code: { ZipFile: zip({ 'index.mjs': HANDLER, 'lib/greet.mjs': 'export const greet = () => "";\n' }) },
  }));
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: streamName });

  const out = await lambda.send(new InvokeWithResponseStreamCommand({ FunctionName: streamName, Payload: json({}) }));
  assert.equal(out.StatusCode, 200);
  const chunks = [];
  let complete;
  for await (const event of out.EventStream) {
    if (event.PayloadChunk) chunks.push(Buffer.from(event.PayloadChunk.Payload).toString());
    if (event.InvokeComplete) complete = event.InvokeComplete;
  }
  assert.equal(chunks.join(''), 'chunk 0;chunk 1;chunk 2;');
  assert.ok(complete, 'the stream ends with InvokeComplete');
  assert.equal(complete.ErrorCode, undefined);

  // A handler that throws after it began streaming: the chunks, then the error.
  const failed = await lambda.send(new InvokeWithResponseStreamCommand({ FunctionName: streamName, Payload: json({ fail: true }) }));
  const events = [];
  for await (const event of failed.EventStream) events.push(event);
  assert.equal(events.filter((e) => e.PayloadChunk).length, 3);
  const end = events.at(-1).InvokeComplete;
  assert.equal(end.ErrorCode, 'RangeError');
  assert.equal(JSON.parse(end.ErrorDetails).errorMessage, 'stream broke');
});

test('a CommonJS function uses the SDK against cumulo through AWS_ENDPOINT_URL', async () => {
  const relayName = unique('js-relay');
  // The managed runtime ships the SDK; here the function borrows this suite's copy.
  const sdk = fileURLToPath(new URL('./node_modules', import.meta.url));
  await lambda.send(new CreateFunctionCommand({
    FunctionName: relayName,
    Runtime: 'nodejs20.x',
    Role: 'arn:aws:iam::000000000000:role/js-lambda-role',
    Handler: 'relay.handler',
    Code: { ZipFile: zip({ 'relay.cjs': RELAY }) },
    Environment: { Variables: { NODE_PATH: sdk } },
    Timeout: 10,
  }));
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: relayName });
  const sqs = new SQSClient(clientConfig());
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: unique('js-relayed') }));

  const out = await lambda.send(new InvokeCommand({ FunctionName: relayName, Payload: json({ queueUrl: QueueUrl, body: 'from a function' }) }));
  const result = JSON.parse(Buffer.from(out.Payload).toString());
  assert.equal(out.FunctionError, undefined, JSON.stringify(result));
  assert.ok(result.endpoint);
  const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
  assert.equal(got.Messages?.[0]?.MessageId, result.messageId);
  assert.equal(got.Messages[0].Body, 'from a function');
});
