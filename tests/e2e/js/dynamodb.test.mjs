// DynamoDB through @aws-sdk/client-dynamodb and the DocumentClient of
// @aws-sdk/lib-dynamodb, which marshalls plain JS values (numbers, Sets,
// Uint8Arrays, nested objects) to attribute values and back.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  TransactionCanceledException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  NumberValue,
  paginateQuery,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';

import { clientConfig, unique } from './helpers.mjs';

const ddb = new DynamoDBClient(clientConfig());
const doc = DynamoDBDocumentClient.from(ddb, { marshallOptions: { removeUndefinedValues: true } });
const TableName = unique('js-orders');

before(async () => {
  await ddb.send(new CreateTableCommand({
    TableName,
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: 'status', AttributeType: 'S' },
    ],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    GlobalSecondaryIndexes: [{
      IndexName: 'by-status',
      KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      Projection: { ProjectionType: 'ALL' },
    }],
    BillingMode: 'PAY_PER_REQUEST',
  }));
  await waitUntilTableExists({ client: ddb, maxWaitTime: 20, minDelay: 1 }, { TableName });
});

test('DescribeTable shows the key schema and index', async () => {
  const { Table } = await ddb.send(new DescribeTableCommand({ TableName }));
  assert.equal(Table.TableStatus, 'ACTIVE');
  assert.deepEqual(Table.KeySchema, [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }]);
  assert.equal(Table.GlobalSecondaryIndexes[0].IndexName, 'by-status');
  assert.ok(Table.CreationDateTime instanceof Date);
});

test('DocumentClient put/get round-trips JS values', async () => {
  const item = {
    pk: 'customer#1',
    sk: 'order#001',
    status: 'NEW',
    orderTotal: 12.5,
    count: 3,
    big: 2 ** 53 - 1,
    paid: false,
    note: null,
    tags: new Set(['a', 'b']),
    scores: new Set([1, 2, 3]),
    blob: new Uint8Array([1, 2, 3]),
    orderLines: [{ sku: 'x', qty: 1 }, { sku: 'y', qty: 2 }],
    address: { city: 'Lyon', zip: '69001', geo: { lat: 45.76, lon: 4.84 } },
    skipped: undefined,
  };
  await doc.send(new PutCommand({ TableName, Item: item }));
  const { Item } = await doc.send(new GetCommand({ TableName, Key: { pk: 'customer#1', sk: 'order#001' }, ConsistentRead: true }));
  const { skipped, ...expected } = item;
  assert.deepEqual({ ...Item, blob: [...Item.blob] }, { ...expected, blob: [1, 2, 3] });

  const projected = await doc.send(new GetCommand({
    TableName, Key: { pk: 'customer#1', sk: 'order#001' }, ProjectionExpression: '#a.city, orderLines[1].sku', ExpressionAttributeNames: { '#a': 'address' },
  }));
  assert.deepEqual(projected.Item, { address: { city: 'Lyon' }, orderLines: [{ sku: 'y' }] });

  const missing = await doc.send(new GetCommand({ TableName, Key: { pk: 'nobody', sk: 'x' } }));
  assert.equal(missing.Item, undefined);
});

test('NumberValue keeps 38-digit numbers and the range limits exact', async () => {
  // Its own DynamoDBClient: document clients made from one client share its settings.
  const exact = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig()), { unmarshallOptions: { wrapNumbers: true } });
  const numbers = {
    max: '9.9999999999999999999999999999999999999E+125',
    min: '-9.9999999999999999999999999999999999999E+125',
    tiny: '1E-130',
    wide: '1234567890.1234567890123456789012345678',
    id: '12345678901234567890123456789012345678',
  };
  const Key = { pk: 'numbers', sk: 'limits' };
  await exact.send(new PutCommand({ TableName, Item: { ...Key, ...Object.fromEntries(Object.entries(numbers).map(([k, v]) => [k, NumberValue.from(v)])) } }));
  const { Item } = await exact.send(new GetCommand({ TableName, Key }));
  assert.equal(Item.wide.toString(), numbers.wide);
  assert.equal(Item.id.toString(), numbers.id);
  assert.equal(Item.max.toString(), '99999999999999999999999999999999999999' + '0'.repeat(88));
  assert.equal(Item.min.toString(), '-99999999999999999999999999999999999999' + '0'.repeat(88));
  assert.equal(Item.tiny.toString(), '0.' + '0'.repeat(129) + '1');
  await assert.rejects(exact.send(new PutCommand({ TableName, Item: { ...Key, n: NumberValue.from('1E+126') } })), (err) => {
    assert.equal(err.name, 'ValidationException');
    assert.match(err.message, /Number overflow/);
    return true;
  });
});

test('Query with key conditions, filters, an index and pagination', async () => {
  const pk = unique('customer');
  for (let i = 0; i < 7; i++) {
    await doc.send(new PutCommand({ TableName, Item: { pk, sk: `order#${String(i).padStart(3, '0')}`, status: i % 2 ? 'SHIPPED' : 'NEW', orderTotal: i * 10 } }));
  }
  const range = await doc.send(new QueryCommand({
    TableName,
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
    FilterExpression: 'orderTotal >= :min',
    ExpressionAttributeValues: { ':pk': pk, ':lo': 'order#001', ':hi': 'order#005', ':min': 20 },
    ScanIndexForward: false,
  }));
  assert.deepEqual(range.Items.map((i) => i.sk), ['order#005', 'order#004', 'order#003', 'order#002']);
  assert.equal(range.ScannedCount, 5);

  const pages = [];
  for await (const page of paginateQuery({ client: doc, pageSize: 3 }, {
    TableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :o)', ExpressionAttributeValues: { ':pk': pk, ':o': 'order#' },
  })) pages.push(page.Items.length);
  assert.deepEqual(pages.filter((n) => n > 0), [3, 3, 1]);

  const shipped = await doc.send(new QueryCommand({
    TableName, IndexName: 'by-status', KeyConditionExpression: '#s = :s', FilterExpression: 'pk = :pk',
    ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': 'SHIPPED', ':pk': pk },
  }));
  assert.deepEqual(shipped.Items.map((i) => i.sk), ['order#001', 'order#003', 'order#005']);
});

test('UpdateItem with SET, ADD, REMOVE and list_append returns the new image', async () => {
  const Key = { pk: unique('customer'), sk: 'profile' };
  await doc.send(new PutCommand({ TableName, Item: { ...Key, visits: 1, tags: new Set(['x']), history: ['a'], scratch: 'drop me' } }));
  const out = await doc.send(new UpdateCommand({
    TableName,
    Key,
    UpdateExpression: 'SET #n = :name, history = list_append(history, :more), lastSeen = if_not_exists(lastSeen, :now) ADD visits :one, tags :tag REMOVE scratch',
    ExpressionAttributeNames: { '#n': 'name' },
    ExpressionAttributeValues: { ':name': 'Ada', ':more': ['b', 'c'], ':now': 1700000000, ':one': 1, ':tag': new Set(['y']) },
    ReturnValues: 'ALL_NEW',
  }));
  assert.deepEqual(out.Attributes, { ...Key, name: 'Ada', visits: 2, tags: new Set(['x', 'y']), history: ['a', 'b', 'c'], lastSeen: 1700000000 });

  const old = await doc.send(new UpdateCommand({ TableName, Key, UpdateExpression: 'SET visits = visits + :n', ExpressionAttributeValues: { ':n': 5 }, ReturnValues: 'UPDATED_OLD' }));
  assert.deepEqual(old.Attributes, { visits: 2 });
});

test('a failed condition is ConditionalCheckFailedException, with the old item when asked', async () => {
  const Item = { pk: unique('customer'), sk: 'lock', holder: 'first' };
  await doc.send(new PutCommand({ TableName, Item, ConditionExpression: 'attribute_not_exists(pk)' }));
  await assert.rejects(
    doc.send(new PutCommand({ TableName, Item: { ...Item, holder: 'second' }, ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' })),
    (err) => {
      assert.ok(err instanceof ConditionalCheckFailedException, `${err.name}: ${err.message}`);
      assert.equal(err.$metadata.httpStatusCode, 400);
      assert.equal(err.message, 'The conditional request failed');
      assert.deepEqual(err.Item, { pk: { S: Item.pk }, sk: { S: 'lock' }, holder: { S: 'first' } });
      return true;
    },
  );
  await assert.rejects(
    doc.send(new DeleteCommand({ TableName, Key: { pk: Item.pk, sk: 'lock' }, ConditionExpression: 'holder = :o', ExpressionAttributeValues: { ':o': 'someone else' } })),
    ConditionalCheckFailedException,
  );
  await assert.rejects(doc.send(new GetCommand({ TableName: 'js-no-such-table', Key: { pk: 'a' } })), (err) => {
    assert.ok(err instanceof ResourceNotFoundException, `${err.name}: ${err.message}`);
    assert.equal(err.$metadata.httpStatusCode, 400);
    return true;
  });
});

test('TransactWriteItems commits all or nothing', async () => {
  const pk = unique('account');
  await doc.send(new PutCommand({ TableName, Item: { pk, sk: 'a', balance: 100 } }));
  await doc.send(new PutCommand({ TableName, Item: { pk, sk: 'b', balance: 0 } }));
  const transfer = (amount) => new TransactWriteCommand({
    TransactItems: [
      { Update: { TableName, Key: { pk, sk: 'a' }, UpdateExpression: 'SET balance = balance - :x', ConditionExpression: 'balance >= :x', ExpressionAttributeValues: { ':x': amount } } },
      { Update: { TableName, Key: { pk, sk: 'b' }, UpdateExpression: 'SET balance = balance + :x', ExpressionAttributeValues: { ':x': amount } } },
      { Put: { TableName, Item: { pk, sk: `log#${amount}`, amount } } },
    ],
  });
  await doc.send(transfer(60));
  await assert.rejects(doc.send(transfer(60)), (err) => {
    assert.ok(err instanceof TransactionCanceledException, `${err.name}: ${err.message}`);
    assert.deepEqual(err.CancellationReasons.map((r) => r.Code), ['ConditionalCheckFailed', 'None', 'None']);
    assert.match(err.message, /ConditionalCheckFailed/);
    return true;
  });
  const { Responses } = await doc.send(new BatchGetCommand({ RequestItems: { [TableName]: { Keys: [{ pk, sk: 'a' }, { pk, sk: 'b' }, { pk, sk: 'log#60' }] } } }));
  const bySk = Object.fromEntries(Responses[TableName].map((i) => [i.sk, i]));
  assert.equal(bySk.a.balance, 40);
  assert.equal(bySk.b.balance, 60);
  assert.equal(bySk['log#60'].amount, 60);
});
