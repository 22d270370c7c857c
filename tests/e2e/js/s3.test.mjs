// S3 through @aws-sdk/client-s3, lib-storage and s3-request-presigner, path-style
// (the SDK would otherwise address `bucket.localhost`, which does not resolve).
// The v3 SDK computes a CRC32 for every PutObject/UploadPart by default, as a
// header for buffers and as an aws-chunked trailer for streams; cumulo must
// accept both, store the checksum and hand it back for the SDK to validate.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, test } from 'node:test';
import { crc32 } from 'node:zlib';

import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  NoSuchBucket,
  NoSuchKey,
  NotFound,
  paginateListObjectsV2,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

import { bodyBytes, clientConfig, unique } from './helpers.mjs';

const s3 = new S3Client(clientConfig({ forcePathStyle: true }));

// The headers of every request as it left the SDK (after checksums, before signing).
const sent = [];
s3.middlewareStack.add((next) => async (args) => {
  sent.push({ ...args.request.headers });
  return next(args);
}, { step: 'finalizeRequest', name: 'cumuloRecordHeaders' });

const Bucket = unique('js-bucket');

before(async () => {
  await s3.send(new CreateBucketCommand({ Bucket }));
});

after(async () => {
  const keys = [];
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket })) keys.push(...(page.Contents ?? []).map((o) => ({ Key: o.Key })));
  if (keys.length) await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: keys } }));
  await s3.send(new DeleteBucketCommand({ Bucket }));
});

function crc32Base64(bytes) {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(bytes));
  return out.toString('base64');
}

// CRC-64/NVME (reflected polynomial 0x9a6c9329ac4bc9b5), bit by bit: slow, but
// independent of the SDK's own implementation.
function crc64NvmeBase64(bytes) {
  const poly = 0x9a6c9329ac4bc9b5n;
  const mask = (1n << 64n) - 1n;
  let crc = mask;
  for (const byte of bytes) {
    crc ^= BigInt(byte);
    for (let i = 0; i < 8; i++) crc = crc & 1n ? (crc >> 1n) ^ poly : crc >> 1n;
  }
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(crc ^ mask);
  return out.toString('base64');
}

test('buckets: created, listed, headed; a missing one is NotFound/NoSuchBucket', async () => {
  const { Buckets } = await s3.send(new ListBucketsCommand({}));
  assert.ok(Buckets.some((b) => b.Name === Bucket && b.CreationDate instanceof Date));
  const head = await s3.send(new HeadBucketCommand({ Bucket }));
  assert.equal(head.$metadata.httpStatusCode, 200);
  assert.equal(head.BucketRegion, 'us-east-1');

  const missing = unique('js-missing');
  await assert.rejects(s3.send(new HeadBucketCommand({ Bucket: missing })), (err) => {
    assert.ok(err instanceof NotFound, `${err.name}: ${err.message}`);
    assert.equal(err.$metadata.httpStatusCode, 404);
    return true;
  });
  await assert.rejects(s3.send(new ListObjectsV2Command({ Bucket: missing })), (err) => {
    assert.ok(err instanceof NoSuchBucket, `${err.name}: ${err.message}`);
    assert.equal(err.BucketName, missing);
    return true;
  });
});

test('put and get strings, Uint8Arrays and streams; head; a missing key is NoSuchKey', async () => {
  await s3.send(new PutObjectCommand({
    Bucket, Key: 'text/hello.txt', Body: 'héllo wörld', ContentType: 'text/plain; charset=utf-8', Metadata: { owner: 'js', 'x-mixed': 'Value' },
  }));
  const text = await s3.send(new GetObjectCommand({ Bucket, Key: 'text/hello.txt' }));
  assert.equal(await text.Body.transformToString(), 'héllo wörld');
  assert.equal(text.ContentType, 'text/plain; charset=utf-8');
  assert.deepEqual(text.Metadata, { owner: 'js', 'x-mixed': 'Value' });

  const bytes = randomBytes(64 * 1024);
  const put = await s3.send(new PutObjectCommand({ Bucket, Key: 'bin/random.bin', Body: new Uint8Array(bytes) }));
  assert.equal(put.ETag, `"${createHash('md5').update(bytes).digest('hex')}"`);
  const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'bin/random.bin' }));
  assert.equal(head.ContentLength, bytes.length);
  assert.equal(head.ETag, put.ETag);
  assert.ok(head.LastModified instanceof Date);
  const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'bin/random.bin' }));
  assert.ok((await bodyBytes(got.Body)).equals(bytes));

  // A Node stream of known length: sent aws-chunked with a CRC32 trailer.
  const streamed = randomBytes(300 * 1024);
  await s3.send(new PutObjectCommand({ Bucket, Key: 'bin/streamed.bin', Body: Readable.from([streamed.subarray(0, 1000), streamed.subarray(1000)]), ContentLength: streamed.length }));
  const headers = sent.at(-1);
  assert.match(headers['content-encoding'] ?? '', /aws-chunked/);
  assert.equal(headers['x-amz-trailer'], 'x-amz-checksum-crc32');
  const back = await s3.send(new GetObjectCommand({ Bucket, Key: 'bin/streamed.bin' }));
  const chunks = [];
  for await (const chunk of back.Body) chunks.push(chunk); // the Body is a Node Readable
  assert.ok(Buffer.concat(chunks).equals(streamed));

  await assert.rejects(s3.send(new GetObjectCommand({ Bucket, Key: 'nope' })), (err) => {
    assert.ok(err instanceof NoSuchKey, `${err.name}: ${err.message}`);
    assert.ok(err instanceof S3ServiceException);
    assert.equal(err.$metadata.httpStatusCode, 404);
    assert.equal(err.Key, 'nope');
    return true;
  });
  await assert.rejects(s3.send(new HeadObjectCommand({ Bucket, Key: 'nope' })), (err) => err.name === 'NotFound' && err.$metadata.httpStatusCode === 404);
});

test('default CRC32 and requested CRC64NVME checksums are stored and validated on GET', async () => {
  const body = Buffer.from('checksum me '.repeat(100));
  await s3.send(new PutObjectCommand({ Bucket, Key: 'sums/crc32', Body: body }));
  assert.equal(sent.at(-1)['x-amz-checksum-crc32'], crc32Base64(body));
  const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'sums/crc32', ChecksumMode: 'ENABLED' }));
  assert.equal(head.ChecksumCRC32, crc32Base64(body));
  assert.equal(head.ChecksumType, 'FULL_OBJECT');
  const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'sums/crc32', ChecksumMode: 'ENABLED' }));
  assert.equal(got.ChecksumCRC32, crc32Base64(body));
  assert.ok((await bodyBytes(got.Body)).equals(body)); // the SDK checks the CRC32 while reading

  const put = await s3.send(new PutObjectCommand({ Bucket, Key: 'sums/crc64', Body: Readable.from([body]), ContentLength: body.length, ChecksumAlgorithm: 'CRC64NVME' }));
  assert.equal(sent.at(-1)['x-amz-trailer'], 'x-amz-checksum-crc64nvme');
  assert.equal(put.ChecksumCRC64NVME, crc64NvmeBase64(body));
  const got64 = await s3.send(new GetObjectCommand({ Bucket, Key: 'sums/crc64', ChecksumMode: 'ENABLED' }));
  assert.equal(got64.ChecksumCRC64NVME, crc64NvmeBase64(body));
  assert.ok((await bodyBytes(got64.Body)).equals(body));

  // A checksum that does not match the body is refused.
  await assert.rejects(s3.send(new PutObjectCommand({ Bucket, Key: 'sums/bad', Body: body, ChecksumCRC32: crc32Base64(Buffer.from('other')) })), (err) => {
    assert.equal(err.name, 'BadDigest');
    assert.equal(err.$metadata.httpStatusCode, 400);
    return true;
  });
});

test('keys with reserved characters, empty bodies, conditional requests', async () => {
  const Key = 'odd/ключ ü +%&?#=;:@$,[]{}~`!\'"<>.txt';
  await s3.send(new PutObjectCommand({ Bucket, Key, Body: 'odd' }));
  const listed = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'odd/' }));
  assert.deepEqual(listed.Contents.map((o) => o.Key), [Key]);
  assert.equal(await (await s3.send(new GetObjectCommand({ Bucket, Key }))).Body.transformToString(), 'odd');

  const empty = await s3.send(new PutObjectCommand({ Bucket, Key: 'odd/empty', Body: '' }));
  assert.equal(empty.ETag, '"d41d8cd98f00b204e9800998ecf8427e"');
  const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'odd/empty', ChecksumMode: 'ENABLED' }));
  assert.equal(got.ContentLength, 0);
  assert.equal(await got.Body.transformToString(), '');

  await assert.rejects(s3.send(new PutObjectCommand({ Bucket, Key, Body: 'again', IfNoneMatch: '*' })), (err) => {
    assert.equal(err.name, 'PreconditionFailed');
    assert.equal(err.$metadata.httpStatusCode, 412);
    return true;
  });
  // Errors without a body (304, HEAD's 412) reach the SDK as their status alone.
  const { ETag } = await s3.send(new HeadObjectCommand({ Bucket, Key }));
  await assert.rejects(s3.send(new GetObjectCommand({ Bucket, Key, IfNoneMatch: ETag })), (err) => err.$metadata.httpStatusCode === 304);
  await assert.rejects(s3.send(new HeadObjectCommand({ Bucket, Key, IfMatch: '"0000"' })), (err) => err.$metadata.httpStatusCode === 412);
});

test('ranged GET answers 206 with Content-Range', async () => {
  await s3.send(new PutObjectCommand({ Bucket, Key: 'range.txt', Body: '0123456789' }));
  const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'range.txt', Range: 'bytes=2-5' }));
  assert.equal(got.$metadata.httpStatusCode, 206);
  assert.equal(got.ContentRange, 'bytes 2-5/10');
  assert.equal(got.ContentLength, 4);
  assert.equal(await got.Body.transformToString(), '2345');
  const tail = await s3.send(new GetObjectCommand({ Bucket, Key: 'range.txt', Range: 'bytes=-3' }));
  assert.equal(await tail.Body.transformToString(), '789');
  await assert.rejects(s3.send(new GetObjectCommand({ Bucket, Key: 'range.txt', Range: 'bytes=20-30' })), (err) => {
    assert.equal(err.name, 'InvalidRange');
    assert.equal(err.$metadata.httpStatusCode, 416);
    return true;
  });
});

test('ListObjectsV2 pages through paginateListObjectsV2, with prefixes and delimiters', async () => {
  const prefix = 'list/';
  const keys = Array.from({ length: 7 }, (_, i) => `${prefix}${i < 5 ? 'top' : 'dir/'}${i}`);
  await Promise.all(keys.map((Key) => s3.send(new PutObjectCommand({ Bucket, Key, Body: Key }))));

  const pages = [];
  for await (const page of paginateListObjectsV2({ client: s3, pageSize: 3 }, { Bucket, Prefix: prefix })) pages.push(page);
  assert.deepEqual(pages.map((p) => p.KeyCount), [3, 3, 1]);
  assert.deepEqual(pages.flatMap((p) => p.Contents.map((o) => o.Key)), [...keys].sort());
  assert.equal(pages[0].IsTruncated, true);
  assert.equal(pages[2].IsTruncated, false);
  assert.equal(pages[0].Contents[0].Size, keys.slice().sort()[0].length);

  const shallow = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: prefix, Delimiter: '/' }));
  assert.deepEqual(shallow.CommonPrefixes, [{ Prefix: `${prefix}dir/` }]);
  assert.equal(shallow.Contents.length, 5);
  const after = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: prefix, StartAfter: `${prefix}top3` }));
  assert.deepEqual(after.Contents.map((o) => o.Key), [`${prefix}top4`]);
});

test('copy an object, then delete many in one request', async () => {
  await s3.send(new PutObjectCommand({ Bucket, Key: 'copy/source', Body: 'copied body', Metadata: { a: '1' } }));
  const copy = await s3.send(new CopyObjectCommand({ Bucket, Key: 'copy/target with space+plus', CopySource: `${Bucket}/copy/source` }));
  assert.ok(copy.CopyObjectResult.ETag);
  const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'copy/target with space+plus' }));
  assert.equal(await got.Body.transformToString(), 'copied body');
  assert.deepEqual(got.Metadata, { a: '1' });

  const replaced = await s3.send(new CopyObjectCommand({
    Bucket, Key: 'copy/replaced', CopySource: `${Bucket}/copy/source`, MetadataDirective: 'REPLACE', Metadata: { b: '2' }, ContentType: 'text/x-js',
  }));
  assert.ok(replaced.CopyObjectResult.LastModified instanceof Date);
  const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'copy/replaced' }));
  assert.deepEqual(head.Metadata, { b: '2' });
  assert.equal(head.ContentType, 'text/x-js');

  const Objects = ['copy/source', 'copy/target with space+plus', 'copy/replaced', 'copy/never-existed'].map((Key) => ({ Key }));
  const deleted = await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects } }));
  assert.deepEqual(deleted.Deleted.map((d) => d.Key).sort(), Objects.map((o) => o.Key).sort());
  assert.equal((deleted.Errors ?? []).length, 0);
  const left = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'copy/' }));
  assert.equal(left.KeyCount, 0);
});

test('lib-storage Upload sends ~12 MiB as a multipart upload', async () => {
  const data = randomBytes(12 * 1024 * 1024 + 12345);
  const upload = new Upload({ client: s3, params: { Bucket, Key: 'big/upload.bin', Body: data, ContentType: 'application/x-big' }, partSize: 5 * 1024 * 1024, queueSize: 3 });
  const progress = [];
  upload.on('httpUploadProgress', (p) => progress.push(p.loaded));
  const done = await upload.done();
  assert.match(done.ETag, /-3"$/);
  assert.equal(Math.max(...progress), data.length);

  const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'big/upload.bin', ChecksumMode: 'ENABLED' }));
  assert.equal(head.ContentLength, data.length);
  assert.equal(head.ContentType, 'application/x-big');
  assert.equal(head.ETag, done.ETag);
  assert.match(head.ChecksumCRC32 ?? '', /^[A-Za-z0-9+/]{6}==(-3)?$/);
  const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'big/upload.bin', ChecksumMode: 'ENABLED' }));
  assert.ok((await bodyBytes(got.Body)).equals(data));

  // A stream of unknown length goes the same way.
  const streamed = randomBytes(6 * 1024 * 1024);
  const fromStream = new Upload({ client: s3, params: { Bucket, Key: 'big/stream.bin', Body: Readable.from([streamed.subarray(0, 4e6), streamed.subarray(4e6)]) } });
  assert.match((await fromStream.done()).ETag, /-2"$/);
  const back = await s3.send(new GetObjectCommand({ Bucket, Key: 'big/stream.bin' }));
  assert.ok((await bodyBytes(back.Body)).equals(streamed));
});

test('presigned GET and PUT URLs work with plain fetch', async () => {
  await s3.send(new PutObjectCommand({ Bucket, Key: 'presign/get.txt', Body: 'for your eyes' }));
  const getUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket, Key: 'presign/get.txt' }), { expiresIn: 300 });
  assert.match(getUrl, /X-Amz-Signature=/);
  const res = await fetch(getUrl);
  assert.equal(res.status, 200);
  assert.equal(await res.text(), 'for your eyes');

  // The SDK signs the CRC32 of the (absent) body into a presigned PUT; S3 does
  // not check checksums on presigned URLs, so any body goes.
  const putUrl = await getSignedUrl(s3, new PutObjectCommand({ Bucket, Key: 'presign/put.txt', ContentType: 'text/plain' }), { expiresIn: 300 });
  const put = await fetch(putUrl, { method: 'PUT', body: 'uploaded by fetch', headers: { 'Content-Type': 'text/plain' } });
  assert.equal(put.status, 200, await put.text());
  const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'presign/put.txt' }));
  assert.equal(await got.Body.transformToString(), 'uploaded by fetch');
  assert.equal(got.ContentType, 'text/plain');
});
