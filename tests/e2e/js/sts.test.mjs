// STS through @aws-sdk/client-sts: who am I, and credentials from AssumeRole
// used as a Node.js program would (a new client built from them).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

import { clientConfig, unique } from './helpers.mjs';

const sts = new STSClient(clientConfig());

test('GetCallerIdentity answers the default account', async () => {
  const who = await sts.send(new GetCallerIdentityCommand({}));
  assert.equal(who.Account, '000000000000');
  assert.match(who.Arn, /^arn:aws:iam::000000000000:/);
  assert.ok(who.UserId);
  assert.equal(who.$metadata.httpStatusCode, 200);
});

test('AssumeRole credentials act as the assumed role, in its account', async () => {
  const roleArn = 'arn:aws:iam::111111111111:role/js-e2e-role';
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'js-session', DurationSeconds: 900 }));
  const c = out.Credentials;
  assert.ok(c.AccessKeyId && c.SecretAccessKey && c.SessionToken);
  assert.ok(c.Expiration instanceof Date && c.Expiration > new Date());
  assert.equal(out.AssumedRoleUser.Arn, 'arn:aws:sts::111111111111:assumed-role/js-e2e-role/js-session');

  const credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  const assumed = new STSClient({ ...clientConfig(), credentials });
  const who = await assumed.send(new GetCallerIdentityCommand({}));
  assert.equal(who.Account, '111111111111');
  assert.equal(who.Arn, out.AssumedRoleUser.Arn);

  // Resources made with those credentials live in the role's account.
  const sqs = new SQSClient({ ...clientConfig(), credentials });
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: unique('assumed') }));
  assert.match(QueueUrl, /\/111111111111\//);
});
