// SQS through @aws-sdk/client-sqs (JSON 1.0 protocol). The SDK checks the body
// and attribute MD5s cumulo returns, so a wrong digest fails the call itself.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';

import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueDoesNotExist,
  ReceiptHandleIsInvalid,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
  SQSServiceException,
} from '@aws-sdk/client-sqs';

import { clientConfig, unique } from './helpers.mjs';

const sqs = new SQSClient(clientConfig());

// AWS's digest of message attributes (the SDK checks only the body's MD5):
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html
function attributesMd5(attrs) {
  const hash = createHash('md5');
  const field = (bytes) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length).update(bytes);
  };
  for (const name of Object.keys(attrs).sort()) {
    const { DataType, StringValue, BinaryValue } = attrs[name];
    field(Buffer.from(name));
    field(Buffer.from(DataType));
    hash.update(Buffer.from([BinaryValue ? 2 : 1]));
    field(BinaryValue ? Buffer.from(BinaryValue) : Buffer.from(StringValue));
  }
  return hash.digest('hex');
}

async function createQueue(name, Attributes) {
  return (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes }))).QueueUrl;
}

test('send with message attributes, receive them, delete', async () => {
  const QueueUrl = await createQueue(unique('js-plain'));
  const attrs = {
    Color: { DataType: 'String', StringValue: 'blue' },
    Count: { DataType: 'Number', StringValue: '42' },
    Blob: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 2, 255]) },
    Unit: { DataType: 'String.unit', StringValue: 'ünïcode ✓' },
  };
  const sent = await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'héllo {"json": true}', MessageAttributes: attrs }));
  assert.ok(sent.MessageId);
  assert.match(sent.MD5OfMessageBody, /^[0-9a-f]{32}$/);
  assert.equal(sent.MD5OfMessageAttributes, attributesMd5(attrs));

  const got = await sqs.send(new ReceiveMessageCommand({
    QueueUrl, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'], WaitTimeSeconds: 0,
  }));
  assert.equal(got.Messages.length, 1);
  const [m] = got.Messages;
  assert.equal(m.MessageId, sent.MessageId);
  assert.equal(m.Body, 'héllo {"json": true}');
  assert.equal(m.MD5OfBody, sent.MD5OfMessageBody);
  assert.equal(m.MD5OfMessageAttributes, sent.MD5OfMessageAttributes);
  assert.equal(m.MessageAttributes.Color.StringValue, 'blue');
  assert.equal(m.MessageAttributes.Count.DataType, 'Number');
  assert.deepEqual([...m.MessageAttributes.Blob.BinaryValue], [0, 1, 2, 255]);
  assert.equal(m.MessageAttributes.Unit.StringValue, 'ünïcode ✓');
  assert.equal(m.Attributes.ApproximateReceiveCount, '1');
  assert.ok(Number(m.Attributes.SentTimestamp) > 0);

  await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle }));
  const after = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
  assert.equal(after.Attributes.ApproximateNumberOfMessages, '0');
  assert.equal(after.Attributes.ApproximateNumberOfMessagesNotVisible, '0');
});

test('batch send, receive up to ten, batch delete', async () => {
  const QueueUrl = await createQueue(unique('js-batch'));
  const Entries = Array.from({ length: 5 }, (_, i) => ({
    Id: `m${i}`,
    MessageBody: `body ${i}`,
    MessageAttributes: { Index: { DataType: 'Number', StringValue: String(i) } },
  }));
  const sent = await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries }));
  assert.deepEqual(sent.Successful.map((s) => s.Id).sort(), ['m0', 'm1', 'm2', 'm3', 'm4']);
  assert.equal((sent.Failed ?? []).length, 0);

  const messages = [];
  while (messages.length < 5) {
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['Index'] }));
    messages.push(...(got.Messages ?? []));
  }
  assert.deepEqual(messages.map((m) => m.Body).sort(), Entries.map((e) => e.MessageBody));
  assert.deepEqual(messages.map((m) => m.MessageAttributes.Index.StringValue).sort(), ['0', '1', '2', '3', '4']);

  const deleted = await sqs.send(new DeleteMessageBatchCommand({
    QueueUrl,
    Entries: [...messages.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle })), { Id: 'bad', ReceiptHandle: 'not-a-handle' }],
  }));
  assert.equal(deleted.Successful.length, 5);
  assert.equal(deleted.Failed.length, 1);
  assert.equal(deleted.Failed[0].Id, 'bad');
  assert.equal(deleted.Failed[0].Code, 'ReceiptHandleIsInvalid');
  assert.equal(deleted.Failed[0].SenderFault, true);
});

test('FIFO queue keeps group order and drops duplicates', async () => {
  const QueueUrl = await createQueue(unique('js-order') + '.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
  const seqs = [];
  for (const body of ['first', 'second', 'third', 'first']) {
    const out = await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body, MessageGroupId: 'g1' }));
    seqs.push(out.SequenceNumber);
  }
  assert.equal(seqs[3], seqs[0], 'a content duplicate answers with the first send\'s sequence number');
  assert.ok(BigInt(seqs[1]) > BigInt(seqs[0]) && BigInt(seqs[2]) > BigInt(seqs[1]));

  const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] }));
  assert.deepEqual(got.Messages.map((m) => m.Body), ['first', 'second', 'third']);
  assert.equal(got.Messages[0].Attributes.MessageGroupId, 'g1');
  assert.equal(got.Messages[0].Attributes.SequenceNumber, seqs[0]);

  const explicit = await sqs.send(new SendMessageBatchCommand({
    QueueUrl,
    Entries: [{ Id: 'a', MessageBody: 'x', MessageGroupId: 'g2', MessageDeduplicationId: 'dedup-1' }],
  }));
  assert.equal(explicit.Successful.length, 1);
  assert.ok(explicit.Successful[0].SequenceNumber);
});

test('a long poll returns as soon as a message arrives', async () => {
  const QueueUrl = await createQueue(unique('js-long'));
  const started = Date.now();
  const polling = sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 10 }));
  await new Promise((resolve) => setTimeout(resolve, 300));
  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'wake up' }));
  const got = await polling;
  const waited = Date.now() - started;
  assert.equal(got.Messages?.[0]?.Body, 'wake up');
  assert.ok(waited < 5000, `long poll took ${waited} ms to see the message`);
});

test('a client whose endpoint comes from AWS_ENDPOINT_URL follows the queue URL', async () => {
  // Without an explicit `endpoint`, the SDK sends each request to the QueueUrl's
  // origin, so that origin must be one this machine can reach.
  const { endpoint, ...settings } = clientConfig();
  process.env.AWS_ENDPOINT_URL = endpoint; // read when requests are made
  try {
    const fromEnv = new SQSClient(settings);
    const { QueueUrl } = await fromEnv.send(new CreateQueueCommand({ QueueName: unique('js-env') }));
    assert.equal(new URL(QueueUrl).origin, new URL(endpoint).origin);
    await fromEnv.send(new SendMessageCommand({ QueueUrl, MessageBody: 'via env' }));
    const got = await fromEnv.send(new ReceiveMessageCommand({ QueueUrl }));
    assert.equal(got.Messages[0].Body, 'via env');
  } finally {
    delete process.env.AWS_ENDPOINT_URL;
  }
});

test('errors arrive as the modelled exception classes with their HTTP status', async () => {
  await assert.rejects(sqs.send(new GetQueueUrlCommand({ QueueName: unique('js-missing') })), (err) => {
    assert.ok(err instanceof QueueDoesNotExist, `${err.name}: ${err.message}`);
    assert.ok(err instanceof SQSServiceException);
    assert.equal(err.name, 'QueueDoesNotExist');
    assert.equal(err.$fault, 'client');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.ok(err.$metadata.requestId);
    assert.match(err.message, /queue/i);
    return true;
  });

  const QueueUrl = await createQueue(unique('js-errors'));
  await assert.rejects(sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: 'garbage' })), (err) => {
    assert.ok(err instanceof ReceiptHandleIsInvalid, `${err.name}: ${err.message}`);
    assert.equal(err.$metadata.httpStatusCode, 400);
    return true;
  });

  await assert.rejects(sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: '' })), (err) => {
    assert.ok(err instanceof SQSServiceException);
    assert.equal(err.$metadata.httpStatusCode, 400);
    return true;
  });
});
